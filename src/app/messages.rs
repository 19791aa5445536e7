//! Messages the background accepts, from our own content scripts and pages only. Every message
//! is parsed and validated here; anything not recognised is refused with a reason.
//!
//! The background is the single writer of storage: per-tab guide memory in `storage.session`
//! (`tab:<id>`; a tab opened from a tab where the journey is running starts with a copy of
//! where it stands, and one "Guide me" opens starts guided), options in `storage.sync` (`options`). It also reads the options an
//! administrator set in `storage.managed`, which win over the user's (`crate::options`).

use super::browser::{
    active_tab, from_json, get, managed_all, object, open_tab, send_to_tab, session_delete, session_read, session_write, sync_read, to_json,
};
use super::store;
use crate::options::{check_change, effective, Effective, AUTO_START, CUSTOM_LABEL};
use crate::steps::step;
use wasm_bindgen::prelude::*;

/// Where "Guide me" opens when the active tab is not one of Apple's pages.
pub const START_URL: &str = "https://account.apple.com/account/manage/section/security";

/// A validated request. Deliberately not `Debug`: a capture holds a password.
enum Request {
    /// A content script started: answer with the version and the tab's memory.
    Hello,
    /// A content script's guide memory changed.
    Remember(JsValue),
    /// The popup's "Guide me", with the id of the popup's window (if it gave one).
    GuideMe(Option<i32>),
    /// A password was copied from the extension (a page of ours, or the hint's Copy): clear
    /// the clipboard after the time the options set.
    Copied,
    /// Read the options.
    GetOptions,
    /// Change options (checked against the managed ones when answered).
    SetOptions(serde_json::Value),
    /// A content script saw a new app-specific password.
    Capture(store::Capture),
    /// The labels in Apple's list, as a content script saw them.
    AppleList(Vec<String>),
    /// The vault's state and entries, for the popup.
    VaultStatus,
    /// Unlock with a passphrase.
    Unlock(String),
    /// Lock now.
    Lock,
    /// Set or change the passphrase (`current`: the one set, if any; needed even when unlocked).
    SetPassphrase { current: Option<String>, new: String },
    /// An entry's password.
    Reveal(String),
    /// Several entries with their passwords, for an export made in the extension page.
    ExportData(Vec<String>),
    /// Mark an entry active or revoked.
    SetStatus(String, crate::record::Status),
    /// Delete an entry.
    Delete(String),
}

fn parse(msg: &JsValue) -> Result<Request, String> {
    match get(msg, "kind").as_string().as_deref() {
        Some("hello") => Ok(Request::Hello),
        Some("remember") => Ok(Request::Remember(clean_memory(&get(msg, "memory"))?)),
        Some("guide-me") => {
            let window = get(msg, "windowId");
            let window = match window.as_f64() {
                Some(w) if w.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(&w) => Some(w as i32),
                Some(_) => return Err("not a window id".into()),
                None if window.is_undefined() || window.is_null() => None,
                None => return Err("not a window id".into()),
            };
            Ok(Request::GuideMe(window))
        }
        Some("get-options") => Ok(Request::GetOptions),
        Some("copied") => Ok(Request::Copied),
        Some("set-options") => {
            let change = to_json(&get(msg, "options"));
            if !change.is_object() {
                return Err("error_option_invalid".into());
            }
            Ok(Request::SetOptions(change))
        }
        Some("apple-list") => {
            let labels = js_sys::Array::from(&get(msg, "labels"));
            if labels.length() > 100 {
                return Err("too many labels".into());
            }
            Ok(Request::AppleList(labels.iter().filter_map(|l| l.as_string()).map(|l| l.chars().take(256).collect()).collect()))
        }
        Some("vault-status") => Ok(Request::VaultStatus),
        Some("unlock") => Ok(Request::Unlock(get(msg, "passphrase").as_string().ok_or("unlock without a passphrase")?)),
        Some("lock") => Ok(Request::Lock),
        Some("set-passphrase") => Ok(Request::SetPassphrase {
            current: get(msg, "current").as_string(),
            new: get(msg, "passphrase").as_string().ok_or("no new passphrase")?,
        }),
        Some("reveal") => Ok(Request::Reveal(entry_id(msg)?)),
        Some("export-data") => {
            let ids = js_sys::Array::from(&get(msg, "ids"));
            if ids.length() == 0 || ids.length() > 1000 {
                return Err("an export names 1 to 1000 entries".into());
            }
            Ok(Request::ExportData(ids.iter().map(|id| entry_id(&object(&[("id", id)]))).collect::<Result<_, _>>()?))
        }
        Some("set-status") => {
            let status = match get(msg, "status").as_string().as_deref() {
                Some("active") => crate::record::Status::Active,
                Some("revoked") => crate::record::Status::Revoked,
                _ => return Err("status must be active or revoked".into()),
            };
            Ok(Request::SetStatus(entry_id(msg)?, status))
        }
        Some("delete") => Ok(Request::Delete(entry_id(msg)?)),
        Some("capture") => Ok(Request::Capture(store::Capture {
            password: get(msg, "password").as_string().ok_or("capture without a password")?,
            label: get(msg, "label").as_string().unwrap_or_default(),
            account: get(msg, "account").as_string(),
            // Filled in from the sender's URL as the browser reports it, not from the message.
            host: String::new(),
            preset: get(msg, "preset").as_string(),
        })),
        Some(other) => Err(format!("unknown message kind: {other}")),
        None => Err("message without a kind".into()),
    }
}

/// An entry id from a message: hex only, so it can name nothing but an entry record.
fn entry_id(msg: &JsValue) -> Result<String, String> {
    let id = get(msg, "id").as_string().ok_or("no entry id")?;
    if id.is_empty() || id.len() > 64 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("not an entry id".into());
    }
    Ok(id)
}

/// Keeps only the known fields of a tab memory, with the right types; a step id must be ours.
fn clean_memory(m: &JsValue) -> Result<JsValue, String> {
    if !m.is_object() {
        return Err("memory is not an object".into());
    }
    let last = get(m, "last");
    let last = match last.as_string() {
        Some(id) if step(&id).is_some() => JsValue::from_str(&id),
        Some(_) => return Err("memory names an unknown step".into()),
        None => JsValue::NULL,
    };
    let flag = |k: &str| JsValue::from_bool(get(m, k).as_bool().unwrap_or(false));
    Ok(object(&[
        ("last", last),
        ("signedIn", flag("signedIn")),
        ("copied", flag("copied")),
        ("finished", flag("finished")),
        ("dismissed", flag("dismissed")),
        ("started", flag("started")),
        ("saved", flag("saved")),
        // The steps seen, one bit each (see `Memory::seen`): a whole number that fits 16 bits.
        ("seen", JsValue::from_f64(get(m, "seen").as_f64().filter(|v| v.fract() == 0.0 && (0.0..=65535.0).contains(v)).unwrap_or(0.0))),
    ]))
}

/// The memory a tab opened from tab `opener` starts with: the opener's journey, if it is
/// running there (started, neither closed nor finished). Only where the journey stands goes
/// on (the last step, signed in, the steps seen); the opener's Close does not.
async fn inherited(opener: Option<i32>) -> Option<JsValue> {
    let memory = clean_memory(&session_read(&tab_key(opener?)).await.ok()?).ok()?;
    let flag = |k: &str| get(&memory, k).as_bool() == Some(true);
    if !flag("started") || flag("dismissed") || flag("finished") {
        return None;
    }
    // Where the opener stood on the page goes on; a step inside Apple's dialogs does not (see
    // `carries_to_a_new_tab`: the drift suite's tabs, opened while another was mid-dialog,
    // took a left-open dialog of theirs for ours).
    let last = get(&memory, "last");
    let last = if last.as_string().is_some_and(|id| crate::steps::carries_to_a_new_tab(&id)) { last } else { JsValue::NULL };
    Some(object(&[("last", last), ("signedIn", get(&memory, "signedIn")), ("started", true.into()), ("seen", get(&memory, "seen"))]))
}

/// The auto-lock minutes in force (waiting for managed storage: an administrator's time wins).
async fn auto_lock_minutes() -> u32 {
    options().await.options.auto_lock_minutes
}

fn entry_js(e: &crate::record::Entry) -> JsValue {
    let opt = |v: &Option<String>| v.as_deref().map_or(JsValue::NULL, JsValue::from);
    object(&[
        ("id", e.id.as_str().into()),
        ("label", e.label.as_str().into()),
        ("account", opt(&e.account)),
        ("created", e.created.as_str().into()),
        ("preset", opt(&e.preset)),
        ("status", if e.status == crate::record::Status::Active { "active" } else { "revoked" }.into()),
    ])
}

/// Session-storage key of what managed storage held when last read, for the next content
/// script's first answer.
const MANAGED_KNOWN: &str = "options:managed";

/// The options in force: the administrator's (managed storage) over the user's (sync). Waits
/// for managed storage, which can take seconds (below): everything that acts on an option uses
/// this, so no value of the user's is acted on where the administrator set one. What managed
/// storage held is kept in `storage.session` each time ([`known_options`]).
async fn options() -> Effective {
    let (managed, stored) = futures_util::future::join(managed_all(), sync_read("options")).await;
    let _ = session_write(MANAGED_KNOWN, managed.clone()).await;
    effective(&to_json(&managed), &to_json(&stored.unwrap_or(JsValue::UNDEFINED)))
}

/// The options in force as last known, at once (never waiting for managed storage): the
/// user's as stored now, under the administrator's as managed storage held them when last read
/// in this browser session (before then, none: the user's over the defaults). For the content
/// script's first answer only, which is corrected if they were not the options in force
/// ([`correct_options`]).
async fn known_options() -> serde_json::Value {
    let managed = session_read(MANAGED_KNOWN).await.map(|m| to_json(&m)).unwrap_or(serde_json::Value::Null);
    let stored = sync_read("options").await.unwrap_or(JsValue::UNDEFINED);
    effective(&managed, &to_json(&stored)).options.to_json()
}

/// Once managed storage has answered: when the options in force are not the ones `tab` was
/// given (`given`), sends them to it (`{kind: "options", options}`); a tab gone or without our
/// content script any more is no failure.
async fn correct_options(tab: i32, given: serde_json::Value) {
    let now = options().await.options.to_json();
    if now != given {
        let _ = send_to_tab(tab, &object(&[("kind", "options".into()), ("options", from_json(&now))])).await;
    }
}

/// Called when the background starts. Chromium answers the first read of managed storage in a
/// browser session only after loading the policy for the extension's schema (0.8 to 2.5 s
/// measured here): start that now, so the first message that needs the options does not wait
/// for all of it, and the options then known are kept for the next content script.
///
/// An unlock whose deadline passed while no worker ran (its timer may not have fired) ends
/// here at once: first by its stored deadline, the latest it can be, then by the options once
/// read (a lowered time can make it earlier).
#[wasm_bindgen]
pub async fn prepare() {
    // Content scripts need not read the vault: out of their reach where the browser allows.
    super::browser::restrict_local().await;
    let _ = store::check_lock(crate::options::LOCK_MINUTES.1, false).await;
    let minutes = options().await.options.auto_lock_minutes;
    let _ = store::check_lock(minutes, false).await;
    // A clipboard whose time came while no worker ran.
    super::clipboard::clear_if_due().await;
}

/// A timer fired (`chrome.alarms`): the vault's auto-lock.
#[wasm_bindgen]
pub async fn on_alarm(name: String) {
    if name == store::LOCK_ALARM {
        let _ = store::check_lock(auto_lock_minutes().await, true).await;
    } else if name == super::clipboard::CLEAR_ALARM {
        super::clipboard::clear_if_due().await;
    }
}

/// Session-storage key of the labels last seen in Apple's list.
const APPLE_LIST: &str = "apple-list";

fn tab_key(tab: i32) -> String {
    format!("tab:{tab}")
}

use super::sender::{host_of, memory_tab, sender_kind, From};

/// Which senders may send each request ([`super::sender::allowed`], by its kind).
fn allowed(request: &Request, from: From) -> bool {
    let kind = match request {
        Request::Hello => "hello",
        Request::Remember(_) => "remember",
        Request::Capture(_) => "capture",
        Request::AppleList(_) => "apple-list",
        Request::Copied => "copied",
        _ => "extension-page",
    };
    super::sender::allowed(kind, from)
}

async fn answer(
    request: Request,
    from: From,
    tab: Option<i32>,
    opener: Option<i32>,
    sender_url: Option<String>,
) -> Result<JsValue, String> {
    let js_err = |e: JsValue| e.as_string().unwrap_or_else(|| "storage error".into());
    match request {
        Request::Hello => {
            // A prerendered page has no tab memory (its tab is not its own until activated):
            // nothing read or written for it; it starts only if auto-start is on (below).
            let tab = memory_tab(from, tab);
            let mut memory = JsValue::UNDEFINED;
            if let Some(tab) = tab {
                memory = session_read(&tab_key(tab)).await.map_err(js_err)?;
                if !memory.is_object() {
                    // A tab opened from a guided tab (iCloud's "Manage Apple Account" opens
                    // the account site in a new one) goes on with the opener's journey.
                    if let Some(copy) = inherited(opener).await {
                        session_write(&tab_key(tab), copy.clone()).await.map_err(js_err)?;
                        memory = copy;
                    }
                }
            }
            // Never waits for managed storage: the options last known now, corrected once it
            // has answered (the administrator's values win from then on).
            let options = known_options().await;
            if let Some(tab) = tab {
                wasm_bindgen_futures::spawn_local(correct_options(tab, options.clone()));
            }
            if !memory.is_object() {
                // A tab the guide has not seen: it starts by itself unless the user (or the
                // administrator) said not to.
                let auto_start = options[AUTO_START].as_bool().unwrap_or(true);
                memory = object(&[("dismissed", JsValue::from_bool(!auto_start))]);
            }
            Ok(object(&[("version", crate::VERSION.into()), ("memory", memory), ("options", from_json(&options))]))
        }
        Request::Remember(memory) => {
            let tab = tab.ok_or("remember needs a tab")?;
            session_write(&tab_key(tab), memory).await.map_err(js_err)?;
            Ok(object(&[]))
        }
        Request::GuideMe(window) => {
            // The active tab of the popup's window: only our content script (on Apple's pages
            // alone) answers the restart, at once even while it is still loading.
            if let Some(tab) = active_tab(window).await {
                if send_to_tab(tab, &object(&[("kind", "restart".into())])).await.is_ok() {
                    return Ok(object(&[("opened", false.into())]));
                }
            }
            let opened = open_tab(START_URL, window).await.map_err(js_err)?;
            // The tab "Guide me" opened starts guided, whatever auto-start says.
            if let Some(id) = opened {
                session_write(&tab_key(id), object(&[("started", true.into())])).await.map_err(js_err)?;
            }
            Ok(object(&[("opened", true.into())]))
        }
        Request::AppleList(labels) => {
            let list: js_sys::Array = labels.iter().map(|l| JsValue::from_str(l)).collect();
            let seen = super::browser::now_iso();
            session_write(APPLE_LIST, object(&[("labels", list.into()), ("seen", seen.into())])).await.map_err(js_err)?;
            Ok(object(&[]))
        }
        Request::Capture(c) => {
            // Only from a content script in one of Apple's account pages, by the sender's URL.
            let host = sender_url.as_deref().map(host_of).unwrap_or_default();
            let custom = (c.preset.is_none() && !c.label.trim().is_empty()).then(|| c.label.clone());
            let captured = store::capture(store::Capture { host, ..c }).await?;
            if let (Some(label), false) = (custom, captured.duplicate) {
                // A label the user typed is offered as a one-click label next time (one too
                // long for the options is simply not remembered).
                if let Ok(change) = check_change(&serde_json::json!({ CUSTOM_LABEL: label }), &[]) {
                    let _ = store::save_options(&change).await;
                }
            }
            Ok(object(&[("id", captured.id.into()), ("duplicate", captured.duplicate.into())]))
        }
        Request::VaultStatus => {
            let st = store::status(auto_lock_minutes().await).await?;
            let entries: js_sys::Array = st.entries.iter().map(entry_js).collect();
            let damaged: js_sys::Array =
                st.damaged.iter().map(|(k, r)| object(&[("key", k.as_str().into()), ("reason", r.as_str().into())])).collect();
            let apple = session_read(APPLE_LIST).await.map_err(js_err)?;
            Ok(object(&[
                ("protected", st.protected.into()),
                ("unlocked", st.unlocked.into()),
                ("entries", entries.into()),
                ("damaged", damaged.into()),
                ("newer", st.newer.len().into()),
                ("appleList", apple),
            ]))
        }
        Request::Unlock(passphrase) => store::unlock(&passphrase, auto_lock_minutes().await).await.map(|_| object(&[])),
        Request::Lock => store::lock().await.map(|_| object(&[])),
        Request::SetPassphrase { current, new } => {
            store::set_passphrase(current.as_deref(), &new, auto_lock_minutes().await).await.map(|_| object(&[]))
        }
        Request::Reveal(id) => {
            let password = store::reveal(&id, auto_lock_minutes().await).await?;
            Ok(object(&[("password", password.into())]))
        }
        Request::ExportData(ids) => {
            let entries: js_sys::Array = store::reveal_many(&ids, auto_lock_minutes().await)
                .await?
                .iter()
                .map(|(e, password)| {
                    let item = entry_js(e);
                    let _ = js_sys::Reflect::set(&item, &"password".into(), &password.as_str().into());
                    item
                })
                .collect();
            Ok(object(&[("entries", entries.into())]))
        }
        Request::SetStatus(id, status) => store::set_status(&id, status).await.map(|_| object(&[])),
        Request::Delete(id) => store::delete(&id).await.map(|_| object(&[])),
        Request::GetOptions => Ok(from_json(&options().await.to_json())),
        Request::Copied => {
            let seconds = options().await.options.clipboard_clear_seconds;
            super::clipboard::copied(seconds).await;
            Ok(object(&[("seconds", seconds.into())]))
        }
        Request::SetOptions(change) => {
            // Only the options named change; one the administrator set cannot.
            let change = check_change(&change, &options().await.managed).map_err(|e| e.message().to_string())?;
            store::save_options(&change).await?;
            let now = options().await;
            // A shorter auto-lock time applies to the running unlock at once; a longer one
            // does not extend it (only a use after the change takes it: `vault::AutoLock`).
            let _ = store::check_lock(now.options.auto_lock_minutes, false).await;
            Ok(from_json(&now.to_json()))
        }
    }
}

/// Answers a message. `sender_is_ours` says the caller checked the sender's extension id;
/// `tab` is the sending tab's id, `opener` the id of the tab that opened it (if any), `url`
/// and `frame` the sending frame's URL and id, `lifecycle` and `frame_type` its
/// `documentLifecycle` and `frameType` (Chromium; a prerendered page), all as the browser
/// reports them. Each request
/// is accepted only from the kind of sender it is for.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub async fn handle_message(
    msg: JsValue,
    sender_is_ours: bool,
    tab: JsValue,
    opener: JsValue,
    url: JsValue,
    frame: JsValue,
    lifecycle: JsValue,
    frame_type: JsValue,
) -> JsValue {
    let tab = tab.as_f64().map(|t| t as i32);
    let opener = opener.as_f64().map(|t| t as i32);
    let from = sender_kind(
        url.as_string().as_deref(),
        frame.as_f64().map(|f| f as i32),
        lifecycle.as_string().as_deref(),
        frame_type.as_string().as_deref(),
        |host| crate::steps::site_of(host).is_some(),
    );
    let result = if sender_is_ours { parse(&msg) } else { Err("sender is not this extension".into()) };
    let result = result.and_then(|r| if allowed(&r, from) { Ok(r) } else { Err("this sender may not send that message".into()) });
    let result = match result {
        Ok(request) => answer(request, from, tab, opener, url.as_string()).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(reply) => {
            let _ = js_sys::Reflect::set(&reply, &"ok".into(), &true.into());
            reply
        }
        Err(reason) => object(&[("ok", false.into()), ("error", reason.into())]),
    }
}

/// Forgets a closed tab's memory.
#[wasm_bindgen]
pub async fn forget_tab(tab: i32) {
    let _ = session_delete(&tab_key(tab)).await;
}

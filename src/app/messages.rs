//! The background's answers to the messages it accepts, from our own content scripts and pages
//! only. What each message carries, who may send it and how it is checked is
//! [`crate::protocol`]'s; anything not recognised is refused there with a reason.
//!
//! The background is the single writer of storage: per-tab guide memory in `storage.session`
//! (`tab:<id>`; a tab opened from a tab where the journey is running starts with a copy of
//! where it stands, and one "Guide me" opens starts guided), options in `storage.sync`
//! (`options`). It also reads the options an administrator set in `storage.managed`, which win
//! over the user's (`crate::options`).

use super::browser::{
    active_tab, managed_all, open_tab, send_to_tab, session_delete, session_read, session_write, sync_read, to_js, to_json,
};
use super::store;
use crate::options::{check_change, effective, Effective, AUTO_START, CUSTOM_LABEL};
use crate::protocol::error::AppError;
use crate::protocol::pages::{
    parse, Answer, AppleList, CaptureReply, Checked, CopiedReply, Damaged, Done, EntryView, ExportDataReply, ExportItem, Failure,
    GuideMeReply, HelloReply, RevealReply, TabMemory, ToTab, VaultStatusReply,
};
use crate::protocol::storage_keys::{APPLE_LIST, MANAGED_KNOWN, OPTIONS};
use crate::protocol::{captured_key, captures_key, memory_tab, sender_kind, tab_key, From};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Where "Guide me" opens when the active tab is not one of Apple's pages.
pub const START_URL: &str = "https://account.apple.com/account/manage/section/security";

/// The memory a tab opened from tab `opener` starts with: the opener's journey, if it is
/// running there ([`TabMemory::inherited`]).
async fn inherited(opener: Option<i32>) -> Option<TabMemory> {
    TabMemory::check(&to_json(&session_read(&tab_key(opener?)).await.ok()?)).ok()?.inherited()
}

/// The auto-lock minutes in force (waiting for managed storage: an administrator's time wins).
async fn auto_lock_minutes() -> u32 {
    options().await.options.auto_lock_minutes
}

/// The options in force: the administrator's (managed storage) over the user's (sync). Waits
/// for managed storage, which can take seconds (below): everything that acts on an option uses
/// this, so no value of the user's is acted on where the administrator set one. What managed
/// storage held is kept in `storage.session` each time ([`known_options`]).
async fn options() -> Effective {
    let (managed, stored) = futures_util::future::join(managed_all(), sync_read(OPTIONS)).await;
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
    let stored = sync_read(OPTIONS).await.unwrap_or(JsValue::UNDEFINED);
    effective(&managed, &to_json(&stored)).options.to_json()
}

/// Once managed storage has answered: when the options in force are not the ones `tab` was
/// given (`given`), sends them to it (`{kind: "options", options}`); a tab gone or without our
/// content script any more is no failure.
async fn correct_options(tab: i32, given: serde_json::Value) {
    let now = options().await.options.to_json();
    if now != given {
        let _ = send_to_tab(tab, &to_js(&ToTab::Options { options: now })).await;
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

/// The answer's fields with `ok: true`.
fn reply<T: Serialize>(body: &T) -> JsValue {
    to_js(&Answer { ok: true, body })
}

async fn answer(
    request: Checked,
    from: From,
    tab: Option<i32>,
    opener: Option<i32>,
    sender_url: Option<String>,
) -> Result<JsValue, AppError> {
    let js_err = |e: JsValue| AppError::Refused(e.as_string().unwrap_or_else(|| "storage error".into()));
    match request {
        Checked::Hello => {
            // A prerendered page has no tab memory (its tab is not its own until activated):
            // nothing read or written for it; it starts only if auto-start is on (below).
            let tab = memory_tab(from, tab);
            let mut memory = None;
            if let Some(tab) = tab {
                let stored = to_json(&session_read(&tab_key(tab)).await.map_err(js_err)?);
                memory = stored.is_object().then(|| TabMemory::lenient(&stored));
                if memory.is_none() {
                    // A tab opened from a guided tab (iCloud's "Manage Apple Account" opens
                    // the account site in a new one) goes on with the opener's journey.
                    if let Some(copy) = inherited(opener).await {
                        session_write(&tab_key(tab), to_js(&copy)).await.map_err(js_err)?;
                        memory = Some(copy);
                    }
                }
            }
            // Never waits for managed storage: the options last known now, corrected once it
            // has answered (the administrator's values win from then on).
            let options = known_options().await;
            if let Some(tab) = tab {
                wasm_bindgen_futures::spawn_local(correct_options(tab, options.clone()));
            }
            // A tab the guide has not seen: it starts by itself unless the user (or the
            // administrator) said not to.
            let memory = memory.unwrap_or_else(|| {
                let auto_start = options[AUTO_START].as_bool().unwrap_or(true);
                TabMemory { dismissed: !auto_start, ..TabMemory::default() }
            });
            Ok(reply(&HelloReply { version: crate::VERSION, memory, options }))
        }
        Checked::Remember(memory) => {
            let tab = tab.ok_or("remember needs a tab")?;
            session_write(&tab_key(tab), to_js(&memory)).await.map_err(js_err)?;
            Ok(reply(&Done {}))
        }
        Checked::GuideMe(window) => {
            // The active tab of the popup's window: only our content script (on Apple's pages
            // alone) answers the restart, at once even while it is still loading.
            if let Some(tab) = active_tab(window).await {
                if send_to_tab(tab, &to_js(&ToTab::Restart)).await.is_ok() {
                    return Ok(reply(&GuideMeReply { opened: false }));
                }
            }
            let opened = open_tab(START_URL, window).await.map_err(js_err)?;
            // The tab "Guide me" opened starts guided, whatever auto-start says.
            if let Some(id) = opened {
                session_write(&tab_key(id), to_js(&TabMemory { started: true, ..TabMemory::default() })).await.map_err(js_err)?;
            }
            Ok(reply(&GuideMeReply { opened: true }))
        }
        Checked::AppleList(labels) => {
            let list = AppleList { labels, seen: super::browser::now_iso() };
            session_write(APPLE_LIST, to_js(&list)).await.map_err(js_err)?;
            Ok(reply(&Done {}))
        }
        Checked::Capture(c) => {
            // Only from a content script in one of Apple's account pages, by the sender's URL.
            let host = sender_url.as_deref().map(crate::protocol::host_of).unwrap_or_default();
            let custom = (c.preset.is_none() && !c.label.trim().is_empty()).then(|| c.label.clone());
            let capture = crate::record::Capture { password: c.password, label: c.label, account: c.account, host, preset: c.preset };
            // At most a few a minute per tab, counted here so that a reload does not start again
            // (the content script also counts, per page).
            if let Some(tab) = memory_tab(from, tab) {
                let key = captures_key(tab);
                let stored = to_json(&session_read(&key).await.map_err(js_err)?);
                let times: Vec<f64> = stored.as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).collect()).unwrap_or_default();
                let (allowed, kept) = crate::record::capture_allowed(&times, super::browser::now_ms());
                session_write(&key, to_js(&kept)).await.map_err(js_err)?;
                if !allowed {
                    return Err(AppError::from(crate::protocol::error::Shown::CaptureLimited));
                }
            }
            let mark = crate::vault::CopiedMark::fresh(&capture.password);
            let captured = store::capture(capture).await?;
            // The hint's Copy says only that it copied: what it copied is this tab's capture.
            if let (Some(tab), Some(mark)) = (memory_tab(from, tab), mark) {
                let _ = session_write(&captured_key(tab), mark.to_text().into()).await;
            }
            if let (Some(label), false) = (custom, captured.duplicate) {
                // A label the user typed is offered as a one-click label next time (one too
                // long for the options is simply not remembered).
                if let Ok(change) = check_change(&serde_json::json!({ CUSTOM_LABEL: label }), &[]) {
                    let _ = store::save_options(&change).await;
                }
            }
            Ok(reply(&CaptureReply { id: captured.id, duplicate: captured.duplicate }))
        }
        Checked::VaultStatus => {
            let st = store::status(auto_lock_minutes().await).await?;
            let apple = session_read(APPLE_LIST).await.map_err(js_err)?;
            Ok(reply(&VaultStatusReply {
                protected: st.protected,
                unlocked: st.unlocked,
                entries: st.entries.iter().map(EntryView::from).collect(),
                damaged: st.damaged.into_iter().map(|(key, reason)| Damaged { key, reason }).collect(),
                newer: st.newer.len(),
                apple_list: super::browser::from_js(apple).ok(),
            }))
        }
        Checked::Unlock(passphrase) => store::unlock(&passphrase, auto_lock_minutes().await).await.map(|_| reply(&Done {})),
        Checked::Lock => store::lock().await.map(|_| reply(&Done {})),
        Checked::SetPassphrase { current, new } => {
            store::set_passphrase(current.as_deref(), &new, auto_lock_minutes().await).await.map(|_| reply(&Done {}))
        }
        Checked::Reveal(id) => {
            let password = store::reveal(&id, auto_lock_minutes().await).await?;
            Ok(reply(&RevealReply { password }))
        }
        Checked::ExportData(ids) => {
            let entries = store::reveal_many(&ids, auto_lock_minutes().await).await?;
            let entries = entries.into_iter().map(|(e, password)| ExportItem { entry: EntryView::from(&e), password }).collect();
            Ok(reply(&ExportDataReply { entries }))
        }
        Checked::SetStatus(id, status) => store::set_status(&id, status).await.map(|_| reply(&Done {})),
        Checked::Delete(id) => store::delete(&id).await.map(|_| reply(&Done {})),
        Checked::GetOptions => Ok(reply(&options().await)),
        Checked::Copied(password) => {
            let seconds = options().await.options.clipboard_clear_seconds;
            // What was copied: the password the page gave, or the one this tab captured.
            let mark = match (password, memory_tab(from, tab)) {
                (Some(p), _) => crate::vault::CopiedMark::fresh(&p),
                (None, Some(tab)) => session_read(&captured_key(tab))
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .and_then(|t| crate::vault::CopiedMark::from_text(&t)),
                (None, None) => None,
            };
            super::clipboard::copied(seconds, mark).await;
            Ok(reply(&CopiedReply { seconds }))
        }
        Checked::SetOptions(change) => {
            // Only the options named change; one the administrator set cannot.
            let change = check_change(&change, &options().await.managed).map_err(|e| AppError::from_wire(e.message()))?;
            store::save_options(&change).await?;
            let now = options().await;
            // A shorter auto-lock time applies to the running unlock at once; a longer one
            // does not extend it (only a use after the change takes it: `vault::AutoLock`).
            let _ = store::check_lock(now.options.auto_lock_minutes, false).await;
            Ok(reply(&now))
        }
    }
}

/// Answers a message. `sender_is_ours` says the caller checked the sender's extension id;
/// `tab` is the sending tab's id, `opener` the id of the tab that opened it (if any), `url`
/// and `frame` the sending frame's URL and id, `lifecycle` and `frame_type` its
/// `documentLifecycle` and `frameType` (Chromium; a prerendered page), all as the browser
/// reports them. Each request is accepted only from the kind of sender it is for
/// ([`crate::protocol::Kind::allowed`]).
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
    let result = if sender_is_ours { parse(&to_json(&msg)) } else { Err("sender is not this extension".into()) };
    let result = result.and_then(|r| if r.kind().allowed(from) { Ok(r) } else { Err("this sender may not send that message".into()) });
    let result = match result {
        Ok(request) => answer(request, from, tab, opener, url.as_string()).await,
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|error| to_js(&Failure { ok: false, error: error.to_string() }))
}

/// Forgets a closed tab's memory.
#[wasm_bindgen]
pub async fn forget_tab(tab: i32) {
    let _ = session_delete(&tab_key(tab)).await;
    let _ = session_delete(&captured_key(tab)).await;
    let _ = session_delete(&captures_key(tab)).await;
}

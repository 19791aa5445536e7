//! The toolbar popup (and the same UI in a tab for long lists), rendered from Rust. All text
//! goes in as text nodes, never as HTML. Revealed passwords live only in this page's memory.

use super::browser::{current_window, get, on_storage_change, open_extension_page, open_options_page};
use super::client::call;
use super::export_panel;
use super::i18n::{t, t1};
use super::settings;
use super::ui::{append, button, doc, el, on, on_event, password_input, redraw};
use crate::protocol::pages::{gone_from_apple, CopiedReply, Done, EntryView, GuideMeReply, Request, RevealReply, VaultStatusReply};
use crate::record::Status;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::HtmlElement;

/// What a masked password looks like.
const MASK: &str = "••••-••••-••••-••••";

/// Hides every password shown in this page at once, in the page as it is (no round trip to
/// the background first): the vault was locked elsewhere (Lock in another page, the auto-lock
/// timer), or this page was hidden. Then redraws from the background's state.
fn hide_revealed() {
    STATE.with(|s| s.borrow_mut().revealed.clear());
    let d = doc();
    if let Ok(shown) = d.query_selector_all("#entries .secret") {
        for i in 0..shown.length() {
            if let Some(n) = shown.item(i) {
                n.set_text_content(Some(MASK));
            }
        }
    }
    if let Ok(buttons) = d.query_selector_all("#entries button.reveal") {
        for i in 0..buttons.length() {
            if let Some(n) = buttons.item(i) {
                n.set_text_content(Some(&t("action_show")));
            }
        }
    }
}

/// The page follows the vault: when the unlocked key leaves `storage.session` (locked from
/// anywhere, by the timer too) every shown password is hidden at once and the page shows the
/// vault locked; when it comes (unlocked in another page) the page shows it unlocked. A page
/// that is hidden hides its passwords too.
fn follow_the_lock() {
    on_storage_change(|changes: JsValue, area: JsValue| {
        if area.as_string().as_deref() != Some("session") {
            return;
        }
        let change = get(&changes, super::store::SECRET);
        if !change.is_object() {
            return;
        }
        let locked = get(&change, "newValue").is_undefined();
        let shown_unlocked = STATE.with(|s| s.borrow().unlocked);
        if locked {
            hide_revealed();
        }
        if locked == shown_unlocked {
            refresh();
        }
    });
    on(&doc(), "visibilitychange", || {
        let any = STATE.with(|s| !s.borrow().revealed.is_empty());
        if doc().hidden() && any {
            hide_revealed();
            refresh();
        }
    });
}

/// The id of the window this page belongs to (the toolbar popup's: the window whose button
/// opened it), if the browser says.
async fn own_window() -> Option<f64> {
    current_window().await
}

/// Shows a setting's outcome in the vault's status line.
fn report(text: String) {
    say(text);
    refresh();
}

/// Shows `text` in the vault's status line at the next redraw.
fn say(text: String) {
    STATE.with(|s| s.borrow_mut().notice = text);
}

#[derive(Default)]
struct State {
    /// Passwords revealed in this page, by entry id.
    revealed: HashMap<String, String>,
    /// The entry whose Delete was pressed once (a second press deletes).
    confirm_delete: Option<String>,
    /// A message for the user (result of the last action).
    notice: String,
    /// The vault was unlocked (or unprotected) when last drawn.
    unlocked: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Renders the popup into `#app` of the current document.
#[wasm_bindgen]
pub fn render_popup() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let d = doc();
    let app = d.get_element_by_id("app").ok_or("no #app")?;
    let in_tab = window.location().search().unwrap_or_default().contains("view=tab");
    if in_tab {
        let _ = d.body().map(|b| b.class_list().add_1("in-tab"));
    }

    let heading = el("h1", "", Some(&t("extName")));
    let intro = el("p", "", Some(&t("popup_intro")));
    // What "Guide me" did: started the guide in the Apple tab of this window, or opened
    // Sign-In and Security in a new tab of it.
    let guide_status = el("p", "notice", None);
    guide_status.set_id("guide-status");
    guide_status.set_attribute("role", "status")?;
    let status = guide_status.clone();
    let guide = button("primary", &t("action_guide_me"), move || {
        let (window, status) = (window.clone(), status.clone());
        spawn_local(async move {
            let text = match call::<GuideMeReply>(&Request::GuideMe { window_id: own_window().await }).await {
                Ok(GuideMeReply { opened: true }) => t("guide_opened_tab"),
                Ok(_) => t("guide_started_here"),
                Err(e) => e,
            };
            status.set_text_content(Some(&text));
            if !in_tab {
                // The toolbar popup: time to read what happened, then out of the way of the hint
                // (a new tab has closed it already).
                let closing = window.clone();
                let close = Closure::once_into_js(move || {
                    let _ = closing.close();
                });
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(close.unchecked_ref(), 1500);
            }
        });
    });
    guide.set_id("guide-me");

    let auto = settings::auto_start_row(report);
    let settings = settings_section();
    let vault = el("section", "vault", None);
    vault.set_id("vault");
    vault.set_attribute("aria-labelledby", "vault-title")?;
    let footer = el("p", "version", Some(crate::VERSION));
    if !in_tab {
        let open = button("link", &t("action_open_in_tab"), || {
            open_extension_page("popup/popup.html?view=tab");
        });
        open.set_id("open-in-tab");
        footer.append_child(&open)?;
    }
    append(&app, &[&heading, &intro, &guide, &guide_status, &auto, &vault, &settings, &footer]);
    guide.focus()?;
    follow_the_lock();
    refresh();
    // The export panel and Copy follow the options, which can come a second or two later (the
    // first read of managed storage in a browser session): the panel's default is set when
    // they come, without redrawing what the user may be typing into.
    spawn_local(async {
        settings::load().await;
        export_panel::options_loaded();
    });
    Ok(())
}

/// Re-reads the vault from the background and redraws its section.
fn refresh() {
    spawn_local(async {
        let status = call::<VaultStatusReply>(&Request::VaultStatus).await;
        draw(status);
    });
}

/// Runs a request, notes its result, and redraws.
fn act(request: Request, done: &'static str) {
    spawn_local(async move {
        let result = call::<Done>(&request).await;
        STATE.with(|s| {
            s.borrow_mut().notice = match result {
                Ok(_) => t(done),
                Err(e) => e,
            }
        });
        refresh();
    });
}

/// Redraws the vault section, keeping keyboard focus on the same control: a redraw replaces
/// every node, and the focus would otherwise fall to the page's start after each action.
fn draw(status: Result<VaultStatusReply, String>) {
    let key = focus_key();
    // The section's listeners are dropped with its old elements (`ui::redraw`).
    redraw(|| draw_section(status));
    if let Some(key) = key {
        let d = doc();
        // A control that is gone (Unlock after unlocking, a deleted entry): the section's title.
        let target = d.query_selector(&key).ok().flatten().or_else(|| d.get_element_by_id("vault-title"));
        if let Some(e) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            let _ = e.focus();
        }
    }
}

/// The focused control inside the vault section, as a selector that finds it again after a
/// redraw: its id, or its entry's id and its own class (or tag).
fn focus_key() -> Option<String> {
    let d = doc();
    let active = d.active_element()?;
    if !d.get_element_by_id("vault")?.contains(Some(&active)) {
        return None;
    }
    if !active.id().is_empty() {
        return Some(format!("#{}", active.id()));
    }
    let entry = active.closest("li.entry[data-id]").ok().flatten()?;
    let id = entry.get_attribute("data-id")?;
    let tag = active.tag_name().to_ascii_lowercase();
    let what = match active.class_name().split_whitespace().next() {
        Some(class) => format!("{tag}.{class}"),
        None => tag,
    };
    Some(format!("li.entry[data-id=\"{id}\"] {what}"))
}

fn draw_section(status: Result<VaultStatusReply, String>) {
    let Some(section) = doc().get_element_by_id("vault") else { return };
    section.set_text_content(None);
    let title = el("h2", "", Some(&t("vault_title")));
    title.set_id("vault-title");
    // Focusable by script only: where focus goes when the control that had it is gone.
    title.set_attribute("tabindex", "-1").ok();
    section.append_child(&title).ok();
    let notice = el("p", "notice", None);
    notice.set_id("vault-notice");
    notice.set_attribute("role", "status").ok();
    notice.set_text_content(Some(&STATE.with(|s| std::mem::take(&mut s.borrow_mut().notice))));

    let status = match status {
        Ok(s) => s,
        Err(e) => {
            notice.set_text_content(Some(&e));
            section.append_child(&notice).ok();
            return;
        }
    };
    let VaultStatusReply { protected, unlocked, entries, damaged, newer, apple_list } = status;
    if !unlocked {
        // Locked (by Lock, auto-lock, or its session cleared): no password stays on screen.
        STATE.with(|s| s.borrow_mut().revealed.clear());
    }
    STATE.with(|s| s.borrow_mut().unlocked = unlocked);

    if !protected && !entries.is_empty() {
        let warn = el("p", "warn", Some(&t("vault_unprotected")));
        warn.set_id("unprotected");
        section.append_child(&warn).ok();
    }
    section.append_child(&passphrase_controls(protected, unlocked)).ok();
    section.append_child(&notice).ok();
    // Apple's list as last seen on the page (this browser session), if it was seen.
    if let Some(list) = &apple_list {
        let slots = el("p", "slots", Some(&t1("apple_slots", &list.labels.len().to_string())));
        slots.set_id("apple-slots");
        section.append_child(&slots).ok();
    }
    if !damaged.is_empty() {
        let p = el("p", "warn", Some(&t1("vault_damaged", &damaged.len().to_string())));
        p.set_id("damaged");
        p.set_attribute("role", "alert").ok();
        section.append_child(&p).ok();
    }
    // Entries a newer version wrote: left untouched, and said so.
    if newer > 0 {
        let p = el("p", "warn", Some(&t1("vault_newer", &newer.to_string())));
        p.set_id("newer");
        p.set_attribute("role", "alert").ok();
        section.append_child(&p).ok();
    }
    if entries.is_empty() {
        section.append_child(&el("p", "empty", Some(&t("vault_empty")))).ok();
        return;
    }
    let list = el("ul", "entries", None);
    list.set_id("entries");
    for e in &entries {
        list.append_child(&entry_item(e, unlocked, gone_from_apple(e, apple_list.as_ref()))).ok();
    }
    section.append_child(&list).ok();
    section.append_child(&export_panel::panel(unlocked, report)).ok();
    export_panel::after_draw();
}

fn passphrase_controls(protected: bool, unlocked: bool) -> HtmlElement {
    let form = el("form", "passphrase", None);
    if protected && !unlocked {
        form.set_id("unlock-form");
        let input = password_input("passphrase", &t("label_passphrase"), "current-password");
        let submit = el("button", "primary", Some(&t("action_unlock")));
        append(&form, &[&input, &submit]);
        let read = input.clone();
        on(&form, "submit", move || {
            act(Request::Unlock { passphrase: Some(read.value()) }, "vault_unlocked");
        });
    } else {
        form.set_id("passphrase-form");
        // Changing a passphrase takes the current one, even while unlocked (the background
        // refuses a change without it).
        let current = protected.then(|| password_input("current-passphrase", &t("label_current_passphrase"), "current-password"));
        let new = password_input("new-passphrase", &t("label_new_passphrase"), "new-password");
        let again = password_input("repeat-passphrase", &t("label_repeat_passphrase"), "new-password");
        let submit = el("button", "", Some(&t(if protected { "action_change_passphrase" } else { "action_set_passphrase" })));
        let (c, n, a) = (current.clone(), new.clone(), again.clone());
        on(&form, "submit", move || {
            if n.value() != a.value() {
                STATE.with(|s| s.borrow_mut().notice = t("passphrase_mismatch"));
                refresh();
                return;
            }
            act(Request::SetPassphrase { passphrase: Some(n.value()), current: c.as_ref().map(|c| c.value()) }, "passphrase_set");
        });
        if let Some(current) = &current {
            form.append_child(current).ok();
        }
        append(&form, &[&new, &again, &submit]);
        if protected {
            let lock = button("", &t("action_lock"), || act(Request::Lock, "vault_locked"));
            lock.set_id("lock");
            form.append_child(&lock).ok();
        }
    }
    // Submitting must not navigate the page.
    on_event(&form, "submit", |e| e.prevent_default());
    form
}

fn entry_item(e: &EntryView, unlocked: bool, gone_from_apple: bool) -> HtmlElement {
    let (id, label, account) = (e.id.clone(), e.label.clone(), e.account.clone());
    let revoked = e.status == Status::Revoked;
    let li = el("li", if revoked { "entry revoked" } else { "entry" }, None);
    li.set_attribute("data-id", &id).ok();

    let head = el("div", "entry-head", None);
    let pick = export_panel::pick_box(&id, &label, !revoked);
    let name = el("strong", "label", Some(&label));
    let status = el("span", "status", Some(&t(if revoked { "status_revoked" } else { "status_active" })));
    append(&head, &[&pick, &name, &status]);

    let mut meta: Vec<String> = vec![e.created.chars().take(10).collect()];
    meta.extend(account.clone());
    meta.extend(e.preset.as_deref().and_then(crate::label::preset).map(|p| p.name.to_string()));
    let meta = el("div", "meta", Some(&meta.join(" · ")));

    let revealed = STATE.with(|s| s.borrow().revealed.get(&id).cloned());
    // Named by a visually hidden word before it: `aria-label` is not allowed on `code`, and
    // screen readers may ignore it there.
    let secret_name = el("span", "sr", Some(&t("label_password")));
    let secret = el("code", "secret", Some(revealed.as_deref().unwrap_or(MASK)));

    let actions = el("div", "actions", None);
    let (rid, cid, sid, did) = (id.clone(), id.clone(), id.clone(), id.clone());
    let reveal = button("", &t(if revealed.is_some() { "action_hide" } else { "action_show" }), move || {
        let id = rid.clone();
        if STATE.with(|s| s.borrow_mut().revealed.remove(&id).is_some()) {
            refresh();
            return;
        }
        spawn_local(async move {
            match call::<RevealReply>(&Request::Reveal { id: Some(id.clone()) }).await {
                Ok(r) => STATE.with(|s| s.borrow_mut().revealed.insert(id, r.password)),
                Err(e) => STATE.with(|s| {
                    s.borrow_mut().notice = e;
                    None
                }),
            };
            refresh();
        });
    });
    reveal.set_class_name("reveal");
    let copy = button("copy", &t("action_copy"), move || {
        let id = cid.clone();
        spawn_local(async move {
            let known = STATE.with(|s| s.borrow().revealed.get(&id).cloned());
            let password = match known {
                Some(p) => Ok(p),
                None => call::<RevealReply>(&Request::Reveal { id: Some(id.clone()) }).await.map(|r| r.password),
            };
            let notice = match password {
                Ok(p) => match copy_to_clipboard(&p).await {
                    Ok(0) => t("copied_kept"),
                    Ok(seconds) => t1("copied_clears_later", &seconds.to_string()),
                    Err(e) => e,
                },
                Err(e) => e,
            };
            STATE.with(|s| s.borrow_mut().notice = notice);
            refresh();
        });
    });
    let mark = button("mark", &t(if revoked { "action_mark_active" } else { "action_mark_revoked" }), move || {
        let status = if revoked { "active" } else { "revoked" };
        act(Request::SetStatus { id: Some(sid.clone()), status: Some(status.into()) }, "status_changed");
    });
    let confirming = STATE.with(|s| s.borrow().confirm_delete.as_deref() == Some(id.as_str()));
    let delete = button("delete", &t(if confirming { "action_delete_confirm" } else { "action_delete" }), move || {
        let again = STATE.with(|s| s.borrow().confirm_delete.as_deref() == Some(did.as_str()));
        if again {
            STATE.with(|s| s.borrow_mut().confirm_delete = None);
            act(Request::Delete { id: Some(did.clone()) }, "deleted");
        } else {
            STATE.with(|s| s.borrow_mut().confirm_delete = Some(did.clone()));
            refresh();
        }
    });
    if !unlocked {
        for b in [&reveal, &copy] {
            b.set_attribute("disabled", "").ok();
            b.set_title(&t("vault_locked_hint"));
        }
    }
    append(&actions, &[&reveal, &copy, &mark, &delete]);
    let offer = gone_from_apple.then(|| {
        let oid = id.clone();
        button("offer-revoke", &t("offer_revoked"), move || {
            act(Request::SetStatus { id: Some(oid.clone()), status: Some("revoked".into()) }, "status_changed");
        })
    });

    let details = export_panel::mail_card(&id, account.as_deref(), &label, unlocked, report);

    append(&li, &[&head, &meta, &secret_name, &secret, &actions]);
    if let Some(offer) = offer {
        li.append_child(&offer).ok();
    }
    li.append_child(&details).ok();
    li
}

/// The Settings section: the settings form (without auto-start, shown above) and a way to
/// the options page.
fn settings_section() -> HtmlElement {
    let details = el("details", "settings", None);
    details.set_id("settings");
    details.append_child(&el("summary", "", Some(&t("settings_title")))).ok();
    details.append_child(&settings::form(false, report)).ok();
    let more = button("link", &t("action_open_options"), open_options_page);
    more.set_id("open-options");
    details.append_child(&more).ok();
    details
}

/// Copies `text` (this page has the focus: the person just clicked), and has the background
/// clear the clipboard after the time the options set, whether or not this page is still open
/// then (`clipboard.rs`). Returns that time in seconds, 0 when the clipboard is not cleared.
async fn copy_to_clipboard(text: &str) -> Result<u32, String> {
    let window = web_sys::window().ok_or_else(|| t("error_background"))?;
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.map_err(|_| t("password_copy_failed"))?;
    Ok(call::<CopiedReply>(&Request::Copied { password: Some(text.to_string()) }).await?.seconds)
}

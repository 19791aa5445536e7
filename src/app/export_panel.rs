//! The popup's export panel (choose entries and a format, download the file) and each entry's
//! mail setup card (settings, client instructions, configuration profile). Files are made here,
//! in the extension page, from passwords the background hands over only to its own pages, and
//! leave as a blob download: no extra permission, nothing sent anywhere.

use super::browser::now_iso;
use super::client::call;
use super::i18n::{t, t1, tn};
use super::ui::{append, button, doc, el, on, password_input};
use crate::export::mobileconfig::{self, Profile};
use crate::export::{export, file_name, ExportEntry, Format, Options, Texts};
use crate::mail;
use crate::protocol::pages::{ExportDataReply, Request, RevealReply};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The export panel's choices, kept across redraws of the popup.
struct Choices {
    /// Entries ticked or unticked by the user (the others follow the default: active ones).
    picked: HashMap<String, bool>,
    format: Format,
    /// The formula guard as the user ticked it; `None` follows the option's default.
    formula_prefix: Option<bool>,
    /// iCloud Mail addresses typed into a mail card, by entry id.
    mail_address: HashMap<String, String>,
    /// Mail cards the user opened (they stay open when the popup redraws).
    open_cards: HashSet<String>,
}

thread_local! {
    static CHOICES: RefCell<Choices> = RefCell::new(Choices {
        picked: HashMap::new(),
        format: Format::ALL[0],
        formula_prefix: None,
        mail_address: HashMap::new(),
        open_cards: HashSet::new(),
    });
}

/// Whether the formula guard is on: as the user ticked it in this page, else the option's default.
fn formula_prefix() -> bool {
    CHOICES.with(|c| c.borrow().formula_prefix).unwrap_or_else(|| super::settings::current().options.formula_prefix_default)
}

/// The options have come: the formula guard follows its default unless the user ticked it.
pub(super) fn options_loaded() {
    if let Some(b) = doc().get_element_by_id("formula-prefix").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()) {
        b.set_checked(formula_prefix());
    }
}

/// The `_locales` name of a format's display name.
fn format_message(f: Format) -> String {
    format!("format_{}", f.id().replace('-', "_"))
}

/// The entry's "include in export" box: ticked by default for active passwords.
pub(super) fn pick_box(id: &str, label: &str, active: bool) -> HtmlInputElement {
    let input: HtmlInputElement = doc().create_element("input").expect("input").unchecked_into();
    input.set_type("checkbox");
    input.set_class_name("pick");
    let _ = input.set_attribute("data-id", id);
    let _ = input.set_attribute("aria-label", &t1("export_pick", label));
    input.set_checked(CHOICES.with(|c| c.borrow().picked.get(id).copied()).unwrap_or(active));
    let (read, id) = (input.clone(), id.to_string());
    on(&input, "change", move || {
        CHOICES.with(|c| c.borrow_mut().picked.insert(id.clone(), read.checked()));
        update_hints();
    });
    input
}

fn picked_ids() -> Vec<String> {
    let Ok(boxes) = doc().query_selector_all("input.pick:checked") else { return Vec::new() };
    (0..boxes.length())
        .filter_map(|i| boxes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-id"))
        .collect()
}

/// Shows the warnings that fit the chosen format and entries.
fn update_hints() {
    let d = doc();
    let format = CHOICES.with(|c| c.borrow().format);
    let set_hidden = |id: &str, hidden: bool| {
        if let Some(e) = d.get_element_by_id(id) {
            let _ = if hidden { e.set_attribute("hidden", "") } else { e.remove_attribute("hidden") };
        }
    };
    set_hidden("export-plaintext", format.is_encrypted());
    set_hidden("export-encrypted", !format.is_encrypted());
    set_hidden("export-passphrases", !format.is_encrypted());
    set_hidden("formula-row", !format.is_csv());
    let count = picked_ids().len();
    let merges = format.merges_by_site() && count > 1;
    if let Some(e) = d.get_element_by_id("export-merge") {
        e.set_text_content(Some(&if merges { t1("export_merges", &count.to_string()) } else { String::new() }));
    }
    set_hidden("export-merge", !merges);
}

/// The export panel; `report` shows an export's outcome (and redraws the popup).
pub(super) fn panel(unlocked: bool, report: fn(String)) -> HtmlElement {
    let section = el("section", "export", None);
    section.set_id("export");
    let _ = section.set_attribute("aria-labelledby", "export-title");
    let title = el("h2", "", Some(&t("export_title")));
    title.set_id("export-title");
    let intro = el("p", "hint", Some(&t("export_intro")));

    let row = el("label", "field", Some(&t("export_format")));
    let select: HtmlSelectElement = doc().create_element("select").expect("select").unchecked_into();
    select.set_id("export-format");
    let current = CHOICES.with(|c| c.borrow().format);
    for &f in Format::ALL {
        let option = el("option", "", Some(&t(&format_message(f))));
        let _ = option.set_attribute("value", f.id());
        if f == current {
            let _ = option.set_attribute("selected", "");
        }
        let _ = select.append_child(&option);
    }
    let read = select.clone();
    on(&select, "change", move || {
        if let Some(f) = Format::from_id(&read.value()) {
            CHOICES.with(|c| c.borrow_mut().format = f);
        }
        update_hints();
    });
    let _ = row.append_child(&select);

    let plaintext = el("p", "warn", Some(&t("export_plaintext")));
    plaintext.set_id("export-plaintext");
    let encrypted = el("p", "hint", Some(&t("export_encrypted")));
    encrypted.set_id("export-encrypted");
    let merge = el("p", "warn", None);
    merge.set_id("export-merge");
    let _ = merge.set_attribute("role", "alert");

    let passphrases = el("div", "passphrases", None);
    passphrases.set_id("export-passphrases");
    let pass = password_input("export-passphrase", &t("label_export_passphrase"), "new-password");
    let again = password_input("export-passphrase-repeat", &t("label_export_passphrase_repeat"), "new-password");
    append(&passphrases, &[&pass, &again]);

    let formula_row = el("label", "option", None);
    formula_row.set_id("formula-row");
    let formula: HtmlInputElement = doc().create_element("input").expect("input").unchecked_into();
    formula.set_type("checkbox");
    formula.set_id("formula-prefix");
    formula.set_checked(formula_prefix());
    let read = formula.clone();
    on(&formula, "change", move || CHOICES.with(|c| c.borrow_mut().formula_prefix = Some(read.checked())));
    let _ = formula_row.append_child(&formula);
    let _ = formula_row.append_child(&doc().create_text_node(&t("export_formula")));

    let go = button("primary", &t("action_export"), move || start_export(unlocked, pass.value(), again.value(), report));
    go.set_id("export-button");
    append(&section, &[&title, &intro, &row, &plaintext, &encrypted, &merge, &passphrases, &formula_row, &go]);
    section
}

/// The texts put into each exported entry, in the user's language.
fn texts() -> Texts {
    Texts { title: t("export_text_title"), notes: t("export_text_notes"), folder: t("export_text_folder") }
}

fn start_export(unlocked: bool, passphrase: String, repeat: String, report: fn(String)) {
    let format = CHOICES.with(|c| c.borrow().format);
    let ids = picked_ids();
    if let Some(message) = crate::export::refusal(format, unlocked, ids.len(), &passphrase, &repeat) {
        report(t(message));
        return;
    }
    if let Some(notice) = doc().get_element_by_id("vault-notice") {
        notice.set_text_content(Some(&t("export_working")));
    }
    spawn_local(async move {
        // Let the "preparing" line paint before a KDF holds the page for a moment.
        next_frame().await;
        let result = make_export(format, &ids, passphrase).await;
        report(match result {
            Ok(name) => t1("export_done", &name),
            Err(message) => message,
        });
    });
}

async fn make_export(format: Format, ids: &[String], passphrase: String) -> Result<String, String> {
    let ids = ids.iter().map(|id| serde_json::Value::from(id.as_str())).collect();
    let reply: ExportDataReply = call(&Request::ExportData { ids: Some(ids) }).await?;
    let entries: Vec<ExportEntry> = reply
        .entries
        .into_iter()
        .map(|e| ExportEntry {
            label: e.entry.label,
            account: e.entry.account,
            password: e.password,
            created: e.entry.created,
            preset: e.entry.preset,
        })
        .collect();
    let formula_prefix = formula_prefix();
    let now = now_iso();
    let options = Options { formula_prefix, passphrase: Some(passphrase).filter(|p| !p.is_empty()), now: now.clone(), texts: texts() };
    let bytes = export(format, &entries, &options).map_err(|e| t(e.message()))?;
    let name = file_name(format, &now);
    download(&bytes, &name, format.mime()).map_err(|_| t("export_error_write"))?;
    Ok(name)
}

/// Resolves after the browser has had a chance to paint.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Saves `bytes` as a download named `name`, from a blob URL of this extension page.
fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = doc().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    doc().body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // Revoked later, not at once: a download may still be reading it.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    web_sys::window().ok_or("no window")?.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    Ok(())
}

/// An entry's mail setup: the iCloud Mail address (from the account when it is one), the
/// settings, instructions for common clients and the configuration profile.
/// `report` shows a profile download's outcome (and redraws the popup).
pub(super) fn mail_card(id: &str, account: Option<&str>, label: &str, unlocked: bool, report: fn(String)) -> HtmlElement {
    let details = el("details", "mail", None);
    details.append_child(&el("summary", "", Some(&t("mail_settings")))).ok();
    if CHOICES.with(|c| c.borrow().open_cards.contains(id)) {
        details.set_attribute("open", "").ok();
    }
    let (card, key) = (details.clone(), id.to_string());
    on(&details, "toggle", move || {
        let open = card.has_attribute("open");
        CHOICES.with(|c| {
            let cards = &mut c.borrow_mut().open_cards;
            if open {
                cards.insert(key.clone())
            } else {
                cards.remove(&key)
            }
        });
    });
    let typed = CHOICES.with(|c| c.borrow().mail_address.get(id).cloned());
    let address = typed.or_else(|| account.filter(|a| mail::is_icloud_address(a)).map(String::from)).unwrap_or_default();

    let row = el("label", "field", Some(&t("mail_address")));
    let input: HtmlInputElement = doc().create_element("input").expect("input").unchecked_into();
    input.set_type("email");
    input.set_class_name("mail-address");
    input.set_value(&address);
    let _ = input.set_attribute("autocomplete", "email");
    row.append_child(&input).ok();
    let body = el("div", "mail-body", None);
    fill_mail_body(&body, &address);
    let (read, shown, key) = (input.clone(), body.clone(), id.to_string());
    on(&input, "input", move || {
        let value = read.value().trim().to_string();
        fill_mail_body(&shown, &value);
        CHOICES.with(|c| c.borrow_mut().mail_address.insert(key.clone(), value));
    });

    let (pid, plabel, read) = (id.to_string(), label.to_string(), input.clone());
    let profile = button("profile", &t("action_download_profile"), move || {
        let (id, label, address) = (pid.clone(), plabel.clone(), read.value().trim().to_string());
        spawn_local(async move {
            report(download_profile(&id, &label, &address).await.unwrap_or_else(|e| e));
        });
    });
    if !unlocked {
        profile.set_attribute("disabled", "").ok();
        profile.set_title(&t("vault_locked_hint"));
    }
    let warning = el("p", "warn", Some(&t("profile_warning")));
    append(&details, &[&row, &body, &profile, &warning]);
    details
}

fn fill_mail_body(body: &HtmlElement, address: &str) {
    body.set_text_content(None);
    let icloud = mail::is_icloud_address(address);
    if !icloud {
        body.append_child(&el("p", "warn", Some(&t("mail_needs_icloud_address")))).ok();
    }
    let dl = el("dl", "", None);
    for (key, value) in mail::settings(Some(address)) {
        append(&dl, &[&el("dt", "", Some(&t(key))), &el("dd", "", Some(&value))]);
    }
    body.append_child(&dl).ok();
    if icloud {
        let values = mail::client_values(address);
        let subs: Vec<&str> = values.iter().map(String::as_str).collect();
        for client in mail::CLIENTS {
            body.append_child(&el("p", "howto", Some(&tn(client.message, &subs)))).ok();
        }
    }
}

async fn download_profile(id: &str, label: &str, address: &str) -> Result<String, String> {
    let RevealReply { password } = call(&Request::Reveal { id: Some(id.to_string()) }).await?;
    let display_name = t1("profile_display_name", label);
    let text = mobileconfig::profile(&Profile { address, password: &password, display_name: &display_name }).map_err(|e| t(e.message()))?;
    let now = now_iso();
    let name = mobileconfig::file_name(&now);
    download(text.as_bytes(), &name, "application/x-apple-aspen-config").map_err(|_| t("export_error_write"))?;
    Ok(t1("profile_done", &name))
}

/// Hides the warnings that do not apply once the panel is in the page.
pub(super) fn after_draw() {
    update_hints();
}

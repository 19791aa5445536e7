//! The settings form, one for both places it is shown: the options page
//! (`options/options.html`, `options_ui` in the manifest) and the popup's Settings section. The
//! background checks and stores every change (`set-options`); this form only shows the options
//! in force and asks for changes. An option the administrator set (managed storage) is shown
//! disabled, with a note saying so that the control names in `aria-describedby`.

use super::client::call;
use super::i18n::t;
use super::ui::{doc, el, on};
use crate::label::PRESETS;
use crate::options::{
    Effective, AUTO_LOCK_MINUTES, AUTO_START, CLEAR_SECONDS, CLIPBOARD_CLEAR_SECONDS, DEFAULT_PRESET, DEVICE_MAX, DEVICE_NAME,
    FORMULA_PREFIX_DEFAULT, LABEL_TEMPLATE, LOCK_MINUTES, TEMPLATE_MAX,
};
use crate::protocol::pages::Request;
use serde_json::Value;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// What kind of control an option has.
#[derive(Clone, Copy, PartialEq)]
enum Control {
    Check,
    Number,
    Text,
    Select,
}

/// A control on the page, for the option `key`.
struct Field {
    key: &'static str,
    control: Control,
    element: Element,
    /// The id of its help line, if it has one.
    help: Option<String>,
    /// Its "set by your administrator" note.
    note: HtmlElement,
}

thread_local! {
    /// The controls of this page (one form per page).
    static FIELDS: RefCell<Vec<Field>> = const { RefCell::new(Vec::new()) };
    /// The options in force as the background last answered (the defaults until loaded).
    static CURRENT: RefCell<Effective> = RefCell::new(Effective::default());
    /// Options whose control the user is editing (typed into, not yet saved): an answer to
    /// another request does not overwrite what they typed.
    static EDITING: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// The options in force as last loaded (the defaults before [`load`] answered).
pub(super) fn current() -> Effective {
    CURRENT.with(|c| c.borrow().clone())
}

/// Asks the background for the options in force and shows them in every control.
pub(super) async fn load() {
    if let Ok(answer) = call::<Effective>(&Request::GetOptions).await {
        show(answer);
    }
}

/// Keeps `answer` (`{options, managed}`) and shows it: each control's value (except where the
/// user is editing), and whether the administrator set it.
fn show(answer: Effective) {
    let options = answer.options.to_json();
    let editing = EDITING.with(|e| e.borrow().clone());
    FIELDS.with(|fields| {
        for f in fields.borrow().iter() {
            let value = &options[f.key];
            let managed = answer.is_managed(f.key);
            match f.control {
                _ if editing.contains(&f.key) && !managed => {}
                Control::Check => f.element.unchecked_ref::<HtmlInputElement>().set_checked(value.as_bool().unwrap_or(false)),
                Control::Number => {
                    if let Some(n) = value.as_f64() {
                        f.element.unchecked_ref::<HtmlInputElement>().set_value_as_number(n);
                    }
                }
                Control::Text => f.element.unchecked_ref::<HtmlInputElement>().set_value(value.as_str().unwrap_or_default()),
                Control::Select => f.element.unchecked_ref::<HtmlSelectElement>().set_value(value.as_str().unwrap_or_default()),
            }
            let _ = if managed { f.element.set_attribute("disabled", "") } else { f.element.remove_attribute("disabled") };
            f.note.set_hidden(!managed);
            // Only what is shown describes the control (a hidden element named in
            // aria-describedby would still be read).
            let ids: Vec<String> = f.help.iter().cloned().chain(managed.then(|| f.note.id())).collect();
            let _ = if ids.is_empty() {
                f.element.remove_attribute("aria-describedby")
            } else {
                f.element.set_attribute("aria-describedby", &ids.join(" "))
            };
        }
    });
    CURRENT.with(|c| *c.borrow_mut() = answer);
}

/// The control's value as the option takes it.
fn value_of(control: Control, element: &Element) -> Value {
    match control {
        Control::Check => element.unchecked_ref::<HtmlInputElement>().checked().into(),
        // An empty or partial number reads as NaN, sent as null, which the background refuses.
        Control::Number => element.unchecked_ref::<HtmlInputElement>().value_as_number().into(),
        Control::Text => element.unchecked_ref::<HtmlInputElement>().value().into(),
        Control::Select => element.unchecked_ref::<HtmlSelectElement>().value().into(),
    }
}

/// Sends a change of option `key` to the background; shows what is in force afterwards (the
/// old value again when the change was refused) and reports the outcome.
fn save(key: &'static str, value: Value, report: fn(String)) {
    spawn_local(async move {
        let change = Value::Object([(key.to_string(), value)].into_iter().collect());
        let result = call::<Effective>(&Request::SetOptions { options: change }).await;
        // Saved or refused, the control shows what is in force from now on.
        EDITING.with(|e| e.borrow_mut().retain(|k| *k != key));
        match result {
            Ok(answer) => {
                show(answer);
                report(t("settings_saved"));
            }
            Err(e) => {
                report(e);
                load().await;
            }
        }
    });
}

/// One option's row: its label, control, help line (if `help` names a message) and the
/// administrator's note; the control is registered to be filled by [`load`] and saves itself
/// when changed.
fn row(key: &'static str, id: &str, label: &str, control: Control, help: Option<&str>, report: fn(String)) -> (HtmlElement, Element) {
    let d = doc();
    let element: Element = match control {
        Control::Select => d.create_element("select").expect("select"),
        _ => {
            let input: HtmlInputElement = d.create_element("input").expect("input").unchecked_into();
            input.set_type(match control {
                Control::Check => "checkbox",
                Control::Number => "number",
                _ => "text",
            });
            input.into()
        }
    };
    element.set_id(id);
    let check = control == Control::Check;
    let row = el("div", if check { "field check" } else { "field" }, None);
    let text = el("label", "", Some(label));
    let _ = text.set_attribute("for", id);
    if check {
        let _ = row.append_child(&element);
        let _ = row.append_child(&text);
    } else {
        let _ = row.append_child(&text);
        let _ = row.append_child(&element);
    }
    let help_id = help.map(|h| {
        let id = format!("{id}-help");
        let p = el("p", "help", Some(&t(h)));
        p.set_id(&id);
        let _ = row.append_child(&p);
        id
    });
    let note = el("p", "managed", Some(&t("option_managed")));
    note.set_id(&format!("{id}-managed"));
    note.set_hidden(true);
    let _ = row.append_child(&note);
    if let Some(h) = &help_id {
        let _ = element.set_attribute("aria-describedby", h);
    }
    let read = element.clone();
    on(&element, "change", move || save(key, value_of(control, &read), report));
    on(&element, "input", move || {
        EDITING.with(|e| {
            let mut e = e.borrow_mut();
            if !e.contains(&key) {
                e.push(key);
            }
        })
    });
    FIELDS.with(|f| f.borrow_mut().push(Field { key, control, element: element.clone(), help: help_id, note }));
    (row, element)
}

/// The auto-start switch alone (the popup shows it above everything else).
pub(super) fn auto_start_row(report: fn(String)) -> HtmlElement {
    row(AUTO_START, "auto-start", &t("option_auto_start"), Control::Check, None, report).0
}

fn group(legend: &str, rows: &[HtmlElement]) -> HtmlElement {
    let set = el("fieldset", "", None);
    let _ = set.append_child(&el("legend", "", Some(legend)));
    for r in rows {
        let _ = set.append_child(r);
    }
    set
}

/// The whole settings form, in three groups; `with_auto_start` includes the auto-start switch
/// (left out where [`auto_start_row`] is shown instead). `report` shows each change's outcome.
/// The values arrive with [`load`].
pub(super) fn form(with_auto_start: bool, report: fn(String)) -> HtmlElement {
    let mut guide = Vec::new();
    if with_auto_start {
        guide.push(auto_start_row(report));
    }
    let (preset_row, preset) =
        row(DEFAULT_PRESET, "default-preset", &t("option_default_preset"), Control::Select, Some("option_default_preset_help"), report);
    let none = el("option", "", Some(&t("option_default_preset_none")));
    let _ = none.set_attribute("value", "");
    let _ = preset.append_child(&none);
    for p in PRESETS {
        let option = el("option", "", Some(p.name));
        let _ = option.set_attribute("value", p.id);
        let _ = preset.append_child(&option);
    }
    let (template_row, template) = row(LABEL_TEMPLATE, "label-template", &t("option_label_template"), Control::Text, None, report);
    let template: &HtmlInputElement = template.unchecked_ref();
    template.set_placeholder("{app} – {device}");
    template.set_max_length(TEMPLATE_MAX as i32);
    let (device_row, device) = row(DEVICE_NAME, "device-name", &t("option_device_name"), Control::Text, None, report);
    device.unchecked_ref::<HtmlInputElement>().set_max_length(DEVICE_MAX as i32);
    guide.extend([preset_row, template_row, device_row]);

    let (lock_row, lock) =
        row(AUTO_LOCK_MINUTES, "auto-lock", &t("option_auto_lock"), Control::Number, Some("option_auto_lock_help"), report);
    let _ = lock.set_attribute("min", &LOCK_MINUTES.0.to_string());
    let _ = lock.set_attribute("max", &LOCK_MINUTES.1.to_string());
    let (clear_row, clear) = row(
        CLIPBOARD_CLEAR_SECONDS,
        "clipboard-clear",
        &t("option_clipboard_clear"),
        Control::Number,
        Some("option_clipboard_clear_help_any"),
        report,
    );
    let _ = clear.set_attribute("min", "0");
    let _ = clear.set_attribute("max", &CLEAR_SECONDS.1.to_string());

    let (formula_row, _) = row(FORMULA_PREFIX_DEFAULT, "formula-default", &t("option_formula_default"), Control::Check, None, report);

    let form = el("div", "settings-form", None);
    for g in [
        group(&t("options_group_guide"), &guide),
        group(&t("options_group_vault"), &[lock_row, clear_row]),
        group(&t("options_group_export"), &[formula_row]),
    ] {
        let _ = form.append_child(&g);
    }
    form
}

/// Writes `text` into the options page's status line.
fn options_status(text: String) {
    if let Some(status) = doc().get_element_by_id("options-status") {
        status.set_text_content(Some(&text));
    }
}

/// Renders the options page into `#app` of the current document.
#[wasm_bindgen]
pub fn render_options() -> Result<(), JsValue> {
    let d = doc();
    let app = d.get_element_by_id("app").ok_or("no #app")?;
    d.set_title(&t("options_title"));
    let heading = el("h1", "", Some(&t("options_title")));
    let intro = el("p", "hint", Some(&t("options_intro")));
    let status = el("p", "notice", None);
    status.set_id("options-status");
    status.set_attribute("role", "status")?;
    app.append_child(&heading)?;
    app.append_child(&intro)?;
    app.append_child(&form(true, options_status))?;
    app.append_child(&status)?;
    spawn_local(load());
    Ok(())
}

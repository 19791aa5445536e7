//! The one-click label: a preset (through the user's template) or the remembered label, made
//! unique against Apple's list and checked against the field's limits, filled the way typing
//! would be, with the guide free while the page's own listeners run.

use super::*;

/// Today as YYYY-MM-DD (for the label template's `{date}`).
pub(super) fn today() -> String {
    String::from(js_sys::Date::new_0().to_iso_string()).chars().take(10).collect()
}

/// Fills preset `i` (or, with `None`, the user's remembered label) into Apple's label field,
/// through the user's template, made unique against Apple's list and checked against the
/// field's limits, the way a framework's own input events would.
pub(super) fn fill(i: Option<usize>) {
    let mut filled: Option<(HtmlInputElement, String)> = None;
    with_guide(|g| {
        let (name, preset_id) = match i {
            Some(i) => match PRESETS.get(i) {
                Some(p) => (apply_template(&g.label_options.template, p.name, &g.label_options.device, &today()), Some(p.id)),
                None => return,
            },
            None if !g.label_options.custom.is_empty() => (g.label_options.custom.clone(), None),
            None => return,
        };
        let Some(input) = step_of(Id::Label).and_then(|s| find_target(&g.dom, s)).and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let max = input.get_attribute("maxlength").and_then(|m| m.trim().parse::<usize>().ok());
        let (value, note) = match validate(&name, max, &g.capture.known_labels) {
            Ok(v) => {
                let note = message("fill_done", &[&v]);
                (Some(v), note)
            }
            Err(LabelError::Taken { suggestion: Some(suggestion) }) => {
                let note = message("label_error_taken", &[&name, &suggestion]);
                (Some(suggestion), note)
            }
            Err(LabelError::Taken { suggestion: None }) => (None, message("label_error_taken_none", &[&name])),
            Err(e @ LabelError::TooLong { max }) => (None, message(e.message(), &[&crate::dom::decimal(max as u64)])),
            Err(e) => (None, message(e.message(), &[])),
        };
        if let Some(v) = &value {
            g.capture.label_seen = v.clone();
            g.capture.preset_used = preset_id;
        }
        g.set_note(note);
        filled = value.map(|v| (input, v));
    });
    // Into the page with the guide free: the page's listeners run inside this call.
    if let Some((input, value)) = filled {
        set_input_value(&input, &value);
    }
}

/// Sets an input's value through the element's own (native) setter, then dispatches `input`
/// and `change` as typing would, so a framework's state sees the new value.
pub(super) fn set_input_value(input: &HtmlInputElement, value: &str) {
    let _ = input.focus();
    input.set_value(value);
    for kind in ["input", "change"] {
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
            let _ = input.dispatch_event(&event);
        }
    }
}

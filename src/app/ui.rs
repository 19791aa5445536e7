//! Shared helpers of the extension pages' UI: making elements (all text as text nodes, never
//! as HTML), buttons and password fields, and listening to their events.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// This page's document.
pub(super) fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A new `tag` element of class `class` (none when empty), with `text` as its text.
pub(super) fn el(tag: &str, class: &str, text: Option<&str>) -> HtmlElement {
    let e: HtmlElement = doc().create_element(tag).expect("element").unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    e
}

/// A `type="button"` button of class `class` calling `f` when clicked.
pub(super) fn button(class: &str, label: &str, f: impl FnMut() + 'static) -> HtmlElement {
    let b = el("button", class, Some(label));
    let _ = b.set_attribute("type", "button");
    on(&b, "click", f);
    b
}

/// Calls `f` on each `event` at `target`, for as long as the page lives.
pub(super) fn on(target: &Element, event: &str, f: impl FnMut() + 'static) {
    let cb = Closure::<dyn FnMut()>::new(f);
    let _ = target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    // The page's listeners live as long as its document.
    cb.forget();
}

/// A password field with id `id`, named `label`, of autocomplete kind `autocomplete`.
pub(super) fn password_input(id: &str, label: &str, autocomplete: &str) -> HtmlInputElement {
    let i: HtmlInputElement = doc().create_element("input").expect("input").unchecked_into();
    i.set_type("password");
    i.set_id(id);
    i.set_placeholder(label);
    let _ = i.set_attribute("aria-label", label);
    let _ = i.set_attribute("autocomplete", autocomplete);
    i
}

/// Appends `children` to `parent`, in order.
pub(super) fn append(parent: &Element, children: &[&Element]) {
    for c in children {
        let _ = parent.append_child(c);
    }
}

//! Shared helpers of the extension pages' UI: making elements (all text as text nodes, never
//! as HTML), buttons and password fields, and listening to their events through owned
//! `gloo-events` handles: those of a part drawn again are dropped with its old elements
//! ([`redraw`]), so a redraw leaks no closure and keeps no discarded element alive.

use gloo_events::{EventListener, EventListenerOptions};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlElement, HtmlInputElement};

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

thread_local! {
    /// Listeners of the parts drawn once, which live as long as the page.
    static KEPT: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
    /// Listeners of the part being redrawn ([`redraw`]): dropped, and so removed with the
    /// closures and the discarded elements they hold, when it is drawn again.
    static DRAWN: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
    /// Whether a [`redraw`] is under way (its listeners go to `DRAWN`).
    static REDRAWING: Cell<bool> = const { Cell::new(false) };
}

/// Draws again the part of the page that `draw` draws: the listeners of its previous drawing
/// are removed first, and every listener added while `draw` runs is kept until the next one.
pub(super) fn redraw<T>(draw: impl FnOnce() -> T) -> T {
    drop(DRAWN.with(|d| std::mem::take(&mut *d.borrow_mut())));
    REDRAWING.with(|r| r.set(true));
    let out = draw();
    REDRAWING.with(|r| r.set(false));
    out
}

/// Keeps `listener` as long as the part being drawn (see [`redraw`]), else as long as the page.
fn keep(listener: EventListener) {
    if REDRAWING.with(Cell::get) {
        DRAWN.with(|d| d.borrow_mut().push(listener));
    } else {
        KEPT.with(|k| k.borrow_mut().push(listener));
    }
}

/// Calls `f` on each `event` at `target` (see [`keep`] for how long).
pub(super) fn on(target: &EventTarget, event: &'static str, mut f: impl FnMut() + 'static) {
    keep(EventListener::new(target, event, move |_| f()));
}

/// Calls `f` with each `event` at `target`, which it may cancel (see [`keep`] for how long).
/// (`gloo-events` listeners are passive unless told otherwise: `preventDefault` is ignored.)
pub(super) fn on_event(target: &EventTarget, event: &'static str, f: impl FnMut(&web_sys::Event) + 'static) {
    keep(EventListener::new_with_options(target, event, EventListenerOptions::enable_prevent_default(), f));
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

//! The hint's view: a light-DOM host element (`<apg-overlay>`, carrying `data-apg-step`) with
//! a closed shadow root holding a spotlight ring around the target and a popover beside it.
//! The host is shown in the top layer (popover API) so Apple's own modals cannot cover it, and
//! styled from inside its shadow root so the page's CSS cannot reach the UI.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ShadowRootInit, ShadowRootMode};

const STYLE: &str = include_str!("overlay.css");
/// Gap between the target and the popover, and between the popover and the viewport's edge.
const GAP: f64 = 12.0;
const EDGE: f64 = 8.0;

/// The overlay's elements. Created once per page; shown, moved and hidden as steps change.
pub struct Overlay {
    host: HtmlElement,
    wrap: HtmlElement,
    ring: HtmlElement,
    pop: HtmlElement,
    progress: HtmlElement,
    body: HtmlElement,
    live: HtmlElement,
    /// The popover's close button (the controller attaches its handler).
    pub close: HtmlElement,
}

fn el(doc: &Document, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc.create_element(tag)?.unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

impl Overlay {
    /// Builds the overlay, hidden, and attaches its host to the document.
    pub fn new(doc: &Document, core_path: &str, title: &str, close_label: &str) -> Result<Overlay, JsValue> {
        let host = el(doc, "apg-overlay", "")?;
        host.set_attribute("data-apg-core", core_path)?;
        // Written through the CSSOM, which a strict page `style-src` does not block.
        let style = host.style();
        for (k, v) in [
            ("all", "initial"),
            ("position", "fixed"),
            ("inset", "0 auto auto 0"),
            ("width", "0"),
            ("height", "0"),
            ("margin", "0"),
            ("padding", "0"),
            ("border", "0"),
            ("overflow", "visible"),
            ("background", "transparent"),
            ("pointer-events", "none"),
            ("z-index", "2147483647"),
        ] {
            style.set_property_with_priority(k, v, "important")?;
        }
        let init = ShadowRootInit::new(ShadowRootMode::Closed);
        let shadow = host.attach_shadow(&init)?;

        let css = el(doc, "style", "")?;
        css.set_text_content(Some(STYLE));
        let wrap = el(doc, "div", "wrap")?;
        wrap.set_hidden(true);
        let ring = el(doc, "div", "ring")?;
        let pop = el(doc, "div", "pop")?;
        pop.set_attribute("role", "dialog")?;
        pop.set_attribute("aria-labelledby", "apg-title")?;
        pop.set_attribute("aria-describedby", "apg-body")?;
        let progress = el(doc, "p", "progress")?;
        let heading = el(doc, "h2", "title")?;
        heading.set_id("apg-title");
        heading.set_text_content(Some(title));
        let body = el(doc, "p", "body")?;
        body.set_id("apg-body");
        let actions = el(doc, "div", "actions")?;
        let close = el(doc, "button", "secondary")?;
        close.set_attribute("type", "button")?;
        close.set_text_content(Some(close_label));
        actions.append_child(&close)?;
        for child in [&progress, &heading, &body, &actions] {
            pop.append_child(child)?;
        }
        let live = el(doc, "div", "sr")?;
        live.set_attribute("role", "status")?;
        live.set_attribute("aria-live", "polite")?;
        wrap.append_child(&ring)?;
        wrap.append_child(&pop)?;
        for child in [&css, &wrap, &live] {
            shadow.append_child(child)?;
        }
        let root = doc.document_element().ok_or("no document element")?;
        root.append_child(&host)?;
        Ok(Overlay { host, wrap, ring, pop, progress, body, live, close })
    }

    /// Shows step `id` with its hint and progress text, and announces it to screen readers.
    pub fn show(&self, id: &str, hint: &str, progress: &str) -> Result<(), JsValue> {
        self.host.set_attribute("data-apg-step", id)?;
        self.progress.set_text_content(Some(progress));
        self.body.set_text_content(Some(hint));
        self.live.set_text_content(Some(&[progress, hint].join(". ")));
        self.wrap.set_hidden(false);
        self.raise();
        Ok(())
    }

    /// Hides the hint; `data-apg-step` goes with it.
    pub fn hide(&self) {
        let _ = self.host.remove_attribute("data-apg-step");
        self.wrap.set_hidden(true);
    }

    /// Marks the host with `data-{name}="{value}"` (state tests read without the shadow root).
    pub fn mark(&self, name: &str, value: &str) {
        let _ = self.host.set_attribute(name, value);
    }

    /// Places the ring around `target` and the popover below it, or above it when there is
    /// no room below, kept inside the viewport.
    pub fn place(&self, target: &Element, view_w: f64, view_h: f64) {
        let r = target.get_bounding_client_rect();
        set_box(&self.ring, r.left() - 4.0, r.top() - 4.0, Some((r.width() + 8.0, r.height() + 8.0)));
        let p = self.pop.get_bounding_client_rect();
        let below = r.bottom() + GAP;
        let top = if below + p.height() <= view_h - EDGE || r.top() - GAP - p.height() < EDGE {
            below.min(view_h - EDGE - p.height()).max(EDGE)
        } else {
            r.top() - GAP - p.height()
        };
        let left = r.left().min(view_w - EDGE - p.width()).max(EDGE);
        set_box(&self.pop, left, top, None);
    }

    /// Moves the host to the top of the top layer, above any modal the page opened since.
    fn raise(&self) {
        let host: &JsValue = self.host.as_ref();
        let call = |name: &str| {
            if let Ok(f) = js_sys::Reflect::get(host, &JsValue::from_str(name)) {
                if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                    let _ = f.call0(host);
                }
            }
        };
        if self.host.get_attribute("popover").is_none() {
            let _ = self.host.set_attribute("popover", "manual");
        } else {
            call("hidePopover");
        }
        call("showPopover");
    }
}

fn set_box(e: &HtmlElement, left: f64, top: f64, size: Option<(f64, f64)>) {
    let s = e.style();
    // Whole pixels: formatting floats would pull a float printer into the module.
    let px = |v: f64| format!("{}px", v.round() as i32);
    let _ = s.set_property("left", &px(left));
    let _ = s.set_property("top", &px(top));
    if let Some((w, h)) = size {
        let _ = s.set_property("width", &px(w));
        let _ = s.set_property("height", &px(h));
    }
}

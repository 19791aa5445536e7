//! The hint's view: a light-DOM host element (a `<div data-apg-host>`, carrying `data-apg-step` and
//! `data-apg-anchored`) with a closed shadow root holding a spotlight ring around the target
//! and a popover beside it, or, when there is nothing to anchor to, a plain panel. The host is
//! shown in the top layer (popover API) so Apple's own modals cannot cover it, and styled
//! from inside its shadow root so the page's CSS cannot reach the UI.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::placement::{self, Rect};

/// `overlay.css` without comments and needless white space (see `build.rs`).
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/overlay.min.css"));
/// Marks the overlay's host (tests find it by this; the page outline leaves it out).
pub const HOST_ATTRIBUTE: &str = "data-apg-host";

/// The popover's buttons (the controller attaches their handlers).
pub struct Buttons {
    pub back: HtmlElement,
    pub next: HtmlElement,
    pub close: HtmlElement,
    pub outline: HtmlElement,
    /// Copies the new password (Apple's result dialog has no copy button).
    pub copy: HtmlElement,
}

/// What one showing of the overlay says.
pub struct Content<'a> {
    /// Written to `data-apg-step`.
    pub id: &'a str,
    /// "Step n of m", or empty.
    pub progress: &'a str,
    /// The hint.
    pub hint: &'a str,
    /// A line above the hint (the fallback's "the page looks different"), or empty.
    pub note: &'a str,
    pub back: bool,
    pub next: bool,
    /// Offer "Copy page outline for a bug report".
    pub outline: bool,
    /// Offer the one-click label presets.
    pub chips: bool,
    /// Offer Copy for the new password.
    pub copy: bool,
}

/// The overlay's elements. Created once per page; shown, moved and hidden as steps change.
pub struct Overlay {
    pub host: HtmlElement,
    shadow: ShadowRoot,
    wrap: HtmlElement,
    ring: HtmlElement,
    pop: HtmlElement,
    progress: HtmlElement,
    note: HtmlElement,
    body: HtmlElement,
    live: HtmlElement,
    chips: HtmlElement,
    pub buttons: Buttons,
    /// One button per label preset, in [`crate::label::PRESETS`] order.
    pub chip_buttons: Vec<HtmlElement>,
    /// The order the preset chips are shown in (indices into `chip_buttons`): the user's
    /// default preset first, then the others in their usual order.
    chip_order: Vec<usize>,
    /// The chip of the user's own remembered label (hidden while there is none).
    pub custom_chip: HtmlElement,
    /// Alt+Shift+G was pressed before there was a hint to focus: the page's focused element
    /// then. The hint takes focus when it shows, if focus has not moved since.
    focus_wanted: RefCell<Option<Option<Element>>>,
}

fn el(doc: &Document, tag: &str, class: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc.create_element(tag)?.unchecked_into();
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

fn button(doc: &Document, class: &str, label: &str) -> Result<HtmlElement, JsValue> {
    let b = el(doc, "button", class)?;
    b.set_attribute("type", "button")?;
    b.set_text_content(Some(label));
    Ok(b)
}

/// Localized labels of the overlay's fixed parts.
pub struct Labels<'a> {
    pub title: &'a str,
    pub back: &'a str,
    pub next: &'a str,
    pub close: &'a str,
    pub outline: &'a str,
    pub copy: &'a str,
    /// Accessible name of the preset group.
    pub presets: &'a str,
    /// The preset offered first (the user's default app), as an index into `PRESETS`.
    pub default_preset: Option<usize>,
}

impl Overlay {
    /// Builds the overlay, hidden, and attaches its host to the document.
    pub fn new(doc: &Document, core_path: &str, labels: &Labels) -> Result<Overlay, JsValue> {
        // A `div`, which can never be a custom element: a page that defined our tag name first
        // would construct the host itself and could take its ElementInternals, which open even a
        // closed shadow root (or forbid the shadow root altogether).
        let host = el(doc, "div", "")?;
        host.set_attribute(HOST_ATTRIBUTE, "")?;
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
        let shadow = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Closed))?;

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
        heading.set_text_content(Some(labels.title));
        let note = el(doc, "p", "note")?;
        let body = el(doc, "p", "body")?;
        body.set_id("apg-body");
        let actions = el(doc, "div", "actions")?;
        let buttons = Buttons {
            outline: button(doc, "link", labels.outline)?,
            back: button(doc, "secondary back", labels.back)?,
            close: button(doc, "secondary", labels.close)?,
            next: button(doc, "", labels.next)?,
            copy: button(doc, "copy", labels.copy)?,
        };
        // Copy first: at the password step it is what the person came for (and takes the focus).
        for b in [&buttons.copy, &buttons.outline, &buttons.back, &buttons.close, &buttons.next] {
            actions.append_child(b)?;
        }
        let chips = el(doc, "div", "chips")?;
        chips.set_attribute("role", "group")?;
        chips.set_attribute("aria-label", labels.presets)?;
        chips.set_hidden(true);
        let mut chip_buttons = Vec::new();
        for (i, p) in crate::label::PRESETS.iter().enumerate() {
            let b = button(doc, if labels.default_preset == Some(i) { "chip default" } else { "chip" }, p.name)?;
            chip_buttons.push(b);
        }
        let chip_order: Vec<usize> =
            labels.default_preset.into_iter().chain((0..chip_buttons.len()).filter(|i| Some(*i) != labels.default_preset)).collect();
        for &i in &chip_order {
            chips.append_child(&chip_buttons[i])?;
        }
        let custom_chip = button(doc, "chip custom", "")?;
        custom_chip.set_hidden(true);
        chips.append_child(&custom_chip)?;
        for child in [&progress, &heading, &note, &body, &chips, &actions] {
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
        doc.document_element().ok_or("no document element")?.append_child(&host)?;
        Ok(Overlay {
            host,
            shadow,
            wrap,
            ring,
            pop,
            progress,
            note,
            body,
            live,
            chips,
            buttons,
            chip_buttons,
            chip_order,
            custom_chip,
            focus_wanted: RefCell::new(None),
        })
    }

    /// Shows `content`, anchored (ring + popover) or as a plain panel, and announces it.
    pub fn show(&self, content: &Content, anchored: bool) {
        let changed = self.host.get_attribute("data-apg-step").as_deref() != Some(content.id)
            || self.body.text_content().as_deref() != Some(content.hint);
        let _ = self.host.set_attribute("data-apg-step", content.id);
        let _ = self.host.set_attribute("data-apg-anchored", if anchored { "true" } else { "false" });
        self.progress.set_text_content(Some(content.progress));
        self.progress.set_hidden(content.progress.is_empty());
        self.note.set_text_content(Some(content.note));
        self.note.set_hidden(content.note.is_empty());
        self.body.set_text_content(Some(content.hint));
        self.buttons.back.set_hidden(!content.back);
        self.buttons.next.set_hidden(!content.next);
        self.buttons.outline.set_hidden(!content.outline);
        self.buttons.copy.set_hidden(!content.copy);
        self.chips.set_hidden(!content.chips);
        self.ring.set_hidden(!anchored);
        let _ = self.wrap.class_list().toggle_with_force("panel", !anchored);
        let was_hidden = self.wrap.hidden();
        self.wrap.set_hidden(false);
        if changed {
            let text = crate::dom::join(
                &[content.progress, content.note, content.hint].iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>(),
                ". ",
            );
            self.live.set_text_content(Some(&text));
        }
        let wanted = self.focus_wanted.borrow_mut().take().is_some_and(|before| self.page_focus() == before);
        if changed || was_hidden || wanted {
            // Re-showing in the top layer drops focus: give it back where it was.
            let had_focus = self.has_focus();
            self.raise();
            if had_focus || wanted {
                self.focus_first();
            }
        }
    }

    /// Lays the hidden popover out once, unseen: its first showing paid for the styles, the
    /// fonts and the text's first layout inside the hint's own look (7.5 of a 16 ms look in a
    /// profile of the first-hint bench), right when the person waits for it.
    pub fn warm(&self) {
        if !self.wrap.hidden() {
            return;
        }
        let style = self.wrap.style();
        let _ = style.set_property("visibility", "hidden");
        self.wrap.set_hidden(false);
        // In the top layer, as it will be shown.
        self.raise();
        let _ = self.pop.get_bounding_client_rect();
        self.wrap.set_hidden(true);
        self.call_host("hidePopover");
        let _ = style.remove_property("visibility");
    }

    /// Hides the overlay; `data-apg-step` goes with it.
    pub fn hide(&self) {
        let _ = self.host.remove_attribute("data-apg-step");
        let _ = self.host.remove_attribute("data-apg-anchored");
        self.wrap.set_hidden(true);
    }

    /// Marks the host with `name="value"` (state tests read without the shadow root).
    pub fn mark(&self, name: &str, value: &str) {
        let _ = self.host.set_attribute(name, value);
    }

    /// Says `text` to screen readers.
    pub fn announce(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }

    /// Shows the user's remembered label as a chip (or hides that chip).
    pub fn set_custom_chip(&self, label: &str) {
        self.custom_chip.set_text_content(Some(label));
        self.custom_chip.set_hidden(label.is_empty());
    }

    /// Sets the line above the hint (a fill's result, a capture's state) without re-announcing
    /// the step; screen readers hear it through the live region.
    pub fn set_note(&self, text: &str) {
        self.note.set_text_content(Some(text));
        self.note.set_hidden(text.is_empty());
        self.announce(text);
    }

    /// The popover's focusable controls now visible, in order.
    fn focusables(&self) -> Vec<&HtmlElement> {
        // The compact form has no one-click labels and no Back (see overlay.css).
        let compact = self.wrap.class_list().contains("compact");
        let chips = if self.chips.hidden() || compact {
            Vec::new()
        } else {
            self.chip_order.iter().map(|&i| &self.chip_buttons[i]).chain([&self.custom_chip]).filter(|b| !b.hidden()).collect()
        };
        chips
            .into_iter()
            .chain([&self.buttons.copy, &self.buttons.outline, &self.buttons.back, &self.buttons.close, &self.buttons.next])
            .filter(|b| !(b.hidden() || (compact && *b == &self.buttons.back)))
            .collect()
    }

    /// Moves keyboard focus to the popover's first control (Alt+Shift+G); with no hint shown
    /// yet (the page still rendering its target), once it shows.
    pub fn focus_first(&self) {
        if self.wrap.hidden() {
            *self.focus_wanted.borrow_mut() = Some(self.page_focus());
            return;
        }
        if let Some(first) = self.focusables().first() {
            let _ = first.focus();
        }
    }

    /// The page's focused element, if any.
    fn page_focus(&self) -> Option<Element> {
        self.host.owner_document().and_then(|d| d.active_element())
    }

    /// Whether keyboard focus is inside the popover.
    pub fn has_focus(&self) -> bool {
        self.shadow.active_element().is_some()
    }

    /// Tab from the popover's last control goes on to the element the hint points at, so the
    /// person acts there next. The hint is not modal and must not hold focus (the trap this
    /// replaces kept Tab cycling inside it, and only Esc, which closes the guide, got out).
    /// Where the target cannot take focus, and for Shift+Tab, the browser's own order goes on.
    pub fn tab_to_target(&self, event: &web_sys::KeyboardEvent, target: Option<&Element>) {
        if event.key() != "Tab" || event.shift_key() || !self.has_focus() {
            return;
        }
        let visible = self.focusables();
        let Some(last) = visible.last() else { return };
        if self.shadow.active_element().as_ref() != Some(last.unchecked_ref::<Element>()) {
            return;
        }
        let Some(target) = target.and_then(|t| t.dyn_ref::<HtmlElement>()) else { return };
        let _ = target.focus();
        if self.page_focus().as_ref() == Some(target.unchecked_ref::<Element>()) {
            event.prevent_default();
        }
    }

    /// Places the popover as a panel, with no target: in the viewport's bottom right corner
    /// unless that covers one of the `keep` boxes (the controls a person may use), then the
    /// free spot nearest to it, in the compact form if need be (see [`placement::place_panel`]).
    pub fn place_panel(&self, keep: &[Rect], view_w: f64, view_h: f64) {
        let classes = self.wrap.class_list();
        let _ = classes.remove_1("compact");
        let size = |p: web_sys::DomRect| (p.width(), p.height());
        let mut spot = placement::place_panel(keep, size(self.pop.get_bounding_client_rect()), (view_w, view_h));
        if !spot.clear {
            let _ = classes.add_1("compact");
            let compact = placement::place_panel(keep, size(self.pop.get_bounding_client_rect()), (view_w, view_h));
            if compact.clear {
                spot = compact;
            } else {
                let _ = classes.remove_1("compact");
            }
        }
        set_box(&self.pop, spot.left, spot.top, None);
    }

    /// Places the ring around `target` and the popover beside it, covering neither the target
    /// nor the `keep` boxes (the controls the person needs next; see [`crate::placement`]).
    /// Where no such spot exists it tries again in the compact form, then takes the spot that
    /// covers least. Returns the target's box it placed by (left, top, width, height). The
    /// boxes are read before anything is moved: one layout, not one per read (two when the
    /// compact form is needed).
    pub fn place(&self, target: &Element, keep: &[Rect], view_w: f64, view_h: f64) -> [f64; 4] {
        let r = target.get_bounding_client_rect();
        let t = Rect::new(r.left(), r.top(), r.width(), r.height());
        // Every read before the writes: a box set before the popover's size is read would make
        // the browser lay the page out once more, inside the look.
        let classes = self.wrap.class_list();
        let _ = classes.remove_1("compact");
        let size = |pop: &HtmlElement| {
            let p = pop.get_bounding_client_rect();
            (p.width(), p.height())
        };
        let mut spot = placement::place(t, keep, size(&self.pop), (view_w, view_h));
        if !spot.clear {
            let _ = classes.add_1("compact");
            let compact = placement::place(t, keep, size(&self.pop), (view_w, view_h));
            if compact.clear {
                spot = compact;
            } else {
                let _ = classes.remove_1("compact");
            }
        }
        set_box(&self.ring, r.left() - 4.0, r.top() - 4.0, Some((r.width() + 8.0, r.height() + 8.0)));
        set_box(&self.pop, spot.left, spot.top, None);
        [r.left(), r.top(), r.width(), r.height()]
    }

    /// Moves the host to the top of the top layer, above any modal the page opened since.
    fn raise(&self) {
        if self.host.get_attribute("popover").is_none() {
            let _ = self.host.set_attribute("popover", "manual");
        } else {
            self.call_host("hidePopover");
        }
        self.call_host("showPopover");
    }

    /// Calls the host's method `name` (the popover API, which web-sys may not bind), if it has one.
    fn call_host(&self, name: &str) {
        let host: &JsValue = self.host.as_ref();
        if let Ok(f) = js_sys::Reflect::get(host, &JsValue::from_str(name)) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call0(host);
            }
        }
    }
}

fn set_box(e: &HtmlElement, left: f64, top: f64, size: Option<(f64, f64)>) {
    let s = e.style();
    // Whole pixels: formatting floats would pull a float printer into the module (and
    // `format!` an integer one).
    let px = |v: f64| {
        let v = v.round() as i32;
        crate::dom::concat(&[if v < 0 { "-" } else { "" }, &crate::dom::decimal(v.unsigned_abs().into()), "px"])
    };
    let _ = s.set_property("left", &px(left));
    let _ = s.set_property("top", &px(top));
    if let Some((w, h)) = size {
        let _ = s.set_property("width", &px(w));
        let _ = s.set_property("height", &px(h));
    }
}

//! Where the hint goes on screen: the ring on its target, the popover beside it clear of the
//! controls a person needs next (the geometry is [`crate::placement`]'s), the plain panel clear
//! of the page's controls, and the target followed when layout moves it (an
//! IntersectionObserver reports its box after a rendering, so no layout is forced here).

use super::*;

/// What a person may use next in a dialog: the popover never covers these.
pub(super) const KEEP_CLEAR: &str = "button, input:not([type=hidden]), select, textarea, a[href], [role=button], [role=textbox]";

/// What a person may use on the page itself (no dialog open): the plain panel keeps clear of
/// these, the sign-in frame included.
pub(super) const PAGE_CONTROLS: &str =
    "button, a[href], input:not([type=hidden]), select, textarea, iframe, [role=button], [role=menuitem], [role=link]";

/// The most of them looked at (a page with thousands of links: the first ones are the header's).
pub(super) const MAX_KEEP: u32 = 400;

/// Follows the anchor's box: an IntersectionObserver (its callback owned here) reports it
/// after a rendering; and where the hint was last placed.
pub(super) struct Follower {
    observer: IntersectionObserver,
    _on_box: Closure<dyn FnMut(js_sys::Array)>,
    /// The observer is asked for the anchor's box and has not reported yet.
    asked: bool,
    /// The anchor's box when the hint was last placed beside it.
    placed: [i32; 4],
    /// The viewport's size in the last report (a scroll bar coming or going changes it
    /// without a `resize` event).
    root_seen: Option<[i32; 2]>,
}

impl Follower {
    pub(super) fn new() -> Result<Self, JsValue> {
        let on_box = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| with_guide(|g| g.follow_anchor(&entries)));
        let observer = IntersectionObserver::new(on_box.as_ref().unchecked_ref())?;
        Ok(Follower { observer, _on_box: on_box, asked: false, placed: [0; 4], root_seen: None })
    }

    /// Drops a pending question (it would be answered about the old anchor).
    pub(super) fn cancel(&mut self) {
        self.asked = false;
        self.observer.disconnect();
    }

    /// Whether a question went unanswered (it is dropped).
    pub(super) fn take_unanswered(&mut self) -> bool {
        let unanswered = self.asked;
        self.cancel();
        unanswered
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        // Its callback goes with it.
        self.observer.disconnect();
    }
}

impl Guide {
    /// The follower's report: re-places the hint if its target's box (as of the last
    /// rendering) moved since it was last placed.
    fn follow_anchor(&mut self, entries: &js_sys::Array) {
        self.follower.cancel();
        let Some(a) = self.anchor.clone().filter(|a| a.is_connected()) else { return };
        let reported = entries.iter().rev().find_map(|e| {
            let e: &IntersectionObserverEntry = e.unchecked_ref();
            (e.target() == a).then(|| (e.bounding_client_rect(), e.root_bounds()))
        });
        if let Some((r, root)) = reported {
            let root = root.map(|v| [v.width().round() as i32, v.height().round() as i32]);
            let viewport_changed = self.follower.root_seen.is_some() && root != self.follower.root_seen;
            self.follower.root_seen = root;
            if viewport_changed || whole_px([r.left(), r.top(), r.width(), r.height()]) != self.follower.placed {
                self.place(&a);
            }
        }
    }

    /// Asks the follower for the anchor's box, once until it reports: a new observation reports
    /// the box after the next rendering (see [`Guide::follow_anchor`]).
    pub(super) fn ask_box(&mut self) {
        if self.follower.asked {
            return;
        }
        if let Some(a) = &self.anchor {
            self.follower.asked = true;
            self.follower.observer.observe(a);
        }
    }

    /// Places the plain panel clear of what a person may use: the frontmost dialog's controls,
    /// or, with none open, the page's controls in view (the hint's own target is unknown here:
    /// iCloud.com's profile button, the sign-in frame, a tile the guide could not recognise).
    pub(super) fn place_panel(&mut self) {
        let (w, h) = viewport(&self.window);
        let scope: Option<Element> = match &self.watch.modal {
            ModalState::Open(m) if m.is_connected() => Some(m.clone()),
            _ => None,
        };
        let found = match &scope {
            Some(dialog) => dialog.query_selector_all(KEEP_CLEAR),
            None => self.dom.document.query_selector_all(PAGE_CONTROLS),
        };
        let keep: Vec<Rect> = found
            .ok()
            .map(|l| (0..l.length().min(MAX_KEEP)).filter_map(|i| l.item(i)?.dyn_into::<Element>().ok()).collect::<Vec<_>>())
            .unwrap_or_default()
            .iter()
            .filter(|e| self.dom.is_rendered(e) && !self.dom.is_inert(e))
            .map(|e| e.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0 && r.height() > 0.0 && r.bottom() > 0.0 && r.right() > 0.0 && r.top() < h && r.left() < w)
            .map(|r| Rect::new(r.left(), r.top(), r.width(), r.height()))
            .collect();
        self.overlay.place_panel(&keep, w, h);
    }

    pub(super) fn place(&mut self, target: &Element) {
        let (w, h) = viewport(&self.window);
        let keep = self.keep_clear(target);
        self.follower.placed = whole_px(self.overlay.place(target, &keep, w, h));
    }

    /// The boxes the popover must not cover besides its target: inside the target's dialog,
    /// every control a person may use next (fields, buttons, links) and the new password.
    pub(super) fn keep_clear(&self, target: &Element) -> Vec<Rect> {
        let Some(dialog) = target.closest(DIALOGS).ok().flatten() else { return Vec::new() };
        let mut boxes: Vec<Element> = dialog
            .query_selector_all(KEEP_CLEAR)
            .ok()
            .map(|l| (0..l.length()).filter_map(|i| l.item(i)?.dyn_into::<Element>().ok()).collect())
            .unwrap_or_default();
        boxes.extend(step_of(Id::Copy).and_then(|s| find_target(&self.dom, s)).filter(|p| dialog.contains(Some(p))));
        boxes
            .iter()
            .filter(|e| *e != target && !self.dom.is_inert(e))
            .map(|e| e.get_bounding_client_rect())
            .filter(|r| r.width() > 0.0 && r.height() > 0.0)
            .map(|r| Rect::new(r.left(), r.top(), r.width(), r.height()))
            .collect()
    }
}

/// The viewport's size less any scroll bar (what the person sees), or the window's inner size.
pub(super) fn viewport(window: &Window) -> (f64, f64) {
    let num = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    let inner = (num(window.inner_width()), num(window.inner_height()));
    // In quirks mode the root's client size is the document's, not the viewport's.
    let standards = window.document().filter(|d| d.compat_mode() == "CSS1Compat");
    match standards.and_then(|d| d.document_element()) {
        Some(root) if root.client_width() > 0 && root.client_height() > 0 => {
            (f64::from(root.client_width()), f64::from(root.client_height()))
        }
        _ => inner,
    }
}

/// Scrolls the target into view when it is outside the viewport.
pub(super) fn bring_into_view(window: &Window, target: &Element) {
    let r = target.get_bounding_client_rect();
    let (_, h) = viewport(window);
    if r.bottom() < 0.0 || r.top() > h {
        target.scroll_into_view_with_bool(false);
    }
}

/// A box in whole pixels, to compare where the target was placed with where it is.
pub(super) fn whole_px(r: [f64; 4]) -> [i32; 4] {
    r.map(|v| v.round() as i32)
}

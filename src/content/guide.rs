//! The controller: watches the page, works out the step from the table, and keeps the overlay
//! on the right element. Page changes are batched to one look per animation frame, so a burst
//! of mutations costs one detection, not one per mutation.

use super::browser::{ask_background, message};
use super::listener::Listener;
use super::overlay::Overlay;
use super::web_dom::WebDom;
use crate::recognize::detect;
use crate::steps::JOURNEY;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, Window};

/// Attributes whose change can show, hide, enable or re-label a target.
const WATCHED_ATTRIBUTES: &[&str] =
    &["class", "hidden", "style", "disabled", "aria-disabled", "aria-current", "aria-hidden", "aria-label", "open"];

struct Guide {
    window: Window,
    dom: WebDom,
    overlay: Overlay,
    /// The step shown and the element it is anchored to.
    shown: Option<(usize, Element)>,
    /// The user closed the guide on this page.
    dismissed: bool,
    /// A look at the page is already scheduled for the next frame.
    frame_pending: bool,
    _observer: MutationObserver,
    _listeners: Vec<Listener>,
}

thread_local! {
    static GUIDE: RefCell<Option<Guide>> = const { RefCell::new(None) };
}

fn with_guide(f: impl FnOnce(&mut Guide)) {
    GUIDE.with(|g| {
        if let Some(guide) = g.borrow_mut().as_mut() {
            f(guide)
        }
    })
}

/// Starts watching the page. Called once per page by the content script.
pub fn start(core_path: &str) -> Result<(), JsValue> {
    if GUIDE.with(|g| g.borrow().is_some()) {
        return Ok(());
    }
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let root = document.document_element().ok_or("no document element")?;
    let overlay = Overlay::new(&document, core_path, &message("guide_title", &[]), &message("action_close", &[]))?;

    let on_mutation = Closure::<dyn FnMut()>::new(schedule);
    let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref())?;
    // The observer lives as long as the page; its callback must too.
    on_mutation.forget();
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    let filter = js_sys::Array::new();
    for a in WATCHED_ATTRIBUTES {
        filter.push(&JsValue::from_str(a));
    }
    init.set_attribute_filter(&filter);
    observer.observe_with_options(&root, &init)?;

    let listeners = vec![
        Listener::new(&window, "scroll", true, |_| schedule()),
        Listener::new(&window, "resize", false, |_| schedule()),
        Listener::new(&window, "popstate", false, |_| schedule()),
        Listener::new(&overlay.close, "click", false, |_| dismiss()),
        Listener::new(&window, "keydown", true, |e| {
            if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
                with_guide(|g| {
                    if g.shown.is_some() {
                        g.dismissed = true;
                        g.overlay.hide();
                    }
                })
            }
        }),
    ];

    let guide = Guide {
        window,
        dom: WebDom { document },
        overlay,
        shown: None,
        dismissed: false,
        frame_pending: false,
        _observer: observer,
        _listeners: listeners,
    };
    GUIDE.with(|g| *g.borrow_mut() = Some(guide));
    with_guide(Guide::look);
    greet_background();
    Ok(())
}

/// Schedules one look at the page on the next animation frame.
fn schedule() {
    with_guide(|g| {
        if g.frame_pending {
            return;
        }
        g.frame_pending = true;
        let cb = Closure::once_into_js(|| {
            with_guide(|g| {
                g.frame_pending = false;
                g.look();
            })
        });
        let _ = g.window.request_animation_frame(cb.unchecked_ref());
    });
}

fn dismiss() {
    with_guide(|g| {
        g.dismissed = true;
        g.overlay.hide();
        g.overlay.mark("data-apg-dismissed", "true");
    })
}

/// Tells the background the guide started; its answer (the app module's version) marks the
/// host with `data-apg-background`, showing both modules run.
fn greet_background() {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"kind".into(), &"hello".into());
    ask_background(&msg, |reply| {
        let version = reply
            .and_then(|r| js_sys::Reflect::get(&r, &"version".into()).ok())
            .and_then(|v| v.as_string());
        with_guide(|g| g.overlay.mark("data-apg-background", version.as_deref().unwrap_or("unreachable")));
    });
}

impl Guide {
    /// Detects the step, updates the overlay if it changed, and re-anchors it.
    fn look(&mut self) {
        if self.dismissed {
            return;
        }
        let Some(found) = detect(&self.dom) else {
            if self.shown.take().is_some() {
                self.overlay.hide();
            }
            return;
        };
        let step = &JOURNEY[found.index];
        if self.shown.as_ref().map(|(i, _)| *i) != Some(found.index) {
            let n = (found.index + 1).to_string();
            let m = JOURNEY.len().to_string();
            let progress = message("step_progress", &[&n, &m]);
            if self.overlay.show(step.id, &message(step.hint, &[]), &progress).is_err() {
                return;
            }
            bring_into_view(&self.window, &found.target);
        }
        let (w, h) = viewport(&self.window);
        self.overlay.place(&found.target, w, h);
        self.shown = Some((found.index, found.target));
    }
}

fn viewport(window: &Window) -> (f64, f64) {
    let num = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
    (num(window.inner_width()), num(window.inner_height()))
}

/// Scrolls the target into view when it is outside the viewport.
fn bring_into_view(window: &Window, target: &Element) {
    let r = target.get_bounding_client_rect();
    let (_, h) = viewport(window);
    if r.bottom() < 0.0 || r.top() > h {
        target.scroll_into_view_with_bool(false);
    }
}

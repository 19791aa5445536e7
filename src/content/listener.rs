//! Event listeners that remove themselves when dropped, so a guide torn down leaves nothing
//! attached to the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

/// A listener on `target` for `event`, removed on drop.
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    capture: bool,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Adds `f` as a listener. `capture` listens in the capture phase (to see scrolls of any
    /// scroller, which do not bubble).
    pub fn new(target: &EventTarget, event: &'static str, capture: bool, f: impl FnMut(&web_sys::Event) + 'static) -> Self {
        Listener::add(target, event, capture, false, Box::new(f))
    }

    /// Like [`Listener::new`], but `f` sees only events the browser made from the user's own
    /// input: a page script's synthetic events (`isTrusted` false) cannot fill a label, move
    /// the guide or mark the password copied.
    pub fn trusted(target: &EventTarget, event: &'static str, capture: bool, f: impl FnMut(&web_sys::Event) + 'static) -> Self {
        Listener::add(target, event, capture, true, Box::new(f))
    }

    /// Both of the above, for any callback: one closure type in the module (wasm-bindgen makes
    /// shims for each), not one per listener.
    fn add(target: &EventTarget, event: &'static str, capture: bool, trusted_only: bool, mut f: Box<dyn FnMut(&web_sys::Event)>) -> Self {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            if !trusted_only || e.is_trusted() {
                f(&e)
            }
        });
        let _ = target.add_event_listener_with_callback_and_bool(event, callback.as_ref().unchecked_ref(), capture);
        Listener { target: target.clone(), event, capture, callback }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(self.event, self.callback.as_ref().unchecked_ref(), self.capture);
    }
}

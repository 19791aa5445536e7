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
    pub fn new(target: &EventTarget, event: &'static str, capture: bool, f: impl FnMut(web_sys::Event) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback_and_bool(event, callback.as_ref().unchecked_ref(), capture);
        Listener { target: target.clone(), event, capture, callback }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback_and_bool(
            self.event,
            self.callback.as_ref().unchecked_ref(),
            self.capture,
        );
    }
}

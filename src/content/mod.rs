//! The content-script module: runs on Apple's pages, finds where the user is in the journey
//! and shows the hint beside the element to act on.
//!
//! - [`web_dom`]: the live page as a [`crate::dom::Dom`].
//! - [`overlay`]: the hint's view (a light-DOM host with a closed shadow root).
//! - [`guide`]: the controller tying page changes to the view.
//! - [`browser`]: the few extension APIs the module calls.

mod browser;
mod guide;
mod listener;
mod overlay;
pub mod web_dom;

use wasm_bindgen::prelude::*;

/// Starts the guide on the current page. `core_path` says how the core was loaded (`wasm` or
/// `wasm2js`); it is written to the overlay host as `data-apg-core` so tests can read it.
/// `asked` says the person pressed Alt+Shift+G, or the background asked to restart, while the
/// core was loading (the loader keeps that for it): the guide starts as soon as it can.
#[wasm_bindgen]
pub fn start(core_path: &str, asked: bool) -> Result<(), JsValue> {
    std::panic::set_hook(Box::new(|info| {
        // A panic message never holds a secret: the core never formats one into a panic.
        let msg = info.to_string();
        browser::report_error(&msg);
    }));
    guide::start(core_path, asked)
}

/// The core's version, for the loader's log line.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

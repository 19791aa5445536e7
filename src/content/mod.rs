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

/// The content module's allocator: talc instead of Rust's default dlmalloc (smaller; it reuses
/// freed memory, coalescing neighbours). The module is single-threaded (no `atomics`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Starts the guide on the current page. `core_path` says how the core was loaded (`wasm` or
/// `wasm2js`); it is written to the overlay host as `data-apg-core` so tests can read it.
/// `asked` says the person pressed Alt+Shift+G, or the background asked to restart, while the
/// core was loading (the loader keeps that for it): the guide starts as soon as it can.
#[wasm_bindgen]
///
/// Returns nothing and throws a failure itself: a `Result` would make wasm-bindgen add a
/// multi-value shim to the module (0.4 KB gzipped).
pub fn start(core_path: &str, asked: bool) {
    std::panic::set_hook(Box::new(|info| {
        // Where, not what: formatting the panic's message would bring all of `core::fmt` into
        // the module. The source location is enough to find the bug.
        let mut msg = String::from("panicked at ");
        if let Some(at) = info.location() {
            msg.push_str(at.file());
            msg.push(':');
            msg.push_str(&crate::dom::decimal(at.line().into()));
        }
        browser::report_error(&msg);
    }));
    if let Err(e) = guide::start(core_path, asked) {
        wasm_bindgen::throw_val(e);
    }
}

/// The core's version, for the loader's log line.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

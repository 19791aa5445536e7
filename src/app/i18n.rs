//! Localized text for the extension's pages: `chrome.i18n.getMessage` over
//! `extension/_locales`. Every user-facing string of the app module goes through here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(name: &str, subs: &js_sys::Array) -> String;
}

/// The message `name`.
pub(super) fn t(name: &str) -> String {
    get_message(name, &js_sys::Array::new())
}

/// The message `name` with one substitution.
pub(super) fn t1(name: &str, sub: &str) -> String {
    get_message(name, &js_sys::Array::of1(&sub.into()))
}

/// A message with several substitutions, in placeholder order.
pub(super) fn tn(name: &str, subs: &[&str]) -> String {
    get_message(name, &subs.iter().map(|s| JsValue::from_str(s)).collect())
}

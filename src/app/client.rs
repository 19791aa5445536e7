//! The extension pages' request client: sends a typed [`Request`] to the background and reads
//! its typed answer ([`crate::protocol::pages`]), through serde-wasm-bindgen.

use super::browser::{from_js, get, to_js};
use super::i18n::t;
use crate::protocol::error::{AppError, Shown};
use crate::protocol::pages::Request;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn send_message(message: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// The background's answer to `message`; undefined when it could not be reached.
async fn ask(message: JsValue) -> JsValue {
    match send_message(&message) {
        Ok(p) => JsFuture::from(p).await.unwrap_or(JsValue::UNDEFINED),
        Err(_) => JsValue::UNDEFINED,
    }
}

/// Sends `request` and returns its answer, or the error text to show.
pub(super) async fn call<T: DeserializeOwned>(request: &Request) -> Result<T, String> {
    let reply = ask(to_js(request)).await;
    if get(&reply, "ok").as_bool() == Some(true) {
        from_js(reply).map_err(|_| t("error_background"))
    } else {
        // An error for the user names its message; anything else is shown as a failure.
        let error = AppError::from_wire(&get(&reply, "error").as_string().unwrap_or_default());
        let text = t(error.message());
        Err(if text.is_empty() { t(Shown::Background.name()) } else { text })
    }
}

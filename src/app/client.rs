//! The extension pages' request client: sends a typed [`Request`] to the background and reads
//! its typed answer ([`crate::protocol::pages`]), through serde-wasm-bindgen.

use super::browser::{from_js, get, send_message, to_js};
use super::i18n::t;
use crate::protocol::error::{AppError, Shown};
use crate::protocol::pages::Request;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// Sends `request` and returns its answer, or the error text to show.
pub(super) async fn call<T: DeserializeOwned>(request: &Request) -> Result<T, String> {
    // Unreachable (no background yet, or it failed): no answer, shown as its failure.
    let reply = send_message(&to_js(request)).await.unwrap_or(JsValue::UNDEFINED);
    if get(&reply, "ok").as_bool() == Some(true) {
        from_js(reply).map_err(|_| t("error_background"))
    } else {
        // An error for the user names its message; anything else is shown as a failure.
        let error = AppError::from_wire(&get(&reply, "error").as_string().unwrap_or_default());
        let text = t(error.message());
        Err(if text.is_empty() { t(Shown::Background.name()) } else { text })
    }
}

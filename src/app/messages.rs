//! Messages the background accepts. Every message is validated here; anything not recognised
//! is refused with a reason, never guessed at.

use wasm_bindgen::prelude::*;

/// A request from one of our own content scripts or pages.
#[derive(Debug, PartialEq, Eq)]
pub enum Request {
    /// A content script started; the answer carries the app module's version.
    Hello,
}

/// Reads a request from a message object `{kind: "..."}`.
pub fn parse(msg: &JsValue) -> Result<Request, String> {
    let kind = js_sys::Reflect::get(msg, &"kind".into()).ok().and_then(|k| k.as_string());
    match kind.as_deref() {
        Some("hello") => Ok(Request::Hello),
        Some(other) => Err(format!("unknown message kind: {other}")),
        None => Err("message without a kind".into()),
    }
}

/// Answers a message from `sender_is_ours` (the caller checked the sender's extension id).
#[wasm_bindgen]
pub fn handle_message(msg: JsValue, sender_is_ours: bool) -> JsValue {
    let answer = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&answer, &k.into(), &v);
    };
    let result = if sender_is_ours { parse(&msg) } else { Err("sender is not this extension".into()) };
    match result {
        Ok(Request::Hello) => {
            set("ok", true.into());
            set("version", crate::VERSION.into());
        }
        Err(reason) => {
            set("ok", false.into());
            set("error", reason.into());
        }
    }
    answer.into()
}

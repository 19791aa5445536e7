//! Bindings to the extension APIs the content module uses: localized messages and the one
//! message channel to the background. Nothing else of `chrome.*` is reachable from here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(name: &str, substitutions: &js_sys::Array) -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn send_message(message: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(text: &str);
}

/// The localized message `name` with `$1`, `$2`… replaced by `subs`. A missing message yields
/// its name, so a gap in a locale shows up instead of an empty hint.
pub fn message(name: &str, subs: &[&str]) -> String {
    let array = js_sys::Array::new();
    for s in subs {
        array.push(&JsValue::from_str(s));
    }
    let text = get_message(name, &array);
    if text.is_empty() {
        name.to_string()
    } else {
        text
    }
}

/// Sends `message` to the background and calls `reply` with its answer (or `None` when the
/// background could not be reached).
pub fn ask_background(message: &JsValue, reply: impl FnOnce(Option<JsValue>) + 'static) {
    let reply = std::rc::Rc::new(std::cell::RefCell::new(Some(reply)));
    let promise = match send_message(message) {
        Ok(p) => p,
        Err(_) => {
            if let Some(f) = reply.borrow_mut().take() {
                f(None)
            }
            return;
        }
    };
    let on_ok = {
        let reply = reply.clone();
        Closure::once(move |v: JsValue| {
            if let Some(f) = reply.borrow_mut().take() {
                f(Some(v))
            }
        })
    };
    let on_err = Closure::once(move |_: JsValue| {
        if let Some(f) = reply.borrow_mut().take() {
            f(None)
        }
    });
    let _ = promise.then2(&on_ok, &on_err);
    on_ok.forget();
    on_err.forget();
}

/// Reports an internal error: to the console, and as `data-apg-error` on the document element
/// so that tests in every browser can see it. The text is the core's own message, never page
/// content or a secret.
pub fn report_error(text: &str) {
    console_error(&format!("[App Password Guide] internal error: {text}"));
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-apg-error", text);
    }
}

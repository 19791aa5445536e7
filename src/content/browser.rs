//! Bindings to the extension APIs the content module uses: localized messages, the message
//! channel to and from the background, and the clipboard. Nothing else of `chrome.*` is
//! reachable from here. Also the two converters between JS values and the protocol's
//! [`Plain`] values, through which every message goes (see `protocol::content`).

use crate::protocol::content::{tab_ack, ContentMessage, Plain, TabMessage};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
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

/// A [`Plain`] value as a JS value: objects keep their keys' order.
pub fn to_js(p: &Plain) -> JsValue {
    match p {
        Plain::Null => JsValue::NULL,
        Plain::Bool(b) => JsValue::from_bool(*b),
        Plain::Number(n) => JsValue::from_f64(*n),
        Plain::Text(s) => JsValue::from_str(s),
        Plain::List(items) => items.iter().map(to_js).collect::<Array>().into(),
        Plain::Object(fields) => {
            let o = Object::new();
            for (k, v) in fields {
                let _ = Reflect::set(&o, &JsValue::from_str(k), &to_js(v));
            }
            o.into()
        }
    }
}

/// A JS value as a [`Plain`] value: `null` and `undefined` are `Null`, an object is read
/// through its own enumerable keys, and anything JSON cannot hold (a function, a symbol) is
/// `Null` too.
pub fn from_js(v: &JsValue) -> Plain {
    if let Some(b) = v.as_bool() {
        Plain::Bool(b)
    } else if let Some(n) = v.as_f64() {
        Plain::Number(n)
    } else if let Some(s) = v.as_string() {
        Plain::Text(s)
    } else if Array::is_array(v) {
        Plain::List(Array::from(v).iter().map(|x| from_js(&x)).collect())
    } else if v.is_object() {
        let field = |k: JsValue| (k.as_string().unwrap_or_default(), from_js(&Reflect::get(v, &k).unwrap_or(JsValue::NULL)));
        Plain::Object(Object::keys(v.unchecked_ref::<Object>()).iter().map(field).collect())
    } else {
        Plain::Null
    }
}

/// Sends `message` to the background and calls `reply` with its answer (or `None` when the
/// background could not be reached). Nothing is left behind: the two callbacks are dropped,
/// together, by whichever of them runs.
pub fn ask_background(message: &ContentMessage, reply: impl FnOnce(Option<JsValue>) + 'static) {
    ask_boxed(message, Box::new(reply))
}

/// [`ask_background`] for any reply: one copy of its callbacks in the module, not two closure
/// types (each with its own wasm-bindgen shims) per place that asks.
fn ask_boxed(message: &ContentMessage, reply: Box<dyn FnOnce(Option<JsValue>)>) {
    type Pair = (Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>);
    let Ok(promise) = send_message(&to_js(&message.encode())) else {
        reply(None);
        return;
    };
    let reply = Rc::new(RefCell::new(Some(reply)));
    let pair: Rc<RefCell<Option<Pair>>> = Rc::new(RefCell::new(None));
    let settle = |ok: bool| {
        let (reply, pair) = (reply.clone(), pair.clone());
        Closure::once(move |v: JsValue| {
            // Dropped inside their own call: wasm-bindgen frees a closure once its call returns.
            let _done = pair.borrow_mut().take();
            if let Some(f) = reply.borrow_mut().take() {
                f(ok.then_some(v))
            }
        })
    };
    let (on_ok, on_err) = (settle(true), settle(false));
    let _ = promise.then2(&on_ok, &on_err);
    *pair.borrow_mut() = Some((on_ok, on_err));
}

/// Reports an internal error: to the console, and as `data-apg-error` on the document element
/// so that tests in every browser can see it. The text is the core's own message, never page
/// content or a secret.
pub fn report_error(text: &str) {
    console_error(&crate::dom::concat(&["[App Password Guide] internal error: ", text]));
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-apg-error", text);
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "runtime", "onMessage"], js_name = addListener)]
    fn on_message_add_listener(f: &js_sys::Function);
}

/// Calls `f` with each message the background sends to this tab; when `f` returns true the
/// sender gets [`tab_ack`] (so it knows a guide is here), else no answer.
pub fn on_background_message(mut f: impl FnMut(TabMessage) -> bool + 'static) {
    let callback = Closure::<dyn FnMut(JsValue, JsValue, js_sys::Function) -> bool>::new(move |msg, _sender, respond: js_sys::Function| {
        if f(TabMessage::decode(&from_js(&msg))) {
            let _ = respond.call1(&JsValue::NULL, &to_js(&tab_ack()));
        }
        false
    });
    on_message_add_listener(callback.as_ref().unchecked_ref());
    // Once per page, for the page's life: `chrome.runtime.onMessage` is the extension's own
    // event, so nothing on the page can call it, and the guide is never torn down.
    callback.forget();
}

/// Writes `text` to the clipboard (called from a click, which browsers require).
pub fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else { return };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok();
    let write = clipboard.as_ref().and_then(|c| js_sys::Reflect::get(c, &"writeText".into()).ok());
    if let (Some(c), Some(f)) = (clipboard, write.and_then(|w| w.dyn_into::<js_sys::Function>().ok())) {
        let _ = f.call1(&c, &JsValue::from_str(text));
    }
}

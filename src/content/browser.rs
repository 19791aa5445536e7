//! Bindings to the extension APIs the content module uses: localized messages, the message
//! channel to and from the background, and the clipboard. Nothing else of `chrome.*` is
//! reachable from here. Also the tab memory's wire form.

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

/// Sends `message` to the background and calls `reply` with its answer (or `None` when the
/// background could not be reached). Nothing is left behind: the two callbacks are dropped,
/// together, by whichever of them runs.
pub fn ask_background(message: &JsValue, reply: impl FnOnce(Option<JsValue>) + 'static) {
    type Pair = (Closure<dyn FnMut(JsValue)>, Closure<dyn FnMut(JsValue)>);
    let Ok(promise) = send_message(message) else {
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
    console_error(&format!("[App Password Guide] internal error: {text}"));
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
/// sender gets `{ok: true}` (so it knows a guide is here), else no answer.
pub fn on_background_message(mut f: impl FnMut(JsValue) -> bool + 'static) {
    let callback = Closure::<dyn FnMut(JsValue, JsValue, js_sys::Function) -> bool>::new(move |msg, _sender, respond: js_sys::Function| {
        if f(msg) {
            let _ = respond.call1(&JsValue::NULL, &request("ok", &[("ok", JsValue::TRUE)]));
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

use crate::flow::Memory;
use crate::steps::step;

fn get_str(o: &JsValue, k: &str) -> Option<String> {
    js_sys::Reflect::get(o, &k.into()).ok().and_then(|v| v.as_string())
}
fn get_bool(o: &JsValue, k: &str) -> bool {
    js_sys::Reflect::get(o, &k.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// A tab's memory as the plain object the background stores.
pub fn memory_to_js(m: &Memory) -> JsValue {
    let o = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&o, &k.into(), &v);
    };
    set("last", m.last.map_or(JsValue::NULL, |s| s.id.as_str().into()));
    set("signedIn", m.signed_in.into());
    set("copied", m.copied.into());
    set("finished", m.finished.into());
    set("dismissed", m.dismissed.into());
    set("started", m.started.into());
    set("saved", m.saved.into());
    set("seen", JsValue::from(m.seen));
    o.into()
}

/// Reads a tab's memory back; unknown or missing fields read as their defaults.
pub fn memory_from_js(o: &JsValue) -> Memory {
    if !o.is_object() {
        return Memory::default();
    }
    Memory {
        last: get_str(o, "last").and_then(|id| step(&id)),
        signed_in: get_bool(o, "signedIn"),
        copied: get_bool(o, "copied"),
        finished: get_bool(o, "finished"),
        dismissed: get_bool(o, "dismissed"),
        started: get_bool(o, "started"),
        saved: get_bool(o, "saved"),
        seen: js_sys::Reflect::get(o, &"seen".into())
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|v| (0.0..=65535.0).contains(v))
            .map_or(0, |v| v as u16),
    }
}

/// Builds `{kind, ...fields}`.
pub fn request(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"kind".into(), &kind.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

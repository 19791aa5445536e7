//! Clearing a copied password from the clipboard, done by the background after the time the
//! options set, so that it works whatever page copied it and whether or not that page is still
//! open or has the focus (a page may write the clipboard only while it has the focus, and a
//! closed popup cannot at all).
//!
//! - **Chromium**: the service worker has no clipboard; an offscreen document (reason
//!   `CLIPBOARD`, `extension/offscreen/`) writes an empty text and is closed again.
//! - **Firefox**: the background page writes an empty text itself (`clipboardWrite`: no user
//!   activation needed).
//!
//! The clipboard is cleared whatever it holds then: telling whether it still holds that
//! password would need `clipboardRead`, which would let the extension read everything the
//! person copies. A later copy from the extension starts the time again (or cancels the
//! clearing, with the option at 0). The time is kept in `storage.session` and set as a timer
//! (`chrome.alarms`) as well as waited for in the worker, which a browser may stop meanwhile.

use super::browser::{alarm_at, alarm_clear, get, now_ms, object, session_delete, session_read, session_write};
use crate::options::{clipboard_clear_at, clipboard_clear_due, CLEAR_RETRY_MS};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Session-storage key of when the clipboard is to be cleared (ms since the epoch).
const CLEAR_AT: &str = "clipboard:clear-at";
/// The timer that clears it.
pub const CLEAR_ALARM: &str = "clear-clipboard";
/// The offscreen document (Chromium).
const OFFSCREEN: &str = "offscreen/offscreen.html";

/// `globalThis[path[0]][path[1]]…`, or undefined.
fn global(path: &[&str]) -> JsValue {
    path.iter().fold(js_sys::global().into(), |o: JsValue, k| if o.is_object() { get(&o, k) } else { JsValue::UNDEFINED })
}

/// Calls `this_[name](args…)` and waits for the promise it returns, if it does.
async fn call(this_: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(this_, name).dyn_into()?;
    let out = Reflect::apply(&f, this_, &args.iter().collect::<js_sys::Array>())?;
    match out.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await,
        Err(v) => Ok(v),
    }
}

/// Waits `ms` milliseconds (`setTimeout` of the worker or background page).
async fn sleep(ms: f64) {
    let wait = Promise::new(&mut |resolve, _| {
        let _ = call_sync(&js_sys::global().into(), "setTimeout", &[resolve.into(), ms.into()]);
    });
    let _ = JsFuture::from(wait).await;
}

fn call_sync(this_: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = get(this_, name).dyn_into()?;
    Reflect::apply(&f, this_, &args.iter().collect::<js_sys::Array>())
}

/// A password was copied from the extension: clears the clipboard in `seconds` (0: never, and
/// an earlier copy's clearing is cancelled: the clipboard holds the newer copy now).
pub async fn copied(seconds: u32) {
    // After a clearing under way (it may have read the earlier copy's time): never between its
    // reading and its forgetting that time, which would forget this copy's.
    let turn = CLEARING.lock().await;
    let Some(at) = clipboard_clear_at(now_ms(), seconds) else {
        let _ = session_delete(CLEAR_AT).await;
        alarm_clear(CLEAR_ALARM).await;
        return;
    };
    let _ = session_write(CLEAR_AT, at.into()).await;
    alarm_at(CLEAR_ALARM, at).await;
    drop(turn);
    wait_then_clear(at);
}

/// Waits for `at` in the worker too: a timer may fire late (Chromium defers one set less than
/// 30 s ahead in a packed extension); whichever comes first clears, the other finds nothing due.
fn wait_then_clear(at: f64) {
    wasm_bindgen_futures::spawn_local(async move {
        sleep(at - now_ms()).await;
        clear_if_due().await;
    });
}

/// One clearing at a time: the timer and the wait can come together, and a copy waits for it.
static CLEARING: futures_util::lock::Mutex<()> = futures_util::lock::Mutex::new(());

/// Clears the clipboard if the time of the last copy has come (the timer, the wait above, or a
/// worker started again); otherwise sets the timer again. The time is forgotten only once the
/// clipboard is cleared: a clearing that failed (an offscreen document slow to load on a busy
/// machine) is tried again, by the timer and the wait, until it is done.
pub async fn clear_if_due() {
    let _turn = CLEARING.lock().await;
    let Some(at) = session_read(CLEAR_AT).await.ok().and_then(|v| v.as_f64()) else { return };
    if !clipboard_clear_due(now_ms(), at) {
        alarm_at(CLEAR_ALARM, at).await;
        return;
    }
    match clear().await {
        Ok(()) => {
            let _ = session_delete(CLEAR_AT).await;
            alarm_clear(CLEAR_ALARM).await;
        }
        Err(e) => {
            // No password in it: what failed, for whoever reads the background's console.
            web_sys::console::warn_2(&"App Password Guide: the clipboard could not be cleared yet; trying again:".into(), &e);
            let again = now_ms() + CLEAR_RETRY_MS;
            alarm_at(CLEAR_ALARM, again).await;
            wait_then_clear(again);
        }
    }
}

/// Writes an empty text to the clipboard.
async fn clear() -> Result<(), JsValue> {
    let offscreen = global(&["chrome", "offscreen"]);
    if !offscreen.is_object() {
        // Firefox: the background page itself, with clipboardWrite.
        let clipboard = global(&["navigator", "clipboard"]);
        call(&clipboard, "writeText", &["".into()]).await?;
        return Ok(());
    }
    // Chromium: an offscreen document does it (one at a time: one left open is used).
    let reasons = js_sys::Array::of1(&"CLIPBOARD".into());
    let made = call(
        &offscreen,
        "createDocument",
        &[object(&[
            ("url", OFFSCREEN.into()),
            ("reasons", reasons.into()),
            ("justification", "Clear a password the person copied from the extension, after the time set in the options".into()),
        ])],
    )
    .await;
    if made.is_err() && call(&offscreen, "hasDocument", &[]).await.ok().and_then(|v| v.as_bool()) != Some(true) {
        return made.map(|_| ());
    }
    let runtime = global(&["chrome", "runtime"]);
    let message = object(&[("target", "offscreen".into()), ("kind", "clear-clipboard".into())]);
    // Its listener may come a moment after the document (no receiver yet): asked again, for up
    // to five seconds (a busy machine).
    let mut done = Err(JsValue::UNDEFINED);
    for _ in 0..100 {
        done = call(&runtime, "sendMessage", std::slice::from_ref(&message)).await;
        if done.is_ok() {
            break;
        }
        sleep(50.0).await;
    }
    let _ = call(&offscreen, "closeDocument", &[]).await;
    match done {
        Ok(reply) if get(&reply, "ok").as_bool() == Some(true) => Ok(()),
        Ok(_) => Err("the offscreen document could not write the clipboard".into()),
        Err(e) => Err(e),
    }
}

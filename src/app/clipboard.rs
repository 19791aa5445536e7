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

use super::browser::{
    alarm_at, alarm_clear, clipboard_write, get, has_offscreen, now_ms, object, offscreen_close, offscreen_is_open, offscreen_open,
    send_message, session_delete, session_read, session_write, sleep,
};
use crate::options::{clipboard_clear_at, clipboard_clear_due, CLEAR_RETRY_MS};
use wasm_bindgen::prelude::*;

/// Session-storage key of when the clipboard is to be cleared (ms since the epoch).
const CLEAR_AT: &str = "clipboard:clear-at";
/// The timer that clears it.
pub const CLEAR_ALARM: &str = "clear-clipboard";
/// The offscreen document (Chromium).
const OFFSCREEN: &str = "offscreen/offscreen.html";

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
    if !has_offscreen() {
        // Firefox: the background page itself, with clipboardWrite.
        return clipboard_write("").await;
    }
    // Chromium: an offscreen document does it (one at a time: one left open is used).
    let why = "Clear a password the person copied from the extension, after the time set in the options";
    let made = offscreen_open(OFFSCREEN, "CLIPBOARD", why).await;
    if made.is_err() && !offscreen_is_open().await {
        return made;
    }
    let message = object(&[("target", "offscreen".into()), ("kind", "clear-clipboard".into())]);
    // Its listener may come a moment after the document (no receiver yet): asked again, for up
    // to five seconds (a busy machine).
    let mut done = Err(JsValue::UNDEFINED);
    for _ in 0..100 {
        done = send_message(&message).await;
        if done.is_ok() {
            break;
        }
        sleep(50.0).await;
    }
    offscreen_close().await;
    match done {
        Ok(reply) if get(&reply, "ok").as_bool() == Some(true) => Ok(()),
        Ok(_) => Err("the offscreen document could not write the clipboard".into()),
        Err(e) => Err(e),
    }
}

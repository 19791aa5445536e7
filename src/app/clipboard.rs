//! Clearing a copied password from the clipboard, done by the background after the time the
//! options set, so that it works whatever page copied it and whether or not that page is still
//! open or has the focus (a page may write the clipboard only while it has the focus, and a
//! closed popup cannot at all).
//!
//! - **Chromium**: the service worker has no clipboard; an offscreen document (reason
//!   `CLIPBOARD`, `extension/offscreen/`) reads it and writes an empty text, and is closed again.
//! - **Firefox**: the background page reads it and writes an empty text itself
//!   (`clipboardRead`, `clipboardWrite`: no user activation needed).
//!
//! The clipboard is cleared only if it still holds the password copied: the background keeps a
//! salted digest of it ([`CopiedMark`]), reads the clipboard when the time comes
//! (`clipboardRead`: Firefox's background page itself, Chromium's offscreen document) and
//! compares; something copied meanwhile is left alone. When the clipboard cannot be read, or
//! the sender gave no password to compare with, it is cleared whatever it holds (the safer of
//! the two for the password). A later copy from the extension starts the time again (or cancels the
//! clearing, with the option at 0). The time is kept in `storage.session` and set as a timer
//! (`chrome.alarms`) as well as waited for in the worker, which a browser may stop meanwhile.

use super::browser::{
    alarm_at, alarm_clear, clipboard_read, clipboard_write, get, has_offscreen, now_ms, object, offscreen_close, offscreen_is_open,
    offscreen_open, send_message, session_delete, session_read, session_write, sleep,
};
use crate::options::{clipboard_clear_at, clipboard_clear_due, CLEAR_RETRY_MS};
use crate::protocol::storage_keys::{CLEAR_AT, CLEAR_MARK};
use crate::vault::CopiedMark;
use wasm_bindgen::prelude::*;

/// The timer that clears it.
pub const CLEAR_ALARM: &str = "clear-clipboard";
/// The offscreen document (Chromium).
const OFFSCREEN: &str = "offscreen/offscreen.html";

/// A password was copied from the extension (`mark`: what it was, when known): clears the
/// clipboard in `seconds` if it still holds it (0: never, and an earlier copy's clearing is
/// cancelled: the clipboard holds the newer copy now).
pub async fn copied(seconds: u32, mark: Option<CopiedMark>) {
    // After a clearing under way (it may have read the earlier copy's time): never between its
    // reading and its forgetting that time, which would forget this copy's.
    let turn = CLEARING.lock().await;
    let Some(at) = clipboard_clear_at(now_ms(), seconds) else {
        let _ = session_delete(CLEAR_AT).await;
        let _ = session_delete(CLEAR_MARK).await;
        alarm_clear(CLEAR_ALARM).await;
        return;
    };
    match mark {
        Some(mark) => session_write(CLEAR_MARK, mark.to_text().into()).await,
        None => session_delete(CLEAR_MARK).await,
    }
    .ok();
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
    let mark = session_read(CLEAR_MARK).await.ok().and_then(|v| v.as_string()).and_then(|t| CopiedMark::from_text(&t));
    match clear(mark.as_ref()).await {
        Ok(()) => {
            let _ = session_delete(CLEAR_AT).await;
            let _ = session_delete(CLEAR_MARK).await;
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

/// Whether the clipboard holds something else than the password `mark` was made of (false
/// when it cannot be told: no mark, or a clipboard that cannot be read).
fn holds_something_else(mark: Option<&CopiedMark>, text: Result<String, JsValue>) -> bool {
    match (mark, text) {
        (Some(mark), Ok(text)) => !mark.matches(&text),
        _ => false,
    }
}

/// Writes an empty text to the clipboard, unless it holds something else than the password
/// copied (`mark`).
async fn clear(mark: Option<&CopiedMark>) -> Result<(), JsValue> {
    if !has_offscreen() {
        // Firefox: the background page itself, with clipboardRead and clipboardWrite.
        if mark.is_some() && holds_something_else(mark, clipboard_read().await) {
            return Ok(());
        }
        return clipboard_write("").await;
    }
    // Chromium: an offscreen document does it (one at a time: one left open is used).
    let why = "Clear a password the person copied from the extension, after the time set in the options";
    let made = offscreen_open(OFFSCREEN, "CLIPBOARD", why).await;
    if made.is_err() && !offscreen_is_open().await {
        return made;
    }
    let done = offscreen_clear(mark).await;
    offscreen_close().await;
    done
}

/// Asks the open offscreen document to read the clipboard (when there is a mark to compare
/// with) and to clear it.
async fn offscreen_clear(mark: Option<&CopiedMark>) -> Result<(), JsValue> {
    if mark.is_some() {
        let read = ask_offscreen("read-clipboard").await?;
        let text = if get(&read, "ok").as_bool() == Some(true) {
            get(&read, "text").as_string().ok_or(JsValue::UNDEFINED)
        } else {
            Err(JsValue::UNDEFINED)
        };
        if holds_something_else(mark, text) {
            return Ok(());
        }
    }
    match ask_offscreen("clear-clipboard").await {
        Ok(reply) if get(&reply, "ok").as_bool() == Some(true) => Ok(()),
        Ok(_) => Err("the offscreen document could not write the clipboard".into()),
        Err(e) => Err(e),
    }
}

/// Sends `kind` to the offscreen document. Its listener may come a moment after the document
/// (no receiver yet): asked again, for up to five seconds (a busy machine).
async fn ask_offscreen(kind: &str) -> Result<JsValue, JsValue> {
    let message = object(&[("target", "offscreen".into()), ("kind", kind.into())]);
    let mut done = Err(JsValue::UNDEFINED);
    for _ in 0..100 {
        done = send_message(&message).await;
        if done.is_ok() {
            break;
        }
        sleep(50.0).await;
    }
    done
}

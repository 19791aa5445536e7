//! The new password: found in Apple's dialog after Create, handed to the background (which
//! seals and stores it; only its acknowledgement says "Saved"), asked again once if the worker
//! was stopped, at most a few a minute; copied by the hint's Copy. It lives in the module's memory
//! only while the journey needs it. Also the label bookkeeping both the capture and the fill
//! need: Apple's list of labels, the label typed or filled.

use super::*;
use gloo_timers::callback::Timeout;

/// The most passwords one page captures in a minute (Apple shows one per Create).
pub(super) const CAPTURES_PER_MINUTE: usize = 3;

/// Where the capture of the password on screen stands. The password lives in the module's
/// memory only while the page shows it, and leaves it only in the message to the background.
#[derive(Clone, PartialEq, Default)]
pub(super) enum Password {
    #[default]
    None,
    Pending(String),
    Saved(String),
    Failed(String),
}

/// The capture's state, and the labels it and the fill keep.
#[derive(Default)]
pub(super) struct Capture {
    /// The password shown on the page and where its capture stands.
    pub(super) password: Password,
    /// When (ms) the captures of the last minute were sent (see [`CAPTURES_PER_MINUTE`]).
    times: Vec<f64>,
    /// The capture asked again after no answer (cancelled with a new password).
    retry: Option<Timeout>,
    /// Labels in Apple's list, as last seen (a new label must differ).
    pub(super) known_labels: Vec<String>,
    /// The label typed or filled, as last seen in the label field.
    pub(super) label_seen: String,
    /// The preset the user filled, if any.
    pub(super) preset_used: Option<&'static str>,
    /// Apple's list as last reported to the background.
    reported_labels: Option<Vec<String>>,
}

impl Capture {
    pub(super) fn password(&self) -> Option<&str> {
        match &self.password {
            Password::None => None,
            Password::Pending(p) | Password::Saved(p) | Password::Failed(p) => Some(p),
        }
    }

    /// The journey is done: the password leaves the module's memory (the vault has it, sealed;
    /// or it was never saved, and the summary says so).
    pub(super) fn finish(&mut self) {
        if matches!(self.password, Password::Saved(_) | Password::Failed(_)) {
            self.password = Password::None;
        }
    }
}

/// Hands the password on screen to the background, which seals and stores it; only its
/// acknowledgement marks the host `data-apg-captured="true"` and says "Saved".
fn send_capture(g: &mut Guide, password: String) {
    g.capture.password = Password::Pending(password.clone());
    g.capture.retry = None;
    ask_capture(g, password, true);
}

/// How long to wait before asking again when the background did not answer (its worker was
/// stopped mid-capture: the browser starts a new one for the next message).
const CAPTURE_RETRY_MS: u32 = 1000;

fn ask_capture(g: &Guide, password: String, may_retry: bool) {
    let account = g.dom.select(ACCOUNT_SOURCES).iter().find_map(|e| email_in(&g.dom.text(e)).map(str::to_owned));
    // The closure keeps the password to compare with the one on screen when the answer comes.
    let sent = password.clone();
    let msg = ContentMessage::Capture {
        password: &sent,
        label: &g.capture.label_seen,
        account: account.as_deref(),
        preset: g.capture.preset_used,
    };
    ask_background(&msg, move |reply| {
        let CaptureAnswer { ok, error } = CaptureAnswer::decode(reply.as_ref().map(from_js).as_ref());
        with_guide(|g| {
            // An answer about a password no longer the one on screen changes nothing.
            if g.capture.password != Password::Pending(password.clone()) {
                return;
            }
            if reply.is_none() && may_retry {
                // No answer at all: whether it was written is unknown. Asking again is safe —
                // the background stores a password once, and answers for one already stored.
                g.capture.retry = Some(after(CAPTURE_RETRY_MS, move || {
                    with_guide(|g| {
                        g.capture.retry = None;
                        ask_capture(g, password, false)
                    })
                }));
                return;
            }
            g.capture.password = if ok { Password::Saved(password) } else { Password::Failed(password) };
            if ok {
                g.flow.act(Action::Saved, None);
                g.save();
            }
            g.overlay.mark("data-apg-captured", if ok { "true" } else { "false" });
            let note = match error.as_deref() {
                _ if ok => "capture_saved",
                Some("error_storage_full") => "capture_failed_full",
                Some("capture_limited") => "capture_limited",
                Some("error_newer_data") => "capture_failed_newer",
                _ => "capture_failed",
            };
            g.set_note(message(note, &[]));
        });
    });
}

/// Copies the new password from the module's memory (never from the page) to the clipboard,
/// says so, and has the background clear the clipboard after the user's time.
pub(super) fn copy_password() {
    with_guide(|g| {
        let Some(password) = g.capture.password().map(str::to_owned) else { return };
        let seconds = g.label_options.clipboard_clear_seconds;
        let written = g.window.navigator().clipboard().write_text(&password);
        let on_done = Closure::once_into_js(move |_: JsValue| {
            // The background clears it after the user's time (whether or not this page is
            // still open or in front then): a page may not write the clipboard later.
            ask_background(&ContentMessage::Copied, |_| {});
            with_guide(|g| {
                let note = if seconds > 0 {
                    message("copied_clears_later", &[&crate::dom::decimal(seconds.into())])
                } else {
                    message("password_copied", &[])
                };
                g.overlay.mark("data-apg-copied", "true");
                g.flow.act(Action::Copied, None);
                g.set_note(note);
                g.look();
            });
        });
        let on_error = Closure::once_into_js(|_: JsValue| with_guide(|g| g.set_note(message("password_copy_failed", &[]))));
        // `then` through the promise itself: the callbacks are one-shot JS functions.
        if let Ok(then) = js_sys::Reflect::get(&written, &"then".into()).and_then(|t| t.dyn_into::<js_sys::Function>()) {
            let _ = then.call2(&written, &on_done, &on_error);
        }
    })
}

impl Guide {
    /// Keeps what the label fill and the capture need: Apple's existing labels (reported to
    /// the background when they change), and the label in the field.
    pub(super) fn keep_labels(&mut self, found: Option<&'static Step>) {
        let labels: Vec<String> = self.dom.select(EXISTING_LABELS).iter().map(|e| self.dom.text(e).trim().to_string()).collect();
        // Apple's list is shown while the dialog's list (or its empty state) is: report it when it
        // changes, so the popup can count Apple's 25 slots and notice revoked passwords.
        let list_showing = !labels.is_empty() || found.is_some_and(|s| s.id == Id::Generate);
        if list_showing && self.capture.reported_labels.as_ref() != Some(&labels) && self.in_app_dialog_or_legacy() {
            self.capture.reported_labels = Some(labels.clone());
            ask_background(&ContentMessage::AppleList(&labels), |_| {});
        }
        if !labels.is_empty() {
            self.capture.known_labels = labels;
        }
        if found.is_some_and(|s| matches!(s.id, Id::Label | Id::Create)) {
            if let Some(v) = label_field(&self.dom) {
                self.capture.label_seen = v;
            }
        }
    }

    /// Captures the password `target` shows: the copy step's target, found inside Apple's
    /// dialog only, after Create, and visible (see the step table and
    /// [`Guide::is_new_password`]). Once per password, at most [`CAPTURES_PER_MINUTE`].
    pub(super) fn capture_shown(&mut self, target: &Element) {
        let Some(pw) = password_in(&self.dom, target) else { return };
        if self.capture.password() == Some(pw.as_str()) {
            return;
        }
        // A page that shows password after password (it is not Apple's flow) gets a few
        // stored, not an unbounded stream.
        let t = now(&self.window);
        self.capture.times.retain(|c| t - c < 60_000.0);
        if self.capture.times.len() < CAPTURES_PER_MINUTE {
            self.capture.times.push(t);
            send_capture(self, pw);
        } else {
            self.set_note(message("capture_limited", &[]));
        }
    }

    /// Whether what is shown is the App-Specific Passwords dialog, or the legacy page's list.
    pub(super) fn in_app_dialog_or_legacy(&self) -> bool {
        in_app_password_dialog(&self.dom) || !self.dom.select(LEGACY_LIST).is_empty()
    }
}

/// The app-specific password `target` shows, as its value or its text.
pub(super) fn password_in(dom: &WebDom, target: &Element) -> Option<String> {
    dom.value(target).filter(|v| is_app_password(v)).or_else(|| find_in_text(&dom.text(target)).map(str::to_owned))
}

/// The label field's current value, if the field is on the page.
pub(super) fn label_field(dom: &WebDom) -> Option<String> {
    let field = step_of(Id::Label).and_then(|s| find_target(dom, s))?;
    dom.value(&field)
}

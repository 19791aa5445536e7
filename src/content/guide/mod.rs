//! The controller: starts the guide ([`start`]), looks at the page (asks the recognizer what it
//! shows and the flow what to display), captures a new password it shows, shows the hint, and
//! saves the tab's memory to the background. Its parts, each named by what it owns:
//! [`schedule`] (when to look: frame throttle, timers, following, fades), [`watch`] (the
//! mutation observer, what a batch of page changes means, the modal dialogs), [`place`] (the
//! anchor's box and where the hint goes on screen), [`capture`] (the new password: sending,
//! retry, Copy; the labels) and [`fill`] (the one-click label).
//!
//! Page overhead: while a hint is anchored and the user is not acting, only the part of the
//! page that holds the anchor or an open dialog is watched (see [`watch::Scope`]): the page's
//! changes elsewhere never reach the core, and a layout they move the target by is caught by
//! [`schedule::FOLLOW_MS`]'s check. A batch in the watched part is first checked against the
//! elements recognition reads ([`watched_selector`]), looking only at the changed nodes and
//! their ancestors, never the whole document. An unrelated batch costs that check and, when a
//! hint is anchored, asks an IntersectionObserver for the target's box as of the next
//! rendering (the page's layout may have moved it): the browser computes it with the frame, so
//! no layout is forced, and only a box that moved is re-placed. A related batch gets a look at
//! once (so a hint is painted in the frame its target appears in), and further ones in the
//! same frame are folded into one look on the next frame.

use super::browser::{ask_background, copy_text, from_js, message, on_background_message};
use super::listener::Listener;
use super::overlay::{Content, Labels, Overlay};
use super::web_dom::{outline, Change, Selector, WebDom};
use crate::dom::Dom;
use crate::flow::{Action, Flow, Memory, Observation, View, BACKWARD_MS};
use crate::label::{apply_template, validate, LabelError, PRESETS};
use crate::password::{email_in, find_in_text, is_app_password};
use crate::placement::Rect;
use crate::protocol::content::{CaptureAnswer, ContentMessage, GuideOptions, HelloAnswer, TabMessage};
use crate::recognize::{
    detect_problem_with, detect_with, dialogs_under_ours, expected_here, find_target, in_app_password_dialog, knows_page_language,
    stacked_on_ours, text_holders, watched_selector, Found, Stage, Trouble,
};
use crate::steps::{
    index_of, step_of, Id, Journey, Step, ACCOUNT_SOURCES, DIALOGS, EXISTING_LABELS, LEGACY_LIST, MODAL_DIALOGS, SESSION_EXPIRED,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, IntersectionObserver, IntersectionObserverEntry, MutationObserver, MutationObserverInit, Node,
    Window,
};

mod capture;
mod fill;
mod place;
mod schedule;
mod start;
mod watch;

use capture::{copy_password, password_in, Capture};
use fill::fill;
use place::{bring_into_view, Follower};
use schedule::{after, follow, schedule, schedule_in, Schedule};
pub use start::start;
use start::LabelOptions;
use watch::{ModalState, Watch};

/// The most lines a copied page outline has.
const OUTLINE_LINES: usize = 2000;

struct Guide {
    window: Window,
    dom: WebDom,
    overlay: Overlay,
    flow: Flow,
    /// What is on screen, and the element it is anchored to.
    view: View,
    anchor: Option<Element>,
    /// When a step was last detected (ms, `performance.now()`).
    last_found_ms: f64,
    /// The step detected last, and since when (ms) it has been the same.
    detected: Option<Id>,
    detected_since_ms: f64,
    /// The memory the background last stored.
    saved: Memory,
    /// The user's label options: suffix template, device name, remembered own label.
    label_options: LabelOptions,
    /// A line above the hint for this step (a fill's result, the capture's state).
    note: String,
    /// The person asked for the guide on this page (Alt+Shift+G, Guide me): auto-start's
    /// setting no longer matters here.
    asked: bool,
    /// The tab's memory said the guide was running when this page began (asked for earlier).
    started_before: bool,
    schedule: Schedule,
    watch: Watch,
    follower: Follower,
    capture: Capture,
    _listeners: Vec<Listener>,
}

/// What one look saw on the page.
struct Seen {
    found: Option<Found<Element>>,
    trouble: Option<Trouble<Element>>,
    obs: Observation,
}

thread_local! {
    static GUIDE: RefCell<Option<Guide>> = const { RefCell::new(None) };
    /// A call to the guide came while it was busy (see [`with_guide`]).
    static MISSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` on the guide. Never re-entered: a call made while the guide is busy (a page's own
/// listener that dispatches events at the window from inside one of ours, which runs ours at
/// once) is not run but answered with a look once the guide is free: a borrow held across a
/// call into the page must never be met by a second one (that panicked, and the guide was gone
/// for the page's life).
fn with_guide(f: impl FnOnce(&mut Guide)) {
    let ran = GUIDE.with(|g| match g.try_borrow_mut() {
        Ok(mut guide) => {
            if let Some(guide) = guide.as_mut() {
                f(guide);
            }
            true
        }
        Err(_) => false,
    });
    if !ran {
        MISSED.with(|m| m.set(true));
        return;
    }
    if MISSED.with(|m| m.replace(false)) {
        schedule();
    }
}

fn now(window: &Window) -> f64 {
    window.performance().map_or(0.0, |p| p.now())
}

fn act(action: Action) {
    with_guide(|g| {
        let shown = match g.view {
            View::Step { step, .. } => Some(step),
            _ => None,
        };
        if action == Action::Copied && shown.map(|s| s.id) != Some(Id::Copy) {
            return;
        }
        g.flow.act(action, shown);
        g.asked |= action == Action::Restart;
        if action == Action::Close {
            if let Some(a) = g.anchor.as_ref().and_then(|a| a.dyn_ref::<HtmlElement>()) {
                // Give focus back to the page, where the user was acting.
                let _ = a.focus();
            }
        }
        g.look();
    });
}

fn copy_outline() {
    with_guide(|g| {
        copy_text(&outline(&g.dom.document, OUTLINE_LINES));
        g.overlay.announce(&message("outline_copied", &[]));
        g.overlay.mark("data-apg-outline", "copied");
    })
}

impl Guide {
    /// Shows `note` in the hint, and places the hint again (it grew or shrank).
    fn set_note(&mut self, note: String) {
        self.note = note;
        self.overlay.set_note(&self.note);
        if let Some(a) = self.anchor.clone().filter(|a| a.is_connected()) {
            self.place(&a);
        }
    }

    /// Looks at the page, captures the new password it shows, decides what to show, shows it,
    /// and saves the tab's memory; and looks again soon while something it met is hidden only
    /// by its opacity (see [`Guide::watch_fade`]).
    fn look(&mut self) {
        self.dom.take_faded();
        if self.flow.memory.dismissed {
            // Closed in this tab: no work on the page at all until the user starts it again.
            self.overlay.hide();
            self.view = View::Hidden;
            self.anchor = None;
        } else {
            let seen = self.observe();
            self.keep_labels(seen.found.as_ref().map(|f| f.step));
            if let Some(f) = seen.found.as_ref().filter(|f| f.step.id == Id::Copy) {
                self.capture_shown(&f.target);
            }
            self.render(seen);
        }
        self.rescope();
        self.watch_fade();
    }

    /// What the page shows: the step, a problem, the step its address implies, and for how long.
    fn observe(&mut self) -> Seen {
        let t = now(&self.window);
        let ours = in_app_password_dialog(&self.dom);
        if ours {
            self.watch.foreign = dialogs_under_ours(&self.dom);
        }
        self.note_modal();
        let dialog_ok = ours || stacked_on_ours(&self.dom) || self.in_journey() || self.structure_mode();
        let stage = match dialog_ok {
            false => Stage::Outside,
            true if self.past_create() => Stage::Created,
            true => Stage::InDialog,
        };
        let mut found = detect_with(&self.dom, stage, &self.watch.foreign);
        if found.as_ref().is_some_and(|f| f.step.id == Id::Copy && !self.is_new_password(&f.target)) {
            found = detect_with(&self.dom, Stage::InDialog, &self.watch.foreign);
        }
        if found.is_some() {
            self.last_found_ms = t;
        }
        let id = found.as_ref().map(|f| f.step.id);
        if id != self.detected {
            self.detected = id;
            self.detected_since_ms = t;
        }
        let trouble = detect_problem_with(&self.dom, dialog_ok, &self.watch.foreign);
        let obs = Observation {
            step: found.as_ref().map(|f| f.step),
            problem: trouble.as_ref().map(|t| t.problem),
            expected: expected_here(&self.dom, self.flow.memory.last),
            missing_ms: (t - self.last_found_ms).max(0.0) as u32,
            stable_ms: (t - self.detected_since_ms).max(0.0) as u32,
            modal_gone_ms: match self.watch.modal {
                ModalState::Open(_) => 0,
                ModalState::GoneAt(gone) => (t - gone).max(0.0) as u32,
                ModalState::Never => u32::MAX,
            },
        };
        Seen { found, trouble, obs }
    }

    /// Decides what to show of what the page shows, and shows it.
    fn render(&mut self, seen: Seen) {
        let Seen { found, trouble, obs } = seen;
        let (expected, missing_ms, stable_ms) = (obs.expected, obs.missing_ms, obs.stable_ms);
        let view = self.flow.view(&obs);
        if let (View::Step { step: a, .. }, View::Step { step: b, .. }) = (self.view, view) {
            if a != b {
                self.note.clear();
            }
        }
        match view {
            View::Hold => {
                let wait = expected.or(self.flow.memory.last).map_or(4000, |s| s.wait_ms);
                let until_wait = wait as i32 - missing_ms as i32;
                let until_settled = BACKWARD_MS as i32 - stable_ms as i32;
                let until_lost = BACKWARD_MS as i32 - missing_ms as i32;
                let next = match found {
                    Some(_) => until_settled,
                    None if self.anchor.is_some() && until_lost > 0 => until_lost.min(until_wait),
                    None => until_wait,
                };
                schedule_in(self, next + 20);
                match (self.view, self.anchor.clone()) {
                    // Lost for longer than a re-mount takes: the page changed under the hint, so
                    // no ring on what may now be something else (a filled field, the tile behind
                    // a dialog); the same hint as a plain panel while the wait runs.
                    (View::Step { step, .. }, Some(_)) if found.is_none() && until_lost <= 0 => self.show_step(step, None, false),
                    (_, Some(a)) if a.is_connected() => self.place(&a),
                    _ => {}
                }
                self.save();
                return;
            }
            View::Hidden => {
                self.overlay.hide();
                self.anchor = None;
            }
            View::Finished => {
                self.capture.finish();
                let m = &self.flow.memory;
                let body = if m.saved {
                    "finished_body"
                } else if m.copied {
                    "finished_body_copied"
                } else {
                    "finished_body_lost"
                };
                let hint = message(body, &[]);
                self.overlay.show(
                    &Content {
                        id: Id::Finished.as_str(),
                        progress: "",
                        hint: &hint,
                        note: &message("finished_title", &[]),
                        back: false,
                        next: false,
                        outline: false,
                        chips: false,
                        copy: false,
                    },
                    false,
                );
                self.place_panel();
                self.anchor = None;
            }
            View::Problem(problem) => {
                let anchor = match trouble {
                    Some(t) => Some(t.anchor),
                    None if problem == &SESSION_EXPIRED => found.map(|f| f.target),
                    None => None,
                };
                let hint = message(problem.hint, &[]);
                let content = Content {
                    id: problem.id.as_str(),
                    progress: "",
                    hint: &hint,
                    note: "",
                    back: false,
                    next: false,
                    outline: false,
                    chips: false,
                    copy: false,
                };
                self.show(&content, anchor);
            }
            View::Step { step, anchored } => {
                let target = if !anchored {
                    None
                } else if found.as_ref().is_some_and(|f| f.step == step) {
                    found.map(|f| f.target)
                } else {
                    find_target(&self.dom, step)
                };
                self.show_step(step, target, !anchored);
            }
        }
        self.view = view;
        self.save();
    }

    /// Whether this tab's journey is inside the App-Specific Passwords dialog (past Generate),
    /// so the dialogs that follow, like the password confirmation, are ours even unnamed.
    fn in_journey(&self) -> bool {
        self.flow
            .memory
            .last
            .is_some_and(|l| l.journey == Journey::AppPassword && index_of(l.id) >= index_of(Id::Generate) && !self.flow.memory.finished)
    }

    /// Takes the options in force (see the background's `options` message): the label
    /// options, and auto-start turned off, which hides a guide that started by itself here.
    fn apply_options(&mut self, options: GuideOptions) {
        let auto_start = options.auto_start;
        self.label_options = LabelOptions::new(options);
        self.overlay.set_custom_chip(&self.label_options.custom);
        if auto_start == Some(false) && !self.asked && !self.started_before && !self.flow.memory.dismissed {
            self.flow.act(Action::Close, None);
            self.look();
        }
    }

    /// Whether the password in `target` can be the new one: the first that appeared after
    /// Create, or, once one did, that same one. Another password-shaped text afterwards (an
    /// example in the list's description, uncovered when the result closed) is not new.
    fn is_new_password(&self, target: &Element) -> bool {
        let shown_before = matches!(self.flow.memory.last.map(|l| l.id), Some(Id::Copy | Id::Done));
        match self.capture.password() {
            Some(known) if shown_before => password_in(&self.dom, target).as_deref() == Some(known),
            _ => true,
        }
    }

    /// Whether this tab's journey has passed Create (the label was filled and Create shown, or
    /// later): only then can a password in our dialog be the new one, and be captured.
    fn past_create(&self) -> bool {
        self.in_journey() && self.flow.memory.last.is_some_and(|l| index_of(l.id) >= index_of(Id::Create))
    }

    /// On a page in a language we have no words for, the dialog cannot be recognised by its
    /// name: once the user has been pointed at the tile, structure must do.
    fn structure_mode(&self) -> bool {
        !knows_page_language(&self.dom)
            && self.flow.memory.last.is_some_and(|l| l.journey == Journey::AppPassword && index_of(l.id) >= index_of(Id::OpenAppPasswords))
    }

    /// Shows a step: anchored to `target`, or as a panel. `fallback` says the page did not show
    /// what the guide expects (then the panel says so and offers the page outline); a step the
    /// user moved to with Back or Next whose target is not on the page is a plain panel.
    fn show_step(&mut self, step: &'static Step, target: Option<Element>, fallback: bool) {
        let (n, m) = self.flow.progress(step);
        let progress_text = message("step_progress", &[&crate::dom::decimal(n as u64), &crate::dom::decimal(m as u64)]);
        let hint = message(step.hint, &[]);
        let note = if fallback { message("fallback_note", &[]) } else { self.note.clone() };
        let last = n == m;
        let content = Content {
            id: step.id.as_str(),
            progress: &progress_text,
            hint: &hint,
            note: &note,
            back: n > 1,
            next: !last,
            outline: fallback,
            chips: step.id == Id::Label,
            copy: step.id == Id::Copy && self.capture.password().is_some(),
        };
        self.show(&content, target);
    }

    fn show(&mut self, content: &Content, target: Option<Element>) {
        self.overlay.show(content, target.is_some());
        match &target {
            Some(t) => {
                if self.anchor.as_ref() != Some(t) {
                    bring_into_view(&self.window, t);
                    // A pending report would be of the old anchor.
                    self.follower.cancel();
                }
                self.place(t);
                follow(self);
            }
            None => self.place_panel(),
        }
        self.anchor = target;
    }

    /// Sends the tab's memory to the background when it changed.
    fn save(&mut self) {
        if self.flow.memory != self.saved {
            self.saved = self.flow.memory.clone();
            ask_background(&ContentMessage::Remember(&self.saved), |_| {});
        }
    }
}

fn as_element(node: &Node) -> Option<&Element> {
    (node.node_type() == Node::ELEMENT_NODE).then(|| node.unchecked_ref())
}

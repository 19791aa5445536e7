//! The controller: starts the guide, looks at the page (asks the recognizer what it shows and
//! the flow what to display), shows it, and saves the tab's memory to the background. Its parts,
//! each named by what it owns: [`schedule`] (when to look: frame throttle, timers, following),
//! [`watch`] (what a batch of page changes means), [`place`] (where the hint goes on screen),
//! [`capture`] (the new password: capture, retry, Copy) and [`fill`] (the one-click label).
//!
//! Page overhead: a mutation batch is first checked against the elements recognition reads
//! ([`watched_selector`]), looking only at the changed nodes and their ancestors, never the
//! whole document. An unrelated batch costs that check and, when a hint is anchored, asks an
//! IntersectionObserver for the target's box as of the next rendering (the page's layout may
//! have moved it): the browser computes it with the frame, so no layout is forced, and only a
//! box that moved is re-placed. A related batch gets a look at once (so a hint is painted in
//! the frame its target appears in), and further ones in the same frame are folded into one
//! look on the next frame.

use super::browser::{ask_background, copy_text, memory_from_js, memory_to_js, message, on_background_message, request};
use super::listener::Listener;
use super::overlay::{Content, Labels, Overlay};
use super::web_dom::{outline, Change, Selector, WebDom};
use crate::dom::Dom;
use crate::flow::{Action, Flow, Memory, Observation, View, BACKWARD_MS};
use crate::label::{apply_template, validate, LabelError, PRESETS};
use crate::password::{email_in, find_in_text, is_app_password};
use crate::placement::Rect;
use crate::recognize::{
    detect_problem_with, detect_with, dialogs_under_ours, expected_here, find_target, in_app_password_dialog, knows_page_language,
    stacked_on_ours, text_holders, watched_selector, Stage,
};
use crate::steps::{index_of, step, Journey, Step, ACCOUNT_SOURCES, DIALOGS, EXISTING_LABELS, LEGACY_LIST, MODAL_DIALOGS, SESSION_EXPIRED};
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
mod watch;

use capture::{copy_password, password_in, Capture};
use fill::fill;
use place::bring_into_view;
use schedule::{follow, schedule, schedule_in};
use watch::{on_mutations, WATCHED_ATTRIBUTES};

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
    /// Modal dialogs that were open under the App-Specific Passwords dialog: never ours.
    foreign: Vec<Element>,
    /// Whether a modal dialog is open (and which), or when the last one went.
    modal_state: ModalState,
    /// The step detected last, and since when (ms) it has been the same.
    detected: Option<&'static str>,
    detected_since_ms: f64,
    /// The memory the background last stored.
    saved: Memory,
    /// Labels in Apple's list, as last seen (a new label must differ).
    known_labels: Vec<String>,
    /// The label typed or filled, as last seen in the label field.
    label_seen: String,
    /// The preset the user filled, if any.
    preset_used: Option<&'static str>,
    /// The user's label options: suffix template, device name, remembered own label.
    label_options: LabelOptions,
    /// Apple's list as last reported to the background.
    reported_labels: Option<Vec<String>>,
    /// The password shown on the page and where its capture stands.
    capture: Capture,
    /// When (ms) the captures of the last minute were sent (see [`CAPTURES_PER_MINUTE`]).
    capture_times: Vec<f64>,
    /// A line above the hint for this step (a fill's result, the capture's state).
    note: String,
    /// The elements whose changes can matter (see [`watched_selector`]), and those whose
    /// text can ([`text_holders`]).
    watched: Selector,
    text_holders: Selector,
    /// [`MODAL_DIALOGS`], to see one arrive among added nodes.
    modals: Selector,
    /// Reports the anchor's box after a rendering, to follow a target the page's layout moved.
    follower: IntersectionObserver,
    /// A frame callback is requested: it ends this frame's throttle and runs what is due.
    frame_pending: bool,
    /// A look is due on the next frame.
    look_due: bool,
    /// The follower is asked for the anchor's box.
    place_due: bool,
    /// The anchor's box when the hint was last placed beside it.
    placed: [i32; 4],
    /// The viewport's size in the follower's last report (a scroll bar coming or going changes
    /// it without a `resize` event).
    root_seen: Option<[i32; 2]>,
    /// The person asked for the guide on this page (Alt+Shift+G, Guide me): auto-start's
    /// setting no longer matters here.
    asked: bool,
    /// The tab's memory said the guide was running when this page began (asked for earlier).
    started_before: bool,
    /// When (ms, `performance.now()`) the earliest look scheduled on a timer is due.
    timer_at: Option<f64>,
    /// The ring's re-placement (see [`follow`]) is scheduled.
    follow_pending: bool,
    /// Since when (ms) the looks have met an element hidden only by its opacity.
    faded_since: Option<f64>,
    _observer: MutationObserver,
    _listeners: Vec<Listener>,
}

/// Whether a modal dialog is open on the page (the one seen, see [`Guide::note_modal`]), or
/// when (ms) the last one went.
enum ModalState {
    Never,
    Open(Element),
    GoneAt(f64),
}

/// The options the label fill uses (from the background's hello, already checked there).
#[derive(Default)]
struct LabelOptions {
    template: String,
    device: String,
    custom: String,
    /// The preset offered first, as an index into `PRESETS`.
    default_preset: Option<usize>,
    /// Seconds after which a copied password is cleared from the clipboard (0: never).
    clipboard_clear_seconds: u32,
}

fn option_text(options: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(options, &key.into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

impl LabelOptions {
    /// From the options the background sends (already checked there).
    fn from_js(options: &JsValue) -> Self {
        LabelOptions {
            template: option_text(options, "labelTemplate"),
            device: option_text(options, "deviceName"),
            custom: option_text(options, "customLabel"),
            default_preset: PRESETS.iter().position(|p| p.id == option_text(options, "defaultPreset")),
            clipboard_clear_seconds: js_sys::Reflect::get(options, &"clipboardClearSeconds".into())
                .ok()
                .and_then(|v| v.as_f64())
                .map_or(30, |v| v.clamp(0.0, 600.0) as u32),
        }
    }
}

thread_local! {
    static GUIDE: RefCell<Option<Guide>> = const { RefCell::new(None) };
    /// Until the guide is there (the background's first answer can take seconds in a cold
    /// browser): whether the person asked for it meanwhile, and the key listener that notes it.
    static EARLY: RefCell<(bool, Option<Listener>)> = const { RefCell::new((false, None)) };
    /// A call to the guide came while it was busy (see [`with_guide`]).
    static MISSED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether `k` is Alt+Shift+G, the guide's own key.
fn is_guide_key(k: &web_sys::KeyboardEvent) -> bool {
    k.alt_key() && k.shift_key() && k.code() == "KeyG"
}

/// Notes that the person asked for the guide before it was there.
fn ask_early() {
    EARLY.with(|e| e.borrow_mut().0 = true);
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

/// Starts the guide on this page: asks the background for the tab's memory, then watches.
/// Alt+Shift+G and the background's restart are taken from this moment on (and, through
/// `asked`, from the loader's): what comes before the answer is kept and done once it is there.
pub fn start(core_path: &str, asked: bool) -> Result<(), JsValue> {
    if GUIDE.with(|g| g.try_borrow().map_or(true, |g| g.is_some())) {
        return Ok(());
    }
    let window = web_sys::window().ok_or("no window")?;
    let early = Listener::trusted(&window, "keydown", true, |e| {
        if e.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(is_guide_key) {
            e.prevent_default();
            ask_early();
        }
    });
    EARLY.with(|e| *e.borrow_mut() = (asked, Some(early)));
    on_background_message(|msg| {
        let restart = js_sys::Reflect::get(&msg, &"kind".into()).ok().and_then(|k| k.as_string()).as_deref() == Some("restart");
        if restart {
            if GUIDE.with(|g| g.try_borrow().map_or(true, |g| g.is_some())) {
                act(Action::Restart);
            } else {
                ask_early();
            }
        } else if js_sys::Reflect::get(&msg, &"kind".into()).ok().and_then(|k| k.as_string()).as_deref() == Some("options") {
            // The options in force, once the background has read an administrator's: the
            // first hint used the ones it knew before.
            let options = js_sys::Reflect::get(&msg, &"options".into()).unwrap_or(JsValue::UNDEFINED);
            with_guide(|g| g.apply_options(&options));
        }
        // Answered at once, before the guide is there: the background then knows this tab
        // takes it (and opens no other).
        restart
    });
    let core_path = core_path.to_string();
    ask_background(&request("hello", &[]), move |reply| {
        let version = reply.as_ref().and_then(|r| js_sys::Reflect::get(r, &"version".into()).ok()).and_then(|v| v.as_string());
        let memory = reply
            .as_ref()
            .and_then(|r| js_sys::Reflect::get(r, &"memory".into()).ok())
            .filter(|m| m.is_object())
            .map(|m| memory_from_js(&m));
        let options = reply.as_ref().and_then(|r| js_sys::Reflect::get(r, &"options".into()).ok()).unwrap_or(JsValue::UNDEFINED);
        let label_options = LabelOptions::from_js(&options);
        // No memory from the background (it refused or did not answer: a prerendered page, a
        // worker restarting): whether auto-start is on is unknown, so the guide waits to be asked.
        let memory = memory.unwrap_or(Memory { dismissed: true, ..Memory::default() });
        if let Err(e) = begin(&core_path, memory, label_options) {
            super::browser::report_error(&e.as_string().unwrap_or_else(|| "could not start the guide".into()));
            return;
        }
        with_guide(|g| g.overlay.mark("data-apg-background", version.as_deref().unwrap_or("unreachable")));
        // Asked before the guide was there: start it now, and move focus into it.
        let (asked, _listener) = EARLY.with(|e| std::mem::take(&mut *e.borrow_mut()));
        if asked {
            // As the key does once the guide is there: a guide already running goes on.
            if GUIDE.with(|g| {
                g.try_borrow().ok().is_some_and(|g| g.as_ref().is_some_and(|g| !g.flow.memory.started || g.flow.memory.dismissed))
            }) {
                act(Action::Restart);
            }
            with_guide(|g| g.overlay.focus_first());
        }
    });
    Ok(())
}

fn begin(core_path: &str, memory: Memory, label_options: LabelOptions) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let root = document.document_element().ok_or("no document element")?;
    let labels = Labels {
        title: &message("guide_title", &[]),
        back: &message("action_back", &[]),
        next: &message("action_next", &[]),
        close: &message("action_close", &[]),
        outline: &message("action_copy_outline", &[]),
        copy: &message("action_copy_password", &[]),
        presets: &message("label_presets", &[]),
        default_preset: label_options.default_preset,
    };
    let overlay = Overlay::new(&document, core_path, &labels)?;
    overlay.set_custom_chip(&label_options.custom);

    let on_mutation = Closure::<dyn FnMut(js_sys::Array)>::new(on_mutations);
    let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref())?;
    // The observer lives as long as the page; its callback must too.
    on_mutation.forget();
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_attributes(true);
    let filter = js_sys::Array::new();
    for a in WATCHED_ATTRIBUTES {
        filter.push(&JsValue::from_str(a));
    }
    init.set_attribute_filter(&filter);
    observer.observe_with_options(&root, &init)?;

    let on_box = Closure::<dyn FnMut(js_sys::Array)>::new(|entries: js_sys::Array| with_guide(|g| g.follow_anchor(&entries)));
    let follower = IntersectionObserver::new(on_box.as_ref().unchecked_ref())?;
    // Lives as long as the page, like the mutation observer.
    on_box.forget();

    let host: HtmlElement = overlay.host.clone();
    let mut listeners: Vec<Listener> =
        overlay.chip_buttons.iter().enumerate().map(|(i, b)| Listener::trusted(b, "click", false, move |_| fill(Some(i)))).collect();
    listeners.push(Listener::trusted(&overlay.custom_chip, "click", false, |_| fill(None)));
    listeners.extend([
        Listener::new(&window, "scroll", true, |_| schedule()),
        Listener::new(&window, "resize", false, |_| schedule()),
        Listener::new(&window, "popstate", false, |_| schedule()),
        Listener::trusted(&document, "copy", true, |_| act(Action::Copied)),
        Listener::trusted(&overlay.buttons.back, "click", false, |_| act(Action::Back)),
        Listener::trusted(&overlay.buttons.next, "click", false, |_| act(Action::Next)),
        Listener::trusted(&overlay.buttons.close, "click", false, |_| act(Action::Close)),
        Listener::trusted(&overlay.buttons.outline, "click", false, |_| copy_outline()),
        Listener::trusted(&overlay.buttons.copy, "click", false, |_| copy_password()),
        Listener::trusted(&window, "keydown", true, move |e| {
            let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
            if is_guide_key(k) {
                // Alt+Shift+G: start the guide here, or reach it from anywhere on the page.
                k.prevent_default();
                let idle = GUIDE.with(|g| {
                    g.try_borrow().ok().is_some_and(|g| g.as_ref().is_some_and(|g| !g.flow.memory.started || g.flow.memory.dismissed))
                });
                if idle {
                    act(Action::Restart);
                }
                with_guide(|g| g.overlay.focus_first());
                return;
            }
            // Only keys pressed inside our popover (retargeted to the host): Apple's own
            // dialogs keep their Esc.
            let ours = e.target().is_some_and(|t| t.dyn_ref::<HtmlElement>() == Some(&host));
            if !ours {
                return;
            }
            if k.key() == "Escape" {
                act(Action::Close);
            } else {
                with_guide(|g| g.overlay.tab_to_target(k, g.anchor.as_ref()));
            }
        }),
    ]);

    let start = now(&window);
    let started_before = memory.started;
    let guide = Guide {
        window,
        dom: WebDom::new(document),
        overlay,
        flow: Flow::new(memory.clone()),
        view: View::Hidden,
        anchor: None,
        last_found_ms: start,
        foreign: Vec::new(),
        modal_state: ModalState::Never,
        detected: None,
        detected_since_ms: start,
        saved: memory,
        known_labels: Vec::new(),
        label_seen: String::new(),
        preset_used: None,
        label_options,
        reported_labels: None,
        capture: Capture::None,
        capture_times: Vec::new(),
        note: String::new(),
        // One `:is()`: cheaper to match than the bare list in Chromium.
        watched: Selector::new(&format!(":is({})", watched_selector())),
        text_holders: Selector::new(&text_holders()),
        modals: Selector::new(MODAL_DIALOGS),
        follower,
        frame_pending: false,
        look_due: false,
        place_due: false,
        placed: [0; 4],
        root_seen: None,
        asked: false,
        started_before,
        timer_at: None,
        follow_pending: false,
        faded_since: None,
        _observer: observer,
        _listeners: listeners,
    };
    GUIDE.with(|g| *g.borrow_mut() = Some(guide));
    with_guide(Guide::look);
    Ok(())
}

fn act(action: Action) {
    with_guide(|g| {
        let shown = match g.view {
            View::Step { step, .. } => Some(step),
            _ => None,
        };
        if action == Action::Copied && shown.map(|s| s.id) != Some("copy") {
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

    /// Looks at the page (see [`Guide::look_once`]), and again soon while something it met is
    /// hidden only by its opacity (see [`Guide::watch_fade`]).
    fn look(&mut self) {
        self.dom.take_faded();
        self.look_once();
        self.watch_fade();
    }

    /// Looks at the page, decides what to show, shows it, and saves the tab's memory.
    fn look_once(&mut self) {
        if self.flow.memory.dismissed {
            // Closed in this tab: no work on the page at all until the user starts it again.
            self.overlay.hide();
            self.view = View::Hidden;
            self.anchor = None;
            return;
        }
        let t = now(&self.window);
        let ours = in_app_password_dialog(&self.dom);
        if ours {
            self.foreign = dialogs_under_ours(&self.dom);
        }
        self.note_modal();
        let dialog_ok = ours || stacked_on_ours(&self.dom) || self.in_journey() || self.structure_mode();
        let stage = match dialog_ok {
            false => Stage::Outside,
            true if self.past_create() => Stage::Created,
            true => Stage::InDialog,
        };
        let mut found = detect_with(&self.dom, stage, &self.foreign);
        if found.as_ref().is_some_and(|f| f.step.id == "copy" && !self.is_new_password(&f.target)) {
            found = detect_with(&self.dom, Stage::InDialog, &self.foreign);
        }
        if found.is_some() {
            self.last_found_ms = t;
        }
        let id = found.as_ref().map(|f| f.step.id);
        if id != self.detected {
            self.detected = id;
            self.detected_since_ms = t;
        }
        let trouble = detect_problem_with(&self.dom, dialog_ok, &self.foreign);
        let expected = expected_here(&self.dom, self.flow.memory.last);
        let missing_ms = (t - self.last_found_ms).max(0.0) as u32;
        let stable_ms = (t - self.detected_since_ms).max(0.0) as u32;
        let obs = Observation {
            step: found.as_ref().map(|f| f.step),
            problem: trouble.as_ref().map(|t| t.problem),
            expected,
            missing_ms,
            stable_ms,
            modal_gone_ms: match self.modal_state {
                ModalState::Open(_) => 0,
                ModalState::GoneAt(gone) => (t - gone).max(0.0) as u32,
                ModalState::Never => u32::MAX,
            },
        };
        self.watch_labels_and_password(found.as_ref().map(|f| (f.step, &f.target)));
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
                // The journey is done: the password leaves the module's memory (the vault has
                // it, sealed; or it was never saved, and the summary says so).
                if matches!(self.capture, Capture::Saved(_) | Capture::Failed(_)) {
                    self.capture = Capture::None;
                }
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
                        id: "finished",
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
                    id: problem.id,
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
            .is_some_and(|l| l.journey == Journey::AppPassword && index_of(l.id) >= index_of("generate") && !self.flow.memory.finished)
    }

    /// Takes the options in force (see the background's `options` message): the label
    /// options, and auto-start turned off, which hides a guide that started by itself here.
    fn apply_options(&mut self, options: &JsValue) {
        self.label_options = LabelOptions::from_js(options);
        self.overlay.set_custom_chip(&self.label_options.custom);
        let auto_start = js_sys::Reflect::get(options, &"autoStart".into()).ok().and_then(|v| v.as_bool());
        if auto_start == Some(false) && !self.asked && !self.started_before && !self.flow.memory.dismissed {
            self.flow.act(Action::Close, None);
            self.look();
        }
    }

    /// Whether the password in `target` can be the new one: the first that appeared after
    /// Create, or, once one did, that same one. Another password-shaped text afterwards (an
    /// example in the list's description, uncovered when the result closed) is not new.
    fn is_new_password(&self, target: &Element) -> bool {
        let shown_before = matches!(self.flow.memory.last.map(|l| l.id), Some("copy" | "done"));
        match self.capture.password() {
            Some(known) if shown_before => password_in(&self.dom, target).as_deref() == Some(known),
            _ => true,
        }
    }

    /// Whether this tab's journey has passed Create (the label was filled and Create shown, or
    /// later): only then can a password in our dialog be the new one, and be captured.
    fn past_create(&self) -> bool {
        self.in_journey() && self.flow.memory.last.is_some_and(|l| index_of(l.id) >= index_of("create"))
    }

    /// On a page in a language we have no words for, the dialog cannot be recognised by its
    /// name: once the user has been pointed at the tile, structure must do.
    fn structure_mode(&self) -> bool {
        !knows_page_language(&self.dom)
            && self.flow.memory.last.is_some_and(|l| l.journey == Journey::AppPassword && index_of(l.id) >= index_of("open-app-passwords"))
    }

    /// Shows a step: anchored to `target`, or as a panel. `fallback` says the page did not show
    /// what the guide expects (then the panel says so and offers the page outline); a step the
    /// user moved to with Back or Next whose target is not on the page is a plain panel.
    fn show_step(&mut self, step: &'static Step, target: Option<Element>, fallback: bool) {
        let (n, m) = self.flow.progress(step);
        let progress_text = message("step_progress", &[&n.to_string(), &m.to_string()]);
        let hint = message(step.hint, &[]);
        let note = if fallback { message("fallback_note", &[]) } else { self.note.clone() };
        let last = n == m;
        let content = Content {
            id: step.id,
            progress: &progress_text,
            hint: &hint,
            note: &note,
            back: n > 1,
            next: !last,
            outline: fallback,
            chips: step.id == "label",
            copy: step.id == "copy" && self.capture.password().is_some(),
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
                    self.follower.disconnect();
                    self.place_due = false;
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
            ask_background(&request("remember", &[("memory", memory_to_js(&self.saved))]), |_| {});
        }
    }
}

fn as_element(node: &Node) -> Option<&Element> {
    (node.node_type() == Node::ELEMENT_NODE).then(|| node.unchecked_ref())
}

//! When the guide looks at the page: at most once per frame (a look asked for in a frame that
//! already had one runs on the next), after a wait runs out (a timer that never hides an earlier
//! deadline behind a later one), every [`FOLLOW_MS`] to keep the ring on a target that layout
//! moved, and shortly again while something is hidden only by its opacity (it may be fading
//! in). Every pending callback is a handle that cancels it when dropped.

use super::*;
use gloo_render::{request_animation_frame, AnimationFrame};
use gloo_timers::callback::Timeout;

/// The looks to come and the callbacks that run them.
#[derive(Default)]
pub(super) struct Schedule {
    /// The frame callback that ends this frame's throttle and runs what is due: while it is
    /// pending, a look asked for waits for it.
    frame: Option<AnimationFrame>,
    /// A look is due on the next frame.
    pub(super) look_due: bool,
    /// The earliest look scheduled on a timer: when (ms, `performance.now()`) it is due.
    timer: Option<(f64, Timeout)>,
    /// The ring's next check of its target (see [`follow`]).
    follow: Option<Timeout>,
    /// Since when (ms) the looks have met an element hidden only by its opacity.
    pub(super) faded_since: Option<f64>,
}

/// A timer running `f` after `ms`, cancelled when dropped: gloo's `Timeout` made for one boxed
/// callback type, so the module holds one copy of its wasm-bindgen shims, not one per timer.
pub(super) fn after(ms: u32, f: impl FnOnce() + 'static) -> Timeout {
    let f: Box<dyn FnOnce()> = Box::new(f);
    Timeout::new(ms, f)
}

/// Schedules one look at the page on the next animation frame.
pub(super) fn schedule() {
    with_guide(|g| {
        g.schedule.look_due = true;
        g.request_frame();
    });
}

/// Schedules a look after `ms` (a wait running out changes the view without any mutation),
/// unless one is already due by then. An earlier deadline is never lost behind a later one:
/// a target lost while a long wait is pending must still be let go of in time (the later timer
/// is cancelled: the look at the earlier one schedules again what it still needs).
pub(super) fn schedule_in(g: &mut Guide, ms: i32) {
    let ms = ms.max(50);
    let at = now(&g.window) + f64::from(ms);
    if g.schedule.timer.as_ref().is_some_and(|(t, _)| *t <= at + 10.0) {
        return;
    }
    let timer = after(ms as u32, || {
        with_guide(|g| g.schedule.timer = None);
        schedule();
    });
    g.schedule.timer = Some((at, timer));
}

/// How often the ring's target is checked for a move while it is anchored: layout can move a
/// target without any change to the DOM (a font arriving, a transition), and nothing else
/// would tell the guide.
pub(super) const FOLLOW_MS: u32 = 500;

/// Keeps the ring on its target: every [`FOLLOW_MS`] while anchored, asks the follower for the
/// target's box (reported after the next rendering, so no layout is forced here) and re-places
/// the ring only if it moved.
pub(super) fn follow(g: &mut Guide) {
    if g.schedule.follow.is_some() {
        return;
    }
    g.schedule.follow = Some(after(FOLLOW_MS, || {
        with_guide(|g| {
            g.schedule.follow = None;
            if let Some(a) = g.anchor.clone().filter(|a| a.is_connected()) {
                if g.follower.take_unanswered() {
                    // Asked a whole period ago and no report: place it from here, and ask anew.
                    g.place(&a);
                }
                g.ask_box();
                follow(g);
            }
        })
    }));
}

/// How long after it first met an element hidden only by its opacity (since the last page
/// change that mattered) the guide keeps looking again, and how often: a dialog or a password
/// fading in from opacity 0 becomes visible with no change to the DOM to say so.
pub(super) const FADE_MS: f64 = 3000.0;
pub(super) const FADE_POLL_MS: i32 = 100;

impl Guide {
    /// After a look: while it met an element hidden only by its opacity, look again shortly,
    /// for at most [`FADE_MS`] (an element kept at opacity 0 for good costs no more).
    pub(super) fn watch_fade(&mut self) {
        if !self.dom.take_faded() {
            self.schedule.faded_since = None;
            return;
        }
        let t = now(&self.window);
        if t - *self.schedule.faded_since.get_or_insert(t) < FADE_MS {
            schedule_in(self, FADE_POLL_MS);
        }
    }

    /// Whether this frame already had its look (the next one waits for the frame callback).
    pub(super) fn frame_pending(&self) -> bool {
        self.schedule.frame.is_some()
    }

    /// Requests the frame callback that ends this frame's throttle and runs what is due.
    pub(super) fn request_frame(&mut self) {
        if self.schedule.frame.is_none() {
            self.schedule.frame = Some(request_animation_frame(|_| with_guide(Guide::on_frame)));
        }
    }

    fn on_frame(&mut self) {
        self.schedule.frame = None;
        if self.schedule.look_due {
            self.schedule.look_due = false;
            // Keep the throttle on for the frame this look runs in.
            self.request_frame();
            self.look();
        }
    }
}

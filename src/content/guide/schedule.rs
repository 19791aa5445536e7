//! When the guide looks at the page: at most once per frame (a look asked for in a frame that
//! already had one runs on the next), after a wait runs out (a timer that never hides an earlier
//! deadline behind a later one), and every [`FOLLOW_MS`] to keep the ring on a target that
//! layout moved.

use super::*;

/// Schedules one look at the page on the next animation frame.
pub(super) fn schedule() {
    with_guide(|g| {
        g.look_due = true;
        g.request_frame();
    });
}

/// Schedules a look after `ms` (a wait running out changes the view without any mutation),
/// unless one is already due by then. An earlier deadline is never lost behind a later one:
/// a target lost while a long wait is pending must still be let go of in time.
pub(super) fn schedule_in(g: &mut Guide, ms: i32) {
    let ms = ms.max(50);
    let at = now(&g.window) + f64::from(ms);
    if g.timer_at.is_some_and(|t| t <= at + 10.0) {
        return;
    }
    g.timer_at = Some(at);
    let cb = Closure::once_into_js(move || {
        with_guide(|g| {
            if g.timer_at == Some(at) {
                g.timer_at = None;
            }
        });
        schedule();
    });
    let _ = g.window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms);
}

/// How often the ring's target is checked for a move while it is anchored: layout can move a
/// target without any change to the DOM (a font arriving, a transition), and nothing else
/// would tell the guide.
pub(super) const FOLLOW_MS: i32 = 500;

/// Keeps the ring on its target: every [`FOLLOW_MS`] while anchored, asks the follower for the
/// target's box (reported after the next rendering, so no layout is forced here) and re-places
/// the ring only if it moved.
pub(super) fn follow(g: &mut Guide) {
    if g.follow_pending {
        return;
    }
    g.follow_pending = true;
    let cb = Closure::once_into_js(|| {
        with_guide(|g| {
            g.follow_pending = false;
            if let Some(a) = g.anchor.clone().filter(|a| a.is_connected()) {
                if g.place_due {
                    // Asked a whole period ago and no report: place it from here, and ask anew.
                    g.place_due = false;
                    g.follower.disconnect();
                    g.place(&a);
                }
                g.ask_box();
                follow(g);
            }
        })
    });
    let _ = g.window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), FOLLOW_MS);
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
            self.faded_since = None;
            return;
        }
        let t = now(&self.window);
        if t - *self.faded_since.get_or_insert(t) < FADE_MS {
            schedule_in(self, FADE_POLL_MS);
        }
    }

    /// Requests the frame callback that ends this frame's throttle and runs what is due.
    pub(super) fn request_frame(&mut self) {
        if self.frame_pending {
            return;
        }
        self.frame_pending = true;
        let cb = Closure::once_into_js(|| with_guide(Guide::on_frame));
        let _ = self.window.request_animation_frame(cb.unchecked_ref());
    }

    pub(super) fn on_frame(&mut self) {
        self.frame_pending = false;
        if self.look_due {
            self.look_due = false;
            // Keep the throttle on for the frame this look runs in.
            self.request_frame();
            self.look();
        }
    }
}

//! The guide's state machine: from what the page shows now and what this tab remembers, what
//! the overlay shows. Pure: the content module feeds it observations and user actions.
//!
//! The page is the authority on where the user is; memory covers what the page cannot say:
//! that the password was already shown and copied, that the user was signed in before (so a
//! sign-in page now means the session expired), that the user closed the guide, and a step the
//! user moved to with Back or Next (kept until the page itself changes).

use crate::steps::{index_of, step_of, steps_of, Id, Journey, Place, Problem, Step, SESSION_EXPIRED};

/// What one tab remembers of its journey; kept by the background in `storage.session` so it
/// survives reloads and navigation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    /// The last step the page was seen at.
    pub last: Option<&'static Step>,
    /// A step after sign-in was seen in this tab.
    pub signed_in: bool,
    /// The password was shown and copied (or the user moved past it).
    pub copied: bool,
    /// The password was shown and its dialog closed: the journey is complete.
    pub finished: bool,
    /// The user closed the guide in this tab.
    pub dismissed: bool,
    /// The guide is running in this tab: it started by itself on the security section (or the
    /// dialog), or the user started it (popup, Alt+Shift+G).
    pub started: bool,
    /// The password shown was saved in the extension.
    pub saved: bool,
    /// The steps of the app-password journey the page was seen at, one bit per position in
    /// [`crate::steps::JOURNEY`]: the path this person is on, for honest progress.
    pub seen: u16,
}

/// Steps that only some paths take: counted once seen, never ahead. Apple's 2026 page lands on
/// Sign-In and Security (no "open it" step); the landing page comes only signed out.
const TAKEN_WHEN_SEEN: &[Id] = &[Id::LandingSignIn, Id::OpenSecurity];

/// What the page shows at one moment.
pub struct Observation {
    /// The step detected from the page, if any.
    pub step: Option<&'static Step>,
    /// A problem the page shows, if any.
    pub problem: Option<&'static Problem>,
    /// The step the page's address implies, for the fallback panel.
    pub expected: Option<&'static Step>,
    /// How long, in ms, no step has been detected.
    pub missing_ms: u32,
    /// How long, in ms, the detected step has been the same.
    pub stable_ms: u32,
    /// How long, in ms, since a modal dialog was last open: 0 while one is, `u32::MAX` when
    /// none has been.
    pub modal_gone_ms: u32,
}

/// How long a move back out of the dialog must last before it counts: dialogs re-mount, and
/// for a moment only the page behind them (the tile) is there.
pub const BACKWARD_MS: u32 = 400;

/// What the overlay shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    /// A step: anchored to its target when `anchored`, else as a plain panel.
    Step {
        /// The step shown.
        step: &'static Step,
        /// Whether its target was found and the hint points at it.
        anchored: bool,
    },
    /// A problem's hint.
    Problem(&'static Problem),
    /// The closing summary.
    Finished,
    /// Keep showing what is shown (the target vanished a moment ago: a dialog re-mounting).
    Hold,
    /// Nothing.
    Hidden,
}

/// What the user did in the overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Next: move on to the following step.
    Next,
    /// Back: show the step before.
    Back,
    /// Close the guide in this tab (also Esc).
    Close,
    /// The user copied the password.
    Copied,
    /// The background saved the password.
    Saved,
    /// Start (again): the popup's "Guide me", or Alt+Shift+G.
    Restart,
}

/// A step the user moved to with Back or Next, valid while the page stays where it was.
#[derive(Clone, Copy, Debug)]
struct Pin {
    step: &'static Step,
    seen: Option<Id>,
}

/// The state machine of one tab.
#[derive(Debug, Default)]
pub struct Flow {
    /// What is remembered across reloads.
    pub memory: Memory,
    pin: Option<Pin>,
    seen: Option<Id>,
}

fn position(s: &Step) -> usize {
    index_of(s.id).unwrap_or(0)
}

fn position_of(id: Id) -> usize {
    index_of(id).unwrap_or(0)
}

impl Flow {
    /// A flow resuming from `memory`.
    pub fn new(memory: Memory) -> Self {
        Flow { memory, pin: None, seen: None }
    }

    /// Decides what to show for `obs`, updating memory.
    pub fn view(&mut self, obs: &Observation) -> View {
        if self.memory.dismissed {
            return View::Hidden;
        }
        let detected = obs.step;
        if !self.memory.started {
            // On its own, the guide starts where the journey does: on the security section,
            // in the App-Specific Passwords dialog, or on an account that needs two-factor.
            let starts_here = obs.expected.is_some_and(|e| e.id == Id::OpenAppPasswords)
                || detected.is_some_and(|s| s.journey == Journey::TwoFactor || position(s) >= position_of(Id::OpenAppPasswords));
            if !starts_here {
                return View::Hidden;
            }
            self.memory.started = true;
        }
        if let (Some(last), Some(now)) = (self.memory.last, detected) {
            let in_dialog = |s: &Step| s.place.is_our_dialog();
            let backwards = in_dialog(last) && !in_dialog(now) && now.journey == Journey::AppPassword;
            if backwards && obs.stable_ms < BACKWARD_MS && obs.problem.is_none() {
                return View::Hold;
            }
        }
        // The page behind a modal dialog that vanished a moment ago: most likely the dialog
        // re-mounting, even when nothing in it was recognised.
        if detected.is_some_and(|s| s.place == Place::Page) && obs.modal_gone_ms < BACKWARD_MS && obs.problem.is_none() {
            return View::Hold;
        }
        self.seen = detected.map(|s| s.id);
        if self.pin.is_some_and(|p| p.seen != self.seen) {
            self.pin = None;
        }
        if let Some(problem) = obs.problem {
            return View::Problem(problem);
        }
        let Some(mut s) = detected else {
            let waiting = obs.expected.or(self.memory.last).map_or(4000, |s| s.wait_ms);
            if obs.missing_ms < waiting {
                return View::Hold;
            }
            // The password's dialog is gone and nothing else is recognisable: still done.
            if matches!(self.memory.last.map(|l| l.id), Some(Id::Copy | Id::Done)) {
                self.memory.finished = true;
            }
            if self.memory.finished {
                return View::Finished;
            }
            return match self.pin.map(|p| p.step).or(obs.expected).or(self.memory.last) {
                Some(step) => {
                    // The user is taken to be at this step, though the page does not show it.
                    self.memory.last = Some(step);
                    View::Step { step, anchored: false }
                }
                None => View::Hidden,
            };
        };

        if s.journey == Journey::AppPassword {
            let after_sign_in = position(s) > index_of(Id::SignIn).unwrap_or(0);
            if after_sign_in {
                self.memory.signed_in = true;
            } else if matches!(s.id, Id::SignIn | Id::LandingSignIn) && self.memory.signed_in && !self.memory.finished {
                return View::Problem(&SESSION_EXPIRED);
            }
            let shown_password = matches!(self.memory.last.map(|l| l.id), Some(Id::Copy | Id::Done));
            // Back at the tile or the dialog's list: the once-shown password is gone.
            let dialog_closed = position(s) <= index_of(Id::Generate).unwrap_or(0);
            if shown_password && dialog_closed {
                self.memory.finished = true;
            }
            if self.memory.finished {
                if dialog_closed {
                    self.memory.last = Some(s);
                    return View::Finished;
                }
                // A new round: the user is making another password.
                self.memory.finished = false;
                self.memory.copied = false;
                self.memory.saved = false;
            }
            if s.id == Id::Copy && self.memory.copied {
                s = step_of(Id::Done).unwrap_or(s);
            }
        }
        self.memory.last = Some(s);
        if let Some(i) = index_of(s.id).filter(|_| s.journey == Journey::AppPassword) {
            self.memory.seen |= 1 << i;
        }
        match self.pin {
            Some(p) => View::Step { step: p.step, anchored: true },
            None => View::Step { step: s, anchored: true },
        }
    }

    /// "Step n of m" for `shown`, along the path this person is on: the steps behind that the
    /// page was seen at, `shown`, and the steps ahead that every path takes (a step only some
    /// paths take counts once seen; the password confirmation Apple skipped is not counted once
    /// the password came without it).
    pub fn progress(&self, shown: &Step) -> (usize, usize) {
        if shown.journey != Journey::AppPassword {
            return crate::steps::progress(shown);
        }
        let at = position(shown);
        let seen = |i: usize| self.memory.seen & (1 << i) != 0;
        let on_path: Vec<bool> = steps_of(Journey::AppPassword)
            .iter()
            .enumerate()
            .map(|(i, s)| match i.cmp(&at) {
                std::cmp::Ordering::Less => seen(i),
                std::cmp::Ordering::Equal => true,
                std::cmp::Ordering::Greater => !TAKEN_WHEN_SEEN.contains(&s.id),
            })
            .collect();
        (on_path.iter().take(at + 1).filter(|&&x| x).count(), on_path.iter().filter(|&&x| x).count())
    }

    /// Applies a user action taken while `shown` was on screen.
    pub fn act(&mut self, action: Action, shown: Option<&'static Step>) {
        match action {
            Action::Close => self.memory.dismissed = true,
            Action::Restart => {
                self.memory = Memory { started: true, ..Memory::default() };
                self.pin = None;
            }
            Action::Copied => self.memory.copied = true,
            Action::Saved => self.memory.saved = true,
            Action::Next | Action::Back => {
                let Some(current) = shown else { return };
                if action == Action::Next && current.id == Id::Copy {
                    self.memory.copied = true;
                    self.pin = None;
                    return;
                }
                let all = steps_of(current.journey);
                let at = all.iter().position(|s| s.id == current.id).unwrap_or(0);
                let to = if action == Action::Next { at.checked_add(1) } else { at.checked_sub(1) };
                if let Some(step) = to.and_then(|i| all.get(i)) {
                    self.pin = Some(Pin { step, seen: self.seen });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::{step, PROBLEMS};

    fn at(id: &str) -> Observation {
        Observation { step: step(id), problem: None, expected: None, missing_ms: 0, stable_ms: 10_000, modal_gone_ms: u32::MAX }
    }

    /// Nothing recognised for `missing_ms`, while the page was expected at "open-app-passwords".
    fn nothing_at_app_passwords(missing_ms: u32) -> Observation {
        Observation {
            step: None,
            problem: None,
            expected: step_of(Id::OpenAppPasswords),
            missing_ms,
            stable_ms: 0,
            modal_gone_ms: u32::MAX,
        }
    }

    fn started() -> Flow {
        Flow::new(Memory { started: true, ..Memory::default() })
    }

    fn shown(v: View) -> &'static str {
        match v {
            View::Step { step, .. } => step.id.as_str(),
            View::Problem(p) => p.id.as_str(),
            View::Finished => "finished",
            View::Hold => "hold",
            View::Hidden => "hidden",
        }
    }

    #[test]
    fn follows_the_page_through_the_journey_to_the_summary() {
        let mut f = started();
        let mut seen = vec![];
        for id in ["open-security", "open-app-passwords", "generate", "label", "create", "confirm-password", "copy"] {
            seen.push(shown(f.view(&at(id))));
        }
        f.act(Action::Copied, step_of(Id::Copy));
        seen.push(shown(f.view(&at("copy"))));
        seen.push(shown(f.view(&at("open-app-passwords"))));
        assert_eq!(
            seen,
            ["open-security", "open-app-passwords", "generate", "label", "create", "confirm-password", "copy", "done", "finished"]
        );
        assert!(f.memory.finished);
        // Reopening the dialog keeps the summary; starting another password leaves it.
        assert_eq!(shown(f.view(&at("generate"))), "finished");
        assert_eq!(shown(f.view(&at("label"))), "label");
        assert!(!f.memory.copied);
    }

    #[test]
    fn closing_the_dialog_after_the_password_showed_finishes_too() {
        let mut f = started();
        f.view(&at("copy"));
        assert_eq!(shown(f.view(&at("open-app-passwords"))), "finished");
    }

    #[test]
    fn the_password_dialog_vanishing_on_an_unrecognisable_page_finishes() {
        let mut f = started();
        f.view(&at("done"));
        let gone = nothing_at_app_passwords(100);
        assert_eq!(f.view(&gone), View::Hold, "a re-mount blip holds");
        assert_eq!(f.view(&Observation { missing_ms: 60_000, ..gone }), View::Finished);
    }

    #[test]
    fn sign_in_after_being_signed_in_is_an_expired_session() {
        let mut f = started();
        assert_eq!(shown(f.view(&at("sign-in"))), "sign-in");
        f.view(&at("label"));
        assert_eq!(shown(f.view(&at("sign-in"))), "error-session-expired");
        assert_eq!(shown(f.view(&at("open-security"))), "open-security");
    }

    #[test]
    fn problems_come_before_steps() {
        let mut f = started();
        let obs = Observation { problem: Some(&PROBLEMS[0]), ..at("label") };
        assert_eq!(shown(f.view(&obs)), "error-limit");
    }

    #[test]
    fn a_missing_target_holds_then_falls_back_to_the_expected_step() {
        let mut f = started();
        let mut obs = nothing_at_app_passwords(100);
        assert_eq!(f.view(&obs), View::Hold);
        obs.missing_ms = 60_000;
        assert_eq!(f.view(&obs), View::Step { step: step_of(Id::OpenAppPasswords).unwrap(), anchored: false });
        obs.expected = None;
        assert_eq!(f.view(&obs), View::Step { step: step_of(Id::OpenAppPasswords).unwrap(), anchored: false }, "the step it showed stays");
        assert_eq!(started().view(&obs), View::Hidden, "nothing expected, nothing known: nothing shown");
    }

    #[test]
    fn back_and_next_pin_a_step_until_the_page_changes() {
        let mut f = started();
        f.view(&at("label"));
        f.act(Action::Back, step_of(Id::Label));
        assert_eq!(shown(f.view(&at("label"))), "generate");
        f.act(Action::Next, step_of(Id::Generate));
        assert_eq!(shown(f.view(&at("label"))), "label");
        f.act(Action::Next, step_of(Id::Label));
        assert_eq!(shown(f.view(&at("label"))), "create");
        assert_eq!(shown(f.view(&at("confirm-password"))), "confirm-password", "page progress unpins");
    }

    #[test]
    fn next_on_the_password_marks_it_copied() {
        let mut f = started();
        f.view(&at("copy"));
        f.act(Action::Next, step_of(Id::Copy));
        assert_eq!(shown(f.view(&at("copy"))), "done");
    }

    #[test]
    fn it_starts_by_itself_only_where_the_journey_starts() {
        let mut f = Flow::default();
        assert_eq!(f.view(&at("icloud-open-account")), View::Hidden);
        assert_eq!(f.view(&at("open-security")), View::Hidden);
        assert_eq!(shown(f.view(&at("open-app-passwords"))), "open-app-passwords");
        assert!(f.memory.started);
        let mut g = Flow::default();
        assert_eq!(shown(g.view(&at("twofa-required"))), "twofa-required");
        let mut h = Flow::default();
        let drifted = nothing_at_app_passwords(60_000);
        assert_eq!(h.view(&drifted), View::Step { step: step_of(Id::OpenAppPasswords).unwrap(), anchored: false });
        let mut asked = Flow::default();
        asked.act(Action::Restart, None);
        assert_eq!(shown(asked.view(&at("icloud-open-account"))), "icloud-open-account");
    }

    #[test]
    fn a_moment_of_tile_between_dialogs_is_held() {
        let mut f = started();
        f.view(&at("copy"));
        let blip = Observation { stable_ms: 50, ..at("open-app-passwords") };
        assert_eq!(f.view(&blip), View::Hold);
        assert!(!f.memory.finished, "a re-mount is not the end");
        assert_eq!(shown(f.view(&at("open-app-passwords"))), "finished");
    }

    #[test]
    fn the_page_right_after_a_modal_dialog_vanished_is_held() {
        // Nothing in the dialog was recognised (a fallback panel showed the tile's step); the
        // dialog re-mounts, and for a moment only the tile is there.
        let mut f = started();
        let blip = Observation { modal_gone_ms: 30, ..at("open-app-passwords") };
        assert_eq!(f.view(&blip), View::Hold);
        let after = Observation { modal_gone_ms: BACKWARD_MS, ..at("open-app-passwords") };
        assert_eq!(shown(f.view(&after)), "open-app-passwords", "a dialog closed for good");
        let in_dialog = Observation { modal_gone_ms: 0, ..at("label") };
        assert_eq!(shown(f.view(&in_dialog)), "label", "dialog steps are not held");
    }

    #[test]
    fn next_on_a_pinned_password_step_moves_on() {
        let mut f = started();
        f.view(&at("done"));
        f.act(Action::Back, step_of(Id::Done));
        assert_eq!(shown(f.view(&at("done"))), "copy");
        f.act(Action::Next, step_of(Id::Copy));
        assert_eq!(shown(f.view(&at("copy"))), "done");
    }

    #[test]
    fn progress_follows_the_path_this_person_is_on() {
        // From iCloud.com through the 2026 landing page; Apple lands on Sign-In and Security
        // and asks for no confirmation.
        let mut f = started();
        let mut seen = vec![];
        for id in ["icloud-open-account", "landing-sign-in", "sign-in", "open-app-passwords", "generate", "label", "create", "copy"] {
            f.view(&at(id));
            seen.push(f.progress(step(id).unwrap()));
        }
        f.act(Action::Copied, step_of(Id::Copy));
        f.view(&at("copy"));
        seen.push(f.progress(step_of(Id::Done).unwrap()));
        assert_eq!(seen, [(1, 9), (2, 10), (3, 10), (4, 10), (5, 10), (6, 10), (7, 10), (8, 9), (9, 9)]);
        // Today's layout: the security link is a step, the confirmation too; started on the section.
        let mut g = started();
        let mut seen = vec![];
        for id in ["open-security", "open-app-passwords", "generate", "label", "create", "confirm-password", "copy"] {
            g.view(&at(id));
            seen.push(g.progress(step(id).unwrap()));
        }
        assert_eq!(seen, [(1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (6, 8), (7, 8)]);
        assert_eq!(g.progress(step_of(Id::TwofaPhone).unwrap()), (3, 4), "two-factor keeps its own count");
    }

    #[test]
    fn closed_stays_closed_until_restart() {
        let mut f = started();
        f.act(Action::Close, step_of(Id::Label));
        assert_eq!(f.view(&at("label")), View::Hidden);
        f.act(Action::Restart, None);
        assert_eq!(shown(f.view(&at("label"))), "label");
    }
}

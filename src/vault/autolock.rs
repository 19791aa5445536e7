//! The vault's auto-lock: when an unlocked vault locks by itself. Pure arithmetic over
//! wall-clock milliseconds, tested here.

/// When an unlocked vault locks by itself: at a deadline fixed when it was unlocked, moved
/// only by use of the key. Pure arithmetic over wall-clock milliseconds; the background keeps
/// both times beside the unlocked key in `storage.session`, sets a timer for the deadline
/// (`chrome.alarms`) and checks again when its worker starts and on every request.
///
/// - **Unlock** (or setting the passphrase): the deadline is now plus the auto-lock minutes in
///   force ([`AutoLock::start`]).
/// - **Use** of the key (showing, copying or exporting a password): the deadline moves to now
///   plus the minutes in force then ([`AutoLock::used`]); after the deadline there is no use,
///   the vault locks.
/// - **Raising the option** never extends an unlock, running or expired: the deadline stays
///   where the last unlock or use fixed it; only a use after the change takes the new value.
/// - **Lowering the option** takes effect at once: the deadline becomes the last use plus the
///   new minutes, if that is earlier ([`AutoLock::deadline`]).
/// - A clock set back by more than a minute since the last use, or times that cannot be read,
///   count as expired.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AutoLock {
    /// When the key was last unlocked or used (ms since the epoch).
    pub used_ms: f64,
    /// When the vault locks (ms since the epoch), fixed at that moment.
    pub deadline_ms: f64,
}

const MINUTE_MS: f64 = 60_000.0;
/// How far the clock may go back since the last use before the times are not trusted.
const CLOCK_SLACK_MS: f64 = 60_000.0;
/// How early a timer may fire and still lock (timers are not exact; a browser may defer an
/// alarm set again for a moment later by half a minute).
const TIMER_EARLY_MS: f64 = 1_000.0;

impl AutoLock {
    /// An unlock at `now_ms`, with the option at `minutes`.
    pub fn start(now_ms: f64, minutes: u32) -> AutoLock {
        AutoLock { used_ms: now_ms, deadline_ms: now_ms + f64::from(minutes) * MINUTE_MS }
    }

    /// Times as stored; `None` when either is missing or unusable (the vault then locks).
    pub fn from_stored(used_ms: Option<f64>, deadline_ms: Option<f64>) -> Option<AutoLock> {
        let (used_ms, deadline_ms) = (used_ms?, deadline_ms?);
        (used_ms.is_finite() && deadline_ms.is_finite() && deadline_ms >= used_ms).then_some(AutoLock { used_ms, deadline_ms })
    }

    /// The deadline with the option now at `minutes`: the one fixed at the last unlock or use,
    /// or earlier if the option was lowered since; never later.
    pub fn deadline(&self, minutes: u32) -> f64 {
        self.deadline_ms.min(self.used_ms + f64::from(minutes) * MINUTE_MS)
    }

    /// Whether the vault must be locked at `now_ms`.
    pub fn expired(&self, now_ms: f64, minutes: u32) -> bool {
        now_ms >= self.deadline(minutes) || now_ms + CLOCK_SLACK_MS < self.used_ms
    }

    /// Whether a timer firing at `now_ms` locks: as [`AutoLock::expired`], up to a second early.
    pub fn due(&self, now_ms: f64, minutes: u32) -> bool {
        self.expired(now_ms + TIMER_EARLY_MS, minutes)
    }

    /// A use of the key at `now_ms`, with the option at `minutes`: the new times, or `None`
    /// when the deadline has passed (the vault locks instead).
    pub fn used(&self, now_ms: f64, minutes: u32) -> Option<AutoLock> {
        (!self.expired(now_ms, minutes)).then(|| AutoLock::start(now_ms, minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: f64 = 60_000.0;
    const T0: f64 = 1_800_000_000_000.0;

    #[test]
    fn an_unlock_ends_at_the_deadline_fixed_when_it_began() {
        let lock = AutoLock::start(T0, 15);
        assert_eq!(lock, AutoLock { used_ms: T0, deadline_ms: T0 + 15.0 * MIN });
        assert!(!lock.expired(T0 + 15.0 * MIN - 1.0, 15));
        assert!(lock.expired(T0 + 15.0 * MIN, 15), "locked at the deadline");
        assert!(lock.expired(T0 + 600.0 * MIN, 15));
    }

    #[test]
    fn raising_the_option_never_extends_an_unlock() {
        let lock = AutoLock::start(T0, 1);
        // Raised to an hour a moment after the unlock: the deadline stays where it was.
        assert_eq!(lock.deadline(60), T0 + MIN);
        assert!(lock.expired(T0 + MIN, 60), "a running unlock ends at its own deadline");
        assert!(lock.expired(T0 + 61.0 * MIN, 1440), "an expired one stays expired");
        assert_eq!(lock.used(T0 + MIN, 60), None, "no use after the deadline: it locks instead");
        // Only use after the change takes the new value.
        let used = lock.used(T0 + 0.5 * MIN, 60).unwrap();
        assert_eq!(used, AutoLock { used_ms: T0 + 0.5 * MIN, deadline_ms: T0 + 60.5 * MIN });
    }

    #[test]
    fn lowering_the_option_takes_effect_at_once() {
        let lock = AutoLock::start(T0, 60);
        assert_eq!(lock.deadline(5), T0 + 5.0 * MIN);
        assert!(lock.expired(T0 + 5.0 * MIN, 5));
        assert!(!lock.expired(T0 + 5.0 * MIN, 60));
    }

    #[test]
    fn use_moves_the_deadline_by_the_minutes_in_force() {
        let lock = AutoLock::start(T0, 15);
        let later = lock.used(T0 + 10.0 * MIN, 15).unwrap();
        assert_eq!(later.deadline_ms, T0 + 25.0 * MIN);
        assert!(!later.expired(T0 + 20.0 * MIN, 15), "in use: not locked after 15 minutes from the unlock");
        assert!(later.expired(T0 + 25.0 * MIN, 15));
    }

    #[test]
    fn a_clock_set_back_or_a_bad_record_locks() {
        let lock = AutoLock::start(T0, 15);
        assert!(!lock.expired(T0 - 30_000.0, 15), "a small step back (clock adjustment) is tolerated");
        assert!(lock.expired(T0 - 2.0 * MIN, 15), "a clock set back by minutes cannot be trusted");
        assert_eq!(AutoLock::from_stored(Some(T0), Some(T0 + MIN)), Some(AutoLock { used_ms: T0, deadline_ms: T0 + MIN }));
        for (used, deadline) in
            [(None, Some(T0)), (Some(T0), None), (Some(f64::NAN), Some(T0)), (Some(T0), Some(f64::INFINITY)), (Some(T0), Some(T0 - 1.0))]
        {
            assert_eq!(AutoLock::from_stored(used, deadline), None, "{used:?} {deadline:?}");
        }
    }

    #[test]
    fn the_timer_may_fire_a_moment_early() {
        let lock = AutoLock::start(T0, 1);
        assert!(lock.due(T0 + MIN - 500.0, 1), "an alarm half a second early still locks");
        assert!(!lock.due(T0 + MIN - 5_000.0, 1));
        assert!(!lock.expired(T0 + MIN - 500.0, 1), "a request then still finds it unlocked");
    }
}

//! How long the clipboard holds a password the extension copied: when it is cleared, and when
//! a clearing is due. Pure arithmetic over wall-clock milliseconds.

/// Whether a clipboard to be cleared at `at_ms` is due at `now_ms` (ms since the epoch): up to a
/// second early, as timers are not exact.
pub fn clipboard_clear_due(now_ms: f64, at_ms: f64) -> bool {
    now_ms + 1000.0 >= at_ms
}

/// When a password copied at `now_ms` is to be cleared from the clipboard with the option at
/// `seconds` (ms since the epoch); `None` for 0 (never: an earlier copy's clearing is cancelled).
pub fn clipboard_clear_at(now_ms: f64, seconds: u32) -> Option<f64> {
    (seconds > 0).then(|| now_ms + f64::from(seconds) * 1000.0)
}

/// How long after a clearing that failed it is tried again (ms).
pub const CLEAR_RETRY_MS: f64 = 2000.0;

#[cfg(test)]
mod tests {
    use super::super::CLEAR_SECONDS;
    use super::*;

    #[test]
    fn a_copy_is_held_for_the_time_the_options_set() {
        let now = 1_800_000_000_000.0;
        assert_eq!(clipboard_clear_at(now, 30), Some(now + 30_000.0));
        assert_eq!(clipboard_clear_at(now, CLEAR_SECONDS.1), Some(now + 600_000.0));
        assert_eq!(clipboard_clear_at(now, 0), None, "0: never cleared");
        let at = clipboard_clear_at(now, 10).unwrap();
        assert!(!clipboard_clear_due(now + 5_000.0, at) && clipboard_clear_due(now + 10_000.0, at));
    }

    #[test]
    fn the_clipboard_is_cleared_when_its_time_has_come() {
        let at = 1_800_000_000_000.0;
        assert!(!clipboard_clear_due(at - 5_000.0, at), "a timer firing early waits");
        assert!(clipboard_clear_due(at - 500.0, at), "a moment early is close enough");
        assert!(clipboard_clear_due(at, at));
        assert!(clipboard_clear_due(at + 600_000.0, at), "a worker started late clears at once");
    }
}

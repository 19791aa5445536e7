//! Labels for new app-specific passwords: the one-click presets, the optional suffix template,
//! and the rules a label must pass before it is filled in. The rules are data in [`Rules`];
//! Apple's own limits are unknown, so the page's `maxlength` wins when it sets one.

/// A one-click label for a common app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable id (stored with captured entries, used by the mail settings).
    pub id: &'static str,
    /// The label it fills in (an app's name: not translated).
    pub name: &'static str,
    /// Whether the app reads mail (so mail settings apply).
    pub mail: bool,
}

/// The presets, in the order offered.
pub const PRESETS: &[Preset] = &[
    Preset { id: "thunderbird", name: "Thunderbird", mail: true },
    Preset { id: "outlook", name: "Outlook", mail: true },
    Preset { id: "em-client", name: "eM Client", mail: true },
    Preset { id: "spark", name: "Spark", mail: true },
    Preset { id: "mailbird", name: "Mailbird", mail: true },
    Preset { id: "evolution", name: "Evolution", mail: true },
    Preset { id: "thunderbird-android", name: "Thunderbird for Android", mail: true },
    Preset { id: "fairemail", name: "FairEmail", mail: true },
    Preset { id: "davx5", name: "DAVx⁵", mail: false },
    Preset { id: "backup", name: "Backup", mail: false },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// What a label must satisfy.
#[derive(Clone, Copy, Debug)]
pub struct Rules {
    /// The most characters when the page's input sets no `maxlength`. Apple's limit is not
    /// published; 60 characters has been accepted and is the documented default.
    pub default_max: usize,
}

/// The rules in force.
pub const RULES: Rules = Rules { default_max: 60 };

/// Why a label cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelError {
    /// Nothing but white space.
    Empty,
    /// Longer than `max` characters.
    TooLong {
        /// The most characters a label may have.
        max: usize,
    },
    /// Holds a control character (line breaks, tabs, invisible format characters).
    ControlCharacter,
    /// Another password in Apple's list already has this label; `suggestion` is a free one
    /// that passes these rules (`None` only when no numbered label fits the page's limit).
    Taken {
        /// A free label passing these rules, if one fits.
        suggestion: Option<String>,
    },
}

impl LabelError {
    /// The `_locales` message name explaining the error.
    pub fn message(&self) -> &'static str {
        match self {
            LabelError::Empty => "label_error_empty",
            LabelError::TooLong { .. } => "label_error_too_long",
            LabelError::ControlCharacter => "label_error_control",
            LabelError::Taken { .. } => "label_error_taken",
        }
    }
}

fn same(a: &str, b: &str) -> bool {
    crate::dom::lowercase(a.trim()) == crate::dom::lowercase(b.trim())
}

/// Checks `label` and returns it trimmed. `maxlength` is the page input's, when set;
/// `existing` are the labels in Apple's list (compared without case).
pub fn validate(label: &str, maxlength: Option<usize>, existing: &[String]) -> Result<String, LabelError> {
    let label = label.trim();
    if label.is_empty() {
        return Err(LabelError::Empty);
    }
    if label
        .chars()
        .any(|c| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'))
    {
        return Err(LabelError::ControlCharacter);
    }
    let max = maxlength.filter(|m| *m > 0).unwrap_or(RULES.default_max);
    if chars(label) > max {
        return Err(LabelError::TooLong { max });
    }
    if existing.iter().any(|e| same(e, label)) {
        return Err(LabelError::Taken { suggestion: unique(label, existing, max) });
    }
    Ok(label.to_string())
}

/// `label`, or `label 2`, `label 3`… (shortened to fit `max`), the first not in `existing`;
/// `None` when none of those fits in `max` characters.
pub fn unique(label: &str, existing: &[String], max: usize) -> Option<String> {
    let label = label.trim();
    if !existing.iter().any(|e| same(e, label)) {
        return Some(label.to_string());
    }
    // Among `existing.len() + 1` distinct numbers one is free, if its label fits at all.
    (2..existing.len() + 3)
        .map(|n| {
            let suffix = crate::dom::concat(&[" ", &crate::dom::decimal(n as u64)]);
            let room = max.saturating_sub(chars(&suffix));
            let base: String = label.chars().take(room).collect();
            // Trimmed: with no room for the base (a tiny maxlength) the number stands alone.
            crate::dom::concat(&[base.trim_end(), &suffix]).trim_start().to_string()
        })
        .find(|candidate| chars(candidate) <= max && !existing.iter().any(|e| same(e, candidate)))
}

/// How many characters `s` has, as `s.chars().count()` (whose fast counter for long texts,
/// called from here, made the content module 68 bytes gzipped larger).
fn chars(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// Fills a user's suffix template: `{app}` the app's name, `{device}` the device name the
/// user set, `{date}` today as YYYY-MM-DD. An empty template gives the app's name alone.
/// White space is folded so an empty `{device}` leaves no double spaces, and a separator
/// left at either end is dropped.
pub fn apply_template(template: &str, app: &str, device: &str, date: &str) -> String {
    let template = if template.trim().is_empty() { "{app}" } else { template };
    use crate::dom::replace;
    let filled = replace(&replace(&replace(template, "{app}", app), "{device}", device), "{date}", date);
    let folded = crate::dom::join(&filled.split_whitespace().collect::<Vec<_>>(), " ");
    // A separator left dangling by an empty field goes too ("Outlook –" → "Outlook").
    folded.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | '·' | ',') || c.is_whitespace()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn accepts_and_trims_a_good_label() {
        assert_eq!(validate("  Thunderbird ", None, &[]), Ok("Thunderbird".into()));
        assert_eq!(validate("DAVx⁵ (Pixel) 📱", None, &[]), Ok("DAVx⁵ (Pixel) 📱".into()));
    }

    #[test]
    fn rejects_empty_control_and_long() {
        assert_eq!(validate(" \t ", None, &[]), Err(LabelError::Empty));
        assert_eq!(validate("Mail\nclient", None, &[]), Err(LabelError::ControlCharacter));
        assert_eq!(validate("evil\u{202e}txt", None, &[]), Err(LabelError::ControlCharacter));
        assert_eq!(validate(&"x".repeat(61), None, &[]), Err(LabelError::TooLong { max: 60 }));
        assert_eq!(validate("abcdef", Some(5), &[]), Err(LabelError::TooLong { max: 5 }));
        assert_eq!(validate("ééééé", Some(5), &[]), Ok("ééééé".into()), "characters, not bytes");
    }

    #[test]
    fn a_taken_label_suggests_a_free_one() {
        let existing = list(&["Thunderbird", "thunderbird 2", "Outlook"]);
        assert_eq!(validate("THUNDERBIRD", None, &existing), Err(LabelError::Taken { suggestion: Some("THUNDERBIRD 3".into()) }));
        assert_eq!(unique("Outlook", &existing, 8).as_deref(), Some("Outloo 2"), "shortened to fit");
        assert_eq!(unique("Spark", &existing, 60).as_deref(), Some("Spark"));
        // Found by fuzzing (fuzz/regressions/label/): a maxlength too small for the label.
        assert_eq!(unique("T", &list(&["T"]), 1).as_deref(), Some("2"));
        let digits: Vec<String> = ["T", "2", "3", "4", "5", "6", "7", "8", "9"].iter().map(|s| s.to_string()).collect();
        assert_eq!(unique("T", &digits, 1), None, "nothing fits");
    }

    #[test]
    fn templates_fill_and_fold() {
        assert_eq!(apply_template("", "Spark", "", ""), "Spark");
        assert_eq!(apply_template("{app} – {device}", "Outlook", "Work PC", "2026-11-24"), "Outlook – Work PC");
        assert_eq!(apply_template("{app} – {device}", "Outlook", "", "2026-11-24"), "Outlook");
        assert_eq!(apply_template("{app} {date}", "Backup", "x", "2026-11-24"), "Backup 2026-11-24");
    }

    #[test]
    fn presets_are_distinct_and_valid() {
        for (i, p) in PRESETS.iter().enumerate() {
            assert!(validate(p.name, None, &[]).is_ok(), "{}", p.name);
            assert!(PRESETS[i + 1..].iter().all(|q| q.id != p.id && q.name != p.name));
        }
        assert_eq!(preset("davx5").map(|p| p.name), Some("DAVx⁵"));
    }
}

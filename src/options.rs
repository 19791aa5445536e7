//! The user's options: what each one may hold, its default, and how the values an
//! administrator sets (`storage.managed`) and the user's own (`options` in `storage.sync`) make
//! the options in force. Pure logic over JSON values, tested natively; the background reads and
//! writes the storage (`src/app/messages.rs`; every change through [`save`], one at a time),
//! the pages and the content script only ever see the result. No option holds a secret.
//!
//! Two ways of reading a value:
//! - a **change** from the options UI is checked strictly: a value of the wrong type or out of
//!   range is refused with a message, and an option the administrator set cannot be changed;
//! - a **stored** value (written by this or another version, possibly by hand) is read
//!   leniently: a number out of range is brought into it, anything else unusable is the
//!   default. One bad value never costs the others.
//!
//! Here: the options, their defaults, reading and the options in force. A change from the UI:
//! `options/change.rs`; the clipboard's hold time: `options/clipboard.rs`.

use serde_json::Value;

/// The keys as stored (in the `options` object of `storage.sync`, and at the top level of
/// `storage.managed`), spelled once in [`crate::protocol::option_keys`].
pub use crate::protocol::option_keys::{
    AUTO_LOCK_MINUTES, AUTO_START, CLIPBOARD_CLEAR_SECONDS, CUSTOM_LABEL, DEFAULT_PRESET, DEVICE_NAME, FORMULA_PREFIX_DEFAULT,
    LABEL_TEMPLATE,
};

/// The options an administrator may preset through managed storage (`extension/managed_schema.json`
/// lists the same). The device name and the remembered label are the user's own.
pub const MANAGEABLE: [&str; 6] =
    [AUTO_START, DEFAULT_PRESET, LABEL_TEMPLATE, AUTO_LOCK_MINUTES, CLIPBOARD_CLEAR_SECONDS, FORMULA_PREFIX_DEFAULT];

/// Auto-lock: minutes without use, 1 minute to a day.
pub const LOCK_MINUTES: (u32, u32) = (1, 1440);
/// Clipboard clearing: 0 never clears; otherwise 10 s to 10 min.
pub const CLEAR_SECONDS: (u32, u32) = (10, 600);
/// The longest label template and remembered label (Apple's label field takes about 60).
pub const TEMPLATE_MAX: usize = 60;
/// The longest device name.
pub const DEVICE_MAX: usize = 40;

/// The options in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The guide starts by itself where the journey starts.
    pub auto_start: bool,
    /// The vault locks after this many minutes without use.
    pub auto_lock_minutes: u32,
    /// The label template (`{app}`, `{device}`, `{date}`); empty: the app's name alone.
    pub label_template: String,
    /// This device's name, for `{device}`.
    pub device_name: String,
    /// The label the user last typed, offered as a one-click label.
    pub custom_label: String,
    /// The preset whose one-click label comes first in the label step (a `label::PRESETS` id).
    pub default_preset: Option<&'static str>,
    /// Seconds after which a password the extension copied is cleared; 0: never.
    pub clipboard_clear_seconds: u32,
    /// Whether an export's formula guard starts ticked.
    pub formula_prefix_default: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            auto_start: true,
            auto_lock_minutes: 15,
            label_template: String::new(),
            device_name: String::new(),
            custom_label: String::new(),
            default_preset: None,
            clipboard_clear_seconds: 30,
            formula_prefix_default: false,
        }
    }
}

/// Why a change was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionError {
    /// Not an object of options.
    NotOptions,
    /// The value of this option is of the wrong type or out of its range.
    Invalid(&'static str),
    /// The administrator set this option.
    Managed(&'static str),
}

impl OptionError {
    /// The `_locales` message name (the background answers with it; the pages translate it).
    pub fn message(&self) -> &'static str {
        match self {
            OptionError::NotOptions | OptionError::Invalid(_) => "error_option_invalid",
            OptionError::Managed(_) => "error_option_managed",
        }
    }
}

/// What kind of value each option holds.
#[derive(Clone, Copy)]
enum Kind {
    Flag,
    LockMinutes,
    ClearSeconds,
    Text(usize),
    Preset,
}

const KINDS: [(&str, Kind); 8] = [
    (AUTO_START, Kind::Flag),
    (AUTO_LOCK_MINUTES, Kind::LockMinutes),
    (LABEL_TEMPLATE, Kind::Text(TEMPLATE_MAX)),
    (DEVICE_NAME, Kind::Text(DEVICE_MAX)),
    (CUSTOM_LABEL, Kind::Text(TEMPLATE_MAX)),
    (DEFAULT_PRESET, Kind::Preset),
    (CLIPBOARD_CLEAR_SECONDS, Kind::ClearSeconds),
    (FORMULA_PREFIX_DEFAULT, Kind::Flag),
];

/// The known key equal to `key`, as the `'static` constant.
fn known(key: &str) -> Option<(&'static str, Kind)> {
    KINDS.iter().find(|(k, _)| *k == key).copied()
}

/// A whole number from a JSON number (3 and 3.0 alike; 2.5 rounds).
fn whole(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite()).map(f64::round)
}

/// Text an option may hold: trimmed, no control or invisible format characters.
fn clean_text(s: &str) -> Option<String> {
    let bad =
        |c: char| c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}');
    (!s.chars().any(bad)).then(|| s.trim().to_string())
}

/// A value checked strictly, normalised (trimmed text, whole numbers; `null` for no preset).
fn strict(kind: Kind, v: &Value) -> Option<Value> {
    match kind {
        Kind::Flag => v.as_bool().map(Value::Bool),
        Kind::LockMinutes => {
            whole(v).filter(|m| (LOCK_MINUTES.0 as f64..=LOCK_MINUTES.1 as f64).contains(m)).map(|m| Value::from(m as u32))
        }
        Kind::ClearSeconds => {
            whole(v).filter(|s| *s == 0.0 || (CLEAR_SECONDS.0 as f64..=CLEAR_SECONDS.1 as f64).contains(s)).map(|s| Value::from(s as u32))
        }
        Kind::Text(max) => match v {
            Value::Null => Some(Value::from("")),
            Value::String(s) => clean_text(s).filter(|s| s.chars().count() <= max).map(Value::from),
            _ => None,
        },
        Kind::Preset => match v {
            Value::Null => Some(Value::Null),
            Value::String(s) if s.is_empty() => Some(Value::Null),
            Value::String(s) => crate::label::preset(s).map(|p| Value::from(p.id)),
            _ => None,
        },
    }
}

/// A stored value read leniently: numbers brought into range, anything else unusable `None`.
fn lenient(kind: Kind, v: &Value) -> Option<Value> {
    match kind {
        Kind::LockMinutes => whole(v).map(|m| Value::from(m.clamp(LOCK_MINUTES.0 as f64, LOCK_MINUTES.1 as f64) as u32)),
        Kind::ClearSeconds => whole(v).map(|s| match s {
            s if s <= 0.0 => Value::from(0u32),
            s => Value::from(s.clamp(CLEAR_SECONDS.0 as f64, CLEAR_SECONDS.1 as f64) as u32),
        }),
        _ => strict(kind, v),
    }
}

mod change;
mod clipboard;
pub use change::{apply, check_change, save};
pub use clipboard::{clipboard_clear_at, clipboard_clear_due, CLEAR_RETRY_MS};

impl Options {
    /// Sets option `key` from a value already checked by [`strict`] or [`lenient`].
    fn set(&mut self, key: &str, v: &Value) {
        let text = || v.as_str().unwrap_or_default().to_string();
        match key {
            AUTO_START => self.auto_start = v.as_bool().unwrap_or(self.auto_start),
            AUTO_LOCK_MINUTES => self.auto_lock_minutes = v.as_u64().map_or(self.auto_lock_minutes, |m| m as u32),
            LABEL_TEMPLATE => self.label_template = text(),
            DEVICE_NAME => self.device_name = text(),
            CUSTOM_LABEL => self.custom_label = text(),
            DEFAULT_PRESET => self.default_preset = v.as_str().and_then(crate::label::preset).map(|p| p.id),
            CLIPBOARD_CLEAR_SECONDS => self.clipboard_clear_seconds = v.as_u64().map_or(self.clipboard_clear_seconds, |s| s as u32),
            FORMULA_PREFIX_DEFAULT => self.formula_prefix_default = v.as_bool().unwrap_or(self.formula_prefix_default),
            _ => {}
        }
    }

    /// The user's options as stored in `storage.sync` (any version's, or nothing): every key
    /// read leniently, the defaults for the rest.
    pub fn from_stored(stored: &Value) -> Options {
        let mut o = Options::default();
        if let Value::Object(map) = stored {
            for (key, kind) in KINDS {
                if let Some(v) = map.get(key).and_then(|v| lenient(kind, v)) {
                    o.set(key, &v);
                }
            }
        }
        o
    }

    /// The options as the pages and the content script receive them.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            AUTO_START: self.auto_start,
            AUTO_LOCK_MINUTES: self.auto_lock_minutes,
            LABEL_TEMPLATE: self.label_template,
            DEVICE_NAME: self.device_name,
            CUSTOM_LABEL: self.custom_label,
            DEFAULT_PRESET: self.default_preset,
            CLIPBOARD_CLEAR_SECONDS: self.clipboard_clear_seconds,
            FORMULA_PREFIX_DEFAULT: self.formula_prefix_default,
        })
    }
}

/// The options in force and which of them the administrator set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effective {
    /// The options' values.
    pub options: Options,
    /// The keys whose value comes from managed storage, in [`MANAGEABLE`] order.
    pub managed: Vec<&'static str>,
}

impl Effective {
    /// `{options, managed}`, the background's answer to the pages.
    pub fn to_json(&self) -> Value {
        serde_json::json!({ "options": self.options.to_json(), "managed": self.managed })
    }

    /// The background's answer read back by a page: the options (read as stored ones are, so
    /// nothing unusable gets in) and the known keys among `managed`.
    pub fn from_json(answer: &Value) -> Effective {
        let managed = answer["managed"].as_array().map(Vec::as_slice).unwrap_or_default();
        let managed = MANAGEABLE.into_iter().filter(|k| managed.iter().any(|m| m.as_str() == Some(k))).collect();
        Effective { options: Options::from_stored(&answer["options"]), managed }
    }

    /// Whether the administrator set option `key`.
    pub fn is_managed(&self, key: &str) -> bool {
        self.managed.contains(&key)
    }
}

/// Sent as [`Options::to_json`].
impl serde::Serialize for Options {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Sent as [`Effective::to_json`].
impl serde::Serialize for Effective {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Read as [`Effective::from_json`].
impl<'de> serde::Deserialize<'de> for Effective {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Effective::from_json(&<Value as serde::Deserialize>::deserialize(d)?))
    }
}

/// The options in force: each manageable option the administrator set to a usable value
/// (`managed`, the whole of `storage.managed`) wins over the user's (`sync`, the stored
/// `options` object); a managed value that is not usable is ignored, so the user's counts.
pub fn effective(managed: &Value, sync: &Value) -> Effective {
    let mut options = Options::from_stored(sync);
    let mut keys = Vec::new();
    if let Value::Object(map) = managed {
        for key in MANAGEABLE {
            let (key, kind) = known(key).expect("every manageable key is known");
            if let Some(v) = map.get(key).and_then(|v| lenient(kind, v)) {
                options.set(key, &v);
                keys.push(key);
            }
        }
    }
    Effective { options, managed: keys }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nothing_stored_gives_the_defaults() {
        for stored in [Value::Null, json!({}), json!("options"), json!([1, 2])] {
            assert_eq!(Options::from_stored(&stored), Options::default());
        }
        let d = Options::default().to_json();
        assert_eq!(d[AUTO_START], true);
        assert_eq!(d[AUTO_LOCK_MINUTES], 15);
        assert_eq!(d[CLIPBOARD_CLEAR_SECONDS], 30);
        assert_eq!(d[DEFAULT_PRESET], Value::Null);
        assert_eq!(d[FORMULA_PREFIX_DEFAULT], false);
    }

    /// The settings a build of schema 1 stored after real use (tests/fixtures/storage/).
    #[test]
    fn settings_stored_by_the_previous_version_still_read() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/storage/schema-1.json");
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let stored = &fixture["sync"]["options"];
        assert!(stored.is_object(), "the fixture has settings");
        let o = Options::from_stored(stored);
        assert_eq!(o.auto_lock_minutes, 42);
        assert!(o.auto_start);
        assert_eq!(o.label_template, "{app} – {device}");
        assert_eq!(o.device_name, "Fixture laptop");
        assert_eq!(o.custom_label, stored[CUSTOM_LABEL].as_str().unwrap());
        // Options that version did not have: their defaults.
        assert_eq!((o.default_preset, o.clipboard_clear_seconds, o.formula_prefix_default), (None, 30, false));
        // The oldest settings: only the auto-start switch.
        let oldest = Options::from_stored(&json!({ "autoStart": false }));
        assert_eq!(oldest, Options { auto_start: false, ..Options::default() });
    }

    #[test]
    fn a_bad_stored_value_costs_only_itself() {
        let o = Options::from_stored(&json!({
            "autoStart": "yes", "autoLockMinutes": 5000, "labelTemplate": "a\nb", "deviceName": 7,
            "defaultPreset": "netscape", "clipboardClearSeconds": 3, "formulaPrefixDefault": true,
        }));
        assert!(o.auto_start, "not a boolean: the default");
        assert_eq!(o.auto_lock_minutes, 1440, "brought into range");
        assert_eq!(o.label_template, "", "a control character: the default");
        assert_eq!(o.device_name, "");
        assert_eq!(o.default_preset, None, "not a preset");
        assert_eq!(o.clipboard_clear_seconds, 10, "brought up to the shortest time");
        assert!(o.formula_prefix_default, "the good value is kept");
        assert_eq!(Options::from_stored(&json!({ "autoLockMinutes": -3, "clipboardClearSeconds": -1 })).auto_lock_minutes, 1);
        assert_eq!(Options::from_stored(&json!({ "clipboardClearSeconds": -1 })).clipboard_clear_seconds, 0);
        assert_eq!(Options::from_stored(&json!({ "clipboardClearSeconds": 9000 })).clipboard_clear_seconds, 600);
    }

    #[test]
    fn managed_values_win_and_cannot_be_changed() {
        let sync = json!({ "autoStart": true, "defaultPreset": "spark", "deviceName": "Laptop", "clipboardClearSeconds": 45 });
        let managed =
            json!({ "autoStart": false, "defaultPreset": "outlook", "formulaPrefixDefault": true, "deviceName": "not manageable" });
        let e = effective(&managed, &sync);
        assert_eq!(e.managed, vec![AUTO_START, DEFAULT_PRESET, FORMULA_PREFIX_DEFAULT]);
        assert!(!e.options.auto_start);
        assert_eq!(e.options.default_preset, Some("outlook"));
        assert!(e.options.formula_prefix_default);
        assert_eq!(e.options.device_name, "Laptop", "the device name is the user's");
        assert_eq!(e.options.clipboard_clear_seconds, 45, "not managed: the user's value");
        assert_eq!(check_change(&json!({ "defaultPreset": "spark" }), &e.managed), Err(OptionError::Managed(DEFAULT_PRESET)));
        assert!(check_change(&json!({ "clipboardClearSeconds": 60 }), &e.managed).is_ok());
        assert_eq!(e.to_json()["managed"], json!(["autoStart", "defaultPreset", "formulaPrefixDefault"]));
        assert_eq!(e.to_json()["options"]["defaultPreset"], "outlook");
    }

    #[test]
    fn an_unusable_managed_value_leaves_the_users() {
        let sync = json!({ "defaultPreset": "spark", "autoLockMinutes": 20 });
        let e = effective(&json!({ "defaultPreset": "netscape", "autoStart": "no", "autoLockMinutes": 99999 }), &sync);
        assert_eq!(e.options.default_preset, Some("spark"));
        assert!(e.options.auto_start);
        // A number out of range is brought into it, as a stored one is (Chromium's schema
        // check would have refused it already; Firefox does not check).
        assert_eq!(e.options.auto_lock_minutes, 1440);
        assert_eq!(e.managed, vec![AUTO_LOCK_MINUTES]);
        // No managed storage at all (Firefox without a policy, or an empty one).
        for none in [Value::Null, json!({})] {
            let e = effective(&none, &sync);
            assert!(e.managed.is_empty());
            assert_eq!(e.options, Options::from_stored(&sync));
        }
    }

    #[test]
    fn the_managed_schema_lists_exactly_the_manageable_options() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/managed_schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert_eq!(schema["type"], "object");
        let props = schema["properties"].as_object().unwrap();
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        keys.sort();
        let mut want = MANAGEABLE.to_vec();
        want.sort();
        assert_eq!(keys, want);
        assert_eq!(props[AUTO_LOCK_MINUTES]["minimum"], LOCK_MINUTES.0);
        assert_eq!(props[AUTO_LOCK_MINUTES]["maximum"], LOCK_MINUTES.1);
        assert_eq!(props[CLIPBOARD_CLEAR_SECONDS]["maximum"], CLEAR_SECONDS.1);
        let presets: Vec<&str> = props[DEFAULT_PRESET]["enum"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let mut ids = vec![""];
        ids.extend(crate::label::PRESETS.iter().map(|p| p.id));
        assert_eq!(presets, ids);
        // Every value the schema accepts is one the extension uses as it is.
        for p in presets {
            assert!(check_change(&json!({ DEFAULT_PRESET: p }), &[]).is_ok());
        }
    }
}

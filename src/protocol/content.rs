//! The content module's messages, by hand: it has no serde (about 18 KB gzipped). A message is a
//! [`Plain`] value (what JSON can hold); the content module turns it into a JS object and back
//! with two small functions of its own. The background reads the same messages through the
//! serde types of `protocol::pages`; tests/protocol.rs checks that both ends agree.
//!
//! Content script → background: [`ContentMessage`], answered by [`HelloAnswer`] (hello),
//! [`CaptureAnswer`] (capture) or nothing read (the others). Background → content script:
//! [`TabMessage`], acknowledged with [`tab_ack`] when the guide takes it.

use super::memory_keys as m;
use super::option_keys as o;
use crate::flow::Memory;
use crate::steps::step;

/// A value as JSON holds it: what crosses the message channel.
#[derive(Clone, Debug, PartialEq)]
pub enum Plain {
    /// `null` (and, read from JS, `undefined`).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Plain>),
    /// An object, its keys in order.
    Object(Vec<(String, Plain)>),
}

/// `Null`, for a missing field.
const NULL: Plain = Plain::Null;

impl Plain {
    /// The field `key` of an object; `Null` when missing or when this is not an object.
    pub fn get(&self, key: &str) -> &Plain {
        match self {
            Plain::Object(fields) => fields.iter().find(|(k, _)| k == key).map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Plain::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Plain::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Plain::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Plain::Object(_))
    }

    /// An object of `fields`.
    pub fn object(fields: Vec<(&str, Plain)>) -> Plain {
        Plain::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn text_or_null(s: Option<&str>) -> Plain {
        s.map_or(Plain::Null, |s| Plain::Text(s.to_string()))
    }
}

/// What the content script sends the background.
pub enum ContentMessage<'a> {
    /// It started.
    Hello,
    /// Its tab's guide memory changed.
    Remember(&'a Memory),
    /// A new password appeared: the password, the label in the field, the account shown (if
    /// any) and the preset used (if any).
    Capture {
        /// The password on screen.
        password: &'a str,
        /// The label in Apple's field.
        label: &'a str,
        /// The account address shown, if any.
        account: Option<&'a str>,
        /// The preset used, if any.
        preset: Option<&'a str>,
    },
    /// It copied the password (the background clears the clipboard later).
    Copied,
    /// The labels in Apple's list.
    AppleList(&'a [String]),
}

impl ContentMessage<'_> {
    /// The message as sent: `{kind, …fields}`.
    pub fn encode(&self) -> Plain {
        use super::Kind;
        let kind = |k: Kind| ("kind", Plain::Text(k.wire().to_string()));
        match self {
            ContentMessage::Hello => Plain::object(vec![kind(Kind::Hello)]),
            ContentMessage::Remember(memory) => Plain::object(vec![kind(Kind::Remember), ("memory", memory_to_plain(memory))]),
            ContentMessage::Capture { password, label, account, preset } => Plain::object(vec![
                kind(Kind::Capture),
                ("password", Plain::Text(password.to_string())),
                ("label", Plain::Text(label.to_string())),
                ("account", Plain::text_or_null(*account)),
                ("preset", Plain::text_or_null(*preset)),
            ]),
            ContentMessage::Copied => Plain::object(vec![kind(Kind::Copied)]),
            ContentMessage::AppleList(labels) => {
                let labels = labels.iter().map(|l| Plain::Text(l.clone())).collect();
                Plain::object(vec![kind(Kind::AppleList), ("labels", Plain::List(labels))])
            }
        }
    }
}

/// A tab's memory as the plain object the background stores.
pub fn memory_to_plain(memory: &Memory) -> Plain {
    Plain::object(vec![
        (m::LAST, Plain::text_or_null(memory.last.map(|s| s.id.as_str()))),
        (m::SIGNED_IN, Plain::Bool(memory.signed_in)),
        (m::COPIED, Plain::Bool(memory.copied)),
        (m::FINISHED, Plain::Bool(memory.finished)),
        (m::DISMISSED, Plain::Bool(memory.dismissed)),
        (m::STARTED, Plain::Bool(memory.started)),
        (m::SAVED, Plain::Bool(memory.saved)),
        (m::SEEN, Plain::Number(f64::from(memory.seen))),
    ])
}

/// Reads a tab's memory back; unknown or missing fields read as their defaults.
pub fn memory_from_plain(p: &Plain) -> Memory {
    let flag = |k: &str| p.get(k).as_bool().unwrap_or(false);
    Memory {
        last: p.get(m::LAST).as_str().and_then(step),
        signed_in: flag(m::SIGNED_IN),
        copied: flag(m::COPIED),
        finished: flag(m::FINISHED),
        dismissed: flag(m::DISMISSED),
        started: flag(m::STARTED),
        saved: flag(m::SAVED),
        seen: p.get(m::SEEN).as_f64().filter(|v| (0.0..=65535.0).contains(v)).map_or(0, |v| v as u16),
    }
}

/// The options the guide uses, as the background sends them (checked there).
#[derive(Clone, Debug, PartialEq)]
pub struct GuideOptions {
    /// The label template.
    pub template: String,
    /// This device's name.
    pub device: String,
    /// The label the user last typed.
    pub custom: String,
    /// The preset offered first (a `label::PRESETS` id), if any.
    pub default_preset: Option<String>,
    /// Seconds after which a copied password is cleared (0: never); 30 when not given.
    pub clipboard_clear_seconds: u32,
    /// Whether the guide starts by itself, when given.
    pub auto_start: Option<bool>,
}

impl GuideOptions {
    /// From the options object the background sends (missing fields: empty, 30 s, not given).
    pub fn decode(p: &Plain) -> GuideOptions {
        let text = |k: &str| p.get(k).as_str().unwrap_or_default().to_string();
        GuideOptions {
            template: text(o::LABEL_TEMPLATE),
            device: text(o::DEVICE_NAME),
            custom: text(o::CUSTOM_LABEL),
            default_preset: p.get(o::DEFAULT_PRESET).as_str().map(String::from),
            clipboard_clear_seconds: p.get(o::CLIPBOARD_CLEAR_SECONDS).as_f64().map_or(30, |v| v.clamp(0.0, 600.0) as u32),
            auto_start: p.get(o::AUTO_START).as_bool(),
        }
    }
}

/// The background's answer to hello.
#[derive(Clone, Debug, PartialEq)]
pub struct HelloAnswer {
    /// The background's version; `None` when it did not answer.
    pub version: Option<String>,
    /// The tab's memory; `None` when the background refused or did not answer.
    pub memory: Option<Memory>,
    /// The options last known.
    pub options: GuideOptions,
}

impl HelloAnswer {
    /// From the answer (`None`: the background could not be reached).
    pub fn decode(reply: Option<&Plain>) -> HelloAnswer {
        let reply = reply.unwrap_or(&NULL);
        let memory = reply.get("memory");
        HelloAnswer {
            version: reply.get("version").as_str().map(String::from),
            memory: memory.is_object().then(|| memory_from_plain(memory)),
            options: GuideOptions::decode(reply.get("options")),
        }
    }
}

/// The background's answer to a capture.
#[derive(Clone, Debug, PartialEq)]
pub struct CaptureAnswer {
    /// Stored (or stored before).
    pub ok: bool,
    /// Why not: a `_locales` message name or a reason.
    pub error: Option<String>,
}

impl CaptureAnswer {
    /// From the answer (`None`: the background could not be reached).
    pub fn decode(reply: Option<&Plain>) -> CaptureAnswer {
        let reply = reply.unwrap_or(&NULL);
        CaptureAnswer { ok: reply.get("ok").as_bool() == Some(true), error: reply.get("error").as_str().map(String::from) }
    }
}

/// What the background sends a tab's content script.
#[derive(Clone, Debug, PartialEq)]
pub enum TabMessage {
    /// The popup's "Guide me": start (again) here. Acknowledged with [`tab_ack`].
    Restart,
    /// The options in force, once the background has read an administrator's.
    Options(GuideOptions),
    /// Anything else (not answered).
    Other,
}

/// The wire name of [`TabMessage::Restart`].
pub const RESTART: &str = "restart";
/// The wire name of [`TabMessage::Options`].
pub const OPTIONS: &str = "options";

impl TabMessage {
    /// From a message received.
    pub fn decode(p: &Plain) -> TabMessage {
        match p.get("kind").as_str() {
            Some(RESTART) => TabMessage::Restart,
            Some(OPTIONS) => TabMessage::Options(GuideOptions::decode(p.get("options"))),
            _ => TabMessage::Other,
        }
    }
}

/// The content script's answer to a message it takes (the background then knows a guide is
/// in that tab): `{kind: "ok", ok: true}`.
pub fn tab_ack() -> Plain {
    Plain::object(vec![("kind", Plain::Text("ok".into())), ("ok", Plain::Bool(true))])
}

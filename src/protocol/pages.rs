//! The typed messages of the extension's pages and the background (serde; the app module sends
//! them through serde-wasm-bindgen), and the checks of every request the background accepts
//! ([`parse`]): anything not recognised is refused with a reason.
//!
//! A [`Request`] is what is sent: its fields are read loosely (a field of the wrong type reads
//! as missing), so that [`parse`] can say what is wrong, and makes a [`Checked`] request of it.
//! Answers carry `ok: true` beside their fields ([`Answer`]), or `{ok: false, error}`
//! ([`Failure`]). No type here that can hold a password is `Debug`.

use super::error::{AppError, Shown};
use super::{is_entry_id, Kind};
use crate::record::Status;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use super::answers::*;
pub use super::memory::TabMemory;

/// A field read loosely: `None` when missing or not of the type.
fn loose<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    Ok(serde_json::from_value(Value::deserialize(d)?).ok())
}

/// A window id: `None` when missing or null, NaN (refused by [`parse`]) when not a number.
fn window<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Null => None,
        v => Some(v.as_f64().unwrap_or(f64::NAN)),
    })
}

/// A request to the background, as sent (`{kind, …fields}`; see [`Kind`] for who may send
/// which). Deliberately not `Debug`: some carry a password or a passphrase.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Request {
    /// [`Kind::Hello`].
    Hello,
    /// [`Kind::Remember`].
    Remember {
        /// The tab's guide memory, checked by [`TabMemory::check`].
        #[serde(default)]
        memory: Value,
    },
    /// [`Kind::Capture`].
    Capture {
        /// The new password (required).
        #[serde(default, deserialize_with = "loose")]
        password: Option<String>,
        /// The label in Apple's field.
        #[serde(default, deserialize_with = "loose")]
        label: Option<String>,
        /// The account shown, if any.
        #[serde(default, deserialize_with = "loose")]
        account: Option<String>,
        /// The preset used, if any.
        #[serde(default, deserialize_with = "loose")]
        preset: Option<String>,
    },
    /// [`Kind::AppleList`].
    AppleList {
        #[serde(default, deserialize_with = "loose")]
        /// The labels (at most 100; those not text are skipped).
        labels: Option<Vec<Value>>,
    },
    /// [`Kind::Copied`]: the password copied, when the sender has it at hand (the extension's
    /// pages), so that the clipboard is cleared only while it still holds it.
    Copied {
        /// The password copied, if given.
        #[serde(default, deserialize_with = "loose", skip_serializing_if = "Option::is_none")]
        password: Option<String>,
    },
    /// [`Kind::GuideMe`].
    GuideMe {
        /// The id of the popup's window (`windowId`), if given.
        #[serde(rename = "windowId", default, deserialize_with = "window", skip_serializing_if = "Option::is_none")]
        window_id: Option<f64>,
    },
    /// [`Kind::GetOptions`].
    GetOptions,
    /// [`Kind::SetOptions`].
    SetOptions {
        /// The options to change (an object).
        #[serde(default)]
        options: Value,
    },
    /// [`Kind::VaultStatus`].
    VaultStatus,
    /// [`Kind::Unlock`].
    Unlock {
        /// The passphrase.
        #[serde(default, deserialize_with = "loose")]
        passphrase: Option<String>,
    },
    /// [`Kind::Lock`].
    Lock,
    /// [`Kind::SetPassphrase`].
    SetPassphrase {
        /// The new passphrase (required).
        #[serde(default, deserialize_with = "loose")]
        passphrase: Option<String>,
        /// The passphrase set now, if any.
        #[serde(default, deserialize_with = "loose", skip_serializing_if = "Option::is_none")]
        current: Option<String>,
    },
    /// [`Kind::Reveal`].
    Reveal {
        /// The entry's id.
        #[serde(default, deserialize_with = "loose")]
        id: Option<String>,
    },
    /// [`Kind::ExportData`].
    ExportData {
        #[serde(default, deserialize_with = "loose")]
        /// The entries' ids (1 to 1000).
        ids: Option<Vec<Value>>,
    },
    /// [`Kind::SetStatus`].
    SetStatus {
        /// The entry's id.
        #[serde(default, deserialize_with = "loose")]
        id: Option<String>,
        /// `active` or `revoked`.
        #[serde(default, deserialize_with = "loose")]
        status: Option<String>,
    },
    /// [`Kind::Delete`].
    Delete {
        /// The entry's id.
        #[serde(default, deserialize_with = "loose")]
        id: Option<String>,
    },
}

/// What a content script's capture carries, checked for presence (the background checks the
/// rest). Deliberately not `Debug`: it holds a password.
pub struct CaptureFields {
    /// The password.
    pub password: String,
    /// The label in Apple's field.
    pub label: String,
    /// The account shown, if any.
    pub account: Option<String>,
    /// The preset used, if any.
    pub preset: Option<String>,
}

/// A checked request. Deliberately not `Debug`: a capture holds a password.
pub enum Checked {
    /// A content script started: answer with the version and the tab's memory.
    Hello,
    /// A content script's guide memory changed.
    Remember(TabMemory),
    /// A content script saw a new app-specific password.
    Capture(CaptureFields),
    /// The labels in Apple's list (at most 100, each cut to 256 characters).
    AppleList(Vec<String>),
    /// A password was copied from the extension (the password, if the sender gave it).
    Copied(Option<String>),
    /// The popup's "Guide me", with the id of the popup's window (if it gave one).
    GuideMe(Option<i32>),
    /// Read the options.
    GetOptions,
    /// Change options (an object; checked against the managed ones when answered).
    SetOptions(Value),
    /// The vault's state and entries, for the popup.
    VaultStatus,
    /// Unlock with a passphrase.
    Unlock(String),
    /// Lock now.
    Lock,
    /// Set or change the passphrase (`current`: the one set, if any).
    SetPassphrase {
        /// The passphrase set now, if any.
        current: Option<String>,
        /// The new passphrase.
        new: String,
    },
    /// An entry's password.
    Reveal(String),
    /// Entries with their passwords, for an export (1 to 1000 entry ids).
    ExportData(Vec<String>),
    /// Mark an entry active or revoked.
    SetStatus(String, Status),
    /// Delete an entry.
    Delete(String),
}

impl Checked {
    /// The request's kind (for [`Kind::allowed`]).
    pub fn kind(&self) -> Kind {
        match self {
            Checked::Hello => Kind::Hello,
            Checked::Remember(_) => Kind::Remember,
            Checked::Capture(_) => Kind::Capture,
            Checked::AppleList(_) => Kind::AppleList,
            Checked::Copied(_) => Kind::Copied,
            Checked::GuideMe(_) => Kind::GuideMe,
            Checked::GetOptions => Kind::GetOptions,
            Checked::SetOptions(_) => Kind::SetOptions,
            Checked::VaultStatus => Kind::VaultStatus,
            Checked::Unlock(_) => Kind::Unlock,
            Checked::Lock => Kind::Lock,
            Checked::SetPassphrase { .. } => Kind::SetPassphrase,
            Checked::Reveal(_) => Kind::Reveal,
            Checked::ExportData(_) => Kind::ExportData,
            Checked::SetStatus(..) => Kind::SetStatus,
            Checked::Delete(_) => Kind::Delete,
        }
    }
}

/// An entry id from a message: hex only, so it can name nothing but an entry record.
fn entry_id(id: Option<String>) -> Result<String, AppError> {
    let id = id.ok_or("no entry id")?;
    if !is_entry_id(&id) {
        return Err("not an entry id".into());
    }
    Ok(id)
}

/// Checks a message (as JSON) and makes a request of it; the error says what is wrong.
pub fn parse(msg: &Value) -> Result<Checked, AppError> {
    let kind = msg.get("kind").and_then(Value::as_str).ok_or("message without a kind")?;
    if Kind::from_wire(kind).is_none() {
        return Err(format!("unknown message kind: {kind}").into());
    }
    let request = Request::deserialize(msg).map_err(|e| format!("malformed {kind} message: {e}"))?;
    Ok(match request {
        Request::Hello => Checked::Hello,
        Request::Remember { memory } => Checked::Remember(TabMemory::check(&memory)?),
        Request::GuideMe { window_id } => Checked::GuideMe(match window_id {
            Some(w) if w.fract() == 0.0 && (0.0..=f64::from(i32::MAX)).contains(&w) => Some(w as i32),
            Some(_) => return Err("not a window id".into()),
            None => None,
        }),
        Request::GetOptions => Checked::GetOptions,
        Request::Copied { password } => Checked::Copied(password.filter(|p| !p.is_empty() && p.len() <= 1024)),
        Request::SetOptions { options } if options.is_object() => Checked::SetOptions(options),
        Request::SetOptions { .. } => return Err(Shown::OptionInvalid.into()),
        Request::AppleList { labels } => {
            let labels = labels.unwrap_or_default();
            if labels.len() > 100 {
                return Err("too many labels".into());
            }
            Checked::AppleList(labels.iter().filter_map(Value::as_str).map(|l| l.chars().take(256).collect()).collect())
        }
        Request::VaultStatus => Checked::VaultStatus,
        Request::Unlock { passphrase } => Checked::Unlock(passphrase.ok_or("unlock without a passphrase")?),
        Request::Lock => Checked::Lock,
        Request::SetPassphrase { passphrase, current } => Checked::SetPassphrase { current, new: passphrase.ok_or("no new passphrase")? },
        Request::Reveal { id } => Checked::Reveal(entry_id(id)?),
        Request::ExportData { ids } => {
            let ids = ids.unwrap_or_default();
            if ids.is_empty() || ids.len() > 1000 {
                return Err("an export names 1 to 1000 entries".into());
            }
            Checked::ExportData(ids.into_iter().map(|id| entry_id(id.as_str().map(String::from))).collect::<Result<_, _>>()?)
        }
        Request::SetStatus { id, status } => {
            let status = match status.as_deref() {
                Some("active") => Status::Active,
                Some("revoked") => Status::Revoked,
                _ => return Err("status must be active or revoked".into()),
            };
            Checked::SetStatus(entry_id(id)?, status)
        }
        Request::Delete { id } => Checked::Delete(entry_id(id)?),
        Request::Capture { password, label, account, preset } => Checked::Capture(CaptureFields {
            password: password.ok_or("capture without a password")?,
            label: label.unwrap_or_default(),
            account,
            preset,
        }),
    })
}

/// Whether the popup offers to mark `entry` revoked: it is active, Apple's list was seen (this
/// browser session) after it was saved, and no label there is its label (spaces around
/// ignored). Only a password saved before the list was seen can be missing from it.
pub fn gone_from_apple(entry: &EntryView, list: Option<&AppleList>) -> bool {
    list.is_some_and(|list| {
        entry.status == Status::Active && entry.created < list.seen && !list.labels.iter().any(|l| l.trim() == entry.label.trim())
    })
}

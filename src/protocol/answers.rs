//! The answers the background sends back to the extension's pages and content scripts
//! ([`Answer`] around a reply's fields, or [`Failure`]), the entry views they carry, and what the
//! background sends a tab unasked ([`ToTab`]). Re-exported by [`super::pages`].

use super::memory::TabMemory;
use crate::record::{Entry, Status};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A successful answer: `ok: true` beside the fields of `body`.
#[derive(Serialize)]
pub struct Answer<'a, T: Serialize> {
    /// Always true.
    pub ok: bool,
    /// The answer's fields.
    #[serde(flatten)]
    pub body: &'a T,
}

/// A refused or failed request: `{ok: false, error}`; `error` is a `_locales` message name or
/// a reason.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Always false.
    pub ok: bool,
    /// Why.
    #[serde(default)]
    pub error: String,
}

/// An answer with no fields.
#[derive(Serialize, Deserialize, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Done {}

/// The answer to hello.
#[derive(Serialize)]
pub struct HelloReply {
    /// The extension's version.
    pub version: &'static str,
    /// The tab's memory (a tab the guide has not seen: only `dismissed`, per auto-start).
    pub memory: TabMemory,
    /// The options last known ([`crate::options::Options`]).
    pub options: Value,
}

/// The answer to "Guide me".
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuideMeReply {
    /// A new tab was opened (rather than the guide restarted in the active one).
    pub opened: bool,
}

/// The answer to a capture.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CaptureReply {
    /// The entry's id.
    pub id: String,
    /// The password was stored before; nothing new was written.
    pub duplicate: bool,
}

/// The answer to a copy: the seconds until the clipboard is cleared (0: never).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopiedReply {
    /// Seconds until the clipboard is cleared.
    pub seconds: u32,
}

/// An entry as the pages see it (no password).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct EntryView {
    /// The entry's id.
    pub id: String,
    /// The label given at Apple.
    pub label: String,
    /// The account address, if known.
    pub account: Option<String>,
    /// When it was captured, ISO 8601.
    pub created: String,
    /// The preset used, if any.
    pub preset: Option<String>,
    /// Active or revoked.
    pub status: Status,
}

impl From<&Entry> for EntryView {
    fn from(e: &Entry) -> Self {
        EntryView {
            id: e.id.clone(),
            label: e.label.clone(),
            account: e.account.clone(),
            created: e.created.clone(),
            preset: e.preset.clone(),
            status: e.status,
        }
    }
}

/// A record that cannot be read: its key and why.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// The storage key.
    pub key: String,
    /// Why it cannot be read.
    pub reason: String,
}

/// The labels last seen in Apple's list and when (ISO 8601); also as kept in `storage.session`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct AppleList {
    /// The labels.
    pub labels: Vec<String>,
    /// When they were seen.
    pub seen: String,
}

/// The answer to vault-status.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct VaultStatusReply {
    /// A passphrase is set.
    pub protected: bool,
    /// The vault is unlocked (or unprotected).
    pub unlocked: bool,
    /// The readable entries, newest first.
    pub entries: Vec<EntryView>,
    /// The records that cannot be read.
    pub damaged: Vec<Damaged>,
    /// How many records a newer version wrote.
    pub newer: usize,
    /// Apple's list as last seen in this browser session, if it was.
    #[serde(rename = "appleList", default)]
    pub apple_list: Option<AppleList>,
}

/// The answer to reveal. Deliberately not `Debug`.
#[derive(Serialize, Deserialize)]
pub struct RevealReply {
    /// The entry's password.
    pub password: String,
}

/// An entry with its password, for an export. Deliberately not `Debug`.
#[derive(Serialize, Deserialize)]
pub struct ExportItem {
    /// The entry.
    #[serde(flatten)]
    pub entry: EntryView,
    /// Its password.
    pub password: String,
}

/// The answer to export-data. Deliberately not `Debug`.
#[derive(Serialize, Deserialize)]
pub struct ExportDataReply {
    /// The entries asked for, in that order.
    pub entries: Vec<ExportItem>,
}

/// What the background sends a tab's content script (read there by
/// [`super::content::TabMessage`]).
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ToTab {
    /// Start (again) here.
    Restart,
    /// The options in force now ([`crate::options::Options`]).
    Options {
        /// The options.
        options: Value,
    },
}

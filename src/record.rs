//! Stored entries: one record per captured password under its own storage key, so two tabs
//! capturing at once never overwrite each other. Every record carries its schema version; the
//! reader migrates older ones and refuses newer ones (data from a later version is left
//! untouched). The password itself is only ever in `sealed` (see [`crate::vault`]).

use serde::{Deserialize, Serialize};

/// Schema version of records written now.
pub const SCHEMA: u32 = 1;
/// Storage key prefix of entry records.
pub const ENTRY_PREFIX: &str = "entry:";

/// Whether the password still works at Apple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Revoked,
}

/// A captured app-specific password and its context.
///
/// Unknown fields are refused, not dropped: a record is rewritten (marking it revoked), and a
/// field this version does not know would be lost. A new field means a new schema version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Schema version.
    pub v: u32,
    /// Random id; the storage key is `entry:<id>`.
    pub id: String,
    /// When it was captured, ISO 8601 UTC.
    pub created: String,
    /// The label given at Apple.
    pub label: String,
    /// The Apple Account address, when the page showed it.
    pub account: Option<String>,
    /// The host it was created on.
    pub host: String,
    /// The app preset chosen, if any.
    pub preset: Option<String>,
    /// Active or revoked.
    pub status: Status,
    /// [`crate::vault::fingerprint`] of the password, to store a capture once.
    pub fp: String,
    /// The password sealed to the vault's public key, base64.
    pub sealed: String,
}

/// Why a stored record cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("the record is damaged: {0}")]
    Damaged(String),
    #[error("the record was written by a newer version of the extension (schema {0})")]
    Newer(u32),
}

/// Reads a stored record, migrating older schemas.
pub fn decode(json: &str) -> Result<Entry, RecordError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))?;
    let v = value.get("v").and_then(serde_json::Value::as_u64).ok_or_else(|| RecordError::Damaged("no schema version".into()))?;
    let v = u32::try_from(v).map_err(|_| RecordError::Newer(u32::MAX))?;
    match v {
        SCHEMA => serde_json::from_value(value).map_err(|e| RecordError::Damaged(e.to_string())),
        // Older schemas are migrated here as they come to exist; none predates version 1.
        v if v > SCHEMA => Err(RecordError::Newer(v)),
        v => Err(RecordError::Damaged(format!("unknown schema {v}"))),
    }
}

/// The record as stored.
pub fn encode(entry: &Entry) -> String {
    serde_json::to_string(entry).expect("an entry always serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            v: SCHEMA,
            id: "e1".into(),
            created: "2026-11-24T12:00:00Z".into(),
            label: "<img src=x onerror=alert(1)> \"Mail\" 📧 \u{5d0}\u{5d1}".into(),
            account: Some("jane@icloud.com".into()),
            host: "account.apple.com".into(),
            preset: Some("thunderbird".into()),
            status: Status::Active,
            fp: "00".repeat(16),
            sealed: "c2VhbGVk".into(),
        }
    }

    #[test]
    fn round_trips() {
        let e = entry();
        assert_eq!(decode(&encode(&e)), Ok(e));
    }

    #[test]
    fn damaged_and_newer_records_are_told_apart() {
        assert!(matches!(decode("{not json"), Err(RecordError::Damaged(_))));
        assert!(matches!(decode(r#"{"id":"x"}"#), Err(RecordError::Damaged(_))));
        assert!(matches!(decode(r#"{"v":1,"id":"x"}"#), Err(RecordError::Damaged(_))));
        assert_eq!(decode(r#"{"v":7,"anything":true}"#), Err(RecordError::Newer(7)));
        assert!(matches!(decode(r#"{"v":0}"#), Err(RecordError::Damaged(_))));
        let mut unknown = serde_json::to_value(entry()).unwrap();
        unknown["added_later"] = true.into();
        assert!(matches!(decode(&unknown.to_string()), Err(RecordError::Damaged(_))), "an unknown field is never dropped by a rewrite");
    }
}

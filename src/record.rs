//! Stored entries: one record per captured password under its own storage key, so two tabs
//! capturing at once never overwrite each other. Every record carries its schema version; the
//! reader migrates older ones and refuses newer ones (data from a later version is left
//! untouched). The password itself is only ever in `sealed` (see [`crate::vault`]).
//!
//! The vault's keyring ([`crate::vault::Keyring`], under `keyring`) is versioned the same way
//! and read here too ([`decode_keyring`]), so every schema decision — and every migration,
//! when a schema 2 comes — lives in this one file. Settings (`options` in `storage.sync`)
//! have no version: their writer keeps every key it does not know (see `app/store.rs`).

use crate::vault::Keyring;
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

/// Parses stored JSON and brings it to schema `current`: migrated from an older schema (none
/// predates version 1 yet: each future migration is one step here, from its version to the
/// next), refused as [`RecordError::Newer`] from a newer one, so that data is never read by
/// code that does not know it, nor rewritten.
fn migrated(json: &str, current: u32) -> Result<serde_json::Value, RecordError> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))?;
    let v = value.get("v").and_then(serde_json::Value::as_u64).ok_or_else(|| RecordError::Damaged("no schema version".into()))?;
    let v = u32::try_from(v).map_err(|_| RecordError::Newer(u32::MAX))?;
    match v {
        v if v == current => Ok(value),
        v if v > current => Err(RecordError::Newer(v)),
        v => Err(RecordError::Damaged(format!("unknown schema {v}"))),
    }
}

/// Reads a stored record, migrating older schemas.
pub fn decode(json: &str) -> Result<Entry, RecordError> {
    serde_json::from_value(migrated(json, SCHEMA)?).map_err(|e| RecordError::Damaged(e.to_string()))
}

/// Reads the stored keyring, migrating older schemas; a keyring of a newer schema is refused
/// (and so never rewritten by this version).
pub fn decode_keyring(json: &str) -> Result<Keyring, RecordError> {
    serde_json::from_value(migrated(json, Keyring::SCHEMA)?).map_err(|e| RecordError::Damaged(e.to_string()))
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

    #[test]
    fn keyrings_are_versioned_too() {
        let (ring, _) = Keyring::create(None, crate::vault::KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        let json = serde_json::to_string(&ring).unwrap();
        assert_eq!(decode_keyring(&json), Ok(ring));
        let newer = json.replacen(r#""v":1"#, r#""v":2"#, 1);
        assert_eq!(decode_keyring(&newer), Err(RecordError::Newer(2)));
        let extra = json.replacen(r#""v":1"#, r#""v":1,"pq":"x""#, 1);
        assert!(matches!(decode_keyring(&extra), Err(RecordError::Damaged(_))), "an unknown field is refused");
        let inner = json.replacen(r#""kind":"unprotected""#, r#""kind":"unprotected","hint":"x""#, 1);
        assert!(matches!(decode_keyring(&inner), Err(RecordError::Damaged(_))), "also inside the wrapped secret");
        assert!(matches!(decode_keyring("{}"), Err(RecordError::Damaged(_))));
    }
}

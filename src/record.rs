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

/// Schema version of records written now. 2: the sealed box holds the record's id and label
/// with the password ([`sealed_content`]); 1 (still read; resealed as 2 once the vault's key is
/// at hand, `app/store.rs`): the password alone.
pub const SCHEMA: u32 = 2;
/// The oldest schema still read (records and keyring).
const OLDEST: u32 = 1;
/// Storage key prefix of entry records.
pub const ENTRY_PREFIX: &str = "entry:";

/// Whether the password still works at Apple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still works at Apple, as far as the extension knows.
    Active,
    /// Marked revoked by the user: it no longer works at Apple.
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
    /// Empty. Earlier builds stored a fingerprint of the password here (16 bytes of SHA-256),
    /// which let anyone with a copy of the profile check guesses at a password partly known;
    /// the background erases it (`app/store.rs`). Kept as a field so earlier builds still read
    /// the records written now.
    pub fp: String,
    /// The password sealed to the vault's public key, base64.
    pub sealed: String,
}

/// What a capture stores about a password besides the password itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The label given at Apple.
    pub label: String,
    /// The Apple Account address, when the page showed it.
    pub account: Option<String>,
    /// The host it was created on.
    pub host: String,
    /// The app preset chosen, if any.
    pub preset: Option<String>,
}

/// The record of a newly captured password, active, under `id`, captured at `created`;
/// `sealed` is the password sealed to the vault's public key, base64. Nothing else in it is
/// computed from the password: only the vault's key tells whether two records hold the same
/// one ([`duplicates`]).
pub fn new_entry(id: String, created: String, context: Context, sealed: String) -> Entry {
    let Context { label, account, host, preset } = context;
    Entry { v: SCHEMA, id, created, label, account, host, preset, status: Status::Active, fp: String::new(), sealed }
}

/// What a schema-2 record seals: its id and label with the password, as JSON, so a record
/// whose id or label was changed in storage, or that holds another record's sealed box, does
/// not open as a password (a page able to write storage cannot pass one password off as
/// another account's).
pub fn sealed_content(id: &str, label: &str, password: &str) -> Vec<u8> {
    serde_json::json!({ "id": id, "label": label, "password": password }).to_string().into_bytes()
}

/// The password in the opened sealed box of `entry`: for schema 2, only if the box names the
/// record's own id and label; for schema 1 (the password alone), only if it has the shape of
/// an app-specific password (a schema-2 box under a record lowered to 1 does not).
pub fn opened_password(entry: &Entry, plain: &[u8]) -> Result<String, RecordError> {
    let damaged = |why: &str| RecordError::Damaged(why.to_string());
    let text = std::str::from_utf8(plain).map_err(|_| damaged("the sealed box is not text"))?;
    if entry.v < 2 {
        return if crate::password::is_app_password(text) {
            Ok(text.to_string())
        } else {
            Err(damaged("the sealed box is not a password"))
        };
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sealed {
        id: String,
        label: String,
        password: String,
    }
    let sealed: Sealed = serde_json::from_str(text).map_err(|_| damaged("the sealed box is not a schema-2 record"))?;
    if sealed.id != entry.id || sealed.label != entry.label {
        return Err(damaged("the sealed box belongs to another id or label"));
    }
    Ok(sealed.password)
}

/// The ids of the entries that hold the same password as an earlier one (by creation time, then
/// id), given opened entries and their passwords: a capture stored twice, as when the browser
/// stopped the background before it answered and the vault was locked. The earliest is kept.
pub fn duplicates(opened: &[(&Entry, &str)]) -> Vec<String> {
    let mut sorted: Vec<&(&Entry, &str)> = opened.iter().collect();
    sorted.sort_by(|a, b| (&a.0.created, &a.0.id).cmp(&(&b.0.created, &b.0.id)));
    let mut kept: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (entry, password) in sorted {
        if kept.contains(password) {
            out.push(entry.id.clone());
        } else {
            kept.push(password);
        }
    }
    out
}

/// Why a stored record cannot be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The stored value cannot be read as a record (why).
    #[error("the record is damaged: {0}")]
    Damaged(String),
    /// Written by a newer version of the extension (its schema version).
    #[error("the record was written by a newer version of the extension (schema {0})")]
    Newer(u32),
}

/// Parses stored JSON and brings it to schema `current`: migrated from an older schema (none
/// predates version 1 yet: each future migration is one step here, from its version to the
/// next), refused as [`RecordError::Newer`] from a newer one, so that data is never read by
/// code that does not know it, nor rewritten.
fn migrated(json: &str, current: u32) -> Result<serde_json::Value, RecordError> {
    // Schema 1 to 2 changes no field: only what is sealed (records) and the associated data of
    // the wrapped secret (keyring), which `v` names. So a schema-1 value is read as it is, its
    // `v` kept; it is rewritten as schema 2 once the key is at hand (`app/store.rs`).
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| RecordError::Damaged(e.to_string()))?;
    let v = value.get("v").and_then(serde_json::Value::as_u64).ok_or_else(|| RecordError::Damaged("no schema version".into()))?;
    let v = u32::try_from(v).map_err(|_| RecordError::Newer(u32::MAX))?;
    match v {
        v if (OLDEST..=current).contains(&v) => Ok(value),
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

/// What storage holds under a key, as the background read it.
#[derive(Clone, Copy, Debug)]
pub enum Stored<'a> {
    /// Nothing: the key is absent.
    Absent,
    /// Text: every record and the keyring are stored as JSON text.
    Text(&'a str),
    /// A value of another type (an object, a number, null…), as JSON.
    Other(&'a serde_json::Value),
}

/// The keyring stored under `keyring` (`stored`), if any; `entries_stored` says whether any
/// entry record is stored (readable or not).
///
/// `None` — so a new keyring may be created — only when the key is absent and no entry is
/// stored. A value that is not text (an object, a number, null) is refused: as newer if it
/// names a newer schema, else as damaged; so is an absent keyring beside stored entries (their
/// passwords are sealed to it). Treating either as "none" would let the next capture or "Set
/// passphrase" write a new keyring over the old one, and every saved password would be lost.
pub fn stored_keyring(stored: Stored, entries_stored: bool) -> Result<Option<Keyring>, RecordError> {
    match stored {
        Stored::Text(json) => decode_keyring(json).map(Some),
        Stored::Absent if !entries_stored => Ok(None),
        Stored::Absent => Err(RecordError::Damaged("no keyring, yet entries sealed to one are stored".into())),
        Stored::Other(value) => match value.get("v").and_then(serde_json::Value::as_u64) {
            Some(v) if v > u64::from(Keyring::SCHEMA) => Err(RecordError::Newer(u32::try_from(v).unwrap_or(u32::MAX))),
            _ => Err(RecordError::Damaged("the keyring is not stored as text".into())),
        },
    }
}

/// Reads the entry record stored under `key`, migrating older schemas. A record whose `id` is
/// not the one its key names is damaged: the popup and exports name entries by id, and Delete,
/// Reveal and Mark would act on another record.
pub fn decode_stored(key: &str, json: &str) -> Result<Entry, RecordError> {
    let entry = decode(json)?;
    if key.strip_prefix(ENTRY_PREFIX) != Some(entry.id.as_str()) {
        return Err(RecordError::Damaged(format!("stored under {key:?} but names the id {:?}", entry.id)));
    }
    Ok(entry)
}

/// The record as stored.
pub fn encode(entry: &Entry) -> String {
    serde_json::to_string(entry).expect("an entry always serialises")
}

/// The longest label or account address kept.
const TEXT_MAX: usize = 256;

/// A capture as the background receives it: what the content script sent, and the host of the
/// page it was sent from (as the browser reports it). Deliberately not `Debug`: it holds a
/// password.
pub struct Capture {
    /// The password on screen.
    pub password: String,
    /// The label in Apple's field.
    pub label: String,
    /// The account address shown, if any.
    pub account: Option<String>,
    /// The sending page's host.
    pub host: String,
    /// The preset used, if any.
    pub preset: Option<String>,
}

/// Text as stored: control characters left out, at most [`TEXT_MAX`] characters, trimmed.
fn clean_text(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(TEXT_MAX).collect::<String>().trim().to_string()
}

/// How many new passwords one tab may hand over in [`CAPTURE_WINDOW_MS`]: Apple shows one per
/// Create, so more in a minute is a page not of Apple's making (or not only).
pub const CAPTURES_PER_WINDOW: usize = 3;
/// The window of [`CAPTURES_PER_WINDOW`], in ms.
pub const CAPTURE_WINDOW_MS: f64 = 60_000.0;

/// Whether a tab whose earlier captures were at `times` (ms since the epoch) may capture at
/// `now`; the times to keep either way (those still in the window, with `now` if allowed).
pub fn capture_allowed(times: &[f64], now: f64) -> (bool, Vec<f64>) {
    let mut recent: Vec<f64> = times.iter().copied().filter(|t| t.is_finite() && *t <= now && now - *t < CAPTURE_WINDOW_MS).collect();
    let allowed = recent.len() < CAPTURES_PER_WINDOW;
    if allowed {
        recent.push(now);
    }
    (allowed, recent)
}

/// Checks a capture: an app-specific password, from one of Apple's account hosts, with
/// bounded, control-free text (an account only if it is an address) and a known preset.
pub fn validate(c: Capture) -> Result<Capture, String> {
    if !crate::password::is_app_password(&c.password) {
        return Err("not an app-specific password".into());
    }
    if crate::steps::site_of(&c.host) != Some(crate::steps::Site::Account) {
        return Err("not captured on an Apple account page".into());
    }
    let account = c.account.map(|a| clean_text(&a)).filter(|a| a.contains('@'));
    let preset = c.preset.filter(|p| crate::label::preset(p).is_some());
    Ok(Capture { label: clean_text(&c.label), account, preset, ..c })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(password: &str, host: &str) -> Capture {
        Capture { password: password.into(), label: " Mail\u{7}\n ".into(), account: None, host: host.into(), preset: None }
    }

    #[test]
    fn a_capture_is_checked_before_it_is_stored() {
        let ok = validate(Capture {
            account: Some(" jane@icloud.com\t".into()),
            preset: Some("outlook".into()),
            ..capture("abcd-efgh-ijkl-mnop", "account.apple.com")
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((ok.label.as_str(), ok.account.as_deref(), ok.preset.as_deref()), ("Mail", Some("jane@icloud.com"), Some("outlook")));
        let long = validate(Capture { label: "x".repeat(300), ..capture("abcd-efgh-ijkl-mnop", "account.apple.com") }).ok().unwrap();
        assert_eq!(long.label.chars().count(), TEXT_MAX);
        let odd = Capture {
            account: Some("not an address".into()),
            preset: Some("netscape".into()),
            ..capture("abcd-efgh-ijkl-mnop", "account.apple.com")
        };
        let odd = validate(odd).ok().unwrap();
        assert_eq!((odd.account, odd.preset), (None, None), "an account that is no address, an unknown preset: left out");
        assert_eq!(validate(capture("not-a-password", "account.apple.com")).err().unwrap(), "not an app-specific password");
        for host in ["evil.example", "www.icloud.com", ""] {
            assert_eq!(validate(capture("abcd-efgh-ijkl-mnop", host)).err().unwrap(), "not captured on an Apple account page", "{host}");
        }
    }

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

    /// Only an absent key means "no keyring" (and then only while no entry is stored): a value
    /// of another type is damaged or newer, never replaced by a new keyring that would lose
    /// every password sealed to the old one.
    #[test]
    fn only_an_absent_keyring_is_none() {
        let (ring, _) = Keyring::create(None, crate::vault::KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        let json = serde_json::to_string(&ring).unwrap();
        assert_eq!(stored_keyring(Stored::Absent, false), Ok(None), "a first capture may create one");
        assert_eq!(stored_keyring(Stored::Text(&json), true), Ok(Some(ring.clone())));
        let object: serde_json::Value = serde_json::from_str(&json).unwrap();
        let others = [
            ("the keyring as an object", object),
            ("a number", serde_json::json!(7)),
            ("null", serde_json::Value::Null),
            ("an array", serde_json::json!([json])),
            ("an object", serde_json::json!({ "v": 1 })),
        ];
        for (what, other) in others {
            for entries in [false, true] {
                assert!(
                    matches!(stored_keyring(Stored::Other(&other), entries), Err(RecordError::Damaged(_))),
                    "{what}, entries stored: {entries}"
                );
            }
        }
        let newer = serde_json::json!({ "v": 3, "public": "?" });
        assert_eq!(stored_keyring(Stored::Other(&newer), true), Err(RecordError::Newer(3)));
        assert!(matches!(stored_keyring(Stored::Absent, true), Err(RecordError::Damaged(_))), "entries without their keyring");
    }

    /// A record names the id it is stored under: one that names another is set aside as
    /// damaged (it would make Delete or an export act on another record).
    #[test]
    fn a_record_under_another_id_is_damaged() {
        let e = entry();
        assert_eq!(decode_stored("entry:e1", &encode(&e)), Ok(e.clone()));
        for key in ["entry:e2", "entry:", "e1", "entry:e1 ", "entry:E1", "keyring"] {
            assert!(matches!(decode_stored(key, &encode(&e)), Err(RecordError::Damaged(_))), "{key}");
        }
        let newer = r#"{"v":7,"id":"elsewhere"}"#;
        assert_eq!(decode_stored("entry:e1", newer), Err(RecordError::Newer(7)), "a newer record is left alone, unread");
    }

    /// Nothing stored beside the sealed box is computed from the password: a record gives
    /// someone with a copy of the profile nothing to check a guess against (item 9 of issue 16:
    /// a fingerprint of the password alone did, for a password partly known).
    #[test]
    fn a_record_holds_nothing_a_guess_can_be_checked_against() {
        let context = Context { label: "Mail".into(), account: None, host: "account.apple.com".into(), preset: None };
        let (ring, _) = Keyring::create(None, crate::vault::KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        let public = ring.public_key().unwrap();
        let beside_the_sealed_box = |password: &str| {
            use base64::Engine;
            let sealed = crate::vault::seal(&public, password.as_bytes()).unwrap();
            let mut e = new_entry(
                "e1".into(),
                "2026-11-24T12:00:00Z".into(),
                context.clone(),
                base64::engine::general_purpose::STANDARD.encode(sealed),
            );
            e.sealed.clear();
            encode(&e)
        };
        assert_eq!(beside_the_sealed_box("abcd-efgh-ijkl-mnop"), beside_the_sealed_box("abcd-efgh-ijkl-mnoq"));
    }

    #[test]
    fn the_earliest_of_the_same_password_is_kept() {
        let at = |id: &str, created: &str| Entry { id: id.into(), created: created.into(), ..entry() };
        let (a, b, c, d) = (
            at("a", "2026-01-02T00:00:00Z"),
            at("b", "2026-01-01T00:00:00Z"),
            at("c", "2026-01-03T00:00:00Z"),
            at("d", "2026-01-01T00:00:00Z"),
        );
        let opened = [(&a, "one"), (&b, "one"), (&c, "two"), (&d, "three")];
        assert_eq!(duplicates(&opened), vec!["a".to_string()]);
        assert_eq!(duplicates(&[(&c, "two"), (&d, "three")]), Vec::<String>::new());
        let same_time = at("0", "2026-01-02T00:00:00Z");
        assert_eq!(duplicates(&[(&a, "one"), (&same_time, "one")]), vec!["a".to_string()], "then by id");
    }

    /// Item 10 of issue 16: a schema-2 record's sealed box holds its id and label with the
    /// password, so a record given another id or label (or another record's sealed box) does
    /// not open as a password.
    #[test]
    fn an_entry_is_bound_to_its_id_and_label() {
        let (ring, secret) = Keyring::create(None, crate::vault::KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        let public = ring.public_key().unwrap();
        let make = |id: &str, label: &str, pw: &str| {
            use base64::Engine;
            let sealed = crate::vault::seal(&public, &sealed_content(id, label, pw)).unwrap();
            let context = Context { label: label.into(), account: None, host: "account.apple.com".into(), preset: None };
            new_entry(id.into(), "2026-11-24T12:00:00Z".into(), context, base64::engine::general_purpose::STANDARD.encode(sealed))
        };
        let open = |e: &Entry| {
            use base64::Engine;
            let sealed = base64::engine::general_purpose::STANDARD.decode(&e.sealed).unwrap();
            opened_password(e, &crate::vault::open(&secret, &sealed).unwrap())
        };
        let mail = make("e1", "Mail", "abcd-efgh-ijkl-mnop");
        assert_eq!(mail.v, 2);
        assert_eq!(open(&mail).as_deref(), Ok("abcd-efgh-ijkl-mnop"));
        let relabelled = Entry { label: "Bank".into(), ..mail.clone() };
        assert!(matches!(open(&relabelled), Err(RecordError::Damaged(_))), "a label changed in storage");
        let moved = Entry { id: "e2".into(), ..mail.clone() };
        assert!(matches!(open(&moved), Err(RecordError::Damaged(_))), "an id changed in storage");
        let other = make("e2", "Bank", "qrst-uvwx-yzab-cdef");
        let swapped = Entry { sealed: other.sealed.clone(), ..mail.clone() };
        assert!(matches!(open(&swapped), Err(RecordError::Damaged(_))), "another record's sealed box");
        let lowered = Entry { v: 1, ..mail.clone() };
        assert!(matches!(open(&lowered), Err(RecordError::Damaged(_))), "a schema lowered to 1 is no password");
        // Schema 1: the sealed box holds the password alone, read as it is.
        let old = Entry { v: 1, ..entry() };
        assert_eq!(opened_password(&old, b"abcd-efgh-ijkl-mnop").as_deref(), Ok("abcd-efgh-ijkl-mnop"));
        assert_eq!(decode(&encode(&old)), Ok(old), "schema 1 records are read");
    }

    #[test]
    fn keyrings_are_versioned_too() {
        let (ring, _) = Keyring::create(None, crate::vault::KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        let json = serde_json::to_string(&ring).unwrap();
        assert_eq!(decode_keyring(&json), Ok(ring));
        let newer = json.replacen(r#""v":2"#, r#""v":3"#, 1);
        assert_eq!(decode_keyring(&newer), Err(RecordError::Newer(3)));
        let old = json.replacen(r#""v":2"#, r#""v":1"#, 1);
        assert_eq!(decode_keyring(&old).map(|k| k.v), Ok(1), "schema 1 is read");
        let extra = json.replacen(r#""v":2"#, r#""v":2,"pq":"x""#, 1);
        assert!(matches!(decode_keyring(&extra), Err(RecordError::Damaged(_))), "an unknown field is refused");
        let inner = json.replacen(r#""kind":"unprotected""#, r#""kind":"unprotected","hint":"x""#, 1);
        assert!(matches!(decode_keyring(&inner), Err(RecordError::Damaged(_))), "also inside the wrapped secret");
        assert!(matches!(decode_keyring("{}"), Err(RecordError::Damaged(_))));
    }

    #[test]
    fn a_tab_captures_at_most_three_times_a_minute() {
        let mut times = Vec::new();
        for i in 0..3 {
            let (ok, kept) = capture_allowed(&times, 1_000.0 + f64::from(i));
            assert!(ok, "capture {i}");
            times = kept;
        }
        let (ok, kept) = capture_allowed(&times, 1_010.0);
        assert!(!ok, "a fourth within the minute");
        assert_eq!(kept.len(), 3, "a refused capture is not counted");
        let (ok, kept) = capture_allowed(&times, 1_000.0 + CAPTURE_WINDOW_MS);
        assert!(ok, "the first has left the window");
        assert_eq!(kept.len(), 3);
        // Times from the future or not numbers (a damaged store) do not count.
        assert!(capture_allowed(&[f64::NAN, 5e15, 5e15, 5e15], 1_000.0).0);
    }
}

//! Stored data of every schema, as a real build wrote it (tests/fixtures/storage/, made by
//! tests/fixtures/make-storage.mjs): this build reads each earlier schema's entries and keyring
//! with nothing lost, unlocks them with the passphrase they were made with and opens every
//! password; data of a newer schema is refused as newer. The same fixtures are installed in a
//! real browser by tests/e2e/upgrade-chromium.test.mjs.
#![cfg(not(target_arch = "wasm32"))]

use app_password_guide::record::{self, RecordError, Status};
use app_password_guide::vault;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// Every `schema-<N>.json` for N up to this build's schema that a real build wrote (schema 2
/// has none yet: it is written by tests/fixtures/make-storage.mjs from this build).
fn earlier_schemas() -> Vec<(u32, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/storage");
    (1..=record::SCHEMA)
        .filter(|n| dir.join(format!("schema-{n}.json")).exists())
        .map(|n| (n, fixture(&format!("schema-{n}.json"))))
        .collect()
}

#[test]
fn every_earlier_schema_is_read_unlocked_and_opened_with_nothing_lost() {
    for (n, f) in earlier_schemas() {
        let local = &f["local"];
        let ring = record::decode_keyring(local["keyring"].as_str().unwrap()).unwrap_or_else(|e| panic!("schema {n} keyring: {e}"));
        assert!(ring.is_protected(), "schema {n}: the fixture's keyring has a passphrase");
        let secret = ring.unlock(f["passphrase"].as_str()).unwrap_or_else(|e| panic!("schema {n} unlock: {e}"));
        // Rewrapped as this build's schema (bound to its public key), nothing else changes.
        let rewrapped = ring.rewrap(&secret, f["passphrase"].as_str(), vault::KdfParams::STRONG).unwrap();
        assert_eq!((rewrapped.v, &rewrapped.public), (vault::Keyring::SCHEMA, &ring.public), "schema {n}");
        assert_eq!(rewrapped.unlock(f["passphrase"].as_str()).unwrap().to_bytes(), secret.to_bytes());
        let expected = f["entries"].as_array().unwrap();
        let stored: Vec<(&String, &Value)> =
            local.as_object().unwrap().iter().filter(|(k, _)| k.starts_with(record::ENTRY_PREFIX)).collect();
        assert_eq!(stored.len(), expected.len(), "schema {n}: every entry is in the fixture's list");
        for want in expected {
            let raw = local[want["key"].as_str().unwrap()].as_str().unwrap();
            let entry = record::decode(raw).unwrap_or_else(|e| panic!("schema {n} {}: {e}", want["key"]));
            assert_eq!(entry.label, want["label"].as_str().unwrap());
            assert_eq!(entry.status, if want["status"] == "revoked" { Status::Revoked } else { Status::Active });
            let sealed = B64.decode(&entry.sealed).unwrap();
            let password = record::opened_password(&entry, &vault::open(&secret, &sealed).unwrap()).unwrap();
            assert_eq!(password, want["password"].as_str().unwrap(), "schema {n}: the same password");
            // The fingerprint earlier builds stored is read as it is (the background erases it).
            if n == 1 {
                assert_eq!(entry.fp.len(), 32, "schema {n}: a fingerprint of an earlier build");
            }
            // Nothing lost: every field stored comes back when this build writes the entry.
            let rewritten: Value = serde_json::from_str(&record::encode(&entry)).unwrap();
            let original: Value = serde_json::from_str(raw).unwrap();
            for (field, value) in original.as_object().unwrap() {
                if field != "v" {
                    assert_eq!(&rewritten[field], value, "schema {n}: field {field} kept");
                }
            }
        }
    }
}

#[test]
fn data_of_a_newer_schema_is_refused_as_newer() {
    let f = fixture("schema-newer.json");
    let newer = f["made_by"]["schema"].as_u64().unwrap() as u32;
    assert!(newer > record::SCHEMA);
    for (key, raw) in f["local"].as_object().unwrap() {
        let raw = raw.as_str().unwrap();
        let got = if key == "keyring" { record::decode_keyring(raw).map(|_| ()) } else { record::decode(raw).map(|_| ()) };
        assert_eq!(got, Err(RecordError::Newer(newer)), "{key}");
    }
}

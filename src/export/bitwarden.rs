//! Bitwarden's JSON export, plain and password-protected, as its importer reads them
//! (bitwarden/clients `cipher.export.ts`, `login.export.ts`, `base-vault-export.service.ts`).
//! URIs use match type 5, "never": an app password must not be autofilled into a web form.

use super::item::Item;
use super::ExportError;
use aes::cipher::{block_padding::Pkcs7, BlockEncryptMut, KeyIvInit};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// PBKDF2 iterations of the password-protected export (Bitwarden's default and minimum).
pub const KDF_ITERATIONS: u32 = 600_000;
/// Bitwarden's URI match type "never".
const MATCH_NEVER: u8 = 5;

fn random<const N: usize>() -> Result<[u8; N], ExportError> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|e| ExportError::Write(e.to_string()))?;
    Ok(b)
}

/// A random version-4 UUID in its usual text form.
pub fn uuid() -> Result<String, ExportError> {
    let mut b: [u8; 16] = random()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..]))
}

fn item(i: &Item, folder_id: &str) -> Result<Value, ExportError> {
    let created = i.created.iso_millis();
    Ok(json!({
        "id": uuid()?,
        "organizationId": null,
        "folderId": folder_id,
        "type": 1,
        "reprompt": 0,
        "name": i.title,
        "notes": i.notes,
        "favorite": false,
        // Whether Bitwarden keeps `creationDate` on import is unverified: the field keeps it.
        "fields": [{ "name": "Created", "value": created, "type": 0, "linkedId": null }],
        "login": {
            "uris": i.urls.iter().map(|u| json!({ "match": MATCH_NEVER, "uri": u })).collect::<Vec<_>>(),
            "username": i.username,
            "password": i.password,
            "totp": null,
        },
        "collectionIds": null,
        "creationDate": created,
        "revisionDate": created,
    }))
}

/// The plain JSON export. `folders` is always written (KeePassXC's importer needs it).
pub fn json(items: &[Item]) -> Result<String, ExportError> {
    let folder_id = uuid()?;
    let folder = items.first().map(|i| i.folder.clone()).unwrap_or_default();
    let items = items.iter().map(|i| item(i, &folder_id)).collect::<Result<Vec<_>, _>>()?;
    let doc = json!({ "encrypted": false, "folders": [{ "id": folder_id, "name": folder }], "items": items });
    serde_json::to_string_pretty(&doc).map_err(|e| ExportError::Write(e.to_string()))
}

/// The two keys of a password-protected export: PBKDF2-SHA256 over the passphrase with the
/// salt's base64 *text* as salt, stretched by HKDF-Expand (no extract) into "enc" and "mac".
pub fn keys(passphrase: &str, salt_b64: &str, iterations: u32) -> ([u8; 32], [u8; 32]) {
    let mut master = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.as_bytes(), salt_b64.as_bytes(), iterations, &mut master);
    let hk = hkdf::Hkdf::<Sha256>::from_prk(&master).expect("32 bytes is a valid PRK");
    let (mut enc, mut mac) = ([0u8; 32], [0u8; 32]);
    hk.expand(b"enc", &mut enc).expect("32 bytes is a valid length");
    hk.expand(b"mac", &mut mac).expect("32 bytes is a valid length");
    (enc, mac)
}

/// Bitwarden's "EncString" type 2: `2.<iv>|<ciphertext>|<mac>`, AES-256-CBC with PKCS#7 and
/// HMAC-SHA256 over iv ‖ ciphertext.
fn enc_string(plain: &[u8], enc: &[u8; 32], mac_key: &[u8; 32]) -> Result<String, ExportError> {
    let iv: [u8; 16] = random()?;
    let ct = cbc::Encryptor::<aes::Aes256>::new(enc.into(), &iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plain);
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key).expect("any key length");
    mac.update(&iv);
    mac.update(&ct);
    let tag = mac.finalize().into_bytes();
    Ok(format!("2.{}|{}|{}", B64.encode(iv), B64.encode(&ct), B64.encode(tag)))
}

/// The password-protected export: the plain JSON export, encrypted under `passphrase`.
pub fn encrypted_json(items: &[Item], passphrase: &str) -> Result<String, ExportError> {
    let salt = B64.encode(random::<16>()?);
    let (enc, mac) = keys(passphrase, &salt, KDF_ITERATIONS);
    let doc = json!({
        "encrypted": true,
        "passwordProtected": true,
        "salt": salt,
        "kdfType": 0,
        "kdfIterations": KDF_ITERATIONS,
        "encKeyValidation_DO_NOT_EDIT": enc_string(uuid()?.as_bytes(), &enc, &mac)?,
        "data": enc_string(json(items)?.as_bytes(), &enc, &mac)?,
    });
    serde_json::to_string_pretty(&doc).map_err(|e| ExportError::Write(e.to_string()))
}

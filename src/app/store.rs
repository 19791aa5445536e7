//! The vault's storage, written by the background alone: the keyring under `keyring` and one
//! record per entry under `entry:<id>` in `storage.local`. Captures are handled one at a time,
//! so two tabs capturing at once both land and the same password is stored once.

use super::browser::{local_all, local_read, local_write, now_iso};
use crate::label::preset;
use crate::password::is_app_password;
use crate::record::{self, Entry, Status, ENTRY_PREFIX};
use crate::steps::{site_of, Site};
use crate::vault::{fingerprint, seal, KdfParams, Keyring};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use futures_util::lock::Mutex;
use wasm_bindgen::JsValue;

/// Storage key of the keyring.
pub const KEYRING: &str = "keyring";
/// The longest label or account address kept.
const TEXT_MAX: usize = 256;

static WRITER: Mutex<()> = Mutex::new(());

/// What the content script sends when a password appears.
pub struct Capture {
    pub password: String,
    pub label: String,
    pub account: Option<String>,
    pub host: String,
    pub preset: Option<String>,
}

/// The result of a capture.
pub struct Captured {
    pub id: String,
    /// The password was stored before; nothing new was written.
    pub duplicate: bool,
}

fn js_err(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| "storage failed".into())
}

fn clean_text(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(TEXT_MAX).collect::<String>().trim().to_string()
}

/// Checks a capture: an app-specific password, from one of Apple's account hosts, with
/// bounded, control-free text and a known preset.
pub fn validate(c: Capture) -> Result<Capture, String> {
    if !is_app_password(&c.password) {
        return Err("not an app-specific password".into());
    }
    if site_of(&c.host) != Some(Site::Account) {
        return Err("not captured on an Apple account page".into());
    }
    let account = c.account.map(|a| clean_text(&a)).filter(|a| a.contains('@'));
    let preset = c.preset.filter(|p| preset(p).is_some());
    Ok(Capture { label: clean_text(&c.label), account, preset, ..c })
}

async fn keyring() -> Result<Keyring, String> {
    let stored = local_read(KEYRING).await.map_err(js_err)?;
    if let Some(json) = stored.as_string() {
        return serde_json::from_str(&json).map_err(|_| "the vault's key is damaged".to_string());
    }
    // First capture: a keyring with no passphrase yet (the popup offers one; capture never waits).
    let (ring, _) = Keyring::create(None, KdfParams::STRONG).map_err(|e| e.to_string())?;
    local_write(KEYRING, serde_json::to_string(&ring).map_err(|e| e.to_string())?.into()).await.map_err(js_err)?;
    Ok(ring)
}

/// All entry records: readable ones, and the keys of those that are not, with the reason.
pub async fn entries() -> Result<(Vec<Entry>, Vec<(String, String)>), String> {
    let all = local_all().await.map_err(js_err)?;
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for key in js_sys::Object::keys(&all.clone().into()).iter().filter_map(|k| k.as_string()) {
        if !key.starts_with(ENTRY_PREFIX) {
            continue;
        }
        let raw = js_sys::Reflect::get(&all, &key.as_str().into()).unwrap_or(JsValue::UNDEFINED);
        match raw.as_string().ok_or_else(|| "not a record".to_string()).and_then(|s| record::decode(&s).map_err(|e| e.to_string())) {
            Ok(e) => good.push(e),
            Err(reason) => bad.push((key, reason)),
        }
    }
    good.sort_by(|a, b| b.created.cmp(&a.created));
    Ok((good, bad))
}

fn new_id() -> Result<String, String> {
    let mut b = [0u8; 12];
    getrandom::getrandom(&mut b).map_err(|_| "no randomness".to_string())?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Seals and stores a capture; resolves only after the browser has written it.
pub async fn capture(c: Capture) -> Result<Captured, String> {
    let c = validate(c)?;
    let _turn = WRITER.lock().await;
    let ring = keyring().await?;
    let fp = fingerprint(&c.password);
    let (existing, _) = entries().await?;
    if let Some(e) = existing.iter().find(|e| e.fp == fp) {
        return Ok(Captured { id: e.id.clone(), duplicate: true });
    }
    let public = ring.public_key().map_err(|e| e.to_string())?;
    let sealed = seal(&public, c.password.as_bytes()).map_err(|e| e.to_string())?;
    let entry = Entry {
        v: record::SCHEMA,
        id: new_id()?,
        created: now_iso(),
        label: c.label,
        account: c.account,
        host: c.host,
        preset: c.preset,
        status: Status::Active,
        fp,
        sealed: B64.encode(sealed),
    };
    local_write(&format!("{ENTRY_PREFIX}{}", entry.id), record::encode(&entry).into()).await.map_err(js_err)?;
    Ok(Captured { id: entry.id, duplicate: false })
}

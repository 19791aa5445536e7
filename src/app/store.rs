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

/// Session-storage keys of the unlocked secret key and of when it was last used. Session
/// storage lives in memory only and is not readable by content scripts.
const SECRET: &str = "vault:secret";
const USED: &str = "vault:used";
/// Minutes of inactivity after which the vault locks by itself, unless the user set another.
pub const AUTO_LOCK_MINUTES: f64 = 15.0;

use super::browser::{local_delete, now_ms, session_delete, session_read, session_write};
use crate::vault::{open, VaultError};
use crypto_box::SecretKey;

/// What the popup shows of the vault.
pub struct VaultState {
    pub protected: bool,
    pub unlocked: bool,
    pub entries: Vec<Entry>,
    pub damaged: Vec<(String, String)>,
}

async fn stored_keyring() -> Result<Option<Keyring>, String> {
    let stored = local_read(KEYRING).await.map_err(js_err)?;
    match stored.as_string() {
        Some(json) => serde_json::from_str(&json).map(Some).map_err(|_| "the vault's key is damaged".to_string()),
        None => Ok(None),
    }
}

/// The unlocked secret key, if the vault is unlocked and not idle past `auto_lock_minutes`
/// (which locks it). Using it counts as activity.
async fn unlocked(auto_lock_minutes: f64) -> Result<Option<SecretKey>, String> {
    let secret = session_read(SECRET).await.map_err(js_err)?;
    let Some(b64) = secret.as_string() else { return Ok(None) };
    let used = session_read(USED).await.map_err(js_err)?.as_f64().unwrap_or(0.0);
    if now_ms() - used > auto_lock_minutes * 60_000.0 {
        lock().await?;
        return Ok(None);
    }
    session_write(USED, now_ms().into()).await.map_err(js_err)?;
    let bytes: [u8; 32] = B64.decode(b64).ok().and_then(|v| v.try_into().ok()).ok_or("the unlocked key is damaged")?;
    Ok(Some(SecretKey::from(bytes)))
}

async fn keep_unlocked(secret: &SecretKey) -> Result<(), String> {
    session_write(SECRET, B64.encode(secret.to_bytes()).into()).await.map_err(js_err)?;
    session_write(USED, now_ms().into()).await.map_err(js_err)
}

/// Forgets the unlocked key.
pub async fn lock() -> Result<(), String> {
    session_delete(SECRET).await.map_err(js_err)?;
    session_delete(USED).await.map_err(js_err)
}

/// The vault's state and entries (labels and metadata are readable while locked).
pub async fn status(auto_lock_minutes: f64) -> Result<VaultState, String> {
    let ring = stored_keyring().await?;
    let protected = ring.as_ref().is_some_and(Keyring::is_protected);
    // An unprotected vault needs no unlock.
    let unlocked = !protected || unlocked(auto_lock_minutes).await?.is_some();
    let (entries, damaged) = entries().await?;
    Ok(VaultState { protected, unlocked, entries, damaged })
}

/// Unlocks with `passphrase`; a wrong one changes nothing.
pub async fn unlock(passphrase: &str) -> Result<(), String> {
    let ring = stored_keyring().await?.ok_or("error_nothing_saved")?;
    let secret = ring.unlock(Some(passphrase)).map_err(vault_message)?;
    keep_unlocked(&secret).await
}

/// The `_locales` message name for a vault error (the popup shows it translated).
fn vault_message(e: VaultError) -> String {
    match e {
        VaultError::WrongPassphrase => "error_wrong_passphrase",
        VaultError::PassphraseNeeded => "error_vault_locked",
        VaultError::EmptyPassphrase => "error_empty_passphrase",
        VaultError::DamagedKey => "error_damaged_key",
        VaultError::Undecryptable => "error_undecryptable",
        VaultError::NoRandomness => "error_background",
    }
    .to_string()
}

/// Sets or changes the passphrase (re-wrapping the same key: nothing sealed is lost). With a
/// passphrase already set, `current` must be right, or the vault must be unlocked.
pub async fn set_passphrase(current: Option<&str>, new: &str, auto_lock_minutes: f64) -> Result<(), String> {
    if new.is_empty() {
        return Err(vault_message(VaultError::EmptyPassphrase));
    }
    let _turn = WRITER.lock().await;
    let ring = keyring().await?;
    let secret = if !ring.is_protected() {
        ring.unlock(None).map_err(vault_message)?
    } else if let Some(current) = current.filter(|c| !c.is_empty()) {
        ring.unlock(Some(current)).map_err(vault_message)?
    } else {
        unlocked(auto_lock_minutes).await?.ok_or_else(|| vault_message(VaultError::PassphraseNeeded))?
    };
    let rewrapped = ring.rewrap(&secret, Some(new), KdfParams::STRONG).map_err(vault_message)?;
    local_write(KEYRING, serde_json::to_string(&rewrapped).map_err(|e| e.to_string())?.into()).await.map_err(js_err)?;
    keep_unlocked(&secret).await
}

async fn entry(id: &str) -> Result<Entry, String> {
    let raw = local_read(&format!("{ENTRY_PREFIX}{id}")).await.map_err(js_err)?;
    let json = raw.as_string().ok_or("error_no_entry")?;
    record::decode(&json).map_err(|e| e.to_string())
}

/// The key that opens sealed passwords: needs the vault unlocked (or unprotected).
async fn opening_key(auto_lock_minutes: f64) -> Result<SecretKey, String> {
    let ring = stored_keyring().await?.ok_or("error_nothing_saved")?;
    if ring.is_protected() {
        unlocked(auto_lock_minutes).await?.ok_or_else(|| "error_vault_locked".to_string())
    } else {
        ring.unlock(None).map_err(vault_message)
    }
}

fn open_entry(secret: &SecretKey, e: &Entry) -> Result<String, String> {
    let sealed = B64.decode(&e.sealed).map_err(|_| vault_message(VaultError::Undecryptable))?;
    let plain = open(secret, &sealed).map_err(vault_message)?;
    String::from_utf8(plain).map_err(|_| vault_message(VaultError::Undecryptable))
}

/// The password of entry `id`: needs the vault unlocked (or unprotected).
pub async fn reveal(id: &str, auto_lock_minutes: f64) -> Result<String, String> {
    let secret = opening_key(auto_lock_minutes).await?;
    open_entry(&secret, &entry(id).await?)
}

/// The entries `ids` with their passwords, in that order, for an export made in an extension
/// page: all or nothing (a damaged entry fails the export rather than leaving it out silently).
pub async fn reveal_many(ids: &[String], auto_lock_minutes: f64) -> Result<Vec<(Entry, String)>, String> {
    let secret = opening_key(auto_lock_minutes).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let e = entry(id).await?;
        let password = open_entry(&secret, &e)?;
        out.push((e, password));
    }
    Ok(out)
}

/// Marks entry `id` active or revoked.
pub async fn set_status(id: &str, status: Status) -> Result<(), String> {
    let _turn = WRITER.lock().await;
    let mut e = entry(id).await?;
    e.status = status;
    local_write(&format!("{ENTRY_PREFIX}{id}"), record::encode(&e).into()).await.map_err(js_err)
}

/// Deletes entry `id` (the popup has asked for confirmation).
pub async fn delete(id: &str) -> Result<(), String> {
    let _turn = WRITER.lock().await;
    local_delete(&format!("{ENTRY_PREFIX}{id}")).await.map_err(js_err)
}


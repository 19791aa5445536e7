//! The vault's storage, written by the background alone: the keyring under `keyring` and one
//! record per entry under `entry:<id>` in `storage.local`. Captures are handled one at a time,
//! so two tabs capturing at once both land and the same password is stored once.
//!
//! Faults: every storage failure is answered with a `_locales` message name (a full storage
//! as `error_storage_full`); data of a newer schema is read by nobody and written by nobody
//! (`error_newer_data`, and newer entries are counted apart from damaged ones); a capture
//! asked again after the worker was stopped finds the password already stored and says so.

use super::browser::{local_all, local_read, local_write, now_iso, sync_read, sync_write, to_js, to_json};
use crate::protocol::error::{AppError, Shown};
use crate::protocol::storage_keys::OPTIONS;
use crate::record::{self, validate, Capture, Entry, RecordError, Status, Stored, ENTRY_PREFIX};
use crate::vault::{seal, KdfParams, Keyring, Pin};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use futures_util::lock::Mutex;
use wasm_bindgen::JsValue;

/// Storage key of the keyring.
pub const KEYRING: &str = "keyring";

static WRITER: Mutex<()> = Mutex::new(());

/// The result of a capture.
pub struct Captured {
    pub id: String,
    /// The password was stored before; nothing new was written.
    pub duplicate: bool,
}

/// A failed storage call, for the user: a full storage is told apart.
fn js_err(e: JsValue) -> AppError {
    use wasm_bindgen::JsCast;
    let text = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_default();
    // Chromium: "QUOTA_BYTES quota exceeded"; Firefox: "QuotaExceededError".
    AppError::Shown(if text.to_ascii_lowercase().contains("quota") { Shown::StorageFull } else { Shown::Storage })
}

/// A keyring or record that cannot be read, for the user.
fn record_err(e: RecordError) -> AppError {
    AppError::Shown(match e {
        RecordError::Newer(_) => Shown::NewerData,
        RecordError::Damaged(_) => Shown::DamagedKey,
    })
}

async fn keyring() -> Result<Keyring, AppError> {
    if let Some(ring) = stored_keyring().await? {
        return Ok(ring);
    }
    // First capture: a keyring with no passphrase yet (the popup offers one; capture never waits).
    // Only when nothing at all is stored under `keyring` and no entry is stored: anything else
    // was refused above, so a keyring is never written over.
    let (ring, _) = Keyring::create(None, KdfParams::STRONG).map_err(|e| AppError::Refused(e.to_string()))?;
    local_write(KEYRING, serde_json::to_string(&ring).map_err(|e| AppError::Refused(e.to_string()))?.into()).await.map_err(js_err)?;
    pin(&ring).await;
    Ok(ring)
}

/// The entry records in storage, sorted apart.
pub struct Listing {
    /// Readable ones, newest first.
    pub entries: Vec<Entry>,
    /// Keys of those that cannot be read, with the reason.
    pub damaged: Vec<(String, String)>,
    /// Keys of those written by a newer version (left untouched).
    pub newer: Vec<String>,
}

/// All entry records.
pub async fn entries() -> Result<Listing, AppError> {
    let all = local_all().await.map_err(js_err)?;
    let mut listing = Listing { entries: Vec::new(), damaged: Vec::new(), newer: Vec::new() };
    for key in js_sys::Object::keys(&all.clone().into()).iter().filter_map(|k| k.as_string()) {
        if !key.starts_with(ENTRY_PREFIX) {
            continue;
        }
        let raw = js_sys::Reflect::get(&all, &key.as_str().into()).unwrap_or(JsValue::UNDEFINED);
        match raw.as_string().map(|s| record::decode_stored(&key, &s)) {
            Some(Ok(e)) => listing.entries.push(e),
            Some(Err(RecordError::Newer(_))) => listing.newer.push(key),
            Some(Err(e)) => listing.damaged.push((key, e.to_string())),
            None => listing.damaged.push((key, "not a record".into())),
        }
    }
    listing.entries.sort_by(|a, b| b.created.cmp(&a.created));
    Ok(listing)
}

fn new_id() -> Result<String, AppError> {
    let mut b = [0u8; 12];
    getrandom::getrandom(&mut b).map_err(|_| AppError::from("no randomness"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

/// Seals and stores a capture; resolves only after the browser has written it.
pub async fn capture(c: Capture) -> Result<Captured, AppError> {
    let c = validate(c)?;
    let _turn = WRITER.lock().await;
    let ring = keyring().await?;
    // Stored before? Nothing stored beside a sealed password is computed from it, so only the
    // key can tell: without a passphrase it is at hand, and the entries of the same label are
    // opened and compared. Otherwise it is stored, and a duplicate (a capture asked again after
    // the browser stopped the worker) is merged once the vault is unlocked ([`tidy`]).
    if !ring.is_protected() {
        let secret = ring.unlock(None).map_err(vault_message)?;
        let existing = entries().await?.entries;
        let same = existing.iter().filter(|e| e.label == c.label).find(|e| open_entry(&secret, e).is_ok_and(|p| p == c.password));
        if let Some(e) = same {
            return Ok(Captured { id: e.id.clone(), duplicate: true });
        }
    }
    // Sealed only to a public key checked against what a page cannot forge (item 10 of issue
    // 16): the secret key when it is at hand, else the copy pinned in session storage.
    let public = ring.sealing_key(pinned().await.as_ref().map(Pinned::as_pin)).map_err(vault_message)?;
    let id = new_id()?;
    let sealed = seal(&public, &record::sealed_content(&id, &c.label, &c.password)).map_err(|e| AppError::Refused(e.to_string()))?;
    let context = record::Context { label: c.label, account: c.account, host: c.host, preset: c.preset };
    let entry = record::new_entry(id, now_iso(), context, B64.encode(sealed));
    local_write(&format!("{ENTRY_PREFIX}{}", entry.id), record::encode(&entry).into()).await.map_err(js_err)?;
    Ok(Captured { id: entry.id, duplicate: false })
}

/// Session-storage keys of the unlocked secret key, of when it was last unlocked or used, and
/// of when it locks ([`AutoLock`]), kept side by side. Session storage lives in memory only and
/// is not readable by content scripts.
pub(super) const SECRET: &str = "vault:secret";
const USED: &str = "vault:used";
const DEADLINE: &str = "vault:deadline";
/// The timer that locks the vault at its deadline (`chrome.alarms`).
pub const LOCK_ALARM: &str = "auto-lock";

use super::browser::{alarm_at, alarm_clear, local_delete, now_ms, session_read_many, session_remove_many, session_write_many};
use crate::vault::{open, AutoLock, VaultError};
use crypto_box::SecretKey;

/// What the popup shows of the vault.
pub struct VaultState {
    pub protected: bool,
    pub unlocked: bool,
    pub entries: Vec<Entry>,
    pub damaged: Vec<(String, String)>,
    /// Keys of entries written by a newer version.
    pub newer: Vec<String>,
}

/// The stored keyring, if any (see [`record::stored_keyring`]: only an absent key with no
/// entry stored means none).
async fn stored_keyring() -> Result<Option<Keyring>, AppError> {
    let all = local_all().await.map_err(js_err)?;
    let present = js_sys::Reflect::has(&all, &KEYRING.into()).unwrap_or(false);
    let raw = js_sys::Reflect::get(&all, &KEYRING.into()).unwrap_or(JsValue::UNDEFINED);
    let (text, json) = (raw.as_string(), to_json(&raw));
    let stored = match (present, &text) {
        (false, _) => Stored::Absent,
        (true, Some(text)) => Stored::Text(text),
        (true, None) => Stored::Other(&json),
    };
    let entries_stored = js_sys::Object::keys(&all.into()).iter().any(|k| k.as_string().is_some_and(|k| k.starts_with(ENTRY_PREFIX)));
    record::stored_keyring(stored, entries_stored).map_err(record_err)
}

/// Session-storage key of the vault's public key as the background last verified it (against
/// the secret key, at its creation, an unlock or a passphrase change). Session storage is not
/// reachable by content scripts, unlike `storage.local` in Firefox (and in Chromium before
/// `setAccessLevel`): a page that wrote a key of its own into the keyring is refused by the
/// next capture rather than sealed to. It lives as long as the browser session.
const PINNED: &str = "vault:public";

/// What a capture checks the keyring's public key against.
enum Pinned {
    Secret(SecretKey),
    Public(String),
}

impl Pinned {
    fn as_pin(&self) -> Pin<'_> {
        match self {
            Pinned::Secret(s) => Pin::Secret(s),
            Pinned::Public(p) => Pin::Public(p),
        }
    }
}

/// The unlocked secret key if there is one (the deadline is not checked: this only vouches for
/// the public key), else the pinned public key, else nothing.
async fn pinned() -> Option<Pinned> {
    let got = session_read_many(&[SECRET, PINNED]).await.ok()?;
    let secret = super::browser::get(&got, SECRET).as_string().and_then(|b| B64.decode(b).ok()).and_then(|v| <[u8; 32]>::try_from(v).ok());
    match secret {
        Some(bytes) => Some(Pinned::Secret(SecretKey::from(bytes))),
        None => super::browser::get(&got, PINNED).as_string().map(Pinned::Public),
    }
}

/// Pins `ring`'s public key (verified by the caller against the secret key). Best effort.
async fn pin(ring: &Keyring) {
    let _ = session_write_many(&[(PINNED, ring.public.as_str().into())]).await;
}

/// The unlocked key as stored (base64) and its times, if the vault is unlocked.
async fn stored_unlock() -> Result<Option<(String, Option<AutoLock>)>, AppError> {
    let got = session_read_many(&[SECRET, USED, DEADLINE]).await.map_err(js_err)?;
    let Some(b64) = super::browser::get(&got, SECRET).as_string() else { return Ok(None) };
    let times = AutoLock::from_stored(super::browser::get(&got, USED).as_f64(), super::browser::get(&got, DEADLINE).as_f64());
    Ok(Some((b64, times)))
}

/// The unlocked secret key, if the vault is unlocked and its deadline has not passed with the
/// option at `auto_lock_minutes` (a passed one locks it). `used`: this is a use of the key
/// (showing, copying, exporting), which moves the deadline ([`AutoLock::used`]); reading the
/// vault's state is not.
async fn unlocked(auto_lock_minutes: u32, used: bool) -> Result<Option<SecretKey>, AppError> {
    let Some((b64, times)) = stored_unlock().await? else { return Ok(None) };
    let now = now_ms();
    // No times (as stored by an earlier version, or half cleared): locked.
    let Some(times) = times.filter(|t| !t.expired(now, auto_lock_minutes)) else {
        lock().await?;
        return Ok(None);
    };
    let Some(bytes) = B64.decode(b64).ok().and_then(|v| <[u8; 32]>::try_from(v).ok()) else {
        // Session storage half cleared or overwritten: lock cleanly rather than fail.
        lock().await?;
        return Ok(None);
    };
    if let Some(next) = times.used(now, auto_lock_minutes).filter(|_| used) {
        session_write_many(&[(USED, next.used_ms.into()), (DEADLINE, next.deadline_ms.into())]).await.map_err(js_err)?;
        alarm_at(LOCK_ALARM, next.deadline_ms).await;
    }
    Ok(Some(SecretKey::from(bytes)))
}

/// Keeps `secret` unlocked until the deadline `auto_lock_minutes` from now, with its timer.
async fn keep_unlocked(secret: &SecretKey, auto_lock_minutes: u32) -> Result<(), AppError> {
    let times = AutoLock::start(now_ms(), auto_lock_minutes);
    session_write_many(&[
        (SECRET, B64.encode(secret.to_bytes()).into()),
        (USED, times.used_ms.into()),
        (DEADLINE, times.deadline_ms.into()),
    ])
    .await
    .map_err(js_err)?;
    alarm_at(LOCK_ALARM, times.deadline_ms).await;
    Ok(())
}

/// Forgets the unlocked key, its times and its timer.
pub async fn lock() -> Result<(), AppError> {
    session_remove_many(&[SECRET, USED, DEADLINE]).await.map_err(js_err)?;
    alarm_clear(LOCK_ALARM).await;
    Ok(())
}

/// Locks the vault if its deadline has passed with the option at `auto_lock_minutes` (`timer`:
/// the lock timer fired, which may be a moment early), and otherwise sets the timer for the
/// deadline in force (earlier after the option was lowered). Called by the timer, when the
/// worker starts and when the option changes.
pub async fn check_lock(auto_lock_minutes: u32, timer: bool) -> Result<(), AppError> {
    let Some((_, times)) = stored_unlock().await? else {
        alarm_clear(LOCK_ALARM).await;
        return Ok(());
    };
    let now = now_ms();
    match times {
        Some(t) if !(if timer { t.due(now, auto_lock_minutes) } else { t.expired(now, auto_lock_minutes) }) => {
            alarm_at(LOCK_ALARM, t.deadline(auto_lock_minutes)).await;
            Ok(())
        }
        _ => lock().await,
    }
}

/// Keeps the stored entries tidy, best effort (a failure leaves them as they were): erases the
/// fingerprint earlier builds stored beside each password (it let anyone with a copy of the
/// profile check guesses at a password partly known), and, with the key at hand, deletes an
/// entry holding the same password as an earlier one ([`record::duplicates`]): only entries
/// that share their label with another are opened.
async fn tidy(secret: Option<&SecretKey>) -> Result<(), AppError> {
    let _turn = WRITER.lock().await;
    let listing = entries().await?;
    for e in listing.entries.iter().filter(|e| !e.fp.is_empty()) {
        let erased = Entry { fp: String::new(), ..e.clone() };
        local_write(&format!("{ENTRY_PREFIX}{}", e.id), record::encode(&erased).into()).await.map_err(js_err)?;
    }
    let Some(secret) = secret else { return Ok(()) };
    // Schema-1 records (the password alone in the sealed box) are sealed again as schema 2,
    // bound to their id and label ([`record::sealed_content`]).
    let public = secret.public_key();
    for e in listing.entries.iter().filter(|e| e.v < record::SCHEMA) {
        let Ok(password) = open_entry(secret, e) else { continue };
        let Ok(sealed) = seal(&public, &record::sealed_content(&e.id, &e.label, &password)) else { continue };
        let upgraded = Entry { v: record::SCHEMA, fp: String::new(), sealed: B64.encode(sealed), ..e.clone() };
        local_write(&format!("{ENTRY_PREFIX}{}", e.id), record::encode(&upgraded).into()).await.map_err(js_err)?;
    }
    let listing = entries().await?;
    let shared = |e: &Entry| listing.entries.iter().filter(|o| o.label == e.label).count() > 1;
    let opened: Vec<(&Entry, String)> =
        listing.entries.iter().filter(|e| shared(e)).filter_map(|e| open_entry(secret, e).ok().map(|p| (e, p))).collect();
    let pairs: Vec<(&Entry, &str)> = opened.iter().map(|(e, p)| (*e, p.as_str())).collect();
    for id in record::duplicates(&pairs) {
        local_delete(&format!("{ENTRY_PREFIX}{id}")).await.map_err(js_err)?;
    }
    Ok(())
}

/// The vault's state and entries (labels and metadata are readable while locked).
pub async fn status(auto_lock_minutes: u32) -> Result<VaultState, AppError> {
    let ring = stored_keyring().await?;
    let protected = ring.as_ref().is_some_and(Keyring::is_protected);
    // An unprotected vault needs no unlock: its key is at hand.
    let key = match &ring {
        Some(ring) if ring.is_protected() => unlocked(auto_lock_minutes, false).await?,
        Some(ring) => ring.unlock(None).ok(),
        None => None,
    };
    if let (Some(ring), Some(_)) = (&ring, &key) {
        if !ring.is_protected() {
            // The unprotected key vouches for its public half (`unlock` compared them).
            pin(ring).await;
        }
    }
    let unlocked = !protected || key.is_some();
    let _ = tidy(key.as_ref()).await;
    let Listing { entries, damaged, newer } = entries().await?;
    Ok(VaultState { protected, unlocked, entries, damaged, newer })
}

/// Unlocks with `passphrase` until `auto_lock_minutes` from now (or a use moves it); a wrong
/// one changes nothing.
pub async fn unlock(passphrase: &str, auto_lock_minutes: u32) -> Result<(), AppError> {
    let ring = stored_keyring().await?.ok_or(Shown::NothingSaved)?;
    if let Some(Pinned::Public(p)) = pinned().await {
        // A keyring naming another public key than the one verified this session was
        // replaced in storage: refused as damaged before any work.
        ring.sealing_key(Some(Pin::Public(&p))).map_err(vault_message)?;
    }
    let secret = ring.unlock(Some(passphrase)).map_err(vault_message)?;
    if ring.v < Keyring::SCHEMA {
        // A schema-1 keyring: wrapped again as schema 2 (bound to its public key, schema and
        // KDF parameters), with the same passphrase and keys.
        let _turn = WRITER.lock().await;
        let rewrapped = ring.rewrap(&secret, Some(passphrase), KdfParams::STRONG).map_err(vault_message)?;
        local_write(KEYRING, serde_json::to_string(&rewrapped).map_err(|e| AppError::Refused(e.to_string()))?.into())
            .await
            .map_err(js_err)?;
    }
    pin(&ring).await;
    keep_unlocked(&secret, auto_lock_minutes).await?;
    let _ = tidy(Some(&secret)).await;
    Ok(())
}

/// A vault error, for the user.
fn vault_message(e: VaultError) -> AppError {
    AppError::Shown(match e {
        VaultError::WrongPassphrase => Shown::WrongPassphrase,
        VaultError::PassphraseNeeded => Shown::VaultLocked,
        VaultError::EmptyPassphrase => Shown::EmptyPassphrase,
        VaultError::DamagedKey => Shown::DamagedKey,
        VaultError::Undecryptable => Shown::Undecryptable,
        VaultError::NoRandomness => Shown::Background,
    })
}

/// Sets or changes the passphrase (re-wrapping the same key: nothing sealed is lost). With a
/// passphrase already set, `current` must be it, even while the vault is unlocked
/// ([`Keyring::change_passphrase`]); the vault stays (or becomes) unlocked, until
/// `auto_lock_minutes` from now.
pub async fn set_passphrase(current: Option<&str>, new: &str, auto_lock_minutes: u32) -> Result<(), AppError> {
    if new.is_empty() {
        return Err(vault_message(VaultError::EmptyPassphrase));
    }
    let _turn = WRITER.lock().await;
    let ring = keyring().await?;
    let (rewrapped, secret) = ring.change_passphrase(current, new, KdfParams::STRONG).map_err(|e| match e {
        VaultError::PassphraseNeeded => Shown::CurrentPassphrase.into(),
        e => vault_message(e),
    })?;
    local_write(KEYRING, serde_json::to_string(&rewrapped).map_err(|e| AppError::Refused(e.to_string()))?.into()).await.map_err(js_err)?;
    pin(&rewrapped).await;
    keep_unlocked(&secret, auto_lock_minutes).await
}

async fn entry(id: &str) -> Result<Entry, AppError> {
    let key = format!("{ENTRY_PREFIX}{id}");
    let raw = local_read(&key).await.map_err(js_err)?;
    let json = raw.as_string().ok_or(Shown::NoEntry)?;
    record::decode_stored(&key, &json).map_err(|e| match e {
        RecordError::Newer(_) => record_err(e),
        RecordError::Damaged(_) => AppError::Refused(e.to_string()),
    })
}

/// The key that opens sealed passwords: needs the vault unlocked (or unprotected).
async fn opening_key(auto_lock_minutes: u32) -> Result<SecretKey, AppError> {
    let ring = stored_keyring().await?.ok_or(Shown::NothingSaved)?;
    if ring.is_protected() {
        unlocked(auto_lock_minutes, true).await?.ok_or(AppError::Shown(Shown::VaultLocked))
    } else {
        ring.unlock(None).map_err(vault_message)
    }
}

/// The password of `e`, only if its sealed box names its own id and label (schema 2; see
/// [`record::opened_password`]).
fn open_entry(secret: &SecretKey, e: &Entry) -> Result<String, AppError> {
    let sealed = B64.decode(&e.sealed).map_err(|_| vault_message(VaultError::Undecryptable))?;
    let plain = open(secret, &sealed).map_err(vault_message)?;
    record::opened_password(e, &plain).map_err(|_| vault_message(VaultError::Undecryptable))
}

/// The password of entry `id`: needs the vault unlocked (or unprotected).
pub async fn reveal(id: &str, auto_lock_minutes: u32) -> Result<String, AppError> {
    let secret = opening_key(auto_lock_minutes).await?;
    open_entry(&secret, &entry(id).await?)
}

/// The entries `ids` with their passwords, in that order, for an export made in an extension
/// page: all or nothing (a damaged entry fails the export rather than leaving it out silently).
pub async fn reveal_many(ids: &[String], auto_lock_minutes: u32) -> Result<Vec<(Entry, String)>, AppError> {
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
pub async fn set_status(id: &str, status: Status) -> Result<(), AppError> {
    let _turn = WRITER.lock().await;
    let mut e = entry(id).await?;
    e.status = status;
    local_write(&format!("{ENTRY_PREFIX}{id}"), record::encode(&e).into()).await.map_err(js_err)
}

/// Deletes entry `id` (the popup has asked for confirmation).
pub async fn delete(id: &str) -> Result<(), AppError> {
    let _turn = WRITER.lock().await;
    local_delete(&format!("{ENTRY_PREFIX}{id}")).await.map_err(js_err)
}

/// Stores a checked change of the settings (`options` in `storage.sync`): the options named
/// take their new values; every other key stored, known or not, is kept as it is, so the
/// settings of a newer version survive a change made here (see [`crate::options::apply`]).
pub async fn save_options(change: &serde_json::Map<String, serde_json::Value>) -> Result<(), AppError> {
    crate::options::save(
        change,
        async || sync_read(OPTIONS).await.map(|stored| to_json(&stored)).map_err(js_err),
        async |written| sync_write(OPTIONS, to_js(&written)).await.map_err(js_err),
    )
    .await
}

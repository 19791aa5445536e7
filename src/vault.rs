//! The vault's cryptography. Captured passwords are sealed to the vault's public key (an
//! X25519 sealed box), so capturing never needs an unlock and nothing in storage is plaintext.
//! The secret key is wrapped with a key derived from the user's passphrase (Argon2id, 64 MiB,
//! 3 passes; AES-256-GCM). A user who declines a passphrase gets the secret key stored
//! unwrapped, which the popup says plainly; adding a passphrase later re-wraps it. When an
//! unlocked vault locks by itself: [`AutoLock`] (`vault/autolock.rs`). What is kept of a copied
//! password until the clipboard is cleared: [`CopiedMark`] (`vault/copied.rs`).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use crypto_box::{PublicKey, SecretKey};
use serde::{Deserialize, Serialize};

/// Argon2id parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What new keyrings use: 64 MiB, 3 passes, 1 lane.
    pub const STRONG: KdfParams = KdfParams { m_kib: 64 * 1024, t: 3, p: 1 };
    /// The costliest parameters a stored keyring may name (4 × [`Self::STRONG`]'s memory and
    /// passes, 4 lanes): anything more is a damaged keyring, refused before any work. Found by
    /// fuzzing: a keyring naming 4 TiB or 4 billion passes would otherwise exhaust the
    /// background's memory or hang it (fuzz/regressions/vault/).
    pub const MAX: KdfParams = KdfParams { m_kib: 4 * 64 * 1024, t: 4 * 3, p: 4 };

    /// Whether these are parameters this extension would derive a key with: at least one lane,
    /// pass and Argon2's minimum memory, and at most [`Self::MAX`].
    pub fn accepted(&self) -> bool {
        (1..=Self::MAX.p).contains(&self.p) && (1..=Self::MAX.t).contains(&self.t) && (8 * self.p..=Self::MAX.m_kib).contains(&self.m_kib)
    }
}

/// The secret key as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum WrappedSecret {
    /// No passphrase: the key itself (the user declined one; the popup says so).
    #[serde(rename = "unprotected")]
    Unprotected {
        /// The secret key, base64.
        key: String,
    },
    /// Wrapped with AES-256-GCM under an Argon2id key from the passphrase.
    #[serde(rename = "argon2id-aes256gcm")]
    Passphrase {
        /// The Argon2id parameters.
        kdf: KdfParams,
        /// Argon2id's salt, base64.
        salt: String,
        /// AES-GCM's nonce, base64.
        nonce: String,
        /// The encrypted secret key, base64.
        ct: String,
    },
}

/// The stored keyring: the public key captures seal to, and the wrapped secret key. Read it
/// with [`crate::record::decode_keyring`] (schema versions); unknown fields are refused, as a
/// passphrase change rewrites it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyring {
    /// Schema version.
    pub v: u32,
    /// The public key, base64.
    pub public: String,
    /// The secret key, wrapped or not.
    pub secret: WrappedSecret,
}

/// What can go wrong with the vault.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The passphrase does not open the secret key.
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// The key is protected and no passphrase (or no current one) was given.
    #[error("a passphrase is needed")]
    PassphraseNeeded,
    /// A new passphrase is empty.
    #[error("the passphrase is empty")]
    EmptyPassphrase,
    /// The keyring cannot be read, or its halves do not match the public key recorded.
    #[error("the stored key is damaged")]
    DamagedKey,
    /// A sealed entry does not open with the secret key.
    #[error("this entry cannot be decrypted")]
    Undecryptable,
    /// The system gave no random bytes.
    #[error("no randomness available")]
    NoRandomness,
}

fn random<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut b = [0u8; N];
    getrandom::getrandom(&mut b).map_err(|_| VaultError::NoRandomness)?;
    Ok(b)
}

fn decode<const N: usize>(s: &str) -> Result<[u8; N], VaultError> {
    B64.decode(s).ok().and_then(|v| v.try_into().ok()).ok_or(VaultError::DamagedKey)
}

fn derive(passphrase: &str, salt: &[u8], kdf: KdfParams) -> Result<[u8; 32], VaultError> {
    if !kdf.accepted() {
        return Err(VaultError::DamagedKey);
    }
    let params = argon2::Params::new(kdf.m_kib, kdf.t, kdf.p, Some(32)).map_err(|_| VaultError::DamagedKey)?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut key = [0u8; 32];
    argon.hash_password_into(passphrase.as_bytes(), salt, &mut key).map_err(|_| VaultError::DamagedKey)?;
    Ok(key)
}

/// What the wrapped secret of a schema-2 keyring is bound to (AES-GCM associated data): a
/// label, the schema, the public key and the KDF parameters. A keyring naming another public
/// key, schema or parameters than it was wrapped with does not unlock: a page that could write
/// storage cannot pair the owner's wrapped secret with a key of its own.
fn associated_data(v: u32, public: &[u8; 32], kdf: KdfParams) -> Vec<u8> {
    let mut aad = b"app-password-guide keyring\0".to_vec();
    aad.extend_from_slice(&v.to_le_bytes());
    aad.extend_from_slice(public);
    for n in [kdf.m_kib, kdf.t, kdf.p] {
        aad.extend_from_slice(&n.to_le_bytes());
    }
    aad
}

/// What a capture's public key is checked against, besides the keyring itself: something a
/// page able to write `storage.local` cannot forge.
#[derive(Clone, Copy)]
pub enum Pin<'a> {
    /// The secret key at hand (the vault is unlocked): its public half must be the stored one.
    Secret(&'a SecretKey),
    /// The public key the background recorded where content scripts cannot write, base64.
    Public(&'a str),
}

fn wrap(secret: &SecretKey, passphrase: Option<&str>, kdf: KdfParams) -> Result<WrappedSecret, VaultError> {
    let Some(passphrase) = passphrase else {
        return Ok(WrappedSecret::Unprotected { key: B64.encode(secret.to_bytes()) });
    };
    if passphrase.is_empty() {
        return Err(VaultError::EmptyPassphrase);
    }
    let salt: [u8; 16] = random()?;
    let nonce: [u8; 12] = random()?;
    let key = derive(passphrase, &salt, kdf)?;
    let aad = associated_data(Keyring::SCHEMA, secret.public_key().as_bytes(), kdf);
    let ct = Aes256Gcm::new((&key).into())
        .encrypt(Nonce::from_slice(&nonce), Payload { msg: secret.to_bytes().as_slice(), aad: &aad })
        .map_err(|_| VaultError::DamagedKey)?;
    Ok(WrappedSecret::Passphrase { kdf, salt: B64.encode(salt), nonce: B64.encode(nonce), ct: B64.encode(ct) })
}

impl Keyring {
    /// Schema version of keyrings written now. 2: the wrapped secret is bound to the public
    /// key, schema and KDF parameters ([`associated_data`]); 1 (read, and rewrapped as 2 at
    /// the next unlock): no associated data.
    pub const SCHEMA: u32 = 2;

    /// A new keyring, its secret wrapped with `passphrase` (or unprotected with `None`).
    pub fn create(passphrase: Option<&str>, kdf: KdfParams) -> Result<(Keyring, SecretKey), VaultError> {
        let secret = SecretKey::from(random::<32>()?);
        let keyring =
            Keyring { v: Self::SCHEMA, public: B64.encode(secret.public_key().as_bytes()), secret: wrap(&secret, passphrase, kdf)? };
        Ok((keyring, secret))
    }

    /// Whether a passphrase protects the secret key.
    pub fn is_protected(&self) -> bool {
        matches!(self.secret, WrappedSecret::Passphrase { .. })
    }

    /// The public key captures are sealed to.
    pub fn public_key(&self) -> Result<PublicKey, VaultError> {
        Ok(PublicKey::from(decode::<32>(&self.public)?))
    }

    /// The associated data of this keyring's wrapped secret (none for schema 1, or without a
    /// passphrase).
    pub fn associated_data(&self) -> Result<Vec<u8>, VaultError> {
        match &self.secret {
            WrappedSecret::Passphrase { kdf, .. } if self.v >= 2 => Ok(associated_data(self.v, &decode::<32>(&self.public)?, *kdf)),
            _ => Ok(Vec::new()),
        }
    }

    /// The public key a capture is sealed to, checked first: without a passphrase against the
    /// secret key stored beside it, otherwise against `pin` when there is one. A key that does
    /// not match is [`VaultError::DamagedKey`]: nothing is sealed to it. With a passphrase and
    /// no pin, the stored key is all there is (the background keeps a pin; see `app/store.rs`).
    pub fn sealing_key(&self, pin: Option<Pin>) -> Result<PublicKey, VaultError> {
        let public = decode::<32>(&self.public)?;
        if !self.is_protected() {
            self.unlock(None)?;
        }
        match pin {
            Some(Pin::Secret(secret)) if secret.public_key().as_bytes() != &public => return Err(VaultError::DamagedKey),
            Some(Pin::Public(pinned)) if decode::<32>(pinned).ok() != Some(public) => return Err(VaultError::DamagedKey),
            _ => {}
        }
        Ok(PublicKey::from(public))
    }

    /// The secret key: needs the passphrase when the keyring has one.
    pub fn unlock(&self, passphrase: Option<&str>) -> Result<SecretKey, VaultError> {
        let secret = match &self.secret {
            WrappedSecret::Unprotected { key } => SecretKey::from(decode::<32>(key)?),
            WrappedSecret::Passphrase { kdf, salt, nonce, ct } => {
                let passphrase = passphrase.ok_or(VaultError::PassphraseNeeded)?;
                let salt = B64.decode(salt).map_err(|_| VaultError::DamagedKey)?;
                let nonce = decode::<12>(nonce)?;
                let ct = B64.decode(ct).map_err(|_| VaultError::DamagedKey)?;
                let aad = self.associated_data()?;
                let key = derive(passphrase, &salt, *kdf)?;
                // AES-GCM authenticates: a wrong passphrase fails here, never yields a key; so
                // does a public key, schema or KDF other than the secret was wrapped with.
                let bytes = Aes256Gcm::new((&key).into())
                    .decrypt(Nonce::from_slice(&nonce), Payload { msg: &ct, aad: &aad })
                    .map_err(|_| VaultError::WrongPassphrase)?;
                SecretKey::from(<[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| VaultError::DamagedKey)?)
            }
        };
        if secret.public_key().as_bytes() != &decode::<32>(&self.public)? {
            return Err(VaultError::DamagedKey);
        }
        Ok(secret)
    }

    /// The same keys under the passphrase `new`, for whoever knows the current one: a protected
    /// keyring needs its passphrase (`current`) even while the vault is unlocked, so someone at
    /// an unlocked browser cannot lock its owner out with a passphrase of their own. An
    /// unprotected keyring has none to ask for. Returns the new keyring and the secret key.
    pub fn change_passphrase(&self, current: Option<&str>, new: &str, kdf: KdfParams) -> Result<(Keyring, SecretKey), VaultError> {
        if new.is_empty() {
            return Err(VaultError::EmptyPassphrase);
        }
        let secret = if self.is_protected() {
            self.unlock(Some(current.filter(|c| !c.is_empty()).ok_or(VaultError::PassphraseNeeded)?))?
        } else {
            self.unlock(None)?
        };
        Ok((self.rewrap(&secret, Some(new), kdf)?, secret))
    }

    /// The same keys under a new passphrase (or none): nothing sealed before is lost.
    pub fn rewrap(&self, secret: &SecretKey, passphrase: Option<&str>, kdf: KdfParams) -> Result<Keyring, VaultError> {
        Ok(Keyring { v: Self::SCHEMA, public: B64.encode(secret.public_key().as_bytes()), secret: wrap(secret, passphrase, kdf)? })
    }
}

/// Seals `plaintext` to `public`: only the secret key opens it.
pub fn seal(public: &PublicKey, plaintext: &[u8]) -> Result<Vec<u8>, VaultError> {
    public.seal(&mut crypto_box::aead::OsRng, plaintext).map_err(|_| VaultError::NoRandomness)
}

/// Opens what [`seal`] sealed.
pub fn open(secret: &SecretKey, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
    secret.unseal(sealed).map_err(|_| VaultError::Undecryptable)
}

mod autolock;
mod copied;
pub use autolock::AutoLock;
pub use copied::CopiedMark;

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams { m_kib: 1024, t: 1, p: 1 };
    const PW: &[u8] = b"abcd-efgh-ijkl-mnop";

    #[test]
    fn sealed_opens_only_with_the_secret() {
        let (ring, secret) = Keyring::create(None, FAST).unwrap();
        let sealed = seal(&ring.public_key().unwrap(), PW).unwrap();
        assert!(!sealed.windows(PW.len()).any(|w| w == PW), "ciphertext holds no plaintext");
        assert_eq!(open(&secret, &sealed).unwrap(), PW);
        let (_, other) = Keyring::create(None, FAST).unwrap();
        assert_eq!(open(&other, &sealed), Err(VaultError::Undecryptable));
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(open(&secret, &tampered), Err(VaultError::Undecryptable));
    }

    #[test]
    fn passphrase_protects_the_secret() {
        let (ring, secret) = Keyring::create(Some("correct horse"), FAST).unwrap();
        assert!(ring.is_protected());
        let json = serde_json::to_string(&ring).unwrap();
        assert!(!json.contains(&B64.encode(secret.to_bytes())), "the key is not stored in clear");
        assert_eq!(ring.unlock(Some("wrong horse")).err(), Some(VaultError::WrongPassphrase));
        assert_eq!(ring.unlock(None).err(), Some(VaultError::PassphraseNeeded));
        assert_eq!(ring.unlock(Some("correct horse")).unwrap().to_bytes(), secret.to_bytes());
    }

    #[test]
    fn declining_then_adding_a_passphrase_loses_nothing() {
        let (ring, secret) = Keyring::create(None, FAST).unwrap();
        assert!(!ring.is_protected());
        let sealed = seal(&ring.public_key().unwrap(), PW).unwrap();
        let protected = ring.rewrap(&ring.unlock(None).unwrap(), Some("new one"), FAST).unwrap();
        assert_eq!(protected.public, ring.public);
        assert_eq!(open(&protected.unlock(Some("new one")).unwrap(), &sealed).unwrap(), PW);
        let changed = protected.rewrap(&secret, Some("newer"), FAST).unwrap();
        assert_eq!(changed.unlock(Some("new one")).err(), Some(VaultError::WrongPassphrase));
        assert!(changed.unlock(Some("newer")).is_ok());
        assert_eq!(ring.rewrap(&secret, Some(""), FAST).err(), Some(VaultError::EmptyPassphrase));
    }

    #[test]
    fn changing_a_passphrase_needs_the_current_one() {
        let (ring, secret) = Keyring::create(None, FAST).unwrap();
        let sealed = seal(&ring.public_key().unwrap(), PW).unwrap();
        let (first, _) = ring.change_passphrase(None, "first", FAST).unwrap();
        assert_eq!(first.public, ring.public, "the same keys");
        for current in [None, Some("")] {
            assert_eq!(first.change_passphrase(current, "mine now", FAST).err(), Some(VaultError::PassphraseNeeded), "{current:?}");
        }
        assert_eq!(first.change_passphrase(Some("wrong"), "mine now", FAST).err(), Some(VaultError::WrongPassphrase));
        assert_eq!(first.change_passphrase(Some("first"), "", FAST).err(), Some(VaultError::EmptyPassphrase));
        let (second, unlocked) = first.change_passphrase(Some("first"), "second", FAST).unwrap();
        assert_eq!(unlocked.to_bytes(), secret.to_bytes());
        assert_eq!(second.unlock(Some("first")).err(), Some(VaultError::WrongPassphrase));
        assert_eq!(open(&second.unlock(Some("second")).unwrap(), &sealed).unwrap(), PW, "nothing sealed is lost");
    }

    #[test]
    fn a_damaged_keyring_says_so() {
        let (mut ring, _) = Keyring::create(Some("p"), FAST).unwrap();
        if let WrappedSecret::Passphrase { nonce, .. } = &mut ring.secret {
            *nonce = "not base64!".into();
        }
        assert_eq!(ring.unlock(Some("p")).err(), Some(VaultError::DamagedKey));
        let (mut swapped, _) = Keyring::create(None, FAST).unwrap();
        swapped.public = Keyring::create(None, FAST).unwrap().0.public;
        assert_eq!(swapped.unlock(None).err(), Some(VaultError::DamagedKey), "a key that does not match its public half");
    }

    #[test]
    fn absurd_stored_parameters_are_refused_before_any_work() {
        for kdf in
            [KdfParams { m_kib: u32::MAX, t: 3, p: 1 }, KdfParams { m_kib: 8, t: u32::MAX, p: 1 }, KdfParams { m_kib: 64, t: 1, p: 0 }]
        {
            let (mut ring, _) = Keyring::create(Some("p"), FAST).unwrap();
            if let WrappedSecret::Passphrase { kdf: k, .. } = &mut ring.secret {
                *k = kdf;
            }
            assert_eq!(ring.unlock(Some("p")).err(), Some(VaultError::DamagedKey), "{kdf:?}");
        }
        assert!(KdfParams::STRONG.accepted() && FAST.accepted() && KdfParams::MAX.accepted());
    }

    /// Item 10 of issue 16: the public key, schema and KDF parameters are bound to the wrapped
    /// secret as AES-GCM associated data: a keyring naming other ones does not unlock.
    #[test]
    fn the_wrapped_secret_is_bound_to_its_public_key_schema_and_kdf() {
        let (ring, secret) = Keyring::create(Some("p"), FAST).unwrap();
        assert_eq!(ring.v, 2);
        let WrappedSecret::Passphrase { salt, nonce, ct, .. } = &ring.secret else { panic!() };
        let key = derive("p", &B64.decode(salt).unwrap(), FAST).unwrap();
        let gcm = Aes256Gcm::new((&key).into());
        let nonce = decode::<12>(nonce).unwrap();
        let ct = B64.decode(ct).unwrap();
        assert!(gcm.decrypt(Nonce::from_slice(&nonce), ct.as_slice()).is_err(), "not readable without its associated data");
        let aad = ring.associated_data().unwrap();
        let plain = gcm.decrypt(Nonce::from_slice(&nonce), Payload { msg: &ct, aad: &aad }).unwrap();
        assert_eq!(plain, secret.to_bytes().to_vec());
        // Another public key (the attacker's, with the same wrapped secret): refused.
        let mut swapped = ring.clone();
        swapped.public = Keyring::create(None, FAST).unwrap().0.public;
        assert!(swapped.unlock(Some("p")).is_err());
        // A schema lowered to 1 (read without associated data): refused.
        assert!(Keyring { v: 1, ..ring.clone() }.unlock(Some("p")).is_err());
        assert!(ring.unlock(Some("p")).is_ok());
    }

    /// A keyring of schema 1 (no associated data) still unlocks; rewrapping writes schema 2.
    #[test]
    fn a_schema_1_keyring_unlocks_and_is_rewrapped_to_schema_2() {
        let secret = SecretKey::from([7u8; 32]);
        let salt = [1u8; 16];
        let nonce = [2u8; 12];
        let key = derive("p", &salt, FAST).unwrap();
        let ct = Aes256Gcm::new((&key).into()).encrypt(Nonce::from_slice(&nonce), secret.to_bytes().as_slice()).unwrap();
        let old = Keyring {
            v: 1,
            public: B64.encode(secret.public_key().as_bytes()),
            secret: WrappedSecret::Passphrase { kdf: FAST, salt: B64.encode(salt), nonce: B64.encode(nonce), ct: B64.encode(ct) },
        };
        assert_eq!(old.unlock(Some("p")).unwrap().to_bytes(), secret.to_bytes());
        let new = old.rewrap(&secret, Some("p"), FAST).unwrap();
        assert_eq!((new.v, &new.public), (2, &old.public));
        assert_eq!(new.unlock(Some("p")).unwrap().to_bytes(), secret.to_bytes());
    }

    /// Captures seal only to a public key checked against what a page cannot forge: the secret
    /// key when it is at hand (no passphrase, or unlocked), else the copy the background pinned
    /// where content scripts cannot write. A swapped key is refused as damaged, before sealing.
    #[test]
    fn a_swapped_public_key_is_never_sealed_to() {
        let (plain, _) = Keyring::create(None, FAST).unwrap();
        let (attacker, _) = Keyring::create(None, FAST).unwrap();
        assert!(plain.sealing_key(None).is_ok(), "no passphrase: the secret beside it vouches");
        let swapped = Keyring { public: attacker.public.clone(), ..plain.clone() };
        assert_eq!(swapped.sealing_key(None).err(), Some(VaultError::DamagedKey));

        let (ring, secret) = Keyring::create(Some("p"), FAST).unwrap();
        let pin = Pin::Secret(&secret);
        assert_eq!(ring.sealing_key(Some(pin)).unwrap().as_bytes(), secret.public_key().as_bytes());
        assert!(ring.sealing_key(Some(Pin::Public(&ring.public))).is_ok());
        let swapped = Keyring { public: attacker.public.clone(), ..ring.clone() };
        assert_eq!(swapped.sealing_key(Some(Pin::Secret(&secret))).err(), Some(VaultError::DamagedKey));
        assert_eq!(swapped.sealing_key(Some(Pin::Public(&ring.public))).err(), Some(VaultError::DamagedKey));
        // The whole keyring replaced by the attacker's own (protected): the pin still differs.
        let (theirs, _) = Keyring::create(Some("theirs"), FAST).unwrap();
        assert_eq!(theirs.sealing_key(Some(Pin::Public(&ring.public))).err(), Some(VaultError::DamagedKey));
        // Nothing to check a protected keyring against: it is trusted as stored (told apart).
        assert!(ring.sealing_key(None).is_ok());
    }

    #[test]
    fn strong_parameters_are_the_default_and_work() {
        assert_eq!(KdfParams::STRONG, KdfParams { m_kib: 65536, t: 3, p: 1 });
        let (ring, _) = Keyring::create(Some("p"), KdfParams::STRONG).unwrap();
        assert!(ring.unlock(Some("p")).is_ok());
    }
}

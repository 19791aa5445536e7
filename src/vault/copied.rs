//! What the background keeps of a password copied from the extension, to clear the clipboard
//! later only if it still holds that password: a salted SHA-256 of it ([`CopiedMark`]), never
//! the password. Kept in `storage.session` (memory, out of content scripts' reach) for the time
//! until the clearing; a fresh random salt per copy, so no two marks can be compared.

use sha2::{Digest, Sha256};

/// A salted digest of a copied password; written and read as text (`salt:digest`, hex).
#[derive(Clone, PartialEq, Eq)]
pub struct CopiedMark {
    salt: [u8; 16],
    digest: [u8; 32],
}

fn digest(salt: &[u8; 16], text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(text.as_bytes());
    h.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    if s.len() != 2 * N || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl CopiedMark {
    /// The mark of `password` under `salt` (16 random bytes, new for each copy).
    pub fn new(password: &str, salt: [u8; 16]) -> Self {
        CopiedMark { salt, digest: digest(&salt, password) }
    }

    /// The mark of `password` under a fresh random salt; `None` when the browser gives no
    /// randomness.
    pub fn fresh(password: &str) -> Option<Self> {
        let mut salt = [0u8; 16];
        getrandom::getrandom(&mut salt).ok()?;
        Some(Self::new(password, salt))
    }

    /// Whether `clipboard` is the password this mark was made of. The comparison of the
    /// digests runs over every byte whatever they hold.
    pub fn matches(&self, clipboard: &str) -> bool {
        digest(&self.salt, clipboard).iter().zip(self.digest.iter()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
    }

    /// The mark as stored: `salt:digest` in hex.
    pub fn to_text(&self) -> String {
        format!("{}:{}", hex(&self.salt), hex(&self.digest))
    }

    /// A stored mark; `None` for anything that is not one.
    pub fn from_text(text: &str) -> Option<Self> {
        let (salt, digest) = text.split_once(':')?;
        Some(CopiedMark { salt: unhex(salt)?, digest: unhex(digest)? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_matches_its_password_only() {
        let mark = CopiedMark::new("abcd-efgh-ijkl-mnop", [7; 16]);
        assert!(mark.matches("abcd-efgh-ijkl-mnop"));
        for other in ["", "abcd-efgh-ijkl-mnoq", "abcd-efgh-ijkl-mnop ", "ABCD-EFGH-IJKL-MNOP", "something else copied"] {
            assert!(!mark.matches(other), "{other}");
        }
    }

    #[test]
    fn the_salt_makes_two_marks_of_one_password_differ() {
        let a = CopiedMark::new("abcd-efgh-ijkl-mnop", [1; 16]);
        let b = CopiedMark::new("abcd-efgh-ijkl-mnop", [2; 16]);
        assert!(a.to_text() != b.to_text());
        assert!(a.matches("abcd-efgh-ijkl-mnop") && b.matches("abcd-efgh-ijkl-mnop"));
    }

    #[test]
    fn a_mark_is_read_back_as_written_and_nothing_else_is_one() {
        let mark = CopiedMark::new("abcd-efgh-ijkl-mnop", [9; 16]);
        let text = mark.to_text();
        assert!(!text.contains("abcd"));
        assert!(CopiedMark::from_text(&text) == Some(mark));
        for bad in ["", ":", "00:00", "abcd-efgh-ijkl-mnop", &text[1..], &format!("{text}0"), &text.replace(':', "")] {
            assert!(CopiedMark::from_text(bad).is_none(), "{bad}");
        }
        let nonhex = format!("zz{}", &text[2..]);
        assert!(CopiedMark::from_text(&nonhex).is_none());
    }
}

//! Recognises what the page shows in text: an app-specific password by its shape (four groups
//! of four lower-case letters joined by hyphens, `abcd-efgh-ijkl-mnop`, as Apple shows it once
//! after creation), and the account's e-mail address for a captured entry's context.

/// Length of an app-specific password, hyphens included.
pub const LEN: usize = 19;

/// Whether `s` is exactly an app-specific password.
pub fn is_app_password(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == LEN && b.iter().enumerate().all(|(i, c)| if i % 5 == 4 { *c == b'-' } else { c.is_ascii_lowercase() })
}

/// Finds the single app-specific password standing alone in `text` (bounded by non-letters on
/// both sides). Returns `None` when there is none or more than one distinct candidate, so an
/// ambiguous page never yields a guess.
pub fn find_in_text(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let mut found: Option<&str> = None;
    let mut i = 0;
    while i + LEN <= b.len() {
        let bounded_left = i == 0 || !is_word_byte(b[i - 1]);
        let bounded_right = i + LEN == b.len() || !is_word_byte(b[i + LEN]);
        // `get` (not indexing): a candidate starting inside a multi-byte character is skipped,
        // and no panic path is compiled in.
        if let (true, true, Some(candidate)) = (bounded_left, bounded_right, text.get(i..i + LEN)) {
            if is_app_password(candidate) {
                match found {
                    Some(previous) if previous != candidate => return None,
                    _ => found = Some(candidate),
                }
                i += LEN;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// The first e-mail address in `text` (a word with one `@` and a dot after it).
pub fn email_in(text: &str) -> Option<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>' | ',' | ';' | '"' | '\'')).find(|w| {
        let mut parts = w.split('@');
        let (Some(user), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    })
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_the_exact_shape() {
        assert!(is_app_password("abcd-efgh-ijkl-mnop"));
        for bad in [
            "abcd-efgh-ijkl-mno",
            "abcd-efgh-ijkl-mnopq",
            "Abcd-efgh-ijkl-mnop",
            "abcd_efgh-ijkl-mnop",
            "abcd-efgh-ijkl-mn0p",
            "abcdefghijklmnopqrs",
            "",
        ] {
            assert!(!is_app_password(bad), "{bad:?}");
        }
    }

    #[test]
    fn finds_a_lone_password_in_text() {
        assert_eq!(find_in_text("Your password: wxyz-abcd-efgh-ijkl ."), Some("wxyz-abcd-efgh-ijkl"));
        assert_eq!(find_in_text("wxyz-abcd-efgh-ijkl"), Some("wxyz-abcd-efgh-ijkl"));
        assert_eq!(find_in_text("パスワード：wxyz-abcd-efgh-ijkl"), None, "glued to a letter is not bounded");
        assert_eq!(find_in_text("パスワード： wxyz-abcd-efgh-ijkl"), Some("wxyz-abcd-efgh-ijkl"));
    }

    #[test]
    fn finds_an_email_address() {
        assert_eq!(email_in("Signed in as jane.doe@icloud.com."), None, "a trailing dot is not part of it");
        assert_eq!(email_in("Signed in as jane.doe@icloud.com"), Some("jane.doe@icloud.com"));
        assert_eq!(email_in("(jane@me.com)"), Some("jane@me.com"));
        assert_eq!(email_in("no address @ here"), None);
    }

    #[test]
    fn rejects_embedded_and_ambiguous_text() {
        assert_eq!(find_in_text("xwxyz-abcd-efgh-ijkl"), None);
        assert_eq!(find_in_text("wxyz-abcd-efgh-ijkl-mnop"), None);
        assert_eq!(find_in_text("aaaa-bbbb-cccc-dddd and eeee-ffff-gggg-hhhh"), None);
        assert_eq!(find_in_text("aaaa-bbbb-cccc-dddd, again aaaa-bbbb-cccc-dddd"), Some("aaaa-bbbb-cccc-dddd"));
        assert_eq!(find_in_text("no password here"), None);
    }
}

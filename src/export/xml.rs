//! Escaping text for the XML files written here (KeePass XML, Apple configuration profiles),
//! and the one rule every XML writer here (KDBX too) checks its texts against.

use super::ExportError;

/// Whether XML 1.0 allows `c` in a document (its `Char` production): tab, LF, CR and
/// everything from U+0020 on, except U+FFFE and U+FFFF (a Rust `char` is never a surrogate).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` unchanged if XML 1.0 can carry every character of it; refused otherwise, so no writer
/// makes a file that no XML parser reads (there is no escape for these characters).
pub fn check(s: &str) -> Result<&str, ExportError> {
    if s.chars().all(is_xml_char) {
        Ok(s)
    } else {
        Err(ExportError::Unrepresentable)
    }
}

/// `s` as XML character data or attribute value. CR is written as a character reference, since
/// XML parsers turn a literal CR into LF; a character XML forbids is refused ([`check`]).
pub fn escape(s: &str) -> Result<String, ExportError> {
    let mut out = String::with_capacity(s.len());
    for c in check(s)?.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_cr() {
        assert_eq!(escape("<a href=\"x\">&'\r\n\t").unwrap(), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n\t");
    }

    #[test]
    fn refuses_what_xml_forbids() {
        for bad in ["\u{0}", "\u{1}", "\u{8}", "\u{B}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"] {
            assert_eq!(escape(&format!("a{bad}b")), Err(ExportError::Unrepresentable), "{bad:?}");
        }
        for good in ["\u{7F}", "\u{85}", "\u{D7FF}", "\u{E000}", "\u{FFFD}", "\u{10000}", "\u{10FFFF}", "📧"] {
            assert!(escape(good).is_ok(), "{good:?}");
        }
    }
}

//! Escaping text for the XML files written here (KeePass XML, Apple configuration profiles).

/// `s` as XML character data or attribute value. CR is written as a character reference, since
/// XML parsers turn a literal CR into LF; the callers have refused other control characters.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
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
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_cr() {
        assert_eq!(super::escape("<a href=\"x\">&'\r\n"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n");
    }
}

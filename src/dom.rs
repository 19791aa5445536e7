//! The read-only view of a page that recognition works on.
//!
//! Recognition is written once against this trait and runs on two implementations: the live
//! page (web-sys, in the content module) and parsed HTML snapshots (native tests).

/// A read-only view of a document.
pub trait Dom {
    /// A handle to one element. Cheap to clone.
    type Node: Clone;

    /// All elements matching a CSS selector, in document order. An invalid selector yields none.
    fn select(&self, css: &str) -> Vec<Self::Node>;

    /// The element's text content.
    fn text(&self, node: &Self::Node) -> String;

    /// An attribute's value, if present.
    fn attr(&self, node: &Self::Node, name: &str) -> Option<String>;

    /// The current value of a text field (which may differ from its `value` attribute).
    /// Always `None` for `type=password` fields: the guide never reads what a person types
    /// there (the Apple Account password).
    fn value(&self, node: &Self::Node) -> Option<String>;

    /// Whether the element takes up space on the page (is not hidden by `hidden`,
    /// `display: none` or an ancestor that is).
    fn is_rendered(&self, node: &Self::Node) -> bool;

    /// Whether the element is withheld from people: `aria-hidden="true"` or `inert` on it or an
    /// ancestor. Apple keeps sections, and a dialog covered by another, mounted that way; what
    /// is under them is not there for the guide either.
    fn is_inert(&self, node: &Self::Node) -> bool;

    /// Whether `inner` is `outer` or one of its descendants.
    fn contains(&self, outer: &Self::Node, inner: &Self::Node) -> bool;

    /// The page's language (`lang` of the document element), lower case; empty when unset.
    fn lang(&self) -> String;

    /// The page's host name, lower case, without port.
    fn host(&self) -> String;

    /// The page's path.
    fn path(&self) -> String;
}

/// Folds text for comparison: trimmed, runs of white space made one space, lower case.
pub fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    lowercase(&out)
}

/// `n` in decimal digits, as `n.to_string()`: without `core::fmt`'s integer printer, which
/// that would bring into the content module.
pub fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|d| char::from(*d)).collect()
}

/// The parts one after another, as `parts.concat()`: std's `concat` and `join` are one
/// generic function specialised for each separator length (about 1.4 KB of the content
/// module for its two uses); this loop is a few dozen bytes.
pub fn concat(parts: &[&str]) -> String {
    join(parts, "")
}

/// The parts with `sep` between them, as `parts.join(sep)` (see [`concat`]).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p.as_ref());
    }
    out
}

/// Where `needle` first occurs in `hay` (a byte offset), as `hay.find(needle)`: a plain byte
/// search (UTF-8 cannot match part of a character), because `str`'s own two-way searcher
/// (and the slicing error it can raise) adds about 1.5 KB gzipped to the content module. The
/// texts searched here are short.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Whether `needle` occurs in `hay`, as `hay.contains(needle)` (see [`find`]).
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// `s` with every `from` replaced by `to`, as `s.replace(from, to)` for a non-empty `from`
/// (see [`find`]); an empty `from` leaves `s` as it is.
pub fn replace(s: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return s.to_owned();
    }
    let (mut out, mut rest) = (String::with_capacity(s.len()), s);
    while let Some(i) = find(rest, from) {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push_str(to);
        rest = rest.get(i + from.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// Unicode's default lower-casing. In the browser modules it is the engine's own
/// `String.prototype.toLowerCase` (the same mapping): Rust's case tables would add some 20 KB
/// to the wasm.
pub fn lowercase(s: &str) -> String {
    #[cfg(all(target_arch = "wasm32", any(feature = "content", feature = "app")))]
    {
        js_sys::JsString::from(s).to_lower_case().into()
    }
    #[cfg(not(all(target_arch = "wasm32", any(feature = "content", feature = "app"))))]
    {
        s.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::{contains, decimal, find, fold_text, replace};

    #[test]
    fn decimal_is_to_string() {
        for n in [0, 1, 9, 10, 99, 100, 65535, 4_294_967_295, u64::MAX] {
            assert_eq!(decimal(n), n.to_string());
        }
    }

    #[test]
    fn byte_search_is_str_search() {
        for (hay, needle) in [
            ("", ""),
            ("abc", ""),
            ("", "a"),
            ("abc", "abc"),
            ("abcd", "bcd"),
            ("ab", "abc"),
            ("aaab", "aab"),
            ("été à", "à"),
            ("xé", "\u{301}"),
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{hay:?} {needle:?}");
            assert_eq!(contains(hay, needle), hay.contains(needle));
            if !needle.is_empty() {
                assert_eq!(replace(hay, needle, "<>"), hay.replace(needle, "<>"));
            }
        }
        assert_eq!(replace("{app} on {app}", "{app}", "Mail"), "Mail on Mail");
        assert_eq!(replace("abc", "", "x"), "abc");
    }

    #[test]
    fn folds_space_and_case() {
        assert_eq!(fold_text("  App-Specific\n   Passwords "), "app-specific passwords");
        assert_eq!(fold_text("Mots de passe pour APPLICATIONS"), "mots de passe pour applications");
        assert_eq!(fold_text("アプリ用パスワード"), "アプリ用パスワード");
        assert_eq!(fold_text(" \t\n"), "");
    }
}

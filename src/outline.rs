//! A privacy-safe outline of a page for bug reports when Apple's page has changed: tags, ids,
//! classes, roles and ARIA *states* only. No text, no values, no URLs, no labels: nothing a
//! person typed or that names them can pass through, because only tokens from a closed set of
//! characters, and ARIA values from a closed list, are ever written.

/// ARIA attributes whose values are enumerated tokens, safe to keep.
const ARIA_STATES: &[&str] = &[
    "aria-busy", "aria-checked", "aria-current", "aria-disabled", "aria-expanded", "aria-haspopup", "aria-hidden",
    "aria-invalid", "aria-live", "aria-modal", "aria-pressed", "aria-readonly", "aria-required", "aria-selected",
];
/// The values those attributes may show; anything else is written as `?`.
const ARIA_TOKENS: &[&str] = &[
    "true", "false", "mixed", "page", "step", "location", "date", "time", "menu", "listbox", "tree", "grid", "dialog",
    "polite", "assertive", "off", "grammar", "spelling",
];
/// Attributes whose names (not values) are kept: their presence tells structure.
const PRESENCE: &[&str] = &["aria-label", "aria-labelledby", "aria-describedby", "title", "href", "disabled", "hidden", "readonly"];
/// The most characters kept of one identifier token.
const TOKEN_MAX: usize = 40;

/// Keeps only `[A-Za-z0-9_-]`, at most [`TOKEN_MAX`] characters; `None` when nothing is left.
fn token(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(TOKEN_MAX).collect();
    (!t.is_empty()).then_some(t)
}

/// One element's outline line, indented by `depth`: `tag#id.class[role=…][aria-x=…][title]`.
pub fn line<'a>(depth: usize, tag: &str, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = "  ".repeat(depth.min(40));
    out.push_str(&token(&tag.to_ascii_lowercase()).unwrap_or_else(|| "?".into()));
    let (mut id, mut classes, mut rest) = (String::new(), String::new(), Vec::new());
    for (name, value) in attributes {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "id" => {
                if let Some(t) = token(value) {
                    id = format!("#{t}");
                }
            }
            "class" => {
                for c in value.split_whitespace().filter_map(token) {
                    classes.push('.');
                    classes.push_str(&c);
                }
            }
            "role" | "type" => {
                if let Some(t) = token(value) {
                    rest.push(format!("[{name}={t}]"));
                }
            }
            n if ARIA_STATES.contains(&n) => {
                let v = value.trim().to_ascii_lowercase();
                let v = if ARIA_TOKENS.contains(&v.as_str()) { v } else { "?".into() };
                rest.push(format!("[{n}={v}]"));
            }
            n if PRESENCE.contains(&n) => rest.push(format!("[{n}]")),
            _ => {}
        }
    }
    sort(&mut rest);
    out.push_str(&id);
    out.push_str(&classes);
    out.extend(rest);
    out
}

/// Sorts a line's few attribute parts. An insertion sort: `slice::sort` would add some 4 KB to
/// the content module for a handful of items.
fn sort(items: &mut [String]) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && items[j - 1] > items[j] {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn keeps_structure() {
        let l = line(1, "BUTTON", [("class", "button button-expand"), ("id", "asp-tile"), ("role", "button"), ("aria-current", "page")]);
        assert_eq!(l, "  button#asp-tile.button.button-expand[aria-current=page][role=button]");
    }

    #[test]
    fn drops_text_values_and_urls() {
        let secret = "abcd-efgh-ijkl-mnop";
        let l = line(
            0,
            "input",
            [
                ("value", secret),
                ("placeholder", "jane@icloud.com"),
                ("aria-label", "Remove Jane's Thunderbird"),
                ("title", "Jane Appleseed"),
                ("href", "https://account.apple.com/?token=xyz"),
                ("aria-current", "Jane Appleseed"),
                ("data-user", "jane"),
                ("type", "text"),
            ],
        );
        assert_eq!(l, "input[aria-current=?][aria-label][href][title][type=text]");
        for leak in [secret, "jane", "Jane", "token", "icloud"] {
            assert!(!l.contains(leak), "{leak} leaked into {l}");
        }
    }

    #[test]
    fn identifier_tokens_are_bounded_and_plain() {
        let l = line(0, "div", [("class", "ok <script>alert(1)</script> \u{202e}rtl"), ("id", &"x".repeat(100))]);
        assert_eq!(l, format!("div#{}.ok.scriptalert1script.rtl", "x".repeat(40)));
    }
}

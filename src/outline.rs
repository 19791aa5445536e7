//! A privacy-safe outline of a page for bug reports when Apple's page has changed: tags, ids,
//! classes, roles and ARIA *states* only. No text, no values, no URLs, no labels: nothing a
//! person typed or that names them can pass through, because only tokens from a closed set of
//! characters, and ARIA values from a closed list, are ever written.

/// ARIA attributes whose values are enumerated tokens, safe to keep.
#[rustfmt::skip]
const ARIA_STATES: &[&str] = &[
    "aria-busy", "aria-checked", "aria-current", "aria-disabled", "aria-expanded", "aria-haspopup", "aria-hidden",
    "aria-invalid", "aria-live", "aria-modal", "aria-pressed", "aria-readonly", "aria-required", "aria-selected",
];
/// The values those attributes may show; anything else is written as `?`.
#[rustfmt::skip]
const ARIA_TOKENS: &[&str] = &[
    "true", "false", "mixed", "page", "step", "location", "date", "time", "menu", "listbox", "tree", "grid", "dialog",
    "polite", "assertive", "off", "grammar", "spelling",
];
/// Attributes whose names (not values) are kept: their presence tells structure.
const PRESENCE: &[&str] = &["aria-label", "aria-labelledby", "aria-describedby", "title", "href", "disabled", "hidden", "readonly"];
/// The most characters kept of one identifier token.
const TOKEN_MAX: usize = 40;

/// Words an identifier may hold: Apple's design system and the page's structure (the field
/// guide's classes and ids, the roles and input types). An id or class could also carry a
/// person's name, address or a password (`user-jane`, `pw-abcd-efgh`): any run of four or
/// more letters that is not one of these makes the token unreadable (`*`).
#[rustfmt::skip]
const KNOWN_WORDS: &[&str] = &[
    "account", "active", "alert", "app", "apple", "aside", "auth", "back", "bare", "blurry", "body", "brand", "busy", "button",
    "buttons", "card", "cards", "center", "change", "checkbox", "close", "code", "column", "container", "content", "continue",
    "count", "create", "current", "default", "desc", "description", "destructive", "dialog", "disabled", "done", "dotted",
    "email", "empty", "enrollment", "error", "errors", "expand", "field", "flex", "flow", "footer", "form", "frame", "generate",
    "generic", "global", "globalnav", "grid", "group", "header", "help", "hidden", "hint", "history", "icon", "idms", "iframe",
    "info", "information", "inner", "input", "inputs", "item", "items", "label", "landing", "layout", "line", "link", "list",
    "listbox", "loading", "logo", "main", "manage", "menu", "menuitem", "message", "modal", "more", "name", "navigation",
    "none", "note", "number", "outer", "overlay", "page", "panel", "pass", "password", "passwords", "phone", "popover",
    "primary", "profile", "progressbar", "radio", "recovery", "rectangle", "region", "remove", "repair", "revoke", "ring",
    "root", "rounded", "search", "secondary", "section", "security", "select", "settings", "show", "side", "sign", "small",
    "spinner", "status", "step", "steps", "submit", "switch", "tabpanel", "text", "textbox", "tile", "tiles", "title",
    "toggle", "toolbar", "upgrade", "view", "visible", "web", "widget", "working", "wrapper",
];

/// Keeps only `[A-Za-z0-9_-]`, at most [`TOKEN_MAX`] characters; `None` when nothing is left,
/// `*` when it holds a run of letters that is not a known word (see [`KNOWN_WORDS`]).
fn token(s: &str) -> Option<String> {
    let t = chars(s)?;
    Some(if plain(&t) { t } else { "*".into() })
}

/// `[A-Za-z0-9_-]` of `s`, at most [`TOKEN_MAX`]; `None` when nothing is left.
fn chars(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(TOKEN_MAX).collect();
    (!t.is_empty()).then_some(t)
}

/// Whether every run of four or more letters in `t` (split at anything else) is a known word,
/// or made of known words in camel case (`appPasswordText`, `isDestructive`).
pub fn plain(t: &str) -> bool {
    t.split(|c: char| !c.is_ascii_alphabetic()).filter(|run| run.len() >= 4).all(|run| known(&run.to_ascii_lowercase()) || camel_known(run))
}

fn known(word: &str) -> bool {
    KNOWN_WORDS.contains(&word) || ["is", "has"].contains(&word)
}

/// Whether `run`, cut before each upper-case letter that follows a lower-case one, is made of
/// known words only.
fn camel_known(run: &str) -> bool {
    let mut parts: Vec<String> = vec![String::new()];
    let mut last_lower = false;
    for c in run.chars() {
        if last_lower && c.is_ascii_uppercase() {
            parts.push(String::new());
        }
        if let Some(p) = parts.last_mut() {
            p.push(c.to_ascii_lowercase());
        }
        last_lower = c.is_ascii_lowercase();
    }
    parts.len() > 1 && parts.iter().all(|p| known(p))
}

/// One element's outline line, indented by `depth`: `tag#id.class[role=…][aria-x=…][title]`.
pub fn line<'a>(depth: usize, tag: &str, attributes: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = "  ".repeat(depth.min(40));
    // The tag as it is: tags are the page's code (HTML's, Apple's components), not its data.
    out.push_str(&chars(&tag.to_ascii_lowercase()).unwrap_or_else(|| "?".into()));
    let (mut id, mut classes, mut rest) = (String::new(), String::new(), Vec::new());
    for (name, value) in attributes {
        let name = name.to_ascii_lowercase();
        match name.as_str() {
            "id" => {
                if let Some(t) = token(value) {
                    id = crate::dom::concat(&["#", &t]);
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
                    rest.push(crate::dom::concat(&["[", &name, "=", &t, "]"]));
                }
            }
            n if ARIA_STATES.contains(&n) => {
                let v = value.trim().to_ascii_lowercase();
                let v = if ARIA_TOKENS.contains(&v.as_str()) { v } else { "?".into() };
                rest.push(crate::dom::concat(&["[", n, "=", &v, "]"]));
            }
            n if PRESENCE.contains(&n) => rest.push(crate::dom::concat(&["[", n, "]"])),
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
        let l = line(0, "div", [("class", "ok <script>alert(1)</script> \u{202e}rtl"), ("id", &"x1".repeat(100))]);
        assert_eq!(l, format!("div#{}.ok.*.rtl", "x1".repeat(20)));
    }

    #[test]
    fn identifiers_holding_a_name_an_address_or_a_password_are_dropped() {
        let l = line(
            0,
            "div",
            [
                ("id", "user-jane"),
                ("class", "card-title pw-abcd-efgh-ijkl-mnop jane_icloud_com modal-dialog appPasswordText JaNe isDestructive"),
            ],
        );
        assert_eq!(l, "div#*.card-title.*.*.modal-dialog.appPasswordText.*.isDestructive");
    }

    proptest::proptest! {
        /// Whatever identifiers a page has, a run of four or more letters that is not a known
        /// word never reaches the outline.
        #[test]
        fn no_unknown_word_passes(words in proptest::collection::vec("[a-zA-Z]{4,12}", 1..4), glue in "[-_0-9]{1,2}") {
            // A word is told apart from the design system's own when it is neither one of them
            // nor, in camel case, made of them.
            let secret: Vec<String> = words.into_iter().filter(|w| !super::known(&w.to_ascii_lowercase()) && !super::camel_known(w)).collect();
            proptest::prop_assume!(!secret.is_empty());
            let ident = format!("modal{glue}{}", secret.join(&glue));
            let l = line(0, "div", [("id", ident.as_str()), ("class", ident.as_str()), ("role", ident.as_str())]);
            for w in &secret {
                proptest::prop_assert!(!l.to_ascii_lowercase().contains(&w.to_ascii_lowercase()), "{w} in {l}");
            }
        }
    }
}

//! Every user-facing string goes through `_locales`: every locale has every message, with the
//! same placeholders declared the same way and the same `{token}`s (filled in by the
//! extension, so never translated), and every hint the step and problem tables name exists.
#![cfg(not(target_arch = "wasm32"))]

use app_password_guide::steps::{JOURNEY, PROBLEMS, SESSION_EXPIRED, TWO_FACTOR};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const LOCALES: &[&str] = &["en", "de", "fr", "es", "it", "ja", "ko", "pl", "pt_BR", "zh_CN"];

fn messages(locale: &str) -> serde_json::Map<String, Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales").join(locale).join("messages.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(m)) => m,
        other => panic!("{}: not an object: {other:?}", path.display()),
    }
}

/// `$NAME$` placeholders and `$1`-style substitutions used in a message.
fn placeholders(message: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = message.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let rest = &message[i + 1..];
            if let Some(end) = rest.find('$') {
                let name = &rest[..end];
                if !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
                    out.insert(name.to_ascii_uppercase());
                    i += end + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// `{name}` tokens used in a message (the export texts' `{label}`, the template's `{app}`, …).
fn tokens(message: &str) -> BTreeSet<String> {
    message
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'))
        .map(String::from)
        .collect()
}

#[test]
fn every_locale_directory_is_tested() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales");
    let mut found: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    found.sort();
    let mut listed: Vec<String> = LOCALES.iter().map(|l| l.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn every_locale_has_every_message_with_the_same_placeholders() {
    let en = messages("en");
    for locale in LOCALES {
        let other = messages(locale);
        let names: BTreeSet<&String> = other.keys().collect();
        assert_eq!(names, en.keys().collect(), "{locale} has other message names than en");
        for (name, entry) in &en {
            let want = placeholders(entry["message"].as_str().unwrap());
            let text = other[name]["message"].as_str().unwrap_or_else(|| panic!("{locale}/{name} has no message"));
            assert!(!text.trim().is_empty(), "{locale}/{name} is empty");
            assert_eq!(placeholders(text), want, "{locale}/{name} placeholders");
            assert_eq!(other[name].get("placeholders"), entry.get("placeholders"), "{locale}/{name} declares its placeholders as en does");
            assert_eq!(tokens(text), tokens(entry["message"].as_str().unwrap()), "{locale}/{name} {{tokens}}");
            for p in &want {
                let declared = entry.get("placeholders").and_then(|ps| ps.get(p.to_ascii_lowercase())).is_some();
                assert!(declared, "en/{name} uses ${p}$ without declaring it");
            }
        }
    }
}

#[test]
fn every_hint_in_the_tables_exists() {
    let en = messages("en");
    let hints = JOURNEY.iter().chain(TWO_FACTOR).map(|s| s.hint).chain(PROBLEMS.iter().chain([&SESSION_EXPIRED]).map(|p| p.hint));
    for hint in hints {
        assert!(en.contains_key(hint), "no message {hint}");
    }
}

#[test]
fn every_export_format_error_and_mail_client_has_its_message() {
    use app_password_guide::export::{ExportError, Format};
    let en = messages("en");
    for f in Format::ALL {
        let name = format!("format_{}", f.id().replace('-', "_"));
        assert!(en.contains_key(&name), "no message {name}");
    }
    let errors = [
        ExportError::NoEntries,
        ExportError::PassphraseNeeded,
        ExportError::BadDate(String::new()),
        ExportError::Unrepresentable,
        ExportError::TooLarge(""),
        ExportError::NotIcloudMail,
        ExportError::Write(String::new()),
    ];
    for e in errors {
        assert!(en.contains_key(e.message()), "no message {}", e.message());
    }
    for c in app_password_guide::mail::CLIENTS {
        let text = en[c.message]["message"].as_str().unwrap();
        assert_eq!(placeholders(text), ["ADDRESS", "IMAP", "SMTP", "USER"].map(String::from).into(), "{}", c.message);
    }
}

#[test]
fn placeholder_parsing_sees_names() {
    assert_eq!(placeholders("Step $N$ of $M$"), ["M".to_string(), "N".to_string()].into());
    assert!(placeholders("costs $5 and $6").is_empty());
    assert_eq!(tokens("{app} – {device}, {Not} {}"), ["app".to_string(), "device".to_string()].into());
}

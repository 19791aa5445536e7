//! The content module skips its look at the page for changes outside the elements that
//! [`watched_selector`] matches. On every snapshot of the replica, whatever recognition finds
//! (a step's target, a problem's anchor, the dialog) must therefore match that selector, or a
//! change bringing it in could go unnoticed.
#![cfg(not(target_arch = "wasm32"))]

mod snapshot;

use app_password_guide::dom::Dom;
use app_password_guide::recognize::{detect, detect_problem, find_target, text_holders, watched_selector};
use app_password_guide::steps::{JOURNEY, TWO_FACTOR};
use snapshot::Snapshot;
use std::path::Path;

#[test]
fn the_watched_selector_parses_and_holds_every_recognised_element() {
    let css = watched_selector();
    assert!(scraper::Selector::parse(&css).is_ok(), "not a valid selector list: {css}");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots").filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let (header, html) = text.split_once('\n').unwrap();
        let field = |name: &str| {
            header.split_whitespace().find_map(|w| w.strip_prefix(name).and_then(|v| v.strip_prefix('='))).unwrap_or("").to_string()
        };
        let snap = Snapshot::new(&field("host"), &field("path"), html);
        let dom = snap.dom();
        let watched = dom.select(&css);
        let mut found = Vec::new();
        found.extend(detect(&dom, true).map(|f| (f.step.id, f.target)));
        found.extend(detect_problem(&dom, true).map(|t| (t.problem.id, t.anchor)));
        found.extend(JOURNEY.iter().chain(TWO_FACTOR).filter_map(|s| find_target(&dom, s).map(|t| (s.id, t))));
        for (what, node) in found {
            checked += 1;
            if !watched.contains(&node) {
                failures.push(format!("{}: {what}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(checked > 100, "expected many recognised elements, checked {checked}");
    assert!(failures.is_empty(), "not matched by the watched selector:\n{}", failures.join("\n"));
}

#[test]
fn every_text_read_is_under_a_text_holder() {
    let holders = text_holders();
    assert!(holders.starts_with(":is(") && holders.split(',').count() <= 12, "the text holders should stay few, in one :is(): {holders}");
    let anc = scraper::Selector::parse(&holders).expect("the text holders parse");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/snapshots").filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let html = scraper::Html::parse_document(text.split_once('\n').unwrap().1);
        for css in TEXT_READ {
            for e in html.select(&scraper::Selector::parse(css).unwrap()) {
                checked += 1;
                let under = std::iter::once(e).chain(e.ancestors().filter_map(scraper::ElementRef::wrap)).any(|a| anc.matches(&a));
                assert!(under, "{}: <{}> matching {css} is under no text holder", path.display(), e.value().name());
            }
        }
    }
    assert!(checked > 1000, "checked only {checked} elements");
}

/// Selectors of the tables whose elements' text recognition reads (a sample of each kind).
const TEXT_READ: &[&str] = &[
    "a, button, [role=menuitem]",
    "button h3.card-title",
    ".modal-dialog[role=dialog] button",
    "[role=dialog] button",
    ".modal-dialog[role=dialog] :not(input)",
    ".modal-dialog[role=dialog] .form-message-wrapper .form-message",
    ".modal-dialog[role=dialog] .card-list .card-title, .pass-desc",
    ".card-line, .account-name, [data-account-email]",
    ".button-primary",
];

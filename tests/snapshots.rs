//! Recognition on HTML snapshots of every replica state and variant (tests/snapshots/, made by
//! `cargo xtask snapshots` from the running replica). Each file's first line says what the page
//! is known to show: `step:<id>`, `problem:<id>` or `none` (nothing may be anchored), and for
//! a state reached after Create, `after=create`.
#![cfg(not(target_arch = "wasm32"))]

mod snapshot;

use app_password_guide::recognize::{detect_problem, detect_with, Stage};
use snapshot::Snapshot;
use std::path::Path;

fn header_field<'a>(header: &'a str, name: &str) -> &'a str {
    header
        .split_whitespace()
        .find_map(|w| w.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {name}= in {header}"))
}

#[test]
fn every_replica_state_is_recognised_as_known() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("tests/snapshots").filter_map(Result::ok).map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "html"));
    files.sort();
    assert!(files.len() >= 100, "expected the generated snapshots, found {}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let (header, html) = text.split_once('\n').unwrap();
        assert!(header.starts_with("<!-- apg-snapshot "), "{}: no header", file.display());
        let snap = Snapshot::new(header_field(header, "host"), header_field(header, "path"), html);
        let dom = snap.dom();
        // A state reached after Create (`after=create`) may show the new password; before, a
        // password-shaped text is never taken for it.
        let stage = if header.contains(" after=create") { Stage::Created } else { Stage::InDialog };
        let got = match (detect_problem(&dom, true), detect_with(&dom, stage, &[])) {
            (Some(t), _) => format!("problem:{}", t.problem.id),
            (None, Some(f)) => format!("step:{}", f.step.id),
            (None, None) => "none".to_string(),
        };
        let want = header_field(header, "expect");
        if got != want {
            failures.push(format!("{}: want {want}, got {got}", file.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(failures.is_empty(), "{} of {} snapshots misread:\n{}", failures.len(), files.len(), failures.join("\n"));
}

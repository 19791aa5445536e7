//! Every input kept from fuzzing — the crashes found (`fuzz/regressions/<target>/`) and the
//! seeds (`fuzz/seeds/<target>/`) — run through the same checks as the fuzz targets
//! (fuzz/src/checks.rs), natively, so each fixed crash stays fixed in plain `cargo test`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/checks.rs"]
mod checks;
mod importers;
mod snapshot;

use std::path::Path;

fn inputs(kind: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(kind).join(target);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn run(kind: &str) -> usize {
    let mut count = 0;
    for (target, check) in checks::ALL {
        for file in inputs(kind, target) {
            let data = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} fails its check again", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn crashes_found_by_fuzzing_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    for entry in std::fs::read_dir(&dir).expect("fuzz/regressions").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(checks::ALL.iter().any(|(t, _)| *t == name), "fuzz/regressions/{name} names no fuzz target");
    }
    assert!(run("regressions") >= 2, "the kept crash inputs were not found");
}

#[test]
fn seeds_pass_their_checks() {
    assert!(run("seeds") >= 4, "the seeds were not found");
}

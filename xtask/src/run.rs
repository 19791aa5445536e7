//! `test` and `demo`: everything after the build.

use crate::{dist, fuzz, root, setup, sh};

/// Runs every test: native Rust, a short run of every fuzz target, `web-ext lint` on the Firefox package, and the end-to-end
/// suites in real Chromium and Firefox against the replica of Apple's site.
pub fn test(_args: &[String]) -> Result<(), String> {
    setup::all()?;
    sh("cargo", &["test", "--workspace", "--quiet"], &[])?;
    fuzz::run(fuzz::Length::Smoke)?;
    wasm_tests()?;
    dist::all()?;
    lint()?;
    let files = e2e_files()?;
    let mut args = vec!["--test", "--test-concurrency=1"];
    args.extend(files.iter().map(String::as_str));
    let summary = root().join(DRIFT_SUMMARY);
    let _ = std::fs::remove_file(&summary);
    let e2e = sh("node", &args, &[]);
    clean_browser_temp();
    // Last, so it is the first thing read: the page-drift suite's counts.
    match std::fs::read_to_string(&summary) {
        Ok(line) => println!("{}", line.trim()),
        Err(_) => println!("page drift: no counts (the drift suite did not finish)"),
    }
    e2e?;
    println!("xtask test: all suites passed");
    Ok(())
}

/// Where the page-drift suite (tests/e2e/drift-chromium.test.mjs) writes its one-line counts.
const DRIFT_SUMMARY: &str = "target/drift-summary.txt";

/// The end-to-end suites, `tests/e2e/*.test.mjs`, in name order.
fn e2e_files() -> Result<Vec<String>, String> {
    let dir = root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .map(|n| format!("tests/e2e/{n}"))
        .collect();
    files.sort();
    Ok(files)
}

/// The content module's browser adapter under wasm-bindgen-test in headless Chromium.
fn wasm_tests() -> Result<(), String> {
    sh(
        "cargo",
        &["test", "--target", "wasm32-unknown-unknown", "--no-default-features", "--features", "content", "--test", "web", "--target-dir", "target/wasm-test"],
        &[("CHROMEDRIVER", "/usr/bin/chromedriver")],
    )
}

/// Chromium and chromedriver leave `org.chromium.Chromium.*` folders in the temp directory.
fn clean_browser_temp() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with("org.chromium.Chromium.") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// `web-ext lint` on the Firefox package: fails on any error.
fn lint() -> Result<(), String> {
    let dir = root().join("dist/firefox");
    sh("node", &["tests/lint.mjs", &dir.to_string_lossy()], &[])
}

/// Builds the extension and shows it on the replica: a visible browser where a display
/// exists, otherwise a headless walk that writes screenshots to `target/demo/`.
pub fn demo() -> Result<(), String> {
    setup::all()?;
    dist::all()?;
    sh("node", &["tests/demo.mjs"], &[])
}

/// Regenerates the HTML snapshots of every replica state that the native recognition test
/// reads (commit the result).
pub fn snapshots() -> Result<(), String> {
    setup::all()?;
    dist::all()?;
    sh("node", &["tests/snapshot-gen.mjs"], &[])
}

//! `test` and `demo`: everything after the build.

use crate::{dist, root, setup, sh};

/// Runs every test: native Rust, `web-ext lint` on the Firefox package, and the end-to-end
/// suites in real Chromium and Firefox against the replica of Apple's site.
pub fn test(_args: &[String]) -> Result<(), String> {
    setup::all()?;
    sh("cargo", &["test", "--workspace", "--quiet"], &[])?;
    wasm_tests()?;
    dist::all()?;
    lint()?;
    let e2e = sh("node", &["--test", "--test-concurrency=1", "tests/e2e/"], &[]);
    clean_browser_temp();
    e2e?;
    println!("xtask test: all suites passed");
    Ok(())
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

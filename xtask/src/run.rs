//! `test` and `demo`: everything after the build.

use crate::{dist, root, setup, sh};

/// Runs every test: native Rust, `web-ext lint` on the Firefox package, and the end-to-end
/// suites in real Chromium and Firefox against the replica of Apple's site.
pub fn test(_args: &[String]) -> Result<(), String> {
    setup::all()?;
    sh("cargo", &["test", "--workspace", "--quiet"], &[])?;
    dist::all()?;
    lint()?;
    sh("node", &["--test", "--test-concurrency=1", "tests/e2e/"], &[])?;
    println!("xtask test: all suites passed");
    Ok(())
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

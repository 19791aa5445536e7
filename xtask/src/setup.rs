//! Installs what the build and the tests need, each piece only when it is missing, so a second
//! run takes a second or two. Every tool comes from a registry this machine reaches: rustup's
//! std for the wasm target, Debian's packages, crates.io and npm.

use crate::{output, root, sh};

/// Debian packages: the two real browsers the end-to-end tests drive, the C toolchain
/// `cargo install` needs, openssl for the replica's certificate, and keepassxc, whose
/// `keepassxc-cli` opens the exported KeePass files in the export tests.
const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "firefox-esr", "build-essential", "openssl", "keepassxc"];
/// The oldest Node.js whose test runner has what the end-to-end suites use.
const NODE_MIN: (u32, u32) = (20, 10);
const GECKODRIVER: &str = "0.37.1";
/// cargo-fuzz, which builds and runs the libFuzzer targets in fuzz/.
const CARGO_FUZZ: &str = "0.13.2";

/// Runs every setup step.
pub fn all() -> Result<(), String> {
    wasm_target()?;
    rust_components()?;
    apt()?;
    node()?;
    wasm_bindgen_cli()?;
    geckodriver()?;
    cargo_fuzz()?;
    npm()
}

fn wasm_target() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"])
        .ok_or("rustup is not on PATH: install Rust with rustup first (https://rustup.rs)")?;
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    sh("rustup", &["target", "add", "wasm32-unknown-unknown"], &[])
}

/// rustfmt and clippy, for the gates `cargo xtask test` runs first.
fn rust_components() -> Result<(), String> {
    let installed = output("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    let missing: Vec<&str> =
        ["rustfmt", "clippy"].into_iter().filter(|c| !installed.lines().any(|l| l.trim().starts_with(&format!("{c}-")))).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut args = vec!["component", "add"];
    args.extend(missing);
    sh("rustup", &args, &[])
}

fn apt() -> Result<(), String> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| !output("dpkg-query", &["-W", "-f=${Status}", p]).is_some_and(|s| s.contains("install ok installed")))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).is_some_and(|u| u.trim() == "0");
    if !is_root {
        return Err(format!("missing Debian packages {missing:?}: run `sudo apt-get install -y {}`", missing.join(" ")));
    }
    sh("apt-get", &["update", "-q"], &[])?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    sh("apt-get", &args, &[("DEBIAN_FRONTEND", "noninteractive")])
}

/// The wasm-bindgen version the crate is locked to: the CLI must be the same.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version".into())
}

fn wasm_bindgen_cli() -> Result<(), String> {
    let want = wasm_bindgen_version()?;
    if output("wasm-bindgen", &["--version"]).is_some_and(|v| v.trim() == format!("wasm-bindgen {want}")) {
        return Ok(());
    }
    // No --locked: the CLI's own lockfile wants a crate version this registry does not serve.
    sh("cargo", &["install", "wasm-bindgen-cli", "--version", &format!("={want}")], &[])
}

fn geckodriver() -> Result<(), String> {
    if output("geckodriver", &["--version"]).is_some_and(|v| v.starts_with(&format!("geckodriver {GECKODRIVER}"))) {
        return Ok(());
    }
    sh("cargo", &["install", "geckodriver", "--version", &format!("={GECKODRIVER}")], &[])
}

fn cargo_fuzz() -> Result<(), String> {
    if output("cargo", &["fuzz", "--version"]).is_some_and(|v| v.trim() == format!("cargo-fuzz {CARGO_FUZZ}")) {
        return Ok(());
    }
    sh("cargo", &["install", "cargo-fuzz", "--version", &format!("={CARGO_FUZZ}")], &[])
}

/// Node.js must be there and recent enough (Debian 12's own is too old): name the fix.
fn node() -> Result<(), String> {
    let v = output("node", &["--version"]).ok_or("Node.js is not on PATH: install Node.js 20.10 or newer (with npm)")?;
    let mut parts = v.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let have = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if have < NODE_MIN {
        return Err(format!("Node.js {} is too old: install {}.{} or newer", v.trim(), NODE_MIN.0, NODE_MIN.1));
    }
    Ok(())
}

fn npm() -> Result<(), String> {
    output("npm", &["--version"]).ok_or("npm is not on PATH: install Node.js 20 or newer with npm")?;
    if npm_installed_as_locked() {
        return Ok(());
    }
    sh("npm", &["ci", "--no-audit", "--no-fund", "--loglevel=error"], &[])
}

/// Whether `node_modules` holds what `package-lock.json` names: npm's record of what it
/// installed (`node_modules/.package-lock.json`) has every locked package at its locked version
/// (an optional one may be missing). By content, not by file dates: a fresh checkout of the
/// same lockfile (another worktree, a CI cache) must not wipe and reinstall a good tree.
fn npm_installed_as_locked() -> bool {
    let read = |p: std::path::PathBuf| std::fs::read_to_string(p).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let (Some(lock), Some(installed)) = (read(root().join("package-lock.json")), read(root().join("node_modules/.package-lock.json")))
    else {
        return false;
    };
    let (Some(locked), Some(have)) = (lock["packages"].as_object(), installed["packages"].as_object()) else { return false };
    locked.iter().filter(|(path, _)| !path.is_empty()).all(|(path, want)| match have.get(path) {
        Some(got) => got["version"] == want["version"],
        None => want["optional"].as_bool() == Some(true),
    })
}

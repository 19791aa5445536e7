//! Compiles the Rust core into the extension's modules, in `target/core/`:
//! - `content.js` + `content_bg.wasm`: the content-script module (feature `content`);
//! - `js/content.js` (+ `content_bg.js`, `content_bg.wasm.js`): the same module turned into
//!   plain JavaScript by wasm2js, for pages whose CSP forbids compiling wasm;
//! - `app.js` + `app_bg.wasm`: the background and extension-page module (feature `app`).

use crate::{root, sh};
use std::fs;
use std::path::{Path, PathBuf};

const TARGET: &str = "wasm32-unknown-unknown";
/// The content module's stack: 256 KiB instead of Rust's default 1 MiB, which would make most
/// of the module's linear memory on every Apple page (its deepest recursion, the page outline,
/// uses a few KiB). An overflow traps; it cannot corrupt memory (the stack comes first).
const CONTENT_STACK: &str = "-C link-arg=-zstack-size=262144";

/// Builds every module; returns `target/core/`.
pub fn all() -> Result<PathBuf, String> {
    let out = root().join("target/core");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    fs::create_dir_all(out.join("js")).map_err(|e| e.to_string())?;

    let content = cargo_wasm("content", "target/wasm-content", Some(CONTENT_STACK))?;
    bindgen(&content, "web", &out, "content")?;
    wasm_opt(&out.join("content_bg.wasm"), &[])?;
    // The content module's glue is fetched on every Apple page: minify it (the app module's
    // glue is loaded from the extension's own pages, and stays readable).
    minify(&out.join("content.js"))?;

    let app = cargo_wasm("app", "target/wasm-app", None)?;
    bindgen(&app, "web", &out, "app")?;
    wasm_opt(&out.join("app_bg.wasm"), &[])?;

    content_wasm2js(&out.join("js"))?;
    for entry in fs::read_dir(&out).map_err(|e| e.to_string())?.chain(fs::read_dir(out.join("js")).map_err(|e| e.to_string())?) {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.to_string_lossy().ends_with(".d.ts") {
            fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// `cargo build --release` of the core for wasm with one feature; returns the .wasm path.
fn cargo_wasm(feature: &str, target_dir: &str, rustflags: Option<&str>) -> Result<PathBuf, String> {
    let mut envs = vec![];
    if let Some(flags) = rustflags {
        envs.push(("RUSTFLAGS", flags));
    }
    // The content module leaves the default `vault` feature out: no crypto on Apple's pages.
    sh(
        "cargo",
        &[
            "build",
            "--quiet",
            "--release",
            "--lib",
            "--package",
            "app-password-guide",
            "--target",
            TARGET,
            "--no-default-features",
            "--features",
            feature,
            "--target-dir",
            target_dir,
        ],
        &envs,
    )?;
    Ok(root().join(target_dir).join(TARGET).join("release/app_password_guide.wasm"))
}

fn bindgen(wasm: &Path, target: &str, out: &Path, name: &str) -> Result<(), String> {
    let (wasm, out) = (wasm.to_string_lossy(), out.to_string_lossy());
    sh("wasm-bindgen", &["--target", target, "--out-dir", &out, "--out-name", name, "--no-typescript", &wasm], &[])
}

fn node_bin(name: &str) -> String {
    root().join("node_modules/.bin").join(name).to_string_lossy().into_owned()
}

/// Optimises a wasm file in place for size (binaryen from npm: Debian's is too old for
/// wasm-bindgen's output).
fn wasm_opt(file: &Path, extra: &[&str]) -> Result<(), String> {
    let f = file.to_string_lossy();
    let mut args = vec![f.as_ref(), "-Oz", "-o", f.as_ref()];
    args.extend(extra);
    sh(&node_bin("wasm-opt"), &args, &[])
}

/// Minifies an ES module in place with terser.
fn minify(file: &Path) -> Result<(), String> {
    let f = file.to_string_lossy();
    sh(&node_bin("terser"), &[&f, "--module", "--compress", "--mangle", "-o", &f], &[])
}

/// Builds the content module again without reference types and multi-value, lowers the
/// remaining post-MVP instructions, and turns it into JavaScript with wasm2js.
fn content_wasm2js(out: &Path) -> Result<(), String> {
    let flags = format!("-C target-feature=-reference-types,-multivalue {CONTENT_STACK}");
    let wasm = cargo_wasm("content", "target/wasm-content-js", Some(&flags))?;
    // The prebuilt std still declares +reference-types/+multivalue in the `target_features`
    // section; wasm-bindgen would then emit an externref table wasm2js cannot translate.
    // Flip the two flags in place (same length).
    let mut bytes = fs::read(&wasm).map_err(|e| e.to_string())?;
    for name in [&b"\x0freference-types"[..], &b"\x0amultivalue"[..]] {
        let mut needle = vec![b'+'];
        needle.extend_from_slice(name);
        if let Some(at) = bytes.windows(needle.len()).position(|w| w == needle.as_slice()) {
            bytes[at] = b'-';
        }
    }
    let tmp = root().join("target/wasm-content-js/bindgen");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let flipped = tmp.join("flipped.wasm");
    fs::write(&flipped, &bytes).map_err(|e| e.to_string())?;
    bindgen(&flipped, "bundler", &tmp, "content")?;

    let bg = tmp.join("content_bg.wasm");
    let lowered = tmp.join("lowered.wasm");
    let (bg_s, lowered_s) = (bg.to_string_lossy(), lowered.to_string_lossy());
    sh(
        &node_bin("wasm-opt"),
        &[
            &bg_s,
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--llvm-nontrapping-fptoint-lowering",
            "--signext-lowering",
            "--llvm-memory-copy-fill-lowering",
            "-Oz",
            "-o",
            &lowered_s,
        ],
        &[],
    )?;
    let wasm_js = tmp.join("content_bg.wasm.js");
    sh(&node_bin("wasm2js"), &[&lowered_s, "-Oz", "-o", &wasm_js.to_string_lossy()], &[])?;
    for (from, to) in [(wasm_js, "content_bg.wasm.js"), (tmp.join("content_bg.js"), "content_bg.js")] {
        let dest = out.join(to);
        fs::copy(&from, &dest).map_err(|e| e.to_string())?;
        minify(&dest)?;
    }
    // The entry has the same shape as the wasm build's module: a default init and the exports.
    let entry = "// wasm2js build of the content core, for pages whose CSP blocks wasm compilation.\n\
                 import * as wasm from './content_bg.wasm.js';\n\
                 import { __wbg_set_wasm } from './content_bg.js';\n\
                 __wbg_set_wasm(wasm);\n\
                 if (wasm.__wbindgen_start) wasm.__wbindgen_start();\n\
                 export * from './content_bg.js';\n\
                 export default async function init() { return wasm; }\n";
    fs::write(out.join("content.js"), entry).map_err(|e| e.to_string())
}

//! Compiles the Rust core into the extension's modules, in `target/core/`:
//! - `content.js` + `content_bg.wasm`: the content-script module (feature `content`); its glue is
//!   a classic script (wasm-bindgen's `no-modules`), a content script after the loader;
//! - `js/content.js`: the same module turned into plain JavaScript by wasm2js, with its glue in
//!   one ES module (esbuild), for pages whose CSP forbids compiling wasm;
//! - `app.js` + `app_bg.wasm`: the background and extension-page module (feature `app`).

use crate::{root, sh};
use std::fs;
use std::path::{Path, PathBuf};

const TARGET: &str = "wasm32-unknown-unknown";
/// The content module's stack: 256 KiB instead of Rust's default 1 MiB, which would make most
/// of the module's linear memory on every Apple page (its deepest recursion, the page outline,
/// uses a few KiB). An overflow traps; it cannot corrupt memory (the stack comes first).
const CONTENT_STACK: &str = "-C link-arg=-zstack-size=262144";
/// binaryen passes after `-Oz` for the content module, each measured on it (gzipped bytes saved
/// on 68.2 KB): `--gufa` (whole-program type flow) and `--converge` (-Oz again until nothing
/// shrinks) ≈ 230; the producers and target-features sections ≈ 190; `--low-memory-unused`
/// ≈ 270 (folds constant offsets, assuming nothing lives below address 1024: Rust puts its
/// stack first, 256 KiB growing down to 0, and the core uses a few KiB of it).
/// `--traps-never-happen` would save 100 more, but may drop a trap that stops a bug: not used.
/// `--one-caller-inline-max-function-size=20` (binaryen inlines a function called from one
/// place only up to 20 bytes of it, not whatever its size): 3.3 KB more raw but 1.8 KB less
/// gzipped on 61.2 KB (gzip finds more repeats across the bodies kept apart; measured 5: 1.6,
/// 10: 1.7, 15: 1.8, 30: 1.6, 100: 0.55, 1000: 0.17 KB less). Then `--flatten --rereloop -Oz`
/// (the control flow rebuilt by binaryen's relooper, and shrunk again): 0.2 KB less.
const CONTENT_OPT: &[&str] = &[
    "--gufa",
    "--converge",
    "--strip-producers",
    "--strip-target-features",
    "--low-memory-unused",
    "--one-caller-inline-max-function-size=20",
    "--flatten",
    "--rereloop",
    "-Oz",
];

/// Builds every module; returns `target/core/`.
pub fn all() -> Result<PathBuf, String> {
    let out = root().join("target/core");
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("clearing {}: {e}", out.display()))?;
    }
    fs::create_dir_all(out.join("js")).map_err(|e| e.to_string())?;

    // The content module's one cargo build beside the app module's, each in its own target
    // folder, so that their single-threaded ends (LTO, wasm-opt) overlap; from it, the wasm
    // build and the wasm2js fallback are made side by side.
    let content_out = out.clone();
    let content_side = std::thread::spawn(move || -> Result<(), String> {
        let wasm = content_wasm()?;
        let js_out = content_out.join("js");
        let js_wasm = wasm.clone();
        let js = std::thread::spawn(move || content_wasm2js(&js_wasm, &js_out));
        let built = content_from(&wasm, &content_out, false);
        js.join().unwrap_or_else(|_| Err("the wasm2js build panicked".into())).and(built)
    });
    let app = cargo_wasm("app", "target/wasm-app", None).and_then(|app| {
        bindgen(&app, "web", &out, "app")?;
        wasm_opt(&out.join("app_bg.wasm"), &[])
    });
    let content_built = content_side.join().unwrap_or_else(|_| Err("the content module's build panicked".into()));
    app?;
    content_built?;
    for entry in fs::read_dir(&out).map_err(|e| e.to_string())?.chain(fs::read_dir(out.join("js")).map_err(|e| e.to_string())?) {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.to_string_lossy().ends_with(".d.ts") {
            fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
    }
    Ok(out)
}

/// The content module (`content.js` + `content_bg.wasm`) in `out`; with `named`, its functions
/// keep their names (`wasm-opt -g`: for `cargo xtask bench --sizes`, never shipped).
pub fn content(out: &Path, named: bool) -> Result<(), String> {
    content_from(&content_wasm()?, out, named)
}

/// The content module's cargo build, for both of its builds: without reference types and
/// multi-value, which wasm2js cannot translate. The wasm build loses nothing by it: as
/// shipped, the wasm came out 866 B gz smaller (wasm-bindgen keeps the page's objects in a JS
/// array instead of an externref table) and the glue 185 B larger; one release build fewer in every `cargo xtask dist` (about a minute of CPU from
/// clean). Returns the .wasm for wasm-bindgen.
fn content_wasm() -> Result<PathBuf, String> {
    let flags = format!("-C target-feature=-reference-types,-multivalue {CONTENT_STACK}");
    let wasm = cargo_wasm("content", "target/wasm-content", Some(&flags))?;
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
    let flipped = root().join("target/wasm-content/flipped.wasm");
    fs::write(&flipped, &bytes).map_err(|e| e.to_string())?;
    Ok(flipped)
}

/// [`content`] from the cargo build's `wasm`.
fn content_from(wasm: &Path, out: &Path, named: bool) -> Result<(), String> {
    // A classic script, not an ES module: a content script's `import()` of its module took
    // 35 ms of the cold start's 39 (p50, the bench of 2026-12-07), where a classic content
    // script is evaluated right after the loader, in the same injection, at no wait. It
    // defines the `wasm_bindgen` global of the content scripts' own (isolated) world.
    bindgen(wasm, "no-modules", out, "content")?;
    let wasm = out.join("content_bg.wasm");
    let glue = out.join("content.js");
    short_imports(&wasm, &glue)?;
    let mut flags = CONTENT_OPT.to_vec();
    if named {
        flags.push("-g");
    }
    wasm_opt(&wasm, &flags)?;
    // The content module's glue is loaded on every Apple page: minify it (the app module's
    // glue is loaded from the extension's own pages, and stays readable). A script: its
    // top-level `wasm_bindgen` keeps its name.
    minify_as(&glue, false)
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
    minify_as(file, true)
}

/// Minifies a file in place with terser: an ES module, or a classic script (whose top-level
/// names other scripts see, so they are kept).
fn minify_as(file: &Path, module: bool) -> Result<(), String> {
    let f = file.to_string_lossy();
    let mut args = vec![f.as_ref()];
    if module {
        args.push("--module");
    }
    args.extend(["--compress", "--mangle", "-o", f.as_ref()]);
    sh(&node_bin("terser"), &args, &[])
}

/// The wasm2js fallback from the content module's cargo build (`wasm`, see [`content_wasm`]):
/// lowers the remaining post-MVP instructions and turns it into JavaScript with wasm2js.
fn content_wasm2js(flipped: &Path, out: &Path) -> Result<(), String> {
    let tmp = root().join("target/wasm-content/js");
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    bindgen(flipped, "bundler", &tmp, "content")?;

    let bg = tmp.join("content_bg.wasm");
    short_imports(&bg, &tmp.join("content_bg.js"))?;
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
            // As the wasm build's (see CONTENT_OPT): 0.6 KB less gzipped JavaScript. The
            // one-caller inlining limit is not used here: it made the JavaScript 0.1 KB larger.
            "--gufa",
            "--converge",
            "--low-memory-unused",
            "-o",
            &lowered_s,
        ],
        &[],
    )?;
    let wasm_js = tmp.join("content_bg.wasm.js");
    sh(&node_bin("wasm2js"), &[&lowered_s, "-Oz", "-o", &wasm_js.to_string_lossy()], &[])?;
    // terser before esbuild's own minifying: 441 B gz less than esbuild's alone on the same
    // wasm2js output (measured), so the two passes are kept.
    minify(&wasm_js)?;
    minify(&tmp.join("content_bg.js"))?;
    // The entry has the same shape as the wasm build's module: a default init and the exports.
    let entry = tmp.join("entry.js");
    // The start call only where the module has one: a bundler would make `if (start) start()`
    // of an absent export `void 0 && (void 0)()`, which web-ext lint's no-unsanitized cannot
    // read (a warning).
    let has_start = fs::read_to_string(&wasm_js).map_err(|e| e.to_string())?.contains("__wbindgen_start");
    let source = [
        "// wasm2js build of the content core, for pages whose CSP blocks wasm compilation.\n\
         import * as wasm from './content_bg.wasm.js';\n\
         import { __wbg_set_wasm } from './content_bg.js';\n\
         __wbg_set_wasm(wasm);\n",
        if has_start { "wasm.__wbindgen_start();\n" } else { "" },
        "export * from './content_bg.js';\n\
         export default async function init() { return wasm; }\n",
    ]
    .concat();
    fs::write(&entry, source).map_err(|e| e.to_string())?;
    // One file, not a module graph of three: each import is another fetch from the extension,
    // and the graph's second level waits for the first to be parsed. The three took 44.7 ms to
    // import and evaluate (p50, `--only hints`, 20 repetitions), the bundle 18.1 ms; it is
    // 0.9 KB gz larger than the three minified files together.
    let bundled = out.join("content.js");
    sh(
        &node_bin("esbuild"),
        &[
            &entry.to_string_lossy(),
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
            &format!("--outfile={}", bundled.display()),
        ],
        &[],
    )
}

/// wasm-bindgen names each import of the glue `__wbg_<name>_<16 hex digits>`: 160 of them in
/// the content module, each written twice (the wasm's import section, the glue), whose hashes
/// gzip cannot shrink. Renames them `$0`, `$1`… (base 36) in both files; fails if a name is
/// not found in the glue, so a changed glue never ships with a broken import.
fn short_imports(wasm: &Path, glue: &Path) -> Result<(), String> {
    let bytes = fs::read(wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
    let (start, end) = crate::bench::section(&bytes, 2).ok_or("no import section")?;
    let body = &bytes[start..end];
    let mut at = 0;
    let count = crate::bench::leb(body, &mut at)?;
    let mut out = Vec::new();
    push_leb(&mut out, count);
    let mut renames = Vec::new();
    for i in 0..count {
        let module = crate::bench::name(body, &mut at)?;
        let field = crate::bench::name(body, &mut at)?;
        let desc_start = at;
        crate::bench::skip_import_desc(body, &mut at)?;
        let new = if module.ends_with("_bg.js") { format!("${}", base36(i)) } else { field.clone() };
        for s in [&module, &new] {
            push_leb(&mut out, s.len());
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&body[desc_start..at]);
        if new != field {
            renames.push((field, new));
        }
    }
    let mut rebuilt = bytes[..start].to_vec();
    // The section's size, in front of `start`, is rewritten: find where it begins.
    let mut size_at = start - 1;
    while size_at > 0 && bytes[size_at - 1] & 0x80 != 0 {
        size_at -= 1;
    }
    rebuilt.truncate(size_at);
    push_leb(&mut rebuilt, out.len());
    rebuilt.extend_from_slice(&out);
    rebuilt.extend_from_slice(&bytes[end..]);

    let mut js = fs::read_to_string(glue).map_err(|e| format!("{}: {e}", glue.display()))?;
    for (old, new) in &renames {
        let (replaced, n) = replace_word(&js, old, new);
        if n == 0 {
            return Err(format!("{}: import {old} not found: the glue changed, see build.rs short_imports", glue.display()));
        }
        js = replaced;
    }
    fs::write(glue, js).map_err(|e| e.to_string())?;
    fs::write(wasm, rebuilt).map_err(|e| e.to_string())
}

fn base36(mut n: usize) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut s = Vec::new();
    loop {
        s.push(digits[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn push_leb(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `text` with every whole-word `old` (not inside a longer identifier) replaced; and how many.
fn replace_word(text: &str, old: &str, new: &str) -> (String, usize) {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    let (mut out, mut rest, mut n) = (String::with_capacity(text.len()), text, 0);
    while let Some(i) = rest.find(old) {
        let before = out.chars().last().filter(|_| i == 0).or_else(|| rest[..i].chars().last());
        let after = rest[i + old.len()..].chars().next();
        out.push_str(&rest[..i]);
        if ident(before) || ident(after) {
            out.push_str(old);
        } else {
            out.push_str(new);
            n += 1;
        }
        rest = &rest[i + old.len()..];
    }
    out.push_str(rest);
    (out, n)
}

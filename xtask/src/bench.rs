//! `cargo xtask bench`: sizes, first-hint latency, page overhead, capture, cold start, export
//! time and memory, measured in real browsers against the replica side by side with driver.js
//! (a benchmark-only dev dependency, checked to be absent from `dist/`). Writes
//! `target/bench/report.json` and `target/bench/report.md` and prints the table with each
//! target met or missed. Not a test: nothing here fails on a slow figure.
//!
//! The browser figures come from `tests/bench/bench.mjs`; the export figures from the
//! `export-bench` example (`tests/bench/export.rs`), run natively in release mode.

use crate::{dist, root, setup, sh};
use serde_json::{json, Map, Value};
use std::fs;
use std::process::Command;

/// 1 KB = 1,000 bytes in the size targets.
const KB: f64 = 1000.0;

/// Runs the benchmark: `cargo xtask bench [--reps N]` (N ≥ 20 for a report worth quoting), or
/// `cargo xtask bench --report` to write the report again from the last run's measurements.
pub fn run(args: &[String]) -> Result<(), String> {
    let (reps, measure) = match args {
        [] => (20, true),
        [flag] if flag == "--report" => (0, false),
        [flag, n] if flag == "--reps" => (n.parse::<u32>().map_err(|_| format!("--reps wants a number, got {n}"))?, true),
        _ => return Err("usage: cargo xtask bench [--reps N | --report]".into()),
    };
    let dir = root().join("target/bench");
    let raw = dir.join("browser.json");
    let export_raw = dir.join("export.json");
    if measure {
        setup::all()?;
        dist::all()?;
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let export = export_figures(reps);
        fs::write(&export_raw, export.to_string()).map_err(|e| e.to_string())?;
        let _ = fs::remove_file(&raw);
        let reps_s = reps.to_string();
        let browsers = sh("node", &["tests/bench/bench.mjs", &raw.to_string_lossy(), "--reps", &reps_s], &[]);
        clean_browser_temp();
        browsers?;
    }
    let read = |p: &std::path::Path| -> Result<Value, String> {
        serde_json::from_str(&fs::read_to_string(p).map_err(|e| format!("{}: {e} (run `cargo xtask bench` first)", p.display()))?)
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    let export = read(&export_raw)?;
    let browser = read(&raw)?;
    let shipped = browser["driverjs_in_dist"].as_array().map_or(0, Vec::len);
    if shipped > 0 {
        return Err(format!("driver.js found in dist/: {}", browser["driverjs_in_dist"]));
    }
    let reps = browser["reps"].as_u64().unwrap_or(u64::from(reps));
    let report = report(&browser, export, reps);
    let table = table(&report);
    fs::write(dir.join("report.json"), serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n")
        .map_err(|e| e.to_string())?;
    fs::write(dir.join("report.md"), markdown(&report, &table)).map_err(|e| e.to_string())?;
    println!("\n{table}");
    println!("bench: wrote target/bench/report.json and target/bench/report.md");
    Ok(())
}

/// Chromium leaves `org.chromium.Chromium.*` folders in the temp directory.
fn clean_browser_temp() {
    let Ok(entries) = fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with("org.chromium.Chromium.") {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// A metric that could not be measured: `null`, with the reason beside it.
fn unmeasured(reason: &str) -> Value {
    json!({ "value": null, "reason": reason })
}

/// Times the export formats (the `export-bench` example), or says why not.
fn export_figures(reps: u32) -> Value {
    println!("$ cargo run --release --example export-bench -- {reps}");
    let out = Command::new("cargo")
        .args(["run", "--quiet", "--release", "--example", "export-bench", "--", &reps.to_string()])
        .current_dir(root())
        .output();
    match out {
        Ok(o) if o.status.success() => {
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| unmeasured(&format!("the export bench printed no JSON: {e}")))
        }
        Ok(o) => unmeasured(&format!("the export bench failed: {}", String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) => unmeasured(&format!("could not run cargo: {e}")),
    }
}

/// The report: every key of the issue, from the measurements of this run.
fn report(b: &Value, export: Value, reps: u64) -> Value {
    let c = &b["chromium"];
    let ff = &b["firefox"];
    let ff_or = |v: &Value| if ff["error"].is_string() { unmeasured(&format!("Firefox run failed: {}", ff["error"])) } else { v.clone() };
    let mut first = c["first_hint_ms"].clone();
    first["firefox_wasm"] = ff_or(&ff["first_hint_ms"]["wasm"]);
    let mut cold = c["cold_start_ms"].clone();
    cold["firefox_wasm"] = ff_or(&ff["cold_start_ms"]["wasm"]);
    if let Some(reason) = ff["cold_start_ms"]["reason"].as_str() {
        cold["firefox_wasm"] = unmeasured(reason);
    }
    json!({
        "when": b["when"],
        "machine": b["machine"],
        "reps": reps,
        "warmup": b["warmup"],
        "browsers": { "chromium": "Debian chromium, headless, playwright-core", "firefox": "Debian firefox-esr, headless, geckodriver" },
        "size_gz_bytes": b["size_gz_bytes"],
        "first_hint_ms": first,
        "mutation_overhead_us": c["mutation_overhead_us"],
        "capture_ms": c["capture_ms"],
        "cold_start_ms": cold,
        "export_ms_1000": export,
        "wasm_memory_bytes": c["wasm_memory_bytes"],
        "page_errors": c["errors"],
    })
}

/// One target: what it asks, what this run measured, and whether it is met (None: not
/// measured, or a figure with no target).
struct Target {
    what: String,
    measured: String,
    met: Option<bool>,
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn fmt(v: Option<f64>, unit: &str) -> String {
    v.map_or_else(|| "not measured".into(), |v| format!("{} {unit}", (v * 10.0).round() / 10.0))
}

fn check(t: &mut Vec<Target>, what: &str, value: Option<f64>, unit: &str, ok: &dyn Fn(f64) -> bool) {
    t.push(Target { what: what.into(), measured: fmt(value, unit), met: value.map(ok) });
}

fn targets(r: &Value) -> Vec<Target> {
    let mut t = Vec::new();
    let s = &r["size_gz_bytes"];
    let content = num(&s["content_wasm"]).zip(num(&s["content_glue"])).map(|(a, b)| (a + b) / KB);
    check(&mut t, "content wasm + glue ≤ 24 KB gz", content, "KB", &|v| v <= 24.0);
    check(&mut t, "  stretch: smaller than Shepherd (16.7 KB)", content, "KB", &|v| v < 16.7);
    check(&mut t, "wasm2js fallback ≤ 60 KB gz", num(&s["content_wasm2js"]).map(|v| v / KB), "KB", &|v| v <= 60.0);
    let f = &r["first_hint_ms"];
    let driver = num(&f["driverjs"]["p50"]);
    for path in ["wasm", "wasm2js"] {
        check(&mut t, &format!("first hint p95 ≤ 16.7 ms ({path})"), num(&f[path]["p95"]), "ms", &|v| v <= 16.7);
        let ours = num(&f[path]["p50"]);
        let ratio = ours.zip(driver).map(|(a, b)| a / b.max(1e-9));
        t.push(Target {
            what: format!("first hint no slower than driver.js ({path}, p50)"),
            measured: ratio.map_or("not measured".into(), |q| format!("×{:.2} (driver.js {})", q, fmt(driver, "ms"))),
            met: ours.zip(driver).map(|(a, b)| a <= b),
        });
    }
    check(&mut t, "first hint p95 ≤ 16.7 ms (Firefox, wasm)", num(&f["firefox_wasm"]["p95"]), "ms", &|v| v <= 16.7);
    let m = &r["mutation_overhead_us"];
    for path in ["wasm", "wasm2js"] {
        for n in ["1k", "10k", "100k"] {
            check(&mut t, &format!("page overhead p50 ≤ 20 µs/batch ({path}, {n} nodes)"), num(&m[path][n]["p50"]), "µs", &|v| {
                v <= 20.0
            });
        }
        check(&mut t, &format!("overhead growth 1k → 100k ≤ 2× ({path})"), num(&m[path]["growth_100k_over_1k"]), "×", &|v| v <= 2.0);
    }
    check(&mut t, "capture p95 ≤ 50 ms", num(&r["capture_ms"]["chromium_wasm2js"]["p95"]), "ms", &|v| v <= 50.0);
    let c = &r["cold_start_ms"];
    check(&mut t, "cold start p50 ≤ 20 ms (wasm)", num(&c["wasm"]["p50"]), "ms", &|v| v <= 20.0);
    check(&mut t, "cold start p50 ≤ 40 ms (wasm2js)", num(&c["wasm2js"]["p50"]), "ms", &|v| v <= 40.0);
    check(&mut t, "cold start p50 ≤ 20 ms (Firefox, wasm)", num(&c["firefox_wasm"]["p50"]), "ms", &|v| v <= 20.0);
    let e = &r["export_ms_1000"];
    match e.as_object().filter(|o| !o.contains_key("reason")) {
        Some(formats) => {
            for (id, v) in formats {
                if let Some(reason) = v["reason"].as_str() {
                    t.push(Target { what: format!("export {id}, 1,000 entries"), measured: format!("null: {reason}"), met: None });
                } else if v["encrypted"].as_bool() == Some(true) {
                    t.push(Target {
                        what: format!("export {id}, 1,000 entries (encrypted: KDF included, no target)"),
                        measured: fmt(num(&v["p50"]), "ms"),
                        met: None,
                    });
                } else {
                    check(&mut t, &format!("export {id} ≤ 100 ms for 1,000 entries (p95)"), num(&v["p95"]), "ms", &|v| v <= 100.0);
                }
            }
        }
        None => t.push(Target {
            what: "export ≤ 100 ms for 1,000 entries (text formats)".into(),
            measured: format!("null: {}", e["reason"].as_str().unwrap_or("not measured")),
            met: None,
        }),
    }
    t
}

/// The targets as a Markdown table (also printed to the terminal).
fn table(r: &Value) -> String {
    let mut out = String::from("| Target | Measured | |\n|---|---|---|\n");
    for t in targets(r) {
        let verdict = match t.met {
            Some(true) => "met",
            Some(false) => "**missed**",
            None if t.measured.starts_with("null") || t.measured == "not measured" => "not measured",
            // Measured, but the issue sets no target for it (the encrypted exports' KDF).
            None => "no target",
        };
        out.push_str(&format!("| {} | {} | {verdict} |\n", t.what, t.measured));
    }
    out
}

fn markdown(r: &Value, table: &str) -> String {
    let s = &r["size_gz_bytes"];
    let mut sizes = String::from("| Module | gzipped bytes |\n|---|---|\n");
    for (k, v) in s.as_object().unwrap_or(&Map::new()) {
        sizes.push_str(&format!("| `{k}` | {v} |\n"));
    }
    let p = |v: &Value| format!("{} / {}", v["p50"], v["p95"]);
    let f = &r["first_hint_ms"];
    let c = &r["cold_start_ms"];
    let m = &r["mutation_overhead_us"];
    let mut timings = String::from("| Figure | p50 / p95 |\n|---|---|\n");
    for (name, v) in [
        ("first hint, wasm (ms)", &f["wasm"]),
        ("first hint, wasm2js (ms)", &f["wasm2js"]),
        ("first hint, driver.js (ms)", &f["driverjs"]),
        ("first hint, Firefox wasm (ms)", &f["firefox_wasm"]),
        ("cold start, wasm (ms)", &c["wasm"]),
        ("cold start, wasm2js (ms)", &c["wasm2js"]),
        ("cold start, Firefox wasm (ms)", &c["firefox_wasm"]),
        ("capture, Chromium wasm2js (ms)", &r["capture_ms"]["chromium_wasm2js"]),
    ] {
        timings.push_str(&format!("| {name} | {} |\n", if v["p50"].is_null() { format!("null ({})", v["reason"]) } else { p(v) }));
    }
    let mut overhead = String::from(
        "| µs per batch of 10 mutations (p50 / p95) | 1k nodes | 10k nodes | 100k nodes | growth 100k/1k |\n|---|---|---|---|---|\n",
    );
    for key in ["wasm", "wasm2js", "driverjs"] {
        let row = &m[key];
        overhead.push_str(&format!(
            "| {key} | {} | {} | {} | ×{} |\n",
            p(&row["1k"]),
            p(&row["10k"]),
            p(&row["100k"]),
            row["growth_100k_over_1k"]
        ));
    }
    format!(
        "# App Password Guide: benchmark\n\nRun {} with `cargo xtask bench` ({} repetitions after {} warm-up runs; p50 / p95) \
         on {} CPUs, load average {} at the start and {} at the end. \
         Ratios are ours / driver.js from the same run. Full figures and samples: `report.json`.\n\n\
         ## Targets\n\n{table}\n## Sizes\n\n{sizes}\n## Timings\n\n{timings}\n## Page overhead\n\n{}\n\n{overhead}\n\
         Content module memory after a full journey: {} bytes.\n",
        r["when"].as_str().unwrap_or("?"),
        r["reps"],
        r["warmup"],
        r["machine"]["cpus"],
        r["machine"]["loadavg_start"],
        r["machine"]["loadavg_end"],
        m["method"].as_str().unwrap_or(""),
        r["wasm_memory_bytes"],
    )
}

//! `test` and `demo`: everything after the build.

use crate::{dist, fuzz, root, setup, sh};

/// Runs every test: native Rust, a short run of every fuzz target (in the background), `web-ext lint` on the Firefox package, and the end-to-end
/// suites in real Chromium and Firefox against the replica of Apple's site.
pub fn test(_args: &[String]) -> Result<(), String> {
    let clock = Clock::start();
    setup::all()?;
    clock.lap("set-up");
    dist::all()?;
    lint()?;
    clock.lap("build and lint");
    let files = e2e_files()?;
    // The suites that mostly wait on a real timer (the vault's one-minute auto-lock) run in a
    // lane of their own from here, beside the CPU-bound phases below; their output is printed
    // when they are waited for.
    let (waiting, files): (Vec<String>, Vec<String>) = files.into_iter().partition(|f| WAITING_SUITES.iter().any(|w| f.ends_with(w)));
    let waiting_lane = std::cell::Cell::new(Some(std::thread::spawn(move || run_to_log(&waiting, WAITING_LOG))));
    let join_waiting = || match waiting_lane.take() {
        Some(lane) => lane.join().unwrap_or_else(|_| Err("the waiting suites' lane panicked".into())),
        None => Ok(()),
    };
    let fuzzing = std::cell::Cell::new(None);
    let rest = (|| {
        gates()?;
        clock.lap("gates (fmt, clippy)");
        sh("cargo", &["test", "--workspace", "--quiet"], &[])?;
        clock.lap("native tests");
        // The fuzz smoke run is built and run beside the rest, at the lowest CPU priority.
        println!("xtask test: the fuzz smoke run goes on in the background (its output: {})", fuzz::SMOKE_LOG);
        fuzzing.set(Some(fuzz::smoke_in_background()));
        wasm_tests()?;
        clock.lap("wasm-bindgen tests");
        let _ = std::fs::remove_file(root().join(DRIFT_SUMMARY));
        // Two suites at a time (each has its own browser and replica; most of a suite's time
        // is spent waiting on the page), then the page-drift suite alone: it runs eight tabs
        // at once and judges timing, so it gets the machine to itself.
        let (alone, paired): (Vec<&String>, Vec<&String>) = files.iter().partition(|f| f.ends_with(DRIFT_SUITE));
        let mut args = vec!["--test", "--test-concurrency=2"];
        args.extend(paired.iter().map(|f| f.as_str()));
        let e2e = sh("node", &args, &[]);
        clock.lap("end-to-end tests, two at a time");
        let waited = join_waiting();
        clock.lap("the waiting suites (run beside the phases above), waited for");
        let drift = if alone.is_empty() { Ok(()) } else { sh("node", &["--test", alone[0].as_str()], &[]) };
        clean_browser_temp();
        clock.lap("page-drift suite");
        e2e.and(waited).and(drift)
    })();
    // A phase that failed early leaves the waiting suites running: they end before this does.
    let _ = join_waiting();
    let Some(fuzzing) = fuzzing.take() else {
        rest?;
        return Err("the fuzz smoke run did not start".into());
    };
    let fuzzed = fuzzing.join().unwrap_or_else(|_| Err("the fuzz smoke run panicked".into()));
    clock.lap("fuzz smoke run (waited for)");
    match &fuzzed {
        Ok(line) => println!("{line}"),
        Err(e) => println!("fuzz smoke run failed: {e}"),
    }
    // Last, so it is the first thing read: the page-drift suite's counts.
    match std::fs::read_to_string(root().join(DRIFT_SUMMARY)) {
        Ok(line) => println!("{}", line.trim()),
        Err(_) => println!("page drift: no counts (the drift suite did not finish)"),
    }
    rest?;
    fuzzed?;
    println!("xtask test: all suites passed in {}", clock.total());
    Ok(())
}

/// The code gates: `cargo fmt --check`, and clippy with warnings as errors on the native build
/// (every target) and on each wasm module (`content`, `app`).
fn gates() -> Result<(), String> {
    sh("cargo", &["fmt", "--all", "--check"], &[])?;
    sh("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &[])?;
    for feature in ["content", "app"] {
        sh(
            "cargo",
            &[
                "clippy",
                "--quiet",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                feature,
                "--target-dir",
                "target/clippy-wasm",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )?;
    }
    Ok(())
}

/// Wall time of `cargo xtask test`'s phases, printed as each ends (CI's budget is minutes).
struct Clock {
    start: std::time::Instant,
    last: std::cell::Cell<std::time::Instant>,
}

impl Clock {
    fn start() -> Self {
        let now = std::time::Instant::now();
        Clock { start: now, last: std::cell::Cell::new(now) }
    }

    /// Prints how long the phase that just ended took.
    fn lap(&self, phase: &str) {
        let now = std::time::Instant::now();
        println!("xtask test: {phase} took {}", minutes(now - self.last.get()));
        self.last.set(now);
    }

    fn total(&self) -> String {
        minutes(self.start.elapsed())
    }
}

fn minutes(d: std::time::Duration) -> String {
    let s = d.as_secs();
    format!("{} m {:02} s", s / 60, s % 60)
}

/// Suites that spend most of their time waiting on a real timer, run in a lane of their own.
const WAITING_SUITES: &[&str] = &["lock-chromium.test.mjs", "lock-firefox.test.mjs"];

/// Where the waiting suites' output goes until it is printed.
const WAITING_LOG: &str = "target/e2e-waiting.log";

/// Runs `node --test` on `files`, one at a time, into the log `log`; prints the log at the end.
fn run_to_log(files: &[String], log: &str) -> Result<(), String> {
    if files.is_empty() {
        return Ok(());
    }
    let path = root().join(log);
    let out = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let status = std::process::Command::new("node")
        .arg("--test")
        .args(files)
        .current_dir(root())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("node: {e}"))?;
    println!("xtask test: the waiting suites ({}):", files.join(", "));
    print!("{}", std::fs::read_to_string(&path).unwrap_or_default());
    if status.success() {
        Ok(())
    } else {
        Err(format!("node --test {} failed ({status})", files.join(" ")))
    }
}

/// The page-drift suite, run alone after the others.
const DRIFT_SUITE: &str = "drift-chromium.test.mjs";

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
        &[
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--features",
            "content",
            "--test",
            "web",
            "--target-dir",
            "target/wasm-test",
        ],
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

/// The demo's headless walk, then the README's pictures in docs/screenshots/ from it (commit them).
pub fn pictures() -> Result<(), String> {
    setup::all()?;
    dist::all()?;
    sh("node", &["tests/demo.mjs", "--pictures"], &[])
}

/// Regenerates the HTML snapshots of every replica state that the native recognition test
/// reads (commit the result).
pub fn snapshots() -> Result<(), String> {
    setup::all()?;
    dist::all()?;
    sh("node", &["tests/snapshot-gen.mjs"], &[])
}

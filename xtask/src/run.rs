//! `test` and `demo`: everything after the build.

use crate::{command, dist, fuzz, in_lanes, root, setup, sh, succeeded};

/// Runs every test: native Rust, a short run of every fuzz target (in the background), `web-ext lint` on the Firefox package, and the end-to-end
/// suites in real Chromium and Firefox against the replica of Apple's site.
pub fn test(_args: &[String]) -> Result<(), String> {
    // A test run is not an edit loop: incremental compilation's bookkeeping only costs here
    // (from a clean checkout, every build of the run is a first one).
    if std::env::var_os("CARGO_INCREMENTAL").is_none() {
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    let clock = Clock::start();
    setup::all()?;
    clock.lap("set-up");
    dist::all()?;
    lint()?;
    clock.lap("build and lint");
    let files = e2e_files()?;
    let _ = std::fs::remove_file(root().join(DRIFT_SUMMARY));
    // The suites that mostly wait on a real timer (the vault's one-minute auto-lock, the
    // clipboard's ten seconds, the page-drift suite's 6.5 s per variant) run in a lane of their
    // own from here, two at a time, beside the CPU-bound phases below; their output is printed
    // when they are waited for.
    let (waiting, files): (Vec<String>, Vec<String>) = files.into_iter().partition(|f| WAITING_SUITES.iter().any(|w| f.ends_with(w)));
    let waiting_lane = std::cell::Cell::new(Some(std::thread::spawn(move || run_files(&waiting, 2, &|_| ()))));
    let join_waiting = || match waiting_lane.take() {
        Some(lane) => match lane.join() {
            Ok(runs) => {
                println!("xtask test: the waiting suites:");
                for run in &runs {
                    print_run(run);
                }
                summary("the waiting suites", &runs)
            }
            Err(_) => Err("the waiting suites' lane panicked".into()),
        },
        None => Ok(()),
    };
    let fuzzing = std::cell::Cell::new(None);
    let rest = (|| {
        // Two compile lanes side by side, each in target folders of its own: the native one
        // (fmt, clippy, the native tests) here, the wasm one (clippy on both modules, the
        // wasm-bindgen tests) on a thread, its output in a log printed when it is waited for.
        // Each cargo run ends on a few crates compiled one at a time; the other lane fills
        // the core left idle.
        let wasm_lane = std::thread::spawn(wasm_lane);
        let native = (|| {
            let lane = Clock::start();
            gates()?;
            lane.lap("gates (fmt, clippy native)");
            sh("cargo", &["test", "--workspace", "--quiet"], &[])?;
            lane.lap("native tests");
            // The fuzz smoke run is built and run beside the rest, at the lowest CPU priority.
            println!("xtask test: the fuzz smoke run goes on in the background (its output: {})", fuzz::SMOKE_LOG);
            fuzzing.set(Some(fuzz::smoke_in_background()));
            Ok::<(), String>(())
        })();
        clock.lap("native lane: gates and tests");
        let wasm = wasm_lane.join().unwrap_or_else(|_| Err("the wasm lane panicked".into()));
        print!("{}", std::fs::read_to_string(root().join(WASM_LOG)).unwrap_or_default());
        clock.lap("wasm lane (run beside the native lane), waited for");
        native.and(wasm)?;
        // Three suites at a time (each has its own browser and replica; much of a suite's time
        // is spent waiting on the page), the longest first so that the lanes end together.
        let runs = run_files(&files, E2E_LANES, &print_run);
        let e2e = summary("end-to-end", &runs);
        clock.lap("end-to-end tests, three at a time");
        let waited = join_waiting();
        clean_browser_temp();
        clock.lap("the waiting suites and page drift (run beside the phases above), waited for");
        e2e.and(waited)
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
/// (every target). Clippy on the wasm modules is in [`wasm_lane`].
fn gates() -> Result<(), String> {
    sh("cargo", &["fmt", "--all", "--check"], &[])?;
    sh("cargo", &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"], &[])
}

/// Where the wasm lane's commands write until it is waited for.
const WASM_LOG: &str = "target/wasm-lane.log";

/// The wasm lane: clippy with warnings as errors on each wasm module (`content`, `app`), then
/// the content module's browser adapter under wasm-bindgen-test in headless Chromium. All in
/// one target folder, so the proc macros (syn, serde_derive, wasm-bindgen-macro…) are built
/// once for both.
fn wasm_lane() -> Result<(), String> {
    let path = root().join(WASM_LOG);
    let log = std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let lane = Clock::start();
    for feature in ["content", "app"] {
        sh_to(
            &log,
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
                WASM_TARGET_DIR,
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )?;
    }
    lane.lap("gates (clippy wasm content, app)");
    sh_to(
        &log,
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
            WASM_TARGET_DIR,
        ],
        &[("CHROMEDRIVER", "/usr/bin/chromedriver")],
    )?;
    lane.lap("wasm-bindgen tests");
    Ok(())
}

/// The wasm lane's target folder (debug: clippy's checks and the wasm-bindgen tests).
const WASM_TARGET_DIR: &str = "target/wasm-test";

/// [`sh`], with the command's output appended to `log`.
fn sh_to(log: &std::fs::File, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    use std::io::Write;
    let mut w: &std::fs::File = log;
    let _ = writeln!(w, "$ {program} {}", args.join(" "));
    let status = command(program, args, envs)
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log.try_clone().map_err(|e| e.to_string())?)
        .status();
    succeeded(status, program, args, &format!("; its output: {WASM_LOG}"))
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

/// End-to-end files run at a time on this 2-core machine. Three: a browser suite waits on its
/// page for much of its time, which a third file fills (measured on a fresh clone: the phase
/// took 5 m 58 s two at a time, 4 m 53 s three at a time). While the fuzz smoke run was an
/// optimised ASan build, three starved it until the end; its cheaper debug build leaves room.
const E2E_LANES: usize = 3;

/// Suites that spend most of their time waiting on a real timer, run in a lane of their own.
/// The page-drift suite is one: of its 90 s, most is the 6.5 s each group of eight variants
/// waits before it is judged (a judgement of outcomes after a generous wait, not of speed).
const WAITING_SUITES: &[&str] =
    &["lock-chromium.test.mjs", "lock-firefox.test.mjs", "clipboard.test.mjs", "scope-chromium.test.mjs", "drift-chromium.test.mjs"];

/// About how long each end-to-end file takes (seconds, from a CI run), so that the longest
/// start first and the two lanes end together; a file not listed counts as [`UNLISTED_SECONDS`].
/// Only the order depends on it.
const EXPECTED_SECONDS: &[(&str, u32)] = &[
    ("guide-journeys-chromium.test.mjs", 92),
    ("drift-chromium.test.mjs", 90),
    ("clipboard.test.mjs", 85),
    ("lock-chromium.test.mjs", 72),
    ("lock-firefox.test.mjs", 69),
    ("guide-journeys-firefox.test.mjs", 57),
    ("guide-paths-chromium.test.mjs", 57),
    ("a11y-chromium.test.mjs", 52),
    ("guide-pages-chromium.test.mjs", 50),
    ("guide-pages-firefox.test.mjs", 48),
    ("faults-chromium.test.mjs", 47),
    ("options.test.mjs", 44),
    ("safety-firefox.test.mjs", 37),
    ("cold.test.mjs", 32),
    ("upgrade-chromium.test.mjs", 28),
    ("safety-chromium.test.mjs", 27),
    ("vault-tamper.test.mjs", 25),
    ("scope-chromium.test.mjs", 30),
    ("tabs.test.mjs", 20),
    ("foundation.test.mjs", 18),
    ("vault-chromium.test.mjs", 17),
    ("export-chromium.test.mjs", 13),
    ("keyboard-chromium.test.mjs", 12),
    ("fade-chromium.test.mjs", 9),
    ("passphrase-chromium.test.mjs", 8),
    ("prerender-chromium.test.mjs", 7),
    ("privilege.test.mjs", 4),
    ("capture-cap-chromium.test.mjs", 4),
];
const UNLISTED_SECONDS: u32 = 30;

fn expected_seconds(file: &str) -> u32 {
    EXPECTED_SECONDS.iter().find(|(name, _)| file.ends_with(name)).map_or(UNLISTED_SECONDS, |&(_, s)| s)
}

/// One end-to-end file's run: `node --test <file>`, its wall time and its output (standard
/// output and error, in order; also kept in target/e2e-logs/).
struct FileRun {
    file: String,
    took: std::time::Duration,
    ok: bool,
    output: String,
}

/// Runs `node --test` on each of `files`, `lanes` files at a time, the longest expected first
/// (a lane takes the next file when its own ends; `node --test` itself would take them in name
/// order); `done` gets each run as it ends. The runs come back in the order they ended.
fn run_files(files: &[String], lanes: usize, done: &(dyn Fn(&FileRun) + Sync)) -> Vec<FileRun> {
    let mut queue: Vec<String> = files.to_vec();
    queue.sort_by_key(|f| (std::cmp::Reverse(expected_seconds(f)), f.clone()));
    let logs = root().join("target/e2e-logs");
    let _ = std::fs::create_dir_all(&logs);
    in_lanes(&queue, lanes, |file| {
        let run = run_file(file, &logs);
        done(&run);
        run
    })
}

fn run_file(file: &str, logs: &std::path::Path) -> FileRun {
    let start = std::time::Instant::now();
    let name = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".test.mjs");
    let path = logs.join(format!("{name}.log"));
    let status = std::fs::File::create(&path).and_then(|out| {
        let err = out.try_clone()?;
        std::process::Command::new("node").args(["--test", file]).current_dir(root()).stdout(out).stderr(err).status()
    });
    let mut output = std::fs::read_to_string(&path).unwrap_or_default();
    let ok = match status {
        Ok(s) if s.success() => true,
        Ok(s) => {
            output.push_str(&format!("node --test {file}: {s}\n"));
            false
        }
        Err(e) => {
            output.push_str(&format!("node --test {file} could not run: {e}\n"));
            false
        }
    };
    FileRun { file: file.to_string(), took: start.elapsed(), ok, output }
}

/// Prints one file's output whole (two lanes' outputs never interleave).
fn print_run(run: &FileRun) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "$ node --test {} ({})", run.file, minutes(run.took));
    let _ = out.write_all(run.output.as_bytes());
    let _ = out.flush();
}

/// Adds up the runs' counts (node's `# tests` / `# pass` / `# fail` lines); fails naming the
/// files that failed.
fn summary(what: &str, runs: &[FileRun]) -> Result<(), String> {
    let count = |key: &str| -> u64 {
        runs.iter().flat_map(|r| r.output.lines().filter_map(|l| l.strip_prefix(key)).filter_map(|n| n.trim().parse::<u64>().ok())).sum()
    };
    let (tests, pass, fail) = (count("# tests "), count("# pass "), count("# fail "));
    println!("xtask test: {what}: {} files, {tests} tests, {pass} passed, {fail} failed", runs.len());
    let failed: Vec<&str> = runs.iter().filter(|r| !r.ok).map(|r| r.file.as_str()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{what}: node --test failed for {}", failed.join(", ")))
    }
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

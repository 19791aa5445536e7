//! `fuzz`: runs every cargo-fuzz (libFuzzer) target in `fuzz/` for a set time each, and the
//! short smoke run that `test` includes. The targets are whatever `cargo fuzz list` names, so a
//! new target needs no change here; what each one checks is in fuzz/src/checks.rs.
//!
//! libFuzzer needs `-Z` flags (sanitizer, coverage), which only nightly compilers take: the
//! stable toolchain accepts them with `RUSTC_BOOTSTRAP=1`, set here for cargo-fuzz alone.

use crate::root;
use std::path::Path;
use std::process::Command;

/// Seconds per target in `cargo xtask test`'s smoke run.
pub const SMOKE_SECONDS: u32 = 10;
/// Seconds per target for `cargo xtask fuzz` without an argument.
pub const LONG_SECONDS: u32 = 300;

/// How long each target runs, and where what it finds is kept.
#[derive(Clone, Copy)]
pub enum Length {
    /// `cargo xtask test`: [`SMOKE_SECONDS`] each, from the seeds alone (a fresh corpus every
    /// time, so the run takes the same time here as on a fresh CI machine).
    Smoke,
    /// `cargo xtask fuzz`: this many seconds each, growing `fuzz/corpus/<target>/` across runs.
    Long(u32),
}
/// Seconds one input may take before libFuzzer calls it a hang (a crash to fix).
const INPUT_TIMEOUT: u32 = 10;
/// Seed folders beyond `fuzz/seeds/<target>/`: the replica's page snapshots are the best
/// start for the HTML targets.
const EXTRA_SEEDS: &[(&str, &str)] = &[("recognize", "tests/snapshots"), ("outline", "tests/snapshots")];

/// `cargo fuzz …`; in the background at the lowest CPU priority (`nice -n 19`), so that the
/// work in the foreground (builds, browsers) gets the cores whenever it wants them.
fn cargo_fuzz_as(args: &[&str], background: bool) -> Command {
    let mut c = if background {
        let mut c = Command::new("nice");
        c.args(["-n", "19", "cargo"]);
        c
    } else {
        Command::new("cargo")
    };
    c.arg("fuzz").args(args).env("RUSTC_BOOTSTRAP", "1").current_dir(root());
    c
}

fn cargo_fuzz(args: &[&str]) -> Command {
    cargo_fuzz_as(args, false)
}

/// The fuzz targets, by name.
pub fn targets() -> Result<Vec<String>, String> {
    let out = cargo_fuzz(&["list"]).output().map_err(|e| format!("could not run cargo fuzz: {e}"))?;
    if !out.status.success() {
        return Err(format!("cargo fuzz list failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let names: Vec<String> =
        String::from_utf8_lossy(&out.stdout).lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
    if names.is_empty() {
        return Err("cargo fuzz list named no targets".into());
    }
    Ok(names)
}

/// Builds all targets, then runs each. Any crash, hang or out-of-memory fails, naming the
/// input libFuzzer kept in `fuzz/artifacts/<target>/`.
pub fn run(length: Length) -> Result<(), String> {
    let summary = run_as(length, None)?;
    println!("{summary}");
    Ok(())
}

/// The smoke run on a thread of its own, at the lowest CPU priority, its output in
/// [`SMOKE_LOG`]: `cargo xtask test` goes on with the wasm builds and the browsers meanwhile
/// (they wait on timers more than they compute), then joins it. Yields the summary line.
pub fn smoke_in_background() -> std::thread::JoinHandle<Result<String, String>> {
    std::thread::spawn(|| {
        let log = root().join(SMOKE_LOG);
        let _ = std::fs::create_dir_all(root().join("target"));
        let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        run_as(Length::Smoke, Some(file))
    })
}

/// Where [`smoke_in_background`] writes what cargo-fuzz prints.
pub const SMOKE_LOG: &str = "target/fuzz-smoke.log";

/// [`run`], with the build's output to `log` and at the lowest CPU priority when one is given.
fn run_as(length: Length, log: Option<std::fs::File>) -> Result<String, String> {
    let (seconds, corpus_root) = match length {
        Length::Smoke => (SMOKE_SECONDS, "fuzz/target/smoke-corpus"),
        Length::Long(s) => (s, "fuzz/corpus"),
    };
    let background = log.is_some();
    let say = |line: &str| match &log {
        Some(f) => {
            use std::io::Write;
            let mut f: &std::fs::File = f;
            let _ = writeln!(f, "{line}");
        }
        None => println!("{line}"),
    };
    // The smoke run: a debug build without AddressSanitizer. The core has no `unsafe` code and
    // std is not rebuilt with the sanitizer, so ASan watched only the test-side crates (the HTML
    // parser, the KDBX reader); the debug build checks every integer overflow and debug
    // assertion instead, and takes half the CPU to build (measured from clean: 92 s against
    // 197 s of CPU). The long run keeps cargo-fuzz's optimised ASan build, for throughput.
    let profile: &[&str] = match length {
        Length::Smoke => &["--dev", "--sanitizer", "none"],
        Length::Long(_) => &[],
    };
    let mut build_args = vec!["build"];
    build_args.extend(profile);
    say(&format!("$ cargo fuzz {} (RUSTC_BOOTSTRAP=1)", build_args.join(" ")));
    let mut build = cargo_fuzz_as(&build_args, background);
    if let Some(f) = &log {
        let (out, err) = (f.try_clone().map_err(|e| e.to_string())?, f.try_clone().map_err(|e| e.to_string())?);
        build.stdout(out).stderr(err);
    }
    let status = build.status().map_err(|e| format!("could not run cargo fuzz: {e}"))?;
    if !status.success() {
        return Err(format!("cargo fuzz build failed{}", if background { format!(" (see {SMOKE_LOG})") } else { String::new() }));
    }
    let run_target = |target: &str| -> Result<String, String> {
        let corpus = format!("{corpus_root}/{target}");
        if matches!(length, Length::Smoke) {
            let _ = std::fs::remove_dir_all(root().join(&corpus));
        }
        std::fs::create_dir_all(root().join(&corpus)).map_err(|e| format!("{corpus}: {e}"))?;
        // The first folder collects what this machine's runs find; the others only seed.
        let mut dirs = vec![corpus];
        for dir in [format!("fuzz/seeds/{target}"), format!("fuzz/regressions/{target}")]
            .into_iter()
            .chain(EXTRA_SEEDS.iter().filter(|(t, _)| *t == target).map(|(_, d)| d.to_string()))
        {
            if Path::new(&root().join(&dir)).is_dir() {
                dirs.push(dir);
            }
        }
        let (time, timeout) = (format!("-max_total_time={seconds}"), format!("-timeout={INPUT_TIMEOUT}"));
        let mut args = vec!["run"];
        args.extend(profile);
        args.push(target);
        args.extend(dirs.iter().map(String::as_str));
        args.extend(["--", time.as_str(), timeout.as_str(), "-print_final_stats=1"]);
        say(&format!("$ cargo fuzz {} ", args.join(" ")));
        let out = cargo_fuzz_as(&args, background).output().map_err(|e| format!("could not run cargo fuzz: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let tail: Vec<&str> = log.lines().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
            return Err(format!(
                "fuzz target {target} failed:\n{}\nFix the cause, then keep the input from fuzz/artifacts/{target}/ in fuzz/regressions/{target}/ (tests/fuzz_regressions.rs runs it).",
                tail.join("\n")
            ));
        }
        let runs = log.lines().find_map(|l| l.strip_prefix("stat::number_of_executed_units:")).map_or("?".into(), |n| n.trim().to_string());
        Ok(format!("{target}: {runs} inputs in {seconds} s, no crash"))
    };
    // The smoke run takes its targets two at a time: a target runs on one core for its seconds
    // of wall time, and `cargo xtask test` waits for the run at its end, when both cores are
    // free (seven targets: 40 s instead of 70). The long run takes them one at a time.
    let at_once = if matches!(length, Length::Smoke) { 2 } else { 1 };
    let targets: Vec<(usize, String)> = targets()?.into_iter().enumerate().collect();
    let mut results = crate::in_lanes(&targets, at_once, |(i, target)| (*i, run_target(target)));
    results.sort_by_key(|(i, _)| *i);
    let summary = results.into_iter().map(|(_, r)| r).collect::<Result<Vec<_>, _>>()?;
    Ok(format!("fuzz: {}", summary.join("; ")))
}

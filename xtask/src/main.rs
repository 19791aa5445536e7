//! The project's build program, run as `cargo xtask <command>`.
//!
//! - `setup`: installs every tool the build and tests need (idempotent, quick when present).
//! - `build`: compiles the two wasm modules (and the content module's wasm2js fallback).
//! - `dist`:  assembles `dist/chromium`, `dist/firefox` and their store zips.
//! - `test`:  runs every test: native Rust, `web-ext lint`, Chromium and Firefox end-to-end.
//! - `demo`:  shows the extension working on the local replica of Apple's site (writes target/demo/).
//! - `pictures`: the demo's walk, then the README's pictures in docs/screenshots/ from it.
//! - `snapshots`: regenerates tests/snapshots/ (HTML of every replica state) after a replica change.
//! - `fuzz [seconds]`: runs every fuzz target for that long each (default 300 s).
//! - `bench`: measures size, speed and page overhead against driver.js; writes target/bench/.

mod bench;
mod build;
mod dist;
mod fuzz;
mod run;
mod setup;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask <setup|build|dist|test|demo|pictures|snapshots|fuzz [seconds]|bench [--reps N | --report | --sizes]>";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::all(),
        Some("build") => setup::all().and_then(|_| build::all().map(|_| ())),
        Some("dist") => setup::all().and_then(|_| dist::all().map(|_| ())),
        Some("test") => run::test(&args[1..]),
        Some("demo") => run::demo(),
        Some("pictures") => run::pictures(),
        Some("snapshots") => run::snapshots(),
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u32>()) {
            None => setup::all().and_then(|_| fuzz::run(fuzz::Length::Long(fuzz::LONG_SECONDS))),
            Some(Ok(seconds)) if seconds > 0 => setup::all().and_then(|_| fuzz::run(fuzz::Length::Long(seconds))),
            Some(_) => Err(USAGE.to_string()),
        },
        Some("bench") => bench::run(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The repository's root (the folder holding the workspace's Cargo.toml).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

/// Runs a command from the repository root, echoing it; fails with its name on a non-zero exit.
pub fn sh(program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    println!("$ {program} {}", args.join(" "));
    succeeded(command(program, args, envs).status(), program, args, "")
}

/// `program` with `args` and `envs`, to run from the repository root.
pub fn command(program: &str, args: &[&str], envs: &[(&str, &str)]) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    command.args(args).envs(envs.iter().copied()).current_dir(root());
    command
}

/// Ok if the command ran and succeeded; else an error naming it (and `more`, said after its
/// status).
pub fn succeeded(status: std::io::Result<std::process::ExitStatus>, program: &str, args: &[&str], more: &str) -> Result<(), String> {
    let status = status.map_err(|e| format!("could not run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{program} {} failed ({status}{more})", args.first().copied().unwrap_or("")))
    }
}

/// Runs a command quietly and returns its standard output, or `None` if it could not run or failed.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program, args, &[]).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs `work` on each of `items`, `lanes` at a time, in the items' order (a lane takes the next
/// item when its own ends); the results come back in the order they ended.
pub fn in_lanes<T: Sync, R: Send>(items: &[T], lanes: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..lanes {
            scope.spawn(|| {
                while let Some(item) = items.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst)) {
                    let result = work(item);
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(result);
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
}

//! The house rules of `src/` that a reader relies on, checked on the source itself: no file over
//! 500 lines but the step table (`src/steps.rs`, data), and no import circle among the modules
//! (a module's `crate::` and `super::` paths name the modules it depends on; a module and its
//! own ancestors or descendants do not count, as `mod` nests them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a file in `src/` may be, but [`DATA_FILES`].
const MAX_LINES: usize = 500;
/// Files that are data tables, not code: exempt from [`MAX_LINES`].
const DATA_FILES: &[&str] = &["steps.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path (`src/app/popup.rs` → `app::popup`; `lib.rs`, `mod.rs` name their folder).
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).expect("under src/").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if matches!(parts.last().map(String::as_str), Some("lib" | "mod" | "main")) {
        parts.pop();
    }
    parts.join("::")
}

/// The text with `//` comments (and so doc comments, whose links name modules) removed.
fn code_of(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The paths after each `crate::` and `super::` in `code` (a `{…}` group gives one path per
/// item), as segments; `super` kept as a segment so that the caller resolves it.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let start = if rest.starts_with(b"crate::") || rest.starts_with(b"super::") { Some(at) } else { None };
        let Some(start) = start.filter(|&s| s == 0 || !ident(bytes[s - 1])) else {
            at += 1;
            continue;
        };
        let (prefix, end) = read_path(code, start);
        if code[end..].starts_with('{') {
            let close = matching_brace(code, end);
            for item in split_top_level(&code[end + 1..close]) {
                let (tail, _) = read_path(item.trim(), 0);
                found.push(prefix.iter().cloned().chain(tail).collect());
            }
            at = close + 1;
        } else {
            found.push(prefix);
            at = end.max(start + 1);
        }
    }
    found
}

/// The `a::b::` segments from `at`; and where they end (after the last `::`, or the last word).
fn read_path(code: &str, mut at: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut segments = Vec::new();
    loop {
        let from = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        if at == from {
            return (segments, at);
        }
        segments.push(code[from..at].to_string());
        if code[at..].starts_with("::") {
            at += 2;
        } else {
            return (segments, at);
        }
    }
}

fn matching_brace(code: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

fn split_top_level(group: &str) -> Vec<&str> {
    let (mut items, mut depth, mut from) = (Vec::new(), 0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[from..]);
    items.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// Module → the modules it names, among `modules` (each path resolved to its longest module).
fn dependencies(files: &[PathBuf]) -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    let resolve = |segments: &[String]| -> Option<String> {
        (1..=segments.len()).rev().map(|n| segments[..n].join("::")).find(|m| modules.contains(m))
    };
    let mut deps = BTreeMap::new();
    for file in files {
        let module = module_of(file);
        let code = code_of(&std::fs::read_to_string(file).expect("a source file"));
        let mut named = BTreeSet::new();
        for path in paths_in(&code) {
            let mut base: Vec<String> = Vec::new();
            let mut rest = path.as_slice();
            if rest.first().is_some_and(|s| s == "crate") {
                rest = &rest[1..];
            } else {
                base = module.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            let full: Vec<String> = base.into_iter().chain(rest.iter().cloned()).collect();
            if let Some(target) = resolve(&full) {
                let related = target == module
                    || target.is_empty()
                    || module.starts_with(&format!("{target}::"))
                    || target.starts_with(&format!("{module}::"));
                if !related {
                    named.insert(target);
                }
            }
        }
        deps.insert(module, named);
    }
    deps
}

/// The import circles: each strongly connected group of more than one module (Tarjan).
fn circles(deps: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        deps: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        let n = w.index.len();
        w.index.insert(v, n);
        w.low.insert(v, n);
        w.stack.push(v);
        for t in &w.deps[v] {
            let t = t.as_str();
            if !w.index.contains_key(t) {
                visit(w, t);
                let low = w.low[v].min(w.low[t]);
                w.low.insert(v, low);
            } else if w.stack.contains(&t) {
                let low = w.low[v].min(w.index[t]);
                w.low.insert(v, low);
            }
        }
        if w.low[v] == w.index[v] {
            let at = w.stack.iter().position(|&s| s == v).unwrap_or(0);
            let group: Vec<String> = w.stack.drain(at..).map(String::from).collect();
            if group.len() > 1 {
                w.found.push(group);
            }
        }
    }
    let mut w = Walk { deps, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for v in deps.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.found
}

#[test]
fn no_file_in_src_is_over_500_lines_but_the_step_table() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter(|f| !DATA_FILES.iter().any(|d| f.ends_with(d)))
        .filter_map(|f| {
            let lines = std::fs::read_to_string(f).expect("a source file").lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:?}");
}

#[test]
fn no_import_circle_among_the_modules() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let deps = dependencies(&files);
    assert!(deps.len() > 40, "the modules were found ({})", deps.len());
    // The check sees real dependencies: the app's popup names the request client.
    assert!(deps["app::popup"].contains("app::client"), "{:?}", deps["app::popup"]);
    assert_eq!(circles(&deps), Vec::<Vec<String>>::new());
}

#[test]
fn the_circle_finder_finds_a_circle() {
    let deps: BTreeMap<String, BTreeSet<String>> = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec!["a"])]
        .into_iter()
        .map(|(m, t)| (m.to_string(), t.into_iter().map(String::from).collect()))
        .collect();
    let found = circles(&deps);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].iter().cloned().collect::<BTreeSet<_>>(), ["a", "b", "c"].map(String::from).into_iter().collect());
}

#[test]
fn paths_are_read_through_groups_and_super() {
    let code = "use crate::{a::b, c};\nuse super::super::d::E;\nlet x = crate::f::g();";
    let found = paths_in(code);
    assert!(found.contains(&vec!["crate".into(), "a".into(), "b".into()]), "{found:?}");
    assert!(found.contains(&vec!["crate".into(), "c".into()]), "{found:?}");
    assert!(found.contains(&vec!["super".into(), "super".into(), "d".into(), "E".into()]), "{found:?}");
    assert!(found.contains(&vec!["crate".into(), "f".into(), "g".into()]), "{found:?}");
}

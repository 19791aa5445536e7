//! Assembles the loadable extensions `dist/chromium/` and `dist/firefox/` from `extension/`,
//! `manifest.json` and the built core, and zips each for its store. The version comes from
//! the root Cargo.toml into both manifests.

use crate::{build, root};
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The browsers we ship to.
pub const BROWSERS: &[&str] = &["chromium", "firefox"];

/// Builds and assembles both extensions; returns the `dist/` folder.
pub fn all() -> Result<PathBuf, String> {
    let core = build::all()?;
    let version = version()?;
    let dist = root().join("dist");
    fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    for browser in BROWSERS {
        let dir = dist.join(browser);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
        }
        copy_tree(&root().join("extension"), &dir)?;
        if *browser == "firefox" {
            // Chromium's offscreen document: Firefox has none (its background page clears the
            // clipboard itself).
            fs::remove_dir_all(dir.join("offscreen")).map_err(|e| format!("dist/firefox/offscreen: {e}"))?;
        }
        copy_tree(&core, &dir.join("core"))?;
        let manifest = manifest_for(browser, &version)?;
        let text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())? + "\n";
        fs::write(dir.join("manifest.json"), text).map_err(|e| e.to_string())?;
        let zip = dist.join(format!("app-password-guide-{browser}-{version}.zip"));
        zip_tree(&dir, &zip)?;
        println!("dist: {} and {}", dir.display(), zip.display());
    }
    Ok(dist)
}

/// The version in the root Cargo.toml's `[package]`.
pub fn version() -> Result<String, String> {
    let toml = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .skip_while(|l| l.trim() != "[package]")
        .find_map(|l| l.strip_prefix("version = \"").map(|v| v.trim_end_matches('"').to_string()))
        .ok_or_else(|| "no version in Cargo.toml's [package]".into())
}

/// The shared manifest, with the version set and the keys the browser does not use removed
/// (so neither store's linter warns about them).
pub fn manifest_for(browser: &str, version: &str) -> Result<Value, String> {
    let text = fs::read_to_string(root().join("manifest.json")).map_err(|e| e.to_string())?;
    let mut m: Value = serde_json::from_str(&text).map_err(|e| format!("manifest.json: {e}"))?;
    m["version"] = Value::String(version.to_string());
    let obj = m.as_object_mut().ok_or("manifest.json is not an object")?;
    // A permission one browser has no use for (see the README's permission table): Chromium
    // clears the clipboard through an offscreen document, which Firefox does not have (its
    // background page clears it itself).
    let unused: &[&str] = match browser {
        "firefox" => &["offscreen"],
        _ => &[],
    };
    if let Some(Value::Array(permissions)) = obj.get_mut("permissions") {
        permissions.retain(|p| !p.as_str().is_some_and(|p| unused.contains(&p)));
    }
    let background = obj.get_mut("background").and_then(Value::as_object_mut).ok_or("manifest.json has no background")?;
    match browser {
        "chromium" => {
            background.remove("scripts");
            obj.remove("browser_specific_settings");
        }
        "firefox" => {
            background.remove("service_worker");
            // Firefox reads managed storage from its policies (or a native manifest), never
            // from a schema in the manifest, and warns about the key; the schema file stays in
            // the package as the list of what an administrator can set.
            obj.remove("storage");
        }
        other => return Err(format!("unknown browser {other}")),
    }
    Ok(m)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            fs::copy(&src, &dst).map_err(|e| format!("{}: {e}", src.display()))?;
        }
    }
    Ok(())
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut entries: Vec<_> = fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

fn zip_tree(dir: &Path, zip_path: &Path) -> Result<(), String> {
    let file = fs::File::create(zip_path).map_err(|e| format!("{}: {e}", zip_path.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = Vec::new();
    files_under(dir, &mut files)?;
    for f in files {
        let name = f.strip_prefix(dir).map_err(|e| e.to_string())?.to_string_lossy().replace('\\', "/");
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(&fs::read(&f).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    zip.finish().map_err(|e| e.to_string())?;
    Ok(())
}

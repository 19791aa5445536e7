//! Exports opened by real programs, not by this crate: KeePassXC's command line opens the KDBX 4
//! database and imports the KeePass XML; Node's crypto decrypts the Bitwarden
//! password-protected JSON (tests/programs/bitwarden-decrypt.mjs); Python's plistlib reads the
//! configuration profile. `cargo xtask setup` installs keepassxc; node and python3 are the
//! machine's own.

use app_password_guide::export::mobileconfig::{profile, Profile};
use app_password_guide::export::{export, ExportEntry, Format, Options};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const PASSPHRASE: &str = "correct horse battery staple";
const LABEL: &str = "Mail \"Mac\", <work> & 📧 \u{5d0}\u{5d1}";

fn entries() -> Vec<ExportEntry> {
    vec![
        ExportEntry {
            label: LABEL.into(),
            account: Some("jane.doe@icloud.com".into()),
            password: "abcd-efgh-ijkl-mnop".into(),
            created: "2026-11-20T09:15:30.000Z".into(),
            preset: Some("thunderbird".into()),
        },
        ExportEntry {
            label: "Backup".into(),
            account: Some("jane.doe@icloud.com".into()),
            password: "qrst-uvwx-yzab-cdef".into(),
            created: "2026-11-21T10:00:00.000Z".into(),
            preset: Some("backup".into()),
        },
    ]
}

fn options() -> Options {
    Options { passphrase: Some(PASSPHRASE.into()), now: "2026-11-24T12:00:00.000Z".into(), ..Options::default() }
}

/// A fresh folder for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apg-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `program` with `stdin` fed in; returns (success, stdout, stderr).
fn run(program: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} is not installed ({e}): run `cargo xtask setup`"));
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn keepassxc(args: &[&str], stdin: &str) -> String {
    let (ok, out, err) = run("keepassxc-cli", args, stdin);
    assert!(ok, "keepassxc-cli {args:?} failed: {err}");
    out
}

/// `keepassxc-cli show` of one entry: user name, password (in clear), URL.
fn show(db: &Path, entry: &str) -> Vec<String> {
    let out = keepassxc(
        &["show", "-q", "-s", "-a", "UserName", "-a", "Password", "-a", "URL", &db.to_string_lossy(), entry],
        &format!("{PASSPHRASE}\n"),
    );
    out.lines().map(String::from).collect()
}

/// The database as KeePassXC's own XML export: each entry's title and creation time.
fn titles_and_times(db: &Path) -> Vec<(String, String)> {
    let xml = keepassxc(&["export", "-q", "-f", "xml", &db.to_string_lossy()], &format!("{PASSPHRASE}\n"));
    let doc = roxmltree::Document::parse(&xml).expect("keepassxc-cli export wrote XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("Entry") && !n.ancestors().skip(1).any(|a| a.has_tag_name("History")))
        .map(|e| {
            let title = e
                .children()
                .filter(|s| s.has_tag_name("String"))
                .find(|s| s.children().any(|k| k.has_tag_name("Key") && k.text() == Some("Title")))
                .and_then(|s| s.children().find(|v| v.has_tag_name("Value")))
                .and_then(|v| v.text())
                .unwrap_or("")
                .to_string();
            let created = e.descendants().find(|t| t.has_tag_name("CreationTime")).and_then(|t| t.text()).unwrap_or("").to_string();
            (title, created)
        })
        .collect()
}

/// A time as KeePassXC's XML writes it: ISO 8601 for KDBX 3.1 databases, and for KDBX 4 the
/// base64 of little-endian seconds since 0001-01-01.
fn kdbx_time(b64: &str) -> i64 {
    use base64::Engine;
    if let Ok(t) = app_password_guide::export::Timestamp::parse(b64) {
        return t.unix_seconds();
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64).expect("a KDBX 4 time");
    let secs = i64::from_le_bytes(bytes.try_into().expect("8 bytes"));
    secs - 62_135_596_800
}

#[test]
fn keepassxc_opens_the_kdbx_and_shows_each_entry() {
    let dir = scratch("kdbx");
    let db = dir.join("export.kdbx");
    std::fs::write(&db, export(Format::Kdbx, &entries(), &options()).unwrap()).unwrap();

    let info = keepassxc(&["db-info", "-q", &db.to_string_lossy()], &format!("{PASSPHRASE}\n"));
    assert!(info.contains("KDF: Argon2id (3 rounds, 65536 KB)"), "KDF as set: {info}");

    let shown = show(&db, "/Apple app passwords/iCloud app password – Backup");
    assert_eq!(shown, ["jane.doe@icloud.com", "qrst-uvwx-yzab-cdef", "https://account.apple.com"]);

    let mut entries = titles_and_times(&dir.join("export.kdbx"));
    entries.sort();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].0, "iCloud app password – Backup");
    assert_eq!(kdbx_time(&entries[0].1), 1_795_255_200, "creation date 2026-11-21T10:00:00Z");
    assert_eq!(entries[1].0, format!("iCloud app password – {LABEL}"));
    assert_eq!(kdbx_time(&entries[1].1), 1_795_166_130, "creation date 2026-11-20T09:15:30Z");

    let (ok, _, err) = run("keepassxc-cli", &["ls", &db.to_string_lossy()], "not the passphrase\n");
    assert!(!ok, "a wrong passphrase must not open it");
    assert!(err.contains("Invalid credentials") || err.contains("Error while reading"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn keepassxc_imports_the_keepass_xml() {
    let dir = scratch("xml");
    let xml = dir.join("export.xml");
    let db = dir.join("imported.kdbx");
    std::fs::write(&xml, export(Format::KeePassXml, &entries(), &options()).unwrap()).unwrap();
    // `import -p` asks for the new database's password twice.
    keepassxc(&["import", "-q", "-p", &xml.to_string_lossy(), &db.to_string_lossy()], &format!("{PASSPHRASE}\n{PASSPHRASE}\n"));

    let shown = show(&db, "/Apple app passwords/iCloud app password – Backup");
    assert_eq!(shown, ["jane.doe@icloud.com", "qrst-uvwx-yzab-cdef", "https://account.apple.com"]);
    let mut entries = titles_and_times(&db);
    entries.sort();
    assert_eq!(entries[1].0, format!("iCloud app password – {LABEL}"));
    assert_eq!(kdbx_time(&entries[1].1), 1_795_166_130);
    let _ = std::fs::remove_dir_all(dir);
}

fn decrypt_bitwarden(file: &Path, passphrase: &str) -> (bool, String, String) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/programs/bitwarden-decrypt.mjs");
    run("node", &[script, &file.to_string_lossy(), passphrase], "")
}

#[test]
fn node_decrypts_the_bitwarden_protected_json_and_a_wrong_password_fails_the_mac() {
    let dir = scratch("bitwarden");
    let file = dir.join("export.json");
    std::fs::write(&file, export(Format::BitwardenEncryptedJson, &entries(), &options()).unwrap()).unwrap();

    let (ok, plain, err) = decrypt_bitwarden(&file, PASSPHRASE);
    assert!(ok, "node could not decrypt: {err}");
    let doc: serde_json::Value = serde_json::from_str(&plain).expect("the decrypted data is JSON");
    assert_eq!(doc["encrypted"], false);
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["name"], format!("iCloud app password – {LABEL}"));
    assert_eq!(items[0]["login"]["password"], "abcd-efgh-ijkl-mnop");
    assert_eq!(items[0]["login"]["username"], "jane.doe@icloud.com");
    assert_eq!(items[0]["login"]["uris"][0]["match"], 5);
    assert_eq!(items[1]["login"]["password"], "qrst-uvwx-yzab-cdef");
    assert_eq!(doc["folders"][0]["id"], items[0]["folderId"]);

    let (ok, _, err) = decrypt_bitwarden(&file, "wrong password");
    assert!(!ok && err.contains("MAC check failed"), "a wrong password must fail the MAC: {err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn python_plistlib_reads_the_configuration_profile() {
    let dir = scratch("plist");
    let file = dir.join("icloud.mobileconfig");
    let text = profile(&Profile {
        address: "jane.doe@icloud.com",
        password: "abcd-efgh-ijkl-mnop",
        display_name: "iCloud Mail – Mail <Mac> & \"more\"",
    })
    .unwrap();
    std::fs::write(&file, text).unwrap();
    let read = "import json, plistlib, sys\nwith open(sys.argv[1], 'rb') as f: print(json.dumps(plistlib.load(f)))";
    let (ok, out, err) = run("python3", &["-c", read, &file.to_string_lossy()], "");
    assert!(ok, "plistlib refused the profile: {err}");
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["PayloadType"], "Configuration");
    assert_eq!(p["PayloadVersion"], 1);
    assert_eq!(p["PayloadDisplayName"], "iCloud Mail – Mail <Mac> & \"more\"");
    let mail = &p["PayloadContent"][0];
    assert_eq!(mail["PayloadType"], "com.apple.mail.managed");
    assert_eq!(mail["EmailAccountType"], "EmailTypeIMAP");
    assert_eq!(mail["EmailAddress"], "jane.doe@icloud.com");
    assert_eq!(mail["IncomingMailServerHostName"], "imap.mail.me.com");
    assert_eq!(mail["IncomingMailServerPortNumber"], 993);
    assert_eq!(mail["IncomingMailServerUseSSL"], true);
    assert_eq!(mail["IncomingMailServerUsername"], "jane.doe");
    assert_eq!(mail["IncomingPassword"], "abcd-efgh-ijkl-mnop");
    assert_eq!(mail["OutgoingMailServerHostName"], "smtp.mail.me.com");
    assert_eq!(mail["OutgoingMailServerPortNumber"], 587);
    assert_eq!(mail["OutgoingMailServerUsername"], "jane.doe@icloud.com");
    assert_eq!(mail["OutgoingPassword"], "abcd-efgh-ijkl-mnop");
    let uuid = mail["PayloadUUID"].as_str().unwrap();
    assert!(uuid.len() == 36 && uuid != p["PayloadUUID"].as_str().unwrap());
    let _ = std::fs::remove_dir_all(dir);
}

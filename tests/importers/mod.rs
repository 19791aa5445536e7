//! Re-readers of the export formats that apply each importer's own rules (header names and
//! their case, required columns, quoting, BOM, line ends, date units), written from the
//! importers' sources and sharing no code with the writers. Used by tests/export_formats.rs and
//! by the `export` fuzz check (fuzz/src/checks.rs).
#![allow(dead_code)]

use app_password_guide::export::keepass::{kdbx, Kdf};
use app_password_guide::export::{export, ExportEntry, Format, Item, Options, Texts, Timestamp};
use std::collections::HashMap;

pub const ACCOUNT: &str = "jane.doe+mail@icloud.com";

/// Labels that break naive writers: delimiters, quotes, line breaks, formula starts, a
/// KeePassXC comment start, emoji, right-to-left text and a 500-character label.
pub fn hostile_labels() -> Vec<String> {
    let mut v: Vec<String> = [
        ",",
        "\"",
        "a,b",
        "say \"hi\", ok",
        "line\r\nbreak",
        "only\ncr-less",
        "bare\rcr",
        "=1+1",
        "+SUM(A1:A2)",
        "-2",
        "@cmd",
        "#not a comment",
        "\t=tab",
        "📧 Mail 👨‍👩‍👧",
        "\u{5d0}\u{5d1}\u{5d2} RTL \u{202e}evil",
        " lead and trail ",
        "<Entry>&amp;</Entry>",
        "'quoted'",
        "Mail, Mac; \"Work\"",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(500));
    v.push("é".repeat(250) + "\"\r\n,");
    v
}

pub fn entries(labels: &[String]) -> Vec<ExportEntry> {
    labels
        .iter()
        .enumerate()
        .map(|(n, label)| ExportEntry {
            label: label.clone(),
            account: Some(ACCOUNT.into()),
            password: format!("abcd-efgh-ijkl-{}", ["mnop", "qrst", "uvwx", "yzab"][n % 4]),
            created: format!("2026-0{}-1{}T0{}:3{}:5{}.{:03}Z", 1 + n % 9, n % 10, n % 10, n % 6, n % 10, n * 7 % 1000),
            preset: [None, Some("thunderbird".to_string()), Some("davx5".to_string()), Some("backup".to_string())][n % 4].clone(),
        })
        .collect()
}

pub fn options() -> Options {
    Options { now: "2026-11-24T12:00:00.000Z".into(), passphrase: Some("correct horse battery".into()), ..Options::default() }
}

/// What an importer should end up with, computed here from the entry and the English texts.
pub struct Expected {
    pub title: String,
    pub notes: String,
    pub folder: String,
    pub username: String,
    pub password: String,
    pub urls: Vec<String>,
    pub created: Timestamp,
}

pub fn expected(e: &ExportEntry) -> Expected {
    let t = Texts::default();
    let app = match e.preset.as_deref() {
        Some("thunderbird") => "Thunderbird",
        Some("davx5") => "DAVx⁵",
        Some("backup") => "Backup",
        _ => e.label.as_str(),
    };
    let created = Timestamp::parse(&e.created).unwrap();
    let service = match e.preset.as_deref() {
        Some("thunderbird") => vec!["imap://imap.mail.me.com".to_string()],
        Some("davx5") => vec!["https://caldav.icloud.com".to_string()],
        _ => vec![],
    };
    Expected {
        title: format!("iCloud app password – {}", e.label),
        notes: t.notes.replace("{app}", app).replace("{date}", &created.date()).replace("{label}", &e.label),
        folder: "Apple app passwords".into(),
        username: e.account.clone().unwrap_or_default(),
        password: e.password.clone(),
        urls: std::iter::once("https://account.apple.com".to_string()).chain(service).collect(),
        created,
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 4180, strictly: CRLF between records, `"` only around a field and doubled inside it.

pub struct Csv {
    pub rows: Vec<Vec<String>>,
    /// Whether each field of each row was quoted.
    pub quoted: Vec<Vec<bool>>,
    /// Each row's raw first character (KeePassXC skips rows starting with `#`).
    pub first_chars: Vec<Option<char>>,
}

pub fn read_csv(bytes: &[u8]) -> Result<Csv, String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err("BOM: the importers read it as part of the first header name".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    let chars: Vec<char> = text.chars().collect();
    let (mut rows, mut quoted, mut first_chars) = (vec![], vec![], vec![]);
    let (mut row, mut row_q, mut field, mut in_quotes, mut was_quoted) = (vec![], vec![], String::new(), false, false);
    let mut at_row_start = true;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if at_row_start {
            first_chars.push(Some(c));
            at_row_start = false;
        }
        if in_quotes {
            if c == '"' {
                if chars.get(i + 1) == Some(&'"') {
                    field.push('"');
                    i += 1;
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
        } else {
            match c {
                '"' if field.is_empty() && !was_quoted => {
                    in_quotes = true;
                    was_quoted = true;
                }
                '"' => return Err(format!("stray quote at char {i}")),
                ',' => {
                    row.push(std::mem::take(&mut field));
                    row_q.push(std::mem::replace(&mut was_quoted, false));
                }
                '\r' if chars.get(i + 1) == Some(&'\n') => {
                    row.push(std::mem::take(&mut field));
                    row_q.push(std::mem::replace(&mut was_quoted, false));
                    rows.push(std::mem::take(&mut row));
                    quoted.push(std::mem::take(&mut row_q));
                    at_row_start = true;
                    i += 1;
                }
                '\r' | '\n' => return Err(format!("bare line break at char {i}: records must end in CRLF")),
                _ if was_quoted => return Err(format!("text after a closing quote at char {i}")),
                c => field.push(c),
            }
        }
        i += 1;
    }
    if in_quotes {
        return Err("unterminated quote".into());
    }
    if !field.is_empty() || !row.is_empty() {
        return Err("the last record does not end in CRLF".into());
    }
    Ok(Csv { rows, quoted, first_chars })
}

/// Rows as maps from header name, with the importer's header matching.
pub fn records(csv: &Csv, case_sensitive: bool, required: &[&str]) -> Result<Vec<HashMap<String, String>>, String> {
    let norm = |h: &str| if case_sensitive { h.to_string() } else { h.to_lowercase() };
    let header: Vec<String> = csv.rows.first().ok_or("no header")?.iter().map(|h| norm(h)).collect();
    for r in required {
        if !header.contains(&norm(r)) {
            return Err(format!("required column {r} missing from {header:?}"));
        }
    }
    csv.rows[1..]
        .iter()
        .map(|row| {
            if row.len() != header.len() {
                return Err(format!("a row has {} fields, the header {}", row.len(), header.len()));
            }
            Ok(header.iter().cloned().zip(row.iter().cloned()).collect())
        })
        .collect()
}

/// What an importer read from one row: the fields it keeps.
#[derive(Debug, Default, PartialEq)]
pub struct Imported {
    pub title: Option<String>,
    pub notes: Option<String>,
    pub folder: Option<String>,
    pub username: String,
    pub password: String,
    pub urls: Vec<String>,
    pub created_ms: Option<i64>,
}

pub fn iso_ms(s: &str) -> i64 {
    Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}")).unix_millis()
}

/// The importer of `format`, by its own rules, over the file's bytes.
pub fn import(format: Format, bytes: &[u8]) -> Result<Vec<Imported>, String> {
    let csv_records = |case_sensitive: bool, required: &[&str]| read_csv(bytes).and_then(|c| records(&c, case_sensitive, required));
    match format {
        // papaparse with `header: true`: names case-sensitive, any order.
        Format::BitwardenCsv => csv_records(true, &["name", "login_uri", "login_username", "login_password", "type"])?
            .into_iter()
            .map(|r| {
                if r["type"] != "login" {
                    return Err("type is not login".into());
                }
                let created = r["fields"].lines().find_map(|l| l.split_once(": ").filter(|(k, _)| *k == "Created").map(|(_, v)| iso_ms(v)));
                Ok(Imported {
                    title: Some(r["name"].clone()),
                    notes: Some(r["notes"].clone()),
                    folder: Some(r["folder"].clone()),
                    username: r["login_username"].clone(),
                    password: r["login_password"].clone(),
                    urls: r["login_uri"].split(',').map(String::from).collect(),
                    created_ms: created,
                })
            })
            .collect(),
        // Chromium's CSV import: header names case-insensitive; url, username, password
        // required; password non-empty; http(s) URLs only; the `name` column is ignored.
        Format::ChromeCsv => {
            if bytes.len() > 150 * 1024 {
                return Err("over 150 KB".into());
            }
            csv_records(false, &["url", "username", "password"])?
                .into_iter()
                .map(|r| {
                    let url = r["url"].clone();
                    if !(url.starts_with("https://") || url.starts_with("http://")) || r["password"].is_empty() {
                        return Err(format!("row refused: url {url}"));
                    }
                    if r["note"].chars().count() > 1000 || r["password"].chars().count() > 1000 {
                        return Err("text over 1000 characters".into());
                    }
                    Ok(Imported {
                        notes: Some(r["note"].clone()),
                        username: r["username"].clone(),
                        password: r["password"].clone(),
                        urls: vec![url],
                        ..Default::default()
                    })
                })
                .collect()
        }
        // Firefox's LoginCSVImport: url/username/password required; the URL is reduced to its
        // origin; times are milliseconds.
        Format::FirefoxCsv => csv_records(true, &["url", "username", "password"])?
            .into_iter()
            .map(|r| {
                let origin: String = r["url"].splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
                Ok(Imported {
                    username: r["username"].clone(),
                    password: r["password"].clone(),
                    urls: vec![origin],
                    created_ms: Some(r["timeCreated"].parse().map_err(|_| "timeCreated is not milliseconds")?),
                    ..Default::default()
                })
            })
            .collect(),
        Format::AppleCsv => {
            let c = read_csv(bytes)?;
            if c.rows[0] != ["Title", "URL", "Username", "Password", "Notes", "OTPAuth"] {
                return Err(format!("not Apple's header: {:?}", c.rows[0]));
            }
            records(&c, true, &[])?
                .into_iter()
                .map(|r| {
                    Ok(Imported {
                        title: Some(r["Title"].clone()),
                        notes: Some(r["Notes"].clone()),
                        username: r["Username"].clone(),
                        password: r["Password"].clone(),
                        urls: vec![r["URL"].clone()],
                        ..Default::default()
                    })
                })
                .collect()
        }
        // 1Password: every row the same field count; username, password and website needed.
        Format::OnePasswordCsv => csv_records(true, &["Title", "Url", "Username", "Password", "Notes"])?
            .into_iter()
            .map(|r| {
                Ok(Imported {
                    title: Some(r["Title"].clone()),
                    notes: Some(r["Notes"].clone()),
                    folder: Some(r["Tags"].clone()),
                    username: r["Username"].clone(),
                    password: r["Password"].clone(),
                    urls: vec![r["Url"].clone()],
                    ..Default::default()
                })
            })
            .collect(),
        // KeePassXC's CSV import skips a row whose first character is `#`.
        Format::KeePassXcCsv => {
            let mut c = read_csv(bytes)?;
            if c.quoted.iter().flatten().any(|q| !q) {
                return Err("KeePassXC's format quotes every field".into());
            }
            let keep: Vec<bool> = c.first_chars.iter().map(|f| *f != Some('#')).collect();
            c.rows = c.rows.into_iter().zip(&keep).filter(|(_, k)| **k).map(|(r, _)| r).collect();
            records(&c, true, &["Group", "Title", "Username", "Password", "URL", "Notes", "Created"])?
                .into_iter()
                .map(|r| {
                    Ok(Imported {
                        title: Some(r["Title"].clone()),
                        notes: Some(r["Notes"].clone()),
                        folder: Some(r["Group"].clone()),
                        username: r["Username"].clone(),
                        password: r["Password"].clone(),
                        urls: vec![r["URL"].clone()],
                        created_ms: Some(iso_ms(&r["Created"])),
                    })
                })
                .collect()
        }
        // Proton Pass: required headers name,url,username,password,note,totp; times in seconds.
        Format::ProtonCsv => csv_records(true, &["name", "url", "username", "password", "note", "totp"])?
            .into_iter()
            .map(|r| {
                let username = if r["email"].is_empty() { r["username"].clone() } else { r["email"].clone() };
                let secs: i64 = r["createTime"].parse().map_err(|_| "createTime is not seconds")?;
                Ok(Imported {
                    title: Some(r["name"].clone()),
                    notes: Some(r["note"].clone()),
                    folder: Some(r["vault"].clone()),
                    username,
                    password: r["password"].clone(),
                    urls: vec![r["url"].clone()],
                    created_ms: Some(secs * 1000),
                })
            })
            .collect(),
        Format::LastPassCsv => csv_records(true, &["url", "username", "password", "extra", "name", "grouping"])?
            .into_iter()
            .map(|r| {
                Ok(Imported {
                    title: Some(r["name"].clone()),
                    notes: Some(r["extra"].clone()),
                    folder: Some(r["grouping"].clone()),
                    username: r["username"].clone(),
                    password: r["password"].clone(),
                    urls: vec![r["url"].clone()],
                    ..Default::default()
                })
            })
            .collect(),
        Format::DashlaneCsv => csv_records(true, &["username", "title", "password", "note", "url", "category"])?
            .into_iter()
            .map(|r| {
                Ok(Imported {
                    title: Some(r["title"].clone()),
                    notes: Some(r["note"].clone()),
                    folder: Some(r["category"].clone()),
                    username: r["username"].clone(),
                    password: r["password"].clone(),
                    urls: vec![r["url"].clone()],
                    ..Default::default()
                })
            })
            .collect(),
        Format::BitwardenJson => bitwarden_json(bytes),
        Format::KeePassXml => keepass_xml(bytes),
        Format::Kdbx => open_kdbx(bytes, "correct horse battery"),
        Format::BitwardenEncryptedJson => Err("read by tests/programs/bitwarden-decrypt.mjs (export_programs.rs)".into()),
    }
}

/// Bitwarden's JSON importer: `folders` must be an array (KeePassXC's importer needs it too);
/// logins are type 1; URIs carry the match type.
pub fn bitwarden_json(bytes: &[u8]) -> Result<Vec<Imported>, String> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if doc["encrypted"] != false {
        return Err("encrypted is not false".into());
    }
    let folders = doc["folders"].as_array().ok_or("no folders array")?;
    let folder_names: HashMap<&str, &str> = folders.iter().filter_map(|f| Some((f["id"].as_str()?, f["name"].as_str()?))).collect();
    doc["items"]
        .as_array()
        .ok_or("no items")?
        .iter()
        .map(|i| {
            if i["type"] != 1 {
                return Err("not a login".to_string());
            }
            let uris = i["login"]["uris"].as_array().ok_or("no uris")?;
            if uris.iter().any(|u| u["match"] != 5) {
                return Err("a URI may be autofilled (match is not 5, never)".into());
            }
            let s = |v: &serde_json::Value| v.as_str().map(String::from);
            let created = i["fields"].as_array().and_then(|f| f.iter().find(|f| f["name"] == "Created")).and_then(|f| s(&f["value"]));
            if s(&i["creationDate"]) != created {
                return Err("creationDate and the Created field differ".into());
            }
            Ok(Imported {
                title: s(&i["name"]),
                notes: s(&i["notes"]),
                folder: i["folderId"].as_str().and_then(|id| folder_names.get(id)).map(|n| n.to_string()),
                username: s(&i["login"]["username"]).unwrap_or_default(),
                password: s(&i["login"]["password"]).unwrap_or_default(),
                urls: uris.iter().filter_map(|u| s(&u["uri"])).collect(),
                created_ms: created.map(|c| iso_ms(&c)),
            })
        })
        .collect()
}

pub fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

/// KeePass 2 XML, as `KeePassFile/Root/Group/Group/Entry` with `String` key/value pairs.
pub fn keepass_xml(bytes: &[u8]) -> Result<Vec<Imported>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let doc = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().name() != "KeePassFile" {
        return Err("not a KeePassFile".into());
    }
    let top = child(root, "Root").and_then(|r| child(r, "Group")).ok_or("no root group")?;
    let group = child(top, "Group").ok_or("no group for the entries")?;
    let folder = child(group, "Name").and_then(|n| n.text()).unwrap_or("").to_string();
    group
        .children()
        .filter(|c| c.has_tag_name("Entry"))
        .map(|e| {
            let mut strings = HashMap::new();
            for s in e.children().filter(|c| c.has_tag_name("String")) {
                let key = child(s, "Key").and_then(|k| k.text()).unwrap_or("").to_string();
                let value = child(s, "Value").ok_or("String without Value")?;
                if key == "Password" && value.attribute("ProtectInMemory") != Some("True") {
                    return Err("the password is not marked ProtectInMemory".to_string());
                }
                strings.insert(key, value.text().unwrap_or("").to_string());
            }
            let created = child(e, "Times").and_then(|t| child(t, "CreationTime")).and_then(|c| c.text()).ok_or("no CreationTime")?;
            let mut urls = vec![strings["URL"].clone()];
            urls.extend(strings.get("KP2A_URL_1").cloned());
            Ok(Imported {
                title: Some(strings["Title"].clone()),
                notes: Some(strings["Notes"].clone()),
                folder: Some(folder.clone()),
                username: strings["UserName"].clone(),
                password: strings["Password"].clone(),
                urls,
                created_ms: Some(iso_ms(created)),
            })
        })
        .collect()
}

/// A KDBX 4 file opened with the `keepass` crate's reader.
pub fn open_kdbx(bytes: &[u8], passphrase: &str) -> Result<Vec<Imported>, String> {
    let db = keepass::Database::open(&mut &bytes[..], keepass::DatabaseKey::new().with_password(passphrase)).map_err(|e| e.to_string())?;
    let root = db.root();
    let group = root.groups().next().ok_or("no group")?;
    // Entries in the group's order, as written.
    Ok(group
        .entries()
        .map(|e| {
            let created = e.times.creation.expect("a creation time");
            let mut urls = vec![e.get_url().unwrap_or_default().to_string()];
            urls.extend(e.get("KP2A_URL_1").map(String::from));
            Imported {
                title: e.get_title().map(String::from),
                notes: e.get("Notes").map(String::from),
                folder: Some(group.name.clone()),
                username: e.get_username().unwrap_or_default().to_string(),
                password: e.get_password().unwrap_or_default().to_string(),
                urls,
                created_ms: Some(created.and_utc().timestamp_millis()),
            }
        })
        .collect())
}

/// The XML inside a KDBX 4 file (decrypted by the `keepass` crate), parsed by roxmltree: a
/// parser independent of the writer's, which refuses what XML 1.0 forbids.
pub fn kdbx_xml(bytes: &[u8], passphrase: &str) -> Result<(), String> {
    let xml =
        keepass::Database::get_xml(&mut &bytes[..], keepass::DatabaseKey::new().with_password(passphrase)).map_err(|e| e.to_string())?;
    let text = std::str::from_utf8(&xml).map_err(|e| e.to_string())?;
    roxmltree::Document::parse(text).map(|_| ()).map_err(|e| e.to_string())
}

/// Which fields `format` carries, and in what unit its date is.
pub fn check(format: Format, written: &[ExportEntry], got: &[Imported]) {
    assert_eq!(got.len(), written.len(), "{format:?}: entry count");
    let kdbx_lf = |s: &str| if format == Format::Kdbx { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.to_string() };
    for (e, g) in written.iter().zip(got) {
        let want = expected(e);
        let ctx = format!("{format:?}, label {:?}", e.label);
        assert_eq!(g.password, want.password, "{ctx}: password");
        assert_eq!(g.username, want.username, "{ctx}: username");
        let urls_kept = matches!(format, Format::BitwardenCsv | Format::BitwardenJson | Format::KeePassXml | Format::Kdbx);
        assert_eq!(g.urls, if urls_kept { want.urls.clone() } else { want.urls[..1].to_vec() }, "{ctx}: urls");
        if let Some(title) = &g.title {
            assert_eq!(*title, kdbx_lf(&want.title), "{ctx}: title");
        }
        if let Some(notes) = &g.notes {
            assert_eq!(*notes, kdbx_lf(&want.notes), "{ctx}: notes");
        }
        if let Some(folder) = &g.folder {
            assert_eq!(*folder, want.folder, "{ctx}: folder");
        }
        if let Some(ms) = g.created_ms {
            let exact_ms = matches!(format, Format::BitwardenCsv | Format::BitwardenJson | Format::FirefoxCsv);
            let want_ms = if exact_ms { want.created.unix_millis() } else { want.created.unix_seconds() * 1000 };
            assert_eq!(ms, want_ms, "{ctx}: created");
        }
    }
    // Formats that carry title and notes must carry them; the others are the browsers'.
    let has_title = !matches!(format, Format::ChromeCsv | Format::FirefoxCsv);
    assert!(got.iter().all(|g| g.title.is_some() == has_title), "{format:?}: title kept");
}

pub fn roundtrip(format: Format, labels: &[String]) {
    let written = entries(labels);
    let bytes = if format == Format::Kdbx {
        // The property test runs many cases: a light KDF here; the strong one is tested below
        // and by keepassxc-cli.
        let items: Vec<Item> = written.iter().map(|e| Item::new(e, &options()).unwrap()).collect();
        kdbx(
            &items,
            &Timestamp::parse(&options().now).unwrap(),
            "correct horse battery",
            Kdf { memory_bytes: 1024 * 1024, iterations: 1, parallelism: 1 },
        )
        .unwrap()
    } else {
        export(format, &written, &options()).unwrap_or_else(|e| panic!("{format:?}: {e}"))
    };
    if format == Format::Kdbx {
        kdbx_xml(&bytes, "correct horse battery").unwrap_or_else(|e| panic!("the KDBX file's XML is not well-formed: {e}"));
    }
    let got = import(format, &bytes).unwrap_or_else(|e| panic!("{format:?} importer refused the file: {e}"));
    check(format, &written, &got);
}

/// The `<key>`/`<string>` pairs of every `<dict>` of a property list (an Apple configuration
/// profile), parsed by roxmltree (DOCTYPE allowed, as plists have one); the first one of each
/// key wins.
pub fn plist_strings(text: &str) -> Result<HashMap<String, String>, String> {
    let doc = roxmltree::Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() })
        .map_err(|e| e.to_string())?;
    let mut out = HashMap::new();
    for dict in doc.descendants().filter(|n| n.has_tag_name("dict")) {
        let children: Vec<_> = dict.children().filter(|n| n.is_element()).collect();
        for pair in children.windows(2) {
            if pair[0].has_tag_name("key") && pair[1].has_tag_name("string") {
                let key = pair[0].text().unwrap_or("").to_string();
                out.entry(key).or_insert_with(|| pair[1].text().unwrap_or("").to_string());
            }
        }
    }
    Ok(out)
}

pub fn readable_formats() -> impl Iterator<Item = Format> {
    Format::ALL.iter().copied().filter(|f| *f != Format::BitwardenEncryptedJson)
}

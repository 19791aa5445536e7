//! KeePass: the KeePass 2 XML export (what `keepassxc-cli import` and KeePass read) and an
//! encrypted KDBX 4 database written with the `keepass` crate. Entries go into one group named
//! by the folder text, tagged with it too; the service URL becomes KeePassXC's extra URL field.

use super::item::Item;
use super::xml::{check, escape};
use super::{ExportError, Timestamp};
use keepass::config::{DatabaseConfig, KdfConfig};
use keepass::db::fields;
use keepass::{Database, DatabaseKey};

/// The KDBX key-derivation settings: Argon2id with memory and passes in bytes and rounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kdf {
    /// Argon2's memory, in bytes.
    pub memory_bytes: u64,
    /// Argon2's passes.
    pub iterations: u64,
    /// Argon2's lanes.
    pub parallelism: u32,
}

/// What exported databases use: Argon2id, 64 MiB, 3 passes (the crate's default, Argon2d at
/// 1 MiB, is far weaker).
pub const KDF_STRONG: Kdf = Kdf { memory_bytes: 64 * 1024 * 1024, iterations: 3, parallelism: 1 };

/// KeePassXC's name for an entry's additional URLs.
const EXTRA_URL: &str = "KP2A_URL_1";

fn uuid_b64() -> Result<String, ExportError> {
    use base64::Engine;
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).map_err(|e| ExportError::Write(e.to_string()))?;
    Ok(base64::engine::general_purpose::STANDARD.encode(b))
}

fn string_field(key: &str, value: &str, protect: bool) -> Result<String, ExportError> {
    let attr = if protect { " ProtectInMemory=\"True\"" } else { "" };
    Ok(format!("<String><Key>{}</Key><Value{attr}>{}</Value></String>", escape(key)?, escape(value)?))
}

fn times(created: &Timestamp, now: &Timestamp) -> String {
    let (c, n) = (created.iso_seconds(), now.iso_seconds());
    format!(
        "<Times><CreationTime>{c}</CreationTime><LastModificationTime>{c}</LastModificationTime><LastAccessTime>{n}</LastAccessTime>\
         <ExpiryTime>{n}</ExpiryTime><Expires>False</Expires><UsageCount>0</UsageCount><LocationChanged>{n}</LocationChanged></Times>"
    )
}

/// The KeePass 2 XML file.
pub fn xml(items: &[Item], now: &Timestamp) -> Result<String, ExportError> {
    let folder = items.first().map(|i| i.folder.as_str()).unwrap_or_default();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<KeePassFile>\n");
    out += &format!("<Meta><Generator>App Password Guide</Generator><DatabaseName>{}</DatabaseName></Meta>\n", escape(folder)?);
    out += &format!("<Root><Group><UUID>{}</UUID><Name>Root</Name>{}\n", uuid_b64()?, times(now, now));
    out += &format!("<Group><UUID>{}</UUID><Name>{}</Name>{}\n", uuid_b64()?, escape(folder)?, times(now, now));
    for i in items {
        out += &format!("<Entry><UUID>{}</UUID><Tags>{}</Tags>{}", uuid_b64()?, escape(&i.folder)?, times(&i.created, now));
        out += &string_field(fields::TITLE, &i.title, false)?;
        out += &string_field(fields::USERNAME, &i.username, false)?;
        out += &string_field(fields::PASSWORD, &i.password, true)?;
        out += &string_field(fields::URL, i.url(), false)?;
        out += &string_field(fields::NOTES, &i.notes, false)?;
        if let Some(extra) = i.urls.get(1) {
            out += &string_field(EXTRA_URL, extra, false)?;
        }
        out += "</Entry>\n";
    }
    out += "</Group>\n</Group></Root>\n</KeePassFile>\n";
    Ok(out)
}

/// A text as the KDBX writer can carry it: its XML escapes no CR, and XML reads a literal CR
/// as LF, so line breaks are written as LF (KeePass's own convention) rather than lost silently;
/// a character XML forbids is refused (the crate would write it, and no reader opens the file).
fn lf(s: &str) -> Result<String, ExportError> {
    Ok(check(s)?.replace("\r\n", "\n").replace('\r', "\n"))
}

fn naive(t: &Timestamp) -> Result<chrono::NaiveDateTime, ExportError> {
    chrono::NaiveDate::from_ymd_opt(t.year, t.month, t.day)
        .and_then(|d| d.and_hms_milli_opt(t.hour, t.minute, t.second, t.milli))
        .ok_or_else(|| ExportError::BadDate(t.iso_millis()))
}

/// An encrypted KDBX 4 database holding `items`, protected by `passphrase`.
pub fn kdbx(items: &[Item], now: &Timestamp, passphrase: &str, kdf: Kdf) -> Result<Vec<u8>, ExportError> {
    let mut config = DatabaseConfig::default();
    config.kdf_config = KdfConfig::Argon2id {
        iterations: kdf.iterations,
        memory: kdf.memory_bytes,
        parallelism: kdf.parallelism,
        version: rust_argon2::Version::Version13,
    };
    let mut db = Database::with_config(config);
    let folder = items.first().map(|i| i.folder.clone()).unwrap_or_default();
    db.meta.database_name = Some(lf(&folder)?);
    db.meta.generator = Some("App Password Guide".into());
    let now = naive(now)?;
    let mut root = db.root_mut();
    root.name = "Root".into();
    let mut group = root.add_group();
    group.name = lf(&folder)?;
    for i in items {
        let created = naive(&i.created)?;
        let mut e = group.add_entry();
        e.set_unprotected(fields::TITLE, lf(&i.title)?);
        e.set_unprotected(fields::USERNAME, lf(&i.username)?);
        e.set_protected(fields::PASSWORD, lf(&i.password)?);
        e.set_unprotected(fields::URL, check(i.url())?);
        e.set_unprotected(fields::NOTES, lf(&i.notes)?);
        if let Some(extra) = i.urls.get(1) {
            e.set_unprotected(EXTRA_URL, check(extra)?);
        }
        e.tags.push(lf(&i.folder)?);
        e.times.creation = Some(created);
        e.times.last_modification = Some(created);
        e.times.last_access = Some(now);
        e.times.location_changed = Some(now);
        e.times.expires = Some(false);
    }
    let mut out = Vec::new();
    db.save(&mut out, DatabaseKey::new().with_password(passphrase)).map_err(|e| ExportError::Write(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The writers check their texts themselves, not only through [`Item::new`].
    #[test]
    fn a_text_xml_forbids_is_refused_by_both_writers() {
        let now = Timestamp::parse("2026-11-24T12:00:00Z").unwrap();
        let item = Item {
            title: "Mail \u{FFFF}".into(),
            username: String::new(),
            password: "abcd-efgh-ijkl-mnop".into(),
            urls: vec![super::super::item::ACCOUNT_URL.into()],
            notes: String::new(),
            folder: "Apple".into(),
            created: now,
            title_starts_with_input: false,
            notes_starts_with_input: false,
        };
        let light = Kdf { memory_bytes: 1024 * 1024, iterations: 1, parallelism: 1 };
        assert_eq!(xml(std::slice::from_ref(&item), &now), Err(ExportError::Unrepresentable));
        assert_eq!(kdbx(std::slice::from_ref(&item), &now, "p", light), Err(ExportError::Unrepresentable));
        let fine = Item { title: "Mail".into(), ..item };
        assert!(xml(std::slice::from_ref(&fine), &now).is_ok() && kdbx(&[fine], &now, "p", light).is_ok());
    }
}

//! The CSV formats. Common rules (from the importers' sources): UTF-8 without BOM, comma,
//! RFC 4180 quoting, CRLF line ends, the header each importer maps by name. Each format is a
//! header and a row builder; cells marked free text get the optional formula guard.

use super::item::{guard_formula, Item};
use super::{ExportError, Format};

/// A cell: its text, and whether it is free text (title, notes, folder) for the formula guard.
type Cell = (String, bool);

fn text(s: &str) -> Cell {
    (s.to_string(), true)
}

fn value(s: impl Into<String>) -> Cell {
    (s.into(), false)
}

/// The header row of a CSV format.
pub fn header(format: Format) -> &'static [&'static str] {
    match format {
        Format::BitwardenCsv => &["folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username", "login_password", "login_totp"],
        Format::OnePasswordCsv => &["Title", "Url", "Username", "Password", "OTPAuth", "Favorite", "Archived", "Tags", "Notes"],
        Format::KeePassXcCsv => &["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"],
        Format::AppleCsv => &["Title", "URL", "Username", "Password", "Notes", "OTPAuth"],
        Format::ChromeCsv => &["name", "url", "username", "password", "note"],
        Format::FirefoxCsv => &["url", "username", "password", "httpRealm", "formActionOrigin", "guid", "timeCreated", "timeLastUsed", "timePasswordChanged"],
        Format::ProtonCsv => &["type", "name", "url", "email", "username", "password", "note", "totp", "createTime", "modifyTime", "vault"],
        Format::LastPassCsv => &["url", "username", "password", "totp", "extra", "name", "grouping", "fav"],
        Format::DashlaneCsv => &["username", "username2", "username3", "title", "password", "note", "url", "category", "otpUrl"],
        _ => &[],
    }
}

/// The cells of one row, in header order.
fn row(format: Format, i: &Item) -> Vec<Cell> {
    let created_ms = i.created.unix_millis().to_string();
    let created_s = i.created.unix_seconds().to_string();
    match format {
        // Custom fields are `Name: value` lines; several URIs share one cell, comma-separated.
        Format::BitwardenCsv => vec![
            text(&i.folder),
            value(""),
            value("login"),
            text(&i.title),
            text(&i.notes),
            value(format!("Created: {}", i.created.iso_millis())),
            value("0"),
            value(i.urls.join(",")),
            value(&i.username),
            value(&i.password),
            value(""),
        ],
        Format::OnePasswordCsv => vec![
            text(&i.title),
            value(i.url()),
            value(&i.username),
            value(&i.password),
            value(""),
            value("false"),
            value("false"),
            text(&i.folder),
            text(&i.notes),
        ],
        Format::KeePassXcCsv => vec![
            text(&i.folder),
            text(&i.title),
            value(&i.username),
            value(&i.password),
            value(i.url()),
            text(&i.notes),
            value(""),
            value("0"),
            value(i.created.iso_seconds()),
            value(i.created.iso_seconds()),
        ],
        Format::AppleCsv => vec![text(&i.title), value(i.url()), value(&i.username), value(&i.password), text(&i.notes), value("")],
        Format::ChromeCsv => vec![text(&i.title), value(i.url()), value(&i.username), value(&i.password), text(&i.notes)],
        // Firefox's own export writes the form's origin as formActionOrigin for web logins.
        Format::FirefoxCsv => vec![
            value(i.url()),
            value(&i.username),
            value(&i.password),
            value(""),
            value(i.url()),
            value(""),
            value(&created_ms),
            value(&created_ms),
            value(&created_ms),
        ],
        // Proton keeps the address in `email`; the folder becomes the vault it imports into.
        Format::ProtonCsv => vec![
            value("login"),
            text(&i.title),
            value(i.url()),
            value(&i.username),
            value(""),
            value(&i.password),
            text(&i.notes),
            value(""),
            value(&created_s),
            value(&created_s),
            text(&i.folder),
        ],
        Format::LastPassCsv => vec![
            value(i.url()),
            value(&i.username),
            value(&i.password),
            value(""),
            text(&i.notes),
            text(&i.title),
            text(&i.folder),
            value("0"),
        ],
        Format::DashlaneCsv => vec![
            value(&i.username),
            value(""),
            value(""),
            text(&i.title),
            value(&i.password),
            text(&i.notes),
            value(i.url()),
            text(&i.folder),
            value(""),
        ],
        _ => Vec::new(),
    }
}

/// Google Password Manager's limits (chromium `password_manager/core/browser/import`).
const CHROME_FILE_MAX: usize = 150 * 1024;
const CHROME_TEXT_MAX: usize = 1000;
const CHROME_URL_MAX: usize = 2048;

fn check_chrome(items: &[Item], bytes: usize) -> Result<(), ExportError> {
    if bytes > CHROME_FILE_MAX {
        return Err(ExportError::TooLarge("Google Password Manager reads files up to 150 KB"));
    }
    for i in items {
        if [&i.username, &i.password, &i.notes].iter().any(|s| s.chars().count() > CHROME_TEXT_MAX) || i.url().len() > CHROME_URL_MAX {
            return Err(ExportError::TooLarge("Google Password Manager reads texts up to 1,000 characters"));
        }
    }
    Ok(())
}

/// Writes `items` as CSV `format`. KeePassXC and Firefox quote every cell (KeePassXC skips a
/// row whose first character is `#`); the others quote only where RFC 4180 needs it.
pub fn write(format: Format, items: &[Item], formula_guard: bool) -> Result<Vec<u8>, ExportError> {
    let quote_all = matches!(format, Format::KeePassXcCsv | Format::FirefoxCsv);
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(if quote_all { csv::QuoteStyle::Always } else { csv::QuoteStyle::Necessary })
        .from_writer(Vec::new());
    let err = |e: csv::Error| ExportError::Write(e.to_string());
    w.write_record(header(format)).map_err(err)?;
    for item in items {
        let cells = row(format, item).into_iter().map(|(s, free)| if free && formula_guard { guard_formula(&s) } else { s });
        w.write_record(cells.collect::<Vec<_>>()).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| ExportError::Write(e.to_string()))?;
    if format == Format::ChromeCsv {
        check_chrome(items, bytes.len())?;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_matches_its_header() {
        let item = Item {
            title: "t".into(),
            username: "u".into(),
            password: "p".into(),
            urls: vec!["https://account.apple.com".into()],
            notes: "n".into(),
            folder: "f".into(),
            created: super::super::Timestamp::parse("2026-01-02T03:04:05Z").unwrap(),
        };
        for &f in Format::ALL.iter().filter(|f| f.is_csv()) {
            assert!(!header(f).is_empty(), "{f:?}");
            assert_eq!(header(f).len(), row(f, &item).len(), "{f:?}");
        }
    }
}

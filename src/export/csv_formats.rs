//! The CSV formats. Common rules (from the importers' sources): UTF-8 without BOM, comma,
//! RFC 4180 quoting, CRLF line ends, the header each importer maps by name. Each format is a
//! header and a row builder. A cell that begins with text from the page or the user (the
//! account address; a title or notes that begin with the label) is always guarded against
//! formula injection; the other free-text cells (title, notes, folder) only by the opt-in.

use super::item::{guard_formula, Item};
use super::{ExportError, Format};

/// When a cell gets the formula guard.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// Our own values: URLs, dates, flags, and the password (an app password by its shape,
    /// checked at capture: never a formula start, and never altered).
    Never,
    /// Free text that begins with our own (translated) words: when the user opts in.
    OptIn,
    /// Text that begins with what the page or the user gave: always.
    Always,
}

/// A cell: its text, and when it gets the formula guard.
type Cell = (String, Guard);

fn text(s: &str) -> Cell {
    (s.to_string(), Guard::OptIn)
}

fn value(s: impl Into<String>) -> Cell {
    (s.into(), Guard::Never)
}

/// Text from the page or the user: the account address.
fn input(s: &str) -> Cell {
    (s.to_string(), Guard::Always)
}

fn title(i: &Item) -> Cell {
    (i.title.clone(), if i.title_starts_with_input { Guard::Always } else { Guard::OptIn })
}

fn notes(i: &Item) -> Cell {
    (i.notes.clone(), if i.notes_starts_with_input { Guard::Always } else { Guard::OptIn })
}

/// The header row of a CSV format.
pub fn header(format: Format) -> &'static [&'static str] {
    match format {
        Format::BitwardenCsv => &[
            "folder",
            "favorite",
            "type",
            "name",
            "notes",
            "fields",
            "reprompt",
            "login_uri",
            "login_username",
            "login_password",
            "login_totp",
        ],
        Format::OnePasswordCsv => &["Title", "Url", "Username", "Password", "OTPAuth", "Favorite", "Archived", "Tags", "Notes"],
        Format::KeePassXcCsv => &["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"],
        Format::AppleCsv => &["Title", "URL", "Username", "Password", "Notes", "OTPAuth"],
        Format::ChromeCsv => &["name", "url", "username", "password", "note"],
        Format::FirefoxCsv => {
            &["url", "username", "password", "httpRealm", "formActionOrigin", "guid", "timeCreated", "timeLastUsed", "timePasswordChanged"]
        }
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
            title(i),
            notes(i),
            value(format!("Created: {}", i.created.iso_millis())),
            value("0"),
            value(i.urls.join(",")),
            input(&i.username),
            value(&i.password),
            value(""),
        ],
        Format::OnePasswordCsv => vec![
            title(i),
            value(i.url()),
            input(&i.username),
            value(&i.password),
            value(""),
            value("false"),
            value("false"),
            text(&i.folder),
            notes(i),
        ],
        Format::KeePassXcCsv => vec![
            text(&i.folder),
            title(i),
            input(&i.username),
            value(&i.password),
            value(i.url()),
            notes(i),
            value(""),
            value("0"),
            value(i.created.iso_seconds()),
            value(i.created.iso_seconds()),
        ],
        Format::AppleCsv => vec![title(i), value(i.url()), input(&i.username), value(&i.password), notes(i), value("")],
        Format::ChromeCsv => vec![title(i), value(i.url()), input(&i.username), value(&i.password), notes(i)],
        // Firefox's own export writes the form's origin as formActionOrigin for web logins.
        Format::FirefoxCsv => vec![
            value(i.url()),
            input(&i.username),
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
            title(i),
            value(i.url()),
            input(&i.username),
            value(""),
            value(&i.password),
            notes(i),
            value(""),
            value(&created_s),
            value(&created_s),
            text(&i.folder),
        ],
        Format::LastPassCsv => {
            vec![value(i.url()), input(&i.username), value(&i.password), value(""), notes(i), title(i), text(&i.folder), value("0")]
        }
        Format::DashlaneCsv => vec![
            input(&i.username),
            value(""),
            value(""),
            title(i),
            value(&i.password),
            notes(i),
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
        let guarded = |guard| guard == Guard::Always || (guard == Guard::OptIn && formula_guard);
        let cells = row(format, item).into_iter().map(|(s, guard)| if guarded(guard) { guard_formula(&s) } else { s });
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
            title_starts_with_input: false,
            notes_starts_with_input: false,
        };
        for &f in Format::ALL.iter().filter(|f| f.is_csv()) {
            assert!(!header(f).is_empty(), "{f:?}");
            assert_eq!(header(f).len(), row(f, &item).len(), "{f:?}");
        }
    }
}

//! Export of captured app-specific passwords to password managers, in each importer's exact
//! format (see `shared/export-formats.md` for where each rule comes from). Pure Rust, compiled
//! into the app module only; the file is produced in the extension page, never in a content
//! script.
//!
//! - [`Format`]: the formats offered, with their file extension and what the UI must warn about.
//! - [`item`]: one entry as every format sees it (title, notes, URLs, folder, dates).
//! - [`csv_formats`]: the CSV formats, one column table each.
//! - [`bitwarden`]: Bitwarden JSON, plain and password-protected.
//! - [`keepass`]: KeePass 2 XML and KDBX 4.
//! - [`mobileconfig`]: an Apple configuration profile adding the iCloud Mail account.

pub mod bitwarden;
pub mod csv_formats;
pub mod item;
pub mod keepass;
pub mod mobileconfig;
mod time;
pub(crate) mod xml;

pub use item::{Item, Texts};
pub use time::Timestamp;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Bitwarden's CSV import.
    BitwardenCsv,
    /// Bitwarden's unencrypted JSON.
    BitwardenJson,
    /// Bitwarden's password-protected JSON (PBKDF2 + AES-CBC + HMAC).
    BitwardenEncryptedJson,
    /// 1Password's CSV import.
    OnePasswordCsv,
    /// KeePassXC's CSV import.
    KeePassXcCsv,
    /// KeePass 2 XML, unencrypted.
    KeePassXml,
    /// An encrypted KeePass database (Argon2id).
    Kdbx,
    /// Apple Passwords' CSV import.
    AppleCsv,
    /// Chrome's (Google Password Manager's) CSV import.
    ChromeCsv,
    /// Firefox's CSV import.
    FirefoxCsv,
    /// Proton Pass's CSV import.
    ProtonCsv,
    /// LastPass's CSV import.
    LastPassCsv,
    /// Dashlane's CSV import.
    DashlaneCsv,
}

impl Format {
    /// Every format, in the order the UI offers them (encrypted ones first).
    pub const ALL: &'static [Format] = &[
        Format::Kdbx,
        Format::BitwardenEncryptedJson,
        Format::BitwardenCsv,
        Format::BitwardenJson,
        Format::OnePasswordCsv,
        Format::KeePassXcCsv,
        Format::KeePassXml,
        Format::AppleCsv,
        Format::ChromeCsv,
        Format::FirefoxCsv,
        Format::ProtonCsv,
        Format::LastPassCsv,
        Format::DashlaneCsv,
    ];

    /// Stable id: used in file names, messages and `_locales` keys (`format_<id with _>`).
    pub fn id(self) -> &'static str {
        match self {
            Format::BitwardenCsv => "bitwarden-csv",
            Format::BitwardenJson => "bitwarden-json",
            Format::BitwardenEncryptedJson => "bitwarden-protected-json",
            Format::OnePasswordCsv => "1password-csv",
            Format::KeePassXcCsv => "keepassxc-csv",
            Format::KeePassXml => "keepass-xml",
            Format::Kdbx => "kdbx",
            Format::AppleCsv => "apple-csv",
            Format::ChromeCsv => "chrome-csv",
            Format::FirefoxCsv => "firefox-csv",
            Format::ProtonCsv => "proton-csv",
            Format::LastPassCsv => "lastpass-csv",
            Format::DashlaneCsv => "dashlane-csv",
        }
    }

    /// The format with this id.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.id() == id)
    }

    /// The file name extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            Format::BitwardenJson | Format::BitwardenEncryptedJson => "json",
            Format::KeePassXml => "xml",
            Format::Kdbx => "kdbx",
            _ => "csv",
        }
    }

    /// The MIME type of the downloaded file.
    pub fn mime(self) -> &'static str {
        match self.extension() {
            "json" => "application/json",
            "xml" => "application/xml",
            "kdbx" => "application/octet-stream",
            _ => "text/csv",
        }
    }

    /// Whether the file is encrypted with a passphrase chosen for the export.
    pub fn is_encrypted(self) -> bool {
        matches!(self, Format::Kdbx | Format::BitwardenEncryptedJson)
    }

    /// Whether the importer keeps one login per site and username (browser password managers):
    /// every app password has the same site and username, so several entries would merge.
    pub fn merges_by_site(self) -> bool {
        matches!(self, Format::ChromeCsv | Format::FirefoxCsv | Format::AppleCsv)
    }

    /// Whether the file is CSV (a spreadsheet may open it: the formula prefix applies).
    pub fn is_csv(self) -> bool {
        self.extension() == "csv"
    }
}

/// One captured password, as the vault hands it to the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportEntry {
    /// The label given at Apple.
    pub label: String,
    /// The Apple Account address, when known.
    pub account: Option<String>,
    /// The app-specific password.
    pub password: String,
    /// When it was captured, ISO 8601 UTC.
    pub created: String,
    /// The app preset chosen, if any.
    pub preset: Option<String>,
}

/// How to export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// In CSV files, prefix `'` to title, notes and folder cells that a spreadsheet would run
    /// as a formula (opt-in: no importer strips it again, so the imported text keeps it).
    pub formula_prefix: bool,
    /// The passphrase of an encrypted format.
    pub passphrase: Option<String>,
    /// Now, ISO 8601 UTC (the file's date; modification times).
    pub now: String,
    /// The user-facing text put into each entry (translated by the caller).
    pub texts: Texts,
}

impl Default for Options {
    fn default() -> Self {
        Options { formula_prefix: false, passphrase: None, now: String::from("1970-01-01T00:00:00.000Z"), texts: Texts::default() }
    }
}

/// Why an export cannot be made. The `_locales` message name is [`ExportError::message`].
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// No entry was given.
    #[error("no entries to export")]
    NoEntries,
    /// An encrypted format was asked for without a passphrase.
    #[error("this format needs a passphrase")]
    PassphraseNeeded,
    /// A date that is not strict ISO 8601 UTC, or that the format cannot hold (its text).
    #[error("an entry has a date that is not ISO 8601: {0}")]
    BadDate(String),
    /// A text holds a character the format cannot carry.
    #[error("a text holds a character the format cannot carry")]
    Unrepresentable,
    /// The file would exceed the importer's limit (which limit).
    #[error("the file would exceed the importer's limit: {0}")]
    TooLarge(&'static str),
    /// The mail settings profile was asked for with an address that is not iCloud Mail.
    #[error("the mail settings need an iCloud Mail address")]
    NotIcloudMail,
    /// Writing, encrypting or drawing random bytes failed (the cause).
    #[error("could not write the file: {0}")]
    Write(String),
}

impl ExportError {
    /// The `_locales` message name explaining the error to the user.
    pub fn message(&self) -> &'static str {
        match self {
            ExportError::NoEntries => "export_error_none",
            ExportError::PassphraseNeeded => "export_error_passphrase",
            ExportError::BadDate(_) | ExportError::Unrepresentable | ExportError::Write(_) => "export_error_write",
            ExportError::TooLarge(_) => "export_error_too_large",
            ExportError::NotIcloudMail => "mail_needs_icloud_address",
        }
    }
}

/// Why an export asked for in the popup is refused before anything is asked of the background,
/// as a `_locales` message name: the vault is locked, no entry is picked, or an encrypted format
/// has no passphrase or two that differ.
pub fn refusal(format: Format, unlocked: bool, picked: usize, passphrase: &str, repeat: &str) -> Option<&'static str> {
    if !unlocked {
        Some("export_error_locked")
    } else if picked == 0 {
        Some("export_error_none")
    } else if format.is_encrypted() && passphrase.is_empty() {
        Some("export_error_passphrase")
    } else if format.is_encrypted() && passphrase != repeat {
        Some("passphrase_mismatch")
    } else {
        None
    }
}

/// The file's name: `app-passwords-<format>-<date>.<ext>`.
pub fn file_name(format: Format, now: &str) -> String {
    let date: String = now.chars().take(10).collect();
    format!("app-passwords-{}-{}.{}", format.id(), date, format.extension())
}

/// Writes `entries` in `format`. Nothing is written for an empty list (no empty files).
pub fn export(format: Format, entries: &[ExportEntry], options: &Options) -> Result<Vec<u8>, ExportError> {
    if entries.is_empty() {
        return Err(ExportError::NoEntries);
    }
    let passphrase = || options.passphrase.as_deref().filter(|p| !p.is_empty()).ok_or(ExportError::PassphraseNeeded);
    if format.is_encrypted() {
        passphrase()?;
    }
    let items = entries.iter().map(|e| Item::new(e, options)).collect::<Result<Vec<_>, _>>()?;
    let now = Timestamp::parse(&options.now)?;
    match format {
        Format::BitwardenJson => Ok(bitwarden::json(&items)?.into_bytes()),
        Format::BitwardenEncryptedJson => Ok(bitwarden::encrypted_json(&items, passphrase()?)?.into_bytes()),
        Format::KeePassXml => Ok(keepass::xml(&items, &now)?.into_bytes()),
        Format::Kdbx => keepass::kdbx(&items, &now, passphrase()?, keepass::KDF_STRONG),
        csv => csv_formats::write(csv, &items, options.formula_prefix),
    }
}

//! One exported entry as every format sees it: the title, username, password, URLs, notes,
//! folder and creation time, built once from a vault entry and the (translated) texts.

use super::{ExportEntry, ExportError, Options, Timestamp};
use crate::label::preset;

/// Where app-specific passwords are made and revoked: every entry's first URL.
pub const ACCOUNT_URL: &str = "https://account.apple.com";

/// The user-facing texts put into each entry. Placeholders: `{label}` in the title; `{app}`,
/// `{label}` and `{date}` in the notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Texts {
    /// The entry's title, with `{label}`.
    pub title: String,
    /// The entry's notes, with `{app}`, `{label}` and `{date}`.
    pub notes: String,
    /// The folder (group, collection) the entries go into.
    pub folder: String,
}

impl Default for Texts {
    /// The English texts (the extension passes the user's language from `_locales`).
    fn default() -> Self {
        Texts {
            title: "iCloud app password – {label}".into(),
            notes: "App-specific password for {app}, created {date}. Revoke it at account.apple.com → Sign-In and Security → App-Specific Passwords.".into(),
            folder: "Apple app passwords".into(),
        }
    }
}

/// An entry ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The title, from [`Texts::title`].
    pub title: String,
    /// The Apple Account address, or empty when the page did not show it.
    pub username: String,
    /// The app-specific password.
    pub password: String,
    /// [`ACCOUNT_URL`] first, then the service the app uses, if known.
    pub urls: Vec<String>,
    /// The notes, from [`Texts::notes`].
    pub notes: String,
    /// The folder, from [`Texts::folder`].
    pub folder: String,
    /// When the password was captured.
    pub created: Timestamp,
    /// Whether the title begins with text from the page or the user (its text begins with the
    /// label): CSV writers then guard it against formula injection whatever the opt-in.
    pub title_starts_with_input: bool,
    /// The same for the notes (the ja, ko and zh-CN notes begin with the app, which is the
    /// label when no preset was chosen).
    pub notes_starts_with_input: bool,
}

/// The service an app signs in to with the password, for formats that keep several URLs.
fn service_url(preset_id: Option<&str>) -> Option<&'static str> {
    let p = preset(preset_id?)?;
    if p.mail {
        Some("imap://imap.mail.me.com")
    } else if p.id == "davx5" {
        Some("https://caldav.icloud.com")
    } else {
        None
    }
}

/// Whether text made from `template` may begin with a placeholder's value rather than with
/// our own words: whenever the template begins with a placeholder. (Our placeholders that
/// are not the user's, the date and a preset's name, never begin a formula, so guarding them
/// too changes nothing.)
fn starts_with_input(template: &str) -> bool {
    template.starts_with('{')
}

/// Whether `s` can go into every format: XML 1.0 and CSV importers cannot carry C0 control
/// characters other than tab, CR and LF, XML 1.0 not U+FFFE and U+FFFF either (and C1
/// controls are refused with the others: no label holds one by intent).
fn representable(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')) && s.chars().all(super::xml::is_xml_char)
}

impl Item {
    /// Builds the item for `e`.
    pub fn new(e: &ExportEntry, o: &Options) -> Result<Item, ExportError> {
        let created = Timestamp::parse(&e.created)?;
        let app = e.preset.as_deref().and_then(preset).map_or(e.label.as_str(), |p| p.name);
        let item = Item {
            title: o.texts.title.replace("{label}", &e.label),
            username: e.account.clone().unwrap_or_default(),
            password: e.password.clone(),
            urls: std::iter::once(ACCOUNT_URL).chain(service_url(e.preset.as_deref())).map(String::from).collect(),
            notes: o.texts.notes.replace("{app}", app).replace("{date}", &created.date()).replace("{label}", &e.label),
            folder: o.texts.folder.clone(),
            created,
            title_starts_with_input: starts_with_input(&o.texts.title),
            notes_starts_with_input: starts_with_input(&o.texts.notes),
        };
        let texts = [&item.title, &item.username, &item.password, &item.notes, &item.folder];
        if texts.iter().all(|s| representable(s)) {
            Ok(item)
        } else {
            Err(ExportError::Unrepresentable)
        }
    }

    /// The first URL (every format has at least one URL cell).
    pub fn url(&self) -> &str {
        &self.urls[0]
    }
}

/// The formula-injection guard (OWASP, CWE-1236): a `'` before a cell a spreadsheet would
/// evaluate. Applied, by choice, to title, notes and folder cells only.
pub fn guard_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(preset: Option<&str>) -> ExportEntry {
        ExportEntry {
            label: "Mail, Mac".into(),
            account: Some("jane@icloud.com".into()),
            password: "abcd-efgh-ijkl-mnop".into(),
            created: "2026-11-24T12:00:00.000Z".into(),
            preset: preset.map(String::from),
        }
    }

    #[test]
    fn title_notes_and_urls_follow_the_entry() {
        let item = Item::new(&entry(Some("thunderbird")), &Options::default()).unwrap();
        assert_eq!(item.title, "iCloud app password – Mail, Mac");
        assert_eq!(item.urls, vec!["https://account.apple.com", "imap://imap.mail.me.com"]);
        assert!(item.notes.contains("Thunderbird") && item.notes.contains("2026-11-24") && item.notes.contains("account.apple.com"));
        assert_eq!(Item::new(&entry(None), &Options::default()).unwrap().urls, vec![ACCOUNT_URL]);
        assert!(Item::new(&entry(None), &Options::default()).unwrap().notes.contains("Mail, Mac"));
    }

    #[test]
    fn control_characters_are_refused_not_mangled() {
        let mut e = entry(None);
        e.label = "a\u{1}b".into();
        assert_eq!(Item::new(&e, &Options::default()), Err(ExportError::Unrepresentable));
        for bad in ["\u{FFFE}", "\u{FFFF}", "\u{85}"] {
            e.label = format!("a{bad}b");
            assert_eq!(Item::new(&e, &Options::default()), Err(ExportError::Unrepresentable), "{bad:?}");
        }
        e.label = "line\r\nbreak\ttab".into();
        assert!(Item::new(&e, &Options::default()).is_ok());
    }

    #[test]
    fn formula_guard_only_touches_formula_starts() {
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("@SUM"), "'@SUM");
        assert_eq!(guard_formula("Mail"), "Mail");
        assert_eq!(guard_formula("#tag"), "#tag");
    }
}

//! iCloud Mail, calendar and contacts settings for an app that uses an app-specific password
//! (from the field guide: Thunderbird's ISPDB and Apple's own article).

/// One setting: the `_locales` message name of its label, and its value.
pub type Setting = (&'static str, String);

/// The settings to show for an account address (the user names depend on it).
pub fn settings(account: Option<&str>) -> Vec<Setting> {
    let address = account.unwrap_or("");
    let user = address.split('@').next().unwrap_or("");
    let or_address = |s: &str| if s.is_empty() { String::from("—") } else { s.to_string() };
    vec![
        ("mail_imap_server", "imap.mail.me.com".into()),
        ("mail_imap_port", "993 (SSL/TLS)".into()),
        ("mail_imap_user", or_address(user)),
        ("mail_smtp_server", "smtp.mail.me.com".into()),
        ("mail_smtp_port", "587 (STARTTLS)".into()),
        ("mail_smtp_user", or_address(address)),
        ("mail_caldav", "https://caldav.icloud.com".into()),
        ("mail_carddav", "https://contacts.icloud.com".into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::settings;

    #[test]
    fn user_names_follow_the_address() {
        let s = settings(Some("jane.doe@icloud.com"));
        let get = |k: &str| s.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("mail_imap_user"), Some("jane.doe"));
        assert_eq!(get("mail_smtp_user"), Some("jane.doe@icloud.com"));
        assert_eq!(get("mail_imap_server"), Some("imap.mail.me.com"));
        assert_eq!(get("mail_smtp_port"), Some("587 (STARTTLS)"));
        assert_eq!(settings(None).iter().find(|(n, _)| *n == "mail_smtp_user").map(|(_, v)| v.as_str()), Some("—"));
    }
}

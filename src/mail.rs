//! iCloud Mail, calendar and contacts settings for an app that uses an app-specific password
//! (from the field guide: Thunderbird's ISPDB and Apple's own article), and which field of each
//! common mail client gets which value.

/// iCloud Mail's IMAP server.
pub const IMAP_HOST: &str = "imap.mail.me.com";
/// Its port (SSL/TLS).
pub const IMAP_PORT: u16 = 993;
/// iCloud Mail's SMTP server.
pub const SMTP_HOST: &str = "smtp.mail.me.com";
/// Its port (STARTTLS).
pub const SMTP_PORT: u16 = 587;

/// The domains of iCloud Mail addresses. An Apple Account can use any address; only these
/// receive iCloud Mail, and the mail settings need one of them.
pub const ICLOUD_DOMAINS: &[&str] = &["icloud.com", "me.com", "mac.com"];

/// One setting: the `_locales` message name of its label, and its value.
pub type Setting = (&'static str, String);

/// Whether `address` is an iCloud Mail address.
pub fn is_icloud_address(address: &str) -> bool {
    let Some((user, domain)) = address.trim().rsplit_once('@') else { return false };
    !user.is_empty() && !user.contains(char::is_whitespace) && ICLOUD_DOMAINS.iter().any(|d| domain.eq_ignore_ascii_case(d))
}

/// The settings to show for an iCloud Mail address (the user names depend on it): IMAP takes
/// the name before the `@`, SMTP the whole address (Apple's article).
pub fn settings(address: Option<&str>) -> Vec<Setting> {
    let address = address.map(str::trim).filter(|a| is_icloud_address(a)).unwrap_or("");
    let user = address.split('@').next().unwrap_or("");
    let or_dash = |s: &str| if s.is_empty() { String::from("—") } else { s.to_string() };
    vec![
        ("mail_imap_server", IMAP_HOST.into()),
        ("mail_imap_port", format!("{IMAP_PORT} (SSL/TLS)")),
        ("mail_imap_user", or_dash(user)),
        ("mail_smtp_server", SMTP_HOST.into()),
        ("mail_smtp_port", format!("{SMTP_PORT} (STARTTLS)")),
        ("mail_smtp_user", or_dash(address)),
        ("mail_caldav", "https://caldav.icloud.com".into()),
        ("mail_carddav", "https://contacts.icloud.com".into()),
    ]
}

/// A mail client's setup steps: the `_locales` message name of its instructions, which take
/// the placeholders `$1` address, `$2` IMAP user, `$3` IMAP host, `$4` SMTP host.
pub struct Client {
    /// The client's name, as shown.
    pub name: &'static str,
    /// The `_locales` message name of its instructions.
    pub message: &'static str,
}

/// The clients with short instructions, in the order shown.
pub const CLIENTS: &[Client] = &[
    Client { name: "Thunderbird", message: "mail_howto_thunderbird" },
    Client { name: "Outlook", message: "mail_howto_outlook" },
    Client { name: "eM Client", message: "mail_howto_emclient" },
];

/// The values substituted into a client's instructions, in placeholder order.
pub fn client_values(address: &str) -> [String; 4] {
    let user = address.split('@').next().unwrap_or("").to_string();
    [address.to_string(), user, IMAP_HOST.into(), SMTP_HOST.into()]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn only_icloud_addresses_get_user_names() {
        assert!(is_icloud_address("a@ME.com") && is_icloud_address(" a@mac.com "));
        assert!(!is_icloud_address("a@gmail.com") && !is_icloud_address("@icloud.com") && !is_icloud_address("icloud.com"));
        let s = settings(Some("jane@gmail.com"));
        assert!(s.iter().any(|(n, v)| *n == "mail_imap_user" && v == "—"));
        assert_eq!(client_values("jane@icloud.com")[1], "jane");
    }
}

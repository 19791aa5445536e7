//! An Apple configuration profile (`.mobileconfig`) that adds the iCloud Mail account, with
//! its app-specific password, to another iPhone, iPad or Mac: one `com.apple.mail.managed`
//! payload with IMAP and SMTP (Apple's Configuration Profile Reference). Unsigned; the file
//! holds the password in clear text, which the UI says.

use super::bitwarden::uuid;
use super::xml::escape;
use super::ExportError;
use crate::mail;

/// What the profile is built from.
pub struct Profile<'a> {
    /// The iCloud Mail address (`@icloud.com`, `@me.com`, `@mac.com`).
    pub address: &'a str,
    /// The app-specific password.
    pub password: &'a str,
    /// The name shown for the profile and the account (translated by the caller).
    pub display_name: &'a str,
}

fn key(k: &str, value: &str) -> String {
    format!("\t\t\t<key>{k}</key>\n\t\t\t{value}\n")
}

/// A `<string>`; a text XML cannot carry is refused.
fn string(s: &str) -> Result<String, ExportError> {
    Ok(format!("<string>{}</string>", escape(s)?))
}

/// The profile as XML plist text.
pub fn profile(p: &Profile) -> Result<String, ExportError> {
    if !mail::is_icloud_address(p.address) {
        return Err(ExportError::NotIcloudMail);
    }
    // Controls are refused even where XML allows them (C1, DEL): no name or password holds one.
    // The address is the user's typing: it may hold what XML forbids (refused by `string`).
    if p.password.chars().any(char::is_control) || p.display_name.chars().any(char::is_control) {
        return Err(ExportError::Unrepresentable);
    }
    let user = p.address.split('@').next().unwrap_or_default();
    let (payload_uuid, profile_uuid) = (uuid()?.to_uppercase(), uuid()?.to_uppercase());
    let mut mail = String::new();
    for (k, v) in [
        ("EmailAccountDescription", string(p.display_name)),
        ("EmailAccountType", string("EmailTypeIMAP")),
        ("EmailAddress", string(p.address)),
        ("IncomingMailServerAuthentication", string("EmailAuthPassword")),
        ("IncomingMailServerHostName", string(mail::IMAP_HOST)),
        ("IncomingMailServerPortNumber", Ok(format!("<integer>{}</integer>", mail::IMAP_PORT))),
        ("IncomingMailServerUseSSL", Ok("<true/>".into())),
        ("IncomingMailServerUsername", string(user)),
        ("IncomingPassword", string(p.password)),
        ("OutgoingMailServerAuthentication", string("EmailAuthPassword")),
        ("OutgoingMailServerHostName", string(mail::SMTP_HOST)),
        ("OutgoingMailServerPortNumber", Ok(format!("<integer>{}</integer>", mail::SMTP_PORT))),
        ("OutgoingMailServerUseSSL", Ok("<true/>".into())),
        ("OutgoingMailServerUsername", string(p.address)),
        ("OutgoingPassword", string(p.password)),
        ("OutgoingPasswordSameAsIncomingPassword", Ok("<true/>".into())),
        ("PayloadDisplayName", string(p.display_name)),
        ("PayloadIdentifier", string(&format!("app-password-guide.mail.{payload_uuid}"))),
        ("PayloadType", string("com.apple.mail.managed")),
        ("PayloadUUID", string(&payload_uuid)),
        ("PayloadVersion", Ok("<integer>1</integer>".into())),
    ] {
        mail += &key(k, &v?);
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n",
    );
    out += &mail;
    out += "\t\t</dict>\n\t</array>\n";
    for (k, v) in [
        ("PayloadDisplayName", string(p.display_name)),
        ("PayloadIdentifier", string(&format!("app-password-guide.{profile_uuid}"))),
        ("PayloadRemovalDisallowed", Ok("<false/>".into())),
        ("PayloadType", string("Configuration")),
        ("PayloadUUID", string(&profile_uuid)),
        ("PayloadVersion", Ok("<integer>1</integer>".into())),
    ] {
        out += &format!("\t<key>{k}</key>\n\t{}\n", v?);
    }
    out += "</dict>\n</plist>\n";
    Ok(out)
}

/// The profile's file name: `icloud-mail-<date>.mobileconfig`.
pub fn file_name(now: &str) -> String {
    format!("icloud-mail-{}.mobileconfig", now.chars().take(10).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_an_icloud_address() {
        let p = Profile { address: "jane@gmail.com", password: "abcd-efgh-ijkl-mnop", display_name: "iCloud Mail" };
        assert_eq!(profile(&p), Err(ExportError::NotIcloudMail));
        let p = Profile { address: "jane@icloud.com", ..p };
        let text = profile(&p).unwrap();
        assert!(text.contains("<string>com.apple.mail.managed</string>") && text.contains("<string>jane</string>"));
    }
}

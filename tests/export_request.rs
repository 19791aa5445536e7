//! The popup's checks of an export before anything is asked of the background
//! (`export::refusal`): locked, nothing picked, an encrypted format without a passphrase or
//! with two that differ.
#![cfg(not(target_arch = "wasm32"))]

use app_password_guide::export::{refusal, Format};

#[test]
fn an_export_is_refused_with_the_reason_the_user_can_fix() {
    for &format in Format::ALL {
        assert_eq!(refusal(format, false, 3, "p", "p"), Some("export_error_locked"), "{}", format.id());
        assert_eq!(refusal(format, true, 0, "p", "p"), Some("export_error_none"), "{}", format.id());
        assert_eq!(refusal(format, true, 1, "p", "p"), None, "{}", format.id());
        if format.is_encrypted() {
            assert_eq!(refusal(format, true, 1, "", ""), Some("export_error_passphrase"), "{}", format.id());
            assert_eq!(refusal(format, true, 1, "p", "q"), Some("passphrase_mismatch"), "{}", format.id());
        } else {
            // A plaintext format takes no passphrase: whatever the fields hold does not matter.
            assert_eq!(refusal(format, true, 2, "", "q"), None, "{}", format.id());
        }
    }
    assert!(Format::ALL.iter().any(|f| f.is_encrypted()), "the encrypted checks ran");
    assert_eq!(refusal(Format::Kdbx, false, 0, "", "x"), Some("export_error_locked"), "locked first");
}

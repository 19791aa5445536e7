//! The background's sender rules (`protocol`, pure): issue 16 item 15, prerendered Apple pages.
#![cfg(not(target_arch = "wasm32"))]

use app_password_guide::protocol::{allowed, memory_tab, sender_kind, From};
use app_password_guide::steps::site_of;

fn kind(url: &str, frame: Option<i32>, lifecycle: Option<&str>, frame_type: Option<&str>) -> From {
    sender_kind(Some(url), frame, lifecycle, frame_type, |h| site_of(h).is_some())
}

const APPLE: &str = "https://account.apple.com/account/manage";

#[test]
fn a_prerendered_apple_page_may_say_hello_only() {
    // Chromium reports a prerendered top frame with a frame id other than 0, its lifecycle
    // "prerender" and its type "outermost_frame"; its tab may be missing or -1.
    let pre = kind(APPLE, Some(3), Some("prerender"), Some("outermost_frame"));
    assert_eq!(pre, From::PrerenderedApplePage);
    assert!(allowed("hello", pre), "answered, not refused");
    for k in ["remember", "capture", "apple-list", "copied", "unlock", "reveal", "vault-status"] {
        assert!(!allowed(k, pre), "{k}");
    }
    assert_eq!(memory_tab(pre, Some(-1)), None, "no tab memory read or written for it");
    assert_eq!(memory_tab(pre, Some(12)), None);
    assert_eq!(memory_tab(pre, None), None);
}

#[test]
fn top_frames_extension_pages_and_others() {
    assert_eq!(kind(APPLE, Some(0), Some("active"), Some("outermost_frame")), From::ApplePage);
    assert_eq!(kind(APPLE, Some(0), None, None), From::ApplePage, "Firefox reports neither");
    assert_eq!(memory_tab(From::ApplePage, Some(12)), Some(12));
    assert_eq!(memory_tab(From::ApplePage, Some(-1)), None);
    assert_eq!(kind(APPLE, Some(5), Some("active"), Some("sub_frame")), From::Other, "a frame inside the page");
    assert_eq!(kind(APPLE, Some(5), Some("prerender"), Some("sub_frame")), From::Other, "a frame inside a prerendered page");
    // Chromium 156 reports a prerendered top frame without a frameType (seen in the e2e run).
    assert_eq!(kind(APPLE, Some(5), Some("prerender"), None), From::PrerenderedApplePage, "a prerendered top frame, no frame type");
    assert_eq!(kind(APPLE, Some(0), Some("active"), Some("sub_frame")), From::Other);
    assert_eq!(kind("https://evil.example/", Some(3), Some("prerender"), Some("outermost_frame")), From::Other);
    assert_eq!(kind("http://account.apple.com/", Some(0), None, None), From::Other);
    assert_eq!(kind("chrome-extension://abc/popup/popup.html", None, None, None), From::ExtensionPage);
    assert_eq!(sender_kind(None, Some(0), None, None, |_| true), From::Other);
    assert!(allowed("capture", From::ApplePage) && !allowed("capture", From::ExtensionPage));
    assert!(allowed("unlock", From::ExtensionPage) && !allowed("unlock", From::ApplePage) && !allowed("unlock", From::Other));
}

//! Who sent a message to the background, as the browser reports it, and what each kind of
//! sender may ask. Pure: tested natively by tests/sender.rs (which includes this file).

/// Who sent a message.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum From {
    /// Our content script in the top frame of one of Apple's pages.
    ApplePage,
    /// Our content script in one of Apple's pages being prerendered (Chromium's speculation
    /// rules): not shown yet, and without a tab of its own until it is activated. It may say
    /// hello only, and is answered with no tab memory (it starts only if auto-start is on).
    PrerenderedApplePage,
    /// One of our own extension pages (popup, full-page view).
    ExtensionPage,
    /// Anything else (refused).
    Other,
}

/// The sender's frame as the browser reports it: `url`, `frame` (`frameId`: 0 is a tab's top
/// frame; a prerendered top frame has another), `lifecycle` (`documentLifecycle`, Chromium:
/// "prerender" while prerendered) and `frame_type` (`frameType`, Chromium: "outermost_frame"
/// for a top frame, prerendered or not). `is_apple` says whether a host is one of Apple's.
pub fn sender_kind(
    url: Option<&str>,
    frame: Option<i32>,
    lifecycle: Option<&str>,
    frame_type: Option<&str>,
    is_apple: impl Fn(&str) -> bool,
) -> From {
    let Some(url) = url else { return From::Other };
    if url.starts_with("chrome-extension://") || url.starts_with("moz-extension://") {
        return From::ExtensionPage;
    }
    if !is_apple(&host_of(url)) {
        return From::Other;
    }
    match (frame, lifecycle, frame_type) {
        (_, Some("prerender"), Some("outermost_frame")) => From::PrerenderedApplePage,
        (_, Some("prerender"), _) => From::Other,
        (Some(0), _, None | Some("outermost_frame")) => From::ApplePage,
        _ => From::Other,
    }
}

/// Whether a sender of kind `from` may send a message of kind `kind` (its `kind` field).
pub fn allowed(kind: &str, from: From) -> bool {
    match kind {
        "hello" => matches!(from, From::ApplePage | From::PrerenderedApplePage),
        "remember" | "capture" | "apple-list" => from == From::ApplePage,
        "copied" => from == From::ApplePage || from == From::ExtensionPage,
        _ => from == From::ExtensionPage,
    }
}

/// The tab whose guide memory a hello from `from` in tab `tab` reads (and may write): none for
/// a prerendered page (its tab is not its own yet, or is reported as -1), nor for a tab id
/// that is not one.
pub fn memory_tab(from: From, tab: Option<i32>) -> Option<i32> {
    tab.filter(|t| *t >= 0 && from == From::ApplePage)
}

/// The host name of an `https://` URL, lower case, without port; empty for anything else.
pub fn host_of(url: &str) -> String {
    let Some(rest) = url.strip_prefix("https://") else { return String::new() };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    host.split(':').next().unwrap_or("").to_ascii_lowercase()
}

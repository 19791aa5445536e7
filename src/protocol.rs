//! The messages between the extension's parts, spelled once: every message kind, who may send
//! it, what it carries, and the names of the tab memory's fields, of the options and of the
//! storage keys they live under. Pure, tested natively (tests/protocol.rs).
//!
//! - Here: the names, the kinds and the sender rules.
//! - [`content`]: a small hand codec for the content module's few messages (no serde: it would
//!   cost the content module about 18 KB gzipped), over [`content::Plain`] values.
//! - `pages` (feature `vault`): the typed requests and answers of the extension's pages and the
//!   background (serde, sent through serde-wasm-bindgen by the app module), and the checks of
//!   every request the background accepts.
//! - `answers` (feature `vault`): the background's answers to those requests, re-exported by
//!   `pages`.
//! - `memory` (feature `vault`): a tab's guide memory as the background checks and stores it,
//!   re-exported by `pages`.
//! - `error` (feature `vault`): why a request was not answered, typed.

#[cfg(feature = "vault")]
mod answers;
pub mod content;
#[cfg(feature = "vault")]
pub mod error;
#[cfg(feature = "vault")]
mod memory;
#[cfg(feature = "vault")]
pub mod pages;

/// The option keys, as stored (in the `options` object of `storage.sync`, and at the top level
/// of `storage.managed`) and as the pages and the content script receive them.
pub mod option_keys {
    /// The guide starts by itself where the journey starts.
    pub const AUTO_START: &str = "autoStart";
    /// Minutes without use before the vault locks.
    pub const AUTO_LOCK_MINUTES: &str = "autoLockMinutes";
    /// The label template.
    pub const LABEL_TEMPLATE: &str = "labelTemplate";
    /// This device's name, for `{device}`.
    pub const DEVICE_NAME: &str = "deviceName";
    /// The label the user last typed.
    pub const CUSTOM_LABEL: &str = "customLabel";
    /// The preset offered first.
    pub const DEFAULT_PRESET: &str = "defaultPreset";
    /// Seconds before a copied password is cleared from the clipboard.
    pub const CLIPBOARD_CLEAR_SECONDS: &str = "clipboardClearSeconds";
    /// Whether an export's formula guard starts ticked.
    pub const FORMULA_PREFIX_DEFAULT: &str = "formulaPrefixDefault";
}

/// The fields of a tab's guide memory ([`crate::flow::Memory`]) as stored and sent.
pub mod memory_keys {
    /// The last step's id, or null.
    pub const LAST: &str = "last";
    /// A step after sign-in was seen.
    pub const SIGNED_IN: &str = "signedIn";
    /// The password was copied.
    pub const COPIED: &str = "copied";
    /// The journey is complete.
    pub const FINISHED: &str = "finished";
    /// The user closed the guide.
    pub const DISMISSED: &str = "dismissed";
    /// The guide is running.
    pub const STARTED: &str = "started";
    /// The password was saved in the extension.
    pub const SAVED: &str = "saved";
    /// The steps seen, one bit each: a whole number that fits 16 bits.
    pub const SEEN: &str = "seen";
}

/// Storage keys the background writes besides the vault's (`app/store.rs`, `app/clipboard.rs`).
pub mod storage_keys {
    /// `storage.sync`: the user's options object.
    pub const OPTIONS: &str = "options";
    /// `storage.session`: what managed storage held when last read.
    pub const MANAGED_KNOWN: &str = "options:managed";
    /// `storage.session`: the labels last seen in Apple's list, and when.
    pub const APPLE_LIST: &str = "apple-list";
    /// `storage.session`: prefix of a tab's guide memory (`tab:<id>`).
    pub const TAB_PREFIX: &str = "tab:";
    /// `storage.session`: prefix of the mark of the password a tab last captured
    /// (`captured:<id>`, a `vault::CopiedMark`), for the hint's Copy.
    pub const CAPTURED_PREFIX: &str = "captured:";
    /// `storage.session`: prefix of the times of a tab's captures in the last minute
    /// (`captures:<id>`), for the cap that a reload does not reset.
    pub const CAPTURES_PREFIX: &str = "captures:";
    /// `storage.session`: when the clipboard is to be cleared (ms since the epoch).
    pub const CLEAR_AT: &str = "clipboard:clear-at";
    /// `storage.session`: the mark of the password copied last (`vault::CopiedMark`).
    pub const CLEAR_MARK: &str = "clipboard:mark";
}

/// The `storage.session` key of the times (ms) of tab `tab`'s captures in the last minute
/// (`record::capture_allowed`).
pub fn captures_key(tab: i32) -> String {
    format!("{}{tab}", storage_keys::CAPTURES_PREFIX)
}

/// The `storage.session` key of the mark of the password tab `tab` last captured.
pub fn captured_key(tab: i32) -> String {
    format!("{}{tab}", storage_keys::CAPTURED_PREFIX)
}

/// The `storage.session` key of tab `tab`'s guide memory.
pub fn tab_key(tab: i32) -> String {
    format!("{}{tab}", storage_keys::TAB_PREFIX)
}

/// Who sent a message to the background, as the browser reports it.
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

/// Every message kind the background accepts (its `kind` field), with what it carries.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// Content script started (no fields); answered with the version, the tab's memory and the
    /// options last known.
    Hello,
    /// Content script's guide memory changed: `memory` (the [`memory_keys`] fields).
    Remember,
    /// Content script saw a new password: `password`, `label`, `account`, `preset`.
    Capture,
    /// The labels in Apple's list: `labels` (at most 100 texts).
    AppleList,
    /// A password was copied from the extension: `password` (from our pages; a content script
    /// sends none: its tab's capture is what it copied); answered with `seconds`.
    Copied,
    /// The popup's "Guide me": `windowId` (optional).
    GuideMe,
    /// Read the options in force: answered with `{options, managed}`.
    GetOptions,
    /// Change options: `options` (an object of option keys).
    SetOptions,
    /// The vault's state and entries.
    VaultStatus,
    /// Unlock: `passphrase`.
    Unlock,
    /// Lock now.
    Lock,
    /// Set or change the passphrase: `passphrase`, `current` (when one is set).
    SetPassphrase,
    /// An entry's password: `id`.
    Reveal,
    /// Entries with their passwords, for an export: `ids` (1 to 1000).
    ExportData,
    /// Mark an entry active or revoked: `id`, `status`.
    SetStatus,
    /// Delete an entry: `id`.
    Delete,
}

impl Kind {
    /// Every kind, with its name on the wire.
    #[rustfmt::skip]
    pub const ALL: [(Kind, &'static str); 16] = [
        (Kind::Hello, "hello"), (Kind::Remember, "remember"), (Kind::Capture, "capture"), (Kind::AppleList, "apple-list"),
        (Kind::Copied, "copied"), (Kind::GuideMe, "guide-me"), (Kind::GetOptions, "get-options"), (Kind::SetOptions, "set-options"),
        (Kind::VaultStatus, "vault-status"), (Kind::Unlock, "unlock"), (Kind::Lock, "lock"), (Kind::SetPassphrase, "set-passphrase"),
        (Kind::Reveal, "reveal"), (Kind::ExportData, "export-data"), (Kind::SetStatus, "set-status"), (Kind::Delete, "delete"),
    ];

    /// The kind's name on the wire.
    pub fn wire(self) -> &'static str {
        Kind::ALL.iter().find(|(k, _)| *k == self).map_or("", |(_, w)| w)
    }

    /// The kind named `wire`, if it is one.
    pub fn from_wire(wire: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(_, w)| *w == wire).map(|(k, _)| *k)
    }

    /// Whether a sender of kind `from` may send a message of this kind: the content script's
    /// few messages from Apple's top frames only (a prerendered one may say hello only), a
    /// copy from there or from our pages, everything else from our own pages only.
    pub fn allowed(self, from: From) -> bool {
        match self {
            Kind::Hello => matches!(from, From::ApplePage | From::PrerenderedApplePage),
            Kind::Remember | Kind::Capture | Kind::AppleList => from == From::ApplePage,
            Kind::Copied => from == From::ApplePage || from == From::ExtensionPage,
            _ => from == From::ExtensionPage,
        }
    }
}

/// Whether a sender of kind `from` may send a message of kind `kind` (its wire name); an
/// unknown kind never.
pub fn allowed(kind: &str, from: From) -> bool {
    Kind::from_wire(kind).is_some_and(|k| k.allowed(from))
}

/// The sender's frame as the browser reports it: `url`, `frame` (`frameId`: 0 is a tab's top
/// frame; a prerendered top frame has another), `lifecycle` (`documentLifecycle`, Chromium:
/// "prerender" while prerendered) and `frame_type` (`frameType`, Chromium: "outermost_frame"
/// for a top frame; seen missing for a prerendered one, in Chromium 156's e2e run). A
/// prerendered sender without a frame type is taken as a top frame: the content script runs
/// in top frames only (no `all_frames`), and "sub_frame" is still refused. `is_apple` says
/// whether a host is one of Apple's.
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
        (_, Some("prerender"), Some("outermost_frame") | None) => From::PrerenderedApplePage,
        (_, Some("prerender"), _) => From::Other,
        (Some(0), _, None | Some("outermost_frame")) => From::ApplePage,
        _ => From::Other,
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

/// Whether an entry id from a message can name an entry record: 1 to 64 hex digits.
pub fn is_entry_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

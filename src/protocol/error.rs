//! Why the background could not answer a request, typed: an error for the user names its
//! `_locales` message ([`Shown`]); any other reason is internal ([`AppError::Refused`]) and shown
//! as "the background failed". On the wire it is the `error` text of `{ok: false, error}`, read
//! back by [`AppError::from_wire`] (the pages) without guessing from its spelling.

/// An error the user is told about, by its `_locales` message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The browser's storage is full.
    StorageFull,
    /// The browser's storage failed otherwise.
    Storage,
    /// Data of a newer version is stored (read by nobody, written by nobody).
    NewerData,
    /// The vault's key cannot be read.
    DamagedKey,
    /// Nothing is saved yet.
    NothingSaved,
    /// The passphrase is wrong.
    WrongPassphrase,
    /// The vault is locked.
    VaultLocked,
    /// A passphrase cannot be empty.
    EmptyPassphrase,
    /// A password cannot be opened.
    Undecryptable,
    /// Something failed in the background.
    Background,
    /// Changing the passphrase needs the current one.
    CurrentPassphrase,
    /// The entry is gone.
    NoEntry,
    /// An option's value is not one it may take.
    OptionInvalid,
    /// The administrator set that option.
    OptionManaged,
    /// A tab sent more new passwords in a minute than Apple shows (the page is not Apple's
    /// doing, or not only): this one was not stored.
    CaptureLimited,
}

impl Shown {
    /// Every error shown, with its `_locales` message name.
    #[rustfmt::skip]
    pub const ALL: [(Shown, &'static str); 15] = [
        (Shown::StorageFull, "error_storage_full"), (Shown::Storage, "error_storage"), (Shown::NewerData, "error_newer_data"),
        (Shown::DamagedKey, "error_damaged_key"), (Shown::NothingSaved, "error_nothing_saved"),
        (Shown::WrongPassphrase, "error_wrong_passphrase"), (Shown::VaultLocked, "error_vault_locked"),
        (Shown::EmptyPassphrase, "error_empty_passphrase"), (Shown::Undecryptable, "error_undecryptable"),
        (Shown::Background, "error_background"), (Shown::CurrentPassphrase, "error_current_passphrase"),
        (Shown::NoEntry, "error_no_entry"), (Shown::OptionInvalid, "error_option_invalid"), (Shown::OptionManaged, "error_option_managed"),
        (Shown::CaptureLimited, "capture_limited"),
    ];

    /// Its `_locales` message name.
    pub fn name(self) -> &'static str {
        Shown::ALL.iter().find(|(s, _)| *s == self).map_or("error_background", |(_, n)| n)
    }

    /// The error named `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Shown> {
        Shown::ALL.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }
}

/// Why a request was not answered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// Told to the user (its message name on the wire).
    #[error("{}", .0.name())]
    Shown(Shown),
    /// Refused or failed for a reason that is not the user's to fix (a malformed request, a
    /// sender that may not ask, an internal fault): the reason, for whoever reads the console.
    #[error("{0}")]
    Refused(String),
}

impl From<Shown> for AppError {
    fn from(s: Shown) -> Self {
        AppError::Shown(s)
    }
}

impl From<String> for AppError {
    fn from(reason: String) -> Self {
        AppError::Refused(reason)
    }
}

impl From<&str> for AppError {
    fn from(reason: &str) -> Self {
        AppError::Refused(reason.to_string())
    }
}

impl AppError {
    /// The error as the background sent it (`error` of `{ok: false, error}`).
    pub fn from_wire(error: &str) -> AppError {
        Shown::from_name(error).map_or_else(|| AppError::Refused(error.to_string()), AppError::Shown)
    }

    /// The `_locales` message the user is shown.
    pub fn message(&self) -> &'static str {
        match self {
            AppError::Shown(s) => s.name(),
            AppError::Refused(_) => Shown::Background.name(),
        }
    }
}

//! Localized text for the extension's pages (`extension/_locales`, through
//! [`super::browser::message`]). Every user-facing string of the app module goes through here.

use super::browser::message;

/// The message `name`.
pub(super) fn t(name: &str) -> String {
    message(name, &[])
}

/// The message `name` with one substitution.
pub(super) fn t1(name: &str, sub: &str) -> String {
    message(name, &[sub])
}

/// A message with several substitutions, in placeholder order.
pub(super) fn tn(name: &str, subs: &[&str]) -> String {
    message(name, subs)
}

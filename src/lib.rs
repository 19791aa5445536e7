//! App Password Guide: the Rust core of a browser extension that guides people through creating
//! an Apple app-specific password and keeps the result safe.
//!
//! Pure logic (always compiled, tested natively):
//! - [`steps`]: what is known of Apple's pages, as one table of steps and the ways to find them.
//! - [`dom`]: the small read-only view of a page that recognition needs.
//! - [`recognize`]: finding a step's target, the step the page is at, and page problems.
//! - [`flow`]: the state machine deciding what the overlay shows.
//! - [`password`]: recognising an app-specific password by its shape.
//! - [`protocol`]: the messages between the extension's parts, who may send them, and the
//!   names of the tab memory's fields, the options and their storage keys.
//! - `options` (feature `vault`): the user's options, their defaults and checks, and how an
//!   administrator's managed values win over the user's.
//! - `export` (feature `export`): the password managers' import formats.
//!
//! Browser adapters (compiled only into their wasm module):
//! - `content` (feature `content`): the content-script module on Apple's pages.
//! - `app` (feature `app`): the background worker and the extension pages.

#![warn(missing_docs)]

pub mod dom;
#[cfg(feature = "export")]
pub mod export;
pub mod flow;
pub mod label;
pub mod mail;
/// Needs serde_json: in the app module and native builds, not in the content module (which
/// receives the options in force from the background).
#[cfg(feature = "vault")]
pub mod options;
pub mod outline;
pub mod password;
pub mod placement;
pub mod protocol;
pub mod recognize;
#[cfg(feature = "vault")]
pub mod record;
pub mod steps;
#[cfg(feature = "vault")]
pub mod vault;

#[cfg(feature = "content")]
pub mod content;

#[cfg(feature = "app")]
pub mod app;

/// The extension's version, from Cargo.toml (the one place it is set).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

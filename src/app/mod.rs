//! The app module: runs in the background worker (the single writer of storage) and renders
//! the extension's pages.
//!
//! - [`messages`]: what the background accepts from content scripts and pages, and answers.
//! - [`browser`]: the storage and tabs APIs it uses.
//! - [`store`]: the vault's storage (captures, entries).
//! - [`clipboard`]: clearing a copied password from the clipboard, later, from the background.
//! - [`client`]: the pages' request client (typed requests and answers, `crate::protocol`).
//! - [`i18n`]: the pages' localized text.
//! - [`ui`]: the pages' shared UI helpers (elements, buttons, listeners).
//! - [`popup`]: the toolbar popup.
//! - [`export_panel`]: the popup's export panel and mail setup cards.
//! - [`settings`]: the settings form of the options page and of the popup's Settings section.

mod browser;
mod client;
mod clipboard;
mod export_panel;
mod i18n;
mod messages;
mod popup;
mod settings;
mod store;
mod ui;

pub use messages::{forget_tab, handle_message, on_alarm, prepare};
pub use popup::render_popup;
pub use settings::render_options;

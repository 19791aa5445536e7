//! Not compiled into the app module: kept only for tests/sender.rs, which includes this file by
//! its path. The sender rules live in [`crate::protocol`] (`Kind::allowed`, `sender_kind`,
//! `memory_tab`); once that test names them there, this file goes.

pub use app_password_guide::protocol::{allowed, memory_tab, sender_kind, From};

//! The fuzz targets' shared code: the checks each target runs on its input, and the HTML
//! snapshot [`Dom`](app_password_guide::dom::Dom) from the native tests. The same checks run
//! natively on every kept input in `fuzz/regressions/` (tests/fuzz_regressions.rs), so a crash
//! found once stays fixed in plain `cargo test`.

#[path = "../../tests/snapshot/mod.rs"]
pub mod snapshot;

/// The export formats' re-readers from the native tests.
#[path = "../../tests/importers/mod.rs"]
pub mod importers;

pub mod checks;

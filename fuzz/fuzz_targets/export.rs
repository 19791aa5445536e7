//! Fuzz target `export`: see [`app_password_guide_fuzz::checks::export`] for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| app_password_guide_fuzz::checks::export(data));

//! Every export format, written with hostile labels and re-read by a parser that applies that
//! importer's own rules (header names and their case, required columns, quoting, BOM, line
//! ends, date units), getting every field back exactly. A fixed hostile set, plus a property
//! test over random labels. The readers (tests/importers/) share no code with the writers.

mod importers;

use app_password_guide::export::mobileconfig::{profile, Profile};
use app_password_guide::export::{export, file_name, ExportError, Format, Options, Texts};
use importers::*;
use proptest::prelude::*;

#[test]
fn every_format_round_trips_the_hostile_labels() {
    for format in readable_formats() {
        roundtrip(format, &hostile_labels());
    }
}

#[test]
fn the_strong_kdbx_opens_with_its_passphrase_only() {
    let written = entries(&hostile_labels()[..3]);
    let bytes = export(Format::Kdbx, &written, &options()).unwrap();
    check(Format::Kdbx, &written, &open_kdbx(&bytes, "correct horse battery").unwrap());
    assert!(open_kdbx(&bytes, "wrong").is_err());
}

#[test]
fn the_formula_guard_is_opt_in_and_spares_secrets() {
    let written = entries(&["=HYPERLINK(\"x\")".to_string()]);
    let plain = import(Format::BitwardenCsv, &export(Format::BitwardenCsv, &written, &options()).unwrap()).unwrap();
    assert_eq!(plain[0].title.as_deref(), Some("iCloud app password – =HYPERLINK(\"x\")"));
    let guard = Options { formula_prefix: true, texts: Texts { title: "{label}".into(), ..Texts::default() }, ..options() };
    for format in readable_formats().filter(|f| f.is_csv()) {
        let got = import(format, &export(format, &written, &guard).unwrap()).unwrap();
        if let Some(title) = &got[0].title {
            assert_eq!(title, "'=HYPERLINK(\"x\")", "{format:?}");
        }
        assert_eq!(got[0].password, written[0].password, "{format:?}");
        assert_eq!(got[0].username, ACCOUNT, "{format:?}");
    }
}

/// Whatever the opt-in, a CSV cell that begins with text from the page or the user (the
/// label, the account address) never begins a formula: the ja, ko and zh-CN notes start with
/// the app, which is the label when no preset was chosen.
#[test]
fn cells_beginning_with_page_or_user_text_are_always_guarded() {
    let texts = Texts {
        notes: "{app} 用の App 用パスワード（{date} 作成）".into(), title: "{label} – iCloud".into(), ..Texts::default()
    };
    let mut written = entries(&["=HYPERLINK(\"https://evil.example\",\"x\")".to_string(), "-1+1".to_string()]);
    written[0].account = Some("=cmd|' /C calc'!A0@icloud.com".into());
    assert_eq!(written[0].preset, None, "the app is the label");
    for formula_prefix in [false, true] {
        let o = Options { formula_prefix, texts: texts.clone(), ..options() };
        for format in readable_formats().filter(|f| f.is_csv()) {
            let csv = read_csv(&export(format, &written, &o).unwrap()).unwrap();
            for cell in csv.rows[1..].iter().flatten() {
                assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{format:?}, opt-in {formula_prefix}: {cell:?}");
            }
        }
    }
}

/// A property list (it has a DOCTYPE) parsed by roxmltree.
fn plist(text: &str) -> Result<(), roxmltree::Error> {
    roxmltree::Document::parse_with_options(text, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() }).map(|_| ())
}

/// Characters XML 1.0 forbids (U+FFFE, U+FFFF, C0 controls): every XML writer (KeePass XML,
/// KDBX, the mail profile) refuses a text holding one, or writes a file an independent XML
/// parser reads; never a file no importer can open.
#[test]
fn xml_writers_never_write_a_character_xml_forbids() {
    for bad in ["\u{FFFE}", "\u{FFFF}", "\u{1}", "\u{1F}"] {
        let written = entries(&[format!("Mail {bad} Mac")]);
        let xml = export(Format::KeePassXml, &written, &options());
        match &xml {
            Ok(bytes) => assert!(keepass_xml(bytes).is_ok(), "{bad:?}: KeePass XML {:?}", keepass_xml(bytes).err()),
            Err(e) => assert_eq!(*e, ExportError::Unrepresentable, "{bad:?}"),
        }
        match export(Format::Kdbx, &written, &options()) {
            Ok(bytes) => assert!(
                kdbx_xml(&bytes, "correct horse battery").is_ok(),
                "{bad:?}: KDBX {:?}",
                kdbx_xml(&bytes, "correct horse battery").err()
            ),
            Err(e) => assert_eq!(e, ExportError::Unrepresentable, "{bad:?}"),
        }
        for (address, name) in
            [(format!("jane{bad}@icloud.com"), "iCloud Mail".to_string()), ("jane@icloud.com".to_string(), format!("iCloud Mail {bad}"))]
        {
            match profile(&Profile { address: &address, password: "abcd-efgh-ijkl-mnop", display_name: &name }) {
                Ok(text) => assert!(plist(&text).is_ok(), "{bad:?}: profile {:?}", plist(&text).err()),
                Err(e) => assert_eq!(e, ExportError::Unrepresentable, "{bad:?}"),
            }
        }
    }
}

#[test]
fn nothing_is_written_without_entries_or_passphrase() {
    for &format in Format::ALL {
        assert_eq!(export(format, &[], &options()), Err(ExportError::NoEntries), "{format:?}");
    }
    let written = entries(&["Mail".to_string()]);
    let no_pass = Options { passphrase: None, ..options() };
    assert_eq!(export(Format::Kdbx, &written, &no_pass), Err(ExportError::PassphraseNeeded));
    assert_eq!(
        export(Format::BitwardenEncryptedJson, &written, &Options { passphrase: Some(String::new()), ..options() }),
        Err(ExportError::PassphraseNeeded)
    );
}

#[test]
fn chrome_refuses_what_its_importer_would_drop() {
    let many: Vec<String> = (0..400).map(|n| format!("{n} {}", "x".repeat(400))).collect();
    assert!(matches!(export(Format::ChromeCsv, &entries(&many), &options()), Err(ExportError::TooLarge(_))));
}

#[test]
fn file_names_carry_format_and_date() {
    assert_eq!(file_name(Format::BitwardenCsv, "2026-11-24T12:00:00.000Z"), "app-passwords-bitwarden-csv-2026-11-24.csv");
    assert_eq!(file_name(Format::Kdbx, "2026-11-24T12:00:00.000Z"), "app-passwords-kdbx-2026-11-24.kdbx");
    for &f in Format::ALL {
        assert_eq!(Format::from_id(f.id()), Some(f));
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct("tests/export_formats.proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    /// Random labels: any non-control text plus the characters CSV and XML care about.
    #[test]
    fn random_labels_round_trip(labels in prop::collection::vec("(\\PC|[,\"\r\n\t=+@#<>&'-]){0,80}", 1..5)) {
        for format in readable_formats() {
            roundtrip(format, &labels);
        }
    }
}

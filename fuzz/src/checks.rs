//! What each fuzz target checks. Every check takes the raw input, turns it into the arguments
//! of the code under test in a fixed, documented way (so a kept input means the same thing
//! forever), runs it, and asserts properties that must hold for *any* input — not only that
//! nothing panics. A failed assertion is a crash to libFuzzer.
//!
//! Used by the fuzz targets (`fuzz/fuzz_targets/`) and, on every kept input in
//! `fuzz/regressions/<target>/`, by the native test `tests/fuzz_regressions.rs`.
//!
//! Export writers: [`export`] writes an entry with an arbitrary label in every format and reads
//! it back with the importers' own rules (tests/importers/).

use crate::importers;
use crate::snapshot::Snapshot;
use app_password_guide::dom::{fold_text, Dom};
use app_password_guide::export::{self, ExportError, Format};
use app_password_guide::label::{self, LabelError};
use app_password_guide::outline;
use app_password_guide::password::{email_in, find_in_text, is_app_password, LEN};
use app_password_guide::recognize::{detect, detect_problem, find_target, in_app_password_dialog, knows_page_language};
use app_password_guide::record::{self, RecordError, SCHEMA};
use app_password_guide::steps::{site_of, JOURNEY, TWO_FACTOR};
use app_password_guide::vault::{self, KdfParams, Keyring, VaultError, WrappedSecret};
use std::collections::BTreeSet;

/// A check: runs the code under test on one raw input, panicking when a property fails.
pub type Check = fn(&[u8]);

/// Every target, by name, with its check (the names are the fuzz/Cargo.toml `[[bin]]` names).
pub const ALL: &[(&str, Check)] = &[
    ("password", password),
    ("label", label),
    ("record", record),
    ("vault", vault),
    ("outline", outline),
    ("recognize", recognize),
    ("export", export),
];

/// The input as text; invalid UTF-8 is replaced, as the browser would hand over no other.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Splits the input into fields at NUL bytes (a NUL never matters to the code under test).
fn fields(data: &[u8]) -> Vec<String> {
    data.split(|b| *b == 0).map(text).collect()
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80
}

/// Password recognition: input = page text.
///
/// `find_in_text` answers exactly "the one distinct app password standing alone in the text",
/// computed here independently by trying every position; an exact password is found in
/// itself; an address found is a piece of the text with one `@`.
pub fn password(data: &[u8]) {
    let s = text(data);
    let b = s.as_bytes();
    let mut alone = BTreeSet::new();
    for i in 0..b.len().saturating_sub(LEN - 1) {
        if !s.is_char_boundary(i) || !s.is_char_boundary(i + LEN) {
            continue;
        }
        let left = i == 0 || !is_word_byte(b[i - 1]);
        let right = i + LEN == b.len() || !is_word_byte(b[i + LEN]);
        if left && right && is_app_password(&s[i..i + LEN]) {
            alone.insert(&s[i..i + LEN]);
        }
    }
    let want = (alone.len() == 1).then(|| *alone.first().unwrap());
    assert_eq!(find_in_text(&s), want, "find_in_text on {s:?}");
    if is_app_password(&s) {
        assert_eq!(find_in_text(&s), Some(s.as_str()));
        assert!(s.bytes().all(|c| c == b'-' || c.is_ascii_lowercase()));
    }
    if let Some(address) = email_in(&s) {
        assert!(s.contains(address));
        assert_eq!(address.matches('@').count(), 1, "{address:?}");
        assert!(!address.chars().any(char::is_whitespace));
    }
}

/// Label rules: input = `maxlength byte, label \0 existing \0 existing …`; a maxlength byte of
/// 0 means the page sets none. The template check reads the same fields as
/// `template \0 app \0 device \0 date`.
///
/// An accepted label is trimmed, not empty, within the limit, free of control characters, not
/// taken, and accepted again as it is; a refused one is refused for a true reason; the free
/// label suggested for a taken one is itself accepted as it stands.
pub fn label(data: &[u8]) {
    let Some((&max_byte, rest)) = data.split_first() else { return };
    let maxlength = (max_byte != 0).then_some(usize::from(max_byte));
    let parts = fields(rest);
    let (wanted, existing) = (&parts[0], &parts[1..]);
    let max = maxlength.unwrap_or(label::RULES.default_max);
    let taken = |l: &str| existing.iter().any(|e| e.trim().to_lowercase() == l.trim().to_lowercase());
    match label::validate(wanted, maxlength, existing) {
        Ok(l) => {
            assert_eq!(l, wanted.trim());
            assert!(!l.is_empty());
            assert!(l.chars().count() <= max);
            assert!(!l.chars().any(char::is_control));
            assert!(!taken(&l));
            assert_eq!(label::validate(&l, maxlength, existing), Ok(l.clone()), "accepted again");
        }
        Err(LabelError::Empty) => assert!(wanted.trim().is_empty()),
        Err(LabelError::TooLong { max: m }) => {
            assert_eq!(m, max);
            assert!(wanted.trim().chars().count() > max);
        }
        Err(LabelError::ControlCharacter) => {}
        Err(LabelError::Taken { suggestion }) => {
            assert!(taken(wanted));
            match suggestion {
                Some(s) => {
                    assert_eq!(label::validate(&s, maxlength, existing), Ok(s.clone()), "the suggestion for {wanted:?}")
                }
                // Only a one-character field with every digit taken leaves no free numbered label.
                None => assert!(max == 1 && (2..10).all(|n| taken(&n.to_string())), "no suggestion for {wanted:?}"),
            }
        }
    }
    let get = |i: usize| parts.get(i).map_or("", String::as_str);
    let filled = label::apply_template(get(0), get(1), get(2), get(3));
    assert_eq!(filled, filled.trim(), "no white space at either end");
    assert!(!filled.contains("  "), "white space folded: {filled:?}");
}

/// The stored-record decoders, every schema version — entries and the keyring: input = the
/// stored JSON text, given to both.
///
/// A record is read only if it is of a schema this build reads (1 to the current one), and then
/// it is written back exactly, its version kept: re-encoding keeps every field the input had, and decodes to the same
/// value. Data of a newer schema is always reported as newer — never as damaged, never read.
pub fn record(data: &[u8]) {
    let s = text(data);
    versioned(&s, SCHEMA, record::decode, record::encode);
    versioned(&s, Keyring::SCHEMA, record::decode_keyring, |k| serde_json::to_string(k).unwrap());
}

fn versioned<T: PartialEq + std::fmt::Debug>(s: &str, current: u32, decode: fn(&str) -> Result<T, RecordError>, encode: fn(&T) -> String) {
    let decoded = decode(s);
    let value: Option<serde_json::Value> = serde_json::from_str(s).ok();
    let version = value.as_ref().and_then(|v| v.get("v")).and_then(serde_json::Value::as_u64);
    if let Some(v) = version.filter(|v| *v > u64::from(current)) {
        assert_eq!(decoded, Err(RecordError::Newer(u32::try_from(v).unwrap_or(u32::MAX))), "{s}");
    }
    if let Ok(read) = decoded {
        let again = encode(&read);
        assert_eq!(decode(&again), Ok(read), "round trip");
        let written: serde_json::Value = serde_json::from_str(&again).unwrap();
        // Schema 1 is read as it is, its `v` kept (what is sealed, or the keyring's associated
        // data, depends on it); the background rewrites it as `current` once the key is at hand.
        let written_v = written.get("v").and_then(serde_json::Value::as_u64);
        assert!(written_v.is_some_and(|w| (1..=u64::from(current)).contains(&w)) && written_v == version, "{s}");
        if let (Some(serde_json::Value::Object(input)), serde_json::Value::Object(output)) = (&value, &written) {
            for key in input.keys() {
                assert!(output.contains_key(key), "field {key:?} would be lost by a rewrite of {s}");
            }
        }
    }
}

/// The most a fuzzed keyring's key derivation may cost here (KiB, passes), so the fuzzer
/// stays fast. Fuzz-only: the product's parameters are [`KdfParams::STRONG`].
const FUZZ_KDF_MAX: (u32, u32) = (256, 2);

/// Vault unwrap: input = `passphrase \0 keyring JSON \0 sealed bytes`.
///
/// Any stored keyring either unlocks to the secret key matching its public key or fails with
/// an error (never a panic, never an unbounded allocation); a keyring made here and then
/// tampered with by the input never unlocks to anything but its own key; opening arbitrary
/// sealed bytes fails cleanly.
pub fn vault(data: &[u8]) {
    let mut parts = data.splitn(3, |b| *b == 0);
    let passphrase = text(parts.next().unwrap_or_default());
    let json = parts.next().unwrap_or_default();
    let sealed = parts.next().unwrap_or_default();
    if let Ok(ring) = record::decode_keyring(&text(json)) {
        let ring = cheap(ring);
        if let WrappedSecret::Passphrase { kdf, .. } = &ring.secret {
            if !kdf.accepted() {
                assert_eq!(ring.unlock(Some(&passphrase)).err(), Some(VaultError::DamagedKey));
            }
        }
        if let Ok(secret) = ring.unlock(Some(&passphrase)) {
            assert_eq!(ring.public_key().unwrap().as_bytes(), secret.public_key().as_bytes());
            let _ = vault::open(&secret, sealed);
        }
    }
    tampered(data);
}

/// Lowers a fuzzed keyring's key-derivation cost to at most [`FUZZ_KDF_MAX`] when the product
/// accepts it ([`KdfParams::accepted`]); parameters it does not accept are left as the input
/// says, and must be refused as a damaged key, before any work.
fn cheap(mut ring: Keyring) -> Keyring {
    if let WrappedSecret::Passphrase { kdf, .. } = &mut ring.secret {
        if kdf.accepted() && (kdf.m_kib > FUZZ_KDF_MAX.0 || kdf.t > FUZZ_KDF_MAX.1) {
            *kdf = KdfParams { m_kib: 8 * kdf.p, t: 1, p: kdf.p };
        }
    }
    ring
}

/// A real keyring (cheap parameters, made once per process), its salt, nonce and ciphertext
/// XORed with the input: it unlocks only when untouched, and then to its own key.
fn tampered(mask: &[u8]) {
    use base64::{engine::general_purpose::STANDARD as B64, Engine};
    use std::sync::OnceLock;
    const PASSPHRASE: &str = "fuzz passphrase";
    static RING: OnceLock<(Keyring, [u8; 32])> = OnceLock::new();
    let (ring, key) = RING.get_or_init(|| {
        let (ring, secret) = Keyring::create(Some(PASSPHRASE), KdfParams { m_kib: 8, t: 1, p: 1 }).unwrap();
        (ring, secret.to_bytes())
    });
    let WrappedSecret::Passphrase { kdf, salt, nonce, ct } = &ring.secret else { unreachable!() };
    let mut bytes = mask.iter().copied();
    let mut flip = |b64: &str| -> (String, bool) {
        let mut raw = B64.decode(b64).unwrap();
        let mut changed = false;
        for b in raw.iter_mut() {
            let m = bytes.next().unwrap_or(0);
            changed |= m != 0;
            *b ^= m;
        }
        (B64.encode(raw), changed)
    };
    let (salt, a) = flip(salt);
    let (nonce, b) = flip(nonce);
    let (ct, c) = flip(ct);
    let changed = a || b || c;
    let copy = Keyring { secret: WrappedSecret::Passphrase { kdf: *kdf, salt, nonce, ct }, ..ring.clone() };
    match copy.unlock(Some(PASSPHRASE)) {
        Ok(secret) => {
            assert!(!changed, "a tampered keyring unlocked");
            assert_eq!(&secret.to_bytes(), key);
        }
        Err(e) => {
            assert!(changed, "the untouched keyring failed: {e}");
            assert!(matches!(e, VaultError::WrongPassphrase | VaultError::DamagedKey), "{e:?}");
        }
    }
}

/// Characters an outline line may hold: identifier tokens and the outline's own punctuation.
fn outline_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '#' | '.' | '[' | ']' | '=' | '?' | '*' | ' ')
}

/// The page-outline sanitizer: input = HTML; every element's outline line is checked.
///
/// A line holds only identifier characters and the outline's punctuation, and it stays the
/// same when every attribute value is blanked except id, class, role and type (identifier
/// tokens) and the ARIA states the line shows — those shown as `?` replaced by `?` itself. So
/// text, values, labels and URLs cannot pass, and an ARIA value outside the closed list is
/// never written.
pub fn outline(data: &[u8]) {
    let html = scraper::Html::parse_fragment(&text(data));
    for node in html.tree.root().descendants() {
        let Some(el) = scraper::ElementRef::wrap(node) else { continue };
        let depth = node.ancestors().count();
        let attrs: Vec<(&str, &str)> = el.value().attrs().collect();
        let line = outline::line(depth, el.value().name(), attrs.iter().copied());
        assert!(line.chars().all(outline_char), "{line:?}");
        // Past the tag, every identifier holds known words only (a name, an address or a
        // password in an id or class is written as `*`).
        let body = line.trim_start();
        let ids = body.match_indices(['#', '.']).map(|(i, _)| &body[i + 1..]);
        let values = ["[role=", "[type="].into_iter().flat_map(|k| body.match_indices(k).map(move |(i, _)| &body[i + k.len()..]));
        for rest in ids.chain(values) {
            let t = rest.split(['#', '.', '[', ']', ' ']).next().unwrap_or("");
            assert!(t == "*" || outline::plain(t), "an unknown word in {t:?} of {line:?}");
        }
        let blanked: Vec<(&str, &str)> = attrs
            .iter()
            .map(|&(n, v)| {
                let name = n.to_ascii_lowercase();
                let kept = if matches!(name.as_str(), "id" | "class" | "role" | "type") {
                    v
                } else if line.contains(&format!("[{name}=?]")) {
                    "?"
                } else if line.contains(&format!("[{name}=")) {
                    v
                } else {
                    ""
                };
                (n, kept)
            })
            .collect();
        assert_eq!(outline::line(depth, el.value().name(), blanked), line, "an attribute value leaked");
    }
}

/// The step recognizer over arbitrary HTML: input = a snapshot file (first line
/// `<!-- apg-snapshot host=… path=… -->`, as in tests/snapshots/) or plain HTML (then served
/// as account.apple.com's security page).
///
/// Whatever the page, a step's target is a rendered element (enabled when the step needs
/// it), a detected step belongs to the page's site, and problems are only reported inside the
/// dialog.
pub fn recognize(data: &[u8]) {
    let input = text(data);
    let (host, path, html) = match input.split_once('\n') {
        Some((header, html)) if header.starts_with("<!-- apg-snapshot ") => {
            let field = |name: &str| {
                header.split_whitespace().find_map(|w| w.strip_prefix(name).and_then(|v| v.strip_prefix('='))).unwrap_or("").to_string()
            };
            (field("host"), field("path"), html.to_string())
        }
        _ => ("account.apple.com".to_string(), "/account/manage/section/security".to_string(), input.clone()),
    };
    let snap = Snapshot::new(&host, &path, &html);
    let dom = snap.dom();
    for dialog_ok in [false, true] {
        let found = detect(&dom, dialog_ok);
        if let Some(f) = &found {
            assert!(dom.is_rendered(&f.target), "{} anchored on a hidden element", f.step.id);
            assert_eq!(Some(f.step.site), site_of(&dom.host()));
        }
        let trouble = detect_problem(&dom, dialog_ok);
        assert!(dialog_ok || trouble.is_none(), "a problem outside the dialog");
    }
    for step in JOURNEY.iter().chain(TWO_FACTOR) {
        if let Some(target) = find_target(&dom, step) {
            assert!(dom.is_rendered(&target), "{}", step.id);
            if step.needs_enabled {
                assert!(dom.attr(&target, "disabled").is_none(), "{} on a disabled element", step.id);
            }
        }
    }
    let _ = (in_app_password_dialog(&dom), knows_page_language(&dom));
    for n in dom.select("*").iter().take(64) {
        let folded = fold_text(&dom.text(n));
        assert_eq!(fold_text(&folded), folded, "folding is idempotent");
    }
}

/// Export writers: input = a label. Every format writes it, and that format's importer, as
/// tests/importers/ re-implements its rules, reads back every field exactly; every XML file
/// (KeePass XML, the XML inside KDBX, the mail profile) is well-formed to roxmltree, a parser
/// independent of the writers. The only refusals: a label with a control character other than
/// tab, CR and LF, or with U+FFFE or U+FFFF (XML 1.0 cannot carry them), and Google's
/// 1,000-character limit on notes (which hold the label). The mail profile is written with the
/// label as its name and in its address (`<label>@icloud.com`).
pub fn export(data: &[u8]) {
    let label = text(data);
    let representable =
        !label.chars().any(|c| (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || matches!(c, '\u{FFFE}' | '\u{FFFF}'));
    mail_profile(&label, representable);
    let written = importers::entries(std::slice::from_ref(&label));
    for format in importers::readable_formats() {
        if format == Format::Kdbx {
            // The real Argon2id (64 MiB) would make the fuzzer crawl; roundtrip uses a light KDF
            // and the item check below is the same one the KDBX writer makes.
            let item = export::Item::new(&written[0], &importers::options());
            if representable {
                importers::roundtrip(format, std::slice::from_ref(&label));
            } else {
                assert!(item.is_err(), "{format:?}");
            }
            continue;
        }
        let result = export::export(format, &written, &importers::options());
        if !representable {
            assert_eq!(result, Err(ExportError::Unrepresentable), "{format:?}");
        } else if format == Format::ChromeCsv && importers::expected(&written[0]).notes.chars().count() > 1000 {
            assert!(matches!(result, Err(ExportError::TooLarge(_))), "{format:?}");
        } else {
            importers::roundtrip(format, std::slice::from_ref(&label));
        }
    }
}

/// The mail profile of [`export`]: written only for an address the mail module accepts and a
/// label every format can carry, and then well-formed, with name, address and password read
/// back exactly.
fn mail_profile(label: &str, representable: bool) {
    use app_password_guide::export::mobileconfig::{profile, Profile};
    let address = format!("{label}@icloud.com");
    let password = "abcd-efgh-ijkl-mnop";
    match profile(&Profile { address: &address, password, display_name: label }) {
        Ok(text) => {
            assert!(representable, "a profile was written with {label:?}");
            let strings = importers::plist_strings(&text).unwrap_or_else(|e| panic!("the profile is not well-formed XML: {e}"));
            assert_eq!(strings.get("PayloadDisplayName").map(String::as_str), Some(label));
            assert_eq!(strings.get("EmailAddress"), Some(&address));
            assert_eq!(strings.get("IncomingPassword").map(String::as_str), Some(password));
        }
        Err(ExportError::NotIcloudMail) => {
            assert!(!app_password_guide::mail::is_icloud_address(&address), "{address:?}")
        }
        Err(e) => {
            assert_eq!(e, ExportError::Unrepresentable, "{label:?}");
            assert!(!representable || label.chars().any(char::is_control), "{label:?} refused");
        }
    }
}

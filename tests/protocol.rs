//! The protocol (src/protocol.rs): every kind and who may send it, the background's checks of
//! each request, and that the content module's hand codec and the background's serde types
//! agree on every message they exchange, both ways.
#![cfg(not(target_arch = "wasm32"))]

use app_password_guide::flow::Memory;
use app_password_guide::options::Options;
use app_password_guide::protocol::content::{
    memory_from_plain, memory_to_plain, tab_ack, CaptureAnswer, ContentMessage, GuideOptions, HelloAnswer, Plain, TabMessage,
};
use app_password_guide::protocol::pages::{
    parse, Answer, CaptureReply, Checked, Failure, HelloReply, Request, TabMemory, ToTab, VaultStatusReply,
};
use app_password_guide::protocol::{allowed, tab_key, From, Kind};
use app_password_guide::record::Status;
use app_password_guide::steps::step;
use serde_json::{json, Value};

/// What the content module's JS object would be, as JSON (its codec's other half).
fn to_json(p: &Plain) -> Value {
    match p {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(*b),
        Plain::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, |n| {
            // A whole number as JSON writes it (the browser makes no difference).
            n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map_or(Value::Number(n), |f| Value::from(f as i64))
        }),
        Plain::Text(s) => Value::String(s.clone()),
        Plain::List(l) => Value::Array(l.iter().map(to_json).collect()),
        Plain::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// A JSON value as the content module reads it.
fn to_plain(v: &Value) -> Plain {
    match v {
        Value::Null => Plain::Null,
        Value::Bool(b) => Plain::Bool(*b),
        Value::Number(n) => Plain::Number(n.as_f64().unwrap()),
        Value::String(s) => Plain::Text(s.clone()),
        Value::Array(a) => Plain::List(a.iter().map(to_plain).collect()),
        Value::Object(o) => Plain::Object(o.iter().map(|(k, v)| (k.clone(), to_plain(v))).collect()),
    }
}

fn a_memory() -> Memory {
    Memory {
        last: step("open-app-passwords"),
        signed_in: true,
        copied: false,
        finished: false,
        dismissed: true,
        started: true,
        saved: false,
        seen: 0b1011,
    }
}

fn refusal(msg: Value) -> String {
    match parse(&msg) {
        Ok(_) => panic!("accepted: {msg}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_kind_has_one_wire_name_and_its_senders() {
    for (kind, wire) in Kind::ALL {
        assert_eq!(kind.wire(), wire);
        assert_eq!(Kind::from_wire(wire), Some(kind));
        assert_eq!(Kind::ALL.iter().filter(|(_, w)| *w == wire).count(), 1, "{wire}");
    }
    assert_eq!(Kind::from_wire("restart"), None, "sent to tabs, never accepted");
    let content = [Kind::Hello, Kind::Remember, Kind::Capture, Kind::AppleList];
    for (kind, wire) in Kind::ALL {
        assert_eq!(kind.allowed(From::ApplePage), content.contains(&kind) || kind == Kind::Copied, "{wire}");
        assert_eq!(kind.allowed(From::ExtensionPage), !content.contains(&kind), "{wire}");
        assert_eq!(kind.allowed(From::PrerenderedApplePage), kind == Kind::Hello, "{wire}");
        assert!(!kind.allowed(From::Other), "{wire}");
        assert_eq!(allowed(wire, From::ExtensionPage), kind.allowed(From::ExtensionPage));
    }
    assert!(!allowed("whatever", From::ExtensionPage));
    assert_eq!(tab_key(12), "tab:12");
}

/// The content module's messages are sent as before this codec (the wire did not change).
#[test]
fn the_content_modules_messages_keep_their_wire_form() {
    let memory = a_memory();
    assert_eq!(to_json(&ContentMessage::Hello.encode()), json!({ "kind": "hello" }));
    assert_eq!(to_json(&ContentMessage::Copied.encode()), json!({ "kind": "copied" }));
    assert_eq!(
        to_json(&ContentMessage::Remember(&memory).encode()),
        json!({ "kind": "remember", "memory": {
            "last": "open-app-passwords", "signedIn": true, "copied": false, "finished": false,
            "dismissed": true, "started": true, "saved": false, "seen": 11 } })
    );
    let capture = ContentMessage::Capture { password: "abcd-efgh-ijkl-mnop", label: "Mail", account: None, preset: Some("outlook") };
    assert_eq!(
        to_json(&capture.encode()),
        json!({ "kind": "capture", "password": "abcd-efgh-ijkl-mnop", "label": "Mail", "account": null, "preset": "outlook" })
    );
    let labels = ["A".to_string(), "B".to_string()];
    assert_eq!(to_json(&ContentMessage::AppleList(&labels).encode()), json!({ "kind": "apple-list", "labels": ["A", "B"] }));
    assert_eq!(to_json(&tab_ack()), json!({ "kind": "ok", "ok": true }));
}

#[test]
fn the_background_reads_what_the_content_module_sends() {
    let memory = a_memory();
    let m = |msg: ContentMessage| parse(&to_json(&msg.encode())).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(m(ContentMessage::Hello), Checked::Hello));
    assert!(matches!(m(ContentMessage::Copied), Checked::Copied(None)));
    let Checked::Remember(stored) = m(ContentMessage::Remember(&memory)) else { panic!("not remember") };
    // Stored as the background keeps it, and read back by the content module: the same memory.
    assert_eq!(memory_from_plain(&to_plain(&serde_json::to_value(&stored).unwrap())), memory);
    let capture = ContentMessage::Capture { password: "abcd-efgh-ijkl-mnop", label: "Mail", account: Some("a@icloud.com"), preset: None };
    let Checked::Capture(c) = m(capture) else { panic!("not capture") };
    assert_eq!(
        (c.password.as_str(), c.label.as_str(), c.account.as_deref(), c.preset),
        ("abcd-efgh-ijkl-mnop", "Mail", Some("a@icloud.com"), None)
    );
    let labels = ["Mail".to_string(), "x".repeat(300)];
    let Checked::AppleList(seen) = m(ContentMessage::AppleList(&labels)) else { panic!("not apple-list") };
    assert_eq!(seen, vec!["Mail".to_string(), "x".repeat(256)]);
    for msg in [ContentMessage::Hello, ContentMessage::Remember(&memory), ContentMessage::Copied] {
        assert!(m(msg).kind().allowed(From::ApplePage));
    }
}

#[test]
fn the_content_module_reads_what_the_background_sends() {
    let memory = TabMemory::check(&to_json(&memory_to_plain(&a_memory()))).unwrap();
    let options =
        Options { custom_label: "My NAS".into(), default_preset: Some("spark"), clipboard_clear_seconds: 0, ..Options::default() };
    let hello = HelloReply { version: "9.9.9", memory: memory.clone(), options: options.to_json() };
    let sent = serde_json::to_value(Answer { ok: true, body: &hello }).unwrap();
    let read = HelloAnswer::decode(Some(&to_plain(&sent)));
    assert_eq!(read.version.as_deref(), Some("9.9.9"));
    assert_eq!(read.memory, Some(a_memory()));
    let guide = GuideOptions {
        template: String::new(),
        device: String::new(),
        custom: "My NAS".into(),
        default_preset: Some("spark".into()),
        clipboard_clear_seconds: 0,
        auto_start: Some(true),
    };
    assert_eq!(read.options, guide);
    // No answer: no memory, the options' defaults.
    assert_eq!(HelloAnswer::decode(None).memory, None);
    assert_eq!(HelloAnswer::decode(None).options.clipboard_clear_seconds, 30);
    // A fresh tab: only `dismissed` matters.
    let fresh = HelloReply { version: "1", memory: TabMemory { dismissed: true, ..TabMemory::default() }, options: options.to_json() };
    let read = HelloAnswer::decode(Some(&to_plain(&serde_json::to_value(Answer { ok: true, body: &fresh }).unwrap())));
    assert_eq!(read.memory, Some(Memory { dismissed: true, ..Memory::default() }));

    let restart = to_plain(&serde_json::to_value(ToTab::Restart).unwrap());
    assert_eq!(TabMessage::decode(&restart), TabMessage::Restart);
    let pushed = to_plain(&serde_json::to_value(ToTab::Options { options: options.to_json() }).unwrap());
    assert_eq!(TabMessage::decode(&pushed), TabMessage::Options(guide));
    assert_eq!(TabMessage::decode(&Plain::Null), TabMessage::Other);

    let saved = serde_json::to_value(Answer { ok: true, body: &CaptureReply { id: "ab".into(), duplicate: false } }).unwrap();
    assert_eq!(CaptureAnswer::decode(Some(&to_plain(&saved))), CaptureAnswer { ok: true, error: None });
    let full = serde_json::to_value(Failure { ok: false, error: "error_storage_full".into() }).unwrap();
    assert_eq!(CaptureAnswer::decode(Some(&to_plain(&full))), CaptureAnswer { ok: false, error: Some("error_storage_full".into()) });
    assert_eq!(CaptureAnswer::decode(None), CaptureAnswer { ok: false, error: None });
}

#[test]
fn the_pages_requests_are_read_as_sent() {
    let sent = |r: Request| serde_json::to_value(r).unwrap();
    let unlock = sent(Request::Unlock { passphrase: Some("correct horse".into()) });
    assert_eq!(unlock, json!({ "kind": "unlock", "passphrase": "correct horse" }));
    assert!(matches!(parse(&unlock), Ok(Checked::Unlock(p)) if p == "correct horse"));
    let first = sent(Request::SetPassphrase { passphrase: Some("a".into()), current: None });
    assert_eq!(first, json!({ "kind": "set-passphrase", "passphrase": "a" }));
    assert!(matches!(parse(&first), Ok(Checked::SetPassphrase { current: None, new }) if new == "a"));
    let status = sent(Request::SetStatus { id: Some("0a".into()), status: Some("revoked".into()) });
    assert!(matches!(parse(&status), Ok(Checked::SetStatus(id, Status::Revoked)) if id == "0a"));
    let ids = sent(Request::ExportData { ids: Some(vec![json!("01"), json!("ff")]) });
    assert!(matches!(parse(&ids), Ok(Checked::ExportData(ids)) if ids == ["01", "ff"]));
    assert!(matches!(parse(&sent(Request::GuideMe { window_id: Some(7.0) })), Ok(Checked::GuideMe(Some(7)))));
    assert_eq!(sent(Request::GuideMe { window_id: None }), json!({ "kind": "guide-me" }));
    assert!(matches!(parse(&sent(Request::GetOptions)), Ok(Checked::GetOptions)));
    for r in [Request::VaultStatus, Request::Lock, Request::GetOptions] {
        assert!(parse(&sent(r)).unwrap().kind().allowed(From::ExtensionPage));
    }
}

/// The reasons the background gives (tests/e2e/safety-chromium.test.mjs matches some).
#[test]
fn malformed_requests_are_refused_with_a_reason() {
    assert_eq!(refusal(json!({})), "message without a kind");
    assert_eq!(refusal(json!("hello")), "message without a kind");
    assert_eq!(refusal(json!({ "kind": 3 })), "message without a kind");
    assert_eq!(refusal(json!({ "kind": "whatever" })), "unknown message kind: whatever");
    assert_eq!(refusal(json!({ "kind": "capture", "label": "x" })), "capture without a password");
    assert_eq!(refusal(json!({ "kind": "capture", "password": 5 })), "capture without a password");
    assert_eq!(refusal(json!({ "kind": "remember", "memory": { "last": "nope" } })), "memory names an unknown step");
    assert_eq!(refusal(json!({ "kind": "remember" })), "memory is not an object");
    assert_eq!(refusal(json!({ "kind": "apple-list", "labels": vec!["x"; 101] })), "too many labels");
    assert_eq!(refusal(json!({ "kind": "unlock" })), "unlock without a passphrase");
    assert_eq!(refusal(json!({ "kind": "set-passphrase", "current": "a" })), "no new passphrase");
    assert_eq!(refusal(json!({ "kind": "reveal" })), "no entry id");
    for id in ["", "xyz", "../keyring", &"a".repeat(65)] {
        assert_eq!(refusal(json!({ "kind": "reveal", "id": id })), "not an entry id", "{id}");
        assert_eq!(refusal(json!({ "kind": "delete", "id": id })), "not an entry id", "{id}");
    }
    assert_eq!(refusal(json!({ "kind": "export-data", "ids": [] })), "an export names 1 to 1000 entries");
    assert_eq!(refusal(json!({ "kind": "export-data", "ids": vec!["a"; 1001] })), "an export names 1 to 1000 entries");
    assert_eq!(refusal(json!({ "kind": "export-data", "ids": ["a", 3] })), "no entry id");
    assert_eq!(refusal(json!({ "kind": "set-status", "id": "a", "status": "gone" })), "status must be active or revoked");
    assert_eq!(refusal(json!({ "kind": "set-options", "options": 3 })), "error_option_invalid");
    for w in [json!(-1), json!(2.5), json!("3"), json!(4e9)] {
        assert_eq!(refusal(json!({ "kind": "guide-me", "windowId": w })), "not a window id", "{w}");
    }
    assert!(matches!(parse(&json!({ "kind": "guide-me", "windowId": null })), Ok(Checked::GuideMe(None))));
    // Fields of the wrong type read as missing where they may be missing.
    let Ok(Checked::Capture(c)) = parse(&json!({ "kind": "capture", "password": "p", "label": 1, "account": [] })) else { panic!() };
    assert_eq!((c.label.as_str(), c.account), ("", None));
}

#[test]
fn a_tab_memory_keeps_only_what_it_knows() {
    let m = TabMemory::check(&json!({ "last": "sign-in", "signedIn": "yes", "started": true, "seen": 70000, "extra": 1 })).unwrap();
    assert_eq!(m, TabMemory { last: Some("sign-in".into()), started: true, ..TabMemory::default() });
    assert_eq!(TabMemory::check(&json!({ "seen": 2.5 })).unwrap().seen, 0);
    assert_eq!(TabMemory::check(&json!({ "last": 4, "seen": 3 })).unwrap(), TabMemory { seen: 3, ..TabMemory::default() });
    assert_eq!(TabMemory::lenient(&json!({ "last": "nope", "dismissed": true })), TabMemory { dismissed: true, ..TabMemory::default() });
    assert_eq!(
        serde_json::to_value(TabMemory::default()).unwrap(),
        json!({ "last": null, "signedIn": false, "copied": false, "finished": false, "dismissed": false, "started": false, "saved": false, "seen": 0 })
    );
}

#[test]
fn a_new_tab_goes_on_with_a_running_journey_only() {
    let running = TabMemory {
        last: Some("open-app-passwords".into()),
        signed_in: true,
        started: true,
        copied: true,
        seen: 5,
        ..TabMemory::default()
    };
    let inherited = running.inherited().unwrap();
    assert_eq!(
        inherited,
        TabMemory { last: Some("open-app-passwords".into()), signed_in: true, started: true, seen: 5, ..TabMemory::default() }
    );
    assert_eq!(TabMemory { started: false, ..running.clone() }.inherited(), None);
    assert_eq!(TabMemory { dismissed: true, ..running.clone() }.inherited(), None);
    assert_eq!(TabMemory { finished: true, ..running.clone() }.inherited(), None);
    // A step inside Apple's dialogs does not carry to a new tab.
    let in_dialog = TabMemory { last: Some("generate".into()), ..running };
    assert_eq!(in_dialog.inherited().unwrap().last, None);
}

#[test]
fn the_vault_status_reads_back_on_the_page() {
    let status = json!({ "ok": true, "protected": true, "unlocked": false, "newer": 0, "appleList": null,
        "entries": [{ "id": "ab", "label": "Mail", "account": null, "created": "2026-01-01T00:00:00Z", "preset": null, "status": "active" }],
        "damaged": [{ "key": "entry:cd", "reason": "damaged" }] });
    let read: VaultStatusReply = serde_json::from_value(status.clone()).unwrap();
    assert_eq!(read.entries[0].status, Status::Active);
    assert_eq!(read.apple_list, None);
    let again = serde_json::to_value(Answer { ok: true, body: &read }).unwrap();
    assert_eq!(again, status);
}

/// The popup offers "Revoked at Apple?" only for an active entry saved before Apple's list was
/// seen, whose label is not in it.
#[test]
fn an_entry_gone_from_apples_list_is_offered_to_be_marked_revoked() {
    use app_password_guide::protocol::pages::{gone_from_apple, AppleList, EntryView};
    let entry = EntryView {
        id: "ab".into(),
        label: " Mail ".into(),
        account: None,
        created: "2026-01-01T10:00:00.000Z".into(),
        preset: None,
        status: Status::Active,
    };
    let list = |labels: &[&str], seen: &str| AppleList { labels: labels.iter().map(|l| l.to_string()).collect(), seen: seen.into() };
    let later = "2026-01-02T10:00:00.000Z";
    assert!(gone_from_apple(&entry, Some(&list(&["Calendar"], later))));
    assert!(gone_from_apple(&entry, Some(&list(&[], later))), "an empty list: every one is gone");
    assert!(!gone_from_apple(&entry, Some(&list(&["Mail  "], later))), "still there (spaces around ignored)");
    assert!(gone_from_apple(&entry, Some(&list(&["mail"], later))), "labels are compared as they are (case too)");
    assert!(!gone_from_apple(&entry, Some(&list(&["Calendar"], "2026-01-01T09:00:00.000Z"))), "saved after the list was seen");
    assert!(!gone_from_apple(&entry, None), "the list was not seen");
    let revoked = EntryView { status: Status::Revoked, ..entry };
    assert!(!gone_from_apple(&revoked, Some(&list(&["Calendar"], later))), "already marked");
}

/// Every error the user is told about names a message of every locale, and is read back from
/// the wire as itself; any other reason is shown as the background's failure.
#[test]
fn errors_for_the_user_name_their_message() {
    use app_password_guide::protocol::error::{AppError, Shown};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("extension/_locales");
    for locale in std::fs::read_dir(&dir).unwrap() {
        let path = locale.unwrap().path().join("messages.json");
        let messages: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (_, name) in Shown::ALL {
            assert!(messages[name]["message"].is_string(), "{name} in {}", path.display());
        }
    }
    for (shown, name) in Shown::ALL {
        assert_eq!(shown.name(), name);
        let error = AppError::from(shown);
        assert_eq!(error.to_string(), name, "sent as its name");
        assert_eq!(AppError::from_wire(name), error);
        assert_eq!(error.message(), name);
    }
    let refused = AppError::from_wire("not an entry id");
    assert_eq!(refused, AppError::Refused("not an entry id".into()));
    assert_eq!(refused.message(), "error_background");
    assert_eq!(AppError::from_wire("error_made_up").message(), "error_background", "no guessing from the spelling");
    // The content module tells these two apart (protocol::content::CaptureAnswer).
    assert_eq!(Shown::StorageFull.name(), "error_storage_full");
    assert_eq!(Shown::NewerData.name(), "error_newer_data");
}

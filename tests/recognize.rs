//! Page recognition on HTML snapshots shaped like Apple's pages (see the field guide).
#![cfg(not(target_arch = "wasm32"))]

#[cfg(not(target_arch = "wasm32"))]
mod snapshot;

use app_password_guide::dom::Dom;
use app_password_guide::recognize::{detect, detect_problem, find_target};
use app_password_guide::steps::{index_of, JOURNEY};
use snapshot::Snapshot;

const ACCOUNT: &str = "account.apple.com";
const SECURITY: &str = "/account/manage/section/security";

fn security_page(tile_title: &str, dialog: &str) -> String {
    format!(
        r#"<html><body><div id="root">
        <nav aria-label="Side Navigation"><ul class="side-nav-list">
          <li><a class="side-nav-link" href="/account/manage/section/information">Personal Information</a></li>
          <li><a class="side-nav-link" aria-current="page" href="/account/manage/section/security">Sign-In and Security</a></li>
        </ul></nav>
        <main><h1 class="page-title">Sign-In and Security</h1>
          <div class="tiles">
            <button class="button button-bare button-expand button-rounded-rectangle"><h3 class="card-title">Password</h3><div class="card-line">Last updated</div></button>
            <button class="button button-bare button-expand button-rounded-rectangle" id="asp"><h3 class="card-title">{tile_title}</h3><div class="card-line">View details</div></button>
            <button class="button button-bare button-expand button-rounded-rectangle"><h3 class="card-title">Account Security</h3></button>
          </div></main></div>{dialog}</body></html>"#
    )
}

fn step_at(snap: &Snapshot) -> Option<&'static str> {
    detect(&snap.dom(), true).map(|f| f.step.id)
}

#[test]
fn security_section_points_at_the_tile_in_each_language() {
    for title in ["App-Specific Passwords", "App-spezifische Passwörter", "Mots de passe pour applications", "アプリ用パスワード", "Hasła aplikacji", "应用专用密码"] {
        let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page(title, ""));
        let found = detect(&snap.dom(), true).unwrap_or_else(|| panic!("nothing found for {title}"));
        assert_eq!(found.step.id, "open-app-passwords");
        assert_eq!(snap.dom().attr(&found.target, "id").as_deref(), Some("asp"), "{title}");
    }
}

#[test]
fn another_section_points_at_the_security_link() {
    let snap = Snapshot::new(ACCOUNT, "/account/manage/section/information", &security_page("Something else", ""));
    assert_eq!(step_at(&snap), Some("open-security"));
}

#[test]
fn unknown_tile_text_finds_nothing_rather_than_guessing() {
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("Renamed beyond recognition", ""));
    assert_eq!(step_at(&snap), None);
}

#[test]
fn two_tiles_with_the_same_title_are_ambiguous() {
    let page = security_page("App-Specific Passwords", "").replace("<h3 class=\"card-title\">Password</h3>", "<h3 class=\"card-title\">App-Specific Passwords</h3>");
    let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
    let step = &JOURNEY[index_of("open-app-passwords").unwrap()];
    assert!(find_target(&snap.dom(), step).is_none());
}

#[test]
fn hosts_outside_apple_are_ignored() {
    let snap = Snapshot::new("example.com", SECURITY, &security_page("App-Specific Passwords", ""));
    assert_eq!(step_at(&snap), None);
}

#[test]
fn hidden_targets_do_not_count() {
    let page = security_page("App-Specific Passwords", "").replace("id=\"asp\"", "id=\"asp\" hidden");
    let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
    assert_eq!(step_at(&snap), None);
}

fn dialog(body: &str) -> String {
    format!(
        r#"<aside class="modal modal-blurry-overlay"><div class="modal-dialog" role="dialog" aria-label="App-Specific Passwords">
        <div class="modal-close"><button aria-label="Close">×</button></div>
        <div class="modal-content"><div class="modal-body">{body}</div></div></div></aside>"#
    )
}

#[test]
fn dialog_states_give_their_steps() {
    let cases = [
        (r#"<p>No passwords</p><button class="button button-rounded-rectangle">Generate an app-specific password</button>"#, "generate"),
        (r#"<ul class="card-list"><li class="card-list-item"><span class="card-title">Mail</span></li></ul><button class="button button-icon" aria-label="Add">+</button>"#, "generate"),
        (r#"<form class="modal-form"><input class="form-textbox-input" type="text"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle" aria-disabled="true">Create</button></div></form>"#, "label"),
        (r#"<form class="modal-form"><input class="form-textbox-input" type="text" value="Mail"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle" aria-disabled="false">Create</button></div></form>"#, "create"),
        (r#"<form class="modal-form"><input class="form-textbox-input" type="password"><div class="modal-button-bar"><button type="submit">Continue</button></div></form>"#, "confirm-password"),
        (r#"<p>Your password:</p><p class="pw">abcd-efgh-ijkl-mnop</p><div class="modal-button-bar"><button>Done</button></div>"#, "copy"),
        (r#"<input class="form-textbox-input" readonly value="abcd-efgh-ijkl-mnop"><div class="modal-button-bar"><button>Done</button></div>"#, "copy"),
    ];
    for (body, want) in cases {
        let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(body)));
        assert_eq!(step_at(&snap), Some(want), "{body}");
    }
}

#[test]
fn the_password_target_is_the_innermost_element() {
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(r#"<div><p class="pw">abcd-efgh-ijkl-mnop</p></div><button>Done</button>"#)));
    let found = detect(&snap.dom(), true).unwrap();
    assert_eq!(snap.dom().attr(&found.target, "class").as_deref(), Some("pw"));
}

#[test]
fn sign_in_page_points_at_the_frame_and_icloud_at_the_menu() {
    let snap = Snapshot::new(ACCOUNT, "/sign-in", r#"<main><iframe id="aid-auth-widget-iFrame" name="aid-auth-widget" src="https://idmsa.apple.com/appleauth/auth/authorize/signin"></iframe></main>"#);
    assert_eq!(step_at(&snap), Some("sign-in"));
    let icloud = Snapshot::new("www.icloud.com", "/", r#"<header><button aria-label="Account">AB</button></header>"#);
    assert_eq!(step_at(&icloud), Some("icloud-open-account"));
    let open = Snapshot::new("www.icloud.com", "/", r#"<header><button aria-label="Account">AB</button><div role="menu"><a role="menuitem" href="https://account.apple.com/">Manage Apple Account</a></div></header>"#);
    let found = detect(&open.dom(), true).unwrap();
    assert_eq!(open.dom().text(&found.target), "Manage Apple Account");
}

#[test]
fn a_password_shaped_account_password_is_never_read() {
    // Someone types an old app password into the confirm dialog's password field.
    let confirm = r#"<form class="modal-form"><input class="form-textbox-input" type="password" value="abcd-efgh-ijkl-mnop"><div class="modal-button-bar"><button type="submit">Continue</button></div></form>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(confirm)));
    assert_eq!(step_at(&snap), Some("confirm-password"));
    let field = snap.dom().select("input[type=password]").pop().unwrap();
    assert_eq!(snap.dom().value(&field), None);
}

#[test]
fn another_apple_dialog_is_not_the_app_password_dialog() {
    // Hide My Email and other editors use the same dialog, input and button classes.
    let hide_my_email = r#"<aside class="modal"><div class="modal-dialog" role="dialog" aria-label="Hide My Email"><div class="modal-body">
        <form class="modal-form"><input class="form-textbox-input" type="text" value="Newsletter"><div class="form-message-wrapper"><span class="form-message">Too long</span></div>
        <div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle">Create</button></div></form></div></div></aside>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", hide_my_email));
    assert!(!app_password_guide::recognize::in_app_password_dialog(&snap.dom()));
    let found = detect(&snap.dom(), false).map(|f| f.step.id);
    assert_eq!(found, Some("open-app-passwords"), "outside the journey, the dialog's controls are not steps");
    assert!(detect_problem(&snap.dom(), false).is_none(), "nor its errors our problems");
    let ours = hide_my_email.replace("Hide My Email", "App-Specific Passwords");
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &ours));
    assert!(app_password_guide::recognize::in_app_password_dialog(&snap.dom()));
}

#[test]
fn an_enabled_create_waits_while_the_label_is_empty() {
    // Apple's markup is unknown: a Create that is always enabled must not skip the label step.
    let form = r#"<form class="modal-form"><input class="form-textbox-input" type="text" value=""><div class="modal-button-bar"><button type="submit">Create</button></div></form>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(form)));
    assert_eq!(step_at(&snap), Some("label"));
}

/// Page languages added with their words (sources in `steps.rs`): the tile's title, which is
/// also the dialog's name, the empty state's button, and the "+" button's title where known.
const ADDED_LANGUAGES: &[(&str, &str, &str, Option<&str>)] = &[
    ("es", "Contraseñas específicas de app", "Generar una contraseña específica de app", Some("Añadir")),
    ("es-MX", "Contraseñas específicas de apps", "Generar una contraseña específica de app", Some("Agregar")),
    ("it", "Password specifiche per le app", "Genera una password specifica per l’app", None),
    ("ko", "앱 암호", "앱 암호 생성", Some("추가")),
    ("pt-BR", "Senhas específicas de apps", "Gerar uma senha específica de app", Some("Adicionar")),
    ("zh-CN", "App 专用密码", "生成 App 专用密码", Some("添加")),
];

fn in_language(lang: &str, page: String) -> String {
    page.replacen("<html>", &format!(r#"<html lang="{lang}">"#), 1)
}

fn named_dialog(name: &str, body: &str) -> String {
    dialog(body).replace(r#"aria-label="App-Specific Passwords""#, &format!(r#"aria-label="{name}""#))
}

#[test]
fn added_languages_find_the_tile_the_dialog_and_generate_by_their_words() {
    use app_password_guide::recognize::{find_one, in_app_password_dialog, knows_page_language};
    use app_password_guide::steps::step;
    let structure_only = &step("generate").unwrap().finders[4..];
    for &(lang, tile, generate, add) in ADDED_LANGUAGES {
        let page = in_language(lang, security_page(tile, ""));
        let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
        assert!(knows_page_language(&snap.dom()), "{lang} is a known page language");
        let found = detect(&snap.dom(), true).unwrap_or_else(|| panic!("{lang}: no step"));
        assert_eq!((found.step.id, snap.dom().attr(&found.target, "id").as_deref()), ("open-app-passwords", Some("asp")), "{lang}: the tile");

        // The generate button wrapped where the structural way cannot see it: only its words find it.
        let body = format!(r#"<div class="empty"><p>…</p><button class="button button-rounded-rectangle" id="gen">{generate}</button></div>"#);
        let snap = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &body))));
        let dom = snap.dom();
        assert!(in_app_password_dialog(&dom), "{lang}: the dialog is recognised by its name");
        assert!(find_one(&dom, structure_only, false).is_none(), "{lang}: structure alone finds nothing here");
        let found = detect(&dom, true).unwrap();
        assert_eq!((found.step.id, dom.attr(&found.target, "id").as_deref()), ("generate", Some("gen")), "{lang}: generate by its words");

        // The same dialog under another name is not ours; the button under other words is not Generate.
        let other = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog("Hide My Email", &body))));
        assert!(!in_app_password_dialog(&other.dom()), "{lang}: another dialog");
        let renamed = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &body.replace(generate, "⟦zzz⟧")))));
        assert_ne!(detect(&renamed.dom(), true).map(|f| f.step.id), Some("generate"), "{lang}: unknown words are not Generate");

        // With passwords listed, the "+" is found by its title where Apple's word is known.
        let list = r#"<ul class="card-list"><li class="card-list-item"><span class="card-title">Mail</span></li></ul>"#;
        let plus = format!(r#"{list}<button class="button button-icon" id="plus" title="{}">+</button>"#, add.unwrap_or("Aggiungi"));
        let snap = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &plus))));
        let at = detect(&snap.dom(), true).map(|f| (f.step.id, snap.dom().attr(&f.target, "id")));
        match add {
            Some(_) => assert_eq!(at, Some(("generate", Some("plus".to_string()))), "{lang}: the + by its title"),
            None => assert_eq!(at.map(|a| a.0), Some("open-app-passwords"), "{lang}: no word for Add, no guess"),
        }
    }
}

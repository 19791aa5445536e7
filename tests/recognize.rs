//! Page recognition on HTML snapshots shaped like Apple's pages (see the field guide).
#![cfg(not(target_arch = "wasm32"))]

#[cfg(not(target_arch = "wasm32"))]
mod snapshot;

use app_password_guide::dom::Dom;
use app_password_guide::recognize::{detect, detect_problem, find_target};
use app_password_guide::steps::{index_of, step_of, Id, JOURNEY};
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

fn step_at(snap: &Snapshot) -> Option<Id> {
    detect(&snap.dom(), true).map(|f| f.step.id)
}

#[test]
fn security_section_points_at_the_tile_in_each_language() {
    for title in [
        "App-Specific Passwords",
        "App-spezifische Passwörter",
        "Mots de passe pour applications",
        "アプリ用パスワード",
        "Hasła aplikacji",
        "应用专用密码",
    ] {
        let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page(title, ""));
        let found = detect(&snap.dom(), true).unwrap_or_else(|| panic!("nothing found for {title}"));
        assert_eq!(found.step.id, Id::OpenAppPasswords);
        assert_eq!(snap.dom().attr(&found.target, "id").as_deref(), Some("asp"), "{title}");
    }
}

#[test]
fn another_section_points_at_the_security_link() {
    let page = security_page("Something else", "")
        .replace(
            r#"<a class="side-nav-link" aria-current="page" href="/account/manage/section/security">"#,
            r#"<a class="side-nav-link" href="/account/manage/section/security">"#,
        )
        .replace(r#"<h1 class="page-title">Sign-In and Security</h1>"#, r#"<h1 class="page-title">Personal Information</h1>"#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage/section/information", &page);
    assert_eq!(step_at(&snap), Some(Id::OpenSecurity));
}

#[test]
fn unknown_tile_text_finds_nothing_rather_than_guessing() {
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("Renamed beyond recognition", ""));
    assert_eq!(step_at(&snap), None);
}

#[test]
fn two_tiles_with_the_same_title_are_ambiguous() {
    let page = security_page("App-Specific Passwords", "")
        .replace("<h3 class=\"card-title\">Password</h3>", "<h3 class=\"card-title\">App-Specific Passwords</h3>");
    let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
    let step = &JOURNEY[index_of(Id::OpenAppPasswords).unwrap()];
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
        (
            r#"<ul class="card-list"><li class="card-list-item"><span class="card-title">Mail</span></li></ul><button class="button button-icon" aria-label="Add">+</button>"#,
            "generate",
        ),
        (
            r#"<form class="modal-form"><input class="form-textbox-input" type="text"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle" aria-disabled="true">Create</button></div></form>"#,
            "label",
        ),
        (
            r#"<form class="modal-form"><input class="form-textbox-input" type="text" value="Mail"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle" aria-disabled="false">Create</button></div></form>"#,
            "create",
        ),
        (
            r#"<form class="modal-form"><input class="form-textbox-input" type="password"><div class="modal-button-bar"><button type="submit">Continue</button></div></form>"#,
            "confirm-password",
        ),
        (r#"<p>Your password:</p><p class="pw">abcd-efgh-ijkl-mnop</p><div class="modal-button-bar"><button>Done</button></div>"#, "copy"),
        (
            r#"<input class="form-textbox-input" readonly value="abcd-efgh-ijkl-mnop"><div class="modal-button-bar"><button>Done</button></div>"#,
            "copy",
        ),
    ];
    for (body, want) in cases {
        let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(body)));
        assert_eq!(step_at(&snap).map(Id::as_str), Some(want), "{body}");
    }
}

#[test]
fn the_password_target_is_the_innermost_element() {
    let snap = Snapshot::new(
        ACCOUNT,
        SECURITY,
        &security_page("App-Specific Passwords", &dialog(r#"<div><p class="pw">abcd-efgh-ijkl-mnop</p></div><button>Done</button>"#)),
    );
    let found = detect(&snap.dom(), true).unwrap();
    assert_eq!(snap.dom().attr(&found.target, "class").as_deref(), Some("pw"));
}

#[test]
fn sign_in_page_points_at_the_frame_and_icloud_at_the_menu() {
    let snap = Snapshot::new(
        ACCOUNT,
        "/sign-in",
        r#"<main><iframe id="aid-auth-widget-iFrame" name="aid-auth-widget" src="https://idmsa.apple.com/appleauth/auth/authorize/signin"></iframe></main>"#,
    );
    assert_eq!(step_at(&snap), Some(Id::SignIn));
    let icloud = Snapshot::new("www.icloud.com", "/", r#"<header><button aria-label="Account">AB</button></header>"#);
    assert_eq!(step_at(&icloud), Some(Id::IcloudOpenAccount));
    let open = Snapshot::new(
        "www.icloud.com",
        "/",
        r#"<header><button aria-label="Account">AB</button><div role="menu"><a role="menuitem" href="https://account.apple.com/">Manage Apple Account</a></div></header>"#,
    );
    let found = detect(&open.dom(), true).unwrap();
    assert_eq!(open.dom().text(&found.target), "Manage Apple Account");
}

#[test]
fn a_password_shaped_account_password_is_never_read() {
    // Someone types an old app password into the confirm dialog's password field.
    let confirm = r#"<form class="modal-form"><input class="form-textbox-input" type="password" value="abcd-efgh-ijkl-mnop"><div class="modal-button-bar"><button type="submit">Continue</button></div></form>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(confirm)));
    assert_eq!(step_at(&snap), Some(Id::ConfirmPassword));
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
    assert_eq!(found, Some(Id::OpenAppPasswords), "outside the journey, the dialog's controls are not steps");
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
    assert_eq!(step_at(&snap), Some(Id::Label));
}

/// The App-Specific Passwords dialog as the replica marks it: modal.
fn modal(name: &str, body: &str) -> String {
    format!(
        r#"<aside class="modal"><div class="modal-dialog" role="dialog" aria-modal="true" aria-label="{name}">
        <div class="modal-close"><button aria-label="Close">×</button></div>
        <div class="modal-content"><div class="modal-body">{body}</div></div></div></aside>"#
    )
}

const EMPTY_FORM: &str = r#"<form class="modal-form"><input class="form-textbox-input" type="text"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle" aria-disabled="true">Create</button></div></form>"#;

#[test]
fn the_page_behind_a_modal_dialog_is_no_target() {
    // The dialog is open but still loading: the tile under it cannot be clicked.
    let loading = modal("App-Specific Passwords", r#"<div class="spinner" role="progressbar"></div>"#);
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &loading));
    assert_eq!(step_at(&snap), None);
    // Apple's blurring overlay blocks the page too, with or without aria-modal.
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(r#"<div class="spinner"></div>"#)));
    assert_eq!(step_at(&snap), None);
    // A dialog neither marked modal nor in the overlay is not known to block the page: the
    // tile still counts.
    let bare = r#"<div class="modal-dialog" role="dialog" aria-label="App-Specific Passwords"><div class="spinner"></div></div>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", bare));
    assert_eq!(step_at(&snap), Some(Id::OpenAppPasswords));
}

#[test]
fn only_the_frontmost_modal_dialog_counts() {
    // Hide My Email left open under Apple's dialog, with its own Add, field and enabled Create.
    let under = modal(
        "Hide My Email",
        r#"<button class="button button-icon" aria-label="Add">+</button>
        <form class="modal-form"><input class="form-textbox-input" type="text" value="News"><div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle">Create</button></div></form>"#,
    );
    let list = modal(
        "App-Specific Passwords",
        r#"<ul class="card-list"><li class="card-list-item"><span class="card-title">Mail</span></li></ul><button class="button button-icon" id="ours" aria-label="Add">+</button>"#,
    );
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &format!("{under}{list}")));
    let found = detect(&snap.dom(), true).expect("the Add of the frontmost dialog");
    assert_eq!((found.step.id.as_str(), snap.dom().attr(&found.target, "id").as_deref()), ("generate", Some("ours")));

    // A non-modal panel beside it, of the same design system, with an enabled Create.
    let panel = r#"<div class="modal-dialog" role="dialog" aria-label="Chat"><form class="modal-form"><input class="form-textbox-input" type="text" value="hi">
        <div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle">Create</button></div></form></div>"#;
    let page = security_page("App-Specific Passwords", &format!("{panel}{}", modal("App-Specific Passwords", EMPTY_FORM)));
    let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
    let found = detect(&snap.dom(), true).expect("the label field");
    assert_eq!(found.step.id, Id::Label);
    assert_eq!(snap.dom().value(&found.target).as_deref(), Some(""), "our empty field, not the panel's");
}

#[test]
fn a_panel_is_not_ours_while_ours_is_away() {
    // Mid-journey (`dialog_ok`), Apple's dialog re-mounting or closed, and a non-modal panel of
    // the same design system open beside the page with an empty field and a Create: the
    // guide once pointed its label hint at the panel's field.
    let panel = r#"<div class="modal-dialog" role="dialog" aria-label="Hide My Email"><form class="modal-form"><input class="form-textbox-input" type="text" id="hme">
        <div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle">Create</button></div></form></div>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", panel));
    assert_eq!(step_at(&snap), Some(Id::OpenAppPasswords), "the page's tile, not the panel's field");
    // Nor are the panel's errors ours.
    let error = r#"<div class="form-message-wrapper"><span class="form-message">Too long</span></div>"#;
    let failing = panel
        .replace("</form>", &format!("{error}<p role=\"alert\">Couldn't create app-specific password</p></form>"))
        .replace(r#"id="hme">"#, &format!(r#"id="hme">{error}"#));
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &failing));
    assert!(detect(&snap.dom(), false).is_some(), "the page is recognised");
    assert_eq!(detect_problem(&snap.dom(), true).map(|t| t.problem.id), None, "the panel's errors are not ours");
    // The same form in a dialog named ours counts, modal or not.
    let ours = panel.replace("Hide My Email", "App-Specific Passwords");
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &ours));
    assert_eq!(step_at(&snap), Some(Id::Label));
    // And in the frontmost modal dialog, named or not (the password confirmation that follows ours).
    let snap = Snapshot::new(
        ACCOUNT,
        SECURITY,
        &security_page("App-Specific Passwords", &format!("{panel}{}", modal("Confirm Your Password", EMPTY_FORM))),
    );
    assert_eq!(step_at(&snap), Some(Id::Label));
    // Apple's overlay makes a dialog frontmost without aria-modal: the password confirmation as
    // the real site marks it up (as far as is known).
    let confirm = r#"<aside class="modal modal-blurry-overlay"><div class="modal-dialog" role="dialog" aria-label="Confirm Your Password"><div class="modal-content"><div class="modal-body">
        <form class="modal-form"><input class="form-textbox-input" type="password"><div class="modal-button-bar"><button type="submit">Continue</button></div></form></div></div></div></aside>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &format!("{panel}{confirm}")));
    assert_eq!(step_at(&snap), Some(Id::ConfirmPassword));
}

#[test]
fn a_popover_inside_the_dialog_does_not_hide_the_dialog() {
    // A [role=dialog] popover (a help bubble) inside ours, both in Apple's overlay: ours stays
    // the frontmost dialog, and its Generate a target.
    let body = r#"<button class="button button-rounded-rectangle">Generate an app-specific password</button>
        <div class="popover" role="dialog" aria-label="Help"><p>What is this?</p></div>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &dialog(body)));
    assert_eq!(step_at(&snap), Some(Id::Generate));
}

#[test]
fn a_filled_label_field_is_not_pointed_back_at() {
    // The label is typed; Create was redesigned beyond recognition (no word, not the form's
    // submit button): nothing, not the field.
    let form = r#"<form class="modal-form"><input class="form-textbox-input" type="text" value="Mail"><div class="bar"><button type="button">Make it</button></div></form>"#;
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &modal("App-Specific Passwords", form)));
    assert_eq!(step_at(&snap), None);
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &modal("App-Specific Passwords", EMPTY_FORM)));
    assert_eq!(step_at(&snap), Some(Id::Label), "an empty field is still the step");
}

#[test]
fn inside_a_dialog_the_panel_keeps_the_step_last_seen() {
    use app_password_guide::recognize::expected_here;
    let label = step_of(Id::Label);
    let empty = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &modal("App-Specific Passwords", EMPTY_FORM)));
    assert_eq!(expected_here(&empty.dom(), label).map(|s| s.id), Some(Id::Label));
    let filled = EMPTY_FORM.replace(r#"type="text""#, r#"type="text" value="Mail""#);
    let filled = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &modal("App-Specific Passwords", &filled)));
    assert_eq!(expected_here(&filled.dom(), label).map(|s| s.id), Some(Id::Create), "a filled field: the step after it");
    let closed = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", ""));
    assert_eq!(expected_here(&closed.dom(), label).map(|s| s.id), Some(Id::OpenAppPasswords), "no dialog: the address says");
    assert_eq!(expected_here(&empty.dom(), step_of(Id::OpenAppPasswords)).map(|s| s.id), Some(Id::OpenAppPasswords));
    assert_eq!(expected_here(&empty.dom(), None).map(|s| s.id), Some(Id::OpenAppPasswords));
}

#[test]
fn a_dialog_button_mentioning_the_tile_is_not_the_tile() {
    // Apple's dialog is open over the tile; the Create button was redesigned beyond recognition
    // and a button in the dialog has an inner span that reads like the tile's title.
    let body = r#"<form class="f"><input class="i" type="text" value="Mail"><button type="button">Go</button></form>
        <button type="button">Create <span>App-Specific Passwords</span></button>"#;
    let page = security_page("App-Specific Passwords", &modal("App-Specific Passwords", body));
    let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
    assert_eq!(step_at(&snap), None, "the tile is behind the dialog; the button is not the tile");
}

#[test]
fn a_dialog_left_open_under_ours_is_never_ours() {
    use app_password_guide::recognize::{detect_with, dialogs_under_ours, Stage};
    let under = modal(
        "Hide My Email",
        r#"<form class="modal-form"><input class="form-textbox-input" type="text" value="">
        <div class="modal-button-bar"><button type="submit" class="button button-rounded-rectangle">Create</button></div></form>"#,
    );
    let ours =
        modal("App-Specific Passwords", r#"<button class="button button-rounded-rectangle">Generate an app-specific password</button>"#);
    let snap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &format!("{under}{ours}")));
    let foreign = dialogs_under_ours(&snap.dom());
    assert_eq!(foreign.len(), 1);
    assert_eq!(snap.dom().attr(&foreign[0], "aria-label").as_deref(), Some("Hide My Email"));
    assert_eq!(step_at(&snap), Some(Id::Generate));

    // Ours re-mounts: for a moment only the other dialog is there, and the journey trusts dialogs.
    let gap = Snapshot::new(ACCOUNT, SECURITY, &security_page("App-Specific Passwords", &under));
    assert!(dialogs_under_ours(&gap.dom()).is_empty(), "ours is not open: nothing to learn");
    assert_eq!(detect(&gap.dom(), true).map(|f| f.step.id), Some(Id::Label), "without the knowledge, its field looks like ours");
    let known = gap.dom().select("[aria-label='Hide My Email']");
    assert!(detect_with(&gap.dom(), Stage::Created, &known).is_none(), "known as not ours: nothing");
}

/// Page languages added with their words (sources in `steps.rs`): the tile's title, which is
/// also the dialog's name, the empty state's button, and the "+" button's title where known.
#[rustfmt::skip]
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
    let structure_only = &step_of(Id::Generate).unwrap().finders[4..];
    for &(lang, tile, generate, add) in ADDED_LANGUAGES {
        let page = in_language(lang, security_page(tile, ""));
        let snap = Snapshot::new(ACCOUNT, SECURITY, &page);
        assert!(knows_page_language(&snap.dom()), "{lang} is a known page language");
        let found = detect(&snap.dom(), true).unwrap_or_else(|| panic!("{lang}: no step"));
        assert_eq!(
            (found.step.id.as_str(), snap.dom().attr(&found.target, "id").as_deref()),
            ("open-app-passwords", Some("asp")),
            "{lang}: the tile"
        );

        // The generate button wrapped where the structural way cannot see it: only its words find it.
        let body =
            format!(r#"<div class="empty"><p>…</p><button class="button button-rounded-rectangle" id="gen">{generate}</button></div>"#);
        let snap = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &body))));
        let dom = snap.dom();
        assert!(in_app_password_dialog(&dom), "{lang}: the dialog is recognised by its name");
        assert!(find_one(&dom, structure_only, false).is_none(), "{lang}: structure alone finds nothing here");
        let found = detect(&dom, true).unwrap();
        assert_eq!(
            (found.step.id.as_str(), dom.attr(&found.target, "id").as_deref()),
            ("generate", Some("gen")),
            "{lang}: generate by its words"
        );

        // The same dialog under another name is not ours; the button under other words is not Generate.
        let other = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog("Hide My Email", &body))));
        assert!(!in_app_password_dialog(&other.dom()), "{lang}: another dialog");
        let renamed = Snapshot::new(
            ACCOUNT,
            SECURITY,
            &in_language(lang, security_page(tile, &named_dialog(tile, &body.replace(generate, "⟦zzz⟧")))),
        );
        assert_ne!(detect(&renamed.dom(), true).map(|f| f.step.id), Some(Id::Generate), "{lang}: unknown words are not Generate");

        // With passwords listed, the "+" is found by its title where Apple's word is known, by
        // its glyph in any language.
        let list = r#"<ul class="card-list"><li class="card-list-item"><span class="card-title">Mail</span></li></ul>"#;
        let plus = format!(r#"{list}<button class="button button-icon" id="plus" title="{}">+</button>"#, add.unwrap_or("Aggiungi"));
        let snap = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &plus))));
        let at = detect(&snap.dom(), true).map(|f| (f.step.id.as_str(), snap.dom().attr(&f.target, "id")));
        assert_eq!(at, Some(("generate", Some("plus".to_string()))), "{lang}: the + by its title or glyph");
        // An icon with no name, no glyph and no heading beside it: no guess, and not the tile
        // either (it is behind Apple's overlay).
        let icon =
            format!(r#"{list}<button class="button button-icon" id="plus" title="{}"><svg></svg></button>"#, add.unwrap_or("Aggiungi"));
        let snap = Snapshot::new(ACCOUNT, SECURITY, &in_language(lang, security_page(tile, &named_dialog(tile, &icon))));
        let at = detect(&snap.dom(), true).map(|f| f.step.id);
        match add {
            Some(_) => assert_eq!(at, Some(Id::Generate), "{lang}: the icon by its title"),
            None => assert_eq!(at, None, "{lang}: no word for Add, no glyph: no guess"),
        }
    }
}

// ---- Apple's 2026 page (the field guide's newest section): landing page, the security
// section at /account/manage, sections kept mounted under aria-hidden, the list dialog with a
// bare "+", and small dialogs stacked over it, each named by its own title.

/// The management page of 2026: every section mounted, only `current` shown to people.
fn manage_2026(current: &str, dialogs: &str) -> String {
    let section = |id: &str, body: &str| {
        let hidden = if id == current { "false" } else { "true" };
        format!(r#"<section class="section" aria-hidden="{hidden}" id="s-{id}">{body}</section>"#)
    };
    let nav_current = |id: &str| if id == current { r#" aria-current="page""# } else { "" };
    let tiles: String = ["Email &amp; Phone Numbers", "Password", "Account Security", "Account Recovery", "Legacy Contact", "Sign in with Apple"]
        .iter()
        .map(|t| format!(r#"<div><button class="button button-bare button-expand button-rounded-rectangle"><h3 class="card-title">{t}</h3><div class="card-line">…</div></button></div>"#))
        .collect();
    format!(
        r#"<html lang="en"><body><div id="root"><div><nav aria-label="Side Navigation"><ul class="side-nav-list">
          <li><a class="side-nav-link" href="/account/manage/section/information"{}>Personal Information</a></li>
          <li><a class="side-nav-link" href="/account/manage/section/security"{}>Sign-In and Security</a></li></ul></nav>
        <main>{}{}</main></div></div>{dialogs}</body></html>"#,
        nav_current("information"),
        nav_current("security"),
        section("information", r#"<h1 class="page-title">Personal Information</h1>"#),
        section(
            "security",
            &format!(
                r#"<h1 class="page-title">Sign-In and Security</h1><div class="tiles">{tiles}<div><button id="asp" class="button button-bare button-expand button-rounded-rectangle"><h3 class="card-title">App-Specific Passwords</h3><div class="card-line">View details</div></button></div></div>"#
            )
        ),
    )
}

/// The list dialog of 2026; `covered` when a small dialog is stacked on it.
fn list_2026(plus: &str, rows: &str, covered: bool) -> String {
    let hidden = if covered { r#" aria-hidden="true""# } else { "" };
    format!(
        r#"<aside class="modal modal-blurry-overlay"{hidden}><div class="modal-dialog" role="dialog" aria-modal="true" aria-label="App-Specific Passwords">
          <div class="modal-close"><button aria-label="Close">×</button></div><div class="modal-content"><div class="modal-body">
          <h2>App-Specific Passwords</h2><p>Use an app-specific password to sign in to an app or service not provided by Apple.</p>
          <a href="https://support.apple.com/102654">About app-specific passwords ↗</a>
          <div class="list-header"><h3>Passwords</h3>{plus}</div><ul class="card-list">{rows}</ul></div></div></div></aside>"#
    )
}

const ROWS: &str = r#"<li class="card-list-item"><span class="card-title">Mail</span><button aria-label="Remove">−</button></li>"#;

/// A small dialog stacked over the list, named by its own title.
fn small(title: &str, body: &str) -> String {
    format!(
        r#"<aside class="modal modal-blurry-overlay"><div class="modal-dialog modal-small" role="dialog" aria-modal="true" aria-label="{title}">
          <svg class="logo"></svg><h2>{title}</h2>{body}</div></aside>"#
    )
}

const GENERATE_2026: &str = r#"<p>Enter a label.</p><form><input class="form-textbox-input" id="label" placeholder="e.g. Bill Pay" value="">
    <div class="button-bar-nav"><button class="button button-rounded-rectangle" type="submit" id="create" aria-disabled="true">Create</button>
    <button class="button button-secondary button-rounded-rectangle" type="button">Cancel</button></div></form>"#;

fn stage_at(snap: &Snapshot, stage: app_password_guide::recognize::Stage) -> Option<(&'static str, Option<String>)> {
    app_password_guide::recognize::detect_with(&snap.dom(), stage, &[]).map(|f| (f.step.id.as_str(), snap.dom().attr(&f.target, "id")))
}

#[test]
fn the_2026_landing_page_points_at_its_sign_in_button() {
    use app_password_guide::recognize::expected_here;
    let page = r#"<html lang="en"><body><header><nav><a href="/sign-in">Sign In</a><a href="/create">Create Your Apple Account</a></nav></header>
        <main><h1>One account for everything Apple</h1><p>…</p><button id="go" class="button button-rounded-rectangle">Sign In</button></main></body></html>"#;
    let snap = Snapshot::new(ACCOUNT, "/", page);
    let found = detect(&snap.dom(), false).expect("a step");
    assert_eq!((found.step.id.as_str(), snap.dom().attr(&found.target, "id").as_deref()), ("landing-sign-in", Some("go")));
    let late = Snapshot::new(ACCOUNT, "/", "<html><body><main></main></body></html>");
    assert_eq!(expected_here(&late.dom(), None).map(|s| s.id), Some(Id::LandingSignIn), "the panel, until it renders");
}

#[test]
fn at_account_manage_the_2026_page_shows_the_security_section_itself() {
    use app_password_guide::recognize::expected_here;
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &manage_2026("security", ""));
    assert_eq!(stage_at(&snap, app_password_guide::recognize::Stage::Outside), Some(("open-app-passwords", Some("asp".into()))));
    // The tile not rendered yet: never "open Sign-In and Security" while it is the page shown.
    let late = manage_2026("security", "").replace(r#"<button id="asp""#, r#"<button hidden id="asp""#);
    let late = Snapshot::new(ACCOUNT, "/account/manage", &late);
    assert_eq!(detect(&late.dom(), false).map(|f| f.step.id), None);
    assert_eq!(expected_here(&late.dom(), None).map(|s| s.id), Some(Id::OpenAppPasswords));
}

#[test]
fn a_section_kept_mounted_under_aria_hidden_is_not_there() {
    let snap = Snapshot::new(ACCOUNT, "/account/manage/section/information", &manage_2026("information", ""));
    let found = detect(&snap.dom(), false).expect("a step");
    assert_eq!(found.step.id, Id::OpenSecurity, "the hidden section's tile is no target");
    assert_eq!(snap.dom().attr(&found.target, "href").as_deref(), Some("/account/manage/section/security"));
    let inert = manage_2026("security", "").replace(r#"aria-hidden="false" id="s-security""#, r#"inert id="s-security""#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &inert);
    assert_ne!(detect(&snap.dom(), false).map(|f| f.step.id), Some(Id::OpenAppPasswords), "inert is not there either");
}

#[test]
fn the_2026_plus_is_found_by_name_glyph_or_its_place_beside_the_heading() {
    use app_password_guide::recognize::Stage;
    let pluses = [
        r#"<button class="button button-icon button-rounded-rectangle" id="plus" aria-label="Add"><span aria-hidden="true">+</span></button>"#,
        r#"<button class="button button-icon button-rounded-rectangle" id="plus">+</button>"#,
        r#"<button class="button button-icon button-rounded-rectangle" id="plus"><svg viewBox="0 0 10 10"><path d="M5 0v10M0 5h10"></path></svg></button>"#,
    ];
    for plus in pluses {
        for rows in ["", ROWS] {
            let page = manage_2026("security", &list_2026(plus, rows, false));
            let snap = Snapshot::new(ACCOUNT, "/account/manage", &page);
            assert_eq!(stage_at(&snap, Stage::InDialog), Some(("generate", Some("plus".into()))), "{plus} {rows}");
            assert_eq!(stage_at(&snap, Stage::Outside), None, "the tile is behind the dialog");
        }
    }
    // An unnamed icon away from the heading: no guess (not the row's "−", not the close button).
    let away = manage_2026("security", &list_2026("", ROWS, false))
        .replace("</ul></div>", r#"</ul><div class="foot"><button id="plus"><svg></svg></button></div></div>"#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &away);
    assert_eq!(stage_at(&snap, Stage::InDialog), None);
}

#[test]
fn small_dialogs_stacked_on_the_list_are_ours_whatever_their_names() {
    use app_password_guide::recognize::{stacked_on_ours, Stage};
    let list = list_2026(r#"<button id="plus">+</button>"#, ROWS, true);
    let generate = manage_2026("security", &format!("{list}{}", small("Generate app-specific password", GENERATE_2026)));
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &generate);
    assert!(stacked_on_ours(&snap.dom()));
    assert_eq!(stage_at(&snap, Stage::InDialog), Some(("label", Some("label".into()))), "the covered list's + is not there");
    assert_eq!(stage_at(&snap, Stage::Outside), None);
    let filled = generate.replace(r#"value="""#, r#"value="Mail""#).replace(r#"aria-disabled="true""#, r#"aria-disabled="false""#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &filled);
    assert_eq!(stage_at(&snap, Stage::InDialog), Some(("create", Some("create".into()))));

    let confirm = small(
        "Confirm your password",
        r#"<p>For your security, enter the password for:</p><p>jane@icloud.com</p><form><input type="password" id="pw">
        <div class="button-bar-nav"><button class="button button-rounded-rectangle" type="submit">Continue</button><button class="button button-secondary">Cancel</button></div></form>"#,
    );
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &manage_2026("security", &format!("{list}{confirm}")));
    assert_eq!(stage_at(&snap, Stage::InDialog), Some(("confirm-password", Some("pw".into()))));

    let result = small(
        "Your app-specific password is:",
        r#"<p><b id="new">abcd-efgh-ijkl-mnop</b></p><p>Enter this password into the password field of the app you want to sign in to. Passwords are case sensitive.</p>
        <div class="button-bar-nav"><button class="button button-rounded-rectangle" id="ok">OK</button></div>"#,
    );
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &manage_2026("security", &format!("{list}{result}")));
    assert!(stacked_on_ours(&snap.dom()));
    assert_eq!(stage_at(&snap, Stage::Created), Some(("copy", Some("new".into()))), "after Create: the new password");
    assert_ne!(stage_at(&snap, Stage::InDialog).map(|s| s.0), Some("copy"), "before Create: never taken for a new password");
    let done = app_password_guide::steps::step("done").unwrap();
    let ok = app_password_guide::recognize::find_target(&snap.dom(), done).map(|n| snap.dom().attr(&n, "id"));
    assert_eq!(ok, Some(Some("ok".into())), "OK ends it");

    // Not stacked on ours: Hide My Email or Account Security, with no list under them.
    let other = manage_2026("security", &small("Hide My Email", GENERATE_2026));
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &other);
    assert!(!stacked_on_ours(&snap.dom()));
}

#[test]
fn a_password_shaped_example_in_the_list_is_never_the_new_password() {
    use app_password_guide::recognize::Stage;
    let list = list_2026(r#"<button id="plus">+</button>"#, ROWS, false)
        .replace("not provided by Apple.", "not provided by Apple, such as abcd-efgh-ijkl-mnop.");
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &manage_2026("security", &list));
    assert_eq!(stage_at(&snap, Stage::InDialog), Some(("generate", Some("plus".into()))));
}

#[test]
fn the_passkey_refusal_points_at_sign_in_with_password() {
    let list = list_2026(r#"<button id="plus">+</button>"#, ROWS, true);
    for (lang, title, button) in [
        ("en", "Couldn't create app-specific password", "Sign in with password"),
        ("ja", "アプリ用パスワードを作成できませんでした", "パスワードでサインイン"),
    ] {
        let refusal = small(
            title,
            &format!(
                r#"<p>{title}</p><div class="button-bar-nav"><button class="button button-rounded-rectangle" id="again">{button}</button><button class="button button-secondary">Cancel</button></div>"#
            ),
        );
        let page = manage_2026("security", &format!("{list}{refusal}")).replace(r#"lang="en""#, &format!(r#"lang="{lang}""#));
        let snap = Snapshot::new(ACCOUNT, "/account/manage", &page);
        let t = detect_problem(&snap.dom(), true).expect("the refusal");
        assert_eq!((t.problem.id.as_str(), snap.dom().attr(&t.anchor, "id").as_deref()), ("error-create-failed", Some("again")), "{lang}");
    }
}

#[test]
fn the_plain_panel_never_names_an_earlier_step_than_the_page_shows() {
    use app_password_guide::recognize::expected_here;
    // The result in a dialog that is not modal and whose page is not recognised as the
    // security section: the address alone says "open Sign-In and Security".
    let result =
        r#"<div role="dialog" aria-label="Your app-specific password is:"><p><b>abcd-efgh-ijkl-mnop</b></p><button>OK</button></div>"#;
    let page = format!(r#"<html lang="en"><body><main><h1>Somewhere</h1></main>{result}</body></html>"#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage/section/information", &page);
    assert_eq!(expected_here(&snap.dom(), step_of(Id::ConfirmPassword)).map(|s| s.id), Some(Id::Copy), "after Create: the password step");
    assert_eq!(expected_here(&snap.dom(), step_of(Id::Generate)).map(|s| s.id), Some(Id::OpenSecurity), "before Create it is no evidence");
    let form = r#"<div role="dialog" aria-label="Generate"><input placeholder="e.g. Bill Pay"><button type="submit">Go</button></div>"#;
    let page = format!(r#"<html lang="en"><body><main><h1>Somewhere</h1></main>{form}</body></html>"#);
    let snap = Snapshot::new(ACCOUNT, "/account/manage/section/information", &page);
    assert_eq!(expected_here(&snap.dom(), step_of(Id::Generate)).map(|s| s.id), Some(Id::Label));
    assert_eq!(expected_here(&snap.dom(), step_of(Id::OpenAppPasswords)).map(|s| s.id), Some(Id::OpenSecurity), "not yet at Generate");
}

#[test]
fn the_legacy_password_field_counts_only_on_the_legacy_page_or_in_a_dialog() {
    use app_password_guide::recognize::Stage;
    // Today's page with a look-alike field of the legacy id outside any dialog: not the new password.
    let decoy = r#"<input id="appPasswordText" readonly value="wxyz-wxyz-wxyz-wxyz">"#;
    let page = manage_2026("security", "").replace("</main>", &format!("{decoy}</main>"));
    let snap = Snapshot::new(ACCOUNT, "/account/manage", &page);
    assert_ne!(stage_at(&snap, Stage::Created).map(|s| s.0), Some("copy"));
    // The legacy page's own.
    let legacy = format!(r#"<html><body><aid-web><idms-step>{decoy}</idms-step></aid-web></body></html>"#);
    let snap = Snapshot::new("appleid.apple.com", "/account/manage", &legacy);
    assert_eq!(stage_at(&snap, Stage::Created).map(|s| s.0), Some("copy"));
}

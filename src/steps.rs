//! Everything the extension knows about Apple's pages, as data: the journey's steps in order,
//! each with the ordered ways to find the element the user acts on, and what moves it on.
//!
//! When Apple changes its page, this file is the one to change. Selectors and texts come from
//! `shared/apple-account-page.md`; structural selectors go first where they are known from
//! real code, localized text next, loose structure last. Texts are matched after
//! [`crate::dom::fold_text`], so case and white space do not matter here.

/// Where a step's target lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// www.icloud.com (and .com.cn).
    Icloud,
    /// account.apple.com / appleid.apple.com (and .com.cn).
    Account,
}

/// One way to find a step's target. A way counts only when it finds exactly one rendered
/// element: an ambiguous match falls through to the next way rather than risk a wrong anchor.
#[derive(Clone, Copy, Debug)]
pub enum Finder {
    /// Elements matching a CSS selector.
    Css(&'static str),
    /// Elements matching `css` whose folded text equals one of `texts`.
    Text {
        /// The elements looked at.
        css: &'static str,
        /// The accepted texts, folded.
        texts: &'static [&'static str],
    },
    /// Elements matching `css` whose `aria-label` or `title` folds to one of `names`.
    Named {
        /// The elements looked at.
        css: &'static str,
        /// The accepted names, folded.
        names: &'static [&'static str],
    },
    /// Elements matching `css` that contain an element matching `inner` whose folded text
    /// equals one of `texts` (a tile found by its title).
    Having {
        /// The holders looked at.
        css: &'static str,
        /// The element inside a holder whose text is compared.
        inner: &'static str,
        /// The accepted texts of `inner`, folded.
        texts: &'static [&'static str],
    },
    /// The innermost element matching `css` whose text or value holds exactly one
    /// app-specific password (see [`crate::password`]).
    Password {
        /// The elements looked at.
        css: &'static str,
    },
    /// Elements matching `css` whose folded text contains one of `words` (error messages,
    /// whose exact wording is unknown).
    Mentions {
        /// The elements looked at.
        css: &'static str,
        /// Words of which one must appear, folded.
        words: &'static [&'static str],
    },
}

impl Finder {
    /// The selector of the elements this way looks at (for [`Finder::Having`], the holders).
    pub fn css(&self) -> &'static str {
        match *self {
            Finder::Css(css)
            | Finder::Text { css, .. }
            | Finder::Named { css, .. }
            | Finder::Having { css, .. }
            | Finder::Password { css }
            | Finder::Mentions { css, .. } => css,
        }
    }
}

/// Which journey a step belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Journey {
    /// Creating an app-specific password.
    AppPassword,
    /// Turning on two-factor authentication, which app-specific passwords require.
    TwoFactor,
}

/// Where on the page a step's target is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On the page itself: a match inside a dialog is something else (a button there that
    /// merely mentions the tile's title).
    Page,
    /// Inside one of Apple's dialogs (the security dialog that turns on two-factor).
    Dialog,
    /// Inside the App-Specific Passwords dialog: counts only when that dialog is recognised, or
    /// the journey in this tab has reached it (Apple's other dialogs, such as Hide My Email,
    /// look the same). The legacy page had its button on the page.
    AppPasswordsDialog,
    /// Where the new password appears: in our dialog, and only once this tab's journey has
    /// passed Create (a password-shaped text shown before is an example or a decoy).
    NewPassword,
}

impl Place {
    /// Whether the place is in the App-Specific Passwords dialog (or a dialog stacked on it).
    pub fn is_our_dialog(self) -> bool {
        matches!(self, Place::AppPasswordsDialog | Place::NewPassword)
    }
}

/// What moves the guide on from a step (besides the user's Next).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Advance {
    /// The user clicks the target.
    Click,
    /// The user types into (or we fill) the target.
    Input,
    /// Another step's target appears (the page changed on its own or by the user's action).
    PageChange,
}

/// What the overlay shows, as its host's `data-apg-step` says it (a test contract): a step of
/// either journey, a problem, or the closing summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Id {
    /// On iCloud: open the profile menu and choose Manage Apple Account.
    IcloudOpenAccount,
    /// The account site's signed-out landing page: its Sign In button.
    LandingSignIn,
    /// Sign in with the Apple Account password (not a passkey or Touch ID).
    SignIn,
    /// Open the Sign-In and Security section.
    OpenSecurity,
    /// Open the App-Specific Passwords tile.
    OpenAppPasswords,
    /// Start generating a new app-specific password.
    Generate,
    /// Type the new password's label.
    Label,
    /// Click Create.
    Create,
    /// Apple asks for the account password once more.
    ConfirmPassword,
    /// The new password is shown: copy it.
    Copy,
    /// Close Apple's result dialog once the password is copied.
    Done,
    /// Two-factor authentication is off, and app-specific passwords need it.
    TwofaRequired,
    /// Start turning on two-factor authentication.
    TwofaTurnOn,
    /// Enter a trusted phone number.
    TwofaPhone,
    /// Type the verification code sent to that number.
    TwofaCode,
    /// Problem: the account has the most app-specific passwords Apple allows (25).
    ErrorLimit,
    /// Problem: Apple refused the label.
    ErrorLabel,
    /// Problem: Apple refused the confirming password.
    ErrorConfirmPassword,
    /// Problem: Apple refused to create the password (after a passkey or Touch ID sign-in).
    ErrorCreateFailed,
    /// Problem: the Apple Account session ended.
    ErrorSessionExpired,
    /// The closing summary, after the journey is complete.
    Finished,
}

impl Id {
    /// Every id, steps in journey order first.
    pub const ALL: &'static [Id] = &[
        Id::IcloudOpenAccount,
        Id::LandingSignIn,
        Id::SignIn,
        Id::OpenSecurity,
        Id::OpenAppPasswords,
        Id::Generate,
        Id::Label,
        Id::Create,
        Id::ConfirmPassword,
        Id::Copy,
        Id::Done,
        Id::TwofaRequired,
        Id::TwofaTurnOn,
        Id::TwofaPhone,
        Id::TwofaCode,
        Id::ErrorLimit,
        Id::ErrorLabel,
        Id::ErrorConfirmPassword,
        Id::ErrorCreateFailed,
        Id::ErrorSessionExpired,
        Id::Finished,
    ];

    /// The id as `data-apg-step` and the tab's memory write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Id::IcloudOpenAccount => "icloud-open-account",
            Id::LandingSignIn => "landing-sign-in",
            Id::SignIn => "sign-in",
            Id::OpenSecurity => "open-security",
            Id::OpenAppPasswords => "open-app-passwords",
            Id::Generate => "generate",
            Id::Label => "label",
            Id::Create => "create",
            Id::ConfirmPassword => "confirm-password",
            Id::Copy => "copy",
            Id::Done => "done",
            Id::TwofaRequired => "twofa-required",
            Id::TwofaTurnOn => "twofa-turn-on",
            Id::TwofaPhone => "twofa-phone",
            Id::TwofaCode => "twofa-code",
            Id::ErrorLimit => "error-limit",
            Id::ErrorLabel => "error-label",
            Id::ErrorConfirmPassword => "error-confirm-password",
            Id::ErrorCreateFailed => "error-create-failed",
            Id::ErrorSessionExpired => "error-session-expired",
            Id::Finished => "finished",
        }
    }

    /// The id `s` names, if any.
    pub fn parse(s: &str) -> Option<Id> {
        Id::ALL.iter().copied().find(|id| id.as_str() == s)
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a journey.
#[derive(Clone, Copy, Debug)]
pub struct Step {
    /// The journey the step belongs to.
    pub journey: Journey,
    /// Stable id, written to the overlay host's `data-apg-step` (a test contract).
    pub id: Id,
    /// The `_locales` message name of the hint.
    pub hint: &'static str,
    /// Where the target lives.
    pub site: Site,
    /// Ways to find the target, best first.
    pub finders: &'static [Finder],
    /// The step does not apply while the page's path ends with this (already there).
    pub unless_path: Option<&'static str>,
    /// Nor while one of these ways finds something (the page shows where the step leads).
    pub unless_shown: &'static [Finder],
    /// The target counts only when enabled (no `disabled`, no `aria-disabled="true"`).
    pub needs_enabled: bool,
    /// Where the target is.
    pub place: Place,
    /// Whether the page's state alone may select this step. A step that is only reached from
    /// the one before it (Done, shown together with the password) is not.
    pub detectable: bool,
    /// How long to wait for the target before showing the plain-text fallback, in ms.
    pub wait_ms: u32,
    /// What moves the guide on.
    pub advance: Advance,
}

/// The landing page's Sign In button (account.apple.com signed out, 2026). English: the field
/// guide's 2026 walkthrough. de "anmelden" and ja "サインイン" are the verbs of Apple's own
/// section names above ("Anmelden und Sicherheit", "サインインとセキュリティ"); fr "se connecter"
/// and da "log ind" are Apple's usual verbs there [guess]. Elsewhere the landing page gets the
/// plain panel.
const SIGN_IN: &[&str] = &["sign in", "anmelden", "se connecter", "サインイン", "log ind"];
#[rustfmt::skip]
const MANAGE_ACCOUNT: &[&str] = &[
    "manage apple account",
    "manage apple id",
    "apple account verwalten",
    "gérer le compte apple",
    "apple accountを管理",
    "zarządzaj kontem apple",
    "管理 apple 账户",
];
#[rustfmt::skip]
const PROFILE: &[&str] = &[
    "account", "profile", "konto", "compte", "アカウント", "账户",
    // The button's name is unknown in every language (the field guide has only "profile
    // picture"); these are Apple's own word for "account" in its es, pt-BR and ko support text.
    "cuenta", "conta", "계정",
];
#[rustfmt::skip]
const SECURITY_SECTION: &[&str] = &[
    "sign-in and security",
    "anmelden und sicherheit",
    "connexion et sécurité",
    "サインインとセキュリティ",
    "logowanie i zabezpieczenia",
    "登录和安全",
    // Sources of the section names below: Apple's own support text in each language
    // (support.apple.com es-es mac-help mchlf00522d9 and es-mx/105023; it-it/102349;
    // ko-kr/101567; pt-br/102529), except zh-CN's current one, which is from public guides
    // that quote the page ("account.apple.com › 登录与安全 › App 专用密码").
    "inicio de sesión y seguridad",
    "accesso e sicurezza",
    "로그인 및 보안",
    "início de sessão e segurança",
    "登录与安全",
    // Danish: the field guide's 2026 walkthrough (screenshots of account.apple.com, Danish UI).
    "login og sikkerhed",
];
/// Titles of the App-Specific Passwords tile, per page language.
#[rustfmt::skip]
pub const APP_PASSWORDS_TILE: &[&str] = &[
    "app-specific passwords",
    "app-spezifische passwörter",
    "mots de passe pour applications",
    "アプリ用パスワード",
    "hasła aplikacji",
    "应用专用密码",
    // es, it, ko, pt-BR and current zh-CN: Apple's localized support article is not at hand,
    // so these come from several independent public guides and apps that quote the page's
    // tile (Spanish has both "app" and "apps"; a pt-BR termbase cites
    // support.apple.com/pt-br/102654 for its string). Not the page itself: keep structure.
    "contraseñas específicas de app",
    "contraseñas específicas de apps",
    "password specifiche per le app",
    "앱 암호",
    "senhas específicas de apps",
    "app 专用密码",
    // Danish: the field guide's 2026 walkthrough.
    "app-specifikke adgangskoder",
];
#[rustfmt::skip]
const GENERATE: &[&str] = &[
    "generate an app-specific password",
    "app-spezifisches passwort erstellen",
    "générer un mot de passe pour application",
    "アプリ用パスワードを作成",
    "wygeneruj hasło aplikacji",
    "生成密码…",
    "generate password…",
    // From public guides quoting the empty state's button, as for the tile above (Italian
    // sources write the apostrophe both ways).
    "generar una contraseña específica de app",
    "genera una password specifica per l’app",
    "genera una password specifica per l'app",
    "앱 암호 생성",
    "gerar uma senha específica de app",
    "生成 app 专用密码",
    // The 2026 page has no such text button (only a "+"); its Generate dialog's title is
    // "Generate app-specific password" (en) / "Generer app-specifik adgangskode" (da), field
    // guide: kept here in case the button is ever labelled with it.
    "generate app-specific password",
    "generer app-specifik adgangskode",
];
#[rustfmt::skip]
const ADD: &[&str] = &[
    "add", "hinzufügen", "ajouter", "追加", "作成", "dodaj", "添加",
    // Apple's word for Add in its own support text (es-es "Añadir dirección", es-us "Agregar",
    // ko-kr "추가", pt-br "Adicionar"); the "+" button's title is unseen in these languages.
    // Italian: no Apple source at hand, so the list dialog there falls back to structure.
    "añadir", "agregar", "추가", "adicionar",
    // Danish "Tilføj": Apple's da-dk support text ("Tilføj e-mailadresse"); the "+"'s name on the
    // 2026 page is unknown in every language, so structure stands in (see the generate step).
    "tilføj",
];
#[rustfmt::skip]
const CREATE: &[&str] = &[
    "create", "erstellen", "créer", "作成", "utwórz", "创建",
    // Danish: the field guide's 2026 walkthrough ("Opret").
    "opret",
];
#[rustfmt::skip]
const DONE: &[&str] = &[
    "done", "fertig", "terminé", "ok", "完了", "gotowe", "完成",
    // Apple's support text: it-it/102349 ("seleziona Fine", on account.apple.com), ko-kr Apple
    // Watch guide ("'완료'를 탭"). Elsewhere the result dialog's only button is found by structure.
    "fine", "완료",
    // "OK" ends the 2026 result dialog in English and Danish (field guide); Japanese 完了 is above.
];
/// The refusal after a passkey or Touch ID sign-in: its button. English and Japanese from the
/// field guide (a 2026 Japanese guide: パスワードでサインイン); elsewhere the dialog's primary
/// button, by structure.
const SIGN_IN_WITH_PASSWORD: &[&str] = &["sign in with password", "パスワードでサインイン"];

/// What a step of the app-specific password journey is unless it says otherwise: on the
/// account site, on the page, found whether enabled or not, detectable, waited for 4 s, passed
/// by a click. Each step names its own id.
const APP_STEP: Step = Step {
    journey: Journey::AppPassword,
    id: Id::Done,
    hint: "",
    site: Site::Account,
    finders: &[],
    unless_path: None,
    unless_shown: &[],
    needs_enabled: false,
    place: Place::Page,
    detectable: true,
    wait_ms: 4000,
    advance: Advance::Click,
};

/// The same for the two-factor journey, whose targets are waited for 5 s.
const TWO_FACTOR_STEP: Step = Step { journey: Journey::TwoFactor, wait_ms: 5000, ..APP_STEP };

/// The app-specific password journey, in order.
#[rustfmt::skip]
pub const JOURNEY: &[Step] = &[
    Step {
        id: Id::IcloudOpenAccount,
        hint: "hint_icloud_open_account",
        site: Site::Icloud,
        finders: &[
            // The menu item once the profile menu is open, else the profile button itself.
            Finder::Text { css: "a, button, [role=menuitem]", texts: MANAGE_ACCOUNT },
            Finder::Css("a[href*='account.apple.com'], a[href*='appleid.apple.com']"),
            Finder::Named { css: "button", names: PROFILE },
        ],
        advance: Advance::PageChange,
        ..APP_STEP
    },
    Step {
        id: Id::LandingSignIn,
        hint: "hint_landing_sign_in",
        finders: &[
            // The header's Sign In is a link: the button first, then any one.
            Finder::Text { css: "button, [role=button]", texts: SIGN_IN },
            Finder::Text { css: "a, button, [role=button]", texts: SIGN_IN },
        ],
        ..APP_STEP
    },
    Step {
        id: Id::SignIn,
        hint: "hint_sign_in",
        finders: &[
            Finder::Css("iframe#aid-auth-widget-iFrame"),
            Finder::Css("iframe[name=aid-auth-widget]"),
            Finder::Css("iframe[src*='idmsa.apple.com']"),
        ],
        advance: Advance::PageChange,
        ..APP_STEP
    },
    Step {
        id: Id::OpenSecurity,
        hint: "hint_open_security",
        finders: &[
            Finder::Css("nav a.side-nav-link[href$='/account/manage/section/security']"),
            Finder::Css("a[href$='/account/manage/section/security']"),
            Finder::Text { css: "a, button, [role=link], [role=tab]", texts: SECURITY_SECTION },
        ],
        unless_path: Some("/section/security"),
        // Apple's 2026 page lands on this section at /account/manage.
        unless_shown: SECURITY_SHOWN,
        ..APP_STEP
    },
    Step {
        id: Id::OpenAppPasswords,
        hint: "hint_open_app_passwords",
        finders: &[
            Finder::Having { css: "button", inner: "h3.card-title", texts: APP_PASSWORDS_TILE },
            Finder::Having { css: "button, a, [role=button]", inner: "h2, h3, h4, span, div", texts: APP_PASSWORDS_TILE },
            Finder::Text { css: "button, a, [role=button]", texts: APP_PASSWORDS_TILE },
        ],
        ..APP_STEP
    },
    Step {
        id: Id::Generate,
        hint: "hint_generate",
        finders: &[
            Finder::Text { css: ".modal-dialog[role=dialog] button", texts: GENERATE },
            Finder::Named { css: "[role=dialog] button, [role=dialog] [role=button]", names: ADD },
            Finder::Css(".btn-app-password"),
            Finder::Text { css: "button, a, [role=button]", texts: GENERATE },
            // Apple's 2026 list shows a bare "+" (its accessible name unknown): its text, in
            // any language, then its place, the action right after the list's heading
            // ("Passwords"), never a row's "−" nor the close button, which come elsewhere.
            Finder::Text { css: "[role=dialog] button, [role=dialog] [role=button]", texts: &["+", "＋"] },
            Finder::Css("[role=dialog] :is(h2, h3, h4, [role=heading]) + :is(button, [role=button])"),
            Finder::Css("[role=dialog] :is(h2, h3, h4, [role=heading]) + :not(button, [role=button], p, ul, ol, li, a) > :is(button, [role=button]):only-child"),
            // Structure alone, for page languages we have no words for: the empty state's
            // one primary button in the dialog body.
            Finder::Css(".modal-dialog[role=dialog] .modal-body > button.button-rounded-rectangle"),
        ],
        place: Place::AppPasswordsDialog,
        ..APP_STEP
    },
    Step {
        id: Id::Label,
        hint: "hint_label",
        finders: &[
            Finder::Css(".modal-dialog[role=dialog] form input.form-textbox-input:not([type=password])"),
            Finder::Css(".generic-input-field"),
            // The 2026 Generate dialog's one text field (seen without a `type` on this site).
            Finder::Css("[role=dialog] input:is([type=text], :not([type])):not([readonly])"),
        ],
        place: Place::AppPasswordsDialog,
        advance: Advance::Input,
        ..APP_STEP
    },
    Step {
        id: Id::Create,
        hint: "hint_create",
        finders: &[
            Finder::Text { css: ".modal-dialog[role=dialog] .modal-button-bar button[type=submit]", texts: CREATE },
            Finder::Css(".modal-dialog[role=dialog] form .modal-button-bar button[type=submit]"),
            Finder::Text { css: ".button-primary", texts: CREATE },
            // 2026: stacked buttons, the bar's class unknown: by its word, then as the form's
            // submit button.
            Finder::Text { css: "[role=dialog] button, [role=dialog] [role=button]", texts: CREATE },
            Finder::Css("[role=dialog] form button[type=submit]"),
        ],
        needs_enabled: true,
        place: Place::AppPasswordsDialog,
        ..APP_STEP
    },
    Step {
        id: Id::ConfirmPassword,
        hint: "hint_confirm_password",
        finders: &[Finder::Css("[role=dialog] input[type=password]")],
        place: Place::AppPasswordsDialog,
        advance: Advance::PageChange,
        ..APP_STEP
    },
    Step {
        id: Id::Copy,
        hint: "hint_copy",
        finders: &[
            // The legacy page's field, only there (its light-DOM tags) or in a dialog: an
            // element of that id elsewhere on today's page is not it.
            Finder::Css("aid-web input#appPasswordText, idms-step input#appPasswordText, [role=dialog] input#appPasswordText"),
            // Never a password field: that is where the Apple Account password is typed.
            // 2026: bold text in a small dialog of its own, whatever its name or classes.
            Finder::Password { css: "[role=dialog] input:not([type=password]), [role=dialog] :not(input)" },
        ],
        place: Place::NewPassword,
        ..APP_STEP
    },
    Step {
        id: Id::Done,
        hint: "hint_done",
        finders: &[
            Finder::Text { css: ".modal-dialog[role=dialog] button", texts: DONE },
            Finder::Text { css: "[role=dialog] button", texts: DONE },
            // Structure alone: the result dialog's only button.
            Finder::Css(".modal-dialog[role=dialog] .modal-button-bar > button:only-child"),
            Finder::Css("[role=dialog] :is(.modal-button-bar, .button-bar-nav) > button:only-child"),
            Finder::Css("[role=dialog] button:only-of-type:not([aria-label])"),
        ],
        place: Place::AppPasswordsDialog,
        detectable: false,
        ..APP_STEP
    },
];

/// Steps are the same when their ids are (ids are unique across both journeys).
impl PartialEq for Step {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Step {}

/// Problems are the same when their ids are.
impl PartialEq for Problem {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Problem {}

#[rustfmt::skip]
const SECURITY_QUESTIONS: &[&str] = &[
    "security questions",
    "sicherheitsfragen",
    "questions de sécurité",
    "セキュリティ質問",
    "pytania zabezpieczające",
    "安全提示问题",
    // Apple's support text: es-es mac-help mchlf00522d9, it-it/102349.
    "preguntas de seguridad",
    "domande di sicurezza",
];
#[rustfmt::skip]
const TWO_FACTOR_WORDS: &[&str] = &[
    "two-factor", "zwei-faktor", "deux facteurs", "2ファクタ", "dwupoziomowe", "双重认证",
    // Apple's support text: es-es ("doble factor") and es-us ("dos factores"), it-ch, ko-kr
    // 101567, pt-br 102529.
    "doble factor", "dos factores", "due fattori", "이중 인증", "dois fatores",
];

/// Turning on two-factor authentication, for an account without it (no App-Specific
/// Passwords tile; Account Security shows security questions). The controls' exact labels are
/// unknown, so the dialog steps are found by structure and by the words "two-factor".
#[rustfmt::skip]
pub const TWO_FACTOR: &[Step] = &[
    Step {
        id: Id::TwofaRequired,
        hint: "hint_twofa_required",
        finders: &[Finder::Having { css: "button, a, [role=button]", inner: ".card-line, span, div, p", texts: SECURITY_QUESTIONS }],
        ..TWO_FACTOR_STEP
    },
    Step {
        id: Id::TwofaTurnOn,
        hint: "hint_twofa_turn_on",
        finders: &[Finder::Mentions { css: ".modal-dialog[role=dialog] button", words: TWO_FACTOR_WORDS }],
        place: Place::Dialog,
        ..TWO_FACTOR_STEP
    },
    Step {
        id: Id::TwofaPhone,
        hint: "hint_twofa_phone",
        finders: &[Finder::Css(".modal-dialog[role=dialog] input[type=tel]")],
        place: Place::Dialog,
        advance: Advance::PageChange,
        ..TWO_FACTOR_STEP
    },
    Step {
        id: Id::TwofaCode,
        hint: "hint_twofa_code",
        finders: &[Finder::Css(".modal-dialog[role=dialog] .form-security-code-inputs"), Finder::Css(".form-security-code-inputs")],
        place: Place::Dialog,
        advance: Advance::PageChange,
        ..TWO_FACTOR_STEP
    },
];

/// Something the page says went wrong, with the hint that helps. Shown instead of the step.
#[derive(Clone, Copy, Debug)]
pub struct Problem {
    /// Stable id, written to `data-apg-step` while shown.
    pub id: Id,
    /// The `_locales` message name of the hint.
    pub hint: &'static str,
    /// Ways to find the element that shows the problem; the problem is present when one is found.
    pub evidence: &'static [Finder],
    /// Where to anchor the hint (the field to fix); the evidence when none is found.
    pub anchor: &'static [Finder],
}

const LIMIT_WORDS: &[&str] = &["maximum", "maximale", "nombre maximal", "上限", "maksymaln", "limit"];
#[rustfmt::skip]
const COULDNT_CREATE: &[&str] = &[
    "couldn't create",
    "could not create",
    "konnte nicht erstellt werden",
    "impossible de créer",
    "作成できませんでした",
    "nie można utworzyć",
    "无法创建",
];
#[rustfmt::skip]
const LABEL_INPUT: &[Finder] = &[
    Finder::Css(".modal-dialog[role=dialog] form input.form-textbox-input:not([type=password])"),
    Finder::Css(".generic-input-field"),
    Finder::Css("[role=dialog] input:is([type=text], :not([type])):not([readonly])"),
];
const FIELD_ERROR: &str = "[role=dialog] .form-message-wrapper .form-message";

/// Problems the page can show, checked in this order before any step.
#[rustfmt::skip]
pub const PROBLEMS: &[Problem] = &[
    Problem {
        id: Id::ErrorLimit,
        hint: "hint_error_limit",
        evidence: &[Finder::Mentions { css: FIELD_ERROR, words: LIMIT_WORDS }, Finder::Mentions { css: ".has-errors", words: LIMIT_WORDS }],
        anchor: LABEL_INPUT,
    },
    Problem {
        id: Id::ErrorLabel,
        hint: "hint_error_label",
        evidence: &[
            Finder::Css("[role=dialog] input.form-textbox-input:not([type=password]) ~ .form-message-wrapper .form-message"),
            Finder::Css(".has-errors"),
        ],
        anchor: LABEL_INPUT,
    },
    Problem {
        id: Id::ErrorConfirmPassword,
        hint: "hint_error_confirm_password",
        evidence: &[Finder::Css("[role=dialog] input[type=password] ~ .form-message-wrapper .form-message")],
        anchor: &[Finder::Css("[role=dialog] input[type=password]")],
    },
    Problem {
        id: Id::ErrorCreateFailed,
        hint: "hint_error_create_failed",
        evidence: &[
            Finder::Mentions { css: "[role=dialog] [role=alert], [role=dialog] p", words: COULDNT_CREATE },
            // 2026: a small dialog of its own, titled so (its text may say it again).
            Finder::Mentions { css: "[role=dialog] h1, [role=dialog] h2, [role=dialog] h3", words: COULDNT_CREATE },
            Finder::Named { css: "[role=dialog]", names: COULDNT_CREATE },
        ],
        // What to do: sign in again with the password (Apple refuses after a passkey sign-in).
        anchor: &[
            Finder::Text { css: "[role=dialog] button, [role=dialog] a", texts: SIGN_IN_WITH_PASSWORD },
            Finder::Css("[role=dialog] :is(.modal-button-bar, .button-bar-nav) > button:not(.button-secondary)"),
        ],
    },
];

/// Page languages whose words the tables know (by `lang` prefix). On other pages, dialog
/// steps are recognised by structure once the user has been pointed at the tile.
/// Brazilian Portuguese only: European Portuguese names things differently ("palavra-passe").
pub const KNOWN_LANGUAGES: &[&str] = &["en", "de", "fr", "ja", "pl", "zh", "es", "it", "ko", "pt-br", "da"];

/// Ways to tell that the page shows the Sign-In and Security section without its address
/// saying so (Apple's 2026 page lands on it at `/account/manage`): the side nav marks it
/// current, or it is the page's heading.
#[rustfmt::skip]
pub const SECURITY_SHOWN: &[Finder] = &[
    Finder::Css("nav a[href$='/section/security'][aria-current=page]"),
    Finder::Text { css: "h1.page-title", texts: SECURITY_SECTION },
];

/// Where dialogs are, to tell a target inside one from a target on the page.
pub const DIALOGS: &str = "[role=dialog]";

/// Dialogs that block the page behind them: marked modal, or inside Apple's blurring overlay
/// (`aside.modal.modal-blurry-overlay`, seen on the real site, where `aria-modal` is not known
/// to be set). While one is open, only what is inside the last (frontmost) of them can be
/// acted on: the tile under the App-Specific Passwords dialog, a dialog left open under it, or
/// a chat panel beside it are no targets.
pub const MODAL_DIALOGS: &str = "[role=dialog][aria-modal=true], [role=alertdialog][aria-modal=true], .modal-blurry-overlay [role=dialog]";

/// Ways to recognise the App-Specific Passwords dialog itself: its accessible name is the
/// tile's title.
pub const APP_PASSWORDS_DIALOG: &[Finder] = &[Finder::Named { css: "[role=dialog]", names: APP_PASSWORDS_TILE }];

/// Where Apple's list shows the labels of existing passwords (to keep a new label unique).
pub const EXISTING_LABELS: &str = ".modal-dialog[role=dialog] .card-list .card-title, .pass-desc";

/// The labels of the legacy (2019-2020) page's list of app-specific passwords.
pub const LEGACY_LIST: &str = ".pass-desc";

/// Where the page may show the signed-in Apple Account address.
pub const ACCOUNT_SOURCES: &str = ".card-line, .account-name, [data-account-email]";

/// The session ran out mid-journey: shown at the sign-in step (decided by the flow, which
/// remembers the user was signed in).
pub const SESSION_EXPIRED: Problem =
    Problem { id: Id::ErrorSessionExpired, hint: "hint_error_session_expired", evidence: &[], anchor: &[] };

/// The step with this id, in either journey (`None` for a problem's or the summary's).
pub fn step_of(id: Id) -> Option<&'static Step> {
    JOURNEY.iter().chain(TWO_FACTOR).find(|s| s.id == id)
}

/// The step named `id` (as the tab's memory writes it), in either journey.
pub fn step(id: &str) -> Option<&'static Step> {
    Id::parse(id).and_then(step_of)
}

/// Position of the step with this id in [`JOURNEY`].
pub fn index_of(id: Id) -> Option<usize> {
    JOURNEY.iter().position(|s| s.id == id)
}

/// The steps of `journey`, in order.
pub fn steps_of(journey: Journey) -> &'static [Step] {
    match journey {
        Journey::AppPassword => JOURNEY,
        Journey::TwoFactor => TWO_FACTOR,
    }
}

/// "Step n of m" numbers for a step within its journey (1-based).
pub fn progress(step: &Step) -> (usize, usize) {
    let all = steps_of(step.journey);
    (all.iter().position(|s| s.id == step.id).map_or(0, |i| i + 1), all.len())
}

/// The step a page at `path` on `site` is for, when its target cannot be found: the text of
/// that step is what the fallback panel shows.
pub fn expected_step(site: Site, path: &str) -> Option<&'static Step> {
    let id = match site {
        Site::Icloud => Id::IcloudOpenAccount,
        Site::Account if path.starts_with("/sign-in") => Id::SignIn,
        // Signed out, Apple's 2026 root is a landing page with a Sign In button.
        Site::Account if path.is_empty() || path == "/" => Id::LandingSignIn,
        Site::Account if path.trim_end_matches('/').ends_with("/section/security") => Id::OpenAppPasswords,
        Site::Account if path.starts_with("/account/manage") => Id::OpenSecurity,
        Site::Account => return None,
    };
    step_of(id)
}

/// Whether a tab opened from a guided tab may go on from this step (the opener's last). A step
/// on the page may (iCloud.com's menu opens the account site in a new tab); a step inside
/// Apple's dialogs may not: those dialogs do not follow into a new tab, and a journey taken to
/// be inside them would take any dialog of the new tab (another of Apple's, left open) for ours.
pub fn carries_to_a_new_tab(id: &str) -> bool {
    step(id).is_some_and(|s| s.place == Place::Page)
}

/// The site a host name belongs to, or `None` for a host the guide does not work on.
pub fn site_of(host: &str) -> Option<Site> {
    let host = host.trim_end_matches('.');
    match host {
        "www.icloud.com" | "www.icloud.com.cn" | "icloud.com" | "icloud.com.cn" => Some(Site::Icloud),
        "account.apple.com" | "appleid.apple.com" | "account.apple.com.cn" | "appleid.apple.com.cn" => Some(Site::Account),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_hints_are_message_names() {
        let ids: Vec<(Id, &str)> = JOURNEY
            .iter()
            .chain(TWO_FACTOR)
            .map(|s| (s.id, s.hint))
            .chain(PROBLEMS.iter().chain([&SESSION_EXPIRED]).map(|p| (p.id, p.hint)))
            .collect();
        for (i, (id, hint)) in ids.iter().enumerate() {
            assert!(hint.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'), "{hint}");
            assert!(ids[i + 1..].iter().all(|(other, _)| other != id), "{id} twice");
        }
        let names: Vec<&str> = Id::ALL.iter().map(|id| id.as_str()).collect();
        for (i, id) in Id::ALL.iter().enumerate() {
            assert_eq!(Id::parse(id.as_str()), Some(*id));
            assert!(!names[i + 1..].contains(&id.as_str()), "{id} written twice");
        }
        assert_eq!(Id::parse("nope"), None);
        assert!(JOURNEY.iter().chain(TWO_FACTOR).all(|s| !s.finders.is_empty()));
        assert_eq!(progress(step("create").unwrap()), (8, 11));
        assert_eq!(progress(step("twofa-phone").unwrap()), (3, 4));
        assert_eq!(index_of(Id::OpenAppPasswords), Some(4));
        assert_eq!(index_of(Id::TwofaPhone), None);
    }

    #[test]
    fn texts_are_stored_folded() {
        let finders = JOURNEY.iter().chain(TWO_FACTOR).flat_map(|s| s.finders.iter());
        let problems = PROBLEMS.iter().flat_map(|p| p.evidence.iter().chain(p.anchor));
        let all = finders.chain(problems).flat_map(|f| match f {
            Finder::Text { texts, .. } | Finder::Having { texts, .. } => texts.iter(),
            Finder::Named { names, .. } => names.iter(),
            Finder::Mentions { words, .. } => words.iter(),
            _ => [].iter(),
        });
        for t in all {
            assert_eq!(crate::dom::fold_text(t), *t, "store {t:?} folded or it never matches");
        }
    }

    #[test]
    fn only_page_steps_carry_to_a_new_tab() {
        for id in ["icloud-open-account", "landing-sign-in", "sign-in", "open-security", "open-app-passwords", "twofa-required"] {
            assert!(carries_to_a_new_tab(id), "{id}");
        }
        for id in ["generate", "label", "create", "confirm-password", "copy", "done", "twofa-phone", "nope"] {
            assert!(!carries_to_a_new_tab(id), "{id}");
        }
    }

    #[test]
    fn knows_every_apple_host() {
        assert_eq!(site_of("account.apple.com"), Some(Site::Account));
        assert_eq!(site_of("appleid.apple.com.cn"), Some(Site::Account));
        assert_eq!(site_of("www.icloud.com"), Some(Site::Icloud));
        assert_eq!(site_of("idmsa.apple.com"), None);
        assert_eq!(site_of("evil-account.apple.com.example"), None);
    }
}

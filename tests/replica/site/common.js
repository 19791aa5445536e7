// Shared helpers of the replica pages: element building (never HTML strings, SVG icons too), the
// tab's variant config, and the pages' own text in twelve languages and a pseudo-locale.

// Uncaught errors of the page, for tests in browsers without a page-error event (Firefox).
window.__replicaErrors = [];
addEventListener('error', (e) => window.__replicaErrors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => window.__replicaErrors.push(String(e.reason)));

/** Builds an element: h('button', {class: 'x', onclick: f}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Builds an SVG element (the 2026 icons): svg('circle', {cx: 4, cy: 4, r: 1}). */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

const DEFAULTS = {
  lang: 'en',       // en de fr ja pl zh-CN es it ko pt-BR da, or qps (pseudo-locale: no known words)
  late: '400',      // ms before the page's main content renders
  variant: 'modern',// modern | legacy (the 2019-2020 appleid.apple.com DOM)
  twofa: 'on',      // on | off (no App-Specific Passwords tile, security questions)
  list: 'empty',    // empty | populated | full (25 passwords, the limit)
  show: 'text',     // text | input: how the new password is shown
  remount: '0',     // 1: open dialogs are re-mounted every 900 ms (stale node references); overlap: new before old goes
  fail: '',         // create: "Couldn't create app-specific password"
  expire: '0',      // n > 0: the session expires after n actions
  session: '',      // 1: start signed in
  newtab: '0',      // 1: iCloud's "Manage Apple Account" opens a new tab
  maxlength: '',    // the label input's maxlength, when set
  drift: '0',       // 1: the tile's classes and texts changed beyond recognition
  decoy: '0',       // 1: password-shaped strings that are not the new one: on the page (text, attribute, hidden, title), in another dialog, and hidden or in attributes inside Apple's
  open: '',         // list | create | result: the security section opens with that dialog
  slow: '0',        // n > 0: each dialog shows a spinner for n ms before its content
  seed: '',         // n: drift variant n (see drift.js): config and perturbations from the seed
  csp: 'strict',    // strict | relaxed (the server reads it; kept here to pass it on to other hosts)
  hostile: '',      // ce: a page script claims the extension's overlay tag as its custom element (see claimOverlayTag); reenter: the page fires window events inside a fill's input event
  // The 2026 layout (account.js): a landing page at / when signed out, Sign-In and Security at
  // /account/manage, sections kept mounted (aria-hidden), the list dialog with a "+" by its
  // "Passwords" heading, and Generate, Confirm and the result as small dialogs stacked on it.
  layout: '2026',   // 2026 | today (the modern replica as it was before; variant=legacy ignores it)
  plus: 'text',     // 2026, the list's "+": text ("+", no name) | named (aria-label Add) | bare (an SVG, no accessible name)
  confirm: 'always',// 2026: always | never (Create leads straight to the result)
  signin: 'password', // 2026: password | passkey (signed in by passkey: Apple refuses to create, "Sign in with password")
};

/** The tab's variant config: query parameters, remembered for the tab's session. */
export function config() {
  const stored = JSON.parse(sessionStorage.getItem('replica.config') || '{}');
  const params = Object.fromEntries(new URLSearchParams(location.search));
  const known = Object.fromEntries(Object.entries(params).filter(([k]) => k in DEFAULTS));
  const merged = { ...DEFAULTS, ...stored, ...known };
  sessionStorage.setItem('replica.config', JSON.stringify(merged));
  return merged;
}

export const TEXT = {
  en: {
    turnOn2fa: 'Turn On Two-Factor Authentication', twofaOff: 'Two-factor authentication: Off', phoneLabel: 'Trusted phone number', codeLabel: 'Enter the verification code sent to your phone',
    account: 'Account', manageAccount: 'Manage Apple Account', signOut: 'Sign Out', icloudHello: 'Welcome to iCloud',
    signInTitle: 'Sign in with Apple Account', accountName: 'Email or Phone Number', password: 'Password', continue: 'Continue', signIn: 'Sign In',
    twofaTitle: 'Two-Factor Authentication', twofaIntro: 'A message with a verification code has been sent to your devices.',
    upgradeTitle: 'Protect your account', upgradeIntro: 'Two-factor authentication is not turned on for this account.', notNow: 'Other Options',
    nav: ['Personal Information', 'Sign-In and Security', 'Payment Methods', 'Privacy', 'Devices'],
    tiles: { email: 'Email & Phone Numbers', password: 'Password', asp: 'App-Specific Passwords', security: 'Account Security' },
    lines: { asp: 'View details', security: 'Two-factor authentication', questions: 'Security questions', password: 'Last updated' },
    aspIntro: 'App-specific passwords let you sign in to your account from apps that are not made by Apple.',
    generate: 'Generate an app-specific password', add: 'Add', remove: 'Remove', revokeAll: 'Revoke All',
    labelPrompt: 'Enter a label for this password', create: 'Create', cancel: 'Cancel', close: 'Close',
    confirmTitle: 'Confirm Your Password', wrongPassword: 'Your Apple Account or password was incorrect.',
    couldntCreate: "Couldn't create app-specific password", signInWithPassword: 'Sign in with password',
    resultIntro: 'Use this password in the app you labeled', resultOnce: 'You will not be able to see it again.', done: 'Done',
    limit: 'You have reached the maximum number of app-specific passwords. Revoke one to create a new one.',
    emptyLabel: 'Enter a label.', created: 'Created', revokeQuestion: 'Revoke this password?', revoke: 'Revoke',
    legacyGenerate: 'Generate Password…', legacyTitle: 'App-Specific Passwords', legacyHistory: 'View History',
    sessionExpired: 'Your session has expired. Sign in again.',
    // 2026 layout
    landingTitle: 'One account for everything Apple', landingText: 'A single Apple Account lets you access all Apple services and makes all of your devices work together seamlessly.',
    createAccount: 'Create Your Apple Account', faq: 'FAQ',
    nav26: ['Personal Information', 'Sign-In and Security', 'Payment & Shipping', 'Subscriptions', 'Family', 'Devices', 'Privacy'],
    securityIntro: 'Manage settings related to signing in to your account, account security, as well as how to recover your data when you’re having trouble signing in.',
    tiles26: { recovery: 'Account Recovery', legacy: 'Legacy Contact', siwa: 'Sign in with Apple' }, lines26: { recovery: 'Set up', legacy: 'Set up', siwa: '2 apps' },
    aspIntro26: 'Use an app-specific password to sign in to an app or service not provided by Apple.', aboutAsp: 'About app-specific passwords', passwords: 'Passwords',
    generateTitle: 'Generate app-specific password', generateText: 'Enter a label to help you remember what this password is for.', placeholder: 'e.g. Bill Pay',
    confirmTitle26: 'Confirm your password', confirmText: 'For your security, enter the password for:',
    resultTitle: 'Your app-specific password is:', resultText: 'Enter this password into the password field of the app you want to sign in to. Passwords are case sensitive.', ok: 'OK',
    refusalText: 'To create an app-specific password, sign in with your Apple Account password instead of a passkey, then try again.', dontUpgrade: "Don't Upgrade",
  },
  de: {
    turnOn2fa: 'Zwei-Faktor-Authentifizierung aktivieren', twofaOff: 'Zwei-Faktor-Authentifizierung: Aus', phoneLabel: 'Vertrauenswürdige Telefonnummer', codeLabel: 'Gib den an dein Telefon gesendeten Bestätigungscode ein',
    account: 'Konto', manageAccount: 'Apple Account verwalten', signOut: 'Abmelden', icloudHello: 'Willkommen bei iCloud',
    signInTitle: 'Mit Apple Account anmelden', accountName: 'E-Mail-Adresse oder Telefonnummer', password: 'Passwort', continue: 'Fortfahren', signIn: 'Anmelden',
    twofaTitle: 'Zwei-Faktor-Authentifizierung', twofaIntro: 'Ein Bestätigungscode wurde an deine Geräte gesendet.',
    upgradeTitle: 'Schütze deinen Account', upgradeIntro: 'Die Zwei-Faktor-Authentifizierung ist für diesen Account nicht aktiviert.', notNow: 'Andere Optionen',
    nav: ['Persönliche Informationen', 'Anmelden und Sicherheit', 'Zahlungsmethoden', 'Datenschutz', 'Geräte'],
    tiles: { email: 'E-Mail-Adressen und Telefonnummern', password: 'Passwort', asp: 'App-spezifische Passwörter', security: 'Accountsicherheit' },
    lines: { asp: 'Details anzeigen', security: 'Zwei-Faktor-Authentifizierung', questions: 'Sicherheitsfragen', password: 'Zuletzt geändert' },
    aspIntro: 'Mit app-spezifischen Passwörtern meldest du dich in Apps an, die nicht von Apple stammen.',
    generate: 'App-spezifisches Passwort erstellen', add: 'Hinzufügen', remove: 'Entfernen', revokeAll: 'Alle widerrufen',
    labelPrompt: 'Gib eine Bezeichnung für dieses Passwort ein', create: 'Erstellen', cancel: 'Abbrechen', close: 'Schließen',
    confirmTitle: 'Passwort bestätigen', wrongPassword: 'Apple Account oder Passwort war falsch.',
    couldntCreate: 'App-spezifisches Passwort konnte nicht erstellt werden', signInWithPassword: 'Mit Passwort anmelden',
    resultIntro: 'Verwende dieses Passwort in der App', resultOnce: 'Du kannst es später nicht mehr ansehen.', done: 'Fertig',
    limit: 'Du hast die maximale Anzahl app-spezifischer Passwörter erreicht.', emptyLabel: 'Gib eine Bezeichnung ein.', created: 'Erstellt',
    revokeQuestion: 'Dieses Passwort widerrufen?', revoke: 'Widerrufen',
    legacyGenerate: 'Passwort generieren …', legacyTitle: 'App-spezifische Passwörter', legacyHistory: 'Verlauf anzeigen',
    sessionExpired: 'Deine Sitzung ist abgelaufen. Melde dich erneut an.',
    // 2026 layout
    landingTitle: 'Ein Account für alles von Apple', landingText: 'Mit einem einzigen Apple Account greifst du auf alle Dienste von Apple zu, und alle deine Geräte arbeiten nahtlos zusammen.',
    createAccount: 'Apple Account erstellen', faq: 'Häufige Fragen',
    nav26: ['Persönliche Informationen', 'Anmelden und Sicherheit', 'Zahlung und Versand', 'Abonnements', 'Familie', 'Geräte', 'Datenschutz'],
    securityIntro: 'Verwalte Einstellungen für die Anmeldung, die Sicherheit deines Accounts und die Wiederherstellung deiner Daten bei Problemen mit der Anmeldung.',
    tiles26: { recovery: 'Accountwiederherstellung', legacy: 'Nachlasskontakt', siwa: 'Mit Apple anmelden' }, lines26: { recovery: 'Einrichten', legacy: 'Einrichten', siwa: '2 Apps' },
    aspIntro26: 'Verwende ein app-spezifisches Passwort, um dich bei einer App oder einem Dienst anzumelden, die nicht von Apple stammen.', aboutAsp: 'Über app-spezifische Passwörter', passwords: 'Passwörter',
    generateTitle: 'App-spezifisches Passwort generieren', generateText: 'Gib eine Bezeichnung ein, damit du weißt, wofür dieses Passwort ist.', placeholder: 'z. B. Onlinebanking',
    confirmTitle26: 'Passwort bestätigen', confirmText: 'Gib zu deiner Sicherheit das Passwort ein für:',
    resultTitle: 'Dein app-spezifisches Passwort lautet:', resultText: 'Gib dieses Passwort in das Passwortfeld der App ein, bei der du dich anmelden möchtest. Bei Passwörtern wird zwischen Groß- und Kleinschreibung unterschieden.', ok: 'OK',
    refusalText: 'Melde dich mit dem Passwort deines Apple Accounts statt mit einem Passkey an und versuche es dann erneut.', dontUpgrade: 'Nicht upgraden',
  },
  fr: {
    turnOn2fa: 'Activer l’identification à deux facteurs', twofaOff: 'Identification à deux facteurs : désactivée', phoneLabel: 'Numéro de téléphone de confiance', codeLabel: 'Saisissez le code de validation envoyé à votre téléphone',
    account: 'Compte', manageAccount: 'Gérer le compte Apple', signOut: 'Se déconnecter', icloudHello: 'Bienvenue dans iCloud',
    signInTitle: 'Se connecter avec un compte Apple', accountName: 'Adresse e-mail ou numéro de téléphone', password: 'Mot de passe', continue: 'Continuer', signIn: 'Se connecter',
    twofaTitle: 'Identification à deux facteurs', twofaIntro: 'Un code de validation a été envoyé à vos appareils.',
    upgradeTitle: 'Protégez votre compte', upgradeIntro: 'L’identification à deux facteurs n’est pas activée pour ce compte.', notNow: 'Autres options',
    nav: ['Informations personnelles', 'Connexion et sécurité', 'Moyens de paiement', 'Confidentialité', 'Appareils'],
    tiles: { email: 'E-mail et numéros de téléphone', password: 'Mot de passe', asp: 'Mots de passe pour applications', security: 'Sécurité du compte' },
    lines: { asp: 'Afficher les détails', security: 'Identification à deux facteurs', questions: 'Questions de sécurité', password: 'Dernière mise à jour' },
    aspIntro: 'Les mots de passe pour applications vous permettent de vous connecter depuis des apps tierces.',
    generate: 'Générer un mot de passe pour application', add: 'Ajouter', remove: 'Supprimer', revokeAll: 'Tout révoquer',
    labelPrompt: 'Saisissez un libellé pour ce mot de passe', create: 'Créer', cancel: 'Annuler', close: 'Fermer',
    confirmTitle: 'Confirmer votre mot de passe', wrongPassword: 'Votre compte Apple ou votre mot de passe est incorrect.',
    couldntCreate: 'Impossible de créer le mot de passe pour application', signInWithPassword: 'Se connecter avec le mot de passe',
    resultIntro: 'Utilisez ce mot de passe dans l’app', resultOnce: 'Vous ne pourrez plus le consulter.', done: 'Terminé',
    limit: 'Vous avez atteint le nombre maximal de mots de passe pour applications.', emptyLabel: 'Saisissez un libellé.', created: 'Créé',
    revokeQuestion: 'Révoquer ce mot de passe ?', revoke: 'Révoquer',
    legacyGenerate: 'Générer un mot de passe…', legacyTitle: 'Mots de passe pour applications', legacyHistory: 'Afficher l’historique',
    sessionExpired: 'Votre session a expiré. Reconnectez-vous.',
    // 2026 layout
    landingTitle: 'Un seul compte pour tout l’univers Apple', landingText: 'Un seul compte Apple vous donne accès à tous les services Apple et permet à tous vos appareils de fonctionner ensemble.',
    createAccount: 'Créer votre compte Apple', faq: 'FAQ',
    nav26: ['Informations personnelles', 'Connexion et sécurité', 'Paiement et livraison', 'Abonnements', 'Famille', 'Appareils', 'Confidentialité'],
    securityIntro: 'Gérez les réglages liés à la connexion à votre compte, à sa sécurité et à la récupération de vos données en cas de problème de connexion.',
    tiles26: { recovery: 'Récupération du compte', legacy: 'Contact légataire', siwa: 'Se connecter avec Apple' }, lines26: { recovery: 'Configurer', legacy: 'Configurer', siwa: '2 apps' },
    aspIntro26: 'Utilisez un mot de passe pour application pour vous connecter à une app ou à un service non fourni par Apple.', aboutAsp: 'À propos des mots de passe pour applications', passwords: 'Mots de passe',
    generateTitle: 'Générer un mot de passe pour application', generateText: 'Saisissez un libellé pour vous rappeler à quoi sert ce mot de passe.', placeholder: 'p. ex. Factures',
    confirmTitle26: 'Confirmer votre mot de passe', confirmText: 'Pour votre sécurité, saisissez le mot de passe de :',
    resultTitle: 'Votre mot de passe pour application est :', resultText: 'Saisissez ce mot de passe dans le champ de mot de passe de l’app à laquelle vous souhaitez vous connecter. Les mots de passe sont sensibles à la casse.', ok: 'OK',
    refusalText: 'Connectez-vous avec le mot de passe de votre compte Apple plutôt qu’avec une clé d’identification, puis réessayez.', dontUpgrade: 'Ne pas mettre à niveau',
  },
  ja: {
    turnOn2fa: '2ファクタ認証をオンにする', twofaOff: '2ファクタ認証：オフ', phoneLabel: '信頼できる電話番号', codeLabel: '電話に送信された確認コードを入力',
    account: 'アカウント', manageAccount: 'Apple Accountを管理', signOut: 'サインアウト', icloudHello: 'iCloudへようこそ',
    signInTitle: 'Apple Accountでサインイン', accountName: 'メールまたは電話番号', password: 'パスワード', continue: '続ける', signIn: 'サインイン',
    twofaTitle: '2ファクタ認証', twofaIntro: '確認コードを記載したメッセージがデバイスに送信されました。',
    upgradeTitle: 'アカウントを保護', upgradeIntro: 'このアカウントでは2ファクタ認証が有効になっていません。', notNow: 'その他のオプション',
    nav: ['個人情報', 'サインインとセキュリティ', 'お支払い方法', 'プライバシー', 'デバイス'],
    tiles: { email: 'メールと電話番号', password: 'パスワード', asp: 'アプリ用パスワード', security: 'アカウントのセキュリティ' },
    lines: { asp: '詳細を表示', security: '2ファクタ認証', questions: 'セキュリティ質問', password: '最終更新' },
    aspIntro: 'アプリ用パスワードを使うと、Apple 以外のアプリからアカウントにサインインできます。',
    generate: 'アプリ用パスワードを作成', add: '追加', remove: '削除', revokeAll: 'すべて取り消す',
    labelPrompt: 'このパスワードのラベルを入力', create: '作成', cancel: 'キャンセル', close: '閉じる',
    confirmTitle: 'パスワードを確認', wrongPassword: 'Apple Accountまたはパスワードが正しくありません。',
    couldntCreate: 'アプリ用パスワードを作成できませんでした', signInWithPassword: 'パスワードでサインイン',
    resultIntro: 'このパスワードをアプリで使用します', resultOnce: '後から表示することはできません。', done: '完了',
    limit: 'アプリ用パスワードの上限に達しました。', emptyLabel: 'ラベルを入力してください。', created: '作成日',
    revokeQuestion: 'このパスワードを取り消しますか？', revoke: '取り消す',
    legacyGenerate: 'パスワードを生成…', legacyTitle: 'アプリ用パスワード', legacyHistory: '履歴を表示',
    sessionExpired: 'セッションの有効期限が切れました。もう一度サインインしてください。',
    // 2026 layout
    landingTitle: 'Appleのすべてを、ひとつのアカウントで', landingText: 'ひとつのApple AccountですべてのAppleサービスにアクセスでき、すべてのデバイスがシームレスに連携します。',
    createAccount: 'Apple Accountを作成', faq: 'よくある質問',
    nav26: ['個人情報', 'サインインとセキュリティ', '支払いと配送', 'サブスクリプション', 'ファミリー', 'デバイス', 'プライバシー'],
    securityIntro: 'アカウントへのサインイン、アカウントのセキュリティ、サインインできないときのデータの復旧に関する設定を管理します。',
    tiles26: { recovery: 'アカウントの復旧', legacy: '故人アカウント管理連絡先', siwa: 'Appleでサインイン' }, lines26: { recovery: '設定', legacy: '設定', siwa: '2個のApp' },
    aspIntro26: 'アプリ用パスワードを使用すると、Apple以外が提供するAppやサービスにサインインできます。', aboutAsp: 'アプリ用パスワードについて', passwords: 'パスワード',
    generateTitle: 'アプリ用パスワードを作成', generateText: 'このパスワードの用途がわかるラベルを入力してください。', placeholder: '例：家計簿',
    confirmTitle26: 'パスワードを確認', confirmText: 'セキュリティ保護のため、次のアカウントのパスワードを入力してください：',
    resultTitle: 'アプリ用パスワード：', resultText: 'サインインしたいAppのパスワードフィールドにこのパスワードを入力してください。パスワードでは大文字と小文字が区別されます。', ok: '完了',
    refusalText: 'パスキーではなくApple Accountのパスワードでサインインしてから、もう一度お試しください。', dontUpgrade: 'アップグレードしない',
  },
  pl: {
    account: 'Konto', manageAccount: 'Zarządzaj kontem Apple', signOut: 'Wyloguj się', icloudHello: 'Witamy w iCloud',
    signInTitle: 'Zaloguj się, używając konta Apple', accountName: 'Adres e-mail lub numer telefonu', password: 'Hasło', continue: 'Kontynuuj', signIn: 'Zaloguj się',
    twofaTitle: 'Uwierzytelnianie dwupoziomowe', twofaIntro: 'Na Twoje urządzenia wysłano kod weryfikacyjny.',
    upgradeTitle: 'Chroń swoje konto', upgradeIntro: 'Uwierzytelnianie dwupoziomowe nie jest włączone.', notNow: 'Inne opcje',
    nav: ['Dane osobowe', 'Logowanie i zabezpieczenia', 'Metody płatności', 'Prywatność', 'Urządzenia'],
    tiles: { email: 'E-mail i numery telefonów', password: 'Hasło', asp: 'Hasła aplikacji', security: 'Bezpieczeństwo konta' },
    lines: { asp: 'Pokaż szczegóły', security: 'Uwierzytelnianie dwupoziomowe', questions: 'Pytania zabezpieczające', password: 'Ostatnia zmiana' },
    aspIntro: 'Hasła aplikacji pozwalają logować się w aplikacjach innych firm.',
    generate: 'Wygeneruj hasło aplikacji', add: 'Dodaj', remove: 'Usuń', revokeAll: 'Unieważnij wszystkie',
    labelPrompt: 'Wpisz etykietę tego hasła', create: 'Utwórz', cancel: 'Anuluj', close: 'Zamknij',
    confirmTitle: 'Potwierdź hasło', wrongPassword: 'Konto Apple lub hasło jest nieprawidłowe.',
    couldntCreate: 'Nie można utworzyć hasła aplikacji', signInWithPassword: 'Zaloguj się hasłem',
    resultIntro: 'Użyj tego hasła w aplikacji', resultOnce: 'Nie będzie można go ponownie wyświetlić.', done: 'Gotowe',
    limit: 'Osiągnięto maksymalną liczbę haseł aplikacji.', emptyLabel: 'Wpisz etykietę.', created: 'Utworzono',
    revokeQuestion: 'Unieważnić to hasło?', revoke: 'Unieważnij',
    legacyGenerate: 'Wygeneruj hasło…', legacyTitle: 'Hasła aplikacji', legacyHistory: 'Pokaż historię',
    sessionExpired: 'Sesja wygasła. Zaloguj się ponownie.',
    // 2026 layout
    landingTitle: 'Jedno konto do wszystkiego od Apple', landingText: 'Jedno konto Apple daje dostęp do wszystkich usług Apple, a Twoje urządzenia bezproblemowo ze sobą współpracują.',
    createAccount: 'Utwórz konto Apple', faq: 'Często zadawane pytania',
    nav26: ['Dane osobowe', 'Logowanie i zabezpieczenia', 'Płatności i wysyłka', 'Subskrypcje', 'Rodzina', 'Urządzenia', 'Prywatność'],
    securityIntro: 'Zarządzaj ustawieniami logowania, bezpieczeństwa konta oraz odzyskiwania danych w razie problemów z logowaniem.',
    tiles26: { recovery: 'Odzyskiwanie konta', legacy: 'Kontakt spadkowy', siwa: 'Zaloguj się przez Apple' }, lines26: { recovery: 'Skonfiguruj', legacy: 'Skonfiguruj', siwa: '2 aplikacje' },
    aspIntro26: 'Używaj hasła aplikacji, aby logować się w aplikacjach lub usługach, których nie dostarcza Apple.', aboutAsp: 'Hasła aplikacji – informacje', passwords: 'Hasła',
    generateTitle: 'Wygeneruj hasło aplikacji', generateText: 'Wpisz etykietę, która przypomni Ci, do czego służy to hasło.', placeholder: 'np. Rachunki',
    confirmTitle26: 'Potwierdź hasło', confirmText: 'Ze względów bezpieczeństwa wprowadź hasło do konta:',
    resultTitle: 'Twoje hasło aplikacji to:', resultText: 'Wprowadź to hasło w polu hasła aplikacji, w której chcesz się zalogować. W hasłach rozróżniana jest wielkość liter.', ok: 'OK',
    refusalText: 'Zaloguj się hasłem do konta Apple zamiast kluczem dostępu i spróbuj ponownie.', dontUpgrade: 'Nie uaktualniaj',
  },
  'zh-CN': {
    account: '账户', manageAccount: '管理 Apple 账户', signOut: '退出登录', icloudHello: '欢迎使用 iCloud',
    signInTitle: '使用 Apple 账户登录', accountName: '电子邮件或电话号码', password: '密码', continue: '继续', signIn: '登录',
    twofaTitle: '双重认证', twofaIntro: '包含验证码的信息已发送至你的设备。',
    upgradeTitle: '保护你的账户', upgradeIntro: '此账户未开启双重认证。', notNow: '其他选项',
    nav: ['个人信息', '登录和安全', '付款方式', '隐私', '设备'],
    tiles: { email: '电子邮件和电话号码', password: '密码', asp: '应用专用密码', security: '账户安全' },
    lines: { asp: '查看详细信息', security: '双重认证', questions: '安全提示问题', password: '上次更新' },
    aspIntro: '应用专用密码可让你通过非 Apple 的 App 登录账户。',
    generate: '生成密码…', add: '添加', remove: '移除', revokeAll: '全部撤销',
    labelPrompt: '为此密码输入标签', create: '创建', cancel: '取消', close: '关闭',
    confirmTitle: '确认密码', wrongPassword: 'Apple 账户或密码不正确。',
    couldntCreate: '无法创建应用专用密码', signInWithPassword: '使用密码登录',
    resultIntro: '在 App 中使用此密码', resultOnce: '之后将无法再次查看。', done: '完成',
    limit: '应用专用密码已达上限。', emptyLabel: '请输入标签。', created: '创建于',
    revokeQuestion: '撤销此密码？', revoke: '撤销',
    legacyGenerate: '生成密码…', legacyTitle: '应用专用密码', legacyHistory: '查看历史记录',
    sessionExpired: '会话已过期，请重新登录。',
    // 2026 layout
    landingTitle: '一个账户，畅享 Apple 的一切', landingText: '只需一个 Apple 账户，即可访问所有 Apple 服务，并让你的所有设备无缝协同工作。',
    createAccount: '创建你的 Apple 账户', faq: '常见问题',
    nav26: ['个人信息', '登录和安全', '付款与配送', '订阅', '家人共享', '设备', '隐私'],
    securityIntro: '管理与登录账户、账户安全以及登录遇到问题时恢复数据相关的设置。',
    tiles26: { recovery: '账户恢复', legacy: '遗产联系人', siwa: '通过 Apple 登录' }, lines26: { recovery: '设置', legacy: '设置', siwa: '2 个 App' },
    aspIntro26: '使用应用专用密码登录非 Apple 提供的 App 或服务。', aboutAsp: '关于应用专用密码', passwords: '密码',
    generateTitle: '生成应用专用密码', generateText: '输入一个标签，帮助你记住此密码的用途。', placeholder: '例如：账单支付',
    confirmTitle26: '确认你的密码', confirmText: '为了你的安全，请输入以下账户的密码：',
    resultTitle: '你的应用专用密码是：', resultText: '在你要登录的 App 的密码栏中输入此密码。密码区分大小写。', ok: '好',
    refusalText: '请使用 Apple 账户密码（而非通行密钥）登录，然后重试。', dontUpgrade: '不升级',
  },
  // es, it, ko and pt-BR: the strings the guide recognises (tile, Generate, Add, section,
  // security questions, two-factor, Done; steps.rs says where each comes from) are Apple's as
  // far as public sources show; the rest are ordinary translations for the simulation.
  es: {
    turnOn2fa: 'Activar la autenticación de doble factor', twofaOff: 'Autenticación de doble factor: desactivada', phoneLabel: 'Número de teléfono de confianza', codeLabel: 'Introduce el código de verificación enviado a tu teléfono',
    account: 'Cuenta', manageAccount: 'Gestionar la cuenta de Apple', signOut: 'Cerrar sesión', icloudHello: 'Te damos la bienvenida a iCloud',
    signInTitle: 'Iniciar sesión con la cuenta de Apple', accountName: 'Correo electrónico o número de teléfono', password: 'Contraseña', continue: 'Continuar', signIn: 'Iniciar sesión',
    twofaTitle: 'Autenticación de doble factor', twofaIntro: 'Se ha enviado un mensaje con un código de verificación a tus dispositivos.',
    upgradeTitle: 'Protege tu cuenta', upgradeIntro: 'La autenticación de doble factor no está activada en esta cuenta.', notNow: 'Otras opciones',
    nav: ['Información personal', 'Inicio de sesión y seguridad', 'Métodos de pago', 'Privacidad', 'Dispositivos'],
    tiles: { email: 'Correo electrónico y números de teléfono', password: 'Contraseña', asp: 'Contraseñas específicas de app', security: 'Seguridad de la cuenta' },
    lines: { asp: 'Ver detalles', security: 'Autenticación de doble factor', questions: 'Preguntas de seguridad', password: 'Última actualización' },
    aspIntro: 'Las contraseñas específicas de app te permiten iniciar sesión en tu cuenta desde apps que no son de Apple.',
    generate: 'Generar una contraseña específica de app', add: 'Añadir', remove: 'Eliminar', revokeAll: 'Revocar todas',
    labelPrompt: 'Introduce una etiqueta para esta contraseña', create: 'Crear', cancel: 'Cancelar', close: 'Cerrar',
    confirmTitle: 'Confirma tu contraseña', wrongPassword: 'La cuenta de Apple o la contraseña no son correctas.',
    couldntCreate: 'No se ha podido crear la contraseña específica de app', signInWithPassword: 'Iniciar sesión con contraseña',
    resultIntro: 'Usa esta contraseña en la app que has etiquetado', resultOnce: 'No podrás volver a verla.', done: 'Listo',
    limit: 'Has alcanzado el número máximo de contraseñas específicas de app.', emptyLabel: 'Introduce una etiqueta.', created: 'Creada',
    revokeQuestion: '¿Revocar esta contraseña?', revoke: 'Revocar',
    legacyGenerate: 'Generar contraseña…', legacyTitle: 'Contraseñas específicas de app', legacyHistory: 'Ver historial',
    sessionExpired: 'Tu sesión ha caducado. Vuelve a iniciar sesión.',
    // 2026 layout
    landingTitle: 'Una cuenta para todo lo de Apple', landingText: 'Con una sola cuenta de Apple puedes acceder a todos los servicios de Apple y hacer que todos tus dispositivos funcionen juntos a la perfección.',
    createAccount: 'Crear tu cuenta de Apple', faq: 'Preguntas frecuentes',
    nav26: ['Información personal', 'Inicio de sesión y seguridad', 'Pago y envío', 'Suscripciones', 'En familia', 'Dispositivos', 'Privacidad'],
    securityIntro: 'Gestiona los ajustes de inicio de sesión, la seguridad de la cuenta y cómo recuperar tus datos si tienes problemas para iniciar sesión.',
    tiles26: { recovery: 'Recuperación de la cuenta', legacy: 'Contacto de legado', siwa: 'Iniciar sesión con Apple' }, lines26: { recovery: 'Configurar', legacy: 'Configurar', siwa: '2 apps' },
    aspIntro26: 'Usa una contraseña específica de app para iniciar sesión en una app o un servicio que no proporcione Apple.', aboutAsp: 'Acerca de las contraseñas específicas de app', passwords: 'Contraseñas',
    generateTitle: 'Generar contraseña específica de app', generateText: 'Introduce una etiqueta para recordar para qué es esta contraseña.', placeholder: 'p. ej., Facturas',
    confirmTitle26: 'Confirma tu contraseña', confirmText: 'Por tu seguridad, introduce la contraseña de:',
    resultTitle: 'Tu contraseña específica de app es:', resultText: 'Introduce esta contraseña en el campo de contraseña de la app en la que quieras iniciar sesión. Las contraseñas distinguen entre mayúsculas y minúsculas.', ok: 'OK',
    refusalText: 'Inicia sesión con la contraseña de tu cuenta de Apple en lugar de con una llave de acceso y vuelve a intentarlo.', dontUpgrade: 'No actualizar',
  },
  it: {
    turnOn2fa: 'Attiva l’autenticazione a due fattori', twofaOff: 'Autenticazione a due fattori: disattivata', phoneLabel: 'Numero di telefono attendibile', codeLabel: 'Inserisci il codice di verifica inviato al tuo telefono',
    account: 'Account', manageAccount: 'Gestisci Apple Account', signOut: 'Esci', icloudHello: 'Benvenuto in iCloud',
    signInTitle: 'Accedi con l’Apple Account', accountName: 'Email o numero di telefono', password: 'Password', continue: 'Continua', signIn: 'Accedi',
    twofaTitle: 'Autenticazione a due fattori', twofaIntro: 'Un messaggio con un codice di verifica è stato inviato ai tuoi dispositivi.',
    upgradeTitle: 'Proteggi il tuo account', upgradeIntro: 'L’autenticazione a due fattori non è attiva per questo account.', notNow: 'Altre opzioni',
    nav: ['Informazioni personali', 'Accesso e sicurezza', 'Metodi di pagamento', 'Privacy', 'Dispositivi'],
    tiles: { email: 'Email e numeri di telefono', password: 'Password', asp: 'Password specifiche per le app', security: 'Sicurezza dell’account' },
    lines: { asp: 'Mostra dettagli', security: 'Autenticazione a due fattori', questions: 'Domande di sicurezza', password: 'Ultimo aggiornamento' },
    aspIntro: 'Le password specifiche per le app ti permettono di accedere al tuo account da app non realizzate da Apple.',
    generate: 'Genera una password specifica per l’app', add: 'Aggiungi', remove: 'Rimuovi', revokeAll: 'Revoca tutte',
    labelPrompt: 'Inserisci un’etichetta per questa password', create: 'Crea', cancel: 'Annulla', close: 'Chiudi',
    confirmTitle: 'Conferma la password', wrongPassword: 'L’Apple Account o la password non sono corretti.',
    couldntCreate: 'Impossibile creare la password specifica per l’app', signInWithPassword: 'Accedi con la password',
    resultIntro: 'Usa questa password nell’app che hai indicato', resultOnce: 'Non potrai più visualizzarla.', done: 'Fine',
    limit: 'Hai raggiunto il numero massimo di password specifiche per le app.', emptyLabel: 'Inserisci un’etichetta.', created: 'Creata',
    revokeQuestion: 'Revocare questa password?', revoke: 'Revoca',
    legacyGenerate: 'Genera password…', legacyTitle: 'Password specifiche per le app', legacyHistory: 'Mostra cronologia',
    sessionExpired: 'La sessione è scaduta. Accedi di nuovo.',
    // 2026 layout
    landingTitle: 'Un solo account per tutto ciò che è Apple', landingText: 'Con un solo Apple Account accedi a tutti i servizi Apple e tutti i tuoi dispositivi funzionano insieme alla perfezione.',
    createAccount: 'Crea il tuo Apple Account', faq: 'Domande frequenti',
    nav26: ['Informazioni personali', 'Accesso e sicurezza', 'Pagamento e spedizione', 'Abbonamenti', 'In famiglia', 'Dispositivi', 'Privacy'],
    securityIntro: 'Gestisci le impostazioni relative all’accesso, alla sicurezza dell’account e al recupero dei dati in caso di problemi di accesso.',
    tiles26: { recovery: 'Recupero dell’account', legacy: 'Contatto erede', siwa: 'Accedi con Apple' }, lines26: { recovery: 'Configura', legacy: 'Configura', siwa: '2 app' },
    aspIntro26: 'Usa una password specifica per le app per accedere a un’app o a un servizio non forniti da Apple.', aboutAsp: 'Informazioni sulle password specifiche per le app', passwords: 'Password',
    generateTitle: 'Genera password specifica per l’app', generateText: 'Inserisci un’etichetta per ricordare a cosa serve questa password.', placeholder: 'ad es. Bollette',
    confirmTitle26: 'Conferma la password', confirmText: 'Per la tua sicurezza, inserisci la password di:',
    resultTitle: 'La tua password specifica per l’app è:', resultText: 'Inserisci questa password nel campo password dell’app a cui vuoi accedere. Le password distinguono tra maiuscole e minuscole.', ok: 'OK',
    refusalText: 'Accedi con la password del tuo Apple Account invece che con una passkey, poi riprova.', dontUpgrade: 'Non aggiornare',
  },
  ko: {
    turnOn2fa: '이중 인증 켜기', twofaOff: '이중 인증: 끔', phoneLabel: '신뢰하는 전화번호', codeLabel: '전화로 전송된 확인 코드를 입력하십시오',
    account: '계정', manageAccount: 'Apple 계정 관리', signOut: '로그아웃', icloudHello: 'iCloud에 오신 것을 환영합니다',
    signInTitle: 'Apple 계정으로 로그인', accountName: '이메일 또는 전화번호', password: '암호', continue: '계속', signIn: '로그인',
    twofaTitle: '이중 인증', twofaIntro: '확인 코드가 포함된 메시지가 기기로 전송되었습니다.',
    upgradeTitle: '계정 보호하기', upgradeIntro: '이 계정에는 이중 인증이 켜져 있지 않습니다.', notNow: '기타 옵션',
    nav: ['개인 정보', '로그인 및 보안', '결제 수단', '개인정보 보호', '기기'],
    tiles: { email: '이메일 및 전화번호', password: '암호', asp: '앱 암호', security: '계정 보안' },
    lines: { asp: '세부사항 보기', security: '이중 인증', questions: '보안 질문', password: '최근 업데이트' },
    aspIntro: '앱 암호를 사용하면 Apple이 만들지 않은 앱에서 계정에 로그인할 수 있습니다.',
    generate: '앱 암호 생성', add: '추가', remove: '제거', revokeAll: '모두 철회',
    labelPrompt: '이 암호의 레이블을 입력하십시오', create: '생성', cancel: '취소', close: '닫기',
    confirmTitle: '암호 확인', wrongPassword: 'Apple 계정 또는 암호가 올바르지 않습니다.',
    couldntCreate: '앱 암호를 생성할 수 없습니다', signInWithPassword: '암호로 로그인',
    resultIntro: '레이블을 지정한 앱에서 이 암호를 사용하십시오', resultOnce: '이 암호는 다시 볼 수 없습니다.', done: '완료',
    limit: '앱 암호를 최대 개수까지 만들었습니다.', emptyLabel: '레이블을 입력하십시오.', created: '생성됨',
    revokeQuestion: '이 암호를 철회하겠습니까?', revoke: '철회',
    legacyGenerate: '암호 생성…', legacyTitle: '앱 암호', legacyHistory: '기록 보기',
    sessionExpired: '세션이 만료되었습니다. 다시 로그인하십시오.',
    // 2026 layout
    landingTitle: 'Apple의 모든 것을 위한 하나의 계정', landingText: '하나의 Apple 계정으로 모든 Apple 서비스에 접근하고 모든 기기를 매끄럽게 함께 사용할 수 있습니다.',
    createAccount: 'Apple 계정 생성', faq: '자주 묻는 질문',
    nav26: ['개인 정보', '로그인 및 보안', '결제 및 배송', '구독', '가족', '기기', '개인정보 보호'],
    securityIntro: '계정 로그인, 계정 보안 및 로그인에 문제가 있을 때 데이터를 복구하는 방법에 관한 설정을 관리합니다.',
    tiles26: { recovery: '계정 복구', legacy: '유산 관리자', siwa: 'Apple로 로그인' }, lines26: { recovery: '설정', legacy: '설정', siwa: '앱 2개' },
    aspIntro26: '앱 암호를 사용하여 Apple에서 제공하지 않는 앱 또는 서비스에 로그인하십시오.', aboutAsp: '앱 암호에 관하여', passwords: '암호',
    generateTitle: '앱 암호 생성', generateText: '이 암호의 용도를 기억할 수 있도록 레이블을 입력하십시오.', placeholder: '예: 공과금 납부',
    confirmTitle26: '암호 확인', confirmText: '보안을 위해 다음 계정의 암호를 입력하십시오.',
    resultTitle: '앱 암호:', resultText: '로그인하려는 앱의 암호 필드에 이 암호를 입력하십시오. 암호는 대소문자를 구분합니다.', ok: '확인',
    refusalText: '패스키 대신 Apple 계정 암호로 로그인한 다음 다시 시도하십시오.', dontUpgrade: '업그레이드 안 함',
  },
  'pt-BR': {
    turnOn2fa: 'Ativar a autenticação de dois fatores', twofaOff: 'Autenticação de dois fatores: desativada', phoneLabel: 'Número de telefone confiável', codeLabel: 'Digite o código de verificação enviado ao seu telefone',
    account: 'Conta', manageAccount: 'Gerenciar a Conta Apple', signOut: 'Finalizar Sessão', icloudHello: 'Boas-vindas ao iCloud',
    signInTitle: 'Iniciar sessão com a Conta Apple', accountName: 'E-mail ou número de telefone', password: 'Senha', continue: 'Continuar', signIn: 'Iniciar Sessão',
    twofaTitle: 'Autenticação de dois fatores', twofaIntro: 'Uma mensagem com um código de verificação foi enviada aos seus dispositivos.',
    upgradeTitle: 'Proteja sua conta', upgradeIntro: 'A autenticação de dois fatores não está ativada nesta conta.', notNow: 'Outras opções',
    nav: ['Informações Pessoais', 'Início de Sessão e Segurança', 'Formas de Pagamento', 'Privacidade', 'Dispositivos'],
    tiles: { email: 'E-mail e números de telefone', password: 'Senha', asp: 'Senhas específicas de apps', security: 'Segurança da Conta' },
    lines: { asp: 'Ver detalhes', security: 'Autenticação de dois fatores', questions: 'Perguntas de segurança', password: 'Última atualização' },
    aspIntro: 'As senhas específicas de apps permitem iniciar sessão na sua conta em apps que não são da Apple.',
    generate: 'Gerar uma senha específica de app', add: 'Adicionar', remove: 'Remover', revokeAll: 'Revogar Todas',
    labelPrompt: 'Digite um rótulo para esta senha', create: 'Criar', cancel: 'Cancelar', close: 'Fechar',
    confirmTitle: 'Confirme sua senha', wrongPassword: 'A Conta Apple ou a senha está incorreta.',
    couldntCreate: 'Não foi possível criar a senha específica do app', signInWithPassword: 'Iniciar sessão com senha',
    resultIntro: 'Use esta senha no app do rótulo que você digitou', resultOnce: 'Não será possível vê-la novamente.', done: 'Concluído',
    limit: 'Você atingiu o número máximo de senhas específicas de apps.', emptyLabel: 'Digite um rótulo.', created: 'Criada',
    revokeQuestion: 'Revogar esta senha?', revoke: 'Revogar',
    legacyGenerate: 'Gerar Senha…', legacyTitle: 'Senhas específicas de apps', legacyHistory: 'Ver Histórico',
    sessionExpired: 'Sua sessão expirou. Inicie a sessão novamente.',
    // 2026 layout
    landingTitle: 'Uma conta para tudo da Apple', landingText: 'Uma única Conta Apple dá acesso a todos os serviços da Apple e faz todos os seus dispositivos funcionarem juntos perfeitamente.',
    createAccount: 'Criar sua Conta Apple', faq: 'Perguntas frequentes',
    nav26: ['Informações Pessoais', 'Início de Sessão e Segurança', 'Pagamento e Entrega', 'Assinaturas', 'Família', 'Dispositivos', 'Privacidade'],
    securityIntro: 'Gerencie os ajustes de início de sessão, a segurança da conta e como recuperar seus dados se tiver problemas para iniciar sessão.',
    tiles26: { recovery: 'Recuperação da Conta', legacy: 'Contato de Legado', siwa: 'Iniciar Sessão com a Apple' }, lines26: { recovery: 'Configurar', legacy: 'Configurar', siwa: '2 apps' },
    aspIntro26: 'Use uma senha específica de app para iniciar sessão em um app ou serviço que não seja fornecido pela Apple.', aboutAsp: 'Sobre senhas específicas de apps', passwords: 'Senhas',
    generateTitle: 'Gerar senha específica de app', generateText: 'Digite um rótulo para lembrar para que serve esta senha.', placeholder: 'por ex., Contas',
    confirmTitle26: 'Confirme sua senha', confirmText: 'Para sua segurança, digite a senha de:',
    resultTitle: 'Sua senha específica de app é:', resultText: 'Digite esta senha no campo de senha do app no qual você deseja iniciar sessão. As senhas diferenciam maiúsculas de minúsculas.', ok: 'OK',
    refusalText: 'Inicie sessão com a senha da sua Conta Apple em vez de uma chave-senha e tente novamente.', dontUpgrade: 'Não Atualizar',
  },
  // Danish: the words of the 2026 walkthrough's screenshots are Apple's (Login og sikkerhed,
  // App-specifikke adgangskoder, Vis oplysninger, Adgangskoder, Generer app-specifik adgangskode,
  // Opret, Annuller, Bekræft din adgangskode, Fortsæt, Din app-specifikke adgangskode er:, OK,
  // Log ud, Tofaktorgodkendelse); the rest are ordinary translations for the simulation.
  da: {
    turnOn2fa: 'Slå tofaktorgodkendelse til', twofaOff: 'Tofaktorgodkendelse: Fra', phoneLabel: 'Betroet telefonnummer', codeLabel: 'Indtast bekræftelseskoden, der blev sendt til din telefon',
    account: 'Konto', manageAccount: 'Administrer Apple-konto', signOut: 'Log ud', icloudHello: 'Velkommen til iCloud',
    signInTitle: 'Log ind med Apple-konto', accountName: 'E-mail eller telefonnummer', password: 'Adgangskode', continue: 'Fortsæt', signIn: 'Log ind',
    twofaTitle: 'Tofaktorgodkendelse', twofaIntro: 'Der er sendt en besked med en bekræftelseskode til dine enheder.',
    upgradeTitle: 'Beskyt din konto', upgradeIntro: 'Tofaktorgodkendelse er ikke slået til for denne konto.', notNow: 'Andre muligheder',
    nav: ['Personlige oplysninger', 'Login og sikkerhed', 'Betalingsmetoder', 'Anonymitet', 'Enheder'],
    tiles: { email: 'E-mail og telefonnumre', password: 'Adgangskode', asp: 'App-specifikke adgangskoder', security: 'Kontosikkerhed' },
    lines: { asp: 'Vis oplysninger', security: 'Tofaktorgodkendelse', questions: 'Sikkerhedsspørgsmål', password: 'Sidst opdateret' },
    aspIntro: 'Med app-specifikke adgangskoder kan du logge ind på din konto fra apps, der ikke er lavet af Apple.',
    generate: 'Generer en app-specifik adgangskode', add: 'Tilføj', remove: 'Fjern', revokeAll: 'Tilbagekald alle',
    labelPrompt: 'Indtast en etiket til denne adgangskode', create: 'Opret', cancel: 'Annuller', close: 'Luk',
    confirmTitle: 'Bekræft din adgangskode', wrongPassword: 'Din Apple-konto eller adgangskode var forkert.',
    couldntCreate: 'Den app-specifikke adgangskode kunne ikke oprettes', signInWithPassword: 'Log ind med adgangskode',
    resultIntro: 'Brug denne adgangskode i den app, du har angivet', resultOnce: 'Du kan ikke se den igen.', done: 'Færdig',
    limit: 'Du har nået det maksimale antal app-specifikke adgangskoder.', emptyLabel: 'Indtast en etiket.', created: 'Oprettet',
    revokeQuestion: 'Tilbagekald denne adgangskode?', revoke: 'Tilbagekald',
    legacyGenerate: 'Generer adgangskode…', legacyTitle: 'App-specifikke adgangskoder', legacyHistory: 'Vis historik',
    sessionExpired: 'Din session er udløbet. Log ind igen.',
    // 2026 layout
    landingTitle: 'Én konto til alt fra Apple', landingText: 'Med én Apple-konto får du adgang til alle Apple-tjenester, og alle dine enheder arbejder problemfrit sammen.',
    createAccount: 'Opret din Apple-konto', faq: 'Ofte stillede spørgsmål',
    nav26: ['Personlige oplysninger', 'Login og sikkerhed', 'Betaling og levering', 'Abonnementer', 'Familie', 'Enheder', 'Anonymitet'],
    securityIntro: 'Administrer indstillinger for login, kontosikkerhed og gendannelse af dine data, hvis du har problemer med at logge ind.',
    tiles26: { recovery: 'Kontogendannelse', legacy: 'Arvingkontakt', siwa: 'Log ind med Apple' }, lines26: { recovery: 'Konfigurer', legacy: 'Konfigurer', siwa: '2 apps' },
    aspIntro26: 'Brug en app-specifik adgangskode til at logge ind på en app eller tjeneste, der ikke leveres af Apple.', aboutAsp: 'Om app-specifikke adgangskoder', passwords: 'Adgangskoder',
    generateTitle: 'Generer app-specifik adgangskode', generateText: 'Angiv en etiket, så du kan huske, hvad adgangskoden bruges til.', placeholder: 'f.eks. Netbank',
    confirmTitle26: 'Bekræft din adgangskode', confirmText: 'Af sikkerhedshensyn skal du indtaste adgangskoden til:',
    resultTitle: 'Din app-specifikke adgangskode er:', resultText: 'Indtast denne adgangskode i adgangskodefeltet i den app, du vil logge ind på. Der skelnes mellem store og små bogstaver i adgangskoder.', ok: 'OK',
    refusalText: 'Log ind med adgangskoden til din Apple-konto i stedet for en adgangsnøgle, og prøv igen.', dontUpgrade: 'Opgrader ikke',
  },
};

/** The page's text in the configured language (English for an unknown one). */
export function text(cfg) {
  if (cfg.lang === 'qps') return pseudo(TEXT.en);
  return { ...TEXT.en, ...(TEXT[cfg.lang] || {}) };
}

// A pseudo-locale (`lang=qps`): every letter swapped for an accented look-alike, so no known
// word matches and the guide must get by on structure alone, as in a language it does not know.
const PSEUDO = Object.fromEntries([...'aeiouycnsAEIOUYCNS'].map((c, i) => [c, 'ȧḗīǿŭẏƈƞşȦḖĪǾŬẎƇƝŞ'[i]]));
function pseudo(v) {
  if (typeof v === 'string') return `⟦${[...v].map((c) => PSEUDO[c] || c).join('')}⟧`;
  if (Array.isArray(v)) return v.map(pseudo);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pseudo(x)]));
}

/** The config as query parameters, to carry it to another replica host. */
export function configQuery(cfg) {
  return new URLSearchParams(cfg).toString();
}

/** Runs `f` after the configured late-render delay. */
export function later(cfg, f) {
  setTimeout(f, Number(cfg.late) || 0);
}

/** The port this replica is served on ("" for the default), to build cross-host links. */
export function portSuffix() {
  return location.port ? `:${location.port}` : '';
}

/**
 * `hostile=ce`: a page script that defines, before the extension runs, a custom element under
 * the name the extension's overlay host had (`apg-overlay`), and takes its ElementInternals:
 * a closed shadow root attached to a custom element is open to its internals
 * (`internals.shadowRoot`). What it got is kept in `window.__claimed` for the test.
 */
export function claimOverlayTag() {
  const claimed = (window.__claimed = { constructed: 0, internals: [] });
  for (const name of ['apg-overlay']) {
    if (customElements.get(name)) continue;
    customElements.define(name, class extends HTMLElement {
      constructor() {
        super();
        claimed.constructed += 1;
        try {
          claimed.internals.push(this.attachInternals());
        } catch {
          // An element that refuses internals: nothing to keep.
        }
      }
    });
  }
}

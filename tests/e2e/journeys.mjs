// The journeys the end-to-end tests walk, written once for both browsers. Each returns the
// sequence of `data-apg-step` values it saw, in order, for the test to compare. The replica's
// `layout=today` journeys come first; journey2026() and its helpers walk the 2026 layout.
import { waitFor } from './harness.mjs';

const GENERATE = '.modal-dialog .modal-body > button.button-rounded-rectangle, .modal-dialog button.button-icon[title]:not([aria-label="Close"])';
const SUBMIT = '.modal-button-bar button[type=submit]';

/**
 * Inside the App-Specific Passwords dialog: Generate, a label, Create, the account password,
 * until Apple shows the new password. `expect(id)` waits for (and records) each step. With
 * `generate: null` it starts at the label field, already open.
 */
export async function makePassword(d, expect, { label = 'Thunderbird', generate = GENERATE } = {}) {
  if (generate) {
    await d.click(generate);
    await expect('label');
  }
  await d.type('#asp-label', label);
  // With dialogs re-mounted every 900 ms, a busy machine can lose the label typed into a dialog
  // on its way out (seen in CI: the field came back empty): typed again, as a person would.
  for (let attempt = 1; attempt < 3; attempt++) {
    try {
      await d.waitStep('create', 5000);
      break;
    } catch {
      await d.type('#asp-label', label);
    }
  }
  await expect('create');
  await d.click(SUBMIT);
  await expect('confirm-password');
  await d.type('.modal-dialog input[type=password]', 'account-password');
  await d.click(SUBMIT);
  await expect('copy');
}

/** A person who has never done this: from iCloud.com to Done. */
export async function fullJourney(d, replica, { lang = 'en', late = '400', extra = '', reload = false, onStep = async () => {} } = {}) {
  const seen = [];
  const expect = async (id) => { await d.waitStep(id); seen.push(id); await onStep(id); };
  await d.goto(replica.url('www.icloud.com', `/?layout=today&lang=${lang}&late=${late}${extra}`));
  // On iCloud.com the guide waits to be asked: the person starts it with Alt+Shift+G.
  await waitFor(async () => (await d.state()).background, 'the guide to load');
  await d.keys(['Alt', 'Shift', 'G']);
  await expect('icloud-open-account');
  await d.click('.profile-button');
  await d.click('.profile-menu a[role=menuitem]');
  await expect('sign-in');
  await d.inFrame('#aid-auth-widget-iFrame', async (f) => {
    await f.type('#account_name_text_field', 'jane@icloud.com');
    await f.click('#sign-in');
    await f.type('#password_text_field', 'account-password');
    await f.click('#sign-in');
    for (let i = 0; i < 6; i++) await f.type(`#char${i}`, String(i + 1));
  });
  await expect('open-security');
  await d.click('a.side-nav-link[href$="/section/security"]');
  await expect('open-app-passwords');
  if (reload) {
    await d.reload();
    await d.waitStep('open-app-passwords');
  }
  await d.click('#asp-tile');
  await expect('generate');
  await makePassword(d, expect);
  await d.selectAndCopy('.app-password, .modal-dialog input[readonly]');
  await expect('done');
  await d.click('.modal-button-bar button');
  await expect('finished');
  if (reload) {
    await d.reload();
    await d.waitStep('finished');
  }
  return seen;
}

export const FULL = ['icloud-open-account', 'sign-in', 'open-security', 'open-app-passwords', 'generate', 'label', 'create', 'confirm-password', 'copy', 'done', 'finished'];

/** The 2019-2020 appleid.apple.com DOM. */
export async function legacyJourney(d, replica) {
  const seen = [];
  const expect = async (id) => { await d.waitStep(id); seen.push(id); };
  await d.goto(replica.url('appleid.apple.com', '/account/manage?session=1&variant=legacy&layout=today'));
  await expect('generate');
  await d.click('.btn-app-password');
  await expect('label');
  await d.type('.generic-input-field', 'Outlook');
  await expect('create');
  await d.click('.legacy-modal .button-primary');
  await expect('copy');
  await d.selectAndCopy('#appPasswordText');
  await expect('done');
  await d.click('.legacy-modal .button-primary');
  await expect('finished');
  return seen;
}

export const LEGACY = ['generate', 'label', 'create', 'copy', 'done', 'finished'];

/** An account without two-factor authentication: turn it on, then the tile appears. */
export async function twoFactorJourney(d, replica, { lang = 'en' } = {}) {
  const seen = [];
  const expect = async (id) => { await d.waitStep(id); seen.push(id); };
  await d.goto(replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&twofa=off&lang=${lang}`));
  await expect('twofa-required');
  await d.click('.tiles button:nth-child(3)');
  await expect('twofa-turn-on');
  await d.click('.modal-button-bar button');
  await expect('twofa-phone');
  await d.type('input[type=tel]', '+1 408 555 0100');
  await d.click('.modal-button-bar button[type=submit]');
  await expect('twofa-code');
  for (let i = 0; i < 6; i++) await d.type(`.form-security-code-input:nth-child(${i + 1})`, String(i + 1));
  await expect('open-app-passwords');
  return seen;
}

export const TWO_FACTOR = ['twofa-required', 'twofa-turn-on', 'twofa-phone', 'twofa-code', 'open-app-passwords'];

/** A page language the guide has no words for: structure carries it, the tile falls back. */
export async function unknownLanguageJourney(d, replica) {
  const seen = [];
  const expect = async (id, anchored) => {
    const s = await d.waitStep(id);
    const a = await d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored'));
    seen.push(`${id}:${a}`);
    return s;
  };
  await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&lang=qps&late=100'));
  await expect('open-app-passwords');
  await d.click('#asp-tile');
  await expect('generate');
  await makePassword(d, expect, { generate: '.modal-body > button.button-rounded-rectangle' });
  await d.selectAndCopy('.app-password');
  await expect('done');
  await d.click('.modal-button-bar button');
  await expect('finished');
  return seen;
}

export const UNKNOWN_LANGUAGE = [
  'open-app-passwords:false', 'generate:true', 'label:true', 'create:true', 'confirm-password:true', 'copy:true', 'done:true', 'finished:false',
];

/**
 * One-click label fill from the keyboard and capture of the new password, on a page with
 * existing labels and password-shaped decoys outside the dialog. Returns the password the
 * replica generated. `storage()` dumps the extension's storage as JSON text.
 */
export async function fillAndCapture(d, replica, storage, { waitFor }) {
  await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&list=populated&decoy=1'));
  await d.waitStep('open-app-passwords');
  await new Promise((r) => setTimeout(r, 800));
  const before = await storage();
  if (/entry:/.test(before)) throw new Error('something was captured before any password was made');
  await d.click('#asp-tile');
  await d.waitStep('generate');
  await d.click('.modal-dialog button.button-icon[title="Add"]');
  await d.waitStep('label');
  await d.keys(['Alt', 'Shift', 'G']);
  await d.keys(['Enter']);
  await waitFor(() => d.eval(() => {
    const input = document.querySelector('#asp-label');
    const create = document.querySelector('.modal-button-bar button[type=submit]');
    return input.value === 'Thunderbird 2' && create.getAttribute('aria-disabled') === 'false';
  }), 'the label filled and Create enabled');
  await d.waitStep('create');
  await d.click('.modal-button-bar button[type=submit]');
  await d.waitStep('confirm-password');
  await d.type('.modal-dialog input[type=password]', 'account-password');
  await d.click('.modal-button-bar button[type=submit]');
  await d.waitStep('copy');
  await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture to be acknowledged');
  return d.eval(() => document.querySelector('.app-password').textContent.trim());
}

// ---- The 2026 layout ------------------------------------------------------------------------

const SIGN_IN_FRAME = '#aid-auth-widget-iFrame';
const REPAIR_FRAME = 'iframe#repairFrame';
/** The list's "+": the button right after its "Passwords" heading, whatever its name. */
export const PLUS_2026 = '.modal-dialog .list-header > h3 + button';
/** The primary (submit) button of the frontmost small dialog: Create, Continue. */
export const SMALL_SUBMIT_2026 = '.modal-small .button-bar-nav button[type=submit]';

/** The steps journey2026() sees, in order, up to the new password. */
export function expected2026({ confirm = 'always', from = 'icloud' } = {}) {
  return [
    ...(from === 'icloud' ? ['icloud-open-account'] : []),
    'landing-sign-in', 'sign-in', 'open-app-passwords', 'generate', 'label', 'create',
    ...(confirm === 'always' ? ['confirm-password'] : []),
    'copy',
  ];
}

/**
 * In the page: the controls a person may use next that the guide's popover covers. Checked the
 * way a click is: `elementFromPoint` at each control's centre must be the control (or inside
 * it), not the overlay's host. Where a modal dialog is open, every field, button and link of
 * the frontmost one (and the new password); elsewhere the elements matching `next`.
 */
export function coveredControls(next) {
  const visible = (e) => e.getClientRects().length > 0 && !e.closest('[aria-hidden=true], [inert]');
  const dialogs = [...document.querySelectorAll('[role=dialog][aria-modal=true]')].filter(visible);
  const front = dialogs[dialogs.length - 1];
  const controls = front
    ? [...front.querySelectorAll('button, input:not([type=hidden]), a[href], b, strong')]
    : [...document.querySelectorAll(next || ':not(*)')];
  const covered = [];
  for (const c of controls.filter(visible)) {
    const r = c.getBoundingClientRect();
    const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === c || c.contains(hit) || hit.contains(c))) {
      covered.push(`${c.localName}${c.id ? '#' + c.id : ''} "${(c.textContent || c.value || '').trim().slice(0, 20)}" under ${hit ? hit.localName : 'nothing'}`);
    }
  }
  return covered;
}

/** Signs in through the sign-in frame: name, password, the six-digit code. */
export async function signInInFrame(d) {
  await d.inFrame(SIGN_IN_FRAME, async (f) => {
    await f.type('#account_name_text_field', 'jane@icloud.com');
    await f.click('#sign-in');
    await f.type('#password_text_field', 'account-password');
    await f.click('#sign-in');
    for (let i = 0; i < 6; i++) await f.type(`#char${i}`, String(i + 1));
  });
}

/**
 * A person on the 2026 page: from iCloud.com (profile menu → Manage Apple Account, same tab)
 * or straight to account.apple.com/, started with Alt+Shift+G; the landing page's Sign In, the
 * sign-in frame, Sign-In and Security at /account/manage, the tile (Playwright scrolls to it;
 * showing where it is is the guide's job), the "+", a label, Create, the account password when
 * Apple asks, until Apple shows the new password. `expect(id)` records each step seen; compare
 * with expected2026().
 */
export async function journey2026(d, replica, { lang = 'en', plus = 'text', confirm = 'always', from = 'icloud', extra = '', label = 'Thunderbird', signedIn = async () => {} } = {}) {
  const seen = [];
  const covered = [];
  // Each step: seen, then every control of Apple's a person needs next is checked clickable.
  const expect = async (id, next) => {
    await d.waitStep(id);
    seen.push(id);
    await new Promise((r) => setTimeout(r, 150));
    for (const c of await d.eval(coveredControls, next || null)) covered.push(`${id}: ${c}`);
  };
  const query = `layout=2026&lang=${lang}&plus=${plus}&confirm=${confirm}${extra}`;
  await d.goto(from === 'icloud' ? replica.url('www.icloud.com', `/?${query}`) : replica.url('account.apple.com', `/?${query}`));
  await waitFor(async () => (await d.state()).background, 'the guide to load');
  await d.keys(['Alt', 'Shift', 'G']);
  if (from === 'icloud') {
    await expect('icloud-open-account', '.profile-button');
    await d.click('.profile-button');
    await d.click('.profile-menu a[role=menuitem]');
  }
  // The landing page: no sign-in frame there yet.
  await expect('landing-sign-in', 'main .landing-sign-in');
  await d.click('main .landing-sign-in');
  await expect('sign-in', '#aid-auth-widget-iFrame');
  await signInInFrame(d);
  await signedIn();
  await expect('open-app-passwords', '#asp-tile');
  await d.click('#asp-tile');
  await expect('generate');
  await d.click(PLUS_2026);
  await expect('label');
  await d.type('#asp-label', label);
  await expect('create');
  await d.click(SMALL_SUBMIT_2026);
  if (confirm === 'always') {
    await expect('confirm-password');
    await d.type('.modal-small input[type=password]', 'account-password');
    await d.click(SMALL_SUBMIT_2026);
  }
  await expect('copy');
  return { seen, covered };
}

/** The new password on the 2026 result dialog (bold text, or a field with show=input). */
export const shownPassword2026 = () => {
  const e = document.querySelector('.modal-small b, .modal-small input[readonly]');
  return e ? (e.value || e.textContent).trim() : null;
};

/** After the password was copied: the hint says Done (OK), and OK ends the journey. */
export async function finish2026(d) {
  await d.waitStep('done');
  const covered = await d.eval(coveredControls, null);
  await d.click('.modal-small .button-bar-nav button');
  await d.waitStep('finished');
  return covered;
}

/**
 * Signed in by passkey (`signin=passkey`): the tile, "+", a label, Create (and the password when
 * Apple asks), until Apple refuses with "Couldn't create app-specific password" and its
 * "Sign in with password" (a small dialog over the list). Returns the refusal's title.
 */
export async function passkeyRefusal2026(d, replica, { lang = 'en', confirm = 'always', extra = '' } = {}) {
  await d.goto(replica.url('account.apple.com', `/account/manage?session=1&layout=2026&signin=passkey&late=100&lang=${lang}&confirm=${confirm}${extra}`));
  await d.click('#asp-tile');
  await d.click(PLUS_2026);
  await d.type('#asp-label', 'Mail');
  await d.click(SMALL_SUBMIT_2026);
  if (confirm === 'always') {
    await d.type('.modal-small input[type=password]', 'account-password');
    await d.click(SMALL_SUBMIT_2026);
  }
  return waitFor(() => d.eval(() => document.querySelector('.modal-alert .modal-small')?.getAttribute('aria-label')), 'the refusal');
}

/** Runs `fn` with a driver inside Apple's upgrade prompt, the frame nested in the sign-in frame. */
async function inRepairFrame(d, fn) {
  // The Chromium driver's inFrame goes one level down from the page: chain the frame locators.
  if (d.page) return fn(new d.constructor(d.page, d.page.frameLocator(SIGN_IN_FRAME).frameLocator(REPAIR_FRAME)));
  return d.inFrame(SIGN_IN_FRAME, (f) => f.inFrame(REPAIR_FRAME, fn));
}

/**
 * An account without two-factor authentication signing in: name and password, until Apple's
 * upgrade prompt (Continue / Other Options) shows in iframe#repairFrame inside the sign-in
 * frame. The top page stays at /sign-in; answer with answerUpgrade2026().
 */
export async function upgradePrompt2026(d, replica, { lang = 'en', extra = '' } = {}) {
  await d.goto(replica.url('account.apple.com', `/sign-in?layout=2026&twofa=off&late=100&lang=${lang}${extra}`));
  await d.inFrame(SIGN_IN_FRAME, async (f) => {
    await f.type('#account_name_text_field', 'jane@icloud.com');
    await f.click('#sign-in');
    await f.type('#password_text_field', 'account-password');
    await f.click('#sign-in');
  });
  // Clicking nothing: the prompt's title, found (and so waited for) inside the nested frame.
  await inRepairFrame(d, (f) => (f.scope ? f.scope.locator('hsa2-enrollment-flow h1').waitFor({ timeout: 10000 }) : f.find('hsa2-enrollment-flow h1')));
}

/** Answers the upgrade prompt: Continue (two-factor authentication on: the tile comes) or
 *  Other Options → Don't Upgrade (still off). Either signs in, to /account/manage. */
export async function answerUpgrade2026(d, { upgrade = true } = {}) {
  await inRepairFrame(d, async (f) => {
    if (upgrade) {
      await f.click('#upgrade-continue');
    } else {
      await f.click('idms-toolbar .button-secondary');
      await f.click('#dont-upgrade');
    }
  });
  await waitFor(() => d.eval(() => location.pathname === '/account/manage' && !!document.querySelector('.tiles')), 'the security section');
}

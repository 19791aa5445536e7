// The journeys the end-to-end tests walk, written once for both browsers. Each returns the
// sequence of `data-apg-step` values it saw, in order, for the test to compare.
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
  await d.goto(replica.url('www.icloud.com', `/?lang=${lang}&late=${late}${extra}`));
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
  await d.goto(replica.url('appleid.apple.com', '/account/manage?session=1&variant=legacy'));
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
  await d.goto(replica.url('account.apple.com', `/account/manage/section/security?session=1&twofa=off&lang=${lang}`));
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
    const a = await d.eval(() => document.querySelector('apg-overlay').getAttribute('data-apg-anchored'));
    seen.push(`${id}:${a}`);
    return s;
  };
  await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&lang=qps&late=100'));
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
  await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&late=100&list=populated&decoy=1'));
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
  await waitFor(() => d.eval(() => document.querySelector('apg-overlay').getAttribute('data-apg-captured') === 'true'), 'the capture to be acknowledged');
  return d.eval(() => document.querySelector('.app-password').textContent.trim());
}

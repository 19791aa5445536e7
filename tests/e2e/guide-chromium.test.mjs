// The guided journey in Chromium under the replica's strict CSP (the wasm2js path): the whole
// journey in eight page languages, with late rendering and re-mounting dialogs, after a reload,
// on the legacy DOM, for an account without two-factor authentication, every page error, and
// a page changed beyond recognition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, chromiumRingRect, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import {
  fillAndCapture, fullJourney, legacyJourney, twoFactorJourney, unknownLanguageJourney, FULL, LEGACY, TWO_FACTOR, UNKNOWN_LANGUAGE,
  journey2026, expected2026, finish2026, shownPassword2026, passkeyRefusal2026, upgradePrompt2026, answerUpgrade2026, PLUS_2026, SMALL_SUBMIT_2026,
} from './journeys.mjs';
import { popup, reveal } from './vault.mjs';

let replica;
let browser;

before(async () => {
  replica = await startReplica();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await replica?.close();
});

// Records every value `data-apg-step` takes, in the page itself, per origin: a step shown for
// a moment between two polls is still seen.
function recordSteps() {
  const key = 'apg-steps';
  const log = (v) => {
    const seen = JSON.parse(sessionStorage.getItem(key) || '[]');
    if (v && seen[seen.length - 1] !== v) sessionStorage.setItem(key, JSON.stringify([...seen, v]));
  };
  new MutationObserver((records) => {
    records.forEach((r, i) => {
      if (!r.target.hasAttribute || !r.target.hasAttribute('data-apg-host')) return;
      const next = records.slice(i + 1).find((x) => x.target === r.target);
      log(next ? next.oldValue : r.target.getAttribute('data-apg-step'));
    });
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-apg-step'], attributeOldValue: true });
}
const recordedSteps = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('apg-steps') || '[]'));

/** Runs `fn` with a driver on a fresh tab; fails on any uncaught error; screenshot on failure. */
async function inTab(name, fn) {
  const page = await browser.context.newPage();
  await page.addInitScript(recordSteps);
  const d = new ChromiumDriver(page);
  try {
    await withScreenshot(`chromium-${name}`, (file) => page.screenshot({ path: file }), async () => {
      await fn(d, page);
      assert.deepEqual(browser.errors, [], 'no uncaught errors in page or extension');
      assert.equal((await d.state()).core, 'wasm2js', 'strict CSP: the wasm2js core ran');
    });
  } finally {
    await page.close();
  }
}

/** The journey's steps, and every step the account site's pages actually showed, in order. */
async function journeyShowing(d, page, options) {
  assert.deepEqual(await fullJourney(d, replica, options), FULL);
  assert.deepEqual(await recordedSteps(page), FULL.slice(1), 'no other step was shown, not even for a moment');
}

for (const lang of ['en', 'de', 'fr', 'ja', 'es', 'it', 'ko', 'pt-BR']) {
  test(`full journey from iCloud.com to Done, page in ${lang}`, async () => {
    await inTab(`journey-${lang}`, (d, page) => journeyShowing(d, page, { lang, reload: lang === 'en' }));
  });
}

test('full journey with targets rendered 3 s late and dialogs re-mounting', async () => {
  await inTab('journey-late-remount', (d, page) => journeyShowing(d, page, { late: '3000', extra: '&remount=1' }));
});

test('full journey with the password shown in an input', async () => {
  await inTab('journey-input', (d, page) => journeyShowing(d, page, { lang: 'fr', extra: '&show=input' }));
});

test('a page language the guide has no words for: structure carries every step but the tile', async () => {
  await inTab('unknown-language', async (d) => {
    assert.deepEqual(await unknownLanguageJourney(d, replica), UNKNOWN_LANGUAGE);
  });
});

test('legacy appleid.apple.com DOM', async () => {
  await inTab('legacy', async (d) => {
    assert.deepEqual(await legacyJourney(d, replica), LEGACY);
  });
});

test('an account without two-factor authentication is guided to turn it on first', async () => {
  await inTab('two-factor', async (d, page) => {
    assert.deepEqual(await twoFactorJourney(d, replica), TWO_FACTOR);
    assert.deepEqual(await recordedSteps(page), TWO_FACTOR, 'no app-password step before two-factor is on');
  });
});

for (const lang of ['es', 'it']) {
  test(`an account without two-factor authentication, page in ${lang}: found by Apple's words for security questions and two-factor`, async () => {
    await inTab(`two-factor-${lang}`, async (d) => {
      assert.deepEqual(await twoFactorJourney(d, replica, { lang }), TWO_FACTOR);
    });
  });
}

test('with auto-start off the guide stays quiet until "Guide me" in the popup starts it', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const auto = popup.locator('#auto-start');
  await waitFor(() => auto.isChecked(), 'auto-start to read as on');
  await auto.uncheck();
  await waitFor(() => browser.worker.evaluate(async () => (await chrome.storage.sync.get('options')).options?.autoStart === false), 'the option to be stored');
  try {
    await inTab('auto-start-off', async (d, page) => {
      await d.goto(security(''));
      await page.locator('#asp-tile').waitFor();
      await page.waitForTimeout(800);
      assert.equal((await d.state()).step, null, 'no hint without auto-start');
      await page.bringToFront();
      await popup.evaluate(() => document.getElementById('guide-me').click());
      await d.waitStep('open-app-passwords');
    });
  } finally {
    await browser.worker.evaluate(() => chrome.storage.sync.set({ options: { autoStart: true } }));
    if (!popup.isClosed()) await popup.close();
  }
});

const security = (q) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&${q}`);

test('page errors each get their own hint', async () => {
  await inTab('errors', async (d, page) => {
    // Empty label: Create pressed anyway (aria-disabled does not stop a click).
    await d.goto(security('list=empty'));
    await d.click('#asp-tile');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.waitStep('label');
    await page.locator('.modal-button-bar button[type=submit]').click({ force: true });
    await d.waitStep('error-label');

    // Wrong account password at the confirmation.
    await d.type('#asp-label', 'Mail');
    await d.click('.modal-button-bar button[type=submit]');
    await d.waitStep('confirm-password');
    await d.type('.modal-dialog input[type=password]', 'wrong');
    await d.click('.modal-button-bar button[type=submit]');
    await d.waitStep('error-confirm-password');
  });
  await inTab('error-limit', async (d) => {
    await d.goto(security('list=full'));
    await d.click('#asp-tile');
    await d.click('.modal-dialog button.button-icon[title="Add"]');
    await d.type('#asp-label', 'One too many');
    await d.click('.modal-button-bar button[type=submit]');
    await d.waitStep('error-limit');
  });
  await inTab('error-create-failed', async (d) => {
    await d.goto(security('fail=create'));
    await d.click('#asp-tile');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.type('#asp-label', 'Mail');
    await d.click('.modal-button-bar button[type=submit]');
    await d.type('.modal-dialog input[type=password]', 'account-password');
    await d.click('.modal-button-bar button[type=submit]');
    await d.waitStep('error-create-failed');
  });
  await inTab('error-session-expired', async (d) => {
    await d.goto(security('expire=2'));
    await d.click('#asp-tile');
    await d.waitStep('generate');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.waitStep('label');
    await d.type('#asp-label', 'Mail');
    await d.click('.modal-button-bar button[type=submit]');
    await d.waitStep('error-session-expired');
  });
});

test('a page changed beyond recognition gets the plain panel and a text-free outline', async () => {
  await inTab('drift', async (d, page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: replica.url('account.apple.com', '').replace(/\/$/, '') });
    await d.goto(security('drift=1&list=populated&decoy=1'));
    const state = await d.waitStep('open-app-passwords', 12000);
    const anchored = await page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored'));
    assert.equal(anchored, 'false', 'shown as an unanchored panel');
    assert.equal(state.step, 'open-app-passwords');

    // Press "Copy page outline" inside the closed shadow root, as a person would.
    const box = await shadowButtonBox(page, 'link');
    await page.mouse.click(box.x, box.y);
    await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-outline')), 'the outline to be copied');
    const outline = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(outline, /div\.zz-card\[role=button\]/, 'the outline shows the page structure');
    assert.match(outline, /input\.form-textbox-input\[aria-label\]\[readonly\]/, 'the filled input is in the outline...');
    for (const leak of ['Passcodes for outside software', 'user@icloud.com', 'Sign-In and Security', 'Thunderbird', '/account/manage', 'efgh-efgh-efgh-efgh', 'qrst', 'example']) {
      assert.ok(!outline.includes(leak), `the outline must not contain “${leak}”`);
    }
  });
});

/** The centre of a button with class `cls` inside the overlay's closed shadow root (via CDP). */
async function shadowButtonBox(page, cls) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  let found = null;
  const walk = (n) => {
    if (found) return;
    const a = n.attributes || [];
    for (let i = 0; i < a.length; i += 2) if (n.localName === 'button' && a[i] === 'class' && a[i + 1] === cls) found = n;
    [...(n.children || []), ...(n.shadowRoots || [])].forEach(walk);
  };
  walk(root);
  assert.ok(found, `a .${cls} button in the overlay`);
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: found.nodeId });
  await cdp.detach();
  const q = model.border;
  return { x: (q[0] + q[2]) / 2, y: (q[1] + q[5]) / 2 };
}

const storageDump = () => browser.worker.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null), await chrome.storage.session.get(null)]));

test('one-click label fill and capture: sealed in storage, never in clear, decoys ignored', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  await inTab('fill-capture', async (d) => {
    const password = await fillAndCapture(d, replica, storageDump, { waitFor });
    assert.match(password, /^[a-z]{4}(-[a-z]{4}){3}$/);
    const dump = await storageDump();
    assert.ok(!dump.includes(password), 'the password is not in storage in clear');
    for (const decoy of ['abcd-efgh-ijkl-mnop', 'efgh-efgh-efgh-efgh', 'mnop-mnop-mnop-mnop', 'qrst-qrst-qrst-qrst', 'wxyz-wxyz-wxyz-wxyz']) {
      assert.ok(!dump.includes(decoy), `decoy ${decoy} not stored`);
    }
    const local = await browser.worker.evaluate(() => chrome.storage.local.get(null));
    const entries = Object.entries(local).filter(([k]) => k.startsWith('entry:')).map(([, v]) => JSON.parse(v));
    assert.equal(entries.length, 1, 'exactly the one new password was captured');
    assert.equal(entries[0].label, 'Thunderbird 2');
    assert.equal(entries[0].preset, 'thunderbird');
    assert.equal(entries[0].account, 'user@icloud.com');
    assert.equal(entries[0].host, 'account.apple.com');
    assert.equal(entries[0].status, 'active');
    assert.ok(entries[0].sealed.length > 40, 'sealed');
  });
});

test('two tabs capturing at the same moment keep both entries', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  const tabs = await Promise.all([0, 1].map(async (i) => {
    const page = await browser.context.newPage();
    const d = new ChromiumDriver(page);
    await d.goto(security(''));
    await d.click('#asp-tile');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.type('#asp-label', `Tab ${i}`);
    await d.click('.modal-button-bar button[type=submit]');
    await d.type('.modal-dialog input[type=password]', 'account-password');
    return { page, d };
  }));
  await Promise.all(tabs.map(({ d }) => d.click('.modal-button-bar button[type=submit]')));
  for (const { d } of tabs) {
    await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-captured') === 'true'), 'both captures');
  }
  const local = await browser.worker.evaluate(() => chrome.storage.local.get(null));
  const labels = Object.entries(local).filter(([k]) => k.startsWith('entry:')).map(([, v]) => JSON.parse(v).label).sort();
  assert.deepEqual(labels, ['Tab 0', 'Tab 1']);
  for (const { page } of tabs) await page.close();
  assert.deepEqual(browser.errors, []);
});

// ---- Apple's 2026 page: the landing page, /account/manage, the "+" named, as a glyph or bare,
// small dialogs stacked over the list, with and without the confirmation, in English, Danish
// and a language the guide has no words for; from iCloud.com and from the landing page.

/** The clipboard's text, read from an Apple page (granted for the test only). */
async function clipboardOf(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: replica.url('account.apple.com', '').replace(/\/$/, '') });
  return page.evaluate(() => navigator.clipboard.readText());
}

/** The journey to the new password, Copy in the hint (a real click inside the closed shadow
 *  root), OK; the password on the clipboard and in the vault is the one Apple showed. */
async function walk2026(d, page, options, { zoomed = false } = {}) {
  const label = `Mail ${options.lang} ${options.plus} ${options.confirm} ${options.from}${zoomed ? ' zoomed' : ''}`;
  const { seen, covered } = await journey2026(d, replica, { ...options, label });
  assert.deepEqual(seen, expected2026(options), 'every step of this path, in order');
  const password = await page.evaluate(shownPassword2026);
  assert.match(password, /^[a-z]{4}(-[a-z]{4}){3}$/);
  await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture to be saved');
  const copy = await shadowButtonBox(page, 'copy');
  await page.mouse.click(copy.x, copy.y);
  await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-copied') === 'true'), 'Copy in the hint');
  assert.equal(await clipboardOf(page), password, 'Copy put exactly the new password on the clipboard');
  covered.push(...(await finish2026(d)).map((c) => `done: ${c}`));
  assert.deepEqual(covered, [], "no control of Apple's a person needs next is under the hint");
  const shown = await recordedSteps(page);
  assert.deepEqual(shown, [...expected2026(options).filter((id) => id !== 'icloud-open-account'), 'done', 'finished'], 'no other step was shown, not even for a moment');
  const vault = await popup(browser);
  try {
    assert.equal(await reveal(vault, label), password, 'the vault holds the password Apple showed');
  } finally {
    await vault.close();
  }
}

for (const options of [
  { lang: 'en', plus: 'text', confirm: 'always', from: 'icloud' },
  { lang: 'en', plus: 'bare', confirm: 'never', from: 'landing' },
  { lang: 'da', plus: 'named', confirm: 'never', from: 'icloud' },
  { lang: 'da', plus: 'bare', confirm: 'always', from: 'landing' },
  { lang: 'qps', plus: 'text', confirm: 'always', from: 'landing' },
  { lang: 'qps', plus: 'bare', confirm: 'never', from: 'icloud' },
]) {
  test(`2026 page, ${options.lang}, "+" ${options.plus}, confirm ${options.confirm}, from ${options.from}: every step, the password captured and copied`, async () => {
    await inTab(`2026-${options.lang}-${options.plus}-${options.confirm}-${options.from}`, (d, page) => walk2026(d, page, options));
  });
}

test('2026 page at 200% zoom (640×400 CSS px): every step shown, none of Apple\'s next controls under the hint', async () => {
  await inTab('2026-zoom', async (d, page) => {
    await page.setViewportSize({ width: 640, height: 400 });
    await walk2026(d, page, { lang: 'en', plus: 'text', confirm: 'always', from: 'landing' }, { zoomed: true });
  });
});

test('2026 page: the passkey refusal points at "Sign in with password"; the upgrade prompt gets the sign-in hint', async () => {
  await inTab('2026-passkey', async (d, page) => {
    // Signed in with a passkey: the guide starts by itself on Sign-In and Security.
    assert.match(await passkeyRefusal2026(d, replica), /Couldn.t create/);
    await d.waitStep('error-create-failed');
    assert.equal(await page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored')), 'true');
    const button = await page.locator('.modal-alert .modal-small .button-bar-nav button:not(.button-secondary)').boundingBox();
    const ring = await waitFor(async () => {
      const r = await chromiumRingRect(page);
      return r && Math.abs(r.left + 4 - button.x) < 3 && Math.abs(r.top + 4 - button.y) < 3 ? r : null;
    }, 'the ring on Sign in with password');
    assert.ok(ring);
  });
  await inTab('2026-upgrade', async (d, page) => {
    // The person starts the guide on the sign-in page, then signs in: Apple offers two-factor.
    await d.goto(replica.url('account.apple.com', '/sign-in?layout=2026&twofa=off&late=100'));
    await waitFor(async () => (await d.state()).background, 'the guide to load');
    // The sign-in frame takes the focus when it loads, and the guide does not run in Apple's
    // frames: the person clicks the page first, as they would to get out of the field.
    await page.locator('h1.page-title').click();
    await d.keys(['Alt', 'Shift', 'G']);
    await d.waitStep('sign-in');
    await upgradePrompt2026(d, replica);
    assert.equal((await d.waitStep('sign-in')).step, 'sign-in', 'the sign-in hint (which says to choose Continue) stays');
    await answerUpgrade2026(d, { upgrade: true });
    await d.waitStep('open-app-passwords');
  });
});

test('2026 page with password-shaped decoys (the list\'s description, a tip outside, a dialog stacked before Create): only the new password is captured', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  await inTab('2026-decoys', async (d, page) => {
    await d.goto(replica.url('account.apple.com', '/account/manage?session=1&layout=2026&late=100&decoy=1&list=populated'));
    await d.waitStep('open-app-passwords');
    await d.click('#asp-tile');
    await d.waitStep('generate');
    // Another small dialog over the list before Create, showing an example password.
    await d.click('.modal-dialog a.link');
    await page.locator('.modal-small #about-ok').waitFor();
    await page.waitForTimeout(800);
    await d.click('.modal-small #about-ok');
    await d.waitStep('generate');
    const entries = async () => Object.keys(await browser.worker.evaluate(() => chrome.storage.local.get(null))).filter((k) => k.startsWith('entry:'));
    assert.deepEqual(await entries(), [], 'nothing captured before Create');
    await d.click(PLUS_2026);
    await d.waitStep('label');
    await d.type('#asp-label', 'Decoy test');
    await d.waitStep('create');
    await d.click(SMALL_SUBMIT_2026);
    await d.waitStep('confirm-password');
    await d.type('.modal-small input[type=password]', 'account-password');
    await d.click(SMALL_SUBMIT_2026);
    await d.waitStep('copy');
    const password = await page.evaluate(shownPassword2026);
    await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
    await d.click('.modal-small .button-bar-nav button');
    await d.waitStep('finished');
    // The list, uncovered, shows its description's example again: still nothing more captured.
    await page.waitForTimeout(1000);
    assert.equal((await entries()).length, 1, 'exactly the one new password was captured');
    const vault = await popup(browser);
    try {
      assert.equal(await reveal(vault, 'Decoy test'), password);
    } finally {
      await vault.close();
    }
  });
});

test('2026 page: the hint\'s Copy has the background clear the clipboard after the time set, the page closed meanwhile', async () => {
  await browser.worker.evaluate(async () => {
    const { options = {} } = await chrome.storage.sync.get('options');
    await chrome.storage.sync.set({ options: { ...options, clipboardClearSeconds: 10 } });
  });
  const reader = await browser.context.newPage();
  try {
    let password;
    await inTab('2026-copy-clears', async (d, page) => {
      await d.goto(replica.url('account.apple.com', '/account/manage?session=1&layout=2026&late=100&confirm=never'));
      await d.waitStep('open-app-passwords');
      await d.click('#asp-tile');
      await d.waitStep('generate');
      await d.click(PLUS_2026);
      await d.waitStep('label');
      await d.type('#asp-label', 'Clears');
      await d.waitStep('create');
      await d.click(SMALL_SUBMIT_2026);
      await d.waitStep('copy');
      password = await page.evaluate(shownPassword2026);
      await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
      const copy = await shadowButtonBox(page, 'copy');
      await page.mouse.click(copy.x, copy.y);
      await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-copied') === 'true'), 'Copy in the hint');
      assert.equal(await clipboardOf(page), password);
    });
    // Apple's page is closed now: the background still clears the clipboard.
    await reader.goto(replica.url('account.apple.com', '/account/manage?session=1&layout=2026&late=100'));
    await waitFor(async () => (await clipboardOf(reader)) !== password, 'the clipboard cleared', 20000);
  } finally {
    await reader.close();
    await browser.worker.evaluate(async () => {
      const { options = {} } = await chrome.storage.sync.get('options');
      await chrome.storage.sync.set({ options: { ...options, clipboardClearSeconds: 30 } });
    });
  }
});

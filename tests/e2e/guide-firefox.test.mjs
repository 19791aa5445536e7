// The guided journey in Firefox ESR (wasm path under the strict CSP): the whole journey in
// eight page languages with a reload, late rendering with re-mounting dialogs, the legacy DOM,
// an account without two-factor authentication, and a page changed beyond recognition.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, withScreenshot, waitFor, FIREFOX_UUID } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';
import { fillAndCapture, fullJourney, legacyJourney, twoFactorJourney, FULL, LEGACY, TWO_FACTOR } from './journeys.mjs';

let replica;
let ff;

before(async () => {
  replica = await startReplica();
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
  await replica?.close();
});

/** Runs `fn` in a fresh tab; fails on any uncaught page or extension error. */
async function inTab(name, fn) {
  const d = new FirefoxDriver(ff);
  await ff.inNewTab(() => withScreenshot(`firefox-${name}`, (f) => ff.screenshot(f), async () => {
    await fn(d);
    const s = await d.state();
    assert.equal(s.error, null, 'no extension error');
    assert.equal(s.core, 'wasm', 'Firefox runs the wasm core even under the strict CSP');
    assert.deepEqual(await ff.exec('return window.__replicaErrors || [];'), [], 'no uncaught page errors');
  }));
}

for (const lang of ['en', 'de', 'fr', 'ja', 'es', 'it', 'ko', 'pt-BR']) {
  test(`full journey from iCloud.com to Done, page in ${lang}`, async () => {
    await inTab(`journey-${lang}`, async (d) => {
      assert.deepEqual(await fullJourney(d, replica, { lang, reload: lang === 'en' }), FULL);
    });
  });
}

test('full journey with targets rendered 3 s late and dialogs re-mounting', async () => {
  await inTab('journey-late-remount', async (d) => {
    assert.deepEqual(await fullJourney(d, replica, { late: '3000', extra: '&remount=1' }), FULL);
  });
});

test('legacy appleid.apple.com DOM', async () => {
  await inTab('legacy', async (d) => {
    assert.deepEqual(await legacyJourney(d, replica), LEGACY);
  });
});

test('an account without two-factor authentication is guided to turn it on first', async () => {
  await inTab('two-factor', async (d) => {
    assert.deepEqual(await twoFactorJourney(d, replica), TWO_FACTOR);
  });
});

test('a page changed beyond recognition gets the plain panel', async () => {
  await inTab('drift', async (d) => {
    await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&drift=1'));
    await d.waitStep('open-app-passwords');
    assert.equal(await d.eval(() => document.querySelector('apg-overlay').getAttribute('data-apg-anchored')), 'false');
  });
});

const inExtensionPage = (script, path) => ff.inExtensionPage(script, path);

const storageDump = () => inExtensionPage(`async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)])`);

test('one-click label fill and capture; the popup shows exactly the captured password', async () => {
  // The journeys above captured passwords too: start from an empty vault.
  await inExtensionPage('async () => chrome.storage.local.clear()');
  let password;
  await inTab('fill-capture', async (d) => {
    password = await fillAndCapture(d, replica, storageDump, { waitFor });
  });
  const dump = await storageDump();
  assert.ok(dump.includes('Thunderbird 2'), 'the entry is stored');
  assert.ok(!dump.includes(password), 'the password is not in storage in clear');
  for (const decoy of ['abcd-efgh-ijkl-mnop', 'efgh-efgh-efgh-efgh', 'qrst-qrst-qrst-qrst']) assert.ok(!dump.includes(decoy));
  const shown = await inExtensionPage(`async () => {
    const until = async (f) => { for (let i = 0; i < 100; i++) { const v = f(); if (v) return v; await new Promise((r) => setTimeout(r, 50)); } return null; };
    const entry = await until(() => document.querySelector('#entries li.entry'));
    entry.querySelector('button.reveal').click();
    return until(() => { const t = document.querySelector('#entries li.entry .secret').textContent; return t.includes('•') ? null : t; });
  }`);
  assert.equal(shown, password);

  // Copy (a real click in the popup), then paste (a real Ctrl+V) into a field on a page.
  const d = new FirefoxDriver(ff);
  await ff.inNewTab(async () => {
    await ff.get(`moz-extension://${FIREFOX_UUID}/popup/popup.html?view=tab`);
    await d.click('#entries li.entry button.copy');
    await waitFor(async () => /30/.test(await ff.exec("return document.querySelector('#vault-notice').textContent")), 'the copied notice');
    await ff.get(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=0&list=populated'));
    await d.click('#asp-tile');
    await d.click('.modal-dialog button.button-icon[title="Add"]');
    await d.click('#asp-label');
    await d.keys(['Control', 'v']);
    await waitFor(async () => (await ff.exec("return document.querySelector('#asp-label').value")) === password, 'the pasted password');
  });
});

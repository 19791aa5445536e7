// Options an administrator sets, in Firefox ESR, by both ways an administrator has there:
// - enterprise policies (policies.json, "3rdparty" → "Extensions" → the add-on's id). Firefox
//   reads it from /etc/firefox/policies/ or its installation's distribution/ folder, both
//   shared by the whole machine; the test gives it the file through
//   `browser.policies.alternatePath`, which Firefox honours only for automation (its
//   automation pref and MOZ_DISABLE_NONLOCAL_CONNECTIONS), the way Mozilla's own policy tests do;
// - a managed-storage native manifest (type "storage") in ~/.mozilla/managed-storage/, with
//   HOME pointed at a folder of the test's.
// Either way the managed values win over the user's stored ones, the options page shows them
// disabled with the administrator's note, the background refuses to change them, and they
// take effect on the replica (auto-start off, the default app's chip first).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReplica } from '../replica/server.mjs';
import { FIREFOX_ID, launchFirefox, waitFor, withScreenshot } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';

const GENERATE = '.modal-dialog .modal-body > button.button-rounded-rectangle, .modal-dialog button.button-icon[title]:not([aria-label="Close"])';
const NOTE = 'Set by your administrator: it cannot be changed here.';
let replica;
let ff;
const scratch = [];
after(async () => {
  await ff?.close();
  await replica?.close();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function withFirefox(options, fn) {
  replica ??= await startReplica();
  ff = await launchFirefox(options);
  try {
    await fn();
  } finally {
    await ff.close();
    ff = null;
  }
}

/** The user's own stored options, written before anything reads them. */
const seed = (options) => ff.inExtensionPage(`async () => { await chrome.storage.sync.set({ options: ${JSON.stringify(options)} }); return true; }`);
const stored = () => ff.inExtensionPage('async () => JSON.stringify((await chrome.storage.sync.get("options")).options)').then(JSON.parse);

/** Each control of the options page once it has the options: value, disabled, note, description. */
const optionsPageState = () => ff.inExtensionPage(`async () => {
  for (let i = 0; i < 200 && !document.querySelector('#auto-lock')?.value; i++) await new Promise((r) => setTimeout(r, 50));
  const out = {};
  for (const e of document.querySelectorAll('.settings-form input, .settings-form select')) {
    const note = document.getElementById(e.id + '-managed');
    out[e.id] = { value: e.type === 'checkbox' ? e.checked : e.value, disabled: e.disabled, note: note.hidden ? null : note.textContent,
      describedBy: e.getAttribute('aria-describedby') };
  }
  return out;
}`, 'options/options.html');

/** In the options page: changes `id` to `value` as the page's change handler sees it; returns the status line. */
const changeInPage = (id, value) => ff.inExtensionPage(`async () => {
  for (let i = 0; i < 200 && !document.querySelector('#auto-lock')?.value; i++) await new Promise((r) => setTimeout(r, 50));
  const e = document.getElementById(${JSON.stringify(id)});
  e.value = ${JSON.stringify(value)};
  e.dispatchEvent(new Event('change'));
  const status = document.getElementById('options-status');
  for (let i = 0; i < 200 && !status.textContent; i++) await new Promise((r) => setTimeout(r, 50));
  return status.textContent;
}`, 'options/options.html');

test('Firefox policies.json (3rdparty): the administrator\'s options win, show as such, cannot be changed, and take effect', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'apg-ff-policies-'));
  scratch.push(dir);
  const policies = join(dir, 'policies.json');
  const managed = { autoStart: false, defaultPreset: 'spark', formulaPrefixDefault: true };
  writeFileSync(policies, JSON.stringify({ policies: { '3rdparty': { Extensions: { [FIREFOX_ID]: managed } } } }));
  const automation = {
    env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    prefs: { 'security.turn_off_all_security_so_that_viruses_can_take_over_this_computer': true, 'browser.policies.alternatePath': policies },
  };
  await withFirefox(automation, async () => {
    const d = new FirefoxDriver(ff);
    await withScreenshot('firefox-options-policies', (f) => ff.screenshot(f), async () => {
      const user = { defaultPreset: 'thunderbird', autoStart: true, autoLockMinutes: 25, deviceName: 'Laptop' };
      await seed(user);
      assert.deepEqual(JSON.parse(await ff.inExtensionPage('async () => JSON.stringify(await chrome.storage.managed.get(null))')), managed,
        'Firefox hands the policy to storage.managed');

      const s = await optionsPageState();
      assert.deepEqual(s['auto-start'], { value: false, disabled: true, note: NOTE, describedBy: 'auto-start-managed' });
      assert.deepEqual(s['default-preset'], { value: 'spark', disabled: true, note: NOTE, describedBy: 'default-preset-help default-preset-managed' });
      assert.deepEqual(s['formula-default'], { value: true, disabled: true, note: NOTE, describedBy: 'formula-default-managed' });
      assert.deepEqual(s['auto-lock'], { value: '25', disabled: false, note: null, describedBy: 'auto-lock-help' });
      assert.deepEqual(s['device-name'], { value: 'Laptop', disabled: false, note: null, describedBy: null });
      assert.deepEqual(s['clipboard-clear'], { value: '30', disabled: false, note: null, describedBy: 'clipboard-clear-help' });

      assert.equal(await changeInPage('auto-lock', '40'), 'Setting saved.');
      const refused = await ff.inExtensionPage(`async () => JSON.stringify(await chrome.runtime.sendMessage({ kind: 'set-options', options: { autoStart: true } }))`);
      assert.deepEqual(JSON.parse(refused), { ok: false, error: 'error_option_managed' });
      assert.deepEqual(await stored(), { ...user, autoLockMinutes: 40 }, 'only the user\'s change written');
    });

    // Auto-start off by policy: no hint until Alt+Shift+G; Spark's chip first in the label step.
    await ff.inNewTab(() => withScreenshot('firefox-options-policies-effect', (f) => ff.screenshot(f), async () => {
      await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&list=populated'));
      await d.find('#asp-tile');
      await waitFor(async () => (await d.state()).background, 'the content script to reach the background');
      await new Promise((r) => setTimeout(r, 800));
      assert.equal((await d.state()).step, null, 'no hint: the administrator turned auto-start off');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.waitStep('open-app-passwords');
      await d.click('#asp-tile');
      await d.waitStep('generate');
      await d.click(GENERATE);
      await d.waitStep('label');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.keys(['Enter']);
      await waitFor(async () => (await ff.exec("return document.querySelector('#asp-label').value")) === 'Spark', 'the administrator\'s default app filled');
      assert.equal((await d.state()).error, null);
    }));
  });
});

test('Firefox managed-storage native manifest: its values win and show as the administrator\'s', async () => {
  const home = mkdtempSync(join(tmpdir(), 'apg-ff-home-'));
  scratch.push(home);
  mkdirSync(join(home, '.mozilla', 'managed-storage'), { recursive: true });
  const data = { clipboardClearSeconds: 0, labelTemplate: '{app} – {device}' };
  writeFileSync(join(home, '.mozilla', 'managed-storage', `${FIREFOX_ID}.json`),
    JSON.stringify({ name: FIREFOX_ID, description: 'App Password Guide options', type: 'storage', data }));
  await withFirefox({ env: { HOME: home } }, async () => {
    await withScreenshot('firefox-options-native-manifest', (f) => ff.screenshot(f), async () => {
      await seed({ clipboardClearSeconds: 45, labelTemplate: '{app}' });
      const s = await optionsPageState();
      assert.deepEqual(s['clipboard-clear'], { value: '0', disabled: true, note: NOTE, describedBy: 'clipboard-clear-help clipboard-clear-managed' });
      assert.deepEqual(s['label-template'], { value: '{app} – {device}', disabled: true, note: NOTE, describedBy: 'label-template-managed' });
      assert.deepEqual(s['auto-start'], { value: true, disabled: false, note: null, describedBy: null });
      const reply = await ff.inExtensionPage(`async () => JSON.stringify(await chrome.runtime.sendMessage({ kind: 'get-options' }))`);
      assert.deepEqual(JSON.parse(reply).managed, ['labelTemplate', 'clipboardClearSeconds']);
    });
  });
});

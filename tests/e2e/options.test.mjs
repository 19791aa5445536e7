// Options, in both browsers. Each test starts its own browser (the administrator's options
// need one started with its policy), through the fixture (`launch: false`, t.withBrowser).
//
// Chromium.
// The user's: changed in the options page, they are stored in
// storage.sync exactly as set (a value out of range is refused and the field shows the stored
// one again) and take effect: the default app's one-click label comes first in the overlay's
// label step and goes through the label template, the export's formula guard starts ticked,
// Copy clears the clipboard after the chosen time, and with auto-start off no hint appears
// until the popup's "Guide me". The administrator's: a Chromium policy file for this extension
// (3rdparty → extensions → id), seen only by the test's Chromium (a private mount namespace
// binds a folder of the test's over /etc/chromium: root only, skipped elsewhere), sets
// managed storage through the manifest's managed_schema; its values win over the user's
// stored ones, the options page and the popup show those controls disabled with the
// administrator's note, the background refuses to change them, and they take effect.
//
// Firefox ESR.
// Options an administrator sets, by both ways an administrator has there:
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
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, FIREFOX_ID, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';
import { overlayText, popup as openPopup } from './vault.mjs';
import { suite } from './fixture.mjs';

const SUBMIT = '.modal-button-bar button[type=submit]';
const GENERATE = '.modal-dialog .modal-body > button.button-rounded-rectangle, .modal-dialog button.button-icon[title]:not([aria-label="Close"])';
const NOTE = 'Set by your administrator: it cannot be changed here.';
const scratch = [];
after(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

// ---- Chromium ----------------------------------------------------------------------------

suite('options', { browsers: ['chromium'], launch: false }, (t) => {
  let replica;
  let browser;
  before(() => {
    replica = t.replica;
  });
  /** Runs `fn` with `browser` launched as asked, and closes it whatever happens. */
  const withBrowser = (options, fn) => t.withBrowser(options, async (b) => {
    browser = b;
    await fn();
  });

  const security = (q = '') => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100${q}`);
  const syncOptions = () => browser.worker.evaluate(async () => (await chrome.storage.sync.get('options')).options);

  async function optionsPage() {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
    // Filled once the background has answered (the auto-lock time is never empty then).
    await waitFor(async () => (await page.inputValue('#auto-lock')) !== '', 'the options page to show the options', 15000);
    return page;
  }

  /** Changes a field the way a person does (fill, then leave it), and waits for the outcome. */
  async function change(page, css, act) {
    await page.locator('#options-status').evaluate((e) => { e.textContent = ''; });
    await act(page.locator(css));
    return waitFor(async () => page.locator('#options-status').textContent(), `the outcome of changing ${css}`);
  }

  /** In the replica's App-Specific Passwords dialog, up to the label step with the overlay's chips. */
  async function toLabelStep(d) {
    await d.click('#asp-tile');
    await d.waitStep('generate');
    await d.click(GENERATE);
    await d.waitStep('label');
  }

  /** From the label step (label filled), Create and the account password, until it is captured. */
  async function createAndCapture(d) {
    await d.waitStep('create');
    await d.click(SUBMIT);
    await d.waitStep('confirm-password');
    await d.type('.modal-dialog input[type=password]', 'account-password');
    await d.click(SUBMIT);
    await d.waitStep('copy');
    await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-captured') === 'true'), 'the capture');
    return d.eval(() => document.querySelector('.app-password').textContent.trim());
  }

  /** The clipboard's text, read from an ordinary page (an extension origin cannot be granted clipboard-read). */
  async function clipboard() {
    const reader = await browser.context.newPage();
    const origin = replica.url('account.apple.com', '').replace(/\/$/, '');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await reader.goto(`${origin}/replica/style.css`);
    const text = await reader.evaluate(() => navigator.clipboard.readText());
    await reader.close();
    return text;
  }

  t.test('options changed in the options page are stored in storage.sync and take effect', () => withBrowser({}, async () => {
    const page = await optionsPage();
    await withScreenshot('chromium-options-page', (f) => page.screenshot({ path: f }), async () => {
      // The defaults, with nothing stored.
      assert.equal(await syncOptions(), undefined, 'nothing stored yet');
      assert.ok(await page.isChecked('#auto-start'));
      assert.equal(await page.inputValue('#default-preset'), '');
      assert.equal(await page.inputValue('#auto-lock'), '15');
      assert.equal(await page.inputValue('#clipboard-clear'), '30');
      assert.equal(await page.isChecked('#formula-default'), false);
      // Every control has a label; the groups have legends; help lines describe their field.
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')].filter((e) => !e.labels.length).map((e) => e.id));
      assert.deepEqual(unlabelled, []);
      assert.equal(await page.locator('fieldset > legend').count(), 3);
      assert.equal(await page.getAttribute('#clipboard-clear', 'aria-describedby'), 'clipboard-clear-help');
      assert.equal(await page.locator('.managed:visible').count(), 0, 'no administrator notes');

      const saved = 'Setting saved.';
      assert.equal(await change(page, '#default-preset', (l) => l.selectOption('outlook')), saved);
      assert.equal(await change(page, '#label-template', (l) => l.fill('{app} ({device})').then(() => l.blur())), saved);
      assert.equal(await change(page, '#device-name', (l) => l.fill('Work PC').then(() => l.blur())), saved);
      assert.equal(await change(page, '#auto-lock', (l) => l.fill('20').then(() => l.blur())), saved);
      assert.equal(await change(page, '#clipboard-clear', (l) => l.fill('10').then(() => l.blur())), saved);
      assert.equal(await change(page, '#formula-default', (l) => l.check()), saved);
      assert.equal(await change(page, '#auto-start', (l) => l.uncheck()), saved);
      // Out of range: refused with a reason, the stored value stays and is shown again.
      const refused = await change(page, '#auto-lock', (l) => l.fill('5000').then(() => l.blur()));
      assert.match(refused, /^Not saved/);
      await waitFor(async () => (await page.inputValue('#auto-lock')) === '20', 'the stored auto-lock time shown again');
      assert.match(await change(page, '#clipboard-clear', (l) => l.fill('5').then(() => l.blur())), /^Not saved/);

      assert.deepEqual(await syncOptions(), {
        defaultPreset: 'outlook', labelTemplate: '{app} ({device})', deviceName: 'Work PC', autoLockMinutes: 20,
        clipboardClearSeconds: 10, formulaPrefixDefault: true, autoStart: false,
      }, 'exactly what was set, nothing else');

      // The same values after a reload of the page (read back from the background).
      await page.reload();
      await waitFor(async () => (await page.inputValue('#auto-lock')) === '20', 'the options read back');
      assert.equal(await page.inputValue('#default-preset'), 'outlook');
      assert.equal(await page.inputValue('#clipboard-clear'), '10');
      assert.ok(await page.isChecked('#formula-default'));
      assert.equal(await page.isChecked('#auto-start'), false);
      assert.deepEqual(browser.errors, []);
    });

    // Auto-start off: no hint on the replica until "Guide me" in the popup.
    const tab = await browser.context.newPage();
    const d = new ChromiumDriver(tab);
    let password;
    await withScreenshot('chromium-options-effect', (f) => tab.screenshot({ path: f }), async () => {
      await d.goto(security('&list=populated'));
      await tab.locator('#asp-tile').waitFor();
      await waitFor(async () => (await d.state()).background, 'the content script to reach the background');
      await tab.waitForTimeout(800);
      assert.equal((await d.state()).step, null, 'no hint with auto-start off');
      const pop = await browser.context.newPage();
      await pop.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
      await waitFor(async () => (await pop.isChecked('#auto-start')) === false, 'the popup to show auto-start off');
      await tab.bringToFront();
      await pop.evaluate(() => document.getElementById('guide-me').click());
      await d.waitStep('open-app-passwords');
      await pop.close();

      // The default app's chip comes first: focus the overlay (its first control) and press Enter.
      await toLabelStep(d);
      assert.match(await overlayText(tab), /Outlook\s+Thunderbird\s+eM Client\s+Spark/, 'Outlook first, then the usual order');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.keys(['Enter']);
      await waitFor(() => d.eval(() => document.querySelector('#asp-label').value), 'the label filled')
        .then((label) => assert.equal(label, 'Outlook (Work PC)', 'the default app, through the template'));
      password = await createAndCapture(d);
      assert.deepEqual(browser.errors, []);
    });
    await tab.close();

    // The popup: the export's formula guard starts ticked; Copy says and does 10 seconds.
    const pop = await openPopup(browser);
    await withScreenshot('chromium-options-popup', (f) => pop.screenshot({ path: f }), async () => {
      const entry = pop.locator('#entries li.entry', { hasText: 'Outlook (Work PC)' });
      await entry.waitFor();
      await waitFor(() => pop.isChecked('#formula-prefix'), 'the formula guard ticked by its option');
      await entry.locator('button.reveal').click();
      await waitFor(async () => (await entry.locator('.secret').textContent()) === password, 'the revealed password');
      await entry.locator('button.copy').click();
      const notice = await waitFor(async () => pop.locator('#vault-notice').textContent(), 'the copied notice');
      assert.match(notice, /In 10 seconds the extension clears the clipboard if it still holds this password/);
      const copiedAt = Date.now();
      assert.equal(await clipboard(), password, 'copied');
      // The page that copied must have the focus when it clears the clipboard (the browser's rule).
      await pop.bringToFront();
      await pop.waitForTimeout(Math.max(0, 11500 - (Date.now() - copiedAt)));
      assert.equal(await clipboard(), '', 'cleared after 10 seconds');
      assert.deepEqual(browser.errors, []);
    });
    await pop.close();
  }));

  /** Chromium's id for an unpacked extension: SHA-256 of its absolute path, 32 hex digits as a–p. */
  function unpackedId(dir) {
    const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
    return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
  }

  /**
   * A program that starts /usr/bin/chromium in a mount namespace of its own where `etc` is
   * /etc/chromium: policy files only that browser sees. Null (with the reason) where it cannot.
   */
  function chromiumWithPolicy(policy) {
    const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { encoding: 'utf8' });
    if (probe.status !== 0) return { reason: `unshare --mount is not allowed here (${(probe.stderr || probe.error || '').toString().trim()}): needs root` };
    const dir = mkdtempSync(join(tmpdir(), 'apg-policy-'));
    scratch.push(dir);
    mkdirSync(join(dir, 'etc', 'policies', 'managed'), { recursive: true });
    try {
      copyFileSync('/etc/chromium/master_preferences', join(dir, 'etc', 'master_preferences'));
    } catch {
      // Debian's default preferences: not needed for the test.
    }
    writeFileSync(join(dir, 'etc', 'policies', 'managed', 'app-password-guide.json'), JSON.stringify(policy));
    const wrapper = join(dir, 'chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec unshare --mount --propagation private sh -c 'mount --bind "$0" /etc/chromium && exec /usr/bin/chromium "$@"' '${join(dir, 'etc')}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    return { wrapper };
  }

  t.test('options an administrator sets through a Chromium policy win, are shown as set by the administrator, and cannot be changed', async (_, context) => {
    const id = unpackedId(DIST('chromium'));
    const managed = { autoStart: false, defaultPreset: 'spark', clipboardClearSeconds: 0, formulaPrefixDefault: true, autoLockMinutes: 5000 };
    const { wrapper, reason } = chromiumWithPolicy({ '3rdparty': { extensions: { [id]: managed } } });
    if (!wrapper) {
      context.skip(reason);
      return;
    }
    await withBrowser({ executable: wrapper }, () => managedJourney(id, managed));
  });

  async function managedJourney(id, managed) {
    assert.equal(browser.extensionId, id, 'the policy names the loaded extension');
    // The user's own values for the same options, stored before (as by an earlier version).
    const user = { autoStart: true, defaultPreset: 'thunderbird', clipboardClearSeconds: 45, formulaPrefixDefault: false, autoLockMinutes: 25, deviceName: 'Laptop' };
    await browser.worker.evaluate((o) => chrome.storage.sync.set({ options: o }), user);

    // Chromium checked the policy against managed_schema.json: the out-of-range time is dropped.
    const got = await browser.worker.evaluate(() => chrome.storage.managed.get(null));
    const { autoLockMinutes: _outOfRange, ...valid } = managed;
    assert.deepEqual(got, valid);

    const page = await optionsPage();
    await withScreenshot('chromium-options-managed', (f) => page.screenshot({ path: f }), async () => {
      const state = (sel) => page.evaluate((sel) => {
        const e = document.querySelector(sel);
        const note = document.getElementById(`${e.id}-managed`);
        return {
          value: e.type === 'checkbox' ? e.checked : e.value,
          disabled: e.disabled,
          note: note.hidden ? null : note.textContent,
          describedBy: e.getAttribute('aria-describedby'),
        };
      }, sel);
      const note = 'Set by your administrator: it cannot be changed here.';
      assert.deepEqual(await state('#auto-start'), { value: false, disabled: true, note, describedBy: 'auto-start-managed' });
      assert.deepEqual(await state('#default-preset'), { value: 'spark', disabled: true, note, describedBy: 'default-preset-help default-preset-managed' });
      assert.deepEqual(await state('#clipboard-clear'), { value: '0', disabled: true, note, describedBy: 'clipboard-clear-help clipboard-clear-managed' });
      assert.deepEqual(await state('#formula-default'), { value: true, disabled: true, note, describedBy: 'formula-default-managed' });
      // Not set by the administrator (or set out of range): the user's, and changeable.
      assert.deepEqual(await state('#auto-lock'), { value: '25', disabled: false, note: null, describedBy: 'auto-lock-help' });
      assert.deepEqual(await state('#device-name'), { value: 'Laptop', disabled: false, note: null, describedBy: null });
      assert.equal(await change(page, '#auto-lock', (l) => l.fill('30').then(() => l.blur())), 'Setting saved.');

      // The background refuses a change to a managed option, whoever asks; nothing is written.
      const reply = await page.evaluate(() => chrome.runtime.sendMessage({ kind: 'set-options', options: { defaultPreset: 'outlook' } }));
      assert.deepEqual(reply, { ok: false, error: 'error_option_managed' });
      assert.deepEqual(await syncOptions(), { ...user, autoLockMinutes: 30 }, 'the user\'s stored values kept, the one change written');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();

    const tab = await browser.context.newPage();
    const d = new ChromiumDriver(tab);
    await withScreenshot('chromium-options-managed-effect', (f) => tab.screenshot({ path: f }), async () => {
      // The popup: auto-start off and locked.
      const pop = await browser.context.newPage();
      await pop.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
      await waitFor(() => pop.isDisabled('#auto-start'), 'the popup to show auto-start as the administrator\'s');
      assert.equal(await pop.isChecked('#auto-start'), false);
      assert.ok(await pop.locator('#auto-start-managed').isVisible());
      await pop.close();

      // Auto-start off by policy: no hint until asked (Alt+Shift+G); then Spark's chip first.
      await d.goto(security('&list=populated'));
      await tab.locator('#asp-tile').waitFor();
      await waitFor(async () => (await d.state()).background, 'the content script to reach the background');
      await tab.waitForTimeout(800);
      assert.equal((await d.state()).step, null, 'no hint: the administrator turned auto-start off');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.waitStep('open-app-passwords');
      await toLabelStep(d);
      assert.match(await overlayText(tab), /Spark\s+Thunderbird\s+Outlook\s+eM Client\s+Mailbird/, 'Spark first, then the usual order');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.keys(['Enter']);
      await waitFor(() => d.eval(() => document.querySelector('#asp-label').value === 'Spark'), 'the administrator\'s default app filled');
      const password = await createAndCapture(d);

      // Copy with the administrator's "never clear" and the formula guard ticked by policy.
      const p = await openPopup(browser);
      const entry = p.locator('#entries li.entry', { hasText: 'Spark' });
      await entry.waitFor();
      await waitFor(() => p.isChecked('#formula-prefix'), 'the formula guard ticked by the policy');
      await entry.locator('button.copy').click();
      const notice = await waitFor(async () => p.locator('#vault-notice').textContent(), 'the copied notice');
      assert.match(notice, /not cleared/);
      assert.equal(await clipboard(), password);
      await p.close();
      assert.deepEqual(browser.errors, []);
    });
    await tab.close();
  }
});

// ---- Firefox -----------------------------------------------------------------------------

suite('options', { browsers: ['firefox'], launch: false }, (t) => {
  let replica;
  let ff;
  before(() => {
    replica = t.replica;
  });
  const withFirefox = (options, fn) => t.withBrowser(options, async (b) => {
    ff = b;
    await fn();
  });

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

  t.test('Firefox policies.json (3rdparty): the administrator\'s options win, show as such, cannot be changed, and take effect', async () => {
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

  t.test('Firefox managed-storage native manifest: its values win and show as the administrator\'s', async () => {
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
});

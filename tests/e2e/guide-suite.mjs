// The guided journey, written once for both browsers and run in parts (each file one browser,
// so that files stay short and run side by side): 'journeys' (the whole journey in eight page
// languages with a reload, late rendering with re-mounting dialogs, the legacy DOM, an account
// without two-factor authentication), 'pages' (a page changed beyond recognition, the
// one-click label and capture, the 2026 page at 200% zoom, and what only one browser can
// show) and 'paths' (Apple's 2026 page on each path, the password captured and copied).
//
// Chromium runs under the replica's strict CSP on the wasm2js path and Firefox ESR on the wasm
// path (it applies the extension's policy to content-script wasm). Where the browsers differ,
// it is explicit: in Chromium every value `data-apg-step` takes is recorded in the page (an
// init script, which WebDriver has no way to install before the page's own scripts), so a step
// shown for a moment is seen; the hint's Copy is clicked inside the closed shadow root (out of
// WebDriver's reach: in Firefox it is reached by keyboard); Chromium's own tests (errors,
// auto-start, two tabs, the passkey refusal, decoys, the clipboard cleared) use its worker and
// the DevTools protocol.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumRingRect, waitFor, FIREFOX_UUID } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';
import {
  fillAndCapture, fullJourney, legacyJourney, twoFactorJourney, unknownLanguageJourney, FULL, LEGACY, TWO_FACTOR, UNKNOWN_LANGUAGE,
  journey2026, expected2026, finish2026, shownPassword2026, passkeyRefusal2026, upgradePrompt2026, answerUpgrade2026, PLUS_2026, SMALL_SUBMIT_2026,
} from './journeys.mjs';
import { popup, reveal } from './vault.mjs';
import { suite } from './fixture.mjs';

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

/** Declares the guide suite's `parts` ('journeys', 'pages', 'paths': the 2026 page's paths)
 *  for `browsers`. */
export const guideSuite = (browsers, parts) => suite(`guide (${parts.join(', ')})`, { browsers }, (t) => {
  let replica;
  let browser; // Chromium
  let ff; // Firefox
  before(() => {
    replica = t.replica;
    if (t.chromium) browser = t.browser;
    else ff = t.browser;
  });
  const journey = (title, fn, options) => parts.includes('journeys') && t.test(title, fn, options);
  const page = (title, fn, options) => parts.includes('pages') && t.test(title, fn, options);
  const path = (title, fn, options) => parts.includes('paths') && t.test(title, fn, options);

  /** Runs `fn(d, page)` with a driver on a fresh tab (`page`: Chromium's, recording its steps);
   *  fails on any uncaught error; screenshot on failure. Chromium must have run the wasm2js
   *  core (strict CSP), Firefox the wasm core (its extension policy applies). */
  async function inTab(name, fn) {
    await t.tab(name, async (d, pg) => {
      if (t.chromium) await pg.addInitScript(recordSteps);
      await fn(d, pg);
      if (t.chromium) {
        assert.deepEqual(browser.errors, [], 'no uncaught errors in page or extension');
        assert.equal((await d.state()).core, 'wasm2js', 'strict CSP: the wasm2js core ran');
      } else {
        const s = await d.state();
        assert.equal(s.error, null, 'no extension error');
        assert.equal(s.core, 'wasm', 'Firefox runs the wasm core even under the strict CSP');
        assert.deepEqual(await ff.exec('return window.__replicaErrors || [];'), [], 'no uncaught page errors');
      }
    });
  }

  /** The journey's steps, and every step the account site's pages actually showed, in order. */
  async function journeyShowing(d, page, options) {
    assert.deepEqual(await fullJourney(d, replica, options), FULL);
    assert.deepEqual(await recordedSteps(page), FULL.slice(1), 'no other step was shown, not even for a moment');
  }

  /** The whole journey; in Chromium also every step the account site's pages showed. */
  async function wholeJourney(d, pg, options) {
    if (t.chromium) await journeyShowing(d, pg, options);
    else assert.deepEqual(await fullJourney(d, replica, options), FULL);
  }

  // ---- The journey -----------------------------------------------------------------------

  for (const lang of ['en', 'de', 'fr', 'ja', 'es', 'it', 'ko', 'pt-BR']) {
    journey(`full journey from iCloud.com to Done, page in ${lang}`, async () => {
      await inTab(`journey-${lang}`, (d, pg) => wholeJourney(d, pg, { lang, reload: lang === 'en' }));
    });
  }

  journey('full journey with targets rendered 3 s late and dialogs re-mounting', async () => {
    await inTab('journey-late-remount', (d, pg) => wholeJourney(d, pg, { late: '3000', extra: '&remount=1' }));
  });

  journey('full journey with the password shown in an input', async () => {
    await inTab('journey-input', (d, page) => journeyShowing(d, page, { lang: 'fr', extra: '&show=input' }));
  }, { only: 'chromium' });

  journey('a page language the guide has no words for: structure carries every step but the tile', async () => {
    await inTab('unknown-language', async (d) => {
      assert.deepEqual(await unknownLanguageJourney(d, replica), UNKNOWN_LANGUAGE);
    });
  }, { only: 'chromium' });

  journey('legacy appleid.apple.com DOM', async () => {
    await inTab('legacy', async (d) => {
      assert.deepEqual(await legacyJourney(d, replica), LEGACY);
    });
  });

  journey('an account without two-factor authentication is guided to turn it on first', async () => {
    await inTab('two-factor', async (d, pg) => {
      assert.deepEqual(await twoFactorJourney(d, replica), TWO_FACTOR);
      if (t.chromium) assert.deepEqual(await recordedSteps(pg), TWO_FACTOR, 'no app-password step before two-factor is on');
    });
  });

  for (const lang of ['es', 'it']) {
    journey(`an account without two-factor authentication, page in ${lang}: found by Apple's words for security questions and two-factor`, async () => {
      await inTab(`two-factor-${lang}`, async (d) => {
        assert.deepEqual(await twoFactorJourney(d, replica, { lang }), TWO_FACTOR);
      });
    }, { only: 'chromium' });
  }

  // ---- Pages -----------------------------------------------------------------------------

  page('with auto-start off the guide stays quiet until "Guide me" in the popup starts it', async () => {
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
  }, { only: 'chromium' });

  const security = (q) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&${q}`);

  page('page errors each get their own hint', async () => {
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
  }, { only: 'chromium' });

  page('a page changed beyond recognition gets the plain panel and a text-free outline', async () => {
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
  }, { only: 'chromium' });

  page('a page changed beyond recognition gets the plain panel', async () => {
    await inTab('drift', async (d) => {
      await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&drift=1'));
      await d.waitStep('open-app-passwords');
      assert.equal(await d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored')), 'false');
    });
  }, { only: 'firefox' });

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

  page('one-click label fill and capture: sealed in storage, never in clear, decoys ignored', async () => {
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
  }, { only: 'chromium' });

  page('two tabs capturing at the same moment keep both entries', async () => {
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
  }, { only: 'chromium' });

  const inExtensionPage = (script, path) => ff.inExtensionPage(script, path);

  const ffStorageDump = () => inExtensionPage(`async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)])`);

  page('one-click label fill and capture; the popup shows exactly the captured password', async () => {
    // The journeys above captured passwords too: start from an empty vault.
    await inExtensionPage('async () => chrome.storage.local.clear()');
    let password;
    await inTab('fill-capture', async (d) => {
      password = await fillAndCapture(d, replica, ffStorageDump, { waitFor });
    });
    const dump = await ffStorageDump();
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
  }, { only: 'firefox' });

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
  async function walk2026Chromium(d, page, options, { zoomed = false } = {}) {
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

  // ---- Apple's 2026 page, as in Chromium (see guide-chromium): every step of each path, Apple's
  // next controls never under the hint, the password captured and copied by the hint's Copy
  // (reached by keyboard: a closed shadow root is out of WebDriver's reach), at 200% zoom too.

  /** The vault's password for `label`, revealed in the popup's full-page view. */
  const revealed = (label) => inExtensionPage(`async () => {
    const until = async (f) => { for (let i = 0; i < 100; i++) { const v = f(); if (v) return v; await new Promise((r) => setTimeout(r, 50)); } return null; };
    // The list is drawn anew after Show: find the entry again each time.
    const entry = () => [...document.querySelectorAll('#entries li.entry')].find((e) => e.querySelector('.label').textContent.trim() === ${JSON.stringify(label)});
    if (!(await until(entry))) return 'no entry';
    entry().querySelector('button.reveal').click();
    return until(() => { const t = entry()?.querySelector('.secret').textContent; return !t || t.includes('•') ? null : t; });
  }`);

  async function walk2026Firefox(d, options, { zoomed = false, signedIn } = {}) {
    const label = `Mail ${options.lang} ${options.plus} ${options.confirm} ${options.from}${zoomed ? ' zoomed' : ''}`;
    const { seen, covered } = await journey2026(d, replica, { ...options, label, signedIn });
    assert.deepEqual(seen, expected2026(options), 'every step of this path, in order');
    const password = await d.eval(shownPassword2026);
    assert.match(password, /^[a-z]{4}(-[a-z]{4}){3}$/);
    await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture to be saved');
    // Alt+Shift+G moves focus into the hint, onto Copy; Enter presses it.
    await d.keys(['Alt', 'Shift', 'G']);
    await d.keys(['Enter']);
    await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-copied') === 'true'), 'Copy in the hint');
    covered.push(...(await finish2026(d)).map((c) => `done: ${c}`));
    assert.deepEqual(covered, [], "no control of Apple's a person needs next is under the hint");
    // What Copy put on the clipboard, pasted (a real Ctrl+V) into Apple's label field.
    await d.click(PLUS_2026);
    await d.type('#asp-label', '');
    await d.click('#asp-label');
    await d.keys(['Control', 'v']);
    await waitFor(async () => (await d.eval(() => document.querySelector('#asp-label').value)) === password, 'the pasted password');
    assert.equal(await revealed(label), password, 'the vault holds the password Apple showed');
  }

  // The 2026 page's paths: six in Chromium, three in Firefox (the first the same).
  const PATHS_2026 = t.chromium ? [
    { lang: 'en', plus: 'text', confirm: 'always', from: 'icloud' },
    { lang: 'en', plus: 'bare', confirm: 'never', from: 'landing' },
    { lang: 'da', plus: 'named', confirm: 'never', from: 'icloud' },
    { lang: 'da', plus: 'bare', confirm: 'always', from: 'landing' },
    { lang: 'qps', plus: 'text', confirm: 'always', from: 'landing' },
    { lang: 'qps', plus: 'bare', confirm: 'never', from: 'icloud' },
  ] : [
    { lang: 'en', plus: 'text', confirm: 'always', from: 'icloud' },
    { lang: 'da', plus: 'bare', confirm: 'never', from: 'landing' },
    { lang: 'qps', plus: 'named', confirm: 'always', from: 'landing' },
  ];
  for (const options of PATHS_2026) {
    path(`2026 page, ${options.lang}, "+" ${options.plus}, confirm ${options.confirm}, from ${options.from}: every step, the password captured and copied`, async () => {
      await inTab(`2026-${options.lang}-${options.plus}-${options.confirm}-${options.from}`, (d, pg) => (t.chromium ? walk2026Chromium(d, pg, options) : walk2026Firefox(d, options)));
    });
  }

  page('2026 page at 200% zoom (640×400 CSS px): every step shown, none of Apple\'s next controls under the hint', async () => {
    await inTab('2026-zoom', async (d, page) => {
      await page.setViewportSize({ width: 640, height: 400 });
      await walk2026Chromium(d, page, { lang: 'en', plus: 'text', confirm: 'always', from: 'landing' }, { zoomed: true });
    });
  }, { only: 'chromium' });

  page('2026 page at 200% zoom (a 640×400 window): every step, none of Apple\'s next controls under the hint', async () => {
    const before = await ff.call('GET', `${ff.session}/window/rect`);
    try {
      await inTab('2026-zoom', async (d) => {
        // Zoomed once signed in: WebDriver cannot type into the sign-in frame's fields at that
        // size (it cannot scroll them into view), though a person can; the sign-in step's hint
        // is checked at 200% zoom in Chromium.
        const signedIn = async () => {
          // The window's own bars take their share: size it so that the page gets 640×400 CSS px.
          const [dw, dh] = await d.eval(() => [outerWidth - innerWidth, outerHeight - innerHeight]);
          await ff.call('POST', `${ff.session}/window/rect`, { width: 640 + dw, height: 400 + dh });
          const [w, h] = await d.eval(() => [innerWidth, innerHeight]);
          assert.ok(Math.abs(w - 640) <= 20 && Math.abs(h - 400) <= 20, `a 640×400 viewport (${w}×${h})`);
        };
        await walk2026Firefox(d, { lang: 'en', plus: 'text', confirm: 'always', from: 'landing' }, { zoomed: true, signedIn });
      });
    } finally {
      await ff.call('POST', `${ff.session}/window/rect`, { width: before.width, height: before.height });
    }
  }, { only: 'firefox' });

  page('2026 page: the passkey refusal points at "Sign in with password"; the upgrade prompt gets the sign-in hint', async () => {
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
      // The sign-in frame takes the focus when its form renders, and the guide does not run in
      // Apple's frames: the person clicks the page first, as they would to get out of the field.
      // Only once the form is there (under load it can render after a click made sooner, and
      // take the focus back from it).
      const frame = await waitFor(() => page.frames().find((f) => /idmsa\.apple\.com/.test(f.url())) || null, 'the sign-in frame');
      await frame.locator('input').first().waitFor();
      await page.locator('h1.page-title').click();
      await d.keys(['Alt', 'Shift', 'G']);
      await d.waitStep('sign-in');
      await upgradePrompt2026(d, replica);
      assert.equal((await d.waitStep('sign-in')).step, 'sign-in', 'the sign-in hint (which says to choose Continue) stays');
      await answerUpgrade2026(d, { upgrade: true });
      await d.waitStep('open-app-passwords');
    });
  }, { only: 'chromium' });

  page('2026 page with password-shaped decoys (the list\'s description, a tip outside, a dialog stacked before Create): only the new password is captured', async () => {
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
  }, { only: 'chromium' });

  page('2026 page: the hint\'s Copy has the background clear the clipboard after the time set, the page closed meanwhile', async () => {
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
  }, { only: 'chromium' });
});

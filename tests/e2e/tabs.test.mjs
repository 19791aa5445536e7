// The journey follows the person across tabs (issue 15, the background's side).
//
// Chromium: a tab opened from a guided tab (its opener: iCloud's "Manage Apple Account" in a
// new tab) continues the same journey; a tab "Guide me" opens starts guided; a tab opened from
// a tab that is not guided, or in another window, starts on its own. "Guide me" reaches the
// active Apple tab of the popup's own window, and opens Sign-In and Security in that window
// when its active tab is not one of Apple's pages; the popup says which it did. The first
// answer to a content script never waits on managed storage.
//
// Firefox ESR: iCloud's "Manage Apple Account" opens the account site in a new tab, and the
// guide started on iCloud.com goes on there (Firefox reports the opener,
// `sender.tab.openerTabId`, with no extra permission).
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';
import { suite } from './fixture.mjs';

// ---- Chromium ----------------------------------------------------------------------------

suite('tabs', { browsers: ['chromium'] }, (t) => {
  let replica;
  let browser;
  before(() => {
    ({ replica, browser } = t);
  });

  const icloud = (q = '') => replica.url('www.icloud.com', `/?layout=today&late=100&newtab=1${q}`);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** The user's options in storage.sync (the background reads them on every hello). */
  const setOptions = (options) => browser.worker.evaluate((o) => chrome.storage.sync.set({ options: o }), options);

  /** Waits until the overlay is loaded and has heard from the background. */
  async function loaded(d) {
    await waitFor(async () => (await d.state()).background, 'the guide to load and reach the background', 15000);
  }

  /** The step shown after the page had time to show one (null: none). */
  async function quietStep(d, ms = 1500) {
    await sleep(ms);
    return (await d.state()).step;
  }

  /** Clicks "Manage Apple Account" in iCloud's profile menu and returns the tab it opens. */
  async function openAccountTab(page) {
    await page.locator('.profile-button').click();
    const [opened] = await Promise.all([browser.context.waitForEvent('page'), page.locator('.profile-menu a[role=menuitem]').click()]);
    return opened;
  }

  /** Runs `fn`, closing every page it opened; screenshot of `shot()` on failure. */
  async function scenario(name, shot, fn) {
    const before = new Set(browser.context.pages());
    try {
      await withScreenshot(`chromium-tabs-${name}`, (f) => shot()?.screenshot({ path: f }), fn);
      assert.deepEqual(browser.errors, [], 'no uncaught errors in page or extension');
    } finally {
      for (const p of browser.context.pages()) if (!before.has(p)) await p.close().catch(() => {});
    }
  }

  t.test('a tab opened from a guided tab continues its journey; one opened from an unguided tab does not', async () => {
    let shown = null;
    await scenario('opener', () => shown, async () => {
      await setOptions({ autoStart: true });
      // Not guided: iCloud.com waits to be asked, and the tab it opens starts on its own
      // (the sign-in page is not where the journey starts by itself).
      const quiet = await browser.context.newPage();
      shown = quiet;
      const q = new ChromiumDriver(quiet);
      await q.goto(icloud());
      await loaded(q);
      const fresh = await openAccountTab(quiet);
      shown = fresh;
      const f = new ChromiumDriver(fresh);
      await loaded(f);
      assert.equal(await quietStep(f), null, 'an unguided opener passes nothing on');
      await fresh.close();
      await quiet.close();

      // Guided: started with Alt+Shift+G on iCloud.com; the account site opens in a new tab.
      const page = await browser.context.newPage();
      shown = page;
      const d = new ChromiumDriver(page);
      await d.goto(icloud());
      await loaded(d);
      await d.keys(['Alt', 'Shift', 'G']);
      await d.waitStep('icloud-open-account');
      const next = await openAccountTab(page);
      shown = next;
      const n = new ChromiumDriver(next);
      await n.waitStep('sign-in', 15000);
      // Signing in, the journey goes on in the new tab.
      await n.inFrame('#aid-auth-widget-iFrame', async (fr) => {
        await fr.type('#account_name_text_field', 'jane@icloud.com');
        await fr.click('#sign-in');
        await fr.type('#password_text_field', 'account-password');
        await fr.click('#sign-in');
        for (let i = 0; i < 6; i++) await fr.type(`#char${i}`, String(i + 1));
      });
      await n.waitStep('open-security');
      // Closing the guide in one tab leaves the other's journey as it was: memory stays per tab.
      assert.equal((await d.state()).step, 'icloud-open-account', 'the opener still shows its own step');
    });
  });

  t.test('a tab "Guide me" opens starts guided, even with auto-start off', async () => {
    let shown = null;
    await scenario('guide-me-opens', () => shown, async () => {
      await setOptions({ autoStart: false });
      try {
        // The popup in a tab of its own: the active tab of its window is not an Apple page.
        const pop = await browser.context.newPage();
        shown = pop;
        await pop.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`);
        await pop.locator('#guide-me').waitFor();
        const [opened] = await Promise.all([browser.context.waitForEvent('page'), pop.evaluate(() => document.getElementById('guide-me').click())]);
        shown = opened;
        // The real Sign-In and Security address: the replica answers on its own port, so the
        // same tab (and its memory) is sent there.
        await opened.waitForLoadState('load');
        const d = new ChromiumDriver(opened);
        await d.goto(replica.url('account.apple.com', '/account/manage/section/security?layout=today&late=100'));
        await loaded(d);
        await waitFor(async () => (await d.state()).step, 'a hint in the tab Guide me opened', 15000);
      } finally {
        await setOptions({ autoStart: true });
      }
    });
  });

  const security = () => replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100');

  /** A new window holding `url` (focused: the browser's last focused window), its id and page. */
  async function newWindow(url) {
    const [page, id] = await Promise.all([
      browser.context.waitForEvent('page'),
      browser.worker.evaluate(async (url) => (await chrome.windows.create({ url, focused: true })).id, url),
    ]);
    return { id, page };
  }

  /** The popup's page in window `windowId`, opened in the background there (so it is not that window's active tab). */
  async function popupIn(windowId) {
    const url = `chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`;
    const [page] = await Promise.all([
      browser.context.waitForEvent('page'),
      browser.worker.evaluate(({ windowId, url }) => chrome.tabs.create({ windowId, url, active: false }), { windowId, url }),
    ]);
    await page.locator('#guide-me').waitFor();
    return page;
  }

  const windowOfTabs = () => browser.worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => ({ id: t.id, windowId: t.windowId, active: t.active })));

  t.test('"Guide me" reaches the active Apple tab of the popup\'s own window, not of the last focused one', async () => {
    let shown = null;
    await scenario('guide-me-window', () => shown, async () => {
      await setOptions({ autoStart: false });
      try {
        const one = await newWindow(security());
        shown = one.page;
        const a = new ChromiumDriver(one.page);
        await loaded(a);
        // Another window, focused last, with an Apple tab of its own.
        const two = await newWindow(security());
        const b = new ChromiumDriver(two.page);
        await loaded(b);
        assert.equal((await a.state()).step, null, 'auto-start off: no hint yet');
        const pop = await popupIn(one.id);
        await pop.evaluate(() => document.getElementById('guide-me').click());
        await a.waitStep('open-app-passwords');
        await waitFor(async () => /this window/i.test(await pop.locator('#guide-status').textContent()), 'the popup saying it started the guide there');
        assert.equal(await quietStep(b, 800), null, 'the other window\'s tab was not asked');

        // The popup's window shows no Apple page (the popup is its active tab), while the other,
        // focused last, does: Sign-In and Security opens in the popup's window, and it says so.
        const other = await popupIn(two.id);
        await browser.worker.evaluate(async ({ two, one }) => {
          const ours = (await chrome.tabs.query({ windowId: two })).find((t) => (t.url || '').startsWith(chrome.runtime.getURL('')));
          await chrome.tabs.update(ours.id, { active: true });
          await chrome.windows.update(one, { focused: true });
        }, { two: two.id, one: one.id });
        const before = new Set((await windowOfTabs()).map((t) => t.id));
        await other.evaluate(() => document.getElementById('guide-me').click());
        const opened = await waitFor(async () => (await windowOfTabs()).find((t) => !before.has(t.id)), 'a new tab');
        assert.equal(opened.windowId, two.id, 'opened in the popup\'s window');
        await waitFor(async () => /new tab/i.test(await other.locator('#guide-status').textContent()), 'the popup saying it opened a tab');
      } finally {
        await setOptions({ autoStart: true });
      }
    });
  });

  t.test('the first answer to a content script never waits on managed storage; a managed value read later is sent to the tab', async () => {
    let shown = null;
    await scenario('managed-late', () => shown, async () => {
      // Managed storage that has not answered yet (Chromium's first read in a cold browser waits
      // for the policy): held until the test lets it go. Every message the background sends to a
      // tab is noted.
      await browser.worker.evaluate(() => {
        globalThis.__originals = [chrome.storage.managed.get, chrome.tabs.sendMessage];
        const real = chrome.storage.managed.get.bind(chrome.storage.managed);
        let release;
        const held = new Promise((r) => { release = r; });
        globalThis.__releaseManaged = (values) => release(values);
        globalThis.__managedValues = null;
        Object.defineProperty(chrome.storage.managed, 'get', { configurable: true, writable: true, value: () => held.then(() => globalThis.__managedValues ?? real(null)) });
        const send = chrome.tabs.sendMessage.bind(chrome.tabs);
        globalThis.__sent = [];
        Object.defineProperty(chrome.tabs, 'sendMessage', { configurable: true, writable: true, value: (tab, message) => {
          globalThis.__sent.push({ tab, message });
          return send(tab, message);
        } });
      });
      try {
        await setOptions({ autoStart: true, defaultPreset: 'outlook' });
        const page = await browser.context.newPage();
        shown = page;
        const d = new ChromiumDriver(page);
        await d.goto(security());
        await loaded(d);
        await d.waitStep('open-app-passwords');
        // A change of the options is checked against managed storage: it waits for it.
        const opts = await browser.context.newPage();
        await opts.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
        const change = opts.evaluate(() => chrome.runtime.sendMessage({ kind: 'set-options', options: { defaultPreset: 'thunderbird' } }));
        const early = await Promise.race([change.then(() => 'answered'), sleep(1000).then(() => 'waiting')]);
        assert.equal(early, 'waiting', 'no change is checked before the administrator\'s values are known');

        await browser.worker.evaluate(() => {
          globalThis.__managedValues = { defaultPreset: 'spark', autoStart: false };
          globalThis.__releaseManaged();
        });
        assert.deepEqual(await change, { ok: false, error: 'error_option_managed' });
        const sent = await waitFor(() => browser.worker.evaluate(() => globalThis.__sent.find((s) => s.message.kind === 'options')), 'the options sent to the tab');
        assert.equal(sent.message.options.defaultPreset, 'spark', 'the administrator\'s value, once read');
        assert.equal(sent.message.options.autoStart, false);
        assert.deepEqual(Object.keys(sent.message.options).sort(), ['autoLockMinutes', 'autoStart', 'clipboardClearSeconds', 'customLabel', 'defaultPreset', 'deviceName', 'formulaPrefixDefault', 'labelTemplate'], 'the same shape as in hello');
        // The next hello answers with the administrator's values at once.
        const again = await browser.context.newPage();
        const g = new ChromiumDriver(again);
        await g.goto(security());
        await loaded(g);
        assert.equal(await quietStep(g), null, 'auto-start off by the administrator, known now');
      } finally {
        await browser.worker.evaluate(() => {
          const [get, send] = globalThis.__originals;
          Object.defineProperty(chrome.storage.managed, 'get', { configurable: true, writable: true, value: get });
          Object.defineProperty(chrome.tabs, 'sendMessage', { configurable: true, writable: true, value: send });
        });
        await setOptions({ autoStart: true });
      }
    });
  });
});

// ---- Firefox -----------------------------------------------------------------------------

suite('tabs', { browsers: ['firefox'] }, (t) => {
  t.test('a tab opened from a guided tab continues its journey', async () => {
    const { ff, replica } = t;
    const d = new FirefoxDriver(ff);
    const handles = () => ff.call('GET', `${ff.session}/window/handles`);
    await ff.inNewTab(() => withScreenshot('firefox-tabs-opener', (f) => ff.screenshot(f), async () => {
      await d.goto(replica.url('www.icloud.com', '/?layout=today&late=100&newtab=1'));
      await waitFor(async () => (await d.state()).background, 'the guide to load');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.waitStep('icloud-open-account');
      const known = new Set(await handles());
      const back = await ff.call('GET', `${ff.session}/window`);
      await d.click('.profile-button');
      await d.click('.profile-menu a[role=menuitem]');
      const opened = await waitFor(async () => (await handles()).find((h) => !known.has(h)), 'the new tab');
      await ff.call('POST', `${ff.session}/window`, { handle: opened });
      try {
        await d.waitStep('sign-in');
        assert.equal((await d.state()).error, null);
      } finally {
        await ff.call('DELETE', `${ff.session}/window`);
        await ff.call('POST', `${ff.session}/window`, { handle: back });
      }
    }));
  });
});

// The journey follows the person across tabs, in Chromium (issue 15, the background's side):
// a tab opened from a guided tab (its opener: iCloud's "Manage Apple Account" in a new tab)
// continues the same journey; a tab "Guide me" opens starts guided; a tab opened from a tab
// that is not guided, or in another window, starts on its own. "Guide me" reaches the active
// Apple tab of the popup's own window, and opens Sign-In and Security in that window when its
// active tab is not one of Apple's pages; the popup says which it did. The first answer to a
// content script never waits on managed storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';

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

test('a tab opened from a guided tab continues its journey; one opened from an unguided tab does not', async () => {
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

test('a tab "Guide me" opens starts guided, even with auto-start off', async () => {
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


// A cold browser, in both browsers (issue 15): one journey from the first click to Done in a
// browser started a moment before. Each test starts its own browser (`launch: false`). The
// journey on the account site is written once; how the guide is asked for and how the new tab
// is reached differ by browser.
//
// Chromium.
// The guide is asked for within the first second after the browser started, from
// the toolbar popup's "Guide me" in one run and from Alt+Shift+G in another, on iCloud.com;
// "Manage Apple Account" opens the account site in a new tab, where the journey goes on through
// the 2026 landing page, sign-in, the tile, the "+", the label, Create, the confirmation, the
// password (copied by the hint's Copy) and OK. Every step of the path is shown in order and
// every click is a real one (Playwright's click waits until the element itself receives it:
// a hint over Apple's control fails it).
//
// Firefox ESR.
// Alt+Shift+G on iCloud.com at once,
// "Manage Apple Account" opens the account site in a new tab, and the journey goes on there
// to Done through the 2026 page. Clicks are WebDriver element clicks, which fail on an element
// another one covers; every step's next controls are checked clickable (elementFromPoint).
import assert from 'node:assert/strict';
import { waitFor, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';
import { PLUS_2026, SMALL_SUBMIT_2026, coveredControls, signInInFrame } from './journeys.mjs';
import { suite } from './fixture.mjs';

/** The path, tab by tab: iCloud.com, then the account site's new tab. */
const ICLOUD = ['icloud-open-account'];
const ACCOUNT = ['landing-sign-in', 'sign-in', 'open-app-passwords', 'generate', 'label', 'create', 'confirm-password', 'copy', 'done', 'finished'];

/** Records every value `data-apg-step` takes in a tab, per origin, across its page loads (a
 *  step shown for a moment between two polls is still seen). */
function recordSteps() {
  const key = 'apg-cold-steps';
  new MutationObserver(() => {
    const host = document.querySelector('[data-apg-host]');
    const v = host && host.getAttribute('data-apg-step');
    const seen = JSON.parse(sessionStorage.getItem(key) || '[]');
    if (v && seen[seen.length - 1] !== v) sessionStorage.setItem(key, JSON.stringify([...seen, v]));
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-apg-step'] });
}
const recorded = (page) => page.evaluate(() => JSON.parse(sessionStorage.getItem('apg-cold-steps') || '[]'));

suite('cold start', { browsers: ['chromium', 'firefox'], launch: false }, (t) => {
  const replica = { url: (...a) => t.replica.url(...a) };
  const ICLOUD_PAGE = '/?layout=2026&newtab=1&late=100';

  /** Chromium: on iCloud.com, asks for the guide at once (`start`: 'keys' or the toolbar
   *  popup's 'popup'); returns the iCloud page. `front(page)` is told the page in front. */
  async function askChromium(browser, start, front) {
    await browser.context.addInitScript(recordSteps);
    const page = await browser.context.newPage();
    front(page);
    await page.goto(replica.url('www.icloud.com', ICLOUD_PAGE), { waitUntil: 'commit' });
    // Asked for at once: the guide may still be loading; it must not lose the ask.
    if (start === 'keys') {
      await page.locator('.profile-button').waitFor();
      await page.keyboard.press('Alt+Shift+G');
    } else {
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
      await popup.locator('#guide-me').waitFor();
      await page.bringToFront();
      await popup.evaluate(() => document.getElementById('guide-me').click());
    }
    return page;
  }

  /** Firefox: the same, through WebDriver. */
  async function askFirefox(ff, start) {
    const d = new FirefoxDriver(ff);
    await ff.get(replica.url('www.icloud.com', ICLOUD_PAGE));
    if (start === 'keys') {
      await d.find('.profile-button');
      await d.keys(['Alt', 'Shift', 'G']);
    } else {
      // The toolbar popup, in a tab of the same window: it presses Guide me a moment after
      // the iCloud tab is selected again (WebDriver cannot open the toolbar's popup itself).
      const icloudTab = await ff.call('GET', `${ff.session}/window`);
      const pop = await ff.call('POST', `${ff.session}/window/new`, { type: 'tab' });
      await ff.call('POST', `${ff.session}/window`, { handle: pop.handle });
      await ff.get(`moz-extension://${FIREFOX_UUID}/popup/popup.html`);
      await ff.exec(`const press = () => { const b = document.getElementById('guide-me'); if (b) b.click(); else setTimeout(press, 20); };
        setTimeout(press, 200);`);
      await ff.call('POST', `${ff.session}/window`, { handle: icloudTab });
    }
  }

  /** On the account site's tab, with the driver `a`, from its first step to `done`: each step
   *  is waited for (in `seen`), and the controls a person needs next are checked clickable
   *  (any covered one goes in `covered`); every click is a real one (Chromium: Playwright's,
   *  which waits until the element itself receives it; Firefox: WebDriver's, which fails on an
   *  element another one covers). */
  async function accountJourney(a, seen, covered) {
    const expect = async (id, next) => {
      await a.waitStep(id, 15000);
      seen.push(id);
      await new Promise((r) => setTimeout(r, 150));
      for (const c of await a.eval(coveredControls, next || null)) covered.push(`${id}: ${c}`);
    };
    await expect('landing-sign-in', 'main .landing-sign-in');
    await a.click('main .landing-sign-in');
    await expect('sign-in', '#aid-auth-widget-iFrame');
    await signInInFrame(a);
    await expect('open-app-passwords', '#asp-tile');
    await a.click('#asp-tile');
    await expect('generate');
    await a.click(PLUS_2026);
    await expect('label');
    await a.type('#asp-label', 'Thunderbird');
    await expect('create');
    await a.click(SMALL_SUBMIT_2026);
    await expect('confirm-password');
    await a.type('.modal-small input[type=password]', 'account-password');
    await a.click(SMALL_SUBMIT_2026);
    await expect('copy');
    await waitFor(() => a.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
    // The hint's Copy, by keyboard: Alt+Shift+G moves focus into the hint, onto Copy.
    await a.keys(['Alt', 'Shift', 'G']);
    await a.keys(['Enter']);
    await expect('done');
    await a.click('.modal-small .button-bar-nav button');
    // Chromium's steps are all recorded in the page (recordSteps); Firefox's are the ones seen.
    if (t.chromium) await a.waitStep('finished');
    else await expect('finished');
  }

  async function cold(start) {
    await t.withBrowser({}, async (browser) => {
      // The browser has started (its extension loaded): from here, the ask must come within a second.
      const started = Date.now();
      let shown = null;
      const shoot = t.chromium ? (f) => shown?.screenshot({ path: f }) : (f) => browser.screenshot(f);
      await withScreenshot(`${t.name}-cold-${start}`, shoot, async () => {
        const icloud = t.chromium ? await askChromium(browser, start, (p) => { shown = p; }) : null;
        if (t.firefox) await askFirefox(browser, start);
        // Reported, not asserted (no timed assertions in tests): under a second here.
        const asked = Date.now() - started;
        const seen = [];
        const covered = [];
        if (t.chromium) {
          const d = new ChromiumDriver(icloud);
          await d.waitStep('icloud-open-account');
          assert.equal(browser.context.pages().filter((p) => p.url().includes('account.apple.com')).length, 0, 'Guide me opened no other tab');
          await icloud.locator('.profile-button').click();
          const [account] = await Promise.all([browser.context.waitForEvent('page'), icloud.locator('.profile-menu a[role=menuitem]').click()]);
          shown = account;
          await accountJourney(new ChromiumDriver(account), seen, covered);
          assert.deepEqual(await recorded(icloud), ICLOUD, 'iCloud.com showed its step');
          assert.deepEqual(await recorded(account), ACCOUNT, 'every step of the path, in order, in the new tab');
          assert.deepEqual(covered, [], "no control of Apple's a person needs next is under the hint");
          assert.deepEqual(browser.errors, [], 'no uncaught errors');
          console.log(`# cold start (${start}): asked ${asked} ms after the browser was started`);
          return;
        }
        const ff = browser;
        const d = new FirefoxDriver(ff);
        await d.waitStep('icloud-open-account');
        const home = await ff.call('GET', `${ff.session}/window`);
        const before = await ff.call('GET', `${ff.session}/window/handles`);
        await d.click('.profile-button');
        await d.click('.profile-menu a[role=menuitem]');
        const opened = await waitFor(async () => (await ff.call('GET', `${ff.session}/window/handles`)).find((h) => !before.includes(h)), 'the new tab');
        await ff.call('POST', `${ff.session}/window`, { handle: opened });
        await accountJourney(d, seen, covered);
        assert.deepEqual(seen, ['landing-sign-in', 'sign-in', 'open-app-passwords', 'generate', 'label', 'create', 'confirm-password', 'copy', 'done', 'finished']);
        assert.deepEqual(covered, [], "no control of Apple's a person needs next is under the hint");
        assert.equal((await d.state()).error, null, 'no extension error');
        console.log(`# cold start (${start}): asked ${asked} ms after the browser was started`);
        await ff.call('DELETE', `${ff.session}/window`);
        await ff.call('POST', `${ff.session}/window`, { handle: home });
      });
    });
  }

  t.test('a cold browser: Alt+Shift+G on iCloud.com at once, the journey goes on in the new tab to Done', () => cold('keys'));
  t.test('a cold browser: the toolbar popup\'s Guide me at once, the journey goes on in the new tab to Done', () => cold('popup'), { only: 'chromium' });
  t.test('a cold browser: the popup\'s Guide me at once, the journey goes on in the new tab to Done', () => cold('popup'), { only: 'firefox' });
});

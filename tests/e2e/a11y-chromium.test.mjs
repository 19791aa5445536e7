// Accessibility in Chromium, checked in the real rendered pages: axe-core's WCAG 2.0/2.1/2.2
// A and AA rules on the overlay at every step of the journey and on its fallback panel, and on
// the popup and its full-page view (empty, with entries, locked, unlocked with a password shown,
// the export panel in its clear-text and encrypted forms, a mail card and the settings open), each
// in light and dark; a visible focus outline (3:1 against its background) on every overlay and
// popup control reached by Tab; no transition or animation under prefers-reduced-motion; and at
// 200% zoom (a 1280×800 screen: 640×400 CSS px at device scale 2) the popover inside the
// viewport at every step. Any violation is printed (rule, target, help) and fails.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { fullJourney, FULL } from './journeys.mjs';
import { capture } from './vault.mjs';
import { axeRun, exposeOverlay, overlayContrast, focusProbe, motionProbe, popoverBox } from './a11y.mjs';
import { suite } from './fixture.mjs';

suite('a11y', { browsers: ['chromium'] }, (t) => {
  let replica;
  let browser;

  before(() => {
    replica = t.replica;
    browser = t.browser;
  });

  const SCHEMES = ['light', 'dark'];
  /** Two animation frames: styles and the overlay's placement are up to date. */
  const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

  /** Fails with every violation, one per line, under a heading. */
  function assertNone(found, what) {
    if (found.length) console.error(`${what}:\n${found.join('\n')}`);
    assert.deepEqual(found, [], `${what}: ${found.length} violation(s), printed above`);
  }

  /** axe on the overlay only (the replica is Apple's page, not ours), in light and dark. */
  async function overlayViolations(page, label) {
    const found = [];
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await settle(page);
      assert.ok(await exposeOverlay(page), `the overlay is on the page at ${label}`);
      const r = await axeRun(page, '[data-apg-host]');
      // axe saw into the shadow root: the hint's buttons and texts were checked.
      assert.ok(r.seen['button-name'] >= 1 && r.seen['color-contrast'] >= 4, `axe checked the overlay's content at ${label}: ${JSON.stringify(r.seen)}`);
      // axe's colour grid stops at document.body, and the overlay hangs after it: text contrast
      // is checked by overlayContrast instead (a11y.mjs says how); every other undecided fails.
      const undecided = r.incomplete.filter((i) => !i.startsWith('color-contrast '));
      const contrast = await overlayContrast(page);
      assert.ok(contrast.checked >= 4, `the overlay's texts were checked for contrast at ${label}`);
      found.push(...[...r.violations, ...undecided.map((i) => `undecided: ${i}`), ...contrast.failures.map((f) => `contrast: ${f}`)]
        .map((v) => `[overlay ${label}, ${colorScheme}] ${v}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return found;
  }

  /** axe on a whole extension page, in light and dark. */
  async function pageViolations(page, label, { buttons = 2 } = {}) {
    const found = [];
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await settle(page);
      const r = await axeRun(page);
      assert.ok((r.seen['button-name'] ?? 0) >= buttons && r.seen['color-contrast'] >= 5, `axe checked the page at ${label}: ${JSON.stringify(r.seen)}`);
      found.push(...[...r.violations, ...r.incomplete.map((i) => `undecided: ${i}`)].map((v) => `[${label}, ${colorScheme}] ${v}`));
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return found;
  }

  /** The popup page: `popup` at the toolbar popup's size, or `tab` (its full-page view). */
  async function openPopup(view) {
    const page = await browser.context.newPage();
    if (view === 'popup') await page.setViewportSize({ width: 360, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html${view === 'tab' ? '?view=tab' : ''}`);
    await page.locator('#vault-title').waitFor();
    return page;
  }

  const fallbackUrl = (extra = '') => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&drift=1${extra}`);
  // axe copies style sheets into a scratch document for its orientation-lock rule, which the
  // replica's strict style-src would block (and log as errors): the axe runs on Apple's pages use
  // the replica's relaxed policy. The overlay is the same whichever core draws it.
  const RELAXED = '&csp=relaxed';

  t.test('axe: the popup and its full-page view with an empty vault', async () => {
    const found = [];
    for (const view of ['popup', 'tab']) {
      const page = await openPopup(view);
      await page.locator('#vault .empty').waitFor();
      found.push(...await pageViolations(page, `${view}, empty`));
      await page.close();
    }
    assertNone(found, 'popup, empty vault');
  });

  t.test('axe: the options page, light and dark', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
    // Filled once the background has answered (the auto-lock time is never empty then).
    await waitFor(async () => (await page.inputValue('#auto-lock')) !== '', 'the options page to show the options', 15000);
    // A form of fields only: no buttons to name.
    const found = await pageViolations(page, 'options page', { buttons: 0 });
    await page.close();
    assertNone(found, 'options page');
  });

  t.test('axe: the overlay at every step of the journey and as the fallback panel, light and dark', async () => {
    const page = await browser.context.newPage();
    const d = new ChromiumDriver(page);
    const found = [];
    await withScreenshot('a11y-overlay', (f) => page.screenshot({ path: f }), async () => {
      const seen = await fullJourney(d, replica, { extra: RELAXED, onStep: async (id) => found.push(...await overlayViolations(page, id)) });
      assert.deepEqual(seen, FULL, 'axe ran at each step');
      const panel = await browser.context.newPage();
      await panel.goto(fallbackUrl(RELAXED));
      await new ChromiumDriver(panel).waitStep('open-app-passwords');
      assert.equal(await panel.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored')), 'false', 'the fallback panel');
      found.push(...await overlayViolations(panel, 'fallback panel'));
      await panel.close();
    });
    await page.close();
    assertNone(found, 'overlay');
    assert.deepEqual(browser.errors, []);
  });

  t.test('axe: the popup and its full-page view with entries: unprotected, locked, unlocked, export panel', async () => {
    // The journey above captured "Thunderbird"; one more, which is then marked revoked.
    await capture(browser, replica, 'Backup NAS');
    const found = [];
    const check = async (page, label) => found.push(...await pageViolations(page, label));
    const passphrase = 'correct horse battery staple';

    // Unprotected, in both views; then the revoked entry and a passphrase, from the tab view.
    const popup = await openPopup('popup');
    await popup.locator('#entries li.entry').nth(1).waitFor();
    await check(popup, 'popup, unprotected');
    await popup.close();
    const tab = await openPopup('tab');
    await tab.locator('#entries li.entry', { hasText: 'Backup NAS' }).locator('button.mark').click();
    await tab.locator('#entries li.entry.revoked').waitFor();
    await check(tab, 'tab, unprotected, one revoked');
    await tab.fill('#new-passphrase', passphrase);
    await tab.fill('#repeat-passphrase', passphrase);
    await tab.locator('#passphrase-form button').first().click();
    await tab.locator('#lock').waitFor();

    // Unlocked: a password shown, its mail card, the settings, and each form of the export panel.
    const unlocked = async (page, view) => {
      const entry = page.locator('#entries li.entry', { has: page.locator('.label', { hasText: 'Thunderbird' }) });
      await entry.locator('button.reveal').click();
      await waitFor(async () => !(await entry.locator('.secret').textContent()).includes('•'), 'the password shown');
      await entry.locator('details.mail summary').click();
      await page.locator('#settings summary').click();
      await page.locator('#entries li.entry', { has: page.locator('.label', { hasText: 'Backup NAS' }) }).locator('input.pick').check();
      await page.selectOption('#export-format', 'chrome-csv');
      await page.locator('#export-merge:not([hidden])').waitFor();
      await check(page, `${view}, unlocked, clear-text export, merge warning, mail card, settings`);
      await page.selectOption('#export-format', 'kdbx');
      await page.locator('#export-passphrases:not([hidden])').waitFor();
      await check(page, `${view}, unlocked, encrypted export`);
    };
    await unlocked(tab, 'tab');
    await tab.locator('#lock').click();
    await tab.locator('#unlock-form').waitFor();
    await check(tab, 'tab, locked');
    await tab.close();

    const locked = await openPopup('popup');
    await locked.locator('#unlock-form').waitFor();
    await check(locked, 'popup, locked');
    await locked.fill('#passphrase', passphrase);
    await locked.press('#passphrase', 'Enter');
    await locked.locator('#lock').waitFor();
    await unlocked(locked, 'popup');
    await locked.close();
    assertNone(found, 'popup');
    assert.deepEqual(browser.errors, []);
  });

  /** The full-page view with an entry, protected and unlocked, whatever the tests before left. */
  async function unlockedPopup() {
    let tab = await openPopup('tab');
    if (await tab.locator('#vault .empty').count()) {
      await capture(browser, replica, 'Thunderbird');
      await tab.close();
      tab = await openPopup('tab');
    }
    const passphrase = 'correct horse battery staple';
    if (await tab.locator('#unlock-form').count()) {
      await tab.fill('#passphrase', passphrase);
      await tab.press('#passphrase', 'Enter');
    } else if (!(await tab.locator('#lock').count())) {
      await tab.fill('#new-passphrase', passphrase);
      await tab.fill('#repeat-passphrase', passphrase);
      await tab.press('#repeat-passphrase', 'Enter');
    }
    await tab.locator('#lock').waitFor();
    return tab;
  }

  /** Presses Tab until focus leaves `where` or comes back to where it started, checking the
   *  focus outline of each control it reaches; returns what it reached. */
  async function tabThrough(page, where, label, { max = 60, expose = false } = {}) {
    const reached = [];
    const bad = [];
    let first = null;
    for (let i = 0; i < max; i++) {
      if (expose) await exposeOverlay(page);
      const f = await focusProbe(page);
      if (!f || f.where !== where || (first && f.name === first)) break;
      first = first || f.name;
      reached.push(f.name);
      if (!f.focusVisible || f.outlineStyle === 'none' || f.outlineWidth < 2 || f.contrast < 3) {
        bad.push(`[${label}] ${f.name}: outline ${f.outlineStyle} ${f.outlineWidth}px, contrast ${f.contrast}:1, :focus-visible ${f.focusVisible}`);
      }
      await page.keyboard.press('Tab');
    }
    return { reached, bad };
  }

  t.test('a visible focus outline on every overlay and popup control reached by keyboard', async () => {
    const bad = [];
    for (const colorScheme of SCHEMES) {
      // The overlay at the label step (presets, Back, Close, Next) and as the fallback panel
      // (its outline button), reached with Alt+Shift+G as a keyboard user does.
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme });
      const d = new ChromiumDriver(page);
      await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&open=create'));
      await d.waitStep('label');
      await d.keys(['Alt', 'Shift', 'G']);
      const label = await tabThrough(page, 'overlay', `overlay label step, ${colorScheme}`, { expose: true });
      assert.ok(label.reached.length >= 13, `Tab reached the presets and the buttons: ${label.reached.join(', ')}`);
      bad.push(...label.bad);
      await page.close();
      const fallback = await browser.context.newPage();
      await fallback.emulateMedia({ colorScheme });
      const f = new ChromiumDriver(fallback);
      await f.goto(fallbackUrl());
      await f.waitStep('open-app-passwords');
      await f.keys(['Alt', 'Shift', 'G']);
      const panel = await tabThrough(fallback, 'overlay', `overlay fallback panel, ${colorScheme}`, { expose: true });
      assert.ok(panel.reached.some((n) => n.includes('.link')), `Tab reached the outline button: ${panel.reached.join(', ')}`);
      bad.push(...panel.bad);
      await fallback.close();

      // The popup's full-page view, unlocked, every control from the first on.
      const tab = await unlockedPopup();
      await tab.emulateMedia({ colorScheme });
      await tab.locator('#settings summary').click();
      await tab.locator('#entries details.mail summary').first().click();
      await tab.locator('#guide-me').focus();
      // Focus set by script is not :focus-visible until a key moves it: Tab, then Shift+Tab.
      await tab.keyboard.press('Tab');
      await tab.keyboard.press('Shift+Tab');
      const popup = await tabThrough(tab, 'page', `popup, ${colorScheme}`, { max: 80 });
      for (const want of ['#guide-me', '#auto-start', '#new-passphrase', '#lock', 'input.pick', 'button.reveal', 'summary', 'input.mail-address', '#export-format', '#export-button', '#auto-lock']) {
        assert.ok(popup.reached.some((n) => n.includes(want.replace(/^[a-z]+(?=[.#])/, ''))), `Tab reached ${want}: ${popup.reached.join(', ')}`);
      }
      bad.push(...popup.bad);
      await tab.close();
    }
    assertNone(bad, 'focus outline');
  });

  t.test('no transition or animation under prefers-reduced-motion: reduce', async () => {
    const page = await browser.context.newPage();
    const d = new ChromiumDriver(page);
    await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100'));
    await d.waitStep('open-app-passwords');
    await exposeOverlay(page);
    // The probe sees the ring's transition when motion is allowed: it can fail.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    assert.ok((await motionProbe(page, 'overlay')).length > 0, 'without the preference the ring moves (the probe works)');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const moving = [];
    for (const step of ['open-app-passwords', 'generate', 'label']) {
      if (step === 'generate') await d.click('#asp-tile');
      if (step === 'label') await d.click('.modal-dialog .modal-body > button.button-rounded-rectangle');
      await d.waitStep(step);
      await exposeOverlay(page);
      moving.push(...(await motionProbe(page, 'overlay')).map((m) => `[overlay ${step}] ${m}`));
    }
    await page.close();
    const popup = await openPopup('tab');
    await popup.emulateMedia({ reducedMotion: 'reduce' });
    moving.push(...(await motionProbe(popup, 'page')).map((m) => `[popup] ${m}`));
    await popup.close();
    assertNone(moving, 'motion under prefers-reduced-motion');
  });

  t.test('200% zoom (640×400 CSS px at device scale 2): the popover stays inside the viewport at every step', async () => {
    const zoomed = await launchChromium({ emulate: { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 } });
    let page = await zoomed.context.newPage();
    let d = new ChromiumDriver(page);
    const outside = [];
    const inside = async (step) => {
      const box = await waitFor(async () => {
        await exposeOverlay(page);
        const b = await popoverBox(page);
        const fits = b && b.left >= 0 && b.top >= 0 && b.right <= b.width && b.bottom <= b.height && !b.clipped;
        return fits ? b : null;
      }, `the popover inside the viewport at ${step}`, 2000).catch(async () => popoverBox(page));
      assert.equal(box.dpr, 2, 'device scale 2');
      assert.equal(box.innerWidth, 640, '640 CSS px wide');
      const fits = box.left >= 0 && box.top >= 0 && box.right <= box.width && box.bottom <= box.height && !box.clipped;
      if (!fits) outside.push(`[${step}] popover ${JSON.stringify(box)}`);
    };
    try {
      await withScreenshot('a11y-zoom', (f) => page.screenshot({ path: f }), async () => {
        assert.deepEqual(await fullJourney(d, replica, { onStep: inside }), FULL);
        // The fallback panel, in a tab of its own (this one's guide has finished).
        await page.close();
        page = await zoomed.context.newPage();
        d = new ChromiumDriver(page);
        await d.goto(fallbackUrl());
        await d.waitStep('open-app-passwords');
        await inside('fallback panel');
        assert.deepEqual(zoomed.errors, []);
      });
    } finally {
      await zoomed.close();
    }
    assertNone(outside, 'popover outside the viewport at 200%');
  });
});

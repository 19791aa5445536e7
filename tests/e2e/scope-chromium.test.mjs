// Where the guide watches the page (src/content/guide/watch.rs, `Scope`): while a hint is
// anchored and the user is not acting, only the part of the page that holds the anchor (and an
// open dialog), and <body>'s own children, are watched. These tests change the page only from
// the page's own scripts (no input from the user, which would widen the watch to the whole
// document) and check that what matters is still seen:
// - Apple's dialog, appended at the end of <body>, advances the guide;
// - a page change elsewhere that moves the target still moves the ring with it;
// - a target hidden by an attribute of <body>, or of its section inside the app, is let go of;
// - a target re-mounted by the app (its branch replaced) gets the ring on the new element.
import assert from 'node:assert/strict';
import { suite } from './fixture.mjs';
import { chromiumRingRect, waitFor } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';

const SECURITY = '/account/manage/section/security?session=1&layout=today';
const TILE = '#asp-tile';
// Long enough for the guide's own timers from the page's start to have run out: what follows
// is seen only through what the guide watches.
const IDLE_MS = 5000;
const anchored = (page) => page.evaluate(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-anchored') === 'true');

/** A new page on the security section with the hint on the tile, after the guide's own
 *  timers from the page's start have run out. */
async function idleOnTile(t) {
  const page = await t.browser.context.newPage();
  const d = new ChromiumDriver(page);
  await d.goto(t.replica.url('account.apple.com', SECURITY));
  await d.waitStep('open-app-passwords');
  await page.waitForTimeout(IDLE_MS);
  return { page, d };
}

/** Hides the tile by `hide` (a page script), waits for the hint to let go of it, undoes it by
 *  `show`, and waits for the hint back on it. */
async function letGoAndBack(page, hide, show, what) {
  await page.evaluate(hide, TILE);
  await waitFor(async () => !(await anchored(page)), `the hint to let go of the tile ${what}`, 8000);
  await page.evaluate(show, TILE);
  await waitFor(async () => anchored(page), 'the hint back on the tile', 8000);
}

/** The ring's box, once it lies on `css`'s box (within 3 px). */
async function ringOn(page, css, what) {
  return waitFor(async () => {
    const box = await page.locator(css).boundingBox();
    const r = await chromiumRingRect(page);
    return box && r && Math.abs(r.left + 4 - box.x) < 3 && Math.abs(r.top + 4 - box.y) < 3 ? r : null;
  }, what);
}

suite('watched scope', { browsers: ['chromium'] }, (t) => {
  t.test('with no input, a change elsewhere that moves the target moves the ring; Apple\'s dialog appended to <body> advances the guide', async () => {
    const { page, d } = await idleOnTile(t);
    // No scroll anchoring: the banner below must move the tile on screen.
    await page.evaluate(() => { document.documentElement.style.overflowAnchor = 'none'; document.body.style.overflowAnchor = 'none'; });
    const before = await ringOn(page, TILE, 'the ring on the tile');

    // A banner pushes the page down from a <body> child of its own (not the app's root).
    await page.evaluate(() => {
      const banner = Object.assign(document.createElement('div'), { id: 'apg-test-banner' });
      const holder = document.createElement('div');
      document.body.prepend(holder);
      // Its height changes later, in a subtree that holds neither the anchor nor a dialog.
      holder.append(banner);
      return new Promise((done) => requestAnimationFrame(() => { banner.style.height = '120px'; done(); }));
    });
    const moved = await ringOn(page, TILE, 'the ring following the tile down');
    assert.ok(Math.abs(moved.top - before.top - 120) < 3, `the ring moved 120 px down (${before.top} → ${moved.top})`);

    // The page's own script opens the dialog (no user input): Apple appends it to <body>.
    await page.waitForTimeout(IDLE_MS);
    await page.evaluate((css) => document.querySelector(css).click(), TILE);
    await d.waitStep('generate');
    await page.close();
  });

  t.test('with no input, a target hidden by an attribute of <body> is let go of', async () => {
    const { page } = await idleOnTile(t);
    await letGoAndBack(page, () => document.body.setAttribute('hidden', ''), () => document.body.removeAttribute('hidden'), 'hidden with <body>');
    await page.close();
  });

  t.test('with no input, a target whose section is hidden is let go of; one re-mounted gets the ring again', async () => {
    const { page } = await idleOnTile(t);
    // aria-hidden changes no layout: only watching the anchor's ancestors can see it.
    await letGoAndBack(
      page,
      (css) => document.querySelector(css).parentElement.parentElement.setAttribute('aria-hidden', 'true'),
      (css) => document.querySelector(css).parentElement.parentElement.removeAttribute('aria-hidden'),
      'in a hidden section',
    );
    await page.waitForTimeout(IDLE_MS);
    // The app re-renders the tile's branch: the old tile leaves the page.
    await page.evaluate((css) => {
      const branch = document.querySelector(css).parentElement;
      branch.replaceWith(branch.cloneNode(true));
    }, TILE);
    await waitFor(async () => page.evaluate(() => {
      const host = document.querySelector('[data-apg-host]');
      return host.getAttribute('data-apg-anchored') === 'true' && host.getAttribute('data-apg-step') === 'open-app-passwords';
    }), 'the hint on the re-mounted tile', 8000);
    await ringOn(page, TILE, 'the ring on the re-mounted tile');
    await page.close();
  });
});

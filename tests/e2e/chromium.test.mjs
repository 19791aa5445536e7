// Foundation, in Chromium: the extension loads, the content core starts on the replica by the
// right path for the page's CSP, reaches the background's app module, and anchors its first
// hint on the App-Specific Passwords tile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, chromiumState, chromiumRingRect, waitFor, withScreenshot } from './harness.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.mjs';

const version = JSON.parse(readFileSync(join(REPO, 'dist/chromium/manifest.json'), 'utf8')).version;
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

async function open(name, url, fn) {
  const page = await browser.context.newPage();
  try {
    await withScreenshot(`chromium-${name}`, (file) => page.screenshot({ path: file }), async () => {
      await page.goto(url);
      await fn(page);
      assert.deepEqual(browser.errors, [], 'no uncaught errors in page or extension');
    });
  } finally {
    await page.close();
  }
}

const security = (query) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&${query}`);

test('strict page CSP: the core runs from the wasm2js build and hints at the tile', async () => {
  await open('strict-csp', security('csp=strict&late=800'), async (page) => {
    const state = await waitFor(async () => {
      const s = await chromiumState(page);
      return s.step === 'open-app-passwords' && s.background ? s : null;
    }, 'the first hint');
    assert.equal(state.core, 'wasm2js');
    assert.equal(state.background, version, 'the background app module answered');
    assert.equal(state.error, null);

    const tile = await page.locator('#asp-tile').boundingBox();
    const ring = await waitFor(() => chromiumRingRect(page), 'the spotlight ring');
    // The ring surrounds the tile with a 4 px margin.
    for (const [k, want] of [['left', tile.x - 4], ['top', tile.y - 4], ['width', tile.width + 8], ['height', tile.height + 8]]) {
      assert.ok(Math.abs(ring[k] - want) <= 1.5, `ring ${k} ${ring[k]} ≈ ${want}`);
    }
  });
});

test('relaxed page CSP: the core runs from wasm', async () => {
  await open('relaxed-csp', security('csp=relaxed'), async (page) => {
    const state = await waitFor(async () => {
      const s = await chromiumState(page);
      return s.step === 'open-app-passwords' ? s : null;
    }, 'the first hint');
    assert.equal(state.core, 'wasm');
  });
});

test('a page with no recognisable target shows no broken overlay and throws nothing', async () => {
  await open('no-target', security('csp=strict&drift=1&late=100'), async (page) => {
    await page.locator('.zz-card').waitFor();
    await waitFor(async () => (await chromiumState(page)).core, 'the core to start');
    // While the tile's wait runs, nothing is shown (no spotlight on a guess)...
    await page.waitForTimeout(500);
    assert.equal((await chromiumState(page)).step, null, 'nothing shown during the wait');
    // ...then the step's text as a plain panel, with no spotlight ring.
    await waitFor(async () => (await chromiumState(page)).step === 'open-app-passwords', 'the plain panel', 8000);
    const anchored = await page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-anchored'));
    assert.equal(anchored, 'false');
    const ring = await chromiumRingRect(page);
    assert.ok(!ring || ring.width === 0, 'no spotlight ring is drawn');
    assert.equal((await chromiumState(page)).error, null);
    assert.equal((await chromiumState(page)).core, 'wasm2js');
  });
});

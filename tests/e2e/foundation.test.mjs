// Foundation, in both browsers: the extension loads, the content core starts on the replica by
// the right path for the page's CSP, reaches the background's app module, and anchors its first
// hint on the App-Specific Passwords tile. Under the strict page CSP Chromium runs the wasm2js
// build (it applies the page's CSP to content-script wasm) and Firefox the wasm build (it
// applies the extension's own policy).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumState, chromiumRingRect, waitFor, REPO } from './harness.mjs';
import { suite } from './fixture.mjs';

const version = (browser) => JSON.parse(readFileSync(join(REPO, `dist/${browser}/manifest.json`), 'utf8')).version;

suite('foundation', { browsers: ['chromium', 'firefox'] }, (t) => {
  const security = (query) => t.replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&${query}`);

  t.test(`strict page CSP: the core runs from ${t.chromium ? 'the wasm2js build' : 'wasm'} and hints at the tile`, async () => {
    await t.tab('strict-csp', async (d, page) => {
      await d.goto(security('csp=strict&late=800'));
      const state = await waitFor(async () => {
        const s = await d.state();
        return s.step === 'open-app-passwords' && s.background ? s : null;
      }, 'the first hint', t.chromium ? 10000 : 15000);
      assert.equal(state.core, t.chromium ? 'wasm2js' : 'wasm');
      assert.equal(state.background, version(t.name), 'the background app module answered');
      assert.equal(state.error, null);
      if (t.firefox) {
        assert.deepEqual(await t.ff.exec('return window.__replicaErrors || [];'), []);
        return;
      }
      const tile = await page.locator('#asp-tile').boundingBox();
      const ring = await waitFor(() => chromiumRingRect(page), 'the spotlight ring');
      // The ring surrounds the tile with a 4 px margin.
      for (const [k, want] of [['left', tile.x - 4], ['top', tile.y - 4], ['width', tile.width + 8], ['height', tile.height + 8]]) {
        assert.ok(Math.abs(ring[k] - want) <= 1.5, `ring ${k} ${ring[k]} ≈ ${want}`);
      }
    });
  });

  t.test('relaxed page CSP: the core runs from wasm', async () => {
    await t.tab('relaxed-csp', async (d, page) => {
      await page.goto(security('csp=relaxed'));
      const state = await waitFor(async () => {
        const s = await chromiumState(page);
        return s.step === 'open-app-passwords' ? s : null;
      }, 'the first hint');
      assert.equal(state.core, 'wasm');
    });
  }, { only: 'chromium' });

  t.test('a page with no recognisable target shows no broken overlay and throws nothing', async () => {
    await t.tab('no-target', async (d, page) => {
      await page.goto(security('csp=strict&drift=1&late=100'));
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
  }, { only: 'chromium' });
});

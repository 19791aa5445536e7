// The cap on captures (issue 16 item 6): Apple shows one new password per Create, so a tab that
// hands the background more than three in a minute is not Apple's doing, or not only. The
// content script counts per page; the background counts per tab, so a reload does not start
// the count again. Checked from the extension's own content-script world on Apple's page (as a
// subverted content script would send them), through the DevTools protocol.
import assert from 'node:assert/strict';
import { contentScriptWorld } from './harness.mjs';
import { suite } from './fixture.mjs';

/** An app-specific password's shape, different each time. */
const newPassword = () => Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')).join('-');

suite('capture cap', { browsers: ['chromium'] }, (t) => {
  const security = () => t.replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today');

  /** The extension's content-script world on Apple's security page, loaded again. */
  const contentWorld = (page, d) => contentScriptWorld(page, t.origin, async () => {
    await d.goto(security());
    await d.waitStep('open-app-passwords');
  });

  const capture = (world, label) => world.run(`chrome.runtime.sendMessage({ kind: 'capture', password: ${JSON.stringify(newPassword())}, label: ${JSON.stringify(label)} })`);
  const entries = () => t.extension(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('entry:')).length);

  t.test('a fourth capture in a minute from one tab is refused, and a reload does not start the count again', async () => {
    await t.tab('capture-cap', async (d, page) => {
      const before = await entries();
      let world = await contentWorld(page, d);
      for (const n of [1, 2, 3]) {
        const answer = await capture(world, `Cap ${n}`);
        assert.equal(answer.ok, true, `capture ${n} is stored (${JSON.stringify(answer)})`);
      }
      const fourth = await capture(world, 'Cap 4');
      assert.deepEqual([fourth.ok, fourth.error], [false, 'capture_limited'], 'the fourth is refused');
      await world.detach();
      // The page loaded again: a new content script, the same tab.
      world = await contentWorld(page, d);
      const fifth = await capture(world, 'Cap 5');
      assert.deepEqual([fifth.ok, fifth.error], [false, 'capture_limited'], 'still refused after a reload');
      await world.detach();
      assert.equal(await entries(), before + 3, 'three entries stored, no more');
    });
  });
});

// Storage faults, in Chromium: a full storage, a capture whose background worker is stopped
// between its two writes (the new keyring, then the entry) or after the entry but before it
// answered, and session storage cleared while the vault is unlocked. In every case nothing
// stored is lost or damaged, the overlay says "Saved" only for a password that is stored (and
// stored once), and the user is told what happened, in words.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, withScreenshot } from './harness.mjs';
import { capture, overlayText, popup, reveal, stopWorker, storage, unlock, worker } from './vault.mjs';
import { suite } from './fixture.mjs';

const PASSPHRASE = 'faulty storage, sound vault';
suite('faults', { browsers: ['chromium'], launch: 'per-test' }, (t) => {
  let replica;
  let browser;
  before(() => {
    replica = t.replica;
  });
  // Each test starts its own browser; the fixture closes it after the test ('per-test').

  const entryKeys = (local) => Object.keys(local).filter((k) => k.startsWith('entry:'));
  const shot = (page, name) => (f) => page.screenshot({ path: f.replace(/\.png$/, `-${name}.png`) });

  t.test('a full storage: nothing is lost, the capture and the popup say the storage is full', async () => {
    browser = await t.launch();
    const before = await capture(browser, replica, 'Before the storage filled');

    // Fill storage.local to within a few bytes of its quota, as any data could.
    const w = await worker(browser);
    const left = await w.evaluate(async () => {
      const used = await chrome.storage.local.getBytesInUse(null);
      const key = 'test:filler';
      await chrome.storage.local.set({ [key]: 'x'.repeat(chrome.storage.local.QUOTA_BYTES - used - key.length - 2 - 40) });
      return chrome.storage.local.QUOTA_BYTES - (await chrome.storage.local.getBytesInUse(null));
    });
    assert.ok(left >= 0 && left < 100, `${left} bytes left`);
    const full = await storage(browser);

    const { page: tab } = await capture(browser, replica, 'While the storage is full', { expect: 'false', keep: true });
    await withScreenshot('chromium-quota-capture', (f) => tab.screenshot({ path: f }), async () => {
      assert.match(await overlayText(tab), /storage is full, so this password was not saved\. Copy it now/);
    });
    await tab.close();

    const page = await popup(browser);
    await withScreenshot('chromium-quota-popup', (f) => page.screenshot({ path: f }), async () => {
      // A passphrase needs a bigger keyring: refused, said, and the old keyring is intact.
      await page.fill('#new-passphrase', PASSPHRASE);
      await page.fill('#repeat-passphrase', PASSPHRASE);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await waitFor(async () => /storage is full/.test(await page.locator('#vault-notice').textContent()), 'the storage-full message');
      const now = await storage(browser);
      assert.deepEqual(now.local, full.local, 'nothing in storage changed');
      assert.equal(await reveal(page, 'Before the storage filled'), before.password, 'the saved password still opens');

      // Space freed: captures work again.
      await (await worker(browser)).evaluate(() => chrome.storage.local.remove('test:filler'));
      await capture(browser, replica, 'After space was freed');
      assert.equal(entryKeys((await storage(browser)).local).length, 2);
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });

  /**
   * Makes the current worker stop answering right after it has written a key starting with
   * `prefix` (its write done, the next not begun), as if the browser stopped it there.
   */
  async function pauseAfterWriting(prefix) {
    const w = await worker(browser);
    await w.evaluate((prefix) => {
      const area = chrome.storage.local;
      const write = area.set.bind(area);
      area.set = async (items) => {
        await write(items);
        if (Object.keys(items).some((k) => k.startsWith(prefix))) {
          globalThis.apgPausedAfter = prefix;
          await new Promise(() => {});
        }
      };
    }, prefix);
    return w;
  }

  const capturedAttr = (page) => page.evaluate(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-captured'));
  const replicaTab = () => browser.context.pages().find((p) => p.url().includes('account.apple.com'));

  for (const [prefix, what] of [['keyring', 'between the new keyring and the entry'], ['entry:', 'after the entry, before it answered']]) {
    t.test(`the background stopped mid-capture (${what}): saved once, and only then "Saved"`, async () => {
      browser = await t.launch();
      const paused = await pauseAfterWriting(prefix);
      const capturing = capture(browser, replica, 'Interrupted capture');
      await waitFor(() => paused.evaluate(() => globalThis.apgPausedAfter), `the write of ${prefix}`, 20000);

      // Frozen between writes: what is stored so far, and the overlay has not said "Saved".
      const mid = (await storage(browser)).local;
      assert.ok(mid.keyring, 'the keyring is written');
      assert.equal(entryKeys(mid).length, prefix === 'keyring' ? 0 : 1);
      const tab = replicaTab();
      assert.notEqual(await capturedAttr(tab), 'true', 'not "Saved" before the background answered');

      // The browser stops the worker; the content script asks a new one, which stores it once.
      await stopWorker(browser);
      const { password } = await capturing;
      const after = (await storage(browser)).local;
      assert.equal(after.keyring, mid.keyring, 'the keyring written before the stop is the one used');
      assert.equal(entryKeys(after).length, 1, 'stored exactly once');
      const page = await popup(browser);
      await withScreenshot(`chromium-stopped-${prefix}`, shot(page, 'popup'), async () => {
        assert.equal(await reveal(page, 'Interrupted capture'), password);
      });
      await page.close();
      assert.deepEqual(browser.errors, []);
    });
  }

  t.test('session storage cleared while unlocked: the vault locks cleanly and unlocks again', async () => {
    browser = await t.launch();
    const first = await capture(browser, replica, 'First');
    const second = await capture(browser, replica, 'Second');
    const page = await popup(browser);
    await withScreenshot('chromium-session-cleared', (f) => page.screenshot({ path: f }), async () => {
      await page.fill('#new-passphrase', PASSPHRASE);
      await page.fill('#repeat-passphrase', PASSPHRASE);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await page.locator('#lock').waitFor();
      assert.equal(await reveal(page, 'First'), first.password);

      // The browser drops session storage (as on a restart or under memory pressure): the page
      // follows at once (it shows the vault locked, Show disabled), and the background refuses.
      await (await worker(browser)).evaluate(() => chrome.storage.session.clear());
      const item = page.locator('#entries li.entry', { has: page.locator('.label', { hasText: 'Second' }) });
      await page.locator('#unlock-form').waitFor();
      assert.ok(await item.locator('button.reveal').isDisabled(), 'locked: no reveal');
      const id = await item.getAttribute('data-id');
      assert.deepEqual(await page.evaluate((id) => chrome.runtime.sendMessage({ kind: 'reveal', id }), id), { ok: false, error: 'error_vault_locked' });
      const text = await page.locator('body').textContent();
      assert.ok(!text.includes(first.password) && !text.includes(second.password), 'no password left on screen');

      // A session half cleared (a key without its time, or garbage) locks cleanly too.
      await unlock(page, PASSPHRASE);
      await (await worker(browser)).evaluate(() => chrome.storage.session.remove('vault:used'));
      await page.reload();
      await page.locator('#unlock-form').waitFor();
      await unlock(page, PASSPHRASE);
      await (await worker(browser)).evaluate(() => chrome.storage.session.set({ 'vault:secret': 'not a key' }));
      await page.reload();
      await page.locator('#unlock-form').waitFor();
      assert.equal(await page.locator('#vault-notice').textContent(), '', 'no error, just locked');

      await unlock(page, PASSPHRASE);
      assert.equal(await reveal(page, 'Second'), second.password, 'unlocks again');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });
});

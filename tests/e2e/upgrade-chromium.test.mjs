// Upgrades, in Chromium: the stored data a real earlier build wrote (tests/fixtures/storage/,
// see make-storage.mjs) is installed in a fresh profile before the extension reads anything,
// and this build lists it, unlocks it with the fixture's passphrase, reveals exactly the same
// passwords, keeps the settings, rewrites nothing but the fingerprints it erases (they let a
// guess at a password be checked), and captures on top of it. A password stored twice while
// the vault was locked is merged at unlock.
// Data of a newer schema is left byte-for-byte untouched and the popup says it is newer; a
// newer entry among current ones is counted apart and survives changes to the others.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, waitFor, withScreenshot } from './harness.mjs';
import { capture, overlayText, popup, reveal, seed, storage, unlock } from './vault.mjs';
import { suite } from './fixture.mjs';

const fixture = (name) => JSON.parse(readFileSync(join(REPO, 'tests/fixtures/storage', name), 'utf8'));
const PREVIOUS = fixture('schema-1.json');
const NEWER = fixture('schema-newer.json');

suite('upgrade', { browsers: ['chromium'], launch: 'per-test' }, (t) => {
  let replica;
  let browser;
  before(() => {
    replica = t.replica;
  });
  // Each test starts its own browser; the fixture closes it after the test ('per-test').

  /** A fresh browser whose storage holds `data` before any page of the extension has run. */
  async function browserWith(data) {
    browser = await t.launch();
    // The background reads storage only to answer a message; none has been sent yet.
    assert.deepEqual((await storage(browser)).local, {}, 'a fresh profile');
    await seed(browser, data);
    return browser;
  }

  const labels = (page) => page.locator('#entries li.entry .label').allTextContents();

  t.test('data of the previous schema is read, unlocked and revealed with nothing lost', async () => {
    await browserWith(PREVIOUS);
    const page = await popup(browser);
    await withScreenshot('chromium-upgrade', (f) => page.screenshot({ path: f }), async () => {
      await page.locator('#unlock-form').waitFor();
      assert.deepEqual((await labels(page)).sort(), PREVIOUS.entries.map((e) => e.label).sort(), 'every entry listed');
      assert.equal(await page.locator('#damaged, #newer, #unprotected').count(), 0, 'nothing set aside, nothing newer');
      for (const e of PREVIOUS.entries) {
        const item = page.locator('#entries li.entry', { has: page.locator('.label', { hasText: e.label }) });
        assert.equal((await item.getAttribute('class')).includes('revoked'), e.status === 'revoked', `${e.label} is ${e.status}`);
      }
      await unlock(page, PREVIOUS.passphrase);
      for (const e of PREVIOUS.entries) assert.equal(await reveal(page, e.label), e.password, `the password of ${e.label}`);

      // The settings as they were.
      await page.locator('#settings summary').click();
      const o = PREVIOUS.sync.options;
      assert.equal(await page.inputValue('#auto-lock'), String(o.autoLockMinutes));
      assert.equal(await page.inputValue('#label-template'), o.labelTemplate);
      assert.equal(await page.inputValue('#device-name'), o.deviceName);

      // Unlocked, the schema-1 keyring is wrapped again as schema 2 (bound to its public key,
      // schema and KDF) and each record sealed again as schema 2 (its id and label bound to the
      // password), under the same key: what a record says is kept, the fingerprints are gone.
      let now = await storage(browser);
      const v = (json) => JSON.parse(json).v;
      await waitFor(async () => {
        now = await storage(browser);
        return v(now.local.keyring) === 2 && PREVIOUS.entries.every((e) => now.local[e.key] && v(now.local[e.key]) === 2);
      }, 'the keyring and every record in schema 2');
      assert.equal(JSON.parse(now.local.keyring).public, JSON.parse(PREVIOUS.local.keyring).public, 'the same key');
      for (const e of PREVIOUS.entries) {
        const [was, is] = [JSON.parse(PREVIOUS.local[e.key]), JSON.parse(now.local[e.key])];
        for (const k of ['id', 'label', 'created', 'account', 'host', 'status']) assert.deepEqual(is[k], was[k], `${e.key}: ${k} kept`);
        assert.equal(is.fp, '', `${e.key}: no fingerprint`);
      }
      assert.ok(PREVIOUS.entries.some((e) => JSON.parse(PREVIOUS.local[e.key]).fp), 'the earlier build stored fingerprints');
      assert.deepEqual(now.sync, PREVIOUS.sync, 'settings byte for byte');
      // Drawn anew (every password masked again, the vault still unlocked), each reveals the same.
      await page.reload();
      await page.locator('#entries li.entry').nth(PREVIOUS.entries.length - 1).waitFor();
      for (const e of PREVIOUS.entries) assert.equal(await reveal(page, e.label), e.password, `the password of ${e.label}, sealed again`);

      // A capture lands in the same vault, sealed to the same key.
      const before = now.local.keyring;
      const { password } = await capture(browser, replica, 'After the upgrade');
      await page.reload();
      await page.locator('#entries li.entry').nth(PREVIOUS.entries.length).waitFor();
      assert.equal(await reveal(page, 'After the upgrade'), password);
      now = await storage(browser);
      assert.equal(now.local.keyring, before, 'the keyring is kept as it was');
      assert.equal(JSON.parse(now.local[Object.keys(now.local).find((k) => !(k in PREVIOUS.local))]).fp, '', 'a new entry holds no fingerprint');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });

  t.test('a password stored twice while the vault was locked is merged at unlock, the earliest kept', async () => {
    // The second copy, as a capture asked again after the browser stopped the worker leaves it.
    const first = PREVIOUS.entries[1];
    const record = JSON.parse(PREVIOUS.local[first.key]);
    const again = { ...record, id: 'a9a9a9a9a9a9a9a9a9a9a9a9', created: '2030-01-01T00:00:00.000Z', fp: '' };
    await browserWith({ local: { ...PREVIOUS.local, [`entry:${again.id}`]: JSON.stringify(again) }, sync: PREVIOUS.sync });
    const page = await popup(browser);
    await withScreenshot('chromium-merge', (f) => page.screenshot({ path: f }), async () => {
      await page.locator('#unlock-form').waitFor();
      assert.equal((await labels(page)).filter((l) => l === first.label).length, 2, 'locked: both copies listed');
      await unlock(page, PREVIOUS.passphrase);
      await page.reload();
      await waitFor(async () => (await labels(page)).filter((l) => l === first.label).length === 1, 'one copy left');
      const now = await storage(browser);
      assert.ok(now.local[first.key] && !now.local[`entry:${again.id}`], 'the earliest kept, the later copy deleted');
      assert.equal(await reveal(page, first.label), first.password);
      assert.equal((await labels(page)).length, PREVIOUS.entries.length, 'nothing else deleted');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });

  t.test('data of a newer schema is left untouched and the popup says it is newer', async () => {
    await browserWith(NEWER);
    const page = await popup(browser);
    await withScreenshot('chromium-downgrade', (f) => page.screenshot({ path: f }), async () => {
      await waitFor(async () => /newer version/.test(await page.locator('#vault-notice').textContent()), 'the newer-data message');
      assert.equal(await page.locator('#unlock-form, #passphrase-form, #entries').count(), 0, 'nothing offered that would write');

      // A capture cannot land in a vault this build does not know: the overlay says why.
      const { page: tab } = await capture(browser, replica, 'Made after a downgrade', { expect: 'false', keep: true });
      assert.match(await overlayText(tab), /newer version of this extension/);
      await tab.close();

      const now = await storage(browser);
      assert.deepEqual(now.local, NEWER.local, 'local storage byte for byte');
      assert.deepEqual(now.sync, NEWER.sync, 'settings byte for byte');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });

  t.test('a newer entry among current ones is counted apart and survives changes to the others', async () => {
    const newerKey = PREVIOUS.entries[0].key;
    const data = {
      local: { ...PREVIOUS.local, [newerKey]: NEWER.local[newerKey] },
      sync: { options: { ...PREVIOUS.sync.options, theme: NEWER.sync.options.theme } },
    };
    await browserWith(data);
    const page = await popup(browser);
    await withScreenshot('chromium-downgrade-mixed', (f) => page.screenshot({ path: f }), async () => {
      await waitFor(async () => /1 saved record.*newer version/.test(await page.locator('#newer').textContent()), 'the newer count');
      assert.equal(await page.locator('#damaged').count(), 0, 'newer is not damaged');
      assert.deepEqual(await labels(page), [PREVIOUS.entries[1].label], 'the current entry listed');

      // Changes to the current entry and the settings, and a new capture...
      await unlock(page, PREVIOUS.passphrase);
      const item = page.locator('#entries li.entry').first();
      await item.locator('button.mark').click();
      await waitFor(async () => (await item.getAttribute('class')).includes('revoked'), 'marked revoked');
      await page.locator('#settings summary').click();
      await page.fill('#device-name', 'After a downgrade');
      await page.locator('#device-name').dispatchEvent('change');
      await waitFor(async () => (await storage(browser)).sync.options.deviceName === 'After a downgrade', 'the setting stored');
      await capture(browser, replica, 'Beside a newer one');

      // ...leave the newer record as it was, and the setting this build does not know.
      const now = await storage(browser);
      assert.equal(now.local[newerKey], NEWER.local[newerKey], 'the newer record byte for byte');
      assert.equal(now.sync.options.theme, NEWER.sync.options.theme, 'the unknown setting kept');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });
});

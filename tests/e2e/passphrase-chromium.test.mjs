// Changing the vault's passphrase, in Chromium: it takes the current passphrase, even while the
// vault is unlocked (someone at an unlocked browser must not be able to lock its owner out or
// learn a passphrase they set). The background refuses a change without the current one or with
// a wrong one, and nothing stored changes; the popup's change form asks for it.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, withScreenshot } from './harness.mjs';
import { popup as openPopup, storage } from './vault.mjs';
import { suite } from './fixture.mjs';

const FIRST = 'first passphrase, kept secret';
const SECOND = 'second passphrase, chosen later';

suite('passphrase', { browsers: ['chromium'], replica: false }, (t) => {
  let browser;

  before(() => {
    browser = t.browser;
  });

  const keyring = async () => (await storage(browser)).local.keyring;
  const notice = (page) => page.locator('#vault-notice').textContent();

  t.test('changing the passphrase needs the current one, also while unlocked', async () => {
    const page = await openPopup(browser);
    await withScreenshot('chromium-passphrase-change', (f) => page.screenshot({ path: f, fullPage: true }), async () => {
      // The first passphrase needs none (there is none yet).
      assert.equal(await page.locator('#current-passphrase').count(), 0, 'no current passphrase to ask for');
      await page.fill('#new-passphrase', FIRST);
      await page.fill('#repeat-passphrase', FIRST);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await page.locator('#lock').waitFor();
      const set = await keyring();
      assert.equal(typeof set, 'string');

      // Unlocked, a change without the current passphrase, or with a wrong one, is refused by the
      // background itself, whatever page asks.
      const ask = (fields) => page.evaluate((fields) => chrome.runtime.sendMessage({ kind: 'set-passphrase', ...fields }), fields);
      const none = await ask({ passphrase: SECOND });
      assert.equal(none.ok, false, 'a change without the current passphrase was accepted');
      assert.equal(none.error, 'error_current_passphrase');
      const empty = await ask({ passphrase: SECOND, current: '' });
      assert.equal(empty.ok, false, 'a change with an empty current passphrase was accepted');
      const wrong = await ask({ passphrase: SECOND, current: 'not the passphrase' });
      assert.deepEqual([wrong.ok, wrong.error], [false, 'error_wrong_passphrase']);
      assert.equal(await keyring(), set, 'the keyring is unchanged');

      // The popup's change form asks for the current passphrase: a wrong one changes nothing.
      await page.locator('#current-passphrase').waitFor();
      await page.fill('#current-passphrase', 'not the passphrase');
      await page.fill('#new-passphrase', SECOND);
      await page.fill('#repeat-passphrase', SECOND);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await waitFor(async () => /not right/.test(await notice(page)), 'the wrong-passphrase message');
      assert.equal(await keyring(), set, 'the keyring is unchanged');

      // Left empty: said, and nothing changes.
      await page.fill('#new-passphrase', SECOND);
      await page.fill('#repeat-passphrase', SECOND);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await waitFor(async () => /current passphrase/.test(await notice(page)), 'the current-passphrase message');
      assert.equal(await keyring(), set, 'the keyring is unchanged');

      // The right one: changed. The old passphrase no longer unlocks, the new one does.
      await page.fill('#current-passphrase', FIRST);
      await page.fill('#new-passphrase', SECOND);
      await page.fill('#repeat-passphrase', SECOND);
      await page.locator('#passphrase-form button:not([type=button])').first().click();
      await waitFor(async () => (await keyring()) !== set, 'the keyring re-wrapped');
      await page.locator('#lock').click();
      await page.locator('#unlock-form').waitFor();
      await page.fill('#passphrase', FIRST);
      await page.locator('#unlock-form button').click();
      await waitFor(async () => /not right/.test(await notice(page)), 'the old passphrase refused');
      await page.fill('#passphrase', SECOND);
      await page.locator('#unlock-form button').click();
      await page.locator('#lock').waitFor();

      const stored = JSON.stringify(await storage(browser));
      for (const p of [FIRST, SECOND]) assert.ok(!stored.includes(p), 'no passphrase in storage');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });
});

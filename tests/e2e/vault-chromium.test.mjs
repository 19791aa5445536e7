// The vault and the popup in Chromium: a captured password with a hostile label is listed as
// text, revealed and copied exactly; a passphrase locks it; a wrong passphrase changes nothing;
// storage never holds the password or the passphrase; a damaged record is set aside while the
// others still open; entries survive a browser restart; delete asks first.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { capture as captureOn, popup as openPopup } from './vault.mjs';
import { suite } from './fixture.mjs';

const HOSTILE = '<img src=x onerror=alert(1)> "quoted" 📧 עברית';
const PASSPHRASE = 'correct horse battery staple';
// The browser keeps its profile folder, to be restarted on it (`launch` gets the folder).
const profile = mkdtempSync(join(tmpdir(), 'apg-vault-'));
after(() => rmSync(profile, { recursive: true, force: true }));

suite('vault', { browsers: ['chromium'], launch: { profile } }, (t) => {
  let replica;
  let browser;
  before(() => {
    ({ replica, browser } = t);
  });

  const capture = async (label) => (await captureOn(browser, replica, label)).password;
  const popup = () => openPopup(browser);

  const dump = () => browser.worker.evaluate(async () =>
    JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null), await chrome.storage.session.get(null)]));

  t.test('the vault keeps, shows, locks and protects captured passwords', async () => {
    const password = await capture(HOSTILE);
    let page = await popup();
    await withScreenshot('chromium-vault', (f) => page.screenshot({ path: f }), async () => {
      const entry = page.locator('#entries li.entry').first();
      await entry.waitFor();
      assert.equal(await entry.locator('.label').textContent(), HOSTILE, 'the label shows as text');
      assert.equal(await page.locator('#entries img').count(), 0, 'no element was made from the label');
      assert.equal(await entry.locator('.secret').textContent(), '••••-••••-••••-••••', 'masked');
      assert.ok(await page.locator('#unprotected').isVisible(), 'it says no passphrase protects them');

      await entry.locator('button.reveal').click();
      await waitFor(async () => (await entry.locator('.secret').textContent()) === password, 'the revealed password');

      // Copy puts exactly that password on the clipboard (read back from an ordinary page: the
      // clipboard is the browser's, and an extension origin cannot be granted clipboard-read).
      await entry.locator('button.copy').click();
      await waitFor(async () => /30/.test(await page.locator('#vault-notice').textContent()), 'the copied notice');
      const reader = await browser.context.newPage();
      const origin = replica.url('account.apple.com', '').replace(/\/$/, '');
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      await reader.goto(`${origin}/replica/style.css`);
      assert.equal(await reader.evaluate(() => navigator.clipboard.readText()), password, 'the copied password');
      await reader.close();
      await page.bringToFront();

      // A passphrase, then lock.
      await page.fill('#new-passphrase', PASSPHRASE);
      await page.fill('#repeat-passphrase', PASSPHRASE);
      await page.locator('#passphrase-form button[type=submit], #passphrase-form button:not([type])').first().click();
      await page.locator('#lock').waitFor();
      await page.locator('#lock').click();
      await page.locator('#unlock-form').waitFor();
      assert.ok(await page.locator('#entries button.reveal').first().isDisabled(), 'locked: no reveal');

      // A wrong passphrase: a clear message, and nothing changes.
      await page.fill('#passphrase', 'wrong horse');
      await page.locator('#unlock-form button').click();
      await waitFor(async () => /not right/.test(await page.locator('#vault-notice').textContent()), 'the wrong-passphrase message');
      assert.ok(await page.locator('#unlock-form').isVisible(), 'still locked');

      const stored = await dump();
      assert.ok(!stored.includes(password), 'no password in storage');
      assert.ok(!stored.includes(PASSPHRASE), 'no passphrase in storage');

      // A damaged record is set aside; the good one still opens.
      await browser.worker.evaluate(() => chrome.storage.local.set({ 'entry:0bad': '{"v":1,"id":"0bad", broken' }));
      await page.reload();
      await page.locator('#damaged').waitFor();
      await page.fill('#passphrase', PASSPHRASE);
      await page.locator('#unlock-form button').click();
      await page.locator('#lock').waitFor();
      const good = page.locator('#entries li.entry').first();
      await good.locator('button.reveal').click();
      await waitFor(async () => (await good.locator('.secret').textContent()) === password, 'the password after unlock');

      await good.locator('button.mark').click();
      await waitFor(async () => (await page.locator('#entries li.entry .status').first().textContent()) === 'Revoked', 'marked revoked');
    });
    await page.close();

    // Restart the browser on the same profile: still there, locked again, opens with the passphrase.
    await t.close();
    browser = await t.launch({ profile });
    page = await popup();
    await withScreenshot('chromium-vault-restart', (f) => page.screenshot({ path: f }), async () => {
      await page.locator('#unlock-form').waitFor();
      await page.fill('#passphrase', PASSPHRASE);
      await page.locator('#unlock-form button').click();
      await page.locator('#lock').waitFor();
      const entry = page.locator('#entries li.entry').first();
      await entry.locator('button.reveal').click();
      await waitFor(async () => (await entry.locator('.secret').textContent()) === password, 'the password after a restart');

      // Delete asks once more before it deletes.
      await entry.locator('button.delete').click();
      await waitFor(async () => /Really/.test(await page.locator('#entries li.entry button.delete').first().textContent()), 'the confirmation');
      assert.equal(await page.locator('#entries li.entry').count(), 1, 'not deleted yet');
      await page.locator('#entries li.entry button.delete').first().click();
      await waitFor(async () => (await page.locator('#entries li.entry').count()) === 0, 'the entry gone');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });

  t.test('label template and remembered label; Apple slots counted; revoked passwords noticed', async () => {
    // Settings: a template and this device's name.
    let page = await popup();
    await page.locator('#settings summary').click();
    await page.fill('#label-template', '{app} – {device}');
    await page.locator('#label-template').dispatchEvent('change');
    await page.fill('#device-name', 'Laptop');
    await page.locator('#device-name').dispatchEvent('change');
    await waitFor(() => browser.worker.evaluate(async () => (await chrome.storage.sync.get('options')).options?.deviceName === 'Laptop'), 'the settings stored');
    await page.close();

    // A password made with a label the user typed: it is remembered for next time.
    await capture('My NAS backup');
    await waitFor(() => browser.worker.evaluate(async () => (await chrome.storage.sync.get('options')).options?.customLabel === 'My NAS backup'), 'the typed label remembered');

    // Apple's list (3 others, not this one) is seen on the page...
    const tab = await browser.context.newPage();
    const d = new ChromiumDriver(tab);
    await withScreenshot('chromium-template-list', (f) => tab.screenshot({ path: f }), async () => {
      await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&list=populated'));
      await d.click('#asp-tile');
      await d.waitStep('generate');
      await d.click('.modal-dialog button.button-icon[title="Add"]');
      await d.waitStep('label');
      // ...the first preset goes through the template; the last chip is the remembered label.
      await d.keys(['Alt', 'Shift', 'G']);
      await d.keys(['Enter']);
      await waitFor(() => d.eval(() => document.querySelector('#asp-label').value === 'Thunderbird – Laptop'), 'the templated label');
      await d.waitStep('create');
      // Choosing another label: clear the field, and the label step (with its chips) is back.
      await d.type('#asp-label', '');
      await d.waitStep('label');
      await d.keys(['Alt', 'Shift', 'G']);
      for (let i = 0; i < 10; i++) await d.keys(['Tab']);
      await d.keys(['Enter']);
      await waitFor(() => d.eval(() => document.querySelector('#asp-label').value === 'My NAS backup'), 'the remembered label');
    });
    await tab.close();

    page = await popup();
    await withScreenshot('chromium-slots', (f) => page.screenshot({ path: f }), async () => {
      await waitFor(async () => /3 of 25/.test((await page.locator('#apple-slots').textContent().catch(() => '')) || ''), 'the slot count');
      const entry = page.locator('#entries li.entry', { hasText: 'My NAS backup' });
      await entry.locator('button.offer-revoke').click();
      await waitFor(async () => (await entry.locator('.status').textContent()) === 'Revoked', 'marked revoked from the offer');
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });
});

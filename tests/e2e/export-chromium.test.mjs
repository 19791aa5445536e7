// Export from the popup in Chromium: a password captured on the replica is exported as
// Bitwarden CSV (the downloaded file holds it in the login_password column) and as KDBX 4
// (keepassxc-cli opens it with the chosen passphrase); a locked vault or no chosen entry gives
// a clear message and no file; the browser formats warn that several entries would merge; the
// mail card downloads a configuration profile holding the password.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';
import { suite } from './fixture.mjs';

const LABEL = 'Mail, "Mac" =1+1';
const VAULT_PASSPHRASE = 'correct horse battery staple';
const FILE_PASSPHRASE = 'export file passphrase';

suite('export', { browsers: ['chromium'], scratch: 'export' }, (t) => {
  let replica;
  let browser;

  before(() => {
    replica = t.replica;
    browser = t.browser;
  });

  /** Makes a password for each label, one after another in one tab (Apple's list, which the
   * replica keeps per tab, then holds each earlier one), and returns the passwords. */
  async function capture(...labels) {
    const page = await browser.context.newPage();
    const d = new ChromiumDriver(page);
    await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100'));
    const passwords = [];
    for (const label of labels) {
      await d.click('#asp-tile');
      await makePassword(d, (id) => d.waitStep(id), { label });
      await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-captured') === 'true'), 'the capture');
      const password = await d.eval(() => document.querySelector('.app-password').textContent.trim());
      passwords.push(password);
      await waitFor(() => browser.worker.evaluate(async () => {
        const all = await chrome.storage.local.get(null);
        return Object.keys(all).filter((k) => k.startsWith('entry:')).length;
      }).then((n) => n === passwords.length), 'the entry stored');
      await d.click('.modal-dialog .button-rounded-rectangle');
      await waitFor(() => d.eval(() => !document.querySelector('.app-password')), 'the dialog closed');
    }
    await page.close();
    return passwords;
  }

  async function popup() {
    const page = await browser.context.newPage();
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`);
    await page.locator('#vault-title').waitFor();
    return { page, downloads: () => downloads };
  }

  const notice = (page) => page.locator('#vault-notice').textContent();

  /** Clicks Export and returns the downloaded file's name and bytes. */
  async function exportFile(page) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.locator('#export-button').click()]);
    const path = join(t.scratch, download.suggestedFilename());
    await download.saveAs(path);
    return { name: download.suggestedFilename(), bytes: readFileSync(path), path };
  }

  /** RFC 4180 rows (the test's own reader). */
  function csvRows(text) {
    const rows = [];
    let row = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
    }
    return rows;
  }

  t.test('nothing to export: a clear message and no file', async () => {
    const { page, downloads } = await popup();
    assert.equal(await page.locator('#export').count(), 0, 'no export panel without entries');
    assert.match(await page.locator('#vault').textContent(), /No app passwords saved yet/);
    assert.equal(downloads(), 0);
    await page.close();
  });

  t.test('export from the popup: locked, none chosen, Bitwarden CSV, KDBX 4, merge warning, profile', async () => {
    const [password, second] = await capture(LABEL, 'Backup NAS');
    const { page, downloads } = await popup();
    await withScreenshot('chromium-export', (f) => page.screenshot({ path: f, fullPage: true }), async () => {
      // Apple's list was seen before these passwords were made: no "revoked?" offer for them.
      assert.equal(await page.locator('button.offer-revoke').count(), 0, 'no false revoked offer');

      // Protect and lock the vault: export is refused with a message, and no file is made.
      await page.fill('#new-passphrase', VAULT_PASSPHRASE);
      await page.fill('#repeat-passphrase', VAULT_PASSPHRASE);
      await page.locator('#passphrase-form button').first().click();
      await page.locator('#lock').waitFor();
      await page.locator('#lock').click();
      await page.locator('#unlock-form').waitFor();
      await page.selectOption('#export-format', 'bitwarden-csv');
      await page.locator('#export-button').click();
      await waitFor(async () => /Unlock the vault to export/.test(await notice(page)), 'the locked message');
      assert.equal(downloads(), 0, 'no file while locked');

      await page.fill('#passphrase', VAULT_PASSPHRASE);
      await page.locator('#unlock-form button').click();
      await page.locator('#lock').waitFor();

      // Nothing chosen: a message, no file.
      for (const box of await page.locator('input.pick').all()) await box.uncheck();
      await page.selectOption('#export-format', 'bitwarden-csv');
      await page.locator('#export-button').click();
      await waitFor(async () => /at least one password/.test(await notice(page)), 'the none-chosen message');
      assert.equal(downloads(), 0, 'no empty file');

      // Bitwarden CSV of the first capture: the password is in the login_password column.
      const entry = page.locator('#entries li.entry', { hasText: LABEL });
      await entry.locator('input.pick').check();
      await page.selectOption('#export-format', 'bitwarden-csv');
      assert.ok(await page.locator('#export-plaintext').isVisible(), 'the clear-text warning');
      const csv = await exportFile(page);
      assert.match(csv.name, /^app-passwords-bitwarden-csv-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = csvRows(csv.bytes.toString('utf8'));
      const header = rows[0];
      assert.deepEqual(header, ['folder', 'favorite', 'type', 'name', 'notes', 'fields', 'reprompt', 'login_uri', 'login_username', 'login_password', 'login_totp']);
      assert.equal(rows.length, 2, 'one entry chosen, one row');
      assert.equal(rows[1][header.indexOf('login_password')], password);
      assert.equal(rows[1][header.indexOf('name')], `iCloud app password – ${LABEL}`);
      assert.equal(rows[1][header.indexOf('login_username')], 'user@icloud.com');
      await waitFor(async () => (await notice(page)).includes(csv.name), 'the downloaded notice');

      // KDBX 4: encrypted with the passphrase typed for the file; keepassxc-cli opens it.
      await page.selectOption('#export-format', 'kdbx');
      assert.ok(await page.locator('#export-passphrase').isVisible(), 'the file passphrase fields');
      assert.ok(!(await page.locator('#export-plaintext').isVisible()), 'no clear-text warning for KDBX');
      await page.fill('#export-passphrase', FILE_PASSPHRASE);
      await page.fill('#export-passphrase-repeat', FILE_PASSPHRASE);
      const kdbx = await exportFile(page);
      assert.match(kdbx.name, /^app-passwords-kdbx-.*\.kdbx$/);
      const shown = execFileSync('keepassxc-cli', ['show', '-q', '-s', '-a', 'Password', '-a', 'UserName', kdbx.path, `/Apple app passwords/iCloud app password – ${LABEL}`], { input: `${FILE_PASSPHRASE}\n` }).toString();
      assert.equal(shown, `${password}\nuser@icloud.com\n`);

      // Chrome's format merges entries with the same site and user name: a warning for two.
      await page.locator('#entries li.entry', { hasText: 'Backup NAS' }).locator('input.pick').check();
      await page.selectOption('#export-format', 'chrome-csv');
      await waitFor(async () => /merge/.test(await page.locator('#export-merge').textContent()), 'the merge warning');
      assert.ok(await page.locator('#export-merge').isVisible());
      await page.selectOption('#export-format', 'bitwarden-json');
      assert.ok(!(await page.locator('#export-merge').isVisible()), 'no merge warning for Bitwarden');

      // The mail card: the settings for the account's iCloud address, and the profile.
      await entry.locator('details.mail summary').click();
      assert.equal(await entry.locator('input.mail-address').inputValue(), 'user@icloud.com');
      assert.match(await entry.locator('details.mail').textContent(), /Thunderbird.*imap\.mail\.me\.com/s);
      const [download] = await Promise.all([page.waitForEvent('download'), entry.locator('button.profile').click()]);
      assert.match(download.suggestedFilename(), /^icloud-mail-.*\.mobileconfig$/);
      const profilePath = join(t.scratch, download.suggestedFilename());
      await download.saveAs(profilePath);
      const plist = readFileSync(profilePath, 'utf8');
      assert.ok(plist.includes('<string>com.apple.mail.managed</string>') && plist.includes(`<string>${password}</string>`), 'the profile holds the password');

      // A non-iCloud address: the settings ask for the iCloud Mail address.
      await entry.locator('input.mail-address').fill('jane@example.org');
      assert.match(await entry.locator('details.mail').textContent(), /needs? your iCloud Mail address/);
      assert.ok(second.length > 0);
      await page.screenshot({ path: join(t.scratch, 'panel.png'), fullPage: true });
      if (process.env.APG_KEEP_SHOTS) execFileSync('cp', [join(t.scratch, 'panel.png'), process.env.APG_KEEP_SHOTS]);
      assert.deepEqual(browser.errors, []);
    });
    await page.close();
  });
});

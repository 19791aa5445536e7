// Keyboard only, in Chromium: the whole journey from iCloud.com to Done on the replica, then an
// export from the popup, with nothing but keys: Tab and Shift+Tab to move, Enter and Space to
// press, typing, arrow keys in a select, and the guide's own Alt+Shift+G to reach the hint. No
// mouse, no element.click(), no focus() from the test: the page is only read, to know where
// focus is. The person's own actions on Apple's page are keyboard too.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { FULL } from './journeys.mjs';
import { exposeOverlay, focusProbe } from './a11y.mjs';
import { suite } from './fixture.mjs';

suite('keyboard', { browsers: ['chromium'], scratch: 'keyboard' }, (t) => {
  let replica;
  let browser;

  before(() => {
    replica = t.replica;
    browser = t.browser;
  });

  /** Whether the element focused in `page` (or in its frame whose URL contains `frame`)
   *  matches `css`. Only reads. */
  async function focused(page, css, frame) {
    const scope = frame ? page.frames().find((f) => f.url().includes(frame)) : page;
    if (!scope) return false;
    return scope.evaluate((css) => !!document.activeElement?.matches(css), css).catch(() => false);
  }

  /** Presses Tab (or Shift+Tab) until `css` has focus; returns how many presses it took. */
  async function tabTo(page, css, { frame, back = false, max = 40 } = {}) {
    for (let presses = 0; presses <= max; presses++) {
      if (await focused(page, css, frame)) return presses;
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`${css} not reached by ${max} presses of ${back ? 'Shift+Tab' : 'Tab'} (focus on ${JSON.stringify(await focusProbe(page))})`);
  }

  /** Presses Tab until the overlay's button whose text is `text` has focus. */
  async function tabToOverlayButton(page, text, max = 20) {
    for (let presses = 0; presses <= max; presses++) {
      await exposeOverlay(page);
      const f = await focusProbe(page);
      if (f?.where === 'overlay' && f.name.includes(`"${text}`)) return presses;
      await page.keyboard.press('Tab');
    }
    throw new Error(`the overlay's ${text} not reached by Tab`);
  }

  const inOverlay = (page) => page.evaluate(() => !!document.activeElement?.hasAttribute('data-apg-host'));

  /**
   * Alt+Shift+G moves focus into the hint; Tab from its last control goes on to the element the
   * hint points at, so a keyboard user reads the hint and is one Tab away from acting.
   */
  async function fromHintTo(page, css) {
    await page.keyboard.press('Alt+Shift+G');
    await waitFor(() => inOverlay(page), 'focus in the hint after Alt+Shift+G');
    const presses = await tabTo(page, css, { max: 8 });
    assert.ok(presses >= 1 && presses <= 5, `${css} is right after the hint's controls (${presses} presses)`);
  }

  t.test('keyboard only: the whole journey on the replica, then an export from the popup', async () => {
    const page = await browser.context.newPage();
    const d = new ChromiumDriver(page);
    const seen = [];
    const expect = async (id) => { await d.waitStep(id); seen.push(id); };
    let password;
    await withScreenshot('keyboard-journey', (f) => page.screenshot({ path: f }), async () => {
      await page.goto(replica.url('www.icloud.com', '/?layout=today&lang=en&late=400'));
      await waitFor(async () => (await d.state()).background, 'the guide to load');
      // iCloud.com: the guide waits to be asked.
      await page.keyboard.press('Alt+Shift+G');
      await expect('icloud-open-account');
      await waitFor(() => inOverlay(page), 'focus in the hint');
      await tabTo(page, '.profile-button', { max: 8 });
      await page.keyboard.press('Enter');
      await tabTo(page, '.profile-menu a[role=menuitem]', { max: 3 });
      await page.keyboard.press('Enter');

      // Sign-in, inside Apple's frame: type, Enter, type, Enter, the code.
      await expect('sign-in');
      await tabTo(page, '#account_name_text_field', { frame: 'idmsa' });
      await page.keyboard.type('jane@icloud.com');
      await page.keyboard.press('Enter');
      await tabTo(page, '#password_text_field', { frame: 'idmsa', max: 3 });
      await page.keyboard.type('account-password');
      await page.keyboard.press('Enter');
      await tabTo(page, '#char0', { frame: 'idmsa', max: 3 });
      await page.keyboard.type('123456');

      await expect('open-security');
      await fromHintTo(page, 'a.side-nav-link[href$="/section/security"]');
      await page.keyboard.press('Enter');
      await expect('open-app-passwords');
      await fromHintTo(page, '#asp-tile');
      await page.keyboard.press('Space');
      await expect('generate');
      await fromHintTo(page, '.modal-dialog .modal-body > button.button-rounded-rectangle');
      await page.keyboard.press('Enter');

      // Apple's create form takes focus in its label field: type, Enter submits.
      await expect('label');
      assert.ok(await focused(page, '#asp-label'), 'the label field has focus');
      await page.keyboard.type('Thunderbird');
      await expect('create');
      await page.keyboard.press('Enter');
      await expect('confirm-password');
      assert.ok(await focused(page, '.modal-dialog input[type=password]'), 'the password field has focus');
      await page.keyboard.type('account-password');
      await page.keyboard.press('Enter');

      // The password is shown as text, which a keyboard cannot select without caret browsing:
      // the guide saved it, and its Next says it is taken care of.
      await expect('copy');
      await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
      password = await page.evaluate(() => document.querySelector('.app-password').textContent.trim());
      await page.keyboard.press('Alt+Shift+G');
      await tabToOverlayButton(page, 'Next');
      await page.keyboard.press('Enter');
      await expect('done');
      await fromHintTo(page, '.modal-button-bar button');
      await page.keyboard.press('Enter');
      await expect('finished');

      // Esc closes the summing-up hint while it has focus.
      await page.keyboard.press('Alt+Shift+G');
      await waitFor(() => inOverlay(page), 'focus in the summing-up');
      await page.keyboard.press('Escape');
      await waitFor(async () => !(await d.state()).step, 'the hint closed by Esc');
    });
    assert.deepEqual(seen, FULL);
    assert.match(password, /^[a-z]{4}(-[a-z]{4}){3}$/);
    await page.close();

    // The popup: protect the vault, lock it, unlock it, show the password, untick and tick it,
    // choose Bitwarden CSV with the arrow keys, Tab to Export, Enter. Each action redraws the
    // vault: focus must stay where the person was.
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    const passphrase = 'correct horse battery staple';
    await withScreenshot('keyboard-export', (f) => popup.screenshot({ path: f, fullPage: true }), async () => {
      await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
      await popup.locator('#entries li.entry').waitFor();
      assert.ok(await focused(popup, '#guide-me'), 'the popup opens with focus on Guide me');
      await tabTo(popup, '#new-passphrase');
      await popup.keyboard.type(passphrase);
      await popup.keyboard.press('Tab');
      await popup.keyboard.type(passphrase);
      await popup.keyboard.press('Enter');
      await popup.locator('#lock').waitFor();
      await tabTo(popup, '#lock', { max: 3 });
      await popup.keyboard.press('Enter');
      await popup.locator('#unlock-form').waitFor();
      await waitFor(() => focused(popup, '#vault-title'), 'focus on the vault heading once Lock is gone');
      await tabTo(popup, '#passphrase', { max: 2 });
      await popup.keyboard.type(passphrase);
      await popup.keyboard.press('Enter');
      await popup.locator('#lock').waitFor();

      await tabTo(popup, 'button.reveal');
      await popup.keyboard.press('Enter');
      await waitFor(async () => (await popup.locator('.secret').textContent()) === password, 'the password shown');
      assert.ok(await focused(popup, 'button.reveal'), 'focus stays on Show/Hide');
      await tabTo(popup, 'input.pick', { back: true, max: 4 });
      await popup.keyboard.press('Space');
      await waitFor(async () => !(await popup.locator('input.pick').isChecked()), 'unticked with Space');
      await popup.keyboard.press('Space');
      assert.ok(await popup.locator('input.pick').isChecked(), 'ticked again with Space');

      await tabTo(popup, '#export-format');
      for (let i = 0; i < 20 && (await popup.locator('#export-format').inputValue()) !== 'bitwarden-csv'; i++) await popup.keyboard.press('ArrowDown');
      assert.equal(await popup.locator('#export-format').inputValue(), 'bitwarden-csv');
      await tabTo(popup, '#export-button', { max: 6 });
      const [download] = await Promise.all([popup.waitForEvent('download', { timeout: 30000 }), popup.keyboard.press('Enter')]);
      const path = join(t.scratch, download.suggestedFilename());
      await download.saveAs(path);
      assert.match(download.suggestedFilename(), /^app-passwords-bitwarden-csv-.*\.csv$/);
      assert.ok(readFileSync(path, 'utf8').includes(`,${password},`), 'the exported file holds the password');
      await waitFor(async () => (await popup.locator('#vault-notice').textContent()).includes(download.suggestedFilename()), 'the done notice');
      assert.ok(await focused(popup, '#export-button'), 'focus stays on Export');
    });
    await popup.close();
    assert.deepEqual(browser.errors, []);
  });
});

// Clearing a copied password (issue 16 item 3): the background clears the clipboard after the
// time set in the options, so it works after the page or tab that copied has closed, with
// nothing of ours in focus. Chromium does it through an offscreen document (reason CLIPBOARD);
// Firefox's background page writes it directly (permission clipboardWrite: no user activation
// needed; before, a page could clear it only with a user activation, which a timer 10 to 600
// seconds later never has). In Chromium a later copy from the extension starts the time again,
// and the clipboard is read back from an ordinary page (an extension origin cannot be granted
// clipboard-read); in Firefox it is read with the browser's own privileges.
//
// Written once for both browsers: where they differ (how the password is captured first, how
// the clipboard is read and written from outside, how the popup is opened) is in the helpers.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';
import { fillAndCapture } from './journeys.mjs';
import { capture, popup } from './vault.mjs';
import { suite } from './fixture.mjs';

const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

suite('clipboard', { browsers: ['chromium', 'firefox'] }, (t) => {
  let password;

  // A password in the vault, and the clipboard cleared ten seconds after a copy.
  before(async () => {
    if (t.chromium) {
      ({ password } = await capture(t.browser, t.replica, 'Clipboard test'));
    } else {
      const storageDump = () => t.ff.inExtensionPage(`async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)])`);
      await t.tab('clipboard-capture', async (d) => {
        password = await fillAndCapture(d, t.replica, storageDump, { waitFor });
      });
    }
    await t.extension(() => chrome.storage.sync.set({ options: { clipboardClearSeconds: 10 } }));
  });

  /** Chromium: a page of the replica's origin, allowed to use the clipboard. */
  async function ordinaryPage() {
    const page = await t.browser.context.newPage();
    const origin = t.replica.url('account.apple.com', '').replace(/\/$/, '');
    await t.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.goto(`${origin}/replica/style.css`);
    return page;
  }

  /** Firefox: runs `script` with the browser's own privileges. */
  async function privileged(script, args = []) {
    const ff = t.ff;
    await ff.call('POST', `${ff.session}/moz/context`, { context: 'chrome' });
    try {
      return await ff.call('POST', `${ff.session}/execute/sync`, { args, script });
    } finally {
      await ff.call('POST', `${ff.session}/moz/context`, { context: 'content' });
    }
  }

  /** The system clipboard's text ('' when empty): Chromium, read from an ordinary page (an
   *  extension origin cannot be granted clipboard-read); Firefox, with the browser's privileges. */
  async function clipboard() {
    if (t.chromium) {
      const reader = await ordinaryPage();
      const text = await reader.evaluate(() => navigator.clipboard.readText());
      await reader.close();
      return text;
    }
    return privileged(`
      const t = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor('text/plain');
      Services.clipboard.getData(t, Services.clipboard.kGlobalClipboard);
      const out = {};
      try { t.getTransferData('text/plain', out); } catch (e) { return ''; }
      return out.value ? out.value.QueryInterface(Ci.nsISupportsString).data : '';
    `);
  }

  /** Puts `text` on the clipboard as another program or page would. */
  async function copyElsewhere(text) {
    if (t.chromium) {
      const writer = await ordinaryPage();
      await writer.evaluate((v) => navigator.clipboard.writeText(v), text);
      await writer.close();
      return;
    }
    await privileged(`
      Cc['@mozilla.org/widget/clipboardhelper;1'].getService(Ci.nsIClipboardHelper).copyString(arguments[0]);
    `, [text]);
  }

  /** Whether the background still has a clearing to do (its time in storage.session). */
  const clearingPending = async () => (await t.extension(() => chrome.storage.session.get('clipboard:clear-at')))['clipboard:clear-at'] !== undefined;

  /** Copies the entry's password in the popup's page (Firefox: in a tab), which closes at once;
   *  the time it was copied. */
  async function copyAndClose(shot) {
    let at;
    if (t.chromium) {
      const page = await popup(t.browser);
      await withScreenshot(`chromium-${shot}`, (f) => page.screenshot({ path: f }), async () => {
        await page.locator('#entries li.entry button.copy').first().click();
        at = Date.now();
        assert.match(await waitFor(() => page.locator('#vault-notice').textContent(), 'the copied notice'), /10 seconds/);
      });
      await page.close();
      return at;
    }
    const ff = t.ff;
    await t.tab(shot, async () => {
      await ff.get(`moz-extension://${FIREFOX_UUID}/popup/popup.html?view=tab`);
      await new FirefoxDriver(ff).click('#entries li.entry button.copy');
      at = Date.now();
      await waitFor(async () => /10/.test(await ff.exec("return document.querySelector('#vault-notice').textContent")), 'the copied notice');
    });
    return at;
  }

  t.test('the clipboard is cleared after the set time though the page that copied has closed', async () => {
    const copiedAt = await copyAndClose('clipboard-copy');
    assert.equal(await clipboard(), password, 'copied');
    await sleepUntil(copiedAt + 12000);
    await waitFor(async () => (await clipboard()) === '', 'the clipboard cleared by the background', 3000);
  });

  t.test('a later copy starts the time again', async () => {
    const first = await copyAndClose('clipboard-copy');
    await sleepUntil(first + 6000);
    const second = await copyAndClose('clipboard-copy');
    await sleepUntil(first + 11500);
    assert.equal(await clipboard(), password, 'the second copy keeps it for its own ten seconds');
    await sleepUntil(second + 12000);
    await waitFor(async () => (await clipboard()) === '', 'cleared after the second copy\'s time', 3000);
  }, { only: 'chromium' });

  t.test('something copied meanwhile is left alone: only the password copied is cleared', async () => {
    const copiedAt = await copyAndClose('clipboard-copy-again');
    assert.equal(await clipboard(), password, 'copied');
    await copyElsewhere('a note copied meanwhile');
    await sleepUntil(copiedAt + 10000);
    await waitFor(async () => !(await clearingPending()), 'the background to have done its clearing', 5000);
    assert.equal(await clipboard(), 'a note copied meanwhile', 'what was copied meanwhile is still there');
  });
});

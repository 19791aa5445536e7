// Clearing a copied password in Firefox ESR (issue 16 item 3): the background page clears the
// clipboard after the time set in the options (permission clipboardWrite: no user activation
// needed), so it works after the tab that copied has closed. Before, a page could clear it only
// with a user activation, which a timer 10 to 600 seconds later never has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, waitFor, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';
import { fillAndCapture } from './journeys.mjs';

let replica;
let ff;
before(async () => {
  replica = await startReplica();
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
  await replica?.close();
});

/** The system clipboard's text, read with the browser's own privileges ('' when empty). */
async function clipboard() {
  await ff.call('POST', `${ff.session}/moz/context`, { context: 'chrome' });
  try {
    return await ff.call('POST', `${ff.session}/execute/sync`, { args: [], script: `
      const t = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor('text/plain');
      Services.clipboard.getData(t, Services.clipboard.kGlobalClipboard);
      const out = {};
      try { t.getTransferData('text/plain', out); } catch (e) { return ''; }
      return out.value ? out.value.QueryInterface(Ci.nsISupportsString).data : '';
    ` });
  } finally {
    await ff.call('POST', `${ff.session}/moz/context`, { context: 'content' });
  }
}

const storageDump = () => ff.inExtensionPage(`async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)])`);

test('the clipboard is cleared after the set time though the tab that copied has closed', async () => {
  const d = new FirefoxDriver(ff);
  let password;
  await ff.inNewTab(() => withScreenshot('firefox-clipboard-capture', (f) => ff.screenshot(f), async () => {
    password = await fillAndCapture(d, replica, storageDump, { waitFor });
  }));
  await ff.inExtensionPage(`async () => chrome.storage.sync.set({ options: { clipboardClearSeconds: 10 } })`);
  let copiedAt;
  await ff.inNewTab(() => withScreenshot('firefox-clipboard-copy', (f) => ff.screenshot(f), async () => {
    await ff.get(`moz-extension://${FIREFOX_UUID}/popup/popup.html?view=tab`);
    await d.click('#entries li.entry button.copy');
    copiedAt = Date.now();
    await waitFor(async () => /10/.test(await ff.exec("return document.querySelector('#vault-notice').textContent")), 'the copied notice');
  }));
  // The tab that copied is closed now.
  assert.equal(await clipboard(), password, 'copied');
  await new Promise((r) => setTimeout(r, Math.max(0, copiedAt + 12000 - Date.now())));
  await waitFor(async () => (await clipboard()) === '', 'the clipboard cleared by the background', 3000);
});

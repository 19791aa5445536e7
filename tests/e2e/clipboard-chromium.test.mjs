// Clearing a copied password in Chromium (issue 16 item 3): the background clears the
// clipboard after the time set in the options through an offscreen document (reason
// CLIPBOARD), so it works after the popup that copied has closed, with nothing of ours in
// focus. A later copy from the extension starts the time again. The clipboard is read back
// from an ordinary page (an extension origin cannot be granted clipboard-read).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, waitFor, withScreenshot } from './harness.mjs';
import { capture, popup } from './vault.mjs';

let replica;
let browser;
let password;

before(async () => {
  replica = await startReplica();
  browser = await launchChromium();
  ({ password } = await capture(browser, replica, 'Clipboard test'));
  await browser.worker.evaluate(() => chrome.storage.sync.set({ options: { clipboardClearSeconds: 10 } }));
});
after(async () => {
  await browser?.close();
  await replica?.close();
});

const sleepUntil = (t) => new Promise((r) => setTimeout(r, Math.max(0, t - Date.now())));

async function clipboard() {
  const reader = await browser.context.newPage();
  const origin = replica.url('account.apple.com', '').replace(/\/$/, '');
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await reader.goto(`${origin}/replica/style.css`);
  const text = await reader.evaluate(() => navigator.clipboard.readText());
  await reader.close();
  return text;
}

/** Copies the entry's password in a popup page that closes at once; the time it was copied. */
async function copyAndClose() {
  const page = await popup(browser);
  let at;
  await withScreenshot('chromium-clipboard-copy', (f) => page.screenshot({ path: f }), async () => {
    await page.locator('#entries li.entry button.copy').first().click();
    at = Date.now();
    assert.match(await waitFor(() => page.locator('#vault-notice').textContent(), 'the copied notice'), /10 seconds/);
  });
  await page.close();
  return at;
}

test('the clipboard is cleared after the set time though the page that copied has closed', async () => {
  const copiedAt = await copyAndClose();
  assert.equal(await clipboard(), password, 'copied');
  await sleepUntil(copiedAt + 12000);
  await waitFor(async () => (await clipboard()) === '', 'the clipboard cleared by the background', 3000);
  assert.deepEqual(browser.errors, []);
});

test('a later copy starts the time again', async () => {
  const first = await copyAndClose();
  await sleepUntil(first + 6000);
  const second = await copyAndClose();
  await sleepUntil(first + 11500);
  assert.equal(await clipboard(), password, 'the second copy keeps it for its own ten seconds');
  await sleepUntil(second + 12000);
  await waitFor(async () => (await clipboard()) === '', 'cleared after the second copy\'s time', 3000);
  assert.deepEqual(browser.errors, []);
});

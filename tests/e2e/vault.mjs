// Chromium steps around the vault, written once for the vault, upgrade and storage-fault
// tests and the storage-fixture generator: make and capture a password on the replica, open
// the popup in a tab, unlock it, reveal an entry, read or seed the extension's storage, and
// stop the background's service worker the way the browser does when it is idle.
import { waitFor } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';

/**
 * Makes a password labelled `label` on the replica and waits until the overlay says it was
 * saved (`data-apg-captured="true"`, or `expect` for another outcome). Returns the password
 * and, with `keep`, the still open page.
 */
export async function capture(browser, replica, label, { expect = 'true', keep = false, query = '' } = {}) {
  const page = await browser.context.newPage();
  const d = new ChromiumDriver(page);
  await d.goto(replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100${query}`));
  await d.click('#asp-tile');
  await makePassword(d, (id) => d.waitStep(id), { label });
  await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]')?.getAttribute('data-apg-captured')), 'the capture to be answered', 15000)
    .then((got) => { if (got !== expect) throw new Error(`data-apg-captured is ${got}, expected ${expect}`); });
  const password = await d.eval(() => document.querySelector('.app-password').textContent.trim());
  if (!keep) await page.close();
  return { password, page: keep ? page : null };
}

/** The popup's UI in a tab, once the vault section has drawn. */
export async function popup(browser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`);
  await page.locator('#vault-title').waitFor();
  return page;
}

/** Unlocks the popup's vault with `passphrase`. */
export async function unlock(page, passphrase) {
  await page.fill('#passphrase', passphrase);
  await page.locator('#unlock-form button').click();
  await page.locator('#lock').waitFor();
}

/** Reveals the entry whose label is `label` and returns what the popup shows. */
export async function reveal(page, label) {
  const entry = page.locator('#entries li.entry', { has: page.locator('.label', { hasText: label }) });
  await entry.locator('button.reveal').click();
  return waitFor(async () => {
    const shown = await entry.locator('.secret').textContent();
    return shown.includes('•') ? null : shown;
  }, `the password of ${label}`);
}

/** The extension's running background worker; a stopped one is woken by opening the popup. */
export async function worker(browser) {
  const alive = async () => {
    const ours = browser.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${browser.extensionId}/`));
    for (const w of ours.reverse()) if (await w.evaluate(() => true).catch(() => false)) return w;
    return null;
  };
  const found = await alive();
  if (found) return found;
  const page = await popup(browser);
  const woken = await waitFor(alive, 'the background worker to start again');
  await page.close();
  return woken;
}

/** `{local, sync, session}` of the extension's storage, as stored. */
export async function storage(browser) {
  const w = await worker(browser);
  return w.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    sync: await chrome.storage.sync.get(null),
    session: await chrome.storage.session.get(null),
  }));
}

/** Writes `{local, sync}` into the extension's storage (before any page of ours reads it). */
export async function seed(browser, { local = {}, sync = {} }) {
  const w = await worker(browser);
  await w.evaluate(async ({ local, sync }) => {
    await chrome.storage.local.set(local);
    await chrome.storage.sync.set(sync);
  }, { local, sync });
}

/**
 * Stops the extension's service worker through the DevTools protocol, as Chromium does to an
 * idle or stuck worker; the next message starts a fresh one. Resolves once it has stopped.
 */
export async function stopWorker(browser) {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const versions = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => e.versions.forEach((v) => versions.set(v.versionId, v)));
  await cdp.send('ServiceWorker.enable');
  const ours = () => [...versions.values()].find((v) => v.scriptURL.startsWith(`chrome-extension://${browser.extensionId}/`));
  const version = await waitFor(() => ours(), 'the background worker in DevTools');
  await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
  await waitFor(() => ours()?.runningStatus === 'stopped', 'the worker to stop');
  await cdp.detach();
  await page.close();
}

/** The text the overlay shows, read through its closed shadow root by the DevTools protocol. */
export async function overlayText(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  await cdp.detach();
  const texts = [];
  const walk = (n, inside) => {
    const here = inside || (n.attributes || []).includes('data-apg-host');
    if (here && n.nodeType === 3) texts.push(n.nodeValue);
    [...(n.children || []), ...(n.shadowRoots || [])].forEach((c) => walk(c, here));
  };
  walk(root, false);
  return texts.join(' ');
}

// `cargo xtask demo`: the built extension on the replica of Apple's site.
// With a display: a visible Chromium opens iCloud.com's replica; try the journey by hand.
// Without one: a headless walk of the whole journey that writes screenshots to target/demo/.
// `cargo xtask pictures` (this script with --pictures) also copies the README's pictures from
// them into docs/screenshots/ (see README_SHOTS): the plain demo leaves the checkout clean.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startReplica } from './replica/server.mjs';
import { launchChromium, launchFirefox, REPO } from './e2e/harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './e2e/drivers.mjs';
import { fullJourney } from './e2e/journeys.mjs';

const out = join(REPO, 'target', 'demo');
/** The README's pictures: this run's screenshot (by step id or name) → docs/screenshots/<name>. */
const README_SHOTS = {
  'open-app-passwords': 'overlay-open-app-passwords.png',
  label: 'overlay-label.png',
  copy: 'overlay-copy.png',
  '12-popup-light': 'popup-light.png',
  '12-popup-dark': 'popup-dark.png',
  '21-fallback-panel': 'overlay-fallback-panel.png',
};
mkdirSync(out, { recursive: true });
const replica = await startReplica();
const interactive = !!process.env.DISPLAY && !process.env.CI;
const browser = await launchChromium({ headless: !interactive });
const firstPage = await browser.context.newPage();

if (interactive) {
  await firstPage.goto(replica.url('www.icloud.com', '/?layout=today&lang=en'));
  console.log('A Chromium window shows the replica of iCloud.com with the extension. Close it to stop.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await replica.close();
  process.exit(0);
}

const shots = [];
let page = firstPage;
async function shot(name) {
  await page.waitForTimeout(350); // the spotlight's transition
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
}
/** A fresh tab: the guide remembers each tab's journey, and each scene starts anew. */
async function freshTab() {
  await page.close();
  page = await browser.context.newPage();
  return new ChromiumDriver(page);
}

let d = new ChromiumDriver(page);
let n = 0;
await fullJourney(d, replica, { onStep: async (id) => shot(`${String(++n).padStart(2, '0')}-${id}`) });

// The popup, with the password the journey above captured.
const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 420, height: 760 });
await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
await popup.locator('#entries li.entry').first().waitFor();
await popup.locator('#entries li.entry details.mail').first().evaluate((d) => { d.open = true; });
await popup.waitForTimeout(300);
for (const scheme of ['light', 'dark']) {
  await popup.emulateMedia({ colorScheme: scheme });
  const file = join(out, `12-popup-${scheme}.png`);
  await popup.screenshot({ path: file, fullPage: true });
  shots.push(file);
}
await popup.close();

d = await freshTab();
await page.emulateMedia({ colorScheme: 'dark' });
await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&list=populated'));
await d.waitStep('open-app-passwords');
await d.click('#asp-tile');
await d.waitStep('generate');
await shot('20-generate-dark');
await page.emulateMedia({ colorScheme: 'light' });

d = await freshTab();
await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&drift=1'));
await d.waitStep('open-app-passwords', 12000);
await shot('21-fallback-panel');

d = await freshTab();
await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&twofa=off&lang=de'));
await d.waitStep('twofa-required');
await shot('22-two-factor-required-de');

d = await freshTab();
await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&list=full'));
await d.click('#asp-tile');
await d.click('.modal-dialog button.button-icon[title="Add"]');
await d.type('#asp-label', 'One too many');
await d.click('.modal-button-bar button[type=submit]');
await d.waitStep('error-limit');
await shot('23-error-limit');
await browser.close();

// Firefox, for the same overlay under its own engine.
const ff = await launchFirefox();
const fd = new FirefoxDriver(ff);
await fd.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&lang=ja'));
await fd.waitStep('open-app-passwords');
await new Promise((r) => setTimeout(r, 350));
const ffShot = join(out, '30-firefox-open-app-passwords-ja.png');
await ff.screenshot(ffShot);
shots.push(ffShot);
await ff.close();

console.log(`demo: ${shots.length} screenshots of the overlay on the replica:`);
for (const s of shots) console.log(`  ${s}`);
const docs = join(REPO, 'docs', 'screenshots');
for (const [key, name] of Object.entries(README_SHOTS)) {
  const file = shots.find((s) => s.endsWith(`/${key}.png`) || s.endsWith(`-${key}.png`));
  if (!file) throw new Error(`demo: no screenshot for the README's ${name} (${key})`);
  if (process.argv.includes('--pictures')) {
    mkdirSync(docs, { recursive: true });
    copyFileSync(file, join(docs, name));
  }
}
console.log(process.argv.includes('--pictures') ? `demo: README pictures updated in ${docs}` : 'demo: README pictures not touched (cargo xtask pictures updates them)');
await replica.close();

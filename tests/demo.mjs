// `cargo xtask demo`: the built extension on the replica of Apple's site.
// With a display: a visible Chromium opens iCloud.com's replica; try the journey by hand.
// Without one: a headless walk that writes screenshots to target/demo/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startReplica } from './replica/server.mjs';
import { launchChromium, chromiumState, waitFor, REPO } from './e2e/harness.mjs';

const out = join(REPO, 'target', 'demo');
mkdirSync(out, { recursive: true });
const replica = await startReplica();
const interactive = !!process.env.DISPLAY && !process.env.CI;
const browser = await launchChromium({ headless: !interactive });
const page = await browser.context.newPage();

if (interactive) {
  await page.goto(replica.url('www.icloud.com', '/?lang=en'));
  console.log('A Chromium window shows the replica of iCloud.com with the extension. Close it to stop.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await replica.close();
  process.exit(0);
}

const shots = [];
async function shot(name, step) {
  await waitFor(async () => (await chromiumState(page)).step === step, `step ${step}`);
  await page.waitForTimeout(300); // let the spotlight's transition settle
  const file = join(out, `${name}.png`);
  await page.screenshot({ path: file });
  shots.push(file);
}

await page.goto(replica.url('account.apple.com', '/account/manage/section/information?session=1&csp=strict'));
await shot('01-open-security', 'open-security');
await page.getByRole('link', { name: 'Sign-In and Security' }).click();
await shot('02-open-app-passwords', 'open-app-passwords');
await page.locator('#asp-tile').click();
await shot('03-generate', 'generate');
await page.getByRole('button', { name: 'Generate an app-specific password' }).click();
await shot('04-label', 'label');

await page.emulateMedia({ colorScheme: 'dark' });
await shot('05-label-dark', 'label');

console.log(`demo: ${shots.length} screenshots of the overlay on the replica:`);
for (const s of shots) console.log(`  ${s}`);
await browser.close();
await replica.close();

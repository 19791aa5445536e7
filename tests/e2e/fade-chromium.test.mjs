// Capture and opacity in Chromium: a password-shaped text no one can see (opacity 0, on itself
// or an ancestor) is never captured, even inside Apple's dialog after Create; a new password
// that fades in from opacity 0 (a CSS animation: no change to the DOM while it runs) is
// captured once it can be seen, not before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';
import { PASSWORD } from './safety.mjs';

let replica;
let browser;
let ext; // an extension page, to ask the background as the popup does

before(async () => {
  replica = await startReplica();
  browser = await launchChromium();
  ext = await browser.context.newPage();
  await ext.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`);
});
after(async () => {
  await browser?.close();
  await replica?.close();
});

const ask = (message) => ext.evaluate((m) => chrome.runtime.sendMessage(m), message);
const ADD = '.modal-dialog button.button-icon[title="Add"]';
const DECOY = 'zyxw-zyxw-zyxw-zyxw';

async function vault() {
  const status = await ask({ kind: 'vault-status' });
  assert.equal(status.ok, true, JSON.stringify(status));
  return Promise.all(status.entries.map(async (e) => ({ ...e, password: (await ask({ kind: 'reveal', id: e.id })).password })));
}

/** Installed before the page's scripts. `decoy`: while the password confirmation is open, it
 *  holds a password-shaped text inside an ancestor at opacity 0. `fade`: the new password's
 *  line fades in by a CSS animation after a delay (opacity 0 until then). It records the
 *  password's opacity at the moment the overlay says it was captured. */
function fixture({ decoy, fade }) {
  const css = `@keyframes apg-test-fade { from { opacity: 0 } to { opacity: 1 } }
    [role=dialog] .app-password, [role=dialog] .password-line { animation: apg-test-fade 600ms linear 900ms both; }`;
  window.__fade = { opacityAtCapture: null, decoyShown: 0, first: null };
  const install = () => {
    // A constructed sheet: the replica's CSP refuses a <style> element.
    if (fade) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    new MutationObserver(() => {
      const field = document.querySelector('[role=dialog] input[type=password]');
      if (decoy && field && !field.closest('[role=dialog]').querySelector('.apg-test-decoy')) {
        const wrap = Object.assign(document.createElement('div'), { className: 'apg-test-decoy' });
        wrap.style.opacity = '0';
        wrap.append(Object.assign(document.createElement('span'), { textContent: decoy }));
        field.closest('[role=dialog]').append(wrap);
        window.__fade.decoyShown += 1;
      }
      const host = document.querySelector('[data-apg-host]');
      const shown = document.querySelector('[role=dialog] .app-password, [role=dialog] .password-line');
      if (shown && !window.__fade.first) window.__fade.first = [getComputedStyle(shown).opacity, getComputedStyle(shown).animationName];
      if (host && host.getAttribute('data-apg-captured') === 'true' && window.__fade.opacityAtCapture === null && shown) {
        window.__fade.opacityAtCapture = Number(getComputedStyle(shown).opacity);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  };
  if (document.head) install();
  else document.addEventListener('DOMContentLoaded', install);
}

async function journey(name, options) {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  const page = await browser.context.newPage();
  try {
    return await withScreenshot(`chromium-fade-${name}`, (file) => page.screenshot({ path: file }), async () => {
      await page.addInitScript(fixture, options);
      const d = new ChromiumDriver(page);
      await d.goto(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=100&list=populated'));
      await d.waitStep('open-app-passwords');
      await d.click('#asp-tile');
      await d.waitStep('generate');
      await makePassword(d, (id) => d.waitStep(id), { generate: ADD, label: `Fade ${name}` });
      await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
      const real = await page.evaluate(() => document.querySelector('[role=dialog] .app-password').textContent.trim());
      assert.match(real, PASSWORD);
      const seen = await page.evaluate(() => window.__fade);
      const entries = await vault();
      assert.deepEqual(entries.map((e) => e.password), [real], 'exactly the new password was captured');
      return seen;
    });
  } finally {
    await page.close();
  }
}

test('a password-shaped text under an ancestor at opacity 0 in the confirmation dialog is not captured', async () => {
  const seen = await journey('decoy', { decoy: DECOY, fade: false });
  assert.ok(seen.decoyShown >= 1, 'the confirmation dialog held the invisible decoy');
  assert.ok(!(await vault()).some((e) => e.password === DECOY), 'the decoy is not in the vault');
});

test('a new password fading in from opacity 0 is captured once it can be seen', async () => {
  const seen = await journey('fade', { decoy: null, fade: true });
  assert.equal(seen.first?.[1], 'apg-test-fade', 'the password line was animated');
  assert.equal(seen.first?.[0], '0', 'and appeared at opacity 0');
  assert.notEqual(seen.opacityAtCapture, null, 'the capture was seen');
  assert.ok(seen.opacityAtCapture > 0, `captured while visible (opacity ${seen.opacityAtCapture})`);
});

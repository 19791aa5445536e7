// One journey from the first click to Done, in Firefox ESR, in a browser started a moment
// before (issue 15; see cold-chromium for the whole story): Alt+Shift+G on iCloud.com at once,
// "Manage Apple Account" opens the account site in a new tab, and the journey goes on there
// to Done through the 2026 page. Clicks are WebDriver element clicks, which fail on an element
// another one covers; every step's next controls are checked clickable (elementFromPoint).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, waitFor, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';
import { PLUS_2026, SMALL_SUBMIT_2026, coveredControls, signInInFrame } from './journeys.mjs';

async function coldJourney(start) {
  const replica = await startReplica();
  const ff = await launchFirefox();
  const started = Date.now();
  try {
    await withScreenshot(`firefox-cold-${start}`, (f) => ff.screenshot(f), async () => {
      const d = new FirefoxDriver(ff);
      await ff.get(replica.url('www.icloud.com', '/?layout=2026&newtab=1&late=100'));
      if (start === 'keys') {
        await d.find('.profile-button');
        await d.keys(['Alt', 'Shift', 'G']);
      } else {
        // The toolbar popup, in a tab of the same window: it presses Guide me a moment after
        // the iCloud tab is selected again (WebDriver cannot open the toolbar's popup itself).
        const icloudTab = await ff.call('GET', `${ff.session}/window`);
        const pop = await ff.call('POST', `${ff.session}/window/new`, { type: 'tab' });
        await ff.call('POST', `${ff.session}/window`, { handle: pop.handle });
        await ff.get(`moz-extension://${FIREFOX_UUID}/popup/popup.html`);
        await ff.exec(`const press = () => { const b = document.getElementById('guide-me'); if (b) b.click(); else setTimeout(press, 20); };
          setTimeout(press, 200);`);
        await ff.call('POST', `${ff.session}/window`, { handle: icloudTab });
      }
      const asked = Date.now() - started;
      await d.waitStep('icloud-open-account');
      const home = await ff.call('GET', `${ff.session}/window`);
      const before = await ff.call('GET', `${ff.session}/window/handles`);
      await d.click('.profile-button');
      await d.click('.profile-menu a[role=menuitem]');
      const opened = await waitFor(async () => (await ff.call('GET', `${ff.session}/window/handles`)).find((h) => !before.includes(h)), 'the new tab');
      await ff.call('POST', `${ff.session}/window`, { handle: opened });
      const covered = [];
      const seen = [];
      const expect = async (id, next) => {
        await d.waitStep(id, 15000);
        seen.push(id);
        await new Promise((r) => setTimeout(r, 150));
        for (const c of await d.eval(coveredControls, next || null)) covered.push(`${id}: ${c}`);
      };
      await expect('landing-sign-in', 'main .landing-sign-in');
      await d.click('main .landing-sign-in');
      await expect('sign-in', '#aid-auth-widget-iFrame');
      await signInInFrame(d);
      await expect('open-app-passwords', '#asp-tile');
      await d.click('#asp-tile');
      await expect('generate');
      await d.click(PLUS_2026);
      await expect('label');
      await d.type('#asp-label', 'Thunderbird');
      await expect('create');
      await d.click(SMALL_SUBMIT_2026);
      await expect('confirm-password');
      await d.type('.modal-small input[type=password]', 'account-password');
      await d.click(SMALL_SUBMIT_2026);
      await expect('copy');
      await waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
      await d.keys(['Alt', 'Shift', 'G']);
      await d.keys(['Enter']);
      await expect('done');
      await d.click('.modal-small .button-bar-nav button');
      await expect('finished');
      assert.deepEqual(seen, ['landing-sign-in', 'sign-in', 'open-app-passwords', 'generate', 'label', 'create', 'confirm-password', 'copy', 'done', 'finished']);
      assert.deepEqual(covered, [], "no control of Apple's a person needs next is under the hint");
      assert.equal((await d.state()).error, null, 'no extension error');
      console.log(`# cold start (${start}): asked ${asked} ms after the browser was started`);
      await ff.call('DELETE', `${ff.session}/window`);
      await ff.call('POST', `${ff.session}/window`, { handle: home });
    });
  } finally {
    await ff.close();
    await replica.close();
  }
}

test('a cold browser: Alt+Shift+G on iCloud.com at once, the journey goes on in the new tab to Done', () => coldJourney('keys'));
test('a cold browser: the popup\'s Guide me at once, the journey goes on in the new tab to Done', () => coldJourney('popup'));

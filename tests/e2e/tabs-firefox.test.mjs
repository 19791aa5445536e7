// The journey follows the person into a new tab, in Firefox ESR (issue 15): iCloud's "Manage
// Apple Account" opens the account site in a new tab, and the guide started on iCloud.com goes
// on there (Firefox reports the opener, `sender.tab.openerTabId`, with no extra permission).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, waitFor, withScreenshot } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';

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

test('a tab opened from a guided tab continues its journey', async () => {
  const d = new FirefoxDriver(ff);
  const handles = () => ff.call('GET', `${ff.session}/window/handles`);
  await ff.inNewTab(() => withScreenshot('firefox-tabs-opener', (f) => ff.screenshot(f), async () => {
    await d.goto(replica.url('www.icloud.com', '/?layout=today&late=100&newtab=1'));
    await waitFor(async () => (await d.state()).background, 'the guide to load');
    await d.keys(['Alt', 'Shift', 'G']);
    await d.waitStep('icloud-open-account');
    const known = new Set(await handles());
    const back = await ff.call('GET', `${ff.session}/window`);
    await d.click('.profile-button');
    await d.click('.profile-menu a[role=menuitem]');
    const opened = await waitFor(async () => (await handles()).find((h) => !known.has(h)), 'the new tab');
    await ff.call('POST', `${ff.session}/window`, { handle: opened });
    try {
      await d.waitStep('sign-in');
      assert.equal((await d.state()).error, null);
    } finally {
      await ff.call('DELETE', `${ff.session}/window`);
      await ff.call('POST', `${ff.session}/window`, { handle: back });
    }
  }));
});

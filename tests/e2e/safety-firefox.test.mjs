// Safety in Firefox ESR: capture takes only the new password inside Apple's dialog; the
// extension requests nothing over the network (a privileged observer sees every request of the
// browser with the add-on that triggered it, harness.mjs) and the page's traffic is the same
// without it; a hostile page script reads nothing of the overlay, fills nothing with synthetic
// events, and never receives the password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchFirefox, waitFor, withScreenshot } from './harness.mjs';
import { FirefoxDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';
import { DECOYS, IN_URL, PASSWORD, assertNoLeak, assertSameTraffic, hostile, hostileReport, provoke, claimReport, reenterFill } from './safety.mjs';

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ADD = '.modal-dialog button.button-icon[title="Add"]';
const security = (query) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&${query}`);

/** The vault's entries with their passwords, as the background reveals them to the popup. */
const vault = () => ff.inExtensionPage(`async () => {
  const status = await chrome.runtime.sendMessage({ kind: 'vault-status' });
  return Promise.all(status.entries.map(async (e) => ({ ...e, password: (await chrome.runtime.sendMessage({ kind: 'reveal', id: e.id })).password })));
}`);
const clearVault = () => ff.inExtensionPage('async () => chrome.storage.local.clear()');
const captured = (d) => waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');

/** Runs `fn` in a fresh tab; fails on any uncaught page error; screenshot on failure. */
async function inTab(name, fn) {
  const d = new FirefoxDriver(ff);
  await ff.inNewTab(() => withScreenshot(`firefox-${name}`, (f) => ff.screenshot(f), async () => {
    await fn(d);
    assert.equal((await d.state()).error, null, 'no extension error');
    assert.deepEqual(await ff.exec('return window.__replicaErrors || [];'), [], 'no uncaught page errors');
  }));
}

for (const show of ['text', 'input']) {
  test(`capture (password shown as ${show}): only the new password in Apple's dialog, never a decoy`, async () => {
    await clearVault();
    await inTab(`capture-${show}`, async (d) => {
      await d.goto(security(`list=populated&decoy=1&show=${show}${IN_URL}`));
      await d.waitStep('open-app-passwords');
      assert.deepEqual(await d.eval(() => [document.title, location.hash]), ['wxyz-wxyz-wxyz-wxyz', '#stuv-stuv-stuv-stuv'], 'decoys in the title and the address');
      await sleep(1000);
      assert.deepEqual(await vault(), [], 'nothing captured from the page');
      await d.click('#asp-tile');
      await d.waitStep('generate');
      await makePassword(d, (id) => d.waitStep(id), { generate: ADD, label: 'Decoys' });
      await captured(d);
      const real = await d.eval(() => {
        const shown = document.querySelector('.app-password, .modal-dialog input[readonly]');
        return shown.value || shown.textContent.trim();
      });
      assert.match(real, PASSWORD);
      const entries = await vault();
      assert.deepEqual(entries.map((e) => [e.label, e.password]), [['Decoys', real]], 'exactly the new password, as the background reveals it');
      assert.ok(!DECOYS.includes(real));
    });
  });
}

/** The journey to the new password in a tab of `f`; what the page requested (as the browser
 *  recorded it, the browser's own requests aside) and what the replica served. */
async function traffic(f) {
  const seen = (await f.network()).length;
  const served = replica.requests.length;
  await f.inNewTab(async () => {
    const d = new FirefoxDriver(f);
    await d.goto(security('list=empty'));
    await d.click('#asp-tile');
    await makePassword(d, async () => {}, { label: 'Traffic' });
    await d.find('.app-password');
    await sleep(1500);
  });
  return {
    page: (await f.network()).slice(seen).filter((r) => !r.system).map((r) => r.url.replace(/:\d+\//, '/')).sort(),
    // The favicon is the browser's own request, made once per profile.
    served: replica.requests.slice(served).filter((r) => r.path !== '/favicon.ico').map((r) => `${r.method} ${r.host}${r.path}`).sort(),
  };
}

test('the extension requests nothing over the network, and the page\'s traffic is the same without it', async () => {
  // A request from one of the extension's own pages is seen, and seen as the extension's.
  const canary = replica.url('account.apple.com', '/replica/style.css?canary');
  ff.canaries.add(canary);
  await ff.inExtensionPage(`async () => fetch(${JSON.stringify(canary)}).then(() => 1, () => 0)`);
  const log = await ff.network();
  assert.ok(log.some((r) => r.url === canary && r.addons.length === 1), 'the canary was recorded as the extension\'s');

  const plain = await launchFirefox({ extension: false });
  let without;
  try {
    without = await traffic(plain);
  } finally {
    await plain.close();
  }
  assertSameTraffic(await traffic(ff), without);
  assert.deepEqual(await ff.networkViolations(), [], 'no request by the extension, none outside the replica');
});

test('a hostile page reads nothing of the overlay, fills nothing, and never receives the password', async () => {
  await clearVault();
  await inTab('hostile', async (d) => {
    await d.goto(security('list=empty'));
    await d.waitStep('open-app-passwords');
    // Listening from here on (a WebDriver script cannot run before the page's own).
    await ff.exec(`(${hostile})();`);
    const view = await d.eval(() => {
      const host = document.querySelector('[data-apg-host]');
      return [host.shadowRoot, host.children.length, host.textContent];
    });
    assert.deepEqual(view, [null, 0, ''], 'a closed shadow root, nothing of the hint in the light DOM');

    await d.click('#asp-tile');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.waitStep('label');
    await ff.exec(`(${provoke})();`);
    await sleep(800);
    assert.equal(await d.eval(() => document.querySelector('#asp-label').value), '', 'no label was filled');
    assert.equal((await d.state()).step, 'label', 'the guide was neither closed nor moved');
    await d.keys(['Alt', 'Shift', 'G']);
    await d.keys(['Enter']);
    await waitFor(async () => (await d.eval(() => document.querySelector('#asp-label').value)) === 'Thunderbird', 'the fill by a person');

    await makePassword(d, (id) => d.waitStep(id), { generate: null, label: 'Hostile' });
    await captured(d);
    await d.selectAndCopy('.app-password');
    await d.waitStep('done');
    await sleep(500);
    const password = await d.eval(() => document.querySelector('.app-password').textContent.trim());
    assertNoLeak(await d.eval(hostileReport), password);
    assert.equal((await vault())[0].password, password, 'and yet it was captured');
  });
});

test('a page that claims the overlay\'s tag as its own custom element first reaches nothing of it', async () => {
  // The page defines the tag before the extension runs and takes each element's internals: a
  // closed shadow root on a custom element is open to them. The host must be an element that
  // can never be a custom element.
  await inTab('hostile-custom-element', async (d) => {
    await d.goto(security('hostile=ce'));
    await d.waitStep('open-app-passwords');
    const report = await d.eval(claimReport);
    assert.deepEqual(report.leaked, [], 'no shadow root of the overlay reached through ElementInternals');
    assert.equal(report.hostIsCustom, false, 'the host can never be a custom element');
  });
});

test('a page that fires its own events inside the fill\'s input event does not stop the guide', async () => {
  // The page's listener runs inside the extension's own dispatch of `input` and dispatches
  // scroll and resize at the window, which the guide listens to: the guide must take them
  // then (not find itself busy and give up for good) and go on to the next step.
  await inTab('hostile-reenter', async (d) => {
    await reenterFill(d, replica);
  });
});

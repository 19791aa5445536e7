// Safety in Chromium: what is captured (only the new password inside Apple's dialog, never a
// password-shaped string elsewhere), what goes over the network (nothing but the extension's own
// files, and the page's traffic is the same with and without the extension), and what a hostile
// script on Apple's page can do (read nothing of the overlay, trigger no fill, receive no
// password, reach no background message).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, waitFor, withScreenshot } from './harness.mjs';
import { ChromiumDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';
import { DECOYS, IN_URL, PASSWORD, assertNoLeak, assertSameTraffic, hostile, hostileReport, provoke, claimReport, reenterFill } from './safety.mjs';

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ask = (message) => ext.evaluate((m) => chrome.runtime.sendMessage(m), message);
const ADD = '.modal-dialog button.button-icon[title="Add"]';
const security = (query) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&${query}`);

/** The vault's entries with their passwords, as the background reveals them to the popup. */
async function vault() {
  const status = await ask({ kind: 'vault-status' });
  assert.equal(status.ok, true, JSON.stringify(status));
  return Promise.all(status.entries.map(async (e) => ({ ...e, password: (await ask({ kind: 'reveal', id: e.id })).password })));
}

const dump = () => browser.worker.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null), await chrome.storage.session.get(null)]));

async function inTab(name, fn) {
  const page = await browser.context.newPage();
  try {
    await withScreenshot(`chromium-${name}`, (file) => page.screenshot({ path: file }), () => fn(page, new ChromiumDriver(page)));
  } finally {
    await page.close();
  }
}

// ---- Capture safety ------------------------------------------------------------------------

for (const show of ['text', 'input']) {
  test(`capture (password shown as ${show}): only the new password in Apple's dialog, never a decoy`, async () => {
    await browser.worker.evaluate(() => chrome.storage.local.clear());
    await inTab(`capture-${show}`, async (page, d) => {
      await d.goto(security(`list=populated&decoy=1&show=${show}${IN_URL}`));
      await d.waitStep('open-app-passwords');
      assert.equal(await page.title(), 'wxyz-wxyz-wxyz-wxyz', 'the title holds a decoy');
      assert.match(page.url(), /ijkl-ijkl-ijkl-ijkl.*#stuv-stuv-stuv-stuv/, 'so does the address');
      // Give the guide time to (wrongly) capture anything on the page.
      await sleep(1000);
      assert.deepEqual(await vault(), [], 'nothing captured from the page');

      await d.click('#asp-tile');
      await d.waitStep('generate');
      await makePassword(d, (id) => d.waitStep(id), { generate: ADD, label: 'Decoys' });
      await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
      const real = await page.evaluate(() => {
        const shown = document.querySelector('.app-password, .modal-dialog input[readonly]');
        return shown.value || shown.textContent.trim();
      });
      assert.match(real, PASSWORD);
      for (const decoy of DECOYS.slice(6, 13)) {
        assert.ok((await page.content()).includes(decoy), `the dialog holds the decoy ${decoy}`);
      }

      const entries = await vault();
      assert.equal(entries.length, 1, 'exactly one password captured');
      assert.equal(entries[0].password, real, 'the new one, as the background reveals it');
      assert.equal(entries[0].label, 'Decoys');
      const stored = await dump();
      for (const s of [real, ...DECOYS]) assert.ok(!stored.includes(s), `${s} is not in storage in clear`);
    });
    assert.deepEqual(browser.errors, []);
  });
}

// ---- Zero network --------------------------------------------------------------------------

test("the recorder sees every context of the extension: worker, pages, content script", async () => {
  // Every test file's browser records the extension's requests (harness.mjs) and fails on any
  // that is not one of its own files. Check once that each context's requests are seen.
  assert.ok(browser.network.own > 0, 'its own files were recorded');
  const outside = replica.url('account.apple.com', '/replica/style.css?canary');
  const before = browser.network.violations.length;
  await browser.worker.evaluate((url) => fetch(url).then(() => 'ok', () => 'failed'), `${outside}&from=worker`);
  await ext.evaluate((url) => fetch(url).then(() => 'ok', () => 'failed'), `${outside}&from=page`);
  await waitFor(() => browser.network.violations.length >= before + 2, 'both canaries recorded');
  const caught = browser.network.violations.splice(before);
  const rest = browser.errors.filter((e) => !e.includes('canary'));
  browser.errors.splice(0, browser.errors.length, ...rest);
  assert.ok(caught.some((v) => /background worker.*from=worker/.test(v)), caught.join('\n'));
  assert.ok(caught.some((v) => /extension page.*from=page/.test(v)), caught.join('\n'));
  assert.deepEqual(browser.network.violations, []);
  assert.deepEqual(browser.errors, []);
});

/** The journey on the security page, recording every request the page makes (and what the
 *  replica served) with the given browser. */
async function pageTraffic(b) {
  const page = await b.context.newPage();
  const seen = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('chrome-extension://')) seen.push(`${r.method()} ${r.url().replace(/:\d+\//, '/')}`);
  });
  const served = replica.requests.length;
  const d = new ChromiumDriver(page);
  await d.goto(security('list=empty'));
  await d.click('#asp-tile');
  await makePassword(d, async () => {}, { label: 'Traffic' });
  await page.locator('.app-password').waitFor();
  await sleep(1500);
  // The favicon is the browser's own request, made once per profile.
  const result = { page: seen.sort(), served: replica.requests.slice(served).filter((r) => r.path !== '/favicon.ico').map((r) => `${r.method} ${r.host}${r.path}`).sort() };
  await page.close();
  return result;
}

test('the content script adds nothing to the page\'s own traffic (with and without the extension)', async () => {
  const plain = await launchChromium({ extension: false });
  let without;
  try {
    without = await pageTraffic(plain);
  } finally {
    await plain.close();
  }
  assertSameTraffic(await pageTraffic(browser), without);
  assert.deepEqual(browser.errors, []);
});

// ---- Hostile page --------------------------------------------------------------------------

test('a hostile page reads nothing of the overlay and cannot fill, start or steer it', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  await inTab('hostile-fill', async (page, d) => {
    await page.addInitScript(hostile);
    await d.goto(security('list=empty'));
    await d.click('#asp-tile');
    await d.click('.modal-body > button.button-rounded-rectangle');
    await d.waitStep('label');
    const view = await page.evaluate(() => {
      const host = document.querySelector('[data-apg-host]');
      return {
        shadowRoot: host.shadowRoot, children: host.children.length, text: host.textContent, html: host.innerHTML,
        hookedRoots: window.__hostile.roots,
        attrs: host.getAttributeNames().map((n) => `${n}=${host.getAttribute(n)}`),
      };
    });
    assert.equal(view.shadowRoot, null, 'the shadow root is closed');
    assert.deepEqual([view.children, view.text, view.html], [0, '', ''], 'nothing of the hint in the light DOM');
    assert.equal(view.hookedRoots, 0, "the page's attachShadow never saw the overlay's root");
    for (const a of view.attrs) assert.match(a, /^(data-apg-(host|step|anchored|core|background)|popover|style)=/, `only state attributes: ${a}`);

    await page.evaluate(provoke);
    await sleep(800);
    assert.equal(await page.locator('#asp-label').inputValue(), '', 'no label was filled');
    assert.equal((await d.state()).step, 'label', 'the guide was neither closed nor moved');
    assert.deepEqual(await vault(), [], 'nothing was captured');

    // The same, done by a person (trusted input), does fill: the check above could see a fill.
    await page.keyboard.press('Alt+Shift+G');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await page.locator('#asp-label').inputValue()) === 'Thunderbird', 'the fill by a person');
  });
  assert.deepEqual(browser.errors, []);
});

test('a hostile page never receives the password: no event, message, DOM change or storage carries it', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  const logs = [];
  await inTab('hostile-password', async (page, d) => {
    page.on('console', (m) => logs.push(m.text()));
    await page.addInitScript(hostile);
    await d.goto(security('list=empty&decoy=0'));
    await d.click('#asp-tile');
    await makePassword(d, (id) => d.waitStep(id), { label: 'Hostile' });
    await waitFor(() => page.evaluate(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');
    await d.selectAndCopy('.app-password');
    await d.waitStep('done');
    await sleep(500);
    const password = await page.evaluate(() => document.querySelector('.app-password').textContent.trim());
    assert.match(password, PASSWORD);
    assertNoLeak(await page.evaluate(hostileReport), password, logs);
    assert.equal((await vault())[0].password, password, 'and yet it was captured');
  });
  assert.deepEqual(browser.errors, []);
});

/** Runs `expression` in the extension's content-script world of `page`'s main frame (or of
 *  its child frame at `frameUrl`), through the DevTools protocol; `null` when there is no such world. */
async function inContentScript(page, expression, frameUrl = null) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const children = (frameTree.childFrames || []).map((c) => c.frame);
    const frame = frameUrl ? children.find((f) => f.url.startsWith(frameUrl)) : frameTree.frame;
    assert.ok(frame, `a frame at ${frameUrl}`);
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.frameId === frame.id && c.origin === `chrome-extension://${browser.extensionId}`);
    if (!world) return null;
    const r = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    return r.result.value;
  } finally {
    await cdp.detach();
  }
}

test('messages reach the background only from our content scripts and pages, each kind from its own, validated', async () => {
  await browser.worker.evaluate(() => chrome.storage.local.clear());
  await inTab('messages', async (page, d) => {
    await d.goto(security('list=empty'));
    await d.waitStep('open-app-passwords');
    // A web page cannot address the extension at all.
    const fromPage = await page.evaluate((id) => {
      try {
        if (!globalThis.chrome?.runtime?.sendMessage) return 'no chrome.runtime';
        return chrome.runtime.sendMessage(id, { kind: 'vault-status' }).then(() => 'answered', (e) => `refused: ${e.message}`);
      } catch (e) {
        return `threw: ${e.message}`;
      }
    }, browser.extensionId);
    assert.notEqual(fromPage, 'answered', fromPage);

    // Our content script (its own world, the top frame of an Apple page): only its kinds, and
    // those validated.
    const send = (m) => inContentScript(page, `chrome.runtime.sendMessage(${JSON.stringify(m)})`);
    assert.equal((await send({ kind: 'hello' })).ok, true, 'hello is its kind');
    for (const m of [{ kind: 'vault-status' }, { kind: 'reveal', id: '00' }, { kind: 'unlock', passphrase: 'x' }, { kind: 'delete', id: '00' }, { kind: 'set-options', options: { autoStart: false } }, { kind: 'guide-me' }]) {
      const r = await send(m);
      assert.deepEqual([r.ok, r.error], [false, 'this sender may not send that message'], `${m.kind} from a content script`);
    }
    for (const [m, why] of [
      [{ kind: 'capture', password: 'not-a-password', label: 'x' }, /not an app-specific password/],
      [{ kind: 'capture', label: 'x' }, /without a password/],
      [{ kind: 'remember', memory: { last: 'nope' } }, /unknown step/],
      [{ kind: 'apple-list', labels: Array.from({ length: 101 }, () => 'x') }, /too many/],
      [{ kind: 'whatever' }, /unknown message kind/],
      [{}, /without a kind/],
    ]) {
      const r = await send(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      assert.match(r.error, why);
    }
    // Our pages: not the content scripts' kinds.
    for (const m of [{ kind: 'capture', password: 'abcd-abcd-abcd-abcd', label: 'x' }, { kind: 'hello' }, { kind: 'remember', memory: {} }]) {
      const r = await ask(m);
      assert.deepEqual([r.ok, r.error], [false, 'this sender may not send that message'], `${m.kind} from an extension page`);
    }
    assert.deepEqual(await vault(), [], 'nothing was stored by any of it');

    // A frame never has our content script: neither Apple's own sign-in frame from another
    // origin, nor one of Apple's account pages framed inside another (the relaxed CSP allows
    // framing; the strict one is set back after).
    await d.goto(security('csp=relaxed'));
    await d.waitStep('open-app-passwords');
    await page.evaluate((src) => document.body.append(Object.assign(document.createElement('iframe'), { src })), replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today&late=0'));
    await page.frameLocator('iframe').last().locator('#asp-tile').waitFor();
    await page.waitForTimeout(1000);
    assert.equal(await inContentScript(page, '1', replica.url('account.apple.com', '/account/manage')), null, 'no content script in a framed account page');
    assert.equal(await inContentScript(page, '1'), 1, 'the top frame has it');
    await d.goto(security('csp=strict'));
  });
  await inTab('messages-frame', async (page, d) => {
    await d.goto(replica.url('account.apple.com', '/sign-in?layout=today&late=0'));
    await page.locator('#aid-auth-widget-iFrame').waitFor();
    await page.waitForTimeout(1000);
    assert.equal(await inContentScript(page, '1', replica.url('idmsa.apple.com', '/')), null, 'none in the sign-in frame');
  });
  assert.deepEqual(browser.errors, []);
});

test('a page that claims the overlay\'s tag as its own custom element first reaches nothing of it', async () => {
  // The page defines the tag before the extension runs and takes each element's internals: a
  // closed shadow root on a custom element is open to them. The host must be an element that
  // can never be a custom element.
  await inTab('hostile-custom-element', async (page, d) => {
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
  await inTab('hostile-reenter', async (page, d) => {
    await reenterFill(d, replica);
  });
});

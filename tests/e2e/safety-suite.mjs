// The safety suite, written once for both browsers and run by safety-chromium.test.mjs and
// safety-firefox.test.mjs (one browser each, so the two files run side by side): what is captured (only the new password inside Apple's dialog,
// never a password-shaped string elsewhere), what goes over the network (nothing but the
// extension's own files, and the page's traffic is the same with and without the extension),
// and what a hostile script on Apple's page can do (read nothing of the overlay, trigger no
// fill, receive no password, reach no background message).
//
// Where the browsers differ, it is explicit. Chromium: Playwright's request events and the
// DevTools protocol record every context's requests (harness.mjs), checked once to see each
// context; a hostile script is installed before the page's own scripts (an init script); the
// messages test speaks from the content script's own world through the DevTools protocol.
// Firefox: a privileged observer sees every request of the browser with the add-on that
// triggered it (harness.mjs); a hostile script is installed once the page has loaded (a
// WebDriver script cannot run before the page's own), so its hostile tests are one.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, launchFirefox, waitFor } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';
import { makePassword } from './journeys.mjs';
import { DECOYS, IN_URL, PASSWORD, assertNoLeak, assertSameTraffic, hostile, hostileReport, provoke, claimReport, reenterFill } from './safety.mjs';
import { suite } from './fixture.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ADD = '.modal-dialog button.button-icon[title="Add"]';

/** Declares the safety suite for `browsers`. */
export const safetySuite = (browsers) => suite('safety', { browsers }, (t) => {
  let replica;
  let browser; // Chromium
  let ff; // Firefox
  let ext; // Chromium: an extension page, to ask the background as the popup does

  before(async () => {
    replica = t.replica;
    if (t.chromium) {
      browser = t.browser;
      ext = await browser.context.newPage();
      await ext.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?view=tab`);
    } else {
      ff = t.browser;
    }
  });

  const ask = (message) => ext.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const security = (query) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=100&${query}`);

  /** The vault's entries with their passwords, as the background reveals them to the popup. */
  async function vault() {
    if (t.firefox) {
      return ff.inExtensionPage(`async () => {
        const status = await chrome.runtime.sendMessage({ kind: 'vault-status' });
        return Promise.all(status.entries.map(async (e) => ({ ...e, password: (await chrome.runtime.sendMessage({ kind: 'reveal', id: e.id })).password })));
      }`);
    }
    const status = await ask({ kind: 'vault-status' });
    assert.equal(status.ok, true, JSON.stringify(status));
    return Promise.all(status.entries.map(async (e) => ({ ...e, password: (await ask({ kind: 'reveal', id: e.id })).password })));
  }
  const clearVault = () => t.extension(() => chrome.storage.local.clear());
  /** Everything the extension stores, as text. */
  const dump = () => t.extension(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null), await chrome.storage.session.get(null)]));
  const captured = (d) => waitFor(() => d.eval(() => document.querySelector('[data-apg-host]').getAttribute('data-apg-captured') === 'true'), 'the capture');

  /** Runs `fn(d, page)` in a fresh tab (`page`: Chromium's); no extension error on the page,
   *  and in Firefox none recorded by the replica's page either; screenshot on failure. */
  async function inTab(name, fn) {
    await t.tab(name, async (d, page) => {
      await fn(d, page);
      assert.equal((await d.state()).error, null, 'no extension error');
      if (t.firefox) assert.deepEqual(await ff.exec('return window.__replicaErrors || [];'), [], 'no uncaught page errors');
    });
  }

  // ---- Capture safety ------------------------------------------------------------------------

  for (const show of ['text', 'input']) {
    t.test(`capture (password shown as ${show}): only the new password in Apple's dialog, never a decoy`, async () => {
      await clearVault();
      await inTab(`capture-${show}`, async (d, page) => {
        await d.goto(security(`list=populated&decoy=1&show=${show}${IN_URL}`));
        await d.waitStep('open-app-passwords');
        if (t.chromium) {
          assert.equal(await page.title(), 'wxyz-wxyz-wxyz-wxyz', 'the title holds a decoy');
          assert.match(page.url(), /ijkl-ijkl-ijkl-ijkl.*#stuv-stuv-stuv-stuv/, 'so does the address');
        } else {
          assert.deepEqual(await d.eval(() => [document.title, location.hash]), ['wxyz-wxyz-wxyz-wxyz', '#stuv-stuv-stuv-stuv'], 'decoys in the title and the address');
        }
        // Give the guide time to (wrongly) capture anything on the page.
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
        if (t.chromium) {
          for (const decoy of DECOYS.slice(6, 13)) {
            assert.ok((await page.content()).includes(decoy), `the dialog holds the decoy ${decoy}`);
          }
        }

        const entries = await vault();
        assert.deepEqual(entries.map((e) => [e.label, e.password]), [['Decoys', real]], 'exactly the new password, as the background reveals it');
        assert.ok(!DECOYS.includes(real));
        const stored = await dump();
        for (const s of [real, ...DECOYS]) assert.ok(!stored.includes(s), `${s} is not in storage in clear`);
      });
    });
  }

  // ---- Zero network --------------------------------------------------------------------------

  t.test("the recorder sees every context of the extension: worker, pages, content script", async () => {
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
  }, { only: 'chromium' });

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

  t.test('the content script adds nothing to the page\'s own traffic (with and without the extension)', async () => {
    const plain = await launchChromium({ extension: false });
    let without;
    try {
      without = await pageTraffic(plain);
    } finally {
      await plain.close();
    }
    assertSameTraffic(await pageTraffic(browser), without);
    assert.deepEqual(browser.errors, []);
  }, { only: 'chromium' });

  // ---- Hostile page --------------------------------------------------------------------------

  t.test('a hostile page reads nothing of the overlay and cannot fill, start or steer it', async () => {
    await browser.worker.evaluate(() => chrome.storage.local.clear());
    await inTab('hostile-fill', async (d, page) => {
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
  }, { only: 'chromium' });

  t.test('a hostile page never receives the password: no event, message, DOM change or storage carries it', async () => {
    await browser.worker.evaluate(() => chrome.storage.local.clear());
    const logs = [];
    await inTab('hostile-password', async (d, page) => {
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
  }, { only: 'chromium' });

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

  t.test('messages reach the background only from our content scripts and pages, each kind from its own, validated', async () => {
    await browser.worker.evaluate(() => chrome.storage.local.clear());
    await inTab('messages', async (d, page) => {
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
    await inTab('messages-frame', async (d, page) => {
      await d.goto(replica.url('account.apple.com', '/sign-in?layout=today&late=0'));
      await page.locator('#aid-auth-widget-iFrame').waitFor();
      await page.waitForTimeout(1000);
      assert.equal(await inContentScript(page, '1', replica.url('idmsa.apple.com', '/')), null, 'none in the sign-in frame');
    });
    assert.deepEqual(browser.errors, []);
  }, { only: 'chromium' });

  // ---- Firefox: zero network and the hostile page ----------------------------------------

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

  t.test('the extension requests nothing over the network, and the page\'s traffic is the same without it', async () => {
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
  }, { only: 'firefox' });

  t.test('a hostile page reads nothing of the overlay, fills nothing, and never receives the password', async () => {
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
  }, { only: 'firefox' });

  t.test('a page that claims the overlay\'s tag as its own custom element first reaches nothing of it', async () => {
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

  t.test('a page that fires its own events inside the fill\'s input event does not stop the guide', async () => {
    // The page's listener runs inside the extension's own dispatch of `input` and dispatches
    // scroll and resize at the window, which the guide listens to: the guide must take them
    // then (not find itself busy and give up for good) and go on to the next step.
    await inTab('hostile-reenter', async (d) => {
      await reenterFill(d, replica);
    });
  });
});

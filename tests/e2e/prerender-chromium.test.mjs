// Prerendered Apple pages in Chromium (issue 16 item 15): a page of the account site prerenders
// Sign-In and Security by speculation rules, then goes there, which activates the prerendered
// page. The content script of a prerendered page says hello from a frame that is not a tab's
// yet (`documentLifecycle: "prerender"`): the background must answer it (without tab memory),
// and the guide starts only if auto-start is on. With auto-start off it must not start; with
// it on, the page shows its first hint once activated; the background logs no error.
//
// Chromium does not prerender for a tab the DevTools protocol is attached to (the prerender
// ends at once with "PrerenderingDisabledByDevTools"), and Playwright attaches to every tab of
// the browsers it drives. So this suite starts Chromium itself and speaks the protocol only to
// the browser, to the extension's service worker (whose console and uncaught errors it
// records from the start) and, once the prerendered page has been activated, to that tab. The
// replica's prerendering page goes on to the prerendered page itself, once that page has told
// the replica that the guide answered it while still prerendered (tests/replica/site/account.js).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_HOSTS } from '../replica/server.mjs';
import { DIST, HOST_STATE, waitFor } from './harness.mjs';
import { suite } from './fixture.mjs';

const VERSION = JSON.parse(readFileSync(join(DIST('chromium'), 'manifest.json'), 'utf8')).version;
const SECURITY = '/account/manage/section/security?session=1&layout=today&late=100';

/** Chromium with the extension, driven over the DevTools protocol without touching its tabs. */
async function launchUnattached() {
  const profile = mkdtempSync(join(tmpdir(), 'apg-chromium-'));
  const dir = DIST('chromium');
  // The protocol over a pipe (fd 3: to Chromium, fd 4: from it; messages end with a NUL).
  const proc = spawn('/usr/bin/chromium', [
    '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`,
    `--disable-extensions-except=${dir}`, `--load-extension=${dir}`,
    `--host-resolver-rules=${ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`, '--ignore-certificate-errors',
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-default-apps', 'about:blank',
  ], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => proc.on('exit', r));
  const [toChromium, fromChromium] = [proc.stdio[3], proc.stdio[4]];
  let last = 0;
  const pending = new Map();
  const listeners = [];
  let buffer = '';
  fromChromium.setEncoding('utf8');
  fromChromium.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\0')) >= 0) {
      const m = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (m.id && pending.has(m.id)) {
        const { resolve, reject } = pending.get(m.id);
        pending.delete(m.id);
        if (m.error) reject(new Error(`${m.error.message}`)); else resolve(m.result);
      } else if (m.method) {
        listeners.forEach((l) => l(m));
      }
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++last;
    pending.set(id, { resolve, reject });
    toChromium.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
  });
  const evaluate = async (sessionId, expression) => {
    const { result, exceptionDetails } = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description || exceptionDetails.text);
    return result.value;
  };
  const targets = async () => (await send('Target.getTargets')).targetInfos;

  // The extension's service worker: its errors, recorded from here on.
  const errors = [];
  const worker = await waitFor(async () => (await targets()).find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://')), 'the extension\'s service worker', 15000);
  const { sessionId: workerSession } = await send('Target.attachToTarget', { targetId: worker.targetId, flatten: true });
  listeners.push((m) => {
    if (m.sessionId !== workerSession) return;
    if (m.method === 'Runtime.consoleAPICalled' && m.params.type === 'error') errors.push(`background console error: ${m.params.args.map((a) => a.value ?? a.description).join(' ')}`);
    if (m.method === 'Runtime.exceptionThrown') errors.push(`background exception: ${m.params.exceptionDetails.exception?.description || m.params.exceptionDetails.text}`);
  });
  await send('Runtime.enable', {}, workerSession);
  await waitFor(() => evaluate(workerSession, 'typeof chrome === "object" && !!chrome.storage'), 'the worker\'s extension API');
  return {
    errors,
    targets,
    send,
    evaluate,
    /** Runs `expression` in the extension's worker. */
    background: (expression) => evaluate(workerSession, expression),
    async close() {
      // Closed as a person would, so that its helper processes end too; killed if it hangs.
      await Promise.race([send('Browser.close').catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

suite('prerender', { browsers: ['chromium'], launch: false }, (t) => {
  /** Opens the page that prerenders Sign-In and Security and goes there; once activated, a
   *  DevTools session on that tab, and how the page was loaded. */
  async function prerenderAndActivate(b) {
    const token = randomBytes(8).toString('hex');
    const to = `${SECURITY}&prerender=${token}`;
    const { targetId } = await b.send('Target.createTarget', { url: t.replica.url('account.apple.com', `/replica-prerender?to=${encodeURIComponent(to)}`) });
    await waitFor(async () => (await b.targets()).find((x) => x.targetId === targetId && x.url.includes('/account/manage/section/security')), 'the tab to go to the prerendered page', 20000);
    const { sessionId } = await b.send('Target.attachToTarget', { targetId, flatten: true });
    const page = (expression) => b.evaluate(sessionId, expression);
    await waitFor(() => page('document.readyState === "complete"'), 'the page to be loaded');
    const how = await page(`({
      prerendered: document.documentElement.getAttribute('data-replica-prerendered'),
      answered: document.documentElement.getAttribute('data-replica-answered-prerendered'),
      prerendering: document.prerendering,
    })`);
    assert.deepEqual(how, { prerendered: 'true', answered: 'true', prerendering: false }, 'the page shown was prerendered, answered by the guide while prerendered, and activated');
    return { page, state: () => page(HOST_STATE), close: () => b.send('Target.closeTarget', { targetId }) };
  }

  t.test('a prerendered Sign-In and Security with auto-start off: activated, the guide does not start', async () => {
    const b = await launchUnattached();
    try {
      await b.background('chrome.storage.sync.set({ options: { autoStart: false } })');
      const tab = await prerenderAndActivate(b);
      // The background answered the prerendered page's hello (the version; "unreachable" when
      // it refused or did not answer).
      await waitFor(async () => (await tab.state()).background, 'the guide to load', 15000);
      assert.equal((await tab.state()).background, VERSION, 'the background answered the prerendered page');
      await waitFor(() => tab.page('!!document.querySelector("#asp-tile")'), 'the tile');
      // Time for a wrongly started guide to show its hint.
      await new Promise((r) => setTimeout(r, 1500));
      const state = await tab.state();
      assert.equal(state.step, null, 'no hint with auto-start off');
      assert.equal(state.error, null);
      assert.deepEqual(b.errors, [], 'no error in the background');
      await tab.close();
    } finally {
      await b.close();
    }
  });

  t.test('a prerendered Sign-In and Security with auto-start on: activated, the tile\'s hint shows', async () => {
    const b = await launchUnattached();
    try {
      await b.background('chrome.storage.sync.set({ options: { autoStart: true } })');
      const tab = await prerenderAndActivate(b);
      let seen;
      const state = await waitFor(async () => {
        seen = await tab.state();
        if (seen.error) throw new Error(`extension error: ${seen.error}`);
        return seen.step === 'open-app-passwords' ? seen : null;
      }, 'the tile\'s hint', 15000).catch((e) => { throw new Error(`${e.message}; the overlay: ${JSON.stringify(seen)}`); });
      assert.equal(state.error, null);
      assert.equal(await tab.page('document.querySelector("[data-apg-host]").getAttribute("data-apg-anchored")'), 'true', 'anchored on the tile');
      assert.deepEqual(b.errors, [], 'no error in the background');
      await tab.close();
    } finally {
      await b.close();
    }
  });
});

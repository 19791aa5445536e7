// Real browsers for the end-to-end tests: Debian's Chromium driven by playwright-core, and
// Firefox ESR driven over WebDriver (geckodriver), each with the built extension installed and
// the replica's host names pointed at 127.0.0.1. Any uncaught error in a page or in the
// extension fails the test that saw it; a failing test leaves a screenshot in
// target/test-artifacts/.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_HOSTS } from '../replica/server.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = (browser) => join(REPO, 'dist', browser);
export const ARTIFACTS = join(REPO, 'target', 'test-artifacts');
export const FIREFOX_ID = 'app-password-guide@extension';
export const FIREFOX_UUID = '6b0f4a52-3c8e-4d55-9a6f-7d1c2e9b0a11';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws `what` after `timeout` ms. */
export async function waitFor(probe, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** Reads the overlay host's state: what tests assert on, no shadow-root piercing needed. */
export const HOST_STATE = `(() => {
  const host = document.querySelector('[data-apg-host]');
  const err = document.querySelector('[data-apg-error]');
  return {
    present: !!host,
    step: host ? host.getAttribute('data-apg-step') : null,
    core: host ? host.getAttribute('data-apg-core') : null,
    background: host ? host.getAttribute('data-apg-background') : null,
    error: err ? err.getAttribute('data-apg-error') : null,
  };
})()`;

// ---- Chromium ----------------------------------------------------------------------------

/** Launches Chromium with the extension from dist/chromium (or, with `extension: false`, the
 *  same browser without it, to compare what pages do). `emulate` overrides Playwright's context
 *  options (viewport, deviceScaleFactor, reducedMotion, colorScheme). `executable` runs another
 *  program in Chromium's place (a wrapper that starts /usr/bin/chromium in its own setting). */
export async function launchChromium({ headless = true, profile: reuse, extension = true, emulate = {}, executable = '/usr/bin/chromium' } = {}) {
  // A given profile folder is kept (to restart the browser on it); a fresh one is removed.
  const profile = reuse || mkdtempSync(join(tmpdir(), 'apg-chromium-'));
  const dir = DIST('chromium');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 1200, height: 800 },
    ...emulate,
    ignoreDefaultArgs: extension ? ['--disable-extensions'] : [],
    args: [
      ...(extension ? [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`] : []),
      `--host-resolver-rules=${ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps',
    ],
  });
  const errors = [];
  let worker = null;
  let extensionId = null;
  if (extension) {
    worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 10000 });
    worker.on('console', (m) => { if (m.type() === 'error') errors.push(`background console error: ${m.text()}`); });
    extensionId = new URL(worker.url()).host;
  }
  const network = extension ? recordNetwork(context, extensionId, errors) : null;
  const watch = (page) => {
    page.on('pageerror', (e) => errors.push(`page error on ${page.url()}: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error on ${page.url()}: ${m.text()}`); });
    network?.watch(page);
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context, worker, extensionId, errors, network,
    profile,
    async close() {
      await context.close();
      if (!reuse) rmSync(profile, { recursive: true, force: true });
      if (network?.violations.length) {
        // Fails the test file without throwing, so the caller still closes its replica.
        console.error(`the extension made network requests other than its own files:\n${network.violations.join('\n')}`);
        process.exitCode = 1;
      }
    },
  };
}

/**
 * Records every request the extension's contexts make, for the whole life of a browser: its
 * background service worker and its own pages (Playwright's request events, which cover
 * service workers), and its content scripts (a web page's request whose initiator stack runs
 * through extension code, from the DevTools protocol). Anything but the extension's own files
 * is a violation: it goes to `errors` (which tests assert empty), and `close()` fails the
 * test file.
 */
function recordNetwork(context, extensionId, errors) {
  const own = `chrome-extension://${extensionId}/`;
  const local = (url) => url.startsWith(own) || url.startsWith('data:') || url.startsWith('blob:');
  const network = { own: 0, violations: [] };
  const flag = (what) => {
    network.violations.push(what);
    errors.push(`network: ${what}`);
  };
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith(own)) network.own += 1;
    if (local(url)) return;
    if (request.serviceWorker()) return flag(`the background worker requested ${url}`);
    let from = '';
    try {
      from = request.frame().url();
    } catch {
      // A navigation before its frame exists: a page's, not the extension's.
    }
    if (from.startsWith('chrome-extension://')) flag(`the extension page ${from} requested ${url}`);
  });
  const stackUrls = (stack) => (stack ? [...stack.callFrames.map((f) => f.url), ...stackUrls(stack.parent)] : []);
  network.watch = (page) => {
    context.newCDPSession(page).then(async (cdp) => {
      cdp.on('Network.requestWillBeSent', ({ request, initiator }) => {
        if (local(request.url)) return;
        const urls = [initiator.url || '', ...stackUrls(initiator.stack)];
        if (urls.some((u) => u.startsWith('chrome-extension://'))) flag(`a content script on ${page.url()} requested ${request.url}`);
      });
      await cdp.send('Network.enable');
    }).catch(() => {
      // The page closed before the session opened.
    });
  };
  return network;
}

/** The overlay state of a Playwright page. */
export const chromiumState = (page) => page.evaluate(HOST_STATE);

/** The viewport rectangle of the overlay's spotlight ring, read through the closed shadow root. */
export async function chromiumRingRect(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  let ring = null;
  // attributes come as [name, value, name, value...]
  const walk = (n) => {
    if (ring) return;
    const a = n.attributes || [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === 'class' && a[i + 1] === 'ring') ring = n;
    [...(n.children || []), ...(n.shadowRoots || [])].forEach(walk);
  };
  walk(root);
  if (!ring) return null;
  // A ring that is not rendered (hidden) has no box model.
  const box = await cdp.send('DOM.getBoxModel', { nodeId: ring.nodeId }).catch(() => null);
  await cdp.detach();
  if (!box) return null;
  const { model } = box;
  const [x1, y1, x2, , , y3] = model.border;
  return { left: x1, top: y1, width: x2 - x1, height: y3 - y1 };
}

// ---- Firefox -----------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Launches Firefox ESR under geckodriver with dist/firefox as a temporary add-on (or, with
 *  `extension: false`, without it, to compare what pages do). `env` adds to the environment
 *  of geckodriver and Firefox (a HOME of the test's own, for per-user native manifests). */
export async function launchFirefox({ extension = true, env = {}, prefs = {} } = {}) {
  const port = await freePort();
  const driver = spawn('geckodriver', ['--port', String(port), '--log', 'error', '--allow-system-access'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let driverLog = '';
  driver.stderr.on('data', (d) => { driverLog += d; });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`WebDriver ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  await waitFor(async () => (await fetch(`${base}/status`)).ok, 'geckodriver to start');
  const session = await call('POST', '/session', {
    capabilities: { alwaysMatch: {
      browserName: 'firefox', acceptInsecureCerts: true,
      'moz:firefoxOptions': {
        binary: '/usr/bin/firefox-esr', args: ['-headless', '-width=1200', '-height=800'],
        prefs: {
          'network.dns.localDomains': ALL_HOSTS.join(','),
          'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ID]: FIREFOX_UUID }),
          'browser.shell.checkDefaultBrowser': false, 'app.update.enabled': false,
          'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false,
          'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false,
          'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
          'extensions.getAddons.cache.enabled': false, 'browser.region.network.url': '',
          ...prefs,
        },
      },
    } },
  }).catch((e) => { throw new Error(`${e.message}\n${driverLog}`); });
  const s = `/session/${session.sessionId}`;
  // Runs `script` with the browser's own privileges (geckodriver --allow-system-access).
  const privileged = async (script) => {
    await call('POST', `${s}/moz/context`, { context: 'chrome' });
    try {
      return await call('POST', `${s}/execute/sync`, { script, args: [] });
    } finally {
      await call('POST', `${s}/moz/context`, { context: 'content' });
    }
  };
  await privileged(RECORD_FIREFOX_NETWORK);
  if (extension) await call('POST', `${s}/moz/addon/install`, { path: DIST('firefox'), temporary: true });
  const ff = {
    call, session: s,
    /** Requests a test made on purpose from the extension's pages, to see them recorded. */
    canaries: new Set(),
    async get(url) { await call('POST', `${s}/url`, { url }); },
    async exec(script, ...args) { return call('POST', `${s}/execute/sync`, { script, args }); },
    async state() { return call('POST', `${s}/execute/sync`, { script: `return ${HOST_STATE};`, args: [] }); },
    async screenshot(file) { writeFileSync(file, Buffer.from(await call('GET', `${s}/screenshot`), 'base64')); },
    /** Every HTTP request the browser made since launch: URL, the add-ons of its triggering
     *  principal, whether it was the browser's own (system principal), and its origin. */
    async network() { return privileged('return Services.__apgNetwork;'); },
    /** The requests the extension made, and requests to hosts outside the replica by anyone but
     *  the browser itself (the replica's pages never leave it, so those came from the extension). */
    async networkViolations() {
      return (await ff.network())
        .filter((r) => !ff.canaries.has(r.url))
        .filter((r) => r.addons.includes(FIREFOX_ID) || (!r.system && !ALL_HOSTS.includes(new URL(r.url).hostname)))
        .map((r) => `${r.addons.includes(FIREFOX_ID) ? 'the extension' : r.origin} requested ${r.url}`);
    },
    /** Runs `fn` in a new tab, then closes it and comes back to the tab that was current. */
    async inNewTab(fn) {
      const back = await call('GET', `${s}/window`);
      const tab = await call('POST', `${s}/window/new`, { type: 'tab' });
      await call('POST', `${s}/window`, { handle: tab.handle });
      try {
        return await fn();
      } finally {
        await call('DELETE', `${s}/window`);
        await call('POST', `${s}/window`, { handle: back });
      }
    },
    /** Runs `script` (an async function's source) in one of the extension's own pages, in a tab
     *  of its own, and returns its result. */
    async inExtensionPage(script, path = 'popup/popup.html?view=tab') {
      return ff.inNewTab(async () => {
        await ff.get(`moz-extension://${FIREFOX_UUID}/${path}`);
        return call('POST', `${s}/execute/async`, { script: `const done = arguments[0]; (${script})().then(done, (e) => done('error: ' + e));`, args: [] });
      });
    },
    async close() {
      const violations = await ff.networkViolations().catch(() => []);
      await call('DELETE', s).catch(() => {});
      driver.kill();
      if (violations.length) {
        // Fails the test file without throwing, so the caller still closes its replica.
        console.error(`the extension made network requests:\n${violations.join('\n')}`);
        process.exitCode = 1;
      }
    },
  };
  return ff;
}

// Privileged script: observes every HTTP request of the browser (any context: pages, the
// extension's background and pages, content scripts) from its start.
const RECORD_FIREFOX_NETWORK = `
  const log = [];
  Services.obs.addObserver({ observe(subject) {
    const channel = subject.QueryInterface(Ci.nsIHttpChannel);
    const p = channel.loadInfo && channel.loadInfo.triggeringPrincipal;
    const ids = !p ? [] : p.isExpandedPrincipal ? p.allowlist.map((x) => x.addonId) : [p.addonId];
    log.push({ url: channel.URI.spec, addons: ids.filter(Boolean), system: !!(p && p.isSystemPrincipal), origin: p ? p.origin : '' });
  } }, 'http-on-modify-request');
  Services.__apgNetwork = log;
`;

/**
 * Chromium: the extension's content-script world in `page`'s top frame, reached through the
 * DevTools protocol (as a subverted content script would act). `navigate` loads the page once
 * the protocol is listening. `run(expression)` evaluates there and resolves to the value, or
 * throws what the expression threw; `detach()` ends it.
 */
export async function contentScriptWorld(page, origin, navigate) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  await navigate();
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const world = await waitFor(
    () => contexts.filter((c) => c.origin === origin && c.auxData?.frameId === frameTree.frame.id && !c.auxData?.isDefault).pop(),
    'the extension\'s content-script world',
  );
  const run = async (expression) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description || exceptionDetails.text);
    return result.value;
  };
  return { run, detach: () => cdp.detach() };
}

/** Saves a screenshot under target/test-artifacts/ when `fn` throws, then rethrows. */
export async function withScreenshot(name, shoot, fn) {
  try {
    return await fn();
  } catch (e) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await shoot(file).catch(() => {});
    e.message += `\n(screenshot: ${file})`;
    throw e;
  }
}

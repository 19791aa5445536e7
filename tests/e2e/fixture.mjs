// One fixture for the end-to-end suites: a suite is written once and run over the browsers it
// names, each in a `describe` of its own with its own browser and replica. The fixture owns
// what every suite used to repeat: it starts the replica and the browser (with the built
// extension) before the suite's tests, closes both after them, takes a screenshot when a test
// fails (target/test-artifacts/<browser>-<test>.png), and after each test asserts that no
// uncaught error was seen in a page or in the extension since the test before.
//
//   suite('clipboard', { browsers: ['chromium', 'firefox'] }, (t) => {
//     t.test('the clipboard is cleared…', async () => { … t.replica … t.browser / t.ff … });
//   });
//
// Test names are prefixed by the browser: `[chromium] the clipboard is cleared…`.
// Where Chromium and Firefox legitimately differ, a suite says so with `t.chromium` /
// `t.firefox`, or registers a test for one browser only with `{ only: 'chromium' }`.
import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReplica } from '../replica/server.mjs';
import { launchChromium, launchFirefox, withScreenshot, FIREFOX_UUID } from './harness.mjs';
import { ChromiumDriver, FirefoxDriver } from './drivers.mjs';

/**
 * Declares a suite run over `browsers`. Options:
 * - `replica` (default true): start the replica for the suite;
 * - `launch`: options for launchChromium / launchFirefox, or a function of the browser's name
 *   returning them; `launch: false` starts no browser (the suite launches its own);
 *   `launch: 'per-test'` starts none either, and closes the one a test launched after it;
 * - `scratch`: a name; the suite gets a folder of its own in the temp directory (`t.scratch`),
 *   removed after it;
 * - `errors` (default true): assert after each test that no uncaught error was seen.
 * `body(t)` registers the tests; `t` is the suite's handle for one browser (see `handle`).
 */
export function suite(name, { browsers = ['chromium', 'firefox'], replica = true, launch = {}, scratch = null, errors = true } = {}, body) {
  for (const browser of browsers) {
    describe(`${name} in ${browser}`, () => {
      const t = handle(browser, { errors });
      before(async () => {
        if (replica) t.replica = await startReplica();
        if (scratch) t.scratch = mkdtempSync(join(tmpdir(), `apg-${scratch}-`));
        const options = typeof launch === 'function' ? launch(browser) : launch;
        if (options !== false && options !== 'per-test') await t.launch(options);
      });
      after(async () => {
        await t.close();
        await t.replica?.close();
        if (t.scratch) rmSync(t.scratch, { recursive: true, force: true });
      });
      // Registered before the suite's own hooks, so that it runs before a suite's afterEach
      // that closes a browser started for the test.
      afterEach(() => t.sawNoErrors());
      // A browser a test launched, closed once its errors were checked.
      if (launch === 'per-test') afterEach(() => t.close());
      body(t);
    });
  }
}

const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

/** The handle a suite's body gets for one browser. */
function handle(name, { errors: checkErrors }) {
  const t = {
    /** 'chromium' or 'firefox'. */
    name,
    chromium: name === 'chromium',
    firefox: name === 'firefox',
    /** The suite's own temp folder, with the `scratch` option. */
    scratch: null,
    /** The replica (startReplica()), when the suite has one. */
    replica: null,
    /** Chromium: launchChromium()'s result. Firefox: launchFirefox()'s. */
    browser: null,
    /** Firefox: the same as `browser`, by its usual name. */
    get ff() { return name === 'firefox' ? t.browser : null; },
    /** The extension's own origin. */
    get origin() { return name === 'chromium' ? `chrome-extension://${t.browser.extensionId}` : `moz-extension://${FIREFOX_UUID}`; },

    /** Starts this suite's browser (the fixture does, unless the suite says `launch: false`). */
    async launch(options = {}) {
      t.browser = name === 'chromium' ? await launchChromium(options) : await launchFirefox(options);
      if (name === 'firefox' && checkErrors) await watchFirefoxErrors(t.browser);
      return t.browser;
    },
    async close() {
      const b = t.browser;
      t.browser = null;
      await b?.close();
    },
    /** For a suite that starts its browser per test (`launch: false`): launches it with
     *  `options`, runs `fn`, checks that no error was seen, and closes it whatever happens. */
    async withBrowser(options, fn) {
      await t.launch(options);
      try {
        await fn(t.browser);
        await t.sawNoErrors();
      } finally {
        await t.close();
      }
    },

    /** Registers a test, named `[browser] name`; `only` limits it to one browser. `fn(t,
     *  context)` gets this handle and node:test's context. A failing test leaves a screenshot
     *  of the page in front. */
    test(title, fn, { only } = {}) {
      if (only && only !== name) return;
      it(`[${name}] ${title}`, async (context) => {
        try {
          await fn(t, context);
        } catch (e) {
          if (!/\(screenshot: /.test(e?.message || '') && t.browser) {
            await withScreenshot(`${name}-${slug(title)}`, (file) => t.screenshot(file), () => { throw e; });
          }
          throw e;
        }
      });
    },

    /** A screenshot of the page in front (Chromium: the last page opened that is still open). */
    async screenshot(file) {
      if (name === 'chromium') {
        const pages = t.browser.context.pages().filter((p) => !p.isClosed());
        await pages[pages.length - 1]?.screenshot({ path: file });
      } else {
        await t.browser.screenshot(file);
      }
    },

    /** Asserts that no uncaught error was seen in a page or in the extension since the last
     *  check (Chromium: page errors, console errors of pages and of the worker, and requests
     *  the extension must not make; Firefox: script errors of the extension and of the
     *  replica's pages, see WATCH_FIREFOX_ERRORS). */
    async sawNoErrors() {
      if (!checkErrors || !t.browser) return;
      const seen = name === 'chromium' ? [...t.browser.errors] : await t.browser.errors();
      if (name === 'chromium') t.browser.errors.length = 0;
      assert.deepEqual(seen, [], 'no uncaught errors in page or extension');
    },

    /**
     * Runs `fn(d, page)` with a driver on a fresh tab (Chromium: a new page, closed after;
     * Firefox: a new tab, closed after, `page` null); a failure leaves a screenshot
     * `<browser>-<shot>.png` of that tab.
     */
    async tab(shot, fn) {
      if (name === 'chromium') {
        const page = await t.browser.context.newPage();
        try {
          return await withScreenshot(`chromium-${shot}`, (file) => page.screenshot({ path: file }), () => fn(new ChromiumDriver(page), page));
        } finally {
          await page.close();
        }
      }
      const ff = t.browser;
      return ff.inNewTab(() => withScreenshot(`firefox-${shot}`, (file) => ff.screenshot(file), () => fn(new FirefoxDriver(ff), null)));
    },

    /** A driver on the page in front (Firefox: the current tab). */
    driver(page) {
      return name === 'chromium' ? new ChromiumDriver(page) : new FirefoxDriver(t.browser);
    },

    /** Sends `message` to the background from one of the extension's own pages, as the popup
     *  does, and returns the answer. */
    async ask(message) {
      // As JSON: WebDriver takes a result with an `error` field for its own error.
      if (name === 'firefox') return JSON.parse(await t.browser.inExtensionPage(`async () => JSON.stringify(await chrome.runtime.sendMessage(${JSON.stringify(message)}))`));
      const page = await t.browser.context.newPage();
      try {
        await page.goto(`${t.origin}/popup/popup.html?view=tab`);
        return await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
      } finally {
        await page.close();
      }
    },

    /**
     * Runs `fn` (a function without free variables; `arg` is passed to it) in the extension's
     * background (Chromium: its service worker) or, in Firefox, in one of its pages (which
     * share the background's APIs: storage, runtime messages).
     */
    async extension(fn, arg) {
      if (name === 'chromium') return t.browser.worker.evaluate(fn, arg);
      const json = await t.browser.inExtensionPage(`async () => JSON.stringify(await (${fn})(${JSON.stringify(arg ?? null)})) ?? 'null'`);
      return JSON.parse(json);
    },
  };
  return t;
}

// Firefox: what the fixture counts as an uncaught error. A privileged listener of the console
// service keeps the script errors (not warnings) whose source is the extension's (its
// background page, its pages, its content scripts: moz-extension://…) or a replica page's
// (Apple's and iCloud's hosts); the browser's own chrome errors are left out, and so is
// "Promise resolved (or rejected) after context unloaded", which Firefox reports when a test
// closes an extension page while a message it sent is still unanswered. Unlike in Chromium, calls to
// console.error are not seen: with one process per site, Firefox hands them to the parent
// process only through its developer tools.
const WATCH_FIREFOX_ERRORS = `
  const seen = [];
  const ours = (s) => typeof s === 'string' && s.startsWith('moz-extension://${FIREFOX_UUID}/');
  const replica = (s) => typeof s === 'string' && /^https:\\/\\/[^/]*\\b(apple|icloud)\\.com(\\.cn)?[:/]/.test(s);
  Services.console.registerListener({ observe(m) {
    if (!(m instanceof Ci.nsIScriptError)) return;
    if (m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)) return;
    if (!ours(m.sourceName) && !replica(m.sourceName)) return;
    if (/^Promise (resolved|rejected) after context unloaded/.test(m.errorMessage)) return;
    seen.push((ours(m.sourceName) ? 'extension error: ' : 'page error: ') + m.errorMessage + ' (' + m.sourceName + ':' + m.lineNumber + ')');
  } });
  Services.__apgErrors = seen;
`;

async function watchFirefoxErrors(ff) {
  const privileged = async (script) => {
    await ff.call('POST', `${ff.session}/moz/context`, { context: 'chrome' });
    try {
      return await ff.call('POST', `${ff.session}/execute/sync`, { script, args: [] });
    } finally {
      await ff.call('POST', `${ff.session}/moz/context`, { context: 'content' });
    }
  };
  await privileged(WATCH_FIREFOX_ERRORS);
  /** The errors seen since the last call. */
  ff.errors = () => privileged('return Services.__apgErrors.splice(0);');
}

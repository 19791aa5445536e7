// Least privilege, pinned: the permissions, host access, web-accessible resources and CSP of
// the source manifest.json, of both manifests `cargo xtask dist` writes, and of the manifest
// Chromium actually loaded. Any change to them fails here and must change this file on purpose
// (and the README's permission list with it). In Chromium it also checks what the pins mean:
// only Apple's pages can load the content core, only those files, and extension pages refuse
// eval while compiling wasm.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DIST, REPO, waitFor } from './harness.mjs';
import { suite } from './fixture.mjs';

// ---- The pins ------------------------------------------------------------------------------

/**
 * The API permissions, none of which grants access to any page: the extension's own storage
 * (vault, settings, per-tab memory); timers (`alarms`), for the vault's auto-lock at its
 * deadline and the clipboard's clearing even when nothing else wakes the background;
 * `clipboardWrite`, to clear a copied password from the background with no page of ours in
 * front (Firefox: the background page; Chromium: the offscreen document, whose copy command
 * needs it too); `clipboardRead`, to tell at that moment whether the clipboard still holds the
 * password copied (anything copied meanwhile is left alone; read then only); `offscreen`
 * (Chromium only: Firefox has no offscreen documents, and its manifest leaves it out).
 */
const PERMISSIONS = ['storage', 'alarms', 'clipboardRead', 'clipboardWrite', 'offscreen'];
const FIREFOX_PERMISSIONS = ['storage', 'alarms', 'clipboardRead', 'clipboardWrite'];
/** Apple's pages the guide works on: the content script runs there and nowhere else. */
const APPLE = [
  'https://account.apple.com/*', 'https://appleid.apple.com/*', 'https://www.icloud.com/*',
  'https://account.apple.com.cn/*', 'https://appleid.apple.com.cn/*', 'https://www.icloud.com.cn/*',
];
/**
 * At document_start the wasm's prefetch and the core's glue, at document_idle the loader:
 * classic scripts, top frame only (no all_frames), in the isolated world (no MAIN).
 */
const CONTENT_SCRIPTS = [
  { matches: APPLE, js: ['content/prefetch.js', 'core/content.js'], run_at: 'document_start' },
  { matches: APPLE, js: ['content/loader.js'], run_at: 'document_idle' },
];
/**
 * The content core (wasm build and its wasm2js fallback, one ES module), for Apple's pages
 * only. Not `use_dynamic_url`: when the fallback was three modules, Chromium resolved their
 * relative imports against the static extension URL, which that option denies (tried: the
 * wasm2js path then failed to start); not tried again since it became one file.
 */
const CORE = ['core/content_bg.wasm', 'core/js/content.js'];
const WEB_ACCESSIBLE = [{ resources: CORE, matches: APPLE }];
/** Extension pages: our own scripts and wasm only; no remote code, no eval, no inline script. */
const CSP = { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" };
/** The options page: an extension page like the popup (same CSP), opened in a tab. Grants nothing. */
const OPTIONS_UI = { page: 'options/options.html', open_in_tab: true };
/**
 * Chromium: the schema of what an administrator may preset in managed storage (read with the
 * `storage` permission already pinned). Grants nothing; Firefox does not read the key (its
 * policies.json does that job), so its manifest leaves it out.
 */
const STORAGE = { managed_schema: 'managed_schema.json' };
/**
 * Every top-level key. No host_permissions, optional_permissions, externally_connectable,
 * commands, sandbox or anything else that grants access: adding a key means deciding here.
 */
const KEYS = [
  'manifest_version', 'name', 'short_name', 'description', 'version', 'default_locale', 'icons', 'permissions',
  'action', 'options_ui', 'background', 'content_scripts', 'web_accessible_resources', 'content_security_policy',
];
const GECKO = 'browser_specific_settings';

function checkPins(m, where, extraKeys = [], permissions = PERMISSIONS) {
  assert.deepEqual(Object.keys(m).sort(), [...KEYS, ...extraKeys].sort(), `${where}: top-level keys`);
  assert.deepEqual(m.permissions, permissions, `${where}: permissions`);
  assert.deepEqual(m.content_scripts, CONTENT_SCRIPTS, `${where}: content scripts`);
  assert.deepEqual(m.web_accessible_resources, WEB_ACCESSIBLE, `${where}: web-accessible resources`);
  assert.deepEqual(m.content_security_policy, CSP, `${where}: CSP`);
  assert.deepEqual(m.options_ui, OPTIONS_UI, `${where}: options page`);
  if (extraKeys.includes('storage')) assert.deepEqual(m.storage, STORAGE, `${where}: managed storage schema`);
}

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));

test('the source and both built manifests grant exactly what is pinned', () => {
  const source = read(join(REPO, 'manifest.json'));
  checkPins(source, 'manifest.json', [GECKO, 'storage']);
  const chromium = read(join(DIST('chromium'), 'manifest.json'));
  checkPins(chromium, 'dist/chromium', ['storage']);
  assert.deepEqual(chromium.background, { service_worker: 'background/background.js', type: 'module' });
  const firefox = read(join(DIST('firefox'), 'manifest.json'));
  checkPins(firefox, 'dist/firefox', [GECKO], FIREFOX_PERMISSIONS);
  assert.deepEqual(firefox.background, { scripts: ['background/background.js'], type: 'module' });
  // Firefox: no data collected, declared to the store.
  assert.deepEqual(firefox[GECKO].gecko.data_collection_permissions, { required: ['none'] });
  // The managed-storage schema ships in both packages, as written.
  const schema = readFileSync(join(REPO, 'extension', STORAGE.managed_schema), 'utf8');
  for (const b of ['chromium', 'firefox']) assert.equal(readFileSync(join(DIST(b), STORAGE.managed_schema), 'utf8'), schema, `${b}: ${STORAGE.managed_schema}`);
});

/** Extension paths a script file loads: the loader's url('…') calls and modules' relative imports. */
function loads(file, base) {
  const text = readFileSync(join(base, file), 'utf8');
  const found = [...text.matchAll(/\burl\('([^']+)'\)/g)].map((m) => m[1]);
  for (const m of text.matchAll(/\bimport\s*(?:[^'"();]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    found.push(normalize(join(dirname(file), m[1])));
  }
  return found;
}

test('the web-accessible files are exactly the ones the content script loads, and exist', () => {
  for (const browser of ['chromium', 'firefox']) {
    const dir = DIST(browser);
    const seen = new Set();
    const queue = [...loads('content/prefetch.js', dir), ...loads('content/loader.js', dir)];
    while (queue.length) {
      const f = queue.shift();
      if (seen.has(f)) continue;
      seen.add(f);
      assert.ok(existsSync(join(dir, f)), `${browser}: ${f} is loaded but not built`);
      if (f.endsWith('.js')) queue.push(...loads(f, dir));
    }
    assert.deepEqual([...seen].sort(), [...CORE].sort(), `${browser}: loaded by the content script`);
  }
});

// ---- What the pins mean, in Chromium -------------------------------------------------------

suite('privilege', { browsers: ['chromium'] }, (t) => {
  let replica;
  let browser;
  before(() => {
    ({ replica, browser } = t);
  });

  t.test('Chromium loaded the pinned manifest', async () => {
    const loaded = await browser.worker.evaluate(() => chrome.runtime.getManifest());
    // Chromium adds the locale it chose; it grants nothing.
    assert.equal(typeof loaded.current_locale, 'string');
    delete loaded.current_locale;
    checkPins(loaded, 'the loaded manifest', ['storage']);
  });

  /** From a page at `url`, whether each extension path loads (fetch by the page itself). */
  async function pageCanLoad(url, paths) {
    const page = await browser.context.newPage();
    await page.goto(url);
    const base = `chrome-extension://${browser.extensionId}/`;
    const result = await page.evaluate(async ({ base, paths }) => {
      const out = {};
      for (const p of paths) out[p] = await fetch(base + p).then((r) => r.ok, () => false);
      return out;
    }, { base, paths });
    await page.close();
    // Denied loads are reported as console errors by Chromium: expected here, not a failure.
    browser.errors.splice(0, browser.errors.length, ...browser.errors.filter((e) => !/Denying load|ERR_FAILED|Failed to fetch/.test(e)));
    return result;
  }

  t.test('only Apple pages can load the content core, and nothing else of the extension', async () => {
    const others = [
      // The core's glue is a content script, not loaded by URL: no page can fetch it.
      'core/content.js',
      'core/app.js', 'core/app_bg.wasm', 'background/background.js', 'popup/popup.html', 'options/options.html', 'options/options.js',
      'managed_schema.json', 'manifest.json', '_locales/en/messages.json', 'icons/icon-16.png',
    ];
    const apple = await pageCanLoad(replica.url('account.apple.com', '/account/manage/section/security?session=1&layout=today'), [...CORE, ...others]);
    for (const f of CORE) assert.equal(apple[f], true, `Apple's page loads ${f}`);
    for (const f of others) assert.equal(apple[f], false, `Apple's page cannot load ${f}`);
    // Apple's sign-in frame host is not one of the guide's pages: nothing at all.
    const signIn = await pageCanLoad(replica.url('idmsa.apple.com', '/appleauth/auth/authorize/signin'), CORE);
    for (const f of CORE) assert.equal(signIn[f], false, `idmsa.apple.com cannot load ${f}`);
    assert.deepEqual(browser.errors, []);
  });

  t.test('extension pages (popup and options) run under the pinned CSP: no eval, wasm allowed', async () => {
    for (const [path, drawn] of [['popup/popup.html', '#vault'], ['options/options.html', '#default-preset']]) {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await waitFor(() => page.evaluate((sel) => document.querySelector(sel) !== null, drawn), `${path} drawn by the app module`);
      const verdict = await page.evaluate(async () => {
        const attempt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
        const wasm = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => 'ran', (e) => e.name);
        return { eval: attempt(() => eval('1')), fn: attempt(() => new Function('return 1')()), wasm };
      });
      await page.close();
      assert.deepEqual(verdict, { eval: 'EvalError', fn: 'EvalError', wasm: 'ran' }, path);
    }
    browser.errors.splice(0, browser.errors.length, ...browser.errors.filter((e) => !/unsafe-eval|Content Security Policy/.test(e)));
    assert.deepEqual(browser.errors, []);
  });
});

// The browser half of `cargo xtask bench`: measures the built extension (dist/) in headless
// Chromium (and Firefox ESR where the metric means the same there) against the replica, side by
// side with driver.js doing the equivalent job on the same page in the same run, and writes
// the raw figures as JSON to the path given (xtask composes the report).
//
//   node tests/bench/bench.mjs OUT.json [--reps N]
//
// Every timing is taken `reps` times (default 20) after warm-up runs, and reported as
// {p50, p95, n, samples}. Nothing here asserts anything: speed is reported, never tested.
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cpus, loadavg, tmpdir } from 'node:os';
import { startReplica, ALL_HOSTS } from '../replica/server.mjs';
import { launchChromium, launchFirefox, REPO, DIST, waitFor } from '../e2e/harness.mjs';
import { ChromiumDriver, FirefoxDriver } from '../e2e/drivers.mjs';
import { makePassword } from '../e2e/journeys.mjs';
import { PAGE_PROBE, PAGE_PROBE_FN, COLD_PROBE_FN, DRIVER_START, MUTATE } from './page.mjs';

const out = process.argv[2] || join(REPO, 'target/bench/browser.json');
const repsArg = process.argv.indexOf('--reps');
const REPS = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 20;
const WARMUP = 2;
// `--only mutations|hints|cold|capture`: just those figures (for working on them; not a report).
const onlyArg = process.argv.indexOf('--only');
const ONLY = onlyArg > 0 ? process.argv[onlyArg + 1] : null;
const SECURITY = '/account/manage/section/security';
const TILE = '#asp-tile';
const log = (...a) => console.log('bench:', ...a);

/** p50/p95 (nearest rank) of the samples. */
export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const round = (v) => Math.round(v * 1000) / 1000;
  return { p50: round(at(50)), p95: round(at(95)), n: s.length, samples: samples.map(round) };
}

/** Runs `once` WARMUP + REPS times; returns the stats of the last REPS results. */
async function repeat(what, once, reps = REPS) {
  const samples = [];
  for (let i = 0; i < WARMUP + reps; i++) {
    const v = await once(i);
    if (i >= WARMUP) samples.push(v);
  }
  const s = stats(samples);
  log(`${what}: p50 ${s.p50} p95 ${s.p95} (n=${s.n})`);
  return s;
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

function sizes() {
  const core = join(DIST('chromium'), 'core');
  const drv = join(REPO, 'node_modules/driver.js/dist');
  return {
    content_wasm: gz(join(core, 'content_bg.wasm')),
    content_glue: gz(join(core, 'content.js')),
    // One bundle (the wasm2js core and its glue); the core alone, before bundling, from the build's folder.
    content_wasm2js: gz(join(core, 'js/content.js')),
    content_wasm2js_core: gz(join(REPO, 'target/wasm-content/js/content_bg.wasm.js')),
    app_wasm: gz(join(core, 'app_bg.wasm')),
    driverjs: gz(join(drv, 'driver.js.iife.js')) + gz(join(drv, 'driver.css')),
  };
}

/** Whether any file of the built extensions carries driver.js (it must never ship). */
function driverjsShipped() {
  const needle = 'driver-popover';
  const walk = (d) => readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  return ['chromium', 'firefox'].flatMap((b) => walk(DIST(b))).filter((f) => /driver/i.test(f) || readFileSync(f).includes(needle));
}

// ---- Chromium ------------------------------------------------------------------------------

/** A Chromium without the extension, for the baseline and driver.js. */
async function launchPlainChromium() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [`--host-resolver-rules=${ALL_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`, '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
  });
  // bypassCSP: driver.js is injected as the page's own script would be, with its CSS.
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 }, bypassCSP: true });
  return { context, close: () => browser.close() };
}

const DRIVER_SOURCE = () => readFileSync(join(REPO, 'node_modules/driver.js/dist/driver.js.iife.js'), 'utf8');
const DRIVER_CSS = () => readFileSync(join(REPO, 'node_modules/driver.js/dist/driver.css'), 'utf8');

/** A new page with the probe (and, for driver.js, the library waiting for `selector`). */
async function probePage(context, { driverFor = null } = {}) {
  const page = await context.newPage();
  await page.addInitScript(PAGE_PROBE);
  if (driverFor) {
    await page.addInitScript(DRIVER_SOURCE());
    await page.addInitScript(`(${DRIVER_START})(${JSON.stringify({ selector: driverFor, css: DRIVER_CSS() })})`);
  }
  return page;
}

/** One first-hint run: a fresh tab whose target appears `late` ms after load. */
async function firstHintOnce(context, { csp, driver }) {
  const page = await probePage(context, { driverFor: driver ? TILE : null });
  try {
    await page.goto(replicaUrl('account.apple.com', `${SECURITY}?session=1&layout=today&late=50&csp=${csp}&bench=hint&guide=${driver ? 0 : 1}`));
    await page.waitForFunction(() => window.__bench.paint !== null, null, { timeout: 15000 });
    const b = await page.evaluate(`({ ...window.__bench, cold: ${COLD_ENTRIES} })`);
    if (!driver && !b.readyAtTarget) throw new Error('the guide was not running 10 s after the page rendered');
    return b;
  } finally {
    await page.close();
  }
}

let replicaUrl;

/** The loader's cold-start measures on the page's timeline: `{start, glue, compile, instantiate, core}` (ms). */
const COLD_ENTRIES = `Object.fromEntries(performance.getEntriesByType('measure').filter((e) => e.name.startsWith('apg-cold-'))
  .map((e) => [e.name.slice('apg-cold-'.length), e.duration]))`;
const COLD_PARTS = ['wait', 'glue', 'instantiate', 'core', 'fetch', 'compile'];

/** Cold start (content script start → core started) and its parts, from the runs' measures. */
function coldStats(runs) {
  const total = runs.map((b) => b.cold.start).filter((v) => typeof v === 'number');
  if (!total.length) return null;
  const s = stats(total);
  s.parts = {};
  for (const k of COLD_PARTS) {
    const v = runs.map((b) => b.cold[k]).filter((x) => typeof x === 'number');
    if (v.length) s.parts[k] = stats(v);
  }
  return s;
}

async function chromiumFigures(ext, plain) {
  if (ONLY === 'cold') return {};
  if (ONLY === 'mutations') return { mutation_overhead_us: await mutationOverhead(ext, plain) };
  if (ONLY === 'capture') return captureAndMemory(ext);
  const r = {};
  const runs = { wasm: [], wasm2js: [], driverjs: [] };
  for (const [key, opts] of [['wasm', { csp: 'relaxed' }], ['wasm2js', { csp: 'strict' }], ['driverjs', { csp: 'relaxed', driver: true }]]) {
    const context = opts.driver ? plain.context : ext.context;
    r[key] = await repeat(`first hint ${key}`, async () => {
      const b = await firstHintOnce(context, opts);
      runs[key].push(b);
      if (!opts.driver && b.core !== key) throw new Error(`expected the ${key} core, got ${b.core}`);
      return b.paint - b.target;
    });
  }
  const first_hint_ms = { wasm: r.wasm, wasm2js: r.wasm2js, driverjs: r.driverjs };
  first_hint_ms.ratio_vs_driverjs = {
    wasm: ratio(r.wasm.p50, r.driverjs.p50),
    wasm2js: ratio(r.wasm2js.p50, r.driverjs.p50),
    note: 'p50 ours / p50 driver.js, same run',
  };
  // Shown (attribute set / onHighlighted) without waiting for the paint, for reading the above.
  first_hint_ms.shown_ms = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, stats(v.slice(WARMUP).map((b) => b.shown - b.target))]));
  const cold_start_ms = {
    wasm: coldStats(runs.wasm.slice(WARMUP)),
    wasm2js: coldStats(runs.wasm2js.slice(WARMUP)),
    method: 'performance.measure in the content scripts, read from the page: start = the loader\'s start (document_idle) → core.start() '
      + 'returned; wait = the loader\'s start → the compiled wasm in hand (what is left of the prefetch\'s work); glue (wasm2js only) = '
      + 'import() of the whole JS build, evaluated; instantiate = instantiation and wasm-bindgen start; core = the core\'s start() itself; '
      + 'before the clock starts, off the loader\'s path: fetch = the wasm\'s response started and compile = fetched and compiled, both '
      + 'from the prefetch\'s start (document_start, while the page loads); the wasm build\'s glue is a content script evaluated with the prefetch',
  };
  log(`cold start wasm p50 ${cold_start_ms.wasm.p50}, wasm2js p50 ${cold_start_ms.wasm2js.p50}`);
  if (ONLY === 'hints') return { first_hint_ms, cold_start_ms };
  const mutation_overhead_us = await mutationOverhead(ext, plain);
  const { capture_ms, wasm_memory_bytes } = await captureAndMemory(ext);
  return { first_hint_ms, cold_start_ms, mutation_overhead_us, capture_ms, wasm_memory_bytes };
}

/**
 * The first hint in a cold browser: a new Chromium (a fresh profile) is started; one second
 * after its start (or once iCloud.com's profile button is there, if later) the guide is asked
 * for, by Alt+Shift+G in the page or by the toolbar popup's Guide me (the popup open in a tab
 * beside it); timed from the key reaching the page, or the click in the popup, to the end of
 * the first frame painted after the overlay showed the iCloud step.
 */
async function coldBrowserHint(way) {
  const extra = { asked_after_start_ms: [], core_ready_when_asked: 0 };
  const figure = await repeat(`cold browser first hint (${way})`, async () => {
    const t0 = Date.now();
    const browser = await launchChromium();
    try {
      await browser.context.addInitScript(COLD_PROBE_FN);
      const page = await browser.context.newPage();
      await page.goto(replicaUrl('www.icloud.com', '/?layout=2026&newtab=1'), { waitUntil: 'commit' });
      await page.locator('.profile-button').waitFor();
      let popup = null;
      if (way === 'popup') {
        popup = await browser.context.newPage();
        await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
        await popup.locator('#guide-me').waitFor();
        await page.bringToFront();
      }
      const wait = t0 + 1000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      extra.asked_after_start_ms.push(Date.now() - t0);
      let askedAt;
      if (way === 'keys') {
        await page.keyboard.press('Alt+Shift+G');
      } else {
        const ready = await page.evaluate(() => performance.getEntriesByName('apg-cold-start').length > 0);
        askedAt = await popup.evaluate(() => {
          const at = performance.timeOrigin + performance.now();
          document.getElementById('guide-me').click();
          return at;
        });
        await page.evaluate((r) => { window.__cold.coreReady = r; }, ready);
      }
      const c = await waitFor(() => page.evaluate(() => (window.__cold.paint !== null ? window.__cold : null)), 'the cold hint', 15000);
      if (way === 'keys') askedAt = c.keyAt;
      if (askedAt == null) throw new Error('the key never reached the page');
      if (c.coreReady) extra.core_ready_when_asked++;
      return c.paint - askedAt;
    } finally {
      await browser.close();
      clean();
    }
  });
  figure.asked_after_start_ms = stats(extra.asked_after_start_ms.slice(WARMUP));
  figure.core_ready_when_asked = `${extra.core_ready_when_asked} of ${WARMUP + REPS} runs`;
  return figure;
}

/** Chromium's temporary folders, after each cold browser. */
function clean() {
  for (const n of readdirSync(tmpdir())) {
    if (n.startsWith('org.chromium.Chromium.')) rmSync(join(tmpdir(), n), { recursive: true, force: true });
  }
}

async function coldBrowserFigures() {
  return {
    keys: await coldBrowserHint('keys'),
    popup: await coldBrowserHint('popup'),
    method: 'a fresh Chromium with the extension, started by playwright-core; the ask 1 s after the launch began (asked_after_start_ms '
      + 'says when it came); from the key reaching the page (a capture keydown listener of the page) or the popup\'s click '
      + '(performance.timeOrigin + now in both) to the end of the first frame painted after data-apg-step became icloud-open-account',
  };
}

const ratio = (a, b) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);

/** ScriptDuration (s) of a page's renderer, from CDP Performance.getMetrics. */
async function scriptSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration').value;
}

const NODE_COUNTS = [1000, 10000, 100000];
const BATCHES = 20;

/**
 * Main-thread script time per batch of 10 unrelated mutations (class changes, appends and
 * removals deep in a large page), with the guide anchored on the page compared to the same
 * page without the extension; and with driver.js waiting for an element that never comes.
 */
async function mutationOverhead(ext, plain) {
  // [key, context, csp, driver.js's selector, where the nodes go (null: their own <body> child)]
  const variants = [
    ['wasm', ext.context, 'relaxed', null, null],
    ['wasm2js', ext.context, 'strict', null, null],
    ['baseline', plain.context, 'relaxed', null, null],
    ['driverjs', plain.context, 'relaxed', '#never-there', null],
    // The same mutations inside the app's root, which holds the anchor: the guide watches there.
    ['wasm_in_app', ext.context, 'relaxed', null, '#root'],
    ['baseline_in_app', plain.context, 'relaxed', null, '#root'],
  ];
  const res = {};
  for (const n of NODE_COUNTS) {
    res[n] = {};
    for (const [key, context, csp, driverFor, inside] of variants) {
      const page = await probePage(context, { driverFor });
      try {
        await page.goto(replicaUrl('account.apple.com', `${SECURITY}?session=1&layout=today&late=50&csp=${csp}`));
        await page.locator(TILE).waitFor();
        if (context === ext.context) {
          await page.waitForFunction(() => {
            const h = document.querySelector('[data-apg-host]');
            return h && h.getAttribute('data-apg-step') === 'open-app-passwords' && h.getAttribute('data-apg-anchored') === 'true';
          }, null, { timeout: 15000 });
        }
        await page.evaluate(MUTATE, { build: n, inside });
        await page.waitForTimeout(300);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
        res[n][key] = await repeat(`mutations ${n} nodes ${key}`, async (i) => {
          const before = await scriptSeconds(cdp);
          await page.evaluate(MUTATE, { batches: BATCHES, seed: i + 1 });
          const after = await scriptSeconds(cdp);
          return ((after - before) * 1e6) / BATCHES;
        });
        await cdp.detach();
      } finally {
        await page.close();
      }
    }
  }
  const over = (n, key, base = 'baseline') => ({
    p50: round1(res[n][key].p50 - res[n][base].p50),
    p95: round1(res[n][key].p95 - res[n][base].p50),
  });
  const result = {
    method: 'CDP Performance.getMetrics ScriptDuration per batch of 10 mutations in a <body> child of their own, minus the same page '
      + 'without the extension (p50 of the baseline); wasm_in_app: the same mutations inside the app\'s root (#root, which holds the '
      + 'anchor), minus its own baseline',
  };
  for (const key of ['wasm', 'wasm2js', 'driverjs', 'wasm_in_app']) {
    const base = key === 'wasm_in_app' ? 'baseline_in_app' : 'baseline';
    result[key] = Object.fromEntries(NODE_COUNTS.map((n) => [`${n / 1000}k`, over(n, key, base)]));
    // A 1k figure at or below zero is under what this measure resolves (its baseline moves by
    // more between runs): no ratio can be read from it.
    result[key].growth_100k_over_1k = result[key]['1k'].p50 > 0 ? ratio(result[key]['100k'].p50, result[key]['1k'].p50) : null;
  }
  result.raw = res;
  return result;
}

const round1 = (v) => Math.round(v * 10) / 10;

/**
 * The password appears in the dialog → the background has persisted it (the host's
 * `data-apg-captured` flips), in fresh tabs walking the dialog; then the content module's
 * linear memory after that full journey.
 */
async function captureAndMemory(ext) {
  let memory = null;
  const parts = { found: [], saved: [] };
  const capture = await repeat('capture', async (i) => {
    const page = await probePage(ext.context);
    try {
      const d = new ChromiumDriver(page);
      await page.goto(replicaUrl('account.apple.com', `${SECURITY}?session=1&layout=today&late=50&csp=strict&bench=capture`));
      await d.waitStep('open-app-passwords');
      await d.click(TILE);
      await d.waitStep('generate');
      await makePassword(d, (id) => d.waitStep(id), { label: `Bench ${i}` });
      await page.waitForFunction(() => window.__bench.captured !== null, null, { timeout: 15000 });
      const b = await page.evaluate(() => window.__bench);
      if (i === WARMUP + REPS - 1) {
        await d.selectAndCopy('.app-password');
        await d.waitStep('done');
        await d.click('.modal-button-bar button');
        await d.waitStep('finished');
        memory = await contentMemory(page);
      }
      const shown = b.copyShown !== null && b.copyShown <= b.captured;
      parts.found.push(shown ? b.copyShown - b.password : null);
      parts.saved.push(shown ? b.captured - b.copyShown : null);
      return b.captured - b.password;
    } finally {
      await page.close();
    }
  });
  // Where the time goes: the guide finding the password (its copy step shown; the capture is
  // sent in the same look), then the background's round trip until the host says it is saved.
  capture.parts = {
    found: stats(parts.found.slice(WARMUP).filter((v) => v !== null)),
    saved: stats(parts.saved.slice(WARMUP).filter((v) => v !== null)),
  };
  return { capture_ms: { chromium_wasm2js: capture }, wasm_memory_bytes: memory };
}

/** The content module's linear memory, read in the content script's own (isolated) world. */
async function contentMemory(page) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const ours = contexts.find((c) => c.auxData && c.auxData.type === 'isolated' && String(c.origin).startsWith('chrome-extension://'));
  if (!ours) throw new Error('no content-script world found');
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: ours.id, awaitPromise: true, returnByValue: true,
    expression: `(async () => {
      const core = document.querySelector('[data-apg-host]').getAttribute('data-apg-core');
      // The wasm build's glue is a content script (its \`wasm_bindgen\` global); the fallback a module.
      const exports = core === 'wasm' ? await wasm_bindgen() : await (await import(chrome.runtime.getURL('core/js/content.js'))).default();
      return { core, bytes: exports.memory.buffer.byteLength };
    })()`,
  });
  await cdp.detach();
  if (exceptionDetails) throw new Error(`reading memory: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
  log(`content memory after a journey: ${result.value.bytes} bytes (${result.value.core})`);
  return { [result.value.core]: result.value.bytes };
}

// ---- Firefox -------------------------------------------------------------------------------

/** First hint and cold start in Firefox (wasm everywhere there). */
async function firefoxFigures() {
  const ff = await launchFirefox();
  try {
    const runs = [];
    const first = await repeat('firefox first hint wasm', async () => {
      await ff.get('about:blank');
      await ff.get(replicaUrl('account.apple.com', `${SECURITY}?session=1&layout=today&late=1000&csp=strict`));
      // WebDriver has no init script: the probe goes in right after load, before the tile
      // renders (`late`), and puts the tile back once the guide runs.
      await ff.exec(`(${PAGE_PROBE_FN})({ hint: true, guide: true, markMs: 1000 })`);
      const b = await waitFor(() => ff.exec(`return window.__bench && window.__bench.paint !== null ? {...window.__bench, cold: ${COLD_ENTRIES}} : null;`), 'the hint in Firefox', 15000);
      if (!b.readyAtTarget) throw new Error('the guide was not running yet when the target appeared');
      runs.push(b);
      return b.paint - b.target;
    });
    const cold = coldStats(runs.slice(WARMUP));
    return {
      first_hint_ms: { wasm: first },
      cold_start_ms: { wasm: cold, ...(cold ? {} : { reason: 'the content script\'s performance.measure is not on the page\'s timeline in Firefox' }) },
    };
  } finally {
    await ff.close();
  }
}


// ---- main ----------------------------------------------------------------------------------

const replica = await startReplica();
replicaUrl = replica.url;
// Other work on the machine skews timings: the load is recorded with them.
const result = { reps: REPS, warmup: WARMUP, when: new Date().toISOString(), machine: { cpus: cpus().length, loadavg_start: loadavg() } };
try {
  result.size_gz_bytes = sizes();
  result.driverjs_in_dist = driverjsShipped();
  const ext = await launchChromium();
  const plain = await launchPlainChromium();
  try {
    result.chromium = await chromiumFigures(ext, plain);
    result.chromium.errors = ext.errors;
  } finally {
    await ext.close();
    await plain.close();
  }
  if (!ONLY || ONLY === 'cold') result.chromium.cold_browser_first_hint_ms = await coldBrowserFigures();
  if (!ONLY || ONLY === 'hints') try {
    result.firefox = await firefoxFigures();
  } catch (e) {
    result.firefox = { error: String(e.message || e) };
    log(`firefox: ${e.message}`);
  }
} finally {
  await replica.close();
}
result.machine.loadavg_end = loadavg();
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2));
log(`wrote ${out}`);

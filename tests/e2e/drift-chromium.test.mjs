// Page drift, in Chromium: at least 200 seeded variants of the replica (tests/replica/site/
// drift.js: wrappers, renamed classes, reordered siblings, white space and case, other
// languages, look-alike buttons, a second dialog, targets 5 s late, re-mounting dialogs), each
// checked at one state of the journey. The guide must anchor on the element the replica marks
// as the true target, or show the unanchored fallback panel: never anchor anywhere else (not
// even for a moment), never throw. The counts go to target/drift-counts.json, which
// `cargo xtask test` prints at the end.
//
// The suite is on the end-to-end fixture (fixture.mjs): the replica, Chromium with the
// extension (reduced motion), a screenshot when a test fails, and no uncaught error after each
// test. `cargo xtask test` runs it in its lane of suites that mostly wait, beside the builds.
//
// Reproduce a variant by hand: `node tests/replica/server.mjs 8443`, then open
// https://account.apple.com:8443/account/manage/section/security?session=1&seed=N
// (APG_DRIFT_FIRST / APG_DRIFT_COUNT choose other seeds for this file; APG_DRIFT_REPEAT=N runs
// seed APG_DRIFT_FIRST N times side by side, to catch a rare failure.)
import { before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumRingRect, REPO } from './harness.mjs';
import { suite } from './fixture.mjs';
import { plan, walk, STATES, SLOW_MS } from '../replica/site/drift.js';

const FIRST = Number(process.env.APG_DRIFT_FIRST || 1);
const REPEAT = Number(process.env.APG_DRIFT_REPEAT || 0);
const COUNT = REPEAT || Number(process.env.APG_DRIFT_COUNT || 200);
/** Variants run side by side, each in a tab of its own (a fresh tab: no journey memory). */
const TABS = Number(process.env.APG_DRIFT_TABS || 8);
/** The guide waits this long for a target before its fallback panel (steps.rs wait_ms)... */
const GUIDE_WAIT_MS = 4000;
/** ...and a variant is judged this long after its state is on the page. */
const JUDGE_AFTER_MS = GUIDE_WAIT_MS + 2500;
/** How long a panel or an anchor elsewhere must last to be judged (a ring being moved, a
 *  re-mount caught mid-way, are not). */
const SETTLE_MS = 1200;
/** A person takes about this long per step at most before acting. */
const HUMAN_MS = 1500;
/** How long the guide holds when a modal dialog vanished: src/flow.rs's BACKWARD_MS. */
const BACKWARD_MS = Number(/BACKWARD_MS: u32 = (\d+);/.exec(readFileSync(join(REPO, 'src/flow.rs'), 'utf8'))[1]);
const MARKER = 'data-replica-truth';
/** The details, and the one line `cargo xtask test` prints at its end. */
const COUNTS_FILE = join(REPO, 'target', 'drift-counts.json');
const SUMMARY_FILE = join(REPO, 'target', 'drift-summary.txt');

// The fixture's replica and Chromium, set for the helpers below when the suite starts.
let replica;
let browser;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// In the page: every (step, anchored) the overlay shows, for the detail of a failure; and every
// time the guide anchors a step while the page's true target is another step's or absent, so
// an anchor shown for a single frame is still seen (the guide writes its attributes each time
// it shows a hint, so a hint re-anchored while the page shows no target for its step is seen
// even when the step shown stays the same).
function recordShown() {
  window.__apgShown = [];
  window.__apgOff = [];
  // The step whose target the replica marked last (it marks none while its form works).
  let lastTruth = null;
  const record = (records) => {
    const marked = document.querySelector('[data-replica-truth]');
    const truth = marked && marked.getAttribute('data-replica-truth');
    if (truth) lastTruth = truth;
    const host = document.querySelector('[data-apg-host]');
    // Judged when the guide writes, not when the page moves on under a hint.
    if (!host || !records.some((r) => r.attributeName !== 'data-replica-truth')) return;
    const step = host.getAttribute('data-apg-step');
    const anchored = host.getAttribute('data-apg-anchored');
    const t = performance.now();
    const busy = document.documentElement.hasAttribute('data-replica-busy');
    if (anchored === 'true' && step !== truth) window.__apgOff.push({ step, anchored, truth, busy, done: lastTruth, t });
    const last = window.__apgShown[window.__apgShown.length - 1];
    if (last && last.step === step && last.anchored === anchored) return;
    window.__apgShown.push({ step, anchored, truth, t });
  };
  new MutationObserver(record).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-apg-step', 'data-apg-anchored', 'data-replica-truth'] });
}

/** What the page shows now: the overlay's step, the true target and its box, and (when the
 *  overlay is anchored on the true target's step) the ring, read through the DevTools protocol. */
async function observe(page) {
  const o = await page.evaluate((marker) => {
    const host = document.querySelector('[data-apg-host]');
    const truth = document.querySelector(`[${marker}]`);
    const r = truth && truth.getBoundingClientRect();
    return {
      step: host && host.getAttribute('data-apg-step'),
      anchored: host && host.getAttribute('data-apg-anchored') === 'true',
      truth: truth && truth.getAttribute(marker),
      box: r && { left: r.left, top: r.top, width: r.width, height: r.height },
      error: document.documentElement.getAttribute('data-apg-error'),
    };
  }, MARKER);
  o.ring = o.anchored && o.step === o.truth ? await chromiumRingRect(page) : null;
  return o;
}

/** The ring is drawn 4 px around its target: does it surround the true target? */
function ringOnTruth(o) {
  if (!o.ring || !o.box) return false;
  const want = { left: o.box.left - 4, top: o.box.top - 4, width: o.box.width + 8, height: o.box.height + 8 };
  return Object.keys(want).every((k) => Math.abs(o.ring[k] - want[k]) <= 2);
}

const right = (o, state) => o.anchored && o.step === state && o.truth === state && ringOnTruth(o);

async function until(probe, what, timeout) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Waits for the page to be in `state` (its true target marked). */
const reach = (page, state, p) => until(
  () => page.evaluate(([m, s]) => document.querySelector(`[${m}]`)?.getAttribute(m) === s, [MARKER, state]),
  `seed ${p.seed}: the page to reach ${state}`,
  SLOW_MS * 2 + 5000,
);

/** Acts on the true target as a person would: clicks it, or types into it. */
async function actOn(page, state, action) {
  const target = page.locator(`[${MARKER}="${state}"]`);
  if (action === 'click') {
    // The page's own handler, whatever now covers the element (the guide's popover may).
    await target.evaluate((e) => e.click());
  } else if (state === 'label') {
    await target.fill('Mail', { timeout: 5000 });
  } else {
    await target.fill('account-password', { timeout: 5000 });
    await target.press('Enter', { timeout: 5000 });
  }
}

/** Judges one variant at its state: `anchored` as soon as the guide anchors on the true target;
 *  `fallback` or `wrong` once an unanchored panel or an anchor elsewhere has lasted SETTLE_MS
 *  (nothing on the page changes any more, so neither would); `silent` when nothing is shown
 *  by the deadline; `error` when the extension reports one. */
async function judge(page, p) {
  // The guide's own wait starts when it does: on a busy machine that can be well after the page.
  await until(() => page.evaluate(() => !!document.querySelector('[data-apg-host][data-apg-background]')), 'the guide to start', 20000);
  const end = Date.now() + JUDGE_AFTER_MS;
  let kind = null;
  let since = Date.now();
  for (;;) {
    const o = await observe(page);
    if (o.error) return { outcome: 'error', detail: o.error };
    if (right(o, p.state)) return { outcome: 'anchored' };
    const now = !o.step ? 'silent' : o.anchored ? 'wrong' : 'fallback';
    if (now !== kind) {
      kind = now;
      since = Date.now();
    }
    const settled = Date.now() - since >= SETTLE_MS;
    if (kind === 'fallback' && settled) return { outcome: 'fallback', detail: o.step };
    if (kind === 'wrong' && settled) {
      return { outcome: 'wrong', detail: `showed ${o.step} anchored at ${JSON.stringify(o.ring)}; true target ${o.truth} at ${JSON.stringify(o.box)}` };
    }
    if (Date.now() > end) return { outcome: kind };
    await sleep(kind === 'wrong' ? 100 : 250);
  }
}

async function variant(seed) {
  const p = plan(seed);
  const page = await browser.context.newPage();
  await page.addInitScript(recordShown);
  try {
    // The page's CSP relaxed, so the core runs as wasm (starts faster than the wasm2js
    // fallback; recognition is the same code on both, and the journeys cover the fallback).
    await page.goto(replica.url('account.apple.com', `/account/manage/section/security?session=1&csp=relaxed&seed=${seed}`));
    for (const [state, action] of walk(p)) {
      await reach(page, state, p);
      // A person reads the hint first (or, when there is none, takes a moment) before acting.
      await until(async () => right(await observe(page), state), 'the hint', HUMAN_MS).catch(() => {});
      await actOn(page, state, action);
    }
    await reach(page, p.state, p);
    if (p.remount !== 'none' && p.state !== 'open-app-passwords') {
      // Mid-step: once the guide has looked, the dialog is re-mounted (twice), as frameworks do.
      await until(async () => right(await observe(page), p.state), 'the hint', HUMAN_MS).catch(() => {});
      for (let i = 0; i < 2; i++) {
        await page.evaluate((mode) => window.replicaRemount(mode), p.remount);
        await sleep(450);
      }
      await reach(page, p.state, p);
    }
    const verdict = await judge(page, p);
    if (verdict.outcome === 'anchored' || verdict.outcome === 'fallback') {
      // Anchored at any moment on a step whose target the page did not show then (a step it
      // was never at, or no target at all) is a wrong anchor too.
      const { shown, off, gaps } = await page.evaluate(() => ({ shown: window.__apgShown, off: window.__apgOff, gaps: window.replicaGaps || [] }));
      // Except the page behind a re-mounting dialog, which is really there without its dialog
      // during the gap: once the gap has lasted BACKWARD_MS (the guide holds that long,
      // src/flow.rs; the replica's 200 ms gap can last longer on a busy machine), or when the
      // guide's first look falls in the gap (it has seen no dialog to hold to: a cold browser
      // running eight tabs can start the guide seconds late).
      const inGap = (s, g) => s.t >= g.start && (g.end === null || s.t <= g.end);
      const behind = (s) => s.step === 'open-app-passwords' && gaps.some((g) => inGap(s, g)
        && (s.t - g.start >= BACKWARD_MS || !shown.some((e) => e.t < s.t)));
      // And a busy form (re-mounted while it works) keeps the hint of the step just done on
      // its field: nothing else is there to act on until the page answers.
      const stillBusy = (s) => s.busy && s.done === s.step;
      const flash = off.find((s) => !behind(s) && !stillBusy(s));
      if (flash) {
        // When, against the page's gaps and what the guide showed before: enough to tell a
        // guide that forgot its step from one that had not looked yet.
        const at = (t) => Math.round(t);
        const before = shown.filter((s) => s.t < flash.t).map((s) => `${s.step}/${s.anchored}@${at(s.t)}`).join(' ') || 'nothing';
        const when = gaps.map((g) => `${at(g.start)}-${g.end === null ? 'open' : at(g.end)}`).join(' ') || 'none';
        return { seed, p, outcome: 'wrong', detail: `showed ${flash.step} anchored at ${at(flash.t)} ms while the page was at ${flash.truth}; shown before: ${before}; gaps: ${when}` };
      }
    }
    return { seed, p, ...verdict };
  } finally {
    await page.close();
  }
}

// Reduced motion: the ring's slide to a new target is then instant. With eight tabs on a busy
// machine a slide can take longer than SETTLE_MS to be painted, and the ring read mid-way would
// be judged where it is going from, not where the guide put it.
suite('page drift', { browsers: ['chromium'], launch: { emulate: { reducedMotion: 'reduce' } } }, (t) => {
  before(() => {
    replica = t.replica;
    browser = t.browser;
  });

  t.test(`${COUNT} drifted variants: the right anchor or the fallback panel, never a wrong one`, async () => {
    const seeds = REPEAT ? Array(REPEAT).fill(FIRST) : Array.from({ length: COUNT }, (_, i) => FIRST + i);
    const results = [];
    const queue = [...seeds];
    const started = Date.now();
    await Promise.all(Array.from({ length: TABS }, async () => {
      while (queue.length) {
        const seed = queue.shift();
        const t0 = Date.now();
        const r = await variant(seed).catch((e) => ({ seed, p: plan(seed), outcome: 'error', detail: e.message }));
        results.push({ ...r, ms: Date.now() - t0 });
      }
    }));
    results.sort((a, b) => a.seed - b.seed);

    const counts = { anchored: 0, fallback: 0, wrong: 0, silent: 0, error: 0 };
    const byState = Object.fromEntries(STATES.map((s) => [s, { anchored: 0, fallback: 0, wrong: 0 }]));
    for (const r of results) {
      counts[r.outcome] += 1;
      if (byState[r.p.state][r.outcome] !== undefined) byState[r.p.state][r.outcome] += 1;
    }
    const notable = results.filter((r) => !['anchored', 'fallback'].includes(r.outcome)).map((r) => ({ seed: r.seed, outcome: r.outcome, state: r.p.state, detail: r.detail }));
    const summary = {
      seeds: `${FIRST}..${FIRST + COUNT - 1}`, variants: results.length, ...counts,
      slow: results.filter((r) => r.p.slow).length, byState, notable,
      fallbackSeeds: results.filter((r) => r.outcome === 'fallback').map((r) => r.seed),
      ms: Object.fromEntries(results.map((r) => [r.seed, r.ms])),
      seconds: Math.round((Date.now() - started) / 1000),
    };
    mkdirSync(join(REPO, 'target'), { recursive: true });
    writeFileSync(COUNTS_FILE, JSON.stringify(summary, null, 2));
    const others = ['silent', 'error'].filter((k) => counts[k]).map((k) => `, ${k} ${counts[k]}`).join('');
    writeFileSync(SUMMARY_FILE, `page drift: ${results.length} variants (seeds ${summary.seeds}, ${summary.slow} slow, ${summary.seconds} s): `
      + `anchored ${counts.anchored}, fallback ${counts.fallback}, wrong ${counts.wrong}${others}\n`);
    console.log(`drift: ${JSON.stringify({ ...summary, fallbackSeeds: undefined, ms: undefined })}`);

    assert.equal(results.length, COUNT);
    assert.ok(COUNT < 200 || summary.slow >= 4, 'slow variants are in the run');
    assert.ok(COUNT < 50 || (counts.anchored > 0 && counts.fallback > 0), 'the drift defeats recognition sometimes, not always');
    assert.deepEqual(notable, [], 'no wrong anchor, no error, never silent');
    assert.deepEqual(browser.errors, [], 'no uncaught errors in page or extension');
  });

  t.test('the generator is reproducible: a seed renders the same page twice', async () => {
    const html = async (seed) => {
      const page = await browser.context.newPage();
      await page.goto(replica.url('account.apple.com', `/account/manage/section/security?session=1&csp=relaxed&seed=${seed}`));
      await reach(page, 'open-app-passwords', plan(seed));
      const out = await page.evaluate(() => document.body.outerHTML.replace(/<div data-apg-host[^>]*><\/div>/, ''));
      await page.close();
      return out;
    };
    // Seeds whose state is the tile (no random password on the page).
    const seeds = [6, 12, 18].filter((s) => plan(s).state === 'open-app-passwords');
    assert.ok(seeds.length > 0);
    for (const seed of seeds) {
      const a = await html(seed);
      assert.equal(await html(seed), a, `seed ${seed} renders the same`);
      assert.notEqual(await html(seed + STATES.length), a, 'another seed renders differently');
    }
  });

  t.test("the extension never reads the replica's true-target marker", () => {
    // The marker must stay the test's own knowledge: no source or built file of the extension
    // may name it (nor any other replica attribute).
    const files = [];
    const walkDir = (dir) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walkDir(path);
        else files.push(path);
      }
    };
    for (const dir of ['src', 'extension', 'dist/chromium', 'dist/firefox']) walkDir(join(REPO, dir));
    assert.ok(files.length > 20);
    for (const file of files) {
      const text = readFileSync(file).toString('latin1');
      for (const needle of ['replica-truth', 'data-replica', 'replicaTruth']) {
        assert.ok(!text.includes(needle), `${file} names ${needle}`);
      }
    }
  });
});

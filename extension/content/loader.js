// Content-script loader: starts the Rust core on Apple's pages. All logic is in the core.
// It runs at document_idle, after the page has loaded. The wasm is normally compiled by then:
// `prefetch.js`, the first content script (document_start), started its fetch and compile
// while the page loaded, and left the promise on `globalThis.apgPrefetch`; where it found wasm
// forbidden and the loader does not, the loader has it compile now.
// The core's glue (`core/content.js`, wasm-bindgen's `no-modules` output, a classic script) is a
// content script too, evaluated with the prefetch; no module import to wait for. Chromium
// applies the page's CSP to wasm in content scripts, so a page that forbids compiling wasm gets
// the wasm2js build of the same core instead (one ES module, imported).
//
// The cold start is timed on the page's performance timeline, for `cargo xtask bench`:
// `apg-cold-start` (this script's start → core started) and its parts, `apg-cold-wait` (this
// script's start → the compiled wasm in hand: what is left of the prefetch's work),
// `apg-cold-instantiate` (instantiated), `apg-cold-glue` (wasm2js only: its module imported and
// evaluated) and `apg-cold-core` (the core's own start); the prefetch times the wasm's fetch and
// compile from its own start (see prefetch.js).
/* global wasm_bindgen */
(async () => {
  const started = performance.now();
  const prefetch = globalThis.apgPrefetch;
  if (!prefetch) throw new Error("the core's prefetch (content/prefetch.js) did not run");
  const measure = (name, start) => {
    const end = performance.now();
    performance.measure(name, { start, end });
    return end;
  };
  // Alt+Shift+G, or the background's "Guide me", while the core loads: kept for the core
  // (which takes them itself from its start on), so the first ask is never lost.
  let asked = false;
  const onKey = (e) => {
    if (e.isTrusted && e.altKey && e.shiftKey && e.code === 'KeyG') { asked = true; e.preventDefault(); }
  };
  const onMessage = (msg, sender, respond) => {
    if (msg && msg.kind === 'restart') { asked = true; respond({ kind: 'ok', ok: true }); }
    return false;
  };
  addEventListener('keydown', onKey, true);
  chrome.runtime.onMessage.addListener(onMessage);
  const url = (path) => chrome.runtime.getURL(path);
  const blockedByCsp = (e) =>
    e && (e.name === 'CompileError' || /Content.Security.Policy|wasm-eval|unsafe-eval/i.test(String(e.message)));
  let core;
  let path = 'wasm';
  try {
    // An empty module compiles in microseconds, or throws at once where the page's CSP
    // forbids wasm (also one the prefetch did not see yet, in a <meta> of the page).
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    const module = await (prefetch.compiled || prefetch.compile());
    measure('apg-cold-wait', started);
    // Evaluated by now: the glue is a content script of the prefetch's injection.
    if (typeof wasm_bindgen !== 'function') throw new Error("the core's glue (core/content.js) did not load");
    core = wasm_bindgen;
    const before = performance.now();
    await core({ module_or_path: module });
    measure('apg-cold-instantiate', before);
  } catch (e) {
    if (!blockedByCsp(e)) throw e;
    path = 'wasm2js';
    const before = performance.now();
    const fallback = await import(url('core/js/content.js'));
    measure('apg-cold-glue', before);
    await fallback.default();
    core = fallback;
  }
  console.info(`[App Password Guide] core ${core.version()} loaded via ${path}`);
  removeEventListener('keydown', onKey, true);
  chrome.runtime.onMessage.removeListener(onMessage);
  const before = performance.now();
  core.start(path, asked);
  measure('apg-cold-core', before);
  // Start to core ready, on the page's performance timeline, for `cargo xtask bench`.
  performance.measure('apg-cold-start', { start: started });
})().catch((e) => {
  const reason = String((e && e.message) || e);
  console.error('[App Password Guide] could not start:', reason);
  document.documentElement.setAttribute('data-apg-error', reason);
});

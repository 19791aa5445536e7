// Content-script loader: starts the Rust core on Apple's pages. All logic is in the core.
// Chromium applies the page's CSP to wasm in content scripts, so a page that forbids
// compiling wasm gets the wasm2js build of the same core instead.
//
// The cold start is timed on the page's performance timeline, for `cargo xtask bench`:
// `apg-cold-start` (content script start → core started) and its parts, `apg-cold-glue` (the
// glue module imported), `apg-cold-compile` (the wasm fetched and compiled, alongside the
// glue), `apg-cold-instantiate` (instantiated; wasm2js: evaluated with the glue) and `apg-cold-core`
// (the core's own start).
(async () => {
  const started = performance.now();
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
    // forbids wasm: then the wasm build is not even fetched.
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    // The wasm is fetched and compiled (streaming) while the glue module is fetched and
    // evaluated, not after it; compileStreaming wants `application/wasm`, else the bytes.
    const wasm = url('core/content_bg.wasm');
    const compiled = WebAssembly.compileStreaming(fetch(wasm))
      .catch((e) => (e instanceof TypeError ? fetch(wasm).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)) : Promise.reject(e)))
      .then((m) => (measure('apg-cold-compile', started), m));
    // Settled below; an error here is not an unhandled rejection while the glue loads.
    compiled.catch(() => {});
    core = await import(url('core/content.js'));
    measure('apg-cold-glue', started);
    const module = await compiled;
    const before = performance.now();
    await core.default({ module_or_path: module });
    measure('apg-cold-instantiate', before);
  } catch (e) {
    if (!blockedByCsp(e)) throw e;
    path = 'wasm2js';
    const before = performance.now();
    core = await import(url('core/js/content.js'));
    measure('apg-cold-glue', before);
    await core.default();
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

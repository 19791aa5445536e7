// Content-script loader: starts the Rust core on Apple's pages. All logic is in the core.
// Chromium applies the page's CSP to wasm in content scripts, so a page that forbids
// compiling wasm gets the wasm2js build of the same core instead.
(async () => {
  const started = performance.now();
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
    core = await import(url('core/content.js'));
    await core.default({ module_or_path: url('core/content_bg.wasm') });
  } catch (e) {
    if (!blockedByCsp(e)) throw e;
    path = 'wasm2js';
    core = await import(url('core/js/content.js'));
    await core.default();
  }
  console.info(`[App Password Guide] core ${core.version()} loaded via ${path}`);
  removeEventListener('keydown', onKey, true);
  chrome.runtime.onMessage.removeListener(onMessage);
  core.start(path, asked);
  // Start to core ready, on the page's performance timeline, for `cargo xtask bench`.
  performance.measure('apg-cold-start', { start: started });
})().catch((e) => {
  const reason = String((e && e.message) || e);
  console.error('[App Password Guide] could not start:', reason);
  document.documentElement.setAttribute('data-apg-error', reason);
});

// Content-script prefetch: the first content script, at document_start. It starts fetching and
// compiling the core's wasm while the page itself loads, so that the loader (at document_idle,
// once the page is there to guide) finds the module compiled instead of waiting for the
// extension's file and the compiler: 18 ms of the loader's 22 (p50, `cargo xtask bench`,
// 2026-12-07). Content scripts of one extension share their (isolated) world in a frame, so the
// loader reads what this leaves on `globalThis.apgPrefetch`: the compile under way (or null) and
// the compile itself. Nothing else happens here: the guide starts with the loader.
//
// Timed for `cargo xtask bench`, from this script's start: `apg-cold-fetch` (the wasm's
// response started) and `apg-cold-compile` (fetched and compiled).
(() => {
  const started = performance.now();
  const measure = (name) => performance.measure(name, { start: started, end: performance.now() });
  const url = (path) => chrome.runtime.getURL(path);
  const wasm = url('core/content_bg.wasm');
  // compileStreaming wants `application/wasm`, else the bytes. Also the loader's, should this
  // compile have been skipped.
  const compile = (fetched = fetch(wasm)) => WebAssembly.compileStreaming(fetched)
    .catch((e) => (e instanceof TypeError ? fetch(wasm).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)) : Promise.reject(e)));
  let compiled = null;
  try {
    // An empty module compiles in microseconds, or throws at once where the page's CSP forbids
    // wasm: then nothing is fetched, and the loader takes the wasm2js path.
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    compiled = compile(fetch(wasm).then((r) => (measure('apg-cold-fetch'), r))).then((m) => (measure('apg-cold-compile'), m));
    // Handled here too: a failure is the loader's to report, never an unhandled rejection.
    compiled.catch(() => {});
  } catch {
    // Forbidden here: the loader finds out for itself.
  }
  globalThis.apgPrefetch = { compiled, compile };
})();

// Background: answers our content scripts and pages. All logic is in the Rust app module.
// Imported statically: service workers may not use dynamic import().
import init, { handle_message } from '../core/app.js';

const ready = init({ module_or_path: new URL('../core/app_bg.wasm', import.meta.url) });

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const ours = sender.id === chrome.runtime.id;
  ready.then(
    () => sendResponse(handle_message(message, ours)),
    () => sendResponse({ ok: false, error: 'core failed to load' }),
  );
  return true; // the answer comes asynchronously
});

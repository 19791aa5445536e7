// Background: answers our content scripts and pages. All logic is in the Rust app module.
// Imported statically: service workers may not use dynamic import().
import init, { handle_message, forget_tab, on_alarm, prepare } from '../core/app.js';

const ready = init({ module_or_path: new URL('../core/app_bg.wasm', import.meta.url) });
ready.then(() => prepare());

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const ours = sender.id === chrome.runtime.id;
  const tab = sender.tab ? sender.tab.id : undefined;
  // The tab that opened this one (a link to the account site in a new tab): no permission needed.
  const opener = sender.tab ? sender.tab.openerTabId : undefined;
  ready
    // documentLifecycle and frameType (Chromium) tell a prerendered page, whose top frame has no
    // frameId 0 and whose tab may be missing or -1 until it is shown.
    .then(() => handle_message(message, ours, tab, opener, sender.url, sender.frameId, sender.documentLifecycle, sender.frameType))
    .then(sendResponse, () => sendResponse({ ok: false, error: 'the background failed' }));
  return true; // the answer comes asynchronously
});

// The vault's auto-lock timer (and the deadline checked again when the worker starts, above).
chrome.alarms.onAlarm.addListener((alarm) => {
  ready.then(() => on_alarm(alarm.name));
});

chrome.tabs.onRemoved.addListener((tab) => {
  ready.then(() => forget_tab(tab));
});

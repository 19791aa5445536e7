// Chromium's offscreen document (reason CLIPBOARD): the background's service worker has no
// clipboard, so it opens this page to clear a copied password when its time has come (the
// decision is the Rust app module's: src/app/clipboard.rs), and closes it again. It never reads
// the clipboard. An offscreen document cannot have the focus, which navigator.clipboard needs:
// the copy command writes instead (with clipboardWrite), an empty text put in by its own copy
// event. A classic script, so that its listener is there once the document has loaded.
chrome.runtime.onMessage.addListener((msg, sender, respond) => {
  if (sender.id !== chrome.runtime.id || !msg || msg.target !== 'offscreen' || msg.kind !== 'clear-clipboard') return false;
  const empty = (e) => {
    e.clipboardData.setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', empty, { once: true });
  const done = document.execCommand('copy');
  document.removeEventListener('copy', empty);
  respond({ ok: done });
  return false;
});

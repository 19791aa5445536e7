// Chromium's offscreen document (reason CLIPBOARD): the background's service worker has no
// clipboard, so it opens this page when a copied password's time has come, and closes it again.
// It only carries out what the Rust app module decides (src/app/clipboard.rs): "read-clipboard"
// answers the clipboard's text (the background compares it with what it copied: it clears only
// its own password), "clear-clipboard" writes an empty text. An offscreen document cannot have
// the focus, which navigator.clipboard needs: the paste and copy commands work instead (with
// clipboardRead and clipboardWrite). A classic script, so its listener is there once it loaded.
const commands = {
  'read-clipboard'() {
    const field = document.createElement('textarea');
    document.body.append(field);
    field.focus();
    const ok = document.execCommand('paste');
    const text = field.value;
    field.remove();
    return ok ? { ok, text } : { ok };
  },
  'clear-clipboard'() {
    const empty = (e) => {
      e.clipboardData.setData('text/plain', '');
      e.preventDefault();
    };
    document.addEventListener('copy', empty, { once: true });
    const ok = document.execCommand('copy');
    document.removeEventListener('copy', empty);
    return { ok };
  },
};

chrome.runtime.onMessage.addListener((msg, sender, respond) => {
  if (sender.id !== chrome.runtime.id || !msg || msg.target !== 'offscreen' || !Object.hasOwn(commands, msg.kind)) return false;
  respond(commands[msg.kind]());
  return false;
});

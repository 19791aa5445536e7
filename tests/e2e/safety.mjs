// What the safety tests share across browsers: the password-shaped decoys the replica and the
// address hold, and the hostile page script that listens for everything, with what it reports.
import assert from 'node:assert/strict';

/** An app-specific password's shape. */
export const PASSWORD = /^[a-z]{4}(-[a-z]{4}){3}$/;

// Password-shaped strings the replica (decoy=1) and the address put where a new password is not:
// page text, an attribute, a hidden element, a read-only input, the title, another dialog; and
// inside Apple's dialog an attribute, a title, hidden elements, a hidden input, a comment.
export const DECOYS = [
  'abcd-efgh-ijkl-mnop', 'qrst-qrst-qrst-qrst', 'mnop-mnop-mnop-mnop', 'efgh-efgh-efgh-efgh', 'wxyz-wxyz-wxyz-wxyz', 'fghi-fghi-fghi-fghi',
  'klmn-klmn-klmn-klmn', 'opqr-opqr-opqr-opqr', 'cdef-cdef-cdef-cdef', 'hijk-hijk-hijk-hijk', 'jklm-jklm-jklm-jklm', 'tuvw-tuvw-tuvw-tuvw', 'bcde-bcde-bcde-bcde',
  'ijkl-ijkl-ijkl-ijkl', 'stuv-stuv-stuv-stuv',
];
export const IN_URL = '&note=ijkl-ijkl-ijkl-ijkl#stuv-stuv-stuv-stuv';

// Installed before the page's own scripts: a hostile script on Apple's page that tries to reach
// the overlay and listens for everything the extension might let out.
export function hostile() {
  const seen = (window.__hostile = { roots: 0, events: [], messages: [], mutations: [] });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    seen.roots += 1;
    return attach.call(this, init);
  };
  const types = new Set(['message', 'input', 'change', 'beforeinput', 'copy', 'cut', 'paste', 'keydown', 'keyup', 'focus', 'blur', 'focusin', 'focusout', 'select', 'selectionchange', 'toggle', 'beforetoggle']);
  for (const o of [window, Document.prototype, HTMLElement.prototype]) {
    for (const k in o) if (k.startsWith('on')) types.add(k.slice(2));
  }
  const text = (v) => {
    try {
      return typeof v === 'string' ? v : JSON.stringify(v) || '';
    } catch {
      return String(v);
    }
  };
  for (const type of types) {
    for (const target of [window, document]) {
      target.addEventListener(type, (e) => {
        const parts = [text(e.data), text(e.detail), e.target && e.target.localName === 'input' && e.target.type !== 'hidden' && !e.target.readOnly ? e.target.value : ''];
        seen.events.push(`${type}: ${parts.join(' ')}`);
      }, true);
    }
  }
  addEventListener('message', (e) => seen.messages.push(text(e.data)));
  new MutationObserver((records) => {
    for (const r of records) {
      const shown = document.querySelector('.app-password, .modal-dialog input[readonly]');
      const ours = (n) => shown && (n === shown || n.contains?.(shown) || shown.contains(n));
      if (r.type === 'attributes') seen.mutations.push(`${r.target.localName}[${r.attributeName}]=${r.target.getAttribute(r.attributeName)}`);
      if (r.type === 'characterData' && !ours(r.target)) seen.mutations.push(`text: ${r.target.data}`);
      for (const n of r.addedNodes) if (!ours(n)) seen.mutations.push(`added: ${n.outerHTML || n.textContent}`);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}


/** In the page, after the password was shown: what the hostile script saw, and every element
 *  that holds the password in its text or an attribute. */
export function hostileReport() {
  const password = document.querySelector('.app-password').textContent.trim();
  return {
    ...window.__hostile,
    storage: JSON.stringify([{ ...localStorage }, { ...sessionStorage }]),
    where: [document.title, location.href, window.name, document.cookie],
    holders: [...document.querySelectorAll('*')]
      .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.data.includes(password)) || [...e.attributes].some((a) => a.value.includes(password)))
      .map((e) => e.className),
  };
}

/** The page saw the journey, yet the password reached it through nothing the extension did. */
export function assertNoLeak(seen, password, logs = []) {
  assert.ok(seen.events.length > 20 && seen.mutations.length > 20, 'the hostile script saw the page change');
  assert.ok(seen.events.some((e) => e.startsWith('input: ') && e.includes('Hostile')), 'it sees what typing shows, as any page can');
  for (const [what, list] of Object.entries({ events: seen.events, messages: seen.messages, mutations: seen.mutations, where: seen.where, console: logs })) {
    assert.ok(!list.some((x) => x.includes(password)), `the password is in no ${what}`);
  }
  assert.ok(!seen.storage.includes(password), "nor in the page's storage");
  assert.deepEqual(seen.holders, ['app-password'], "only Apple's own element holds it");
}

/** In the page: synthetic events on the overlay host and everything it could bubble to, keys
 *  that start the guide, press a focused chip and close it, a copy; posted messages in every
 *  shape. None of it may fill, steer or close the guide. */
export function provoke() {
  const host = document.querySelector('[data-apg-host]');
  const box = host.getBoundingClientRect();
  for (const el of [host, document.documentElement, document.body, ...document.elementsFromPoint(box.left + 1, box.top + 1)]) {
    for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) el.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true }));
  }
  const key = (init) => {
    for (const t of [window, document, document.querySelector('[data-apg-host]')]) t.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true, ...init }));
  };
  key({ key: 'G', code: 'KeyG', altKey: true, shiftKey: true });
  key({ key: 'Enter', code: 'Enter' });
  key({ key: ' ', code: 'Space' });
  key({ key: 'Escape', code: 'Escape' });
  document.dispatchEvent(new Event('copy', { bubbles: true }));
  for (const data of [{ kind: 'fill' }, { kind: 'fill', preset: 'thunderbird' }, { kind: 'restart' }, { kind: 'capture', password: 'abcd-abcd-abcd-abcd' }, { kind: 'export' }, 'fill', 'apg:fill']) {
    postMessage(data, '*');
  }
}

/** The page's traffic with the extension (`withIt`) is what it is without: the same requests
 *  from the page, the same reaching the site (`{ page, served }`, sorted). */
export function assertSameTraffic(withIt, without) {
  assert.ok(without.page.length >= 4, `the page's own requests were recorded: ${without.page}`);
  assert.ok(withIt.page.some((url) => url.includes('/replica/account.js')), "with the extension too, as the page's");
  assert.deepEqual(withIt.page, without.page, 'the same requests from the page');
  assert.deepEqual(withIt.served, without.served, 'the same requests reached the site');
}

/** In the page (replica `hostile=ce`): what the page's claim on the overlay's tag got it: the
 *  text of any shadow root its ElementInternals opened, and what the overlay's host is. */
export function claimReport() {
  const host = document.querySelector('[data-apg-step]');
  return {
    constructed: window.__claimed ? window.__claimed.constructed : -1,
    leaked: (window.__claimed ? window.__claimed.internals : []).map((i) => (i.shadowRoot ? i.shadowRoot.textContent : null)).filter((t) => t !== null),
    hostIsCustom: !!host && (host.localName.includes('-') || !!customElements.get(host.localName)),
  };
}

/** On the replica's `hostile=reenter` page (2026): the one-click fill (Alt+Shift+G, Enter) while
 *  the page fires window events inside its input event, then the next steps; throws where the
 *  guide stopped. */
export async function reenterFill(d, replica) {
  await d.goto(replica.url('account.apple.com', '/account/manage?session=1&layout=2026&late=100&hostile=reenter'));
  await d.waitStep('open-app-passwords');
  await d.click('#asp-tile');
  await d.waitStep('generate');
  await d.click('.modal-dialog .list-header > h3 + button');
  await d.waitStep('label');
  await d.keys(['Alt', 'Shift', 'G']);
  await d.keys(['Enter']);
  await d.waitStep('create');
  assert.equal(await d.eval(() => document.querySelector('#asp-label').value), 'Thunderbird', 'the fill went through');
  assert.equal((await d.state()).error, null, 'no internal error');
  await d.click('.modal-small .button-bar-nav button[type=submit]');
  await d.waitStep('confirm-password');
}

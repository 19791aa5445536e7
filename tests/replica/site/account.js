// Replica of account.apple.com: sign-in page with the idmsa frame, the management SPA
// (side nav, sections, tiles rendered late) and the App-Specific Passwords dialogs:
// list or empty state, create form with a framework-style controlled input, Confirm Your
// Password, the once-shown result, Done, Revoke. Variants: see DEFAULTS in common.js; a drift
// variant (`seed=N`, see drift.js) derives its config from the seed and perturbs every render.
import { h, config, text, later, portSuffix } from './common.js';
import { plan as driftPlan, replicaConfig, perturb, extras, dialogExtras, langAttribute } from './drift.js';

const cfg = config();
const drift = cfg.seed ? driftPlan(Number(cfg.seed)) : null;
if (drift) Object.assign(cfg, replicaConfig(drift));
const T = text(cfg);
document.documentElement.lang = cfg.lang;
if (drift) {
  const lang = langAttribute(drift);
  if (lang) document.documentElement.lang = lang;
  else document.documentElement.removeAttribute('lang');
}
const root = document.getElementById('root');
const SECTIONS = ['information', 'security', 'payment', 'privacy', 'devices'];
const LIMIT = 25;

if (cfg.session === '1') sessionStorage.setItem('replica.session', '1');
const signedIn = () => sessionStorage.getItem('replica.session') === '1';
const twofaOn = () => (sessionStorage.getItem('replica.twofa') || cfg.twofa) === 'on';

const state = {
  passwords: loadPasswords(),
  actions: 0,
  dialog: null, // { phase, label, password, error, busy, loading }
  firstRender: true,
  aside: null, // the mounted dialog's root
  tiles: null, // the security section's tiles
  refs: {}, // the elements a person acts on in the current render (see truth())
};

function loadPasswords() {
  const saved = sessionStorage.getItem('replica.passwords');
  if (saved) return JSON.parse(saved);
  const day = '2026-01-15';
  if (cfg.list === 'populated') return ['Thunderbird', 'Outlook', 'Backup'].map((label) => ({ label, day }));
  if (cfg.list === 'full') return Array.from({ length: LIMIT }, (_, i) => ({ label: `App ${i + 1}`, day }));
  return [];
}
function savePasswords() {
  sessionStorage.setItem('replica.passwords', JSON.stringify(state.passwords));
}

/** Counts a user action; past the configured number the session expires. */
function act() {
  state.actions += 1;
  const limit = Number(cfg.expire);
  if (limit > 0 && state.actions > limit) {
    sessionStorage.removeItem('replica.session');
    closeDialog();
    history.pushState(null, '', '/sign-in?expired=1');
    route();
    return false;
  }
  return true;
}

function navigate(event) {
  event.preventDefault();
  if (!act()) return;
  history.pushState(null, '', event.currentTarget.getAttribute('href'));
  route();
}
addEventListener('popstate', route);

function route() {
  const path = location.pathname;
  if (path.startsWith('/sign-in')) return renderSignIn();
  if (!signedIn()) {
    history.replaceState(null, '', '/sign-in');
    return renderSignIn();
  }
  const m = path.match(/^\/account\/manage\/section\/([a-z]+)/);
  const section = m && SECTIONS.includes(m[1]) ? m[1] : 'information';
  if (!m) history.replaceState(null, '', `/account/manage/section/${section}`);
  renderManage(section);
}

function header() {
  return h('header', { class: 'globalnav' }, h('span', { class: 'brand' }, 'Apple Account'));
}

/** Renders after the late delay on first load, quickly on later navigations (like an SPA);
 *  then runs `after`. */
function renderLate(build, after) {
  root.replaceChildren(header(), h('div', { class: 'spinner', role: 'progressbar', 'aria-busy': 'true' }));
  const delay = state.firstRender ? Number(cfg.late) || 0 : 150;
  state.firstRender = false;
  setTimeout(() => {
    root.replaceChildren(header(), ...build());
    if (drift) perturb(root, drift, `page:${location.pathname}`);
    if (after) after();
    markTruth();
  }, delay);
}

function renderSignIn() {
  const idmsa = location.hostname.endsWith('.cn') ? 'idmsa.apple.com.cn' : 'idmsa.apple.com';
  const params = new URLSearchParams({ frame_id: 'auth-replica', language: cfg.lang, twofa: cfg.twofa, parent: location.origin });
  const expired = new URLSearchParams(location.search).has('expired');
  renderLate(() => [
    h('main', { class: 'sign-in' },
      h('h1', { class: 'page-title' }, T.signInTitle),
      expired ? h('p', { class: 'form-message session-expired', role: 'alert' }, T.sessionExpired) : null,
      h('iframe', {
        id: 'aid-auth-widget-iFrame', name: 'aid-auth-widget', title: T.signInTitle,
        src: `https://${idmsa}${portSuffix()}/appleauth/auth/authorize/signin?${params}`,
      })),
  ]);
}

addEventListener('message', (event) => {
  if (!/^https:\/\/idmsa\.apple\.com(\.cn)?(:\d+)?$/.test(event.origin)) return;
  if (event.data && event.data.type === 'replica-signed-in') {
    sessionStorage.setItem('replica.session', '1');
    history.pushState(null, '', '/account/manage');
    route();
  }
});

function renderManage(section) {
  if (cfg.variant === 'legacy') return renderLegacy();
  renderLate(() => [
    h('div', { class: 'layout' },
      h('nav', { 'aria-label': 'Side Navigation' },
        h('ul', { class: 'side-nav-list' }, SECTIONS.map((s, i) => h('li', { class: 'side-nav-item' },
          h('a', { class: 'side-nav-link', href: `/account/manage/section/${s}`, 'aria-current': s === section ? 'page' : null, onclick: navigate }, T.nav[i]))))),
      h('main', { class: 'page' },
        h('h1', { class: 'page-title' }, T.nav[SECTIONS.indexOf(section)]),
        cfg.decoy === '1' ? decoys() : null,
        section === 'security' ? securityTiles() : h('p', { class: 'section-intro' }, '—'),
        section === 'security' && drift ? driftExtras() : null)),
  ], () => {
    // `open=list|create|result`: the page opens with the App-Specific Passwords dialog.
    if (section !== 'security' || !cfg.open || state.opened) return;
    state.opened = true;
    if (cfg.open === 'result') {
      openDialog('result', { label: 'Mail', password: newPassword() });
    } else if (PHASES[cfg.open]) {
      openDialog(cfg.open);
    }
  });
}

/** A drift variant's look-alikes on the page, and its second dialog (added once). */
function driftExtras() {
  const { page, body } = extras(drift, T, h);
  body.forEach((e, i) => perturb(e, drift, `second:${i}`));
  if (!state.extrasAdded) document.body.prepend(...body);
  state.extrasAdded = true;
  return page;
}

/** The element a person must act on now, by the step id of the guide's table: the replica's
 *  own knowledge, kept as `data-replica-truth` for the drift test (the extension never reads it). */
function truth() {
  const d = state.dialog;
  const r = state.refs;
  if (!d) return location.pathname.endsWith('/security') ? ['open-app-passwords', r.tile] : null;
  if (d.loading || d.busy) return null;
  if (d.phase === 'list') return ['generate', r.generate];
  if (d.phase === 'create') return d.label.trim() ? ['create', r.create] : ['label', r.label];
  if (d.phase === 'confirm') return ['confirm-password', r.confirm];
  if (d.phase === 'result') return ['copy', r.password];
  return null;
}

function markTruth() {
  if (!drift) return;
  document.querySelectorAll('[data-replica-truth]').forEach((e) => e.removeAttribute('data-replica-truth'));
  const [id, el] = truth() || [];
  if (el && el.isConnected) el.setAttribute('data-replica-truth', id);
  // Apple's form at work (no target until it answers), whatever the drift made of its classes.
  document.documentElement.toggleAttribute('data-replica-busy', !!state.dialog?.busy);
}

/** Password-shaped strings that are not a new password: the guide must never capture them.
 *  On the page (text, attribute, hidden, an input, the title) and in another, non-modal dialog
 *  that stays open; `dialogDecoys` adds more inside Apple's dialog. */
function decoys() {
  document.title = 'wxyz-wxyz-wxyz-wxyz';
  if (!state.notes) {
    state.notes = h('div', { class: 'notes-panel', role: 'dialog', 'aria-label': 'Notes' }, h('p', {}, 'fghi-fghi-fghi-fghi'));
    document.body.append(state.notes);
  }
  return h('div', { class: 'decoys', 'data-example': 'qrst-qrst-qrst-qrst' },
    h('p', { class: 'help' }, 'Example of the format: abcd-efgh-ijkl-mnop'),
    h('p', { hidden: true }, 'mnop-mnop-mnop-mnop'),
    h('input', { class: 'form-textbox-input', readonly: true, value: 'efgh-efgh-efgh-efgh', 'aria-label': 'example' }));
}

/** Password-shaped strings inside Apple's dialog beside the new password, none of them shown:
 *  in attributes, hidden elements, a hidden input and a comment. */
function dialogDecoys() {
  return h('div', { class: 'decoys', 'data-previous': 'klmn-klmn-klmn-klmn', title: 'opqr-opqr-opqr-opqr', 'aria-description': 'cdef-cdef-cdef-cdef' },
    h('span', { hidden: true }, 'hijk-hijk-hijk-hijk'),
    h('span', { class: 'gone' }, 'jklm-jklm-jklm-jklm'),
    h('input', { type: 'hidden', name: 'previous', value: 'tuvw-tuvw-tuvw-tuvw' }),
    document.createComment('bcde-bcde-bcde-bcde'));
}

function tile(title, line, onclick, extra = {}) {
  return h('button', { class: 'button button-bare button-expand button-rounded-rectangle', type: 'button', onclick, ...extra },
    h('h3', { class: 'card-title' }, title), h('div', { class: 'card-line' }, line));
}

function securityTiles() {
  const aspLine = state.passwords.length ? `${state.passwords.length} / ${LIMIT}` : T.lines.asp;
  let asp = null;
  if (twofaOn()) {
    asp = cfg.drift === '1'
      ? h('div', { class: 'zz-card', role: 'button', tabindex: '0', onclick: () => act() && openDialog('list') },
        h('span', { class: 'zz-t' }, 'Passcodes for outside software'), h('span', { class: 'zz-l' }, aspLine))
      : tile(T.tiles.asp, aspLine, () => act() && openDialog('list'), { id: 'asp-tile' });
  }
  state.refs.tile = asp;
  state.tiles = h('div', { class: 'tiles' },
    tile(T.tiles.email, 'user@icloud.com', () => act()),
    tile(T.tiles.password, T.lines.password, () => act()),
    tile(T.tiles.security, twofaOn() ? T.lines.security : T.lines.questions, () => act() && openDialog('security')),
    asp);
  return state.tiles;
}

// ---- Dialogs -------------------------------------------------------------------------------

function openDialog(phase, fields = {}) {
  state.dialog = { phase, label: '', password: '', confirm: '', phone: '', error: '', busy: false, ...fields };
  showPhase();
}

function closeDialog() {
  state.dialog = null;
  state.aside?.remove();
  state.aside = null;
  if (location.pathname.endsWith('/security') && cfg.variant !== 'legacy' && state.tiles) {
    state.tiles.replaceWith(securityTiles());
    if (drift) perturb(state.tiles, drift, 'tiles');
  }
  markTruth();
}

function setPhase(phase, changes = {}) {
  Object.assign(state.dialog, { phase, error: '', ...changes });
  showPhase();
}

/** Mounts the dialog's phase; with `slow=N`, a loading dialog first and its content N ms later. */
function showPhase() {
  const d = state.dialog;
  const slow = Number(cfg.slow) || 0;
  d.loading = slow > 0;
  mountDialog();
  if (slow > 0) {
    setTimeout(() => {
      if (state.dialog !== d || !d.loading) return;
      d.loading = false;
      mountDialog();
    }, slow);
  }
}

/** Mounts the open dialog from state: always fresh nodes, so old references go stale. With
 *  `overlap`, the old dialog stays a moment under the new one, as in a framework's transition. */
function mountDialog({ overlap = false } = {}) {
  const d = state.dialog;
  const old = state.aside;
  if (!overlap) old?.remove();
  state.aside = null;
  if (!d) return;
  let [title, body, alert] = PHASES[d.phase]();
  if (d.loading) body = [h('div', { class: 'spinner', role: 'progressbar', 'aria-busy': 'true' })];
  else if (drift) body = [...body, ...dialogExtras(drift, T, h, d.phase)];
  const cls = cfg.variant === 'legacy' ? 'legacy-modal' : 'modal-dialog';
  const aside = h('aside', { class: `modal modal-blurry-overlay${alert ? ' modal-alert' : ''}` },
    h('div', { class: cls, role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('div', { class: 'modal-close' }, h('button', { type: 'button', class: 'button button-icon', 'aria-label': T.close, onclick: closeDialog }, '×')),
      h('div', { class: 'modal-content' }, h('div', { class: 'modal-body' }, body))));
  if (drift) perturb(aside, drift, `dialog:${d.phase}:${d.loading ? 'loading' : ''}:${d.error ? 'error' : ''}`);
  document.body.append(aside);
  state.aside = aside;
  if (overlap && old) setTimeout(() => old.remove(), 150);
  const input = aside.querySelector('input:not([readonly])');
  if (input) input.focus();
  markTruth();
}

/** Re-mounts the open dialog: `gap` leaves 200 ms with no dialog at all, as a framework's
 *  transition may; `overlap` mounts the new dialog while the old one is still there. */
function remountDialog(mode) {
  if (!state.dialog) return;
  if (mode === 'overlap') return mountDialog({ overlap: true });
  state.aside?.remove();
  state.aside = null;
  markTruth();
  // When the gap began and ended (a busy machine can stretch it), for the drift suite to judge by.
  const gap = { start: performance.now(), end: null };
  (window.replicaGaps ||= []).push(gap);
  setTimeout(() => {
    if (state.dialog) mountDialog();
    gap.end = performance.now();
  }, 200);
}
if (cfg.remount === '1' || cfg.remount === 'overlap') {
  setInterval(() => remountDialog(cfg.remount === '1' ? 'gap' : 'overlap'), 900);
}
// Drift variants are re-mounted mid-step by the test, once the guide has seen the step.
if (drift) window.replicaRemount = remountDialog;

function buttonBar(...buttons) {
  return h('div', { class: `modal-button-bar${state.dialog.busy ? ' button-bar-working' : ''}` }, ...buttons);
}
function errorLine() {
  const e = state.dialog.error;
  state.dialog.errorEl = e ? h('span', { class: 'form-message', role: 'alert' }, e) : null;
  return h('div', { class: 'form-message-wrapper' }, state.dialog.errorEl);
}
function primary(label, attrs = {}) {
  return h('button', { class: cfg.variant === 'legacy' ? 'button-primary' : 'button button-rounded-rectangle', type: 'submit', ...attrs }, label);
}
function secondary(label, onclick) {
  return h('button', { class: 'button button-secondary button-rounded-rectangle', type: 'button', onclick }, label);
}

/** A framework-style controlled input: only `input` events change the state it reports.
 *  Typing clears a field error shown for the previous value, as form libraries do. */
function controlled(key, attrs, onchange) {
  return h('input', {
    ...attrs,
    value: state.dialog[key],
    oninput: (e) => {
      state.dialog[key] = e.target.value;
      if (state.dialog.error) {
        state.dialog.error = '';
        state.dialog.errorEl?.remove();
        e.target.closest('form')?.classList.remove('has-errors');
      }
      onchange && onchange();
      markTruth();
    },
  });
}

const PHASES = {
  security() {
    if (twofaOn()) return [T.tiles.security, [h('p', {}, T.lines.security)]];
    return [T.tiles.security, [h('p', {}, T.twofaOff), h('p', {}, T.lines.questions),
      buttonBar(h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => act() && setPhase('phone') }, T.turnOn2fa))]];
  },
  phone() {
    const form = h('form', { class: 'modal-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!act()) return;
      if (!/\d{6,}/.test(state.dialog.phone.replace(/\D/g, ''))) return setPhase('phone', { error: T.phoneLabel });
      setPhase('code');
    } },
    h('label', { for: 'tfa-phone', class: 'form-label' }, T.phoneLabel),
    controlled('phone', { class: 'form-textbox-input', type: 'tel', id: 'tfa-phone', autocomplete: 'tel' }),
    errorLine(), buttonBar(secondary(T.cancel, closeDialog), primary(T.continue)));
    return [T.tiles.security, [form]];
  },
  code() {
    const inputs = Array.from({ length: 6 }, (_, i) => h('input', {
      class: 'form-security-code-input', maxlength: '1', inputmode: 'numeric', 'aria-label': `${i + 1}`,
      oninput: (e) => {
        if (e.target.value && i < 5) inputs[i + 1].focus();
        if (inputs.every((x) => /^\d$/.test(x.value))) {
          sessionStorage.setItem('replica.twofa', 'on');
          closeDialog();
        }
      },
    }));
    return [T.tiles.security, [h('p', {}, T.codeLabel), h('div', { class: 'form-security-code-inputs' }, inputs)]];
  },
  list() {
    const p = state.passwords;
    if (!p.length) {
      state.refs.generate = h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => act() && setPhase('create') }, T.generate);
      return [T.tiles.asp, [h('p', {}, T.aspIntro), state.refs.generate]];
    }
    state.refs.generate = h('button', { class: 'button button-icon', type: 'button', title: T.add, 'aria-label': T.add, onclick: () => act() && setPhase('create') }, '+');
    return [T.tiles.asp, [
      h('p', {}, T.aspIntro),
      h('div', { class: 'list-header' },
        h('span', {}, `${p.length} / ${LIMIT}`),
        state.refs.generate),
      h('ul', { class: 'card-list' }, p.map((entry, i) => h('li', { class: 'card-list-item' },
        h('span', { class: 'card-title' }, entry.label),
        h('span', { class: 'card-line' }, `${T.created} ${entry.day}`),
        h('button', { class: 'button button-icon', type: 'button', title: T.remove, 'aria-label': T.remove, onclick: () => act() && setPhase('revoke', { index: i }) }, '−')))),
      buttonBar(secondary(T.revokeAll, () => act() && setPhase('revoke', { index: -1 }))),
    ]];
  },
  create() {
    const d = state.dialog;
    const valid = () => d.label.trim().length > 0;
    const create = primary(T.create, { 'aria-disabled': String(!valid()) });
    const input = controlled('label', {
      class: cfg.variant === 'legacy' ? 'generic-input-field' : 'form-textbox-input', type: 'text', id: 'asp-label',
      'aria-label': T.labelPrompt, autocomplete: 'off', maxlength: cfg.maxlength || null,
    }, () => { create.setAttribute('aria-disabled', String(!valid())); });
    Object.assign(state.refs, { label: input, create });
    const form = h('form', { class: 'modal-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!act()) return;
      if (!valid()) return setPhase('create', { error: T.emptyLabel });
      if (state.passwords.length >= LIMIT) return setPhase('create', { error: T.limit });
      if (cfg.variant === 'legacy') return generate();
      setPhase('confirm');
    } },
    h('label', { for: 'asp-label', class: 'form-label' }, T.labelPrompt), input, errorLine(),
    buttonBar(secondary(T.cancel, () => act() && setPhase('list')), create));
    if (d.error && cfg.variant === 'legacy') form.classList.add('has-errors');
    return [T.tiles.asp, [form]];
  },
  confirm() {
    const form = h('form', { class: 'modal-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!act()) return;
      const pw = state.dialog.confirm;
      if (!pw || pw === 'wrong') return setPhase('confirm', { error: T.wrongPassword, confirm: '' });
      if (cfg.fail === 'create') return setPhase('failed');
      state.dialog.busy = true;
      mountDialog();
      setTimeout(generate, 300);
    } },
    h('p', {}, T.confirmTitle),
    state.refs.confirm = controlled('confirm', { class: 'form-textbox-input', type: 'password', 'aria-label': T.password, autocomplete: 'current-password' }),
    errorLine(),
    buttonBar(secondary(T.cancel, () => act() && setPhase('list')), primary(T.continue)));
    return [T.confirmTitle, [form]];
  },
  failed() {
    return [T.couldntCreate, [h('p', { role: 'alert' }, T.couldntCreate),
      buttonBar(secondary(T.close, closeDialog), h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => {
        sessionStorage.removeItem('replica.session'); closeDialog(); history.pushState(null, '', '/sign-in'); route();
      } }, T.signInWithPassword))], true];
  },
  result() {
    const d = state.dialog;
    const shown = cfg.show === 'input' || cfg.variant === 'legacy'
      ? h('input', { class: 'form-textbox-input', id: cfg.variant === 'legacy' ? 'appPasswordText' : null, readonly: true, value: d.password, 'aria-label': T.password })
      : h('p', { class: 'app-password' }, d.password);
    state.refs.password = shown;
    return [T.tiles.asp, [h('p', {}, `${T.resultIntro}: “${d.label}”`), shown, cfg.decoy === '1' ? dialogDecoys() : null, h('p', {}, T.resultOnce),
      buttonBar(h('button', { class: cfg.variant === 'legacy' ? 'button-primary' : 'button button-rounded-rectangle', type: 'button', onclick: () => act() && closeDialog() }, T.done))]];
  },
  revoke() {
    const i = state.dialog.index;
    return [T.revokeQuestion, [h('p', {}, T.revokeQuestion),
      buttonBar(secondary(T.cancel, () => setPhase('list')),
        h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => {
          if (!act()) return;
          if (i < 0) state.passwords = []; else state.passwords.splice(i, 1);
          savePasswords();
          setPhase('list');
        } }, h('span', { class: 'isDestructive' }, T.revoke)))], true];
  },
};

/** A new app-specific password, as Apple makes them: four groups of four letters. */
function newPassword() {
  const letters = crypto.getRandomValues(new Uint8Array(16));
  const a = 'abcdefghijklmnopqrstuvwxyz';
  return [0, 4, 8, 12].map((o) => Array.from(letters.slice(o, o + 4), (b) => a[b % 26]).join('')).join('-');
}

function generate() {
  const password = newPassword();
  state.passwords.push({ label: state.dialog.label.trim(), day: new Date().toISOString().slice(0, 10) });
  savePasswords();
  state.dialog.busy = false;
  setPhase('result', { password });
}

// ---- The legacy DOM (appleid.apple.com, about 2019-2020) ----------------------------------

function renderLegacy() {
  renderLate(() => [
    h('aid-web', {},
      h('idms-step', { class: 'security-section' },
        h('h2', { class: 'section-title' }, T.nav[1]),
        h('div', { class: 'app-passwords' },
          h('h3', {}, T.legacyTitle),
          h('button', { class: 'btn-app-password', type: 'button', onclick: () => act() && openDialog('create') }, T.legacyGenerate),
          h('a', { id: 'viewAppPasswordHistory', href: '#history' }, T.legacyHistory),
          h('ul', { class: 'history' }, state.passwords.map((p) => h('li', { class: 'pass-desc' }, p.label)))))),
  ]);
}

route();

// Replica of account.apple.com: sign-in page with the idmsa frame, the management SPA
// (side nav, sections, tiles rendered late) and the App-Specific Passwords dialogs:
// list or empty state, create form with a framework-style controlled input, Confirm Your
// Password, the once-shown result, Done, Revoke. Two layouts (`layout`): `today`, and `2026`
// (the default; see "The 2026 layout" below): a landing page, Sign-In and Security at
// /account/manage, sections kept mounted under aria-hidden, and small dialogs stacked on the
// list. Variants: see DEFAULTS in common.js; a drift variant (`seed=N`, see drift.js) derives
// its config from the seed and perturbs every render.
import { h, svg, config, text, later, portSuffix, claimOverlayTag } from './common.js';
import { plan as driftPlan, replicaConfig, perturb, extras, dialogExtras, langAttribute, keep } from './drift.js';

const cfg = config();
// Marks a page that was loaded by a prerender (speculation rules) and activated later: the
// prerender test tells by it that the page it sees is the prerendered one.
// With `prerender=<token>`, a page loaded by a prerender reports to the replica (which tells the
// page that prerendered it to go there) once the guide's overlay host says the background
// answered it, still prerendered.
if (document.prerendering) {
  document.documentElement.setAttribute('data-replica-prerendered', 'true');
  const token = new URLSearchParams(location.search).get('prerender');
  const answered = () => document.querySelector('[data-apg-host][data-apg-background]');
  const report = () => {
    if (!document.prerendering) return;
    if (!answered()) return setTimeout(report, 50);
    document.documentElement.setAttribute('data-replica-answered-prerendered', 'true');
    fetch(`/replica-prerender-hello?token=${encodeURIComponent(token)}`);
  };
  if (token) report();
}
if (cfg.hostile === 'ce') claimOverlayTag();
// `hostile=reenter`: while a field takes input, the page fires events of its own at the window
// at once (synchronously, inside the extension's own dispatch of `input` during a fill).
if (cfg.hostile === 'reenter') {
  addEventListener('input', () => {
    dispatchEvent(new Event('scroll'));
    dispatchEvent(new Event('resize'));
  }, true);
}
const drift = cfg.seed ? driftPlan(Number(cfg.seed)) : null;
if (drift) Object.assign(cfg, replicaConfig(drift));
// The legacy variant keeps its own DOM whatever the layout.
const Y26 = cfg.layout === '2026' && cfg.variant !== 'legacy';
const T = text(cfg);
document.documentElement.lang = cfg.lang;
if (drift) {
  const lang = langAttribute(drift);
  if (lang) document.documentElement.lang = lang;
  else document.documentElement.removeAttribute('lang');
}
const root = document.getElementById('root');
const SECTIONS = ['information', 'security', 'payment', 'privacy', 'devices'];
const SECTIONS_2026 = ['information', 'security', 'payment', 'subscriptions', 'family', 'devices', 'privacy'];
const LIMIT = 25;
/** The signed-in account (2026: the email tile and the confirm dialog name it). */
const ACCOUNT = 'jane@icloud.com';

if (cfg.session === '1') sessionStorage.setItem('replica.session', '1');
const signedIn = () => sessionStorage.getItem('replica.session') === '1';
const twofaOn = () => (sessionStorage.getItem('replica.twofa') || cfg.twofa) === 'on';
// 2026, `signin=passkey`: the session was opened by passkey until "Sign in with password".
const passkey = () => (sessionStorage.getItem('replica.signin') || cfg.signin) === 'passkey';

const state = {
  passwords: loadPasswords(),
  actions: 0,
  dialog: null, // { phase, label, password, error, busy, loading }
  firstRender: true,
  aside: null, // the mounted dialog's root
  tiles: null, // the security section's tiles
  refs: {}, // the elements a person acts on in the current render (see truth())
  small: null, // 2026: the small dialog stacked on the list (state.aside)
  section: null, // 2026: the section shown (all are mounted)
  shell: null, // 2026: the mounted side nav and sections
  sections: {}, // 2026: section element by id
  links: {}, // 2026: side nav link by section id
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
    // 2026: the signed-out home is a landing page; the sign-in frame is on /sign-in only.
    if (Y26 && path === '/') return renderLanding();
    history.replaceState(null, '', '/sign-in');
    return renderSignIn();
  }
  if (Y26) return route2026(path);
  const m = path.match(/^\/account\/manage\/section\/([a-z]+)/);
  const section = m && SECTIONS.includes(m[1]) ? m[1] : 'information';
  if (!m) history.replaceState(null, '', `/account/manage/section/${section}`);
  renderManage(section);
}

function header() {
  return h('header', { class: 'globalnav' }, h('span', { class: 'brand' }, 'Apple Account'));
}

/** Renders after the late delay on first load, quickly on later navigations (like an SPA);
 *  then runs `after`. `top` builds the page's header. */
function renderLate(build, after, top = header) {
  root.replaceChildren(top(), h('div', { class: 'spinner', role: 'progressbar', 'aria-busy': 'true' }));
  const delay = state.firstRender ? Number(cfg.late) || 0 : 150;
  state.firstRender = false;
  setTimeout(() => {
    root.replaceChildren(top(), ...build());
    if (drift) perturb(root, drift, `page:${location.pathname}`);
    if (after) after();
    markTruth();
  }, delay);
}

function renderSignIn() {
  const idmsa = location.hostname.endsWith('.cn') ? 'idmsa.apple.com.cn' : 'idmsa.apple.com';
  const params = new URLSearchParams({ frame_id: 'auth-replica', language: cfg.lang, twofa: cfg.twofa, parent: location.origin });
  // 2026: the frame nests Apple's upgrade prompt for an account without 2FA (see widget.js).
  if (Y26) params.set('twofa', twofaOn() ? 'on' : 'off');
  if (Y26) params.set('layout', '2026');
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
    // 2026: the sign-in frame's upgrade prompt turned two-factor authentication on.
    if (event.data.twofa === 'on') sessionStorage.setItem('replica.twofa', 'on');
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
  // 2026: the security section counts only while it is the one shown (not aria-hidden).
  if (!d && Y26) return state.section === 'security' ? ['open-app-passwords', r.tile] : null;
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
  state.small?.remove();
  state.small = null;
  if (Y26 && state.tiles?.isConnected) {
    // The tiles follow the account's state (two-factor authentication turned on: the tile).
    state.tiles.replaceWith(securityTiles26());
    if (drift) perturb(state.tiles, drift, 'tiles');
  } else if (!Y26 && location.pathname.endsWith('/security') && cfg.variant !== 'legacy' && state.tiles) {
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
  // 2026: the list uncovered again is still loaded.
  d.loading = slow > 0 && !(Y26 && d.phase === 'list' && state.aside?.isConnected);
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
  if (Y26 && d && PHASES26[d.phase]) return mountStack({ overlap });
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
  // 2026: the frontmost dialog goes; the list stays under a small one.
  if (state.small) {
    state.small.remove();
    state.small = null;
  } else {
    state.aside?.remove();
    state.aside = null;
  }
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

// ---- The 2026 layout (`layout=2026`) --------------------------------------------------------
// As a September 2026 walkthrough of the real site shows it (see the field guide's first
// section): the markup is a guess that follows the design system's known classes.

/** The signed-out home: a landing page with a Sign In button; no sign-in frame here. */
function renderLanding() {
  const toSignIn = () => {
    if (!act()) return;
    history.pushState(null, '', '/sign-in');
    route();
  };
  renderLate(() => [
    h('main', { class: 'landing' },
      h('h1', { class: 'landing-title' }, T.landingTitle),
      h('p', { class: 'landing-text' }, T.landingText),
      h('button', { class: 'button button-rounded-rectangle landing-sign-in', type: 'button', onclick: toSignIn }, T.signIn)),
  ], null, () => h('header', { class: 'globalnav' },
    h('span', { class: 'brand' }, 'Apple Account'),
    h('nav', { class: 'landing-nav' }, h('ul', {},
      h('li', {}, h('a', { href: '/sign-in', onclick: navigate }, T.signIn)),
      // No account creation or FAQ in the replica: followed, they reach the sign-in page.
      h('li', {}, h('a', { href: '/account' }, T.createAccount)),
      h('li', {}, h('a', { href: '/faq' }, T.faq))))));
}

/** Signed in: Sign-In and Security at /account/manage itself (no section in the address);
 *  /account/manage/section/<id> shows that section; anything else goes to /account/manage. */
function route2026(path) {
  const m = path.match(/^\/account\/manage\/section\/([a-z]+)$/);
  const known = m && SECTIONS_2026.includes(m[1]);
  if (!known && path !== '/account/manage') history.replaceState(null, '', '/account/manage');
  showSection(known ? m[1] : 'security');
}

/** Shows a section: the first time the whole shell renders late, later only the section shown
 *  changes (every section stays mounted, as the real page keeps them). */
function showSection(section) {
  state.section = section;
  if (state.shell?.isConnected) {
    selectSection();
    markTruth();
    return;
  }
  renderLate(() => [manageShell()], () => {
    if (section !== 'security' || !cfg.open || state.opened) return;
    state.opened = true;
    if (cfg.open === 'result') openDialog('result', { label: 'Mail', password: newPassword() });
    else if (PHASES26[cfg.open]) openDialog(cfg.open);
  }, () => h('header', { class: 'globalnav' },
    h('span', { class: 'brand' }, 'Apple Account'),
    h('button', { class: 'button button-bare sign-out', type: 'button', onclick: signOut }, T.signOut)));
}

/** The section shown gets aria-hidden="false", the others "true" (hidden from view by CSS with
 *  visibility, not display: an extension must take aria-hidden content as absent). */
function selectSection() {
  for (const s of SECTIONS_2026) {
    const current = s === state.section;
    state.sections[s].setAttribute('aria-hidden', current ? 'false' : 'true');
    if (current) state.links[s].setAttribute('aria-current', 'page');
    else state.links[s].removeAttribute('aria-current');
  }
}

function manageShell() {
  state.sections = {};
  state.links = {};
  const nav = h('nav', { 'aria-label': 'Side Navigation' },
    h('ul', { class: 'side-nav-list' }, SECTIONS_2026.map((s, i) => h('li', { class: 'side-nav-item' },
      state.links[s] = h('a', { class: 'side-nav-link', href: `/account/manage/section/${s}`, onclick: navigate }, T.nav26[i])))));
  const main = h('main', { class: 'page page-2026' },
    profileHeader(),
    SECTIONS_2026.map((s, i) => {
      state.sections[s] = h('section', { class: 'manage-section', id: `section-${s}` },
        h('h1', { class: 'page-title' }, T.nav26[i]),
        s === 'security' ? securityContent() : h('p', { class: 'section-intro' }, '—'));
      return state.sections[s];
    }));
  state.shell = h('div', { class: 'layout' }, nav, main);
  selectSection();
  return state.shell;
}

/** The account's header block above the sections: it is what puts the last tile below the fold. */
function profileHeader() {
  return h('div', { class: 'profile-header' },
    h('span', { class: 'avatar', 'aria-hidden': 'true' }, 'JA'),
    h('div', {}, h('p', { class: 'profile-name' }, 'Jane Appleseed'), h('p', { class: 'profile-email' }, ACCOUNT)));
}

function securityContent() {
  return [
    h('p', { class: 'section-intro' }, T.securityIntro),
    cfg.decoy === '1' ? decoys() : null,
    securityTiles26(),
    drift ? driftExtras() : null,
  ];
}

/** A tile: `div > button` with a title the CSS cuts with "…" when it is long (the DOM text stays whole). */
function tile26(title, line, onclick, extra = {}) {
  return h('div', { class: 'tile' },
    h('button', { class: 'button button-bare button-expand button-rounded-rectangle', type: 'button', onclick, ...extra },
      h('span', { class: 'card-icon', 'aria-hidden': 'true' }),
      h('h3', { class: 'card-title' }, title), h('div', { class: 'card-line' }, line)));
}

function securityTiles26() {
  let asp = null;
  if (twofaOn()) {
    asp = cfg.drift === '1'
      ? h('div', { class: 'tile' }, h('div', { class: 'zz-card', role: 'button', tabindex: '0', onclick: () => act() && openDialog('list') },
        h('span', { class: 'zz-t' }, 'Passcodes for outside software'), h('span', { class: 'zz-l' }, T.lines.asp)))
      : tile26(T.tiles.asp, T.lines.asp, () => act() && openDialog('list'), { id: 'asp-tile' });
  }
  state.refs.tile = asp && (asp.querySelector('#asp-tile') || asp.firstChild);
  // Seven tiles, App-Specific Passwords last: in a 2-column grid that is below the fold.
  state.tiles = h('div', { class: 'tiles' },
    tile26(T.tiles.email, ACCOUNT, () => act()),
    tile26(T.tiles.password, T.lines.password, () => act()),
    tile26(T.tiles.security, twofaOn() ? T.twofaTitle : T.lines.questions, () => act() && openDialog('security')),
    tile26(T.tiles26.recovery, T.lines26.recovery, () => act()),
    tile26(T.tiles26.legacy, T.lines26.legacy, () => act()),
    tile26(T.tiles26.siwa, T.lines26.siwa, () => act()),
    asp);
  return state.tiles;
}

function signOut() {
  sessionStorage.removeItem('replica.session');
  closeDialog();
  history.pushState(null, '', '/');
  route();
}

/** "Sign in with password" (the refusal): signs out; the next sign-in is by password. */
function signInWithPassword() {
  sessionStorage.removeItem('replica.session');
  sessionStorage.setItem('replica.signin', 'password');
  closeDialog();
  history.pushState(null, '', '/sign-in');
  route();
}

/**
 * Mounts the 2026 dialogs from state: the list (state.aside) is frontmost in phase `list`;
 * any other phase is a small dialog (state.small) appended on top of it, the list staying
 * mounted underneath with aria-hidden="true" until it is uncovered (the attribute then goes).
 * Always fresh nodes for what is (re)built, so old references go stale.
 */
function mountStack({ overlap = false } = {}) {
  const d = state.dialog;
  const covered = d.phase !== 'list';
  if (!covered) {
    state.small?.remove();
    state.small = null;
  }
  if (!covered || !state.aside?.isConnected) state.aside = place(state.aside, frame26('list', !covered && d.loading), overlap);
  if (covered) {
    state.small = place(state.small, frame26(d.phase, d.loading), overlap);
    state.aside.setAttribute('aria-hidden', 'true');
  }
  const input = (state.small || state.aside).querySelector('input:not([readonly])');
  if (input) input.focus();
  markTruth();
}

/** Puts a dialog where `old` was (or on top); with `overlap`, the old one goes 150 ms later. */
function place(old, aside, overlap) {
  if (old?.isConnected && !overlap) old.replaceWith(aside);
  else document.body.append(aside);
  if (overlap && old) setTimeout(() => old.remove(), 150);
  return aside;
}

/** One 2026 dialog: the list (large, close X top-left) or a small one (no X). */
function frame26(phase, loading) {
  let [title, body, alert] = PHASES26[phase]();
  if (loading) body = [h('div', { class: 'spinner', role: 'progressbar', 'aria-busy': 'true' })];
  else if (drift) body = [...body, ...dialogExtras(drift, T, h, phase)];
  const isSmall = phase !== 'list';
  const aside = h('aside', { class: `modal modal-blurry-overlay${alert ? ' modal-alert' : ''}` },
    h('div', { class: isSmall ? 'modal-dialog modal-small' : 'modal-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      isSmall ? null : h('div', { class: 'modal-close' }, h('button', { type: 'button', class: 'button button-icon', 'aria-label': T.close, onclick: closeDialog }, '×')),
      h('div', { class: 'modal-content' }, h('div', { class: 'modal-body' }, body))));
  if (drift) perturb(aside, drift, `dialog:${phase}:${loading ? 'loading' : ''}:${isSmall && state.dialog.error ? 'error' : ''}`);
  return aside;
}

/** Apple's dotted ring, drawn at the top of every small dialog. */
function ringLogo() {
  const dots = Array.from({ length: 24 }, (_, i) => {
    const a = (i / 24) * 2 * Math.PI;
    return svg('circle', { cx: (24 + 19 * Math.cos(a)).toFixed(2), cy: (24 + 19 * Math.sin(a)).toFixed(2), r: '1.6' });
  });
  return svg('svg', { class: 'dotted-ring', viewBox: '0 0 48 48', width: '48', height: '48', 'aria-hidden': 'true' }, dots);
}

/** A small dialog's content: logo, title, grey text, then its controls. */
function small(title, text, ...controls) {
  return [title, [ringLogo(), h('h2', { class: 'modal-title' }, title), text ? h('p', { class: 'modal-text' }, text) : null, ...controls]];
}

/** Vertically stacked buttons: the filled primary above the outlined Cancel. */
function buttonNav(...buttons) {
  return h('div', { class: `button-bar-nav${state.dialog.busy ? ' button-bar-working' : ''}` }, ...buttons);
}

/** The list's "+", in the accessible-name variant of `plus`. */
function plusButton() {
  const attrs = { class: 'button button-icon button-rounded-rectangle', type: 'button', onclick: () => act() && setPhase('create') };
  if (cfg.plus === 'named') return h('button', { ...attrs, 'aria-label': T.add }, h('span', { 'aria-hidden': 'true' }, '+'));
  if (cfg.plus === 'bare') {
    return h('button', attrs, svg('svg', { class: 'plus-icon', viewBox: '0 0 16 16', width: '16', height: '16', 'aria-hidden': 'true' },
      svg('path', { d: 'M8 2v12M2 8h12', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' })));
  }
  return h('button', attrs, '+');
}

/** Create or Continue accepted: Apple makes the password, or refuses (passkey, fail=create). */
function submitted() {
  if (cfg.fail === 'create' || passkey()) return setPhase('failed');
  state.dialog.busy = true;
  mountDialog();
  setTimeout(generate, 300);
}

/** Password-shaped examples on the 2026 page with decoy=1: in the list's description, and in
 *  the About dialog stacked over the list before Create (a tip on the page comes from decoys()). */
const DECOY_2026 = { list: 'For example: pqrs-pqrs-pqrs-pqrs.', about: 'An app-specific password looks like this: uvwx-uvwx-uvwx-uvwx' };

const PHASES26 = {
  about() {
    return small(T.aboutAsp, DECOY_2026.about,
      buttonNav(h('button', { class: 'button button-rounded-rectangle', type: 'button', id: 'about-ok', onclick: () => act() && setPhase('list') }, T.ok)));
  },
  list() {
    const p = state.passwords;
    const plus = plusButton();
    state.refs.generate = plus;
    const heading = h('h3', { class: 'list-title' }, T.passwords);
    const header = h('div', { class: 'list-header' }, heading, plus);
    // "Passwords" immediately followed by its "+": no drift perturbation may part them.
    [header, heading, plus].forEach(keep);
    return [T.tiles.asp, [
      h('h2', { class: 'modal-title' }, T.tiles.asp),
      h('p', { class: 'modal-text' }, T.aspIntro26, cfg.decoy === '1' ? ` ${DECOY_2026.list}` : null),
      // With decoy=1 the link opens a small dialog of its own over the list, with an example.
      h('p', {}, h('a', {
        class: 'link', href: 'https://support.apple.com/102654', target: '_blank', rel: 'noopener',
        onclick: cfg.decoy === '1' ? (e) => { e.preventDefault(); act() && setPhase('about'); } : null,
      }, `${T.aboutAsp} ↗`)),
      header,
      p.length ? h('ul', { class: 'card-list' }, p.map((entry, i) => h('li', { class: 'card-list-item' },
        h('span', { class: 'card-title' }, entry.label),
        h('span', { class: 'card-line' }, `${T.created} ${entry.day}`),
        h('button', { class: 'button button-icon', type: 'button', 'aria-label': T.remove, onclick: () => act() && setPhase('revoke', { index: i }) }, '−')))) : null,
      p.length ? buttonBar(secondary(T.revokeAll, () => act() && setPhase('revoke', { index: -1 }))) : null,
    ]];
  },
  create() {
    const d = state.dialog;
    const valid = () => d.label.trim().length > 0;
    const create = primary(T.create, { 'aria-disabled': String(!valid()) });
    // No `type` attribute, as inputs on this site are seen without one.
    const input = controlled('label', {
      class: 'form-textbox-input', id: 'asp-label', placeholder: T.placeholder, autocomplete: 'off', maxlength: cfg.maxlength || null,
    }, () => { create.setAttribute('aria-disabled', String(!valid())); });
    Object.assign(state.refs, { label: input, create });
    const form = h('form', { class: 'modal-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!act()) return;
      if (!valid()) return setPhase('create', { error: T.emptyLabel });
      if (state.passwords.length >= LIMIT) return setPhase('create', { error: T.limit });
      if (cfg.confirm === 'never') return submitted();
      setPhase('confirm');
    } },
    h('div', { class: 'form-textbox' }, input, errorLine()),
    buttonNav(create, secondary(T.cancel, () => act() && setPhase('list'))));
    return small(T.generateTitle, T.generateText, form);
  },
  confirm() {
    const form = h('form', { class: 'modal-form', novalidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!act()) return;
      const pw = state.dialog.confirm;
      if (!pw || pw === 'wrong') return setPhase('confirm', { error: T.wrongPassword, confirm: '' });
      submitted();
    } },
    h('div', { class: 'form-textbox' },
      state.refs.confirm = controlled('confirm', { class: 'form-textbox-input', type: 'password', placeholder: T.password, 'aria-label': T.password, autocomplete: 'current-password' }),
      errorLine()),
    buttonNav(primary(T.continue), secondary(T.cancel, () => act() && setPhase('list'))));
    return small(T.confirmTitle26, [T.confirmText, ' ', h('span', { class: 'account-name' }, ACCOUNT)], form);
  },
  failed() {
    return [...small(T.couldntCreate, T.refusalText,
      buttonNav(h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => act() && signInWithPassword() }, T.signInWithPassword),
        secondary(T.cancel, () => act() && setPhase('list')))), true];
  },
  result() {
    const d = state.dialog;
    // Bold text on its own line (no copy button: people select it by hand).
    const shown = cfg.show === 'input'
      ? h('input', { class: 'form-textbox-input', readonly: true, value: d.password, 'aria-label': T.password })
      : h('b', {}, d.password);
    state.refs.password = shown;
    return small(T.resultTitle, null, h('p', { class: 'password-line' }, shown), cfg.decoy === '1' ? dialogDecoys() : null,
      h('p', { class: 'modal-text' }, T.resultText),
      buttonNav(h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => act() && setPhase('list') }, T.ok)));
  },
  revoke() {
    const i = state.dialog.index;
    return [...small(T.revokeQuestion, null,
      buttonNav(h('button', { class: 'button button-rounded-rectangle', type: 'button', onclick: () => {
        if (!act()) return;
        if (i < 0) state.passwords = []; else state.passwords.splice(i, 1);
        savePasswords();
        setPhase('list');
      } }, h('span', { class: 'isDestructive' }, T.revoke)), secondary(T.cancel, () => setPhase('list')))), true];
  },
};

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

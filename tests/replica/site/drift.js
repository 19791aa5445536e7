// The page-drift generator: from a seed, a reproducible set of the changes real redesigns make
// to a page, applied to the replica's DOM as it renders (`?seed=N` on the account site):
// extra wrapper elements, renamed classes (the styles follow them), reordered siblings, changed
// white space and case in texts and accessible names, words split into inline elements, icons
// and visually hidden text added to buttons, another page language or `lang` attribute, buttons
// and links with similar text, a second dialog open, targets that appear only after 5 s, and
// dialogs re-mounted mid-step.
//
// The element the user must act on now carries `data-replica-truth="<step id>"` (set by
// account.js from the replica's own state, never from the DOM). The extension never reads it; the
// drift test compares the guide's anchor against it. `plan(seed)` is pure, so the test derives
// the same plan to know which state to reach and how.
//
// Half the seeds drift the 2026 layout (DRIFT_2026 below; 101 of the first 200). On it, `keep()` protects what the guide's recognition may rely on: the list's "Passwords"
// heading immediately followed by its "+" is never wrapped apart or reordered.

/** 32-bit FNV-1a of a string. */
export function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A seeded generator of floats in [0, 1) (mulberry32), one stream per `seed` and `key`. */
export function rng(seed, key) {
  let a = hash(`${seed}:${key}`);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The states a variant can be checked at, by the step id of their true target. */
export const STATES = ['open-app-passwords', 'generate', 'label', 'create', 'confirm-password', 'copy'];

/** Drift variants on the 2026 layout: half the seeds (alternate blocks of STATES.length seeds,
 *  so every state has both layouts) use it. */
export const DRIFT_2026 = true;

/** Every `SLOW_EVERY`-th seed renders its targets only after 5 s: few, but in every run. */
export const SLOW_EVERY = 25;
export const SLOW_MS = 5000;

/**
 * What variant `seed` is: the state checked, how it is reached, and which perturbations apply.
 * `arrive` is `load` (the page opens in that state) or `step` (reached by acting on the page).
 */
export function plan(seed) {
  const r = rng(seed, 'plan');
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const chance = (p) => r() < p;
  const state = STATES[seed % STATES.length];
  const slow = seed % SLOW_EVERY === 7;
  const p = {
    seed,
    state,
    slow,
    arrive: ['create', 'confirm-password'].includes(state) || (state !== 'open-app-passwords' && chance(0.35)) ? 'step' : 'load',
    lang: chance(0.55) ? 'en' : pick(['de', 'fr', 'ja', 'pl', 'zh-CN', 'qps']),
    langAttr: chance(0.15) ? pick(['region', 'none']) : 'same',
    list: pick(['empty', 'populated']),
    show: pick(['text', 'input']),
    // Re-mounted by the test mid-step (`window.replicaRemount`), once the guide has looked.
    remount: chance(0.18) ? pick(['gap', 'overlap']) : 'none',
    wrap: chance(0.5) ? pick([0.1, 0.2, 0.35]) : 0,
    rename: chance(0.35) ? pick([0.3, 0.7, 1]) : 0,
    reorder: chance(0.45) ? pick([0.2, 0.4]) : 0,
    text: chance(0.5) ? pick(['space', 'upper', 'lower', 'title']) : 'none',
    split: chance(0.3),
    icons: chance(0.3),
    hiddenText: chance(0.15),
    similar: chance(0.45),
    second: chance(0.25) ? pick(['panel', 'below']) : 'none',
    decoy: chance(0.3),
  };
  // A modal dialog under the tile would cover it: the tile's variants get the non-modal panel.
  if (state === 'open-app-passwords' && p.second === 'below') p.second = 'panel';
  // A long walk at 5 s per step would take long: slow variants open where they are checked.
  if (slow && !['create', 'confirm-password'].includes(state)) p.arrive = 'load';
  return withLayout(p);
}

/**
 * The plan's layout: `today`, or with `on` (DRIFT_2026) `2026` for half the seeds, with the
 * variant's "+" (text, named, bare) and whether Apple asks for the password (always when the
 * state checked is that field). Drawn from a stream of its own: the rest of the plan is the
 * same whatever the flag.
 */
export function withLayout(p, on = DRIFT_2026) {
  if (!on || Math.floor(p.seed / STATES.length) % 2 === 1) return { ...p, layout: 'today' };
  const r = rng(p.seed, 'layout');
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  return {
    ...p,
    layout: '2026',
    plus: pick(['text', 'named', 'bare']),
    confirm: p.state === 'confirm-password' ? 'always' : pick(['always', 'never']),
  };
}

/** The dialog a variant's page opens with (`open`), for `arrive: 'load'` and the walks. */
export function openPhase(p) {
  switch (p.state) {
    case 'open-app-passwords': return '';
    case 'generate': return p.arrive === 'load' ? 'list' : '';
    case 'label': return p.arrive === 'load' ? 'create' : 'list';
    case 'copy': return p.arrive === 'load' ? 'result' : 'create';
    default: return 'create';
  }
}

/** The replica config a variant's page runs with (merged over the tab's config). */
export function replicaConfig(p) {
  return {
    lang: p.lang,
    list: p.list,
    show: p.show,
    late: p.slow ? String(SLOW_MS) : '100',
    slow: p.slow ? String(SLOW_MS) : '0',
    decoy: p.decoy ? '1' : '0',
    open: openPhase(p),
    layout: p.layout || 'today',
    plus: p.plus || 'text',
    confirm: p.confirm || 'always',
  };
}

/**
 * The actions that take a variant's page from where it opens to the state it is checked at:
 * each is `[state the page is in, what to do to its true target]`.
 */
export function walk(p) {
  const steps = {
    'open-app-passwords': [],
    generate: [['open-app-passwords', 'click']],
    label: [['generate', 'click']],
    create: [['label', 'type']],
    'confirm-password': [['label', 'type'], ['create', 'click']],
    copy: p.confirm === 'never' ? [['label', 'type'], ['create', 'click']] : [['label', 'type'], ['create', 'click'], ['confirm-password', 'type']],
  };
  return p.arrive === 'load' ? [] : steps[p.state];
}

// ---- In the page -----------------------------------------------------------------------------

const SKIP = new Set(['SCRIPT', 'STYLE', 'INPUT', 'TEXTAREA', 'SVG', 'svg']);
const PASSWORD_SHAPE = /[a-z]{4}(-[a-z]{4}){3}/;

/** Elements no perturbation may move, wrap or reorder the children of (see keep()). */
const KEPT = new WeakSet();

/** Keeps `el` where it is and its children in order, whatever the variant: for relations the
 *  recognition relies on by design (the 2026 list's heading and its "+"). */
export function keep(el) {
  KEPT.add(el);
}

/** The class a renamed class becomes in this variant (the same everywhere on the page). */
function renamed(p, name) {
  const h = hash(`${p.seed}:class:${name}`);
  return h / 4294967296 < p.rename ? `x${h.toString(36)}` : name;
}

let stylesCopied = false;

/** Copies the replica's style rules under the renamed classes, so the page keeps its look. */
function copyStyles(p) {
  if (stylesCopied || !p.rename) return;
  const sheet = [...document.styleSheets].find((s) => (s.href || '').endsWith('/replica/style.css'));
  if (!sheet) return;
  stylesCopied = true;
  for (const rule of [...sheet.cssRules]) {
    if (!rule.selectorText) continue;
    const selector = rule.selectorText.replace(/\.([A-Za-z_][\w-]*)/g, (_, c) => `.${renamed(p, c)}`);
    if (selector !== rule.selectorText) sheet.insertRule(`${selector} { ${rule.style.cssText} }`, sheet.cssRules.length);
  }
  sheet.insertRule('.vh-drift { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }', sheet.cssRules.length);
}

function elementsOf(root) {
  // Not inside an SVG icon either (an HTML wrapper there would erase the drawing).
  return [root, ...root.querySelectorAll('*')].filter((e) => !SKIP.has(e.tagName) && !e.parentElement?.closest('svg'));
}

function respace(text, r) {
  const spaces = [' ', '  ', '\n    ', '\t', '\u00a0'];
  const sp = () => spaces[Math.floor(r() * spaces.length)];
  const inner = text.replace(/ /g, () => (r() < 0.4 ? sp() : ' '));
  return `${r() < 0.5 ? sp() : ''}${inner}${r() < 0.5 ? sp() : ''}`;
}

function recase(text, how) {
  if (how === 'upper') return text.toUpperCase();
  if (how === 'lower') return text.toLowerCase();
  if (how === 'title') return text.replace(/(^|\s)(\p{L})/gu, (_, s, c) => s + c.toUpperCase());
  return text;
}

/** Changes a text the way a copy edit might; never a password-shaped one (that is content). */
function editText(text, p, r) {
  if (!text.trim() || PASSWORD_SHAPE.test(text) || text.includes('@')) return text;
  const cased = p.text === 'space' || r() < 0.3 ? text : recase(text, p.text);
  return r() < 0.6 ? respace(cased, r) : cased;
}

/**
 * Applies the variant's perturbations to `root` and everything in it. `key` names what is
 * rendered (the page, a dialog phase): the same key gets the same changes on every render, so
 * a re-mounted dialog looks as it did.
 */
export function perturb(root, p, key) {
  const r = rng(p.seed, key);
  copyStyles(p);
  if (p.text !== 'none') {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const t of texts) if (!SKIP.has(t.parentElement?.tagName)) t.data = editText(t.data, p, r);
    for (const e of elementsOf(root)) {
      for (const a of ['aria-label', 'title']) {
        if (e.hasAttribute(a) && r() < 0.5) e.setAttribute(a, editText(e.getAttribute(a), p, r));
      }
    }
  }
  if (p.split) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    for (const t of texts) {
      const at = t.data.trim().indexOf(' ');
      if (at < 0 || SKIP.has(t.parentElement?.tagName) || PASSWORD_SHAPE.test(t.data) || r() < 0.5) continue;
      const rest = t.splitText(t.data.indexOf(t.data.trim()) + at + 1);
      const span = document.createElement('span');
      span.className = `s${hash(`${p.seed}:span`).toString(36)}`;
      rest.replaceWith(span);
      span.append(rest);
    }
  }
  for (const e of elementsOf(root)) {
    if (!/^(BUTTON|A)$/.test(e.tagName)) continue;
    if (p.icons && r() < 0.5) {
      const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      icon.setAttribute('aria-hidden', 'true');
      icon.setAttribute('width', '12');
      icon.setAttribute('height', '12');
      e.prepend(icon);
    }
    if (p.hiddenText && r() < 0.4) {
      const extra = document.createElement('span');
      extra.className = 'vh-drift';
      extra.textContent = ', opens in a dialog';
      e.append(extra);
    }
  }
  if (p.reorder) {
    for (const e of elementsOf(root)) {
      const kids = [...e.children];
      if (kids.length < 2 || KEPT.has(e) || r() >= p.reorder) continue;
      for (let i = kids.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [kids[i], kids[j]] = [kids[j], kids[i]];
      }
      e.append(...kids);
    }
  }
  if (p.wrap) {
    for (const e of elementsOf(root)) {
      if (e === root || KEPT.has(e) || r() >= p.wrap) continue;
      const depth = r() < 0.3 ? 2 : 1;
      let inner = e;
      for (let i = 0; i < depth; i++) {
        const w = document.createElement(r() < 0.5 || /^(SPAN|A|BUTTON|INPUT)$/.test(inner.tagName) ? 'span' : 'div');
        w.className = `w${hash(`${p.seed}:wrap:${i}`).toString(36)}`;
        inner.replaceWith(w);
        w.append(inner);
        inner = w;
      }
    }
  }
  if (p.rename) {
    for (const e of elementsOf(root)) {
      const names = [...e.classList];
      if (names.length) e.setAttribute('class', names.map((c) => (c === 'vh-drift' ? c : renamed(p, c))).join(' '));
    }
  }
}

/** The page's `lang` attribute for the variant. */
export function langAttribute(p) {
  if (p.langAttr === 'none') return null;
  if (p.langAttr === 'region') return p.lang.includes('-') ? p.lang : `${p.lang}-${p.lang === 'en' ? 'GB' : p.lang.toUpperCase()}`;
  return p.lang;
}

/**
 * What the variant adds to the security section: links and buttons with texts like the
 * targets' (never one that does what a target does), and a second dialog: a non-modal panel of
 * the same design system (`panel`), or a modal one left open under Apple's (`below`).
 */
export function extras(p, T, h) {
  const page = [];
  const body = [];
  if (p.similar) {
    page.push(h('section', { class: 'help' },
      h('h2', {}, T.tiles.asp),
      h('p', {}, h('a', { href: '#help' }, `${T.generate}?`)),
      h('ul', {},
        h('li', {}, h('a', { href: '#related' }, T.tiles.asp)),
        h('li', {}, h('a', { href: '#learn' }, `${T.tiles.asp} – ${T.lines.asp}`))),
      h('div', { class: 'toolbar' },
        h('button', { class: 'button button-icon', type: 'button', title: T.add, 'aria-label': T.add }, '+'),
        h('button', { class: 'button button-rounded-rectangle', type: 'button' }, T.create),
        h('button', { class: 'button button-secondary', type: 'button' }, T.done))));
  }
  if (p.second !== 'none') {
    const form = h('form', { class: 'modal-form', onsubmit: (e) => e.preventDefault() },
      h('input', { class: 'form-textbox-input', type: 'text', 'aria-label': 'Hide My Email' }),
      h('div', { class: 'modal-button-bar' },
        h('button', { class: 'button button-secondary button-rounded-rectangle', type: 'button' }, T.cancel),
        h('button', { class: 'button button-rounded-rectangle', type: 'submit' }, T.create)));
    const dialog = h('div', { class: 'modal-dialog', role: 'dialog', 'aria-label': 'Hide My Email', 'aria-modal': p.second === 'below' ? 'true' : null },
      h('div', { class: 'modal-content' }, h('div', { class: 'modal-body' },
        h('button', { class: 'button button-icon', type: 'button', title: T.add, 'aria-label': T.add }, '+'),
        form,
        h('button', { class: 'button button-rounded-rectangle', type: 'button' }, T.done))));
    if (p.second === 'below') {
      body.push(h('aside', { class: 'modal modal-blurry-overlay' }, dialog));
    } else {
      dialog.style.cssText = 'position: fixed; right: 16px; bottom: 16px; width: 300px; z-index: 10;';
      body.push(dialog);
    }
  }
  return { page, body };
}

/** What a variant adds inside Apple's dialog in `phase`: near-miss buttons and links. */
export function dialogExtras(p, T, h, phase) {
  if (!p.similar) return [];
  if (phase === 'list') return [h('p', {}, h('a', { href: '#learn' }, `${T.generate}…`))];
  if (phase === 'create') return [h('button', { class: 'button button-secondary', type: 'button' }, `${T.create} ${T.tiles.asp}`)];
  if (phase === 'result') return [h('button', { class: 'button button-secondary', type: 'button' }, `${T.done}?`)];
  return [];
}

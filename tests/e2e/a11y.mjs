// Accessibility probes for the Chromium tests: axe-core run inside the real page, the overlay's
// closed shadow root made visible to it for the test only, and computed-style reads of what a
// keyboard user sees (focus outlines, motion). Nothing here is shipped in the extension: axe is
// evaluated in the page's main world through the DevTools protocol.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Lets the page's main world see the overlay's closed shadow root, for the test only: the
 * DevTools protocol hands us the root object (`DOM.getDocument` with `pierce`, then
 * `DOM.resolveNode` in the main world), and we define `shadowRoot` on that one host element to
 * return it, which is how axe (and the probes below) walk into shadow roots. The overlay itself
 * is unchanged: axe checks the real rendered nodes with their real computed styles. Returns
 * false when there is no overlay.
 */
export async function exposeOverlay(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    let shadow = null;
    const walk = (n) => {
      if (shadow) return;
      if ((n.attributes || []).includes('data-apg-host') && n.shadowRoots?.length) shadow = n.shadowRoots[0];
      [...(n.children || []), ...(n.shadowRoots || [])].forEach(walk);
    };
    walk(root);
    if (!shadow) return false;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () {
        const root = this;
        Object.defineProperty(root.host, 'shadowRoot', { configurable: true, get: () => root });
      }`,
    });
    return true;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Runs axe with the WCAG A/AA rules on `include` (a CSS selector, or null for the whole
 * document). Returns its violations, one line per failing node; what it could not decide
 * (`incomplete`, e.g. a contrast over an image), likewise; and how many nodes each rule looked
 * at, so a test can tell that axe saw what it was meant to (an overlay hidden from it would
 * pass vacuously).
 */
export async function axeRun(page, include = null) {
  // Evaluated through the DevTools protocol, which a page's CSP does not bind; once per document.
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async ({ include, tags }) => {
    const context = include ? { include: [...document.querySelectorAll(include)] } : document;
    if (include && !context.include.length) return { missing: include };
    const r = await window.axe.run(context, { runOnly: { type: 'tag', values: tags } });
    const lines = (list) => list.flatMap((v) => v.nodes.map((n) => ({ id: v.id, impact: v.impact, help: v.help, target: n.target, summary: n.failureSummary || '' })));
    const seen = {};
    for (const v of [...r.passes, ...r.violations, ...r.incomplete]) seen[v.id] = (seen[v.id] || 0) + v.nodes.length;
    return { violations: lines(r.violations), incomplete: lines(r.incomplete), seen };
  }, { include, tags: WCAG_TAGS });
  if (result.missing) throw new Error(`axe: nothing matches ${result.missing}`);
  const text = (n) => `${n.id} (${n.impact}) at ${JSON.stringify(n.target)}: ${n.help}\n    ${n.summary.replace(/\n/g, '\n    ')}`;
  return { violations: result.violations.map(text), incomplete: result.incomplete.map(text), seen: result.seen };
}

/**
 * What has keyboard focus, followed into the overlay's shadow root (after exposeOverlay):
 * where it is, a short description, whether it matches :focus-visible, its outline, and the
 * contrast of that outline against the background around it (WCAG 1.4.11 asks 3:1 for what
 * shows a state, focus included). Null when focus is on the document itself.
 */
export const focusProbe = (page) => page.evaluate(() => {
  let el = document.activeElement;
  let where = 'page';
  while (el && el.shadowRoot && el.shadowRoot.activeElement) {
    el = el.shadowRoot.activeElement;
    where = 'overlay';
  }
  if (!el || el === document.body || el === document.documentElement) return null;
  const rgba = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  // The first opaque background around the element (crossing out of the shadow root), the
  // page's canvas otherwise: that is what the outline, drawn outside the box, sits on.
  let bg = null;
  for (let n = el.parentElement || el.getRootNode().host; n && !bg; n = n.parentElement || n.getRootNode().host) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c && c.a === 1) bg = c;
  }
  bg = bg || rgba(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
  if (bg.a !== 1) bg = matchMedia('(prefers-color-scheme: dark)').matches ? { r: 18, g: 18, b: 18 } : { r: 255, g: 255, b: 255 };
  const s = getComputedStyle(el);
  const color = rgba(s.outlineColor);
  const [hi, lo] = [lum(color), lum(bg)].sort((a, b) => b - a);
  const text = (el.getAttribute('aria-label') || el.textContent || el.id || '').trim().slice(0, 40);
  return {
    where,
    name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${text}"`,
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth),
    contrast: Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100,
  };
});

/** Elements whose computed style moves (a transition with a duration, or an animation): in
 *  the exposed overlay (`overlay`) or in the whole page and its shadow roots (`page`). */
export const motionProbe = (page, scope) => page.evaluate((scope) => {
  const moving = [];
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      const s = getComputedStyle(el);
      const durations = `${s.transitionDuration},${s.animationDuration}`.split(',').map((d) => parseFloat(d) || 0);
      const animated = s.animationName !== 'none' && Math.max(...durations) > 0;
      const transition = s.transitionProperty !== 'none' && s.transitionDuration.split(',').some((d) => parseFloat(d) > 0);
      if (animated || transition) moving.push(`${el.tagName.toLowerCase()}.${el.className}: transition ${s.transitionProperty} ${s.transitionDuration}, animation ${s.animationName}`);
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(scope === 'overlay' ? document.querySelector('[data-apg-host]').shadowRoot : document);
  return moving;
}, scope);

/** The overlay popover's box and the viewport's size (after exposeOverlay). */
export const popoverBox = (page) => page.evaluate(() => {
  const pop = document.querySelector('[data-apg-host]')?.shadowRoot?.querySelector('.pop');
  if (!pop) return null;
  const r = pop.getBoundingClientRect();
  return {
    left: r.left, top: r.top, right: r.right, bottom: r.bottom,
    // The viewport less any scroll bar: what the person can see.
    width: document.documentElement.clientWidth, height: document.documentElement.clientHeight,
    innerWidth, innerHeight, dpr: devicePixelRatio,
    clipped: pop.scrollWidth > pop.clientWidth + 1,
  };
});

/**
 * Text contrast inside the exposed overlay, computed here because axe cannot: its colour
 * grid covers only `document.body`, and the overlay's host hangs after the body (shown in the
 * top layer, and kept out of any body a page replaces), so axe reports every overlay text as
 * undecided. For each element with text of its own that is rendered: its colour composited on
 * the backgrounds under it up to the first opaque one (the popover's own), against WCAG 1.4.3's
 * 4.5:1, or 3:1 for large text. Returns the failures and how many texts were checked.
 */
export const overlayContrast = (page) => page.evaluate(() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = ({ r, g, b }) => {
    const ch = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const hex = ({ r, g, b }) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  const up = (n) => n.parentElement || n.getRootNode().host || null;
  const root = document.querySelector('[data-apg-host]').shadowRoot;
  const failures = [];
  let checked = 0;
  for (const el of root.querySelectorAll('*')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    const box = el.getBoundingClientRect();
    if (!text || box.width <= 1 || box.height <= 1 || !el.checkVisibility({ visibilityProperty: true })) continue;
    const layers = [];
    let translucent = false;
    for (let n = el; n; n = up(n)) {
      const s = getComputedStyle(n);
      if (parseFloat(s.opacity) < 1) translucent = true;
      const c = parse(s.backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a === 1) break;
    }
    const name = `${el.localName}.${el.className} "${text.slice(0, 30)}"`;
    if (translucent || !layers.length || layers[layers.length - 1].a !== 1) {
      failures.push(`${name}: no opaque background or a translucent ancestor, contrast not decidable`);
      continue;
    }
    const bg = layers.reverse().reduce((under, top) => over(top, under));
    const s = getComputedStyle(el);
    const fg = over(parse(s.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (parseInt(s.fontWeight, 10) >= 700 && size >= 18.66);
    const need = large ? 3 : 4.5;
    checked += 1;
    if (ratio < need) failures.push(`${name}: ${ratio.toFixed(2)}:1 (${hex(fg)} on ${hex(bg)}, ${size}px), needs ${need}:1`);
  }
  return { failures, checked };
});

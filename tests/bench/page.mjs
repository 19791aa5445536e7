// What the benchmark runs inside the replica's pages (the main world, as the page's own code).

/**
 * The probe, on pages opened with `bench=hint` or `bench=capture`: records in `window.__bench`
 * (all `performance.now()` ms) when the target tile appeared (`target`), when our hint for it
 * was shown anchored or driver.js highlighted it (`shown`), when that was painted (`paint`: the
 * first task after a rendering update that began after `shown`), and when a new password
 * appeared in the dialog (`password`), the guide showed its copy step (`copyShown`) and the
 * overlay host said it was saved (`captured`).
 *
 * With `hint` the page renders as usual but its tile is taken out at once and put back later
 * (the mark): at least `markMs` later, and with `guide`, once the guide runs and waits for the
 * tile. By then the page is painted, so what is timed is the hint, not the page's first render
 * or the core's start.
 */
export function PAGE_PROBE_FN({ hint = false, guide = false, markMs = 1200 } = {}) {
  if (window.__bench) return;
  const B = (window.__bench = { target: null, shown: null, paint: null, readyAtTarget: null, core: null, password: null, copyShown: null, captured: null });
  let stashed = false;
  const guideRuns = () => {
    const h = document.querySelector('[data-apg-host]');
    return !!(h && h.hasAttribute('data-apg-background'));
  };
  const now = () => performance.now();
  // After each frame's rendering, a message posted from its animation-frame callback runs.
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => {
    if (B.shown !== null && B.paint === null && e.data >= B.shown) B.paint = now();
  };
  const frames = () => {
    if (B.paint !== null) return;
    channel.port2.postMessage(now());
    requestAnimationFrame(frames);
  };
  const look = () => {
    const host = document.querySelector('[data-apg-host]');
    const tile = document.querySelector('#asp-tile');
    if (hint && !stashed && tile) {
      stashed = true;
      const [parent, next] = [tile.parentNode, tile.nextSibling];
      tile.remove();
      const start = now();
      const mark = () => {
        const waited = now() - start;
        // With the guide: once it runs (and settled 300 ms), or after 10 s (then readyAtTarget says so).
        if (waited < markMs || (guide && !guideRuns() && waited < 10000)) return void setTimeout(mark, 50);
        if (guide && waited < markMs + 300 && !B.settling) {
          B.settling = true;
          return void setTimeout(mark, 300);
        }
        B.readyAtTarget = guideRuns();
        B.target = now();
        parent.insertBefore(tile, next);
        requestAnimationFrame(frames);
      };
      setTimeout(mark, markMs);
    }
    if (B.target !== null && B.shown === null && host && host.getAttribute('data-apg-step') === 'open-app-passwords'
        && host.getAttribute('data-apg-anchored') === 'true') {
      B.shown = now();
      B.core = host.getAttribute('data-apg-core');
    }
    if (B.password === null && document.querySelector('.modal-dialog .app-password')) B.password = now();
    // The copy step shown: the guide found the password (it sends it to the background in the
    // same look, before it shows the step).
    if (B.password !== null && B.copyShown === null && host && host.getAttribute('data-apg-step') === 'copy') B.copyShown = now();
    if (B.password !== null && B.captured === null && host && host.getAttribute('data-apg-captured') === 'true') B.captured = now();
  };
  new MutationObserver(look).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-apg-step', 'data-apg-anchored', 'data-apg-captured'],
  });
  // driver.js reports through its hook (see DRIVER_START).
  B.highlighted = () => {
    if (B.shown === null) B.shown = now();
  };
}

/** The probe as an init script (Chromium), only on pages that ask for it. */
export const PAGE_PROBE = `if (/[?&]bench=/.test(location.search)) (${PAGE_PROBE_FN})({
  hint: /[?&]bench=hint/.test(location.search), guide: /[?&]guide=1/.test(location.search) });`;

/**
 * driver.js doing our job: its CSS in the page, and a one-step tour on `selector` waiting for
 * the element (driver.js's own `waitForElement`), without animation so it shows at once.
 */
export function DRIVER_START({ selector, css }) {
  const start = () => {
    const style = document.createElement('style');
    style.textContent = css;
    document.head.append(style);
    const tour = window.driver.js.driver({
      animate: false,
      waitForElement: 600000,
      steps: [{
        element: selector,
        popover: { title: 'App-Specific Passwords', description: 'Open App-Specific Passwords to make a new one.' },
        onHighlighted: () => window.__bench && window.__bench.highlighted(),
      }],
    });
    tour.drive();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

/**
 * The page's own work, unrelated to the guide. With `build`: adds `build` nodes (rows of a div
 * and nine spans), at the end of <body> or, with `inside`, of that element (the app's root). With `batches`: that many batches of 10 mutations deep in those nodes (4
 * class changes, 3 appends, 3 removals), each followed by a frame, so that whatever a
 * listener does per batch or per frame is done before the next.
 */
export async function MUTATE({ build, inside, batches, seed }) {
  if (build) {
    const root = document.createElement('div');
    root.id = 'bench-nodes';
    const rows = [];
    const leaves = [];
    const added = [];
    for (let i = 0; i < build / 10; i++) {
      const row = document.createElement('div');
      row.className = 'bench-row';
      for (let j = 0; j < 9; j++) {
        const s = document.createElement('span');
        s.textContent = 'x';
        row.append(s);
        leaves.push(s);
      }
      rows.push(row);
      root.append(row);
    }
    for (let i = 0; i < 30; i++) {
      const s = document.createElement('span');
      rows[i % rows.length].append(s);
      added.push(s);
    }
    (inside ? document.querySelector(inside) : document.body).append(root);
    window.__benchNodes = { rows, leaves, added };
    return;
  }
  const { rows, leaves, added } = window.__benchNodes;
  let x = (seed * 2654435761) % 4294967296;
  const rnd = (n) => {
    x = (x * 1664525 + 1013904223) % 4294967296;
    return x % n;
  };
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < 4; k++) leaves[rnd(leaves.length)].classList.toggle('on');
    for (let k = 0; k < 3; k++) {
      const s = document.createElement('span');
      s.textContent = 'y';
      rows[rnd(rows.length)].append(s);
      added.push(s);
    }
    for (let k = 0; k < 3; k++) added.shift().remove();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
}

/**
 * The probe for the first hint in a cold browser, on iCloud.com (an init script): records in
 * `window.__cold` (epoch ms, `performance.timeOrigin + performance.now()`, comparable across
 * the page and the popup) when Alt+Shift+G reached the page (`keyAt`), whether the core had
 * started by then (`coreReady`), when the guide's first hint was shown (`shown`: the overlay
 * host names the iCloud step) and when that was painted (`paint`, as in PAGE_PROBE_FN).
 */
export function COLD_PROBE_FN() {
  if (window.__cold) return;
  const epoch = () => performance.timeOrigin + performance.now();
  const C = (window.__cold = { keyAt: null, coreReady: null, shown: null, anchored: null, paint: null });
  addEventListener('keydown', (e) => {
    if (C.keyAt === null && e.altKey && e.shiftKey && e.code === 'KeyG') {
      C.keyAt = epoch();
      C.coreReady = performance.getEntriesByName('apg-cold-start').length > 0;
    }
  }, true);
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => {
    if (C.shown !== null && C.paint === null && e.data >= C.shown) C.paint = epoch();
  };
  const frames = () => {
    if (C.paint !== null) return;
    channel.port2.postMessage(epoch());
    requestAnimationFrame(frames);
  };
  new MutationObserver(() => {
    const h = document.querySelector('[data-apg-host]');
    if (C.shown === null && h && h.getAttribute('data-apg-step') === 'icloud-open-account') {
      C.shown = epoch();
      C.anchored = h.getAttribute('data-apg-anchored') === 'true';
      requestAnimationFrame(frames);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-apg-step', 'data-apg-anchored'] });
}

// One small API over both browsers, so a journey is written once: goto, click, type, copy the
// selection, reload, act inside a frame, and wait for the overlay's step. Elements are waited
// for (the replica renders late), and typing produces real input events.
import { waitFor, HOST_STATE } from './harness.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function expectStep(driver, id, timeout) {
  return waitFor(async () => {
    const s = await driver.state();
    if (s.error) throw new Error(`extension error: ${s.error}`);
    return s.step === id ? s : null;
  }, `step ${id}`, timeout);
}

/** Chromium, through a Playwright page (or frame locator). */
export class ChromiumDriver {
  constructor(page, scope = page) {
    this.page = page;
    this.scope = scope;
  }
  async goto(url) { await this.page.goto(url); }
  async reload() { await this.page.reload(); }
  async click(css) { await this.scope.locator(css).first().click({ timeout: 10000 }); }
  async type(css, text) { await this.scope.locator(css).first().fill(text, { timeout: 10000 }); }
  async state() { return this.page.evaluate(HOST_STATE); }
  async waitStep(id, timeout = 12000) { return expectStep(this, id, timeout); }
  async eval(fn, arg) { return this.page.evaluate(fn, arg); }
  async inFrame(css, fn) { await fn(new ChromiumDriver(this.page, this.page.frameLocator(css))); }
  /** Presses a key chord, e.g. ['Alt', 'Shift', 'G'] or ['Enter']. */
  async keys(chord) { await this.page.keyboard.press(chord.join('+')); }
  async selectAndCopy(css) {
    // A page that re-mounts its dialog may drop the element between the wait and the
    // selection: then wait and select again.
    await waitFor(async () => {
      await this.scope.locator(css).first().waitFor({ timeout: 10000 });
      return this.page.evaluate(selectScript, css);
    }, `selecting ${css}`);
    await this.page.keyboard.press('Control+C');
  }
}

/** Firefox, through a WebDriver session from launchFirefox(). */
export class FirefoxDriver {
  constructor(ff) {
    this.ff = ff;
  }
  async find(css) {
    return waitFor(async () => {
      const found = await this.ff.call('POST', `${this.ff.session}/elements`, { using: 'css selector', value: css });
      return found.length ? found[0][ELEMENT] : null;
    }, `element ${css}`);
  }
  async goto(url) { await this.ff.get(url); }
  async reload() { await this.ff.call('POST', `${this.ff.session}/refresh`, {}); }
  /** Finds `css` and acts on it, finding it again when a re-render replaced it (a stale reference). */
  async onElement(css, what, act) {
    await waitFor(async () => act(await this.find(css)).then(() => true), `${what} ${css}`);
  }
  async click(css) {
    await this.onElement(css, 'click', (id) => this.ff.call('POST', `${this.ff.session}/element/${id}/click`, {}));
  }
  async type(css, text) {
    await this.onElement(css, 'type into', async (id) => {
      await this.ff.call('POST', `${this.ff.session}/element/${id}/clear`, {});
      await this.ff.call('POST', `${this.ff.session}/element/${id}/value`, { text });
    });
  }
  async state() { return this.ff.state(); }
  async waitStep(id, timeout = 15000) { return expectStep(this, id, timeout); }
  async eval(fn, arg) { return this.ff.exec(`return (${fn})(arguments[0]);`, arg); }
  async inFrame(css, fn) {
    const id = await this.find(css);
    await this.ff.call('POST', `${this.ff.session}/frame`, { id: { [ELEMENT]: id } });
    try {
      await fn(this);
    } finally {
      await this.ff.call('POST', `${this.ff.session}/frame/parent`, {});
    }
  }
  async keys(chord) {
    const code = { Alt: '\uE00A', Shift: '\uE008', Control: '\uE009', Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C' };
    const keys = chord.map((k) => code[k] || k);
    const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
    await this.ff.call('POST', `${this.ff.session}/actions`, { actions: [{ type: 'key', id: 'kb', actions }] });
    await this.ff.call('DELETE', `${this.ff.session}/actions`);
  }
  async selectAndCopy(css) {
    await waitFor(async () => {
      await this.find(css);
      return this.ff.exec(`return (${selectScript})(arguments[0]);`, css);
    }, `selecting ${css}`);
    const ctrl = '\uE009';
    await this.ff.call('POST', `${this.ff.session}/actions`, { actions: [{ type: 'key', id: 'kb', actions: [
      { type: 'keyDown', value: ctrl }, { type: 'keyDown', value: 'c' }, { type: 'keyUp', value: 'c' }, { type: 'keyUp', value: ctrl },
    ] }] });
    await this.ff.call('DELETE', `${this.ff.session}/actions`);
  }
}

// Selects an element's text the way a person would before pressing Ctrl+C.
// Returns false when the element is not there (a re-mount's gap).
function selectScript(css) {
  const el = document.querySelector(css);
  if (!el) return false;
  if (el instanceof HTMLInputElement) {
    el.focus();
    el.select();
    return true;
  }
  const range = document.createRange();
  range.selectNodeContents(el);
  const sel = getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
}

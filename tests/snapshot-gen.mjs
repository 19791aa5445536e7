// `cargo xtask snapshots`: drives the replica through every state and variant in Chromium and
// saves each page's HTML to tests/snapshots/, headed by what the page is known to show (known
// from the driving, not from the guide). tests/snapshots.rs runs recognition on every file.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReplica } from './replica/server.mjs';
import { launchChromium, REPO } from './e2e/harness.mjs';
import { ChromiumDriver } from './e2e/drivers.mjs';

const dir = join(REPO, 'tests', 'snapshots');
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith('.html')) rmSync(join(dir, f));
const replica = await startReplica();
const browser = await launchChromium();
let count = 0;

/** Saves the page as `<name>.html`; `expect` is `step:<id>`, `problem:<id>` or `none`. `after`
 *  names the step the journey came from (`after=create`: the result reached after Create). */
async function save(d, name, expect, { after } = {}) {
  await d.page.waitForTimeout(250);
  const { host, path, html } = await d.page.evaluate(() => {
    for (const i of document.querySelectorAll('input')) {
      if (i.type === 'password') i.value = '';
      i.setAttribute('value', i.value);
    }
    const clone = document.documentElement.cloneNode(true);
    clone.querySelectorAll('[data-apg-host], script').forEach((e) => e.remove());
    return { host: location.hostname, path: location.pathname, html: clone.outerHTML };
  });
  writeFileSync(join(dir, `${name}.html`), `<!-- apg-snapshot host=${host} path=${path} expect=${expect}${after ? ` after=${after}` : ''} -->\n${html}\n`);
  count += 1;
}

async function scene(url, fn) {
  const page = await browser.context.newPage();
  const d = new ChromiumDriver(page);
  await d.goto(url);
  await fn(d);
  await page.close();
}

// The replica's layout before 2026 (its default is now the 2026 layout: see the scenes below).
const acct = (q) => replica.url('account.apple.com', `/account/manage/section/security?session=1&layout=today&late=0&${q}`);
const GEN_EMPTY = '.modal-body > button.button-rounded-rectangle';
const SUBMIT = '.modal-button-bar button[type=submit]';

// What the tables in steps.rs have no words for, per page language: there the page is
// recognised by structure or not at all (qps is the pseudo-locale, with no known word).
const NO_WORDS = {
  qps: ['tile', 'questions', 'twofa', 'sign-in', 'refusal'],
  // Italian has no Apple source for "Add": the "+" is found by its glyph, as in any language.
  da: ['refusal'], // no source for Apple's Danish refusal text: the plain panel
  ko: ['questions'],
  'pt-BR': ['questions'],
};

for (const lang of ['en', 'de', 'fr', 'ja', 'pl', 'zh-CN', 'es', 'it', 'ko', 'pt-BR', 'qps']) {
  const knows = (what) => !(NO_WORDS[lang] || []).includes(what);
  const known = knows('tile');
  await scene(replica.url('account.apple.com', `/sign-in?layout=today&lang=${lang}&late=0`), async (d) => {
    await d.page.locator('#aid-auth-widget-iFrame').waitFor();
    await save(d, `${lang}-sign-in`, 'step:sign-in');
  });
  await scene(replica.url('account.apple.com', `/account/manage/section/information?session=1&layout=today&late=0&lang=${lang}`), async (d) => {
    await d.page.locator('nav a.side-nav-link').first().waitFor();
    await save(d, `${lang}-information`, 'step:open-security');
  });
  await scene(acct(`lang=${lang}`), async (d) => {
    await d.page.locator('#asp-tile').waitFor();
    await save(d, `${lang}-security`, known ? 'step:open-app-passwords' : 'none');
    await d.click('#asp-tile');
    await d.page.locator(GEN_EMPTY).waitFor();
    await save(d, `${lang}-dialog-empty`, 'step:generate');
    await d.click(GEN_EMPTY);
    await d.page.locator('#asp-label').waitFor();
    await save(d, `${lang}-create-empty`, 'step:label');
    await d.page.locator(SUBMIT).click({ force: true });
    await d.page.locator('.form-message').waitFor();
    await save(d, `${lang}-create-empty-error`, 'problem:error-label');
    await d.type('#asp-label', 'Thunderbird');
    await save(d, `${lang}-create-filled`, 'step:create');
    await d.click(SUBMIT);
    await d.page.locator('input[type=password]').waitFor();
    await save(d, `${lang}-confirm`, 'step:confirm-password');
    await d.type('input[type=password]', 'wrong');
    await d.click(SUBMIT);
    await d.page.locator('.form-message').waitFor();
    await save(d, `${lang}-confirm-wrong`, 'problem:error-confirm-password');
    await d.type('input[type=password]', 'account-password');
    await d.click(SUBMIT);
    await d.page.locator('.app-password').waitFor();
    await save(d, `${lang}-result`, 'step:copy', { after: 'create' });
  });
  await scene(acct(`lang=${lang}&list=populated`), async (d) => {
    await d.click('#asp-tile');
    await d.page.locator('.card-list').waitFor();
    await save(d, `${lang}-dialog-list`, 'step:generate');
  });
  await scene(acct(`lang=${lang}&twofa=off`), async (d) => {
    await d.page.locator('.tiles').waitFor();
    await save(d, `${lang}-twofa-off`, knows('questions') ? 'step:twofa-required' : 'none');
    await d.click('.tiles button:nth-child(3)');
    await d.page.locator('.modal-button-bar button').waitFor();
    await save(d, `${lang}-twofa-dialog`, knows('twofa') ? 'step:twofa-turn-on' : 'none');
    await d.click('.modal-button-bar button');
    await d.page.locator('input[type=tel]').waitFor();
    await save(d, `${lang}-twofa-phone`, 'step:twofa-phone');
    await d.type('input[type=tel]', '+1 408 555 0100');
    await d.click(SUBMIT);
    await d.page.locator('.form-security-code-inputs').waitFor();
    await save(d, `${lang}-twofa-code`, 'step:twofa-code');
  });
}

await scene(acct('show=input'), async (d) => {
  await d.click('#asp-tile');
  await d.click(GEN_EMPTY);
  await d.type('#asp-label', 'Mail');
  await d.click(SUBMIT);
  await d.type('input[type=password]', 'account-password');
  await d.click(SUBMIT);
  await d.page.locator('.modal-dialog input[readonly]').waitFor();
  await save(d, 'en-result-input', 'step:copy', { after: 'create' });
});
await scene(acct('list=full'), async (d) => {
  await d.click('#asp-tile');
  await d.click('.modal-dialog button.button-icon[title="Add"]');
  await d.type('#asp-label', 'One too many');
  await d.click(SUBMIT);
  await d.page.locator('.form-message').waitFor();
  await save(d, 'en-limit', 'problem:error-limit');
});
await scene(acct('fail=create'), async (d) => {
  await d.click('#asp-tile');
  await d.click(GEN_EMPTY);
  await d.type('#asp-label', 'Mail');
  await d.click(SUBMIT);
  await d.type('input[type=password]', 'account-password');
  await d.click(SUBMIT);
  await d.page.locator('.modal-alert').waitFor();
  await save(d, 'en-create-failed', 'problem:error-create-failed');
});
await scene(acct('drift=1'), async (d) => {
  await d.page.locator('.zz-card').waitFor();
  await save(d, 'en-drift', 'none');
});
await scene(replica.url('www.icloud.com', '/?layout=today&late=0'), async (d) => {
  await d.page.locator('.profile-button').waitFor();
  await save(d, 'en-icloud', 'step:icloud-open-account');
  await d.click('.profile-button');
  await save(d, 'en-icloud-menu', 'step:icloud-open-account');
});
await scene(replica.url('appleid.apple.com', '/account/manage?session=1&layout=today&late=0&variant=legacy'), async (d) => {
  await d.page.locator('.btn-app-password').waitFor();
  await save(d, 'legacy-security', 'step:generate');
  await d.click('.btn-app-password');
  await save(d, 'legacy-create-empty', 'step:label');
  await d.type('.generic-input-field', 'Outlook');
  await save(d, 'legacy-create-filled', 'step:create');
  await d.click('.legacy-modal .button-primary');
  await d.page.locator('#appPasswordText').waitFor();
  await save(d, 'legacy-result', 'step:copy', { after: 'create' });
});

// ---- The 2026 layout: landing page, /account/manage, sections kept mounted, the list with its
// "+" by "Passwords" (three kinds of "+"), small dialogs stacked on the list (aria-hidden under
// them), the result as bold text, Apple's refusal after a passkey sign-in.
const y26 = (path, q) => replica.url('account.apple.com', `${path}?layout=2026&late=0&${q}`);
const PLUS = '.modal-dialog .list-header > h3 + button';
const SMALL_SUBMIT = '.modal-small .button-bar-nav button[type=submit]';

/** From the security section to the frontmost small dialog of Generate. */
async function toGenerate(d) {
  await d.click('#asp-tile');
  await d.click(PLUS);
  await d.page.locator('.modal-small #asp-label').waitFor();
}

for (const lang of ['en', 'da', 'ja', 'qps']) {
  const knows = (what) => !(NO_WORDS[lang] || []).includes(what);
  const n = (name) => `${lang}-2026-${name}`;
  await scene(y26('/', `lang=${lang}`), async (d) => {
    await d.page.locator('main .landing-sign-in').waitFor();
    await save(d, n('landing'), knows('sign-in') ? 'step:landing-sign-in' : 'none');
  });
  await scene(y26('/account/manage', `session=1&lang=${lang}`), async (d) => {
    await d.page.locator('#asp-tile').waitFor();
    await save(d, n('security'), knows('tile') ? 'step:open-app-passwords' : 'none');
  });
  // Every section mounted, Sign-In and Security (with its tile) under aria-hidden.
  await scene(y26('/account/manage', `session=1&lang=${lang}`), async (d) => {
    await d.click('a.side-nav-link[href$="/section/information"]');
    await d.page.locator('#section-security[aria-hidden=true]').waitFor({ state: 'attached' });
    await save(d, n('information'), 'step:open-security');
  });
  for (const plus of ['text', 'named', 'bare']) {
    for (const list of ['empty', 'populated']) {
      await scene(y26('/account/manage', `session=1&lang=${lang}&plus=${plus}&list=${list}`), async (d) => {
        await d.click('#asp-tile');
        await d.page.locator(PLUS).waitFor();
        await save(d, n(`list-${list}-${plus}`), 'step:generate');
      });
    }
  }
  await scene(y26('/account/manage', `session=1&lang=${lang}`), async (d) => {
    await toGenerate(d);
    await save(d, n('generate-empty'), 'step:label');
    await d.page.locator(SMALL_SUBMIT).click({ force: true });
    await d.page.locator('.modal-small .form-message').waitFor();
    await save(d, n('generate-error'), 'problem:error-label');
    await d.type('#asp-label', 'Thunderbird');
    await save(d, n('generate-filled'), 'step:create');
    await d.click(SMALL_SUBMIT);
    await d.page.locator('.modal-small input[type=password]').waitFor();
    await save(d, n('confirm'), 'step:confirm-password');
    await d.type('.modal-small input[type=password]', 'wrong');
    await d.click(SMALL_SUBMIT);
    await d.page.locator('.modal-small .form-message').waitFor();
    await save(d, n('confirm-wrong'), 'problem:error-confirm-password');
    await d.type('.modal-small input[type=password]', 'account-password');
    await d.click(SMALL_SUBMIT);
    await d.page.locator('.modal-small b').waitFor();
    await save(d, n('result'), 'step:copy', { after: 'create' });
  });
  await scene(y26('/account/manage', `session=1&lang=${lang}&show=input&confirm=never`), async (d) => {
    await toGenerate(d);
    await d.type('#asp-label', 'Mail');
    await d.click(SMALL_SUBMIT);
    await d.page.locator('.modal-small input[readonly]').waitFor();
    await save(d, n('result-input'), 'step:copy', { after: 'create' });
  });
  await scene(y26('/account/manage', `session=1&lang=${lang}&signin=passkey`), async (d) => {
    await toGenerate(d);
    await d.type('#asp-label', 'Mail');
    await d.click(SMALL_SUBMIT);
    await d.type('.modal-small input[type=password]', 'account-password');
    await d.click(SMALL_SUBMIT);
    await d.page.locator('.modal-alert .modal-small').waitFor();
    await save(d, n('refusal'), knows('refusal') ? 'problem:error-create-failed' : 'none');
  });
}
await scene(y26('/account/manage', 'session=1&confirm=never'), async (d) => {
  await toGenerate(d);
  await d.type('#asp-label', 'Mail');
  await d.click(SMALL_SUBMIT);
  await d.page.locator('.modal-small b').waitFor();
  await save(d, 'en-2026-result-no-confirm', 'step:copy', { after: 'create' });
});
await scene(y26('/account/manage', 'session=1&fail=create'), async (d) => {
  await toGenerate(d);
  await d.type('#asp-label', 'Mail');
  await d.click(SMALL_SUBMIT);
  await d.type('.modal-small input[type=password]', 'account-password');
  await d.click(SMALL_SUBMIT);
  await d.page.locator('.modal-alert .modal-small').waitFor();
  await save(d, 'en-2026-create-failed', 'problem:error-create-failed');
});
await scene(y26('/account/manage', 'session=1&list=full'), async (d) => {
  await toGenerate(d);
  await d.type('#asp-label', 'One too many');
  await d.click(SMALL_SUBMIT);
  await d.page.locator('.modal-small .form-message').waitFor();
  await save(d, 'en-2026-limit', 'problem:error-limit');
});
await scene(y26('/account/manage', 'session=1&twofa=off'), async (d) => {
  await d.page.locator('.tiles').waitFor();
  await save(d, 'en-2026-twofa-off', 'step:twofa-required');
});
// The sign-in page, and the same while Apple's upgrade prompt shows inside the sign-in frame.
await scene(y26('/sign-in', 'twofa=off'), async (d) => {
  const frame = d.page.frameLocator('#aid-auth-widget-iFrame');
  await frame.locator('#account_name_text_field').waitFor();
  await save(d, 'en-2026-sign-in', 'step:sign-in');
  await frame.locator('#account_name_text_field').fill('jane@icloud.com');
  await frame.locator('#sign-in').click();
  await frame.locator('#password_text_field').fill('account-password');
  await frame.locator('#sign-in').click();
  await frame.frameLocator('iframe#repairFrame').locator('hsa2-enrollment-flow').waitFor();
  await save(d, 'en-2026-upgrade-prompt', 'step:sign-in');
});

await browser.close();
await replica.close();
console.log(`snapshots: ${count} pages written to ${dir}`);

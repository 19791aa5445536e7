// Replica of the sign-in widget served from idmsa.apple.com inside the account site's iframe:
// account name → password → two-factor code (or, for an account without 2FA, the upgrade
// prompt; on the 2026 layout in a nested iframe#repairFrame from appleid.apple.com, see
// repair.js) → tells the parent page it is signed in.
import { h, text, portSuffix } from './common.js';

const params = new URLSearchParams(location.search);
const T = text({ lang: params.get('language') || 'en' });
const parent = params.get('parent');
const box = document.getElementById('widget');

function signedIn() {
  if (parent) window.parent.postMessage({ type: 'replica-signed-in' }, parent);
}

/** Signed in after the 2026 upgrade prompt: `twofa` says whether the account now has it. */
function signedInWith(twofa) {
  if (parent) window.parent.postMessage({ type: 'replica-signed-in', twofa }, parent);
}

function credentials() {
  const password = h('input', { id: 'password_text_field', type: 'password', class: 'form-textbox-input', tabindex: '-1', 'aria-label': T.password, autocomplete: 'current-password' });
  const passwordRow = h('div', { id: 'continue-password', class: 'password-row', hidden: true }, password);
  const name = h('input', { id: 'account_name_text_field', type: 'text', class: 'form-textbox-input', 'aria-label': T.accountName, autocomplete: 'username' });
  const error = h('p', { id: 'errMsg', role: 'alert' });
  const form = h('form', { class: 'signin-form', onsubmit: (e) => {
    e.preventDefault();
    if (!name.value) { error.textContent = T.accountName; return; }
    if (passwordRow.hidden) {
      passwordRow.hidden = false; password.tabIndex = 0; password.focus();
      return;
    }
    if (!password.value) { error.textContent = T.password; return; }
    if (params.get('twofa') !== 'off') twoFactor();
    else if (params.get('layout') === '2026') repairFrame();
    else upgradePrompt();
  } }, h('h1', { class: 'tk-callout' }, T.signInTitle), name, passwordRow, error,
  h('button', { id: 'sign-in', type: 'submit', class: 'button' }, T.continue));
  box.replaceChildren(form);
  name.focus();
}

function twoFactor() {
  const inputs = Array.from({ length: 6 }, (_, i) => h('input', {
    id: `char${i}`, class: 'form-security-code-input', maxlength: '1', inputmode: 'numeric', 'aria-label': `${i + 1}`,
    oninput: (e) => {
      if (e.target.value && i < 5) inputs[i + 1].focus();
      if (inputs.every((x) => /^\d$/.test(x.value))) signedIn();
    },
  }));
  box.replaceChildren(h('div', { class: 'two-factor' },
    h('h1', { class: 'tk-callout' }, T.twofaTitle), h('p', {}, T.twofaIntro),
    h('div', { class: 'form-security-code-inputs' }, inputs)));
  inputs[0].focus();
}

function upgradePrompt() {
  box.replaceChildren(h('hsa2-enrollment-flow', {},
    h('h1', { class: 'tk-callout' }, T.upgradeTitle), h('p', {}, T.upgradeIntro),
    h('idms-toolbar', {},
      h('button', { type: 'button', class: 'button button-secondary', onclick: signedIn }, T.notNow),
      h('button', { type: 'button', class: 'button', onclick: signedIn }, T.continue))));
}

/** 2026: Apple's upgrade prompt comes from appleid.apple.com in a frame of its own. */
function repairFrame() {
  const host = location.hostname.endsWith('.cn') ? 'appleid.apple.com.cn' : 'appleid.apple.com';
  const query = new URLSearchParams({ language: params.get('language') || 'en', parent: location.origin });
  box.replaceChildren(h('iframe', { id: 'repairFrame', name: 'repairFrame', title: T.upgradeTitle, src: `https://${host}${portSuffix()}/widget/account/repair?${query}` }));
}
addEventListener('message', (event) => {
  if (!/^https:\/\/appleid\.apple\.com(\.cn)?(:\d+)?$/.test(event.origin)) return;
  if (event.data && event.data.type === 'replica-repaired') signedInWith(event.data.upgraded ? 'on' : 'off');
});

credentials();

// Replica of Apple's two-factor upgrade prompt, served from appleid.apple.com/widget/account/
// repair and nested by the sign-in frame in iframe#repairFrame (2026 layout, account without
// 2FA): Continue turns two-factor authentication on, Other Options → Don't Upgrade signs in
// without it. Either way it tells the sign-in frame, which tells the account page.
import { h, text } from './common.js';

const params = new URLSearchParams(location.search);
const lang = params.get('language') || 'en';
const T = text({ lang });
document.documentElement.lang = lang;
const parent = params.get('parent');
const box = document.getElementById('repair');

function done(upgraded) {
  if (parent) window.parent.postMessage({ type: 'replica-repaired', upgraded }, parent);
}

// "Other Options" unfolds the choice not to upgrade.
const options = h('div', { class: 'repair-options', hidden: true },
  h('button', { type: 'button', class: 'button button-secondary', id: 'dont-upgrade', onclick: () => done(false) }, T.dontUpgrade));
const other = h('button', { type: 'button', class: 'button button-secondary', 'aria-expanded': 'false', onclick: () => {
  options.hidden = false;
  other.setAttribute('aria-expanded', 'true');
} }, T.notNow);
box.replaceChildren(h('hsa2-enrollment-flow', {},
  h('h1', { class: 'tk-callout' }, T.upgradeTitle), h('p', {}, T.upgradeIntro),
  h('idms-toolbar', {}, other, h('button', { type: 'button', class: 'button', id: 'upgrade-continue', onclick: () => done(true) }, T.continue)),
  options));

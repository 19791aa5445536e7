// Replica of www.icloud.com's signed-in home: the profile button opens a menu whose
// "Manage Apple Account" goes to the account site (same tab, or a new one with newtab=1).
import { h, config, configQuery, text, later, portSuffix, claimOverlayTag } from './common.js';

const cfg = config();
if (cfg.hostile === 'ce') claimOverlayTag();
const T = text(cfg);
document.documentElement.lang = cfg.lang;
const root = document.getElementById('root');
const account = location.hostname.endsWith('.cn') ? 'account.apple.com.cn' : 'account.apple.com';

root.append(h('header', { class: 'globalnav' }, h('span', { class: 'brand' }, 'iCloud')));
later(cfg, () => {
  const menu = h('div', { class: 'profile-menu', role: 'menu', hidden: true },
    h('a', { role: 'menuitem', class: 'menu-item', href: `https://${account}${portSuffix()}/?${configQuery(cfg)}`, target: cfg.newtab === '1' ? '_blank' : null }, T.manageAccount),
    h('button', { role: 'menuitem', class: 'menu-item', type: 'button' }, T.signOut));
  const profile = h('button', { class: 'profile-button', type: 'button', 'aria-label': T.account, 'aria-haspopup': 'menu', 'aria-expanded': 'false', onclick: () => {
    menu.hidden = !menu.hidden;
    profile.setAttribute('aria-expanded', String(!menu.hidden));
  } }, 'JA');
  root.querySelector('header').append(h('div', { class: 'profile' }, profile, menu));
  root.append(h('main', { class: 'icloud-home' }, h('h1', {}, T.icloudHello)));
});

// Options page loader: the page is rendered by the Rust app module (the same settings form as
// the popup's Settings section).
import init, { render_options } from '../core/app.js';

await init({ module_or_path: new URL('../core/app_bg.wasm', import.meta.url) });
document.documentElement.lang = chrome.i18n.getUILanguage();
render_options();

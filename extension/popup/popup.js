// Popup loader: the popup is rendered by the Rust app module.
import init, { render_popup } from '../core/app.js';

await init({ module_or_path: new URL('../core/app_bg.wasm', import.meta.url) });
document.documentElement.lang = chrome.i18n.getUILanguage();
render_popup();

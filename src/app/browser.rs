//! The app module's one file of bindings to the extension and browser APIs: storage (session
//! for per-tab memory and the unlocked key, sync for options, managed for an administrator's,
//! local for the vault), tabs, windows, alarms, runtime messages, i18n, the offscreen document
//! and the clipboard; and the conversions of typed values to and from plain JS values
//! (serde-wasm-bindgen). Nothing else in the app module names `chrome.*`.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = get, catch)]
    fn session_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = set, catch)]
    fn session_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "session"], js_name = remove, catch)]
    fn session_remove(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "sync"], js_name = get, catch)]
    fn sync_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "sync"], js_name = set, catch)]
    fn sync_set(items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "managed"], js_name = get, catch)]
    fn managed_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = query, catch)]
    fn tabs_query(query: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = sendMessage, catch)]
    fn tabs_send_message(tab: i32, message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = create, catch)]
    fn tabs_create(props: &JsValue) -> Result<Promise, JsValue>;
}

async fn wait(p: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(p?).await
}

/// `{key: value}`.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

/// `o[key]`, or undefined.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(o, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The value under `key` in session storage.
pub async fn session_read(key: &str) -> Result<JsValue, JsValue> {
    Ok(get(&wait(session_get(&key.into())).await?, key))
}

/// Stores `value` under `key` in session storage.
pub async fn session_write(key: &str, value: JsValue) -> Result<(), JsValue> {
    wait(session_set(&object(&[(key, value)]))).await.map(|_| ())
}

/// The values under `keys` in session storage, as one object.
pub async fn session_read_many(keys: &[&str]) -> Result<JsValue, JsValue> {
    let keys: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    wait(session_get(&keys)).await
}

/// Stores every `(key, value)` in session storage at once.
pub async fn session_write_many(items: &[(&str, JsValue)]) -> Result<(), JsValue> {
    wait(session_set(&object(items))).await.map(|_| ())
}

/// Removes `keys` from session storage at once.
pub async fn session_remove_many(keys: &[&str]) -> Result<(), JsValue> {
    let keys: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    wait(session_remove(&keys)).await.map(|_| ())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = create, catch)]
    fn alarms_create(name: &str, info: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = clear, catch)]
    fn alarms_clear(name: &str) -> Result<JsValue, JsValue>;
}

/// Sets the timer `name` (replacing one of that name) for `when_ms` (ms since the epoch).
/// Best effort: the deadline is also checked on every request and when the worker starts.
pub async fn alarm_at(name: &str, when_ms: f64) {
    if let Ok(p) = alarms_create(name, &object(&[("when", when_ms.into())])) {
        if let Ok(p) = p.dyn_into::<Promise>() {
            let _ = JsFuture::from(p).await;
        }
    }
}

/// Clears the timer `name`.
pub async fn alarm_clear(name: &str) {
    if let Ok(p) = alarms_clear(name) {
        if let Ok(p) = p.dyn_into::<Promise>() {
            let _ = JsFuture::from(p).await;
        }
    }
}

/// Removes `key` from session storage.
pub async fn session_delete(key: &str) -> Result<(), JsValue> {
    wait(session_remove(&key.into())).await.map(|_| ())
}

/// The value under `key` in sync storage.
pub async fn sync_read(key: &str) -> Result<JsValue, JsValue> {
    Ok(get(&wait(sync_get(&key.into())).await?, key))
}

/// Stores `value` under `key` in sync storage.
pub async fn sync_write(key: &str, value: JsValue) -> Result<(), JsValue> {
    wait(sync_set(&object(&[(key, value)]))).await.map(|_| ())
}

/// Everything an administrator set in managed storage; an empty object when there is nothing,
/// or no managed storage at all (Firefox rejects the call when no policy names the extension).
pub async fn managed_all() -> JsValue {
    match wait(managed_get(&JsValue::NULL)).await {
        Ok(v) if v.is_object() => v,
        _ => js_sys::Object::new().into(),
    }
}

/// `value` as a plain JS value: objects (never `Map`s), `None` as null, numbers as numbers.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> JsValue {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

/// A plain JS value (a message, storage data) read as `T`.
pub fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}

/// A plain JS value (storage data, a message field) as JSON; `null` for what JSON cannot hold.
pub fn to_json(v: &JsValue) -> serde_json::Value {
    from_js(v.clone()).unwrap_or(serde_json::Value::Null)
}

/// The id of the active tab of window `window` (without one: of the browser's current window).
pub async fn active_tab(window: Option<i32>) -> Option<i32> {
    let which = match window {
        Some(w) => ("windowId", JsValue::from(w)),
        None => ("currentWindow", true.into()),
    };
    let tabs = wait(tabs_query(&object(&[("active", true.into()), which]))).await.ok()?;
    let first = js_sys::Array::from(&tabs).get(0);
    get(&first, "id").as_f64().map(|n| n as i32)
}

/// Sends `message` to the content script of `tab`; `Err` when none answers.
pub async fn send_to_tab(tab: i32, message: &JsValue) -> Result<JsValue, JsValue> {
    wait(tabs_send_message(tab, message)).await
}

/// Opens `url` in a new tab of window `window` (without one: of the current window); the new
/// tab's id.
pub async fn open_tab(url: &str, window: Option<i32>) -> Result<Option<i32>, JsValue> {
    let mut props = vec![("url", JsValue::from(url))];
    props.extend(window.map(|w| ("windowId", JsValue::from(w))));
    let tab = wait(tabs_create(&object(&props))).await?;
    Ok(get(&tab, "id").as_f64().map(|n| n as i32))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = get, catch)]
    fn local_get(keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = set, catch)]
    fn local_set(items: &JsValue) -> Result<Promise, JsValue>;
}

/// Everything in local storage (the vault's keyring and entry records).
pub async fn local_all() -> Result<JsValue, JsValue> {
    wait(local_get(&JsValue::NULL)).await
}

/// The value under `key` in local storage.
pub async fn local_read(key: &str) -> Result<JsValue, JsValue> {
    Ok(get(&wait(local_get(&key.into())).await?, key))
}

/// Stores `value` under `key` in local storage; resolves once the browser has written it.
pub async fn local_write(key: &str, value: JsValue) -> Result<(), JsValue> {
    wait(local_set(&object(&[(key, value)]))).await.map(|_| ())
}

/// Now, as ISO 8601 UTC.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "local"], js_name = remove, catch)]
    fn local_remove(keys: &JsValue) -> Result<Promise, JsValue>;
}

/// Removes `key` from local storage.
pub async fn local_delete(key: &str) -> Result<(), JsValue> {
    wait(local_remove(&key.into())).await.map(|_| ())
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Restricts `storage.local` (the vault) to the extension's own pages and worker where the
/// browser allows it: Chromium's `setAccessLevel({accessLevel: "TRUSTED_CONTEXTS"})`. Content
/// scripts never read storage (they message the background), so nothing is lost. Firefox has
/// no `setAccessLevel` for `storage.local`: there a page's content script can still reach it,
/// and the vault relies on its pinned public key and bound records. Best effort; whether it
/// took effect.
pub async fn restrict_local() -> bool {
    let chrome = js_sys::Reflect::get(&js_sys::global(), &"chrome".into()).unwrap_or(JsValue::UNDEFINED);
    let local = get(&get(&chrome, "storage"), "local");
    let Ok(set) = get(&local, "setAccessLevel").dyn_into::<js_sys::Function>() else { return false };
    let Ok(p) = set.call1(&local, &object(&[("accessLevel", "TRUSTED_CONTEXTS".into())])) else { return false };
    match p.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => true,
    }
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn i18n_get_message(name: &str, subs: &js_sys::Array) -> String;
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn runtime_send_message(message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> String;
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = openOptionsPage, catch)]
    fn runtime_open_options_page() -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "windows"], js_name = getCurrent, catch)]
    fn windows_get_current() -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "onChanged"], js_name = addListener, catch)]
    fn storage_on_changed(listener: &js_sys::Function) -> Result<(), JsValue>;
}

/// The localized message `name` with `subs` for its placeholders, in order (empty when the
/// locale has none).
pub fn message(name: &str, subs: &[&str]) -> String {
    i18n_get_message(name, &subs.iter().map(|s| JsValue::from_str(s)).collect())
}

/// Sends `message` to the extension (the background; the offscreen document too); `Err` when
/// nobody receives it.
pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue> {
    wait(runtime_send_message(message)).await
}

/// Opens the extension page at `path` (relative to the extension's root) in a new tab.
pub fn open_extension_page(path: &str) {
    let _ = tabs_create(&object(&[("url", runtime_get_url(path).into())]));
}

/// Opens the extension's options page.
pub fn open_options_page() {
    let _ = runtime_open_options_page();
}

/// The id of the window this page belongs to, if the browser says.
pub async fn current_window() -> Option<f64> {
    get(&wait(windows_get_current()).await.ok()?, "id").as_f64()
}

/// Calls `f(changes, area)` on every change of the extension's storage, for as long as the page
/// lives (one listener per page).
pub fn on_storage_change(f: impl FnMut(JsValue, JsValue) + 'static) {
    let changed = Closure::<dyn FnMut(JsValue, JsValue)>::new(f);
    let _ = storage_on_changed(changed.as_ref().unchecked_ref());
    changed.forget();
}

/// `globalThis[path[0]][path[1]]…`, or undefined: an API this browser may not have.
fn global(path: &[&str]) -> JsValue {
    path.iter().fold(js_sys::global().into(), |o: JsValue, k| if o.is_object() { get(&o, k) } else { JsValue::UNDEFINED })
}

/// Calls `this_[name](args…)`.
fn call_sync(this_: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(this_, name).dyn_into()?;
    js_sys::Reflect::apply(&f, this_, &args.iter().collect::<js_sys::Array>())
}

/// Calls `this_[name](args…)` and waits for the promise it returns, if it does.
async fn call(this_: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    match call_sync(this_, name, args)?.dyn_into::<Promise>() {
        Ok(p) => JsFuture::from(p).await,
        Err(v) => Ok(v),
    }
}

/// Waits `ms` milliseconds (`setTimeout` of the worker or page).
pub async fn sleep(ms: f64) {
    let wait = Promise::new(&mut |resolve, _| {
        let _ = call_sync(&js_sys::global().into(), "setTimeout", &[resolve.into(), ms.into()]);
    });
    let _ = JsFuture::from(wait).await;
}

/// Writes `text` to the clipboard of this worker or page (`navigator.clipboard`).
pub async fn clipboard_write(text: &str) -> Result<(), JsValue> {
    call(&global(&["navigator", "clipboard"]), "writeText", &[text.into()]).await.map(|_| ())
}

/// Reads the text on the clipboard of this worker or page (`navigator.clipboard.readText`:
/// with `clipboardRead`, the Firefox background page needs no user action).
pub async fn clipboard_read() -> Result<String, JsValue> {
    call(&global(&["navigator", "clipboard"]), "readText", &[]).await?.as_string().ok_or_else(|| "not a text".into())
}

/// Whether this browser has offscreen documents (`chrome.offscreen`: Chromium).
pub fn has_offscreen() -> bool {
    global(&["chrome", "offscreen"]).is_object()
}

/// Opens the offscreen document at `url` for `reason` (`chrome.offscreen.createDocument`).
pub async fn offscreen_open(url: &str, reason: &str, justification: &str) -> Result<(), JsValue> {
    let reasons = js_sys::Array::of1(&reason.into());
    let props = object(&[("url", url.into()), ("reasons", reasons.into()), ("justification", justification.into())]);
    call(&global(&["chrome", "offscreen"]), "createDocument", &[props]).await.map(|_| ())
}

/// Whether an offscreen document is open.
pub async fn offscreen_is_open() -> bool {
    call(&global(&["chrome", "offscreen"]), "hasDocument", &[]).await.ok().and_then(|v| v.as_bool()) == Some(true)
}

/// Closes the offscreen document (best effort).
pub async fn offscreen_close() {
    let _ = call(&global(&["chrome", "offscreen"]), "closeDocument", &[]).await;
}

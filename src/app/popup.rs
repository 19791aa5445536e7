//! The toolbar popup, rendered from Rust. All text goes in as text nodes, never as HTML.

use super::browser::{get, object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, HtmlElement, HtmlInputElement};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(name: &str) -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn send_message(message: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

async fn ask(message: JsValue) -> JsValue {
    match send_message(&message) {
        Ok(p) => JsFuture::from(p).await.unwrap_or(JsValue::UNDEFINED),
        Err(_) => JsValue::UNDEFINED,
    }
}

fn el(doc: &Document, tag: &str, text: Option<&str>) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc.create_element(tag)?.unchecked_into();
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    Ok(e)
}

fn on(target: &HtmlElement, event: &str, f: impl FnMut() + 'static) -> Result<(), JsValue> {
    let cb = Closure::<dyn FnMut()>::new(f);
    target.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref())?;
    // The popup's listeners live as long as its document.
    cb.forget();
    Ok(())
}

/// Renders the popup into `#app` of the current document.
#[wasm_bindgen]
pub fn render_popup() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    let app = doc.get_element_by_id("app").ok_or("no #app")?;

    let heading = el(&doc, "h1", Some(&get_message("extName")))?;
    let intro = el(&doc, "p", Some(&get_message("popup_intro")))?;
    let guide = el(&doc, "button", Some(&get_message("action_guide_me")))?;
    guide.set_id("guide-me");
    guide.set_attribute("type", "button")?;
    on(&guide, "click", move || {
        let window = window.clone();
        spawn_local(async move {
            ask(object(&[("kind", "guide-me".into())])).await;
            let _ = window.close();
        });
    })?;

    let label = el(&doc, "label", None)?;
    label.set_class_name("option");
    let auto: HtmlInputElement = doc.create_element("input")?.unchecked_into();
    auto.set_type("checkbox");
    auto.set_id("auto-start");
    auto.set_checked(true);
    label.append_child(&auto)?;
    label.append_child(&doc.create_text_node(&get_message("option_auto_start")))?;
    let toggle = auto.clone();
    on(&auto, "change", move || {
        let checked = toggle.checked();
        spawn_local(async move {
            let options = object(&[("autoStart", checked.into())]);
            ask(object(&[("kind", "set-options".into()), ("options", options)])).await;
        });
    })?;
    let current = auto.clone();
    spawn_local(async move {
        let reply = ask(object(&[("kind", "get-options".into())])).await;
        if let Some(on) = get(&get(&reply, "options"), "autoStart").as_bool() {
            current.set_checked(on);
        }
    });

    let version = el(&doc, "p", Some(crate::VERSION))?;
    version.set_class_name("version");
    for child in [&heading, &intro, &guide] {
        app.append_child(child)?;
    }
    app.append_child(&label)?;
    app.append_child(&version)?;
    guide.focus()?;
    Ok(())
}

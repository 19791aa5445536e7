//! The toolbar popup, rendered from Rust. All text goes in as text nodes, never as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage)]
    fn get_message(name: &str) -> String;

    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = create, catch)]
    fn tabs_create(props: &JsValue) -> Result<JsValue, JsValue>;
}

/// Where "Guide me" opens: the section where app-specific passwords are made.
pub const START_URL: &str = "https://account.apple.com/account/manage/section/security";

fn el(doc: &Document, tag: &str, text: Option<&str>) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = doc.create_element(tag)?.unchecked_into();
    if let Some(t) = text {
        e.set_text_content(Some(t));
    }
    Ok(e)
}

/// Renders the popup into `#app` of the current document.
#[wasm_bindgen]
pub fn render_popup() -> Result<(), JsValue> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let app = doc.get_element_by_id("app").ok_or("no #app")?;
    let heading = el(&doc, "h1", Some(&get_message("extName")))?;
    let intro = el(&doc, "p", Some(&get_message("popup_intro")))?;
    let button = el(&doc, "button", Some(&get_message("action_guide_me")))?;
    button.set_id("guide-me");
    button.set_attribute("type", "button")?;
    let on_click = Closure::<dyn FnMut()>::new(|| {
        let props = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&props, &"url".into(), &START_URL.into());
        let _ = tabs_create(&props);
    });
    button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    // The popup lives as long as its document.
    on_click.forget();
    let version = el(&doc, "p", Some(&crate::VERSION.to_string()))?;
    version.set_class_name("version");
    for child in [&heading, &intro, &button, &version] {
        app.append_child(child)?;
    }
    button.focus()?;
    Ok(())
}

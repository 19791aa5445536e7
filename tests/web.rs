//! The content module's live-page adapter in a real browser (wasm-bindgen-test, headless
//! Chromium): recognition over web-sys sees what a person sees: rendered, enabled elements.
#![cfg(all(target_arch = "wasm32", feature = "content"))]

use app_password_guide::content::web_dom::WebDom;
use app_password_guide::recognize::find_target;
use app_password_guide::steps::{index_of, Id, JOURNEY};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Document, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Builds a fixture under a fresh container in <body> (never replacing <body>: the runner
/// lives there). Returns the container; the caller removes it.
fn fixture(build: impl FnOnce(&Document, &HtmlElement)) -> HtmlElement {
    let doc = document();
    let root: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    build(&doc, &root);
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

fn element(doc: &Document, parent: &HtmlElement, tag: &str, attrs: &[(&str, &str)], text: &str) -> HtmlElement {
    let e: HtmlElement = doc.create_element(tag).unwrap().unchecked_into();
    for (k, v) in attrs {
        e.set_attribute(k, v).unwrap();
    }
    e.set_text_content(Some(text));
    parent.append_child(&e).unwrap();
    e
}

fn tile_step() -> &'static app_password_guide::steps::Step {
    &JOURNEY[index_of(Id::OpenAppPasswords).unwrap()]
}

#[wasm_bindgen_test]
fn finds_the_tile_by_its_localized_title() {
    let root = fixture(|doc, root| {
        let b = element(doc, root, "button", &[("id", "tile")], "");
        element(doc, &b, "h3", &[("class", "card-title")], "  Mots de passe pour\n applications ");
    });
    let dom = WebDom::new(document());
    let found = find_target(&dom, tile_step()).expect("tile found");
    assert_eq!(found.id(), "tile");
    root.remove();
}

#[wasm_bindgen_test]
fn a_tile_hidden_by_css_is_not_a_target() {
    let root = fixture(|doc, root| {
        let wrapper = element(doc, root, "div", &[], "");
        wrapper.style().set_property("display", "none").unwrap();
        let b = element(doc, &wrapper, "button", &[], "");
        element(doc, &b, "h3", &[("class", "card-title")], "App-Specific Passwords");
    });
    let dom = WebDom::new(document());
    assert!(find_target(&dom, tile_step()).is_none());
    root.remove();
}

#[wasm_bindgen_test]
fn create_counts_only_once_enabled() {
    let root = fixture(|doc, root| {
        let dialog = element(doc, root, "div", &[("class", "modal-dialog"), ("role", "dialog")], "");
        let form = element(doc, &dialog, "form", &[], "");
        let bar = element(doc, &form, "div", &[("class", "modal-button-bar")], "");
        element(doc, &bar, "button", &[("type", "submit"), ("id", "create"), ("aria-disabled", "true")], "Create");
    });
    let dom = WebDom::new(document());
    let step = &JOURNEY[index_of(Id::Create).unwrap()];
    assert!(find_target(&dom, step).is_none(), "disabled Create is not a target");
    document().get_element_by_id("create").unwrap().set_attribute("aria-disabled", "false").unwrap();
    assert_eq!(find_target(&dom, step).map(|e| e.id()), Some("create".into()));
    root.remove();
}

/// What no one can see is not shown: opacity 0 on the element or an ancestor, like
/// `visibility: hidden` and `display: none`; any opacity above it is.
#[wasm_bindgen_test]
fn opacity_zero_is_not_shown_on_the_element_or_an_ancestor() {
    use app_password_guide::dom::Dom;
    let root = fixture(|doc, root| {
        let own = element(doc, root, "p", &[("id", "own")], "abcd-abcd-abcd-abcd");
        own.style().set_property("opacity", "0").unwrap();
        let wrap = element(doc, root, "div", &[], "");
        wrap.style().set_property("opacity", "0").unwrap();
        element(doc, &wrap, "span", &[("id", "inner")], "efgh-efgh-efgh-efgh");
        let faint = element(doc, root, "p", &[("id", "faint")], "ijkl-ijkl-ijkl-ijkl");
        faint.style().set_property("opacity", "0.2").unwrap();
        let hidden = element(doc, root, "p", &[("id", "hidden")], "");
        hidden.style().set_property("visibility", "hidden").unwrap();
    });
    let dom = WebDom::new(document());
    let by_id = |id: &str| document().get_element_by_id(id).unwrap();
    assert!(!dom.is_rendered(&by_id("own")), "opacity 0 on the element");
    assert!(!dom.is_rendered(&by_id("inner")), "opacity 0 on an ancestor");
    assert!(!dom.is_rendered(&by_id("hidden")), "visibility hidden");
    assert!(dom.is_rendered(&by_id("faint")), "a faint element is seen");
    assert!(dom.take_faded(), "an element hidden only by its opacity was met (the guide looks again when it fades in)");
    assert!(!dom.take_faded(), "taken once");
    assert!(!dom.is_rendered(&by_id("hidden")));
    assert!(!dom.take_faded(), "visibility is no fade");
    root.remove();
}

//! The live page as a [`Dom`]: element queries on the document, never outside it (our own
//! overlay lives in a closed shadow root and is invisible to these queries).

use crate::dom::Dom;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

/// The live document.
pub struct WebDom {
    pub document: Document,
}

impl Dom for WebDom {
    type Node = Element;

    fn select(&self, css: &str) -> Vec<Element> {
        let Ok(list) = self.document.query_selector_all(css) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    fn text(&self, node: &Element) -> String {
        node.text_content().unwrap_or_default()
    }

    fn attr(&self, node: &Element, name: &str) -> Option<String> {
        node.get_attribute(name)
    }

    fn value(&self, node: &Element) -> Option<String> {
        node.dyn_ref::<HtmlInputElement>().map(HtmlInputElement::value)
    }

    fn is_rendered(&self, node: &Element) -> bool {
        // An element with no layout boxes is display:none itself or inside such an ancestor.
        node.get_client_rects().length() > 0
    }

    fn contains(&self, outer: &Element, inner: &Element) -> bool {
        outer.contains(Some(inner))
    }

    fn host(&self) -> String {
        self.document.location().and_then(|l| l.hostname().ok()).unwrap_or_default().to_lowercase()
    }

    fn path(&self) -> String {
        self.document.location().and_then(|l| l.pathname().ok()).unwrap_or_default()
    }
}

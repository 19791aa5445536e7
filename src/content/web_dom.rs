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
        let input = node.dyn_ref::<HtmlInputElement>()?;
        // Checked on the live type: a field switched to `password` is never read.
        (!input.type_().eq_ignore_ascii_case("password")).then(|| input.value())
    }

    fn is_rendered(&self, node: &Element) -> bool {
        // An element with no layout boxes is display:none itself or inside such an ancestor.
        node.get_client_rects().length() > 0
    }

    fn contains(&self, outer: &Element, inner: &Element) -> bool {
        outer.contains(Some(inner))
    }

    fn lang(&self) -> String {
        self.document.document_element().and_then(|e| e.get_attribute("lang")).unwrap_or_default().to_lowercase()
    }

    fn host(&self) -> String {
        self.document.location().and_then(|l| l.hostname().ok()).unwrap_or_default().to_lowercase()
    }

    fn path(&self) -> String {
        self.document.location().and_then(|l| l.pathname().ok()).unwrap_or_default()
    }
}

/// The privacy-safe outline of the page's `<body>` (see [`crate::outline`]), at most
/// `max_lines` lines. Our own overlay is left out.
pub fn outline(document: &Document, max_lines: usize) -> String {
    let mut lines = Vec::new();
    if let Some(body) = document.body() {
        walk(&body, 0, &mut lines, max_lines);
    }
    lines.join("\n")
}

fn walk(e: &Element, depth: usize, lines: &mut Vec<String>, max: usize) {
    if lines.len() >= max || e.tag_name().eq_ignore_ascii_case("apg-overlay") {
        return;
    }
    let attrs = e.attributes();
    let pairs: Vec<(String, String)> =
        (0..attrs.length()).filter_map(|i| attrs.item(i)).map(|a| (a.name(), a.value())).collect();
    lines.push(crate::outline::line(depth, &e.tag_name(), pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))));
    let children = e.children();
    for i in 0..children.length() {
        if let Some(c) = children.item(i) {
            walk(&c, depth + 1, lines, max);
        }
    }
}

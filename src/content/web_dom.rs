//! The live page as a [`Dom`]: element queries on the document, never outside it (our own
//! overlay lives in a closed shadow root and is invisible to these queries).

use crate::dom::Dom;
use js_sys::JsString;
use std::cell::Cell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement};

/// What withholds an element from people (see [`Dom::is_inert`]).
const INERT: &str = "[aria-hidden=true i], [inert]";

thread_local! {
    /// `checkVisibility`'s options, made once: the CSS `visibility` and an `opacity` of 0 (on
    /// the element or an ancestor) count too (with the older names, Chromium 105-120).
    static VISIBLE: JsValue = options(&["visibilityProperty", "opacityProperty", "checkVisibilityCSS", "checkOpacity"]);
    /// The same without opacity: to tell an element faded out from one hidden otherwise.
    static VISIBLE_IGNORING_OPACITY: JsValue = options(&["visibilityProperty", "checkVisibilityCSS"]);
}

fn options(keys: &[&str]) -> JsValue {
    let o = js_sys::Object::new();
    for k in keys {
        let _ = js_sys::Reflect::set(&o, &(*k).into(), &JsValue::TRUE);
    }
    o.into()
}

/// The live document.
pub struct WebDom {
    /// The page's document.
    pub document: Document,
    /// An element was found hidden only by its opacity since [`WebDom::take_faded`] was last
    /// asked (it may be fading in: no change to the DOM says when it can be seen).
    faded: Cell<bool>,
}

impl WebDom {
    /// A view of `document`, with nothing yet found faded.
    pub fn new(document: Document) -> Self {
        WebDom { document, faded: Cell::new(false) }
    }

    /// Whether an element was found hidden only by its opacity since this was last asked.
    pub fn take_faded(&self) -> bool {
        self.faded.replace(false)
    }
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
        // Not rendered: no layout box (display:none itself or inside such an ancestor),
        // `visibility: hidden` (a section Apple keeps mounted out of sight, a hidden decoy), or
        // an opacity of 0 on it or an ancestor (a decoy, or a dialog not yet faded in).
        let e = node.unchecked_ref::<Selectable>();
        match VISIBLE.with(|options| e.check_visibility(options)) {
            Ok(true) => true,
            Ok(false) => {
                if VISIBLE_IGNORING_OPACITY.with(|options| e.check_visibility(options)) == Ok(true) {
                    self.faded.set(true);
                }
                false
            }
            Err(_) => node.get_client_rects().length() > 0,
        }
    }

    fn is_inert(&self, node: &Element) -> bool {
        node.closest(INERT).ok().flatten().is_some()
    }

    fn contains(&self, outer: &Element, inner: &Element) -> bool {
        outer.contains(Some(inner))
    }

    fn lang(&self) -> String {
        self.document.document_element().and_then(|e| e.get_attribute("lang")).map(|l| crate::dom::lowercase(&l)).unwrap_or_default()
    }

    fn host(&self) -> String {
        self.document.location().and_then(|l| l.hostname().ok()).unwrap_or_default().to_ascii_lowercase()
    }

    fn path(&self) -> String {
        self.document.location().and_then(|l| l.pathname().ok()).unwrap_or_default()
    }
}

#[wasm_bindgen]
extern "C" {
    /// An element, seen through the DOM's selector methods taking a JS string, so that a long
    /// selector list made once is not copied out of the module's memory and decoded again on
    /// every call.
    type Selectable;
    #[wasm_bindgen(method, catch, js_name = closest)]
    fn closest(this: &Selectable, selectors: &JsString) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, js_name = matches)]
    fn matches(this: &Selectable, selectors: &JsString) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, js_name = checkVisibility)]
    fn check_visibility(this: &Selectable, options: &JsValue) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, js_name = querySelector)]
    fn query_selector(this: &Selectable, selectors: &JsString) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// A `MutationRecord`, read without copying strings into the module: its target (always
    /// an element under the observed root), whether it is an attribute change, and the nodes
    /// it added and removed.
    pub type Change;
    /// The element changed, or whose children changed.
    #[wasm_bindgen(method, getter)]
    pub fn target(this: &Change) -> Element;
    #[wasm_bindgen(method, getter, js_name = attributeName)]
    fn attribute_name(this: &Change) -> JsValue;
    /// The nodes added.
    #[wasm_bindgen(method, getter, js_name = addedNodes)]
    pub fn added_nodes(this: &Change) -> web_sys::NodeList;
    /// The nodes removed.
    #[wasm_bindgen(method, getter, js_name = removedNodes)]
    pub fn removed_nodes(this: &Change) -> web_sys::NodeList;
}

impl Change {
    /// Whether the record is an attribute change (else a change of children).
    pub fn is_attribute(&self) -> bool {
        !self.attribute_name().is_null()
    }
}

/// A selector list held as a JS string. An invalid list matches everything, so a mistake
/// errs towards looking at the page.
pub struct Selector(JsString);

impl Selector {
    /// Makes the JS string once.
    pub fn new(css: &str) -> Self {
        Selector(JsString::from(css))
    }

    /// Whether `e` or one of its ancestors matches.
    pub fn at_or_above(&self, e: &Element) -> bool {
        e.unchecked_ref::<Selectable>().closest(&self.0).map_or(true, |m| !m.is_null())
    }

    /// Whether `e` matches.
    pub fn matches(&self, e: &Element) -> bool {
        e.unchecked_ref::<Selectable>().matches(&self.0).unwrap_or(true)
    }

    /// Whether `e` or one of its descendants matches.
    pub fn at_or_below(&self, e: &Element) -> bool {
        self.matches(e) || self.below(e)
    }

    /// Whether one of `e`'s descendants matches.
    pub fn below(&self, e: &Element) -> bool {
        e.unchecked_ref::<Selectable>().query_selector(&self.0).map_or(true, |m| !m.is_null())
    }
}

/// The privacy-safe outline of the page's `<body>` (see [`crate::outline`]), at most
/// `max_lines` lines. Our own overlay is left out.
pub fn outline(document: &Document, max_lines: usize) -> String {
    let mut lines = Vec::new();
    if let Some(body) = document.body() {
        walk(&body, 0, &mut lines, max_lines);
    }
    crate::dom::join(&lines, "\n")
}

fn walk(e: &Element, depth: usize, lines: &mut Vec<String>, max: usize) {
    if lines.len() >= max || e.has_attribute(super::overlay::HOST_ATTRIBUTE) {
        return;
    }
    let attrs = e.attributes();
    let pairs: Vec<(String, String)> = (0..attrs.length()).filter_map(|i| attrs.item(i)).map(|a| (a.name(), a.value())).collect();
    lines.push(crate::outline::line(depth, &e.tag_name(), pairs.iter().map(|(n, v)| (n.as_str(), v.as_str()))));
    let children = e.children();
    for i in 0..children.length() {
        if let Some(c) = children.item(i) {
            walk(&c, depth + 1, lines, max);
        }
    }
}

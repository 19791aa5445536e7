//! [`Dom`] over a parsed HTML snapshot, so recognition is tested natively on the same markup
//! the replica serves.

use app_password_guide::dom::Dom;
use scraper::{ElementRef, Html, Selector};
use std::cell::RefCell;
use std::collections::HashMap;

/// A parsed page with the address it was served under.
pub struct Snapshot {
    html: Html,
    host: String,
    path: String,
}

impl Snapshot {
    /// Parses `html` as if served at `https://{host}{path}`.
    pub fn new(host: &str, path: &str, html: &str) -> Self {
        Snapshot { html: Html::parse_document(html), host: host.into(), path: path.into() }
    }

    /// The view recognition runs on.
    pub fn dom(&self) -> Page<'_> {
        Page(self)
    }
}

/// A borrowed view of a [`Snapshot`].
pub struct Page<'a>(&'a Snapshot);

impl<'a> Dom for Page<'a> {
    type Node = ElementRef<'a>;

    fn select(&self, css: &str) -> Vec<Self::Node> {
        // Parsed once per selector: recognition asks for the same few hundred again and again
        // (the fuzz target over arbitrary HTML runs it thousands of times a second).
        thread_local! {
            static PARSED: RefCell<HashMap<String, Option<Selector>>> = RefCell::new(HashMap::new());
        }
        PARSED.with(|cache| {
            let mut cache = cache.borrow_mut();
            let sel = cache.entry(css.to_string()).or_insert_with(|| Selector::parse(css).ok());
            sel.as_ref().map_or_else(Vec::new, |sel| self.0.html.select(sel).collect())
        })
    }

    fn text(&self, node: &Self::Node) -> String {
        node.text().collect()
    }

    fn attr(&self, node: &Self::Node, name: &str) -> Option<String> {
        node.value().attr(name).map(str::to_owned)
    }

    fn value(&self, node: &Self::Node) -> Option<String> {
        let e = node.value();
        let password = e.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("password"));
        (e.name() == "input" && !password).then(|| e.attr("value").unwrap_or("").to_owned())
    }

    fn is_rendered(&self, node: &Self::Node) -> bool {
        std::iter::once(**node).chain(node.ancestors()).filter_map(ElementRef::wrap).all(|el| {
            let e = el.value();
            e.attr("hidden").is_none()
                && !e.attr("style").is_some_and(|s| s.replace(' ', "").contains("display:none"))
                && !(e.name() == "input" && e.attr("type") == Some("hidden"))
        })
    }

    fn is_inert(&self, node: &Self::Node) -> bool {
        std::iter::once(**node).chain(node.ancestors()).filter_map(ElementRef::wrap).any(|el| {
            el.value().attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) || el.value().attr("inert").is_some()
        })
    }

    fn contains(&self, outer: &Self::Node, inner: &Self::Node) -> bool {
        outer.id() == inner.id() || inner.ancestors().any(|a| a.id() == outer.id())
    }

    fn lang(&self) -> String {
        self.select("html").first().and_then(|h| h.value().attr("lang")).unwrap_or("").to_lowercase()
    }

    fn host(&self) -> String {
        self.0.host.clone()
    }

    fn path(&self) -> String {
        self.0.path.clone()
    }
}

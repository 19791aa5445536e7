//! Finds a step's target on a page, and the step a page is at, from the table in
//! [`crate::steps`]. Generic over [`Dom`], so the same code runs on the live page and on HTML
//! snapshots in tests.

use crate::dom::{fold_text, Dom};
use crate::password;
use crate::steps::{site_of, Finder, Step, JOURNEY};

/// A step found on the page, with the element to anchor to.
pub struct Found<N> {
    /// Index of the step in [`JOURNEY`].
    pub index: usize,
    /// The element the user acts on.
    pub target: N,
}

/// Finds the element a step points at: the first of its finders that yields exactly one
/// rendered (and, where the step asks, enabled) element.
pub fn find_target<D: Dom>(dom: &D, step: &Step) -> Option<D::Node> {
    step.finders.iter().find_map(|finder| {
        let mut hits = matches(dom, finder).into_iter().filter(|n| {
            dom.is_rendered(n) && (!step.needs_enabled || is_enabled(dom, n))
        });
        let first = hits.next()?;
        hits.next().is_none().then_some(first)
    })
}

/// The step the page is at: the furthest step of the journey, for this page's site, whose
/// target is on the page now. `None` on a page where no step applies.
pub fn detect<D: Dom>(dom: &D) -> Option<Found<D::Node>> {
    let site = site_of(&dom.host())?;
    let path = dom.path();
    JOURNEY.iter().enumerate().rev().find_map(|(index, step)| {
        let applies = step.detectable
            && step.site == site
            && !step.unless_path.is_some_and(|p| path.trim_end_matches('/').ends_with(p));
        if !applies {
            return None;
        }
        find_target(dom, step).map(|target| Found { index, target })
    })
}

fn matches<D: Dom>(dom: &D, finder: &Finder) -> Vec<D::Node> {
    match *finder {
        Finder::Css(css) => dom.select(css),
        Finder::Text { css, texts } => {
            dom.select(css).into_iter().filter(|n| texts.contains(&fold_text(&dom.text(n)).as_str())).collect()
        }
        Finder::Named { css, names } => dom
            .select(css)
            .into_iter()
            .filter(|n| {
                ["aria-label", "title"]
                    .iter()
                    .filter_map(|a| dom.attr(n, a))
                    .any(|v| names.contains(&fold_text(&v).as_str()))
            })
            .collect(),
        Finder::Having { css, inner, texts } => {
            let titles: Vec<D::Node> = dom
                .select(inner)
                .into_iter()
                .filter(|n| dom.is_rendered(n) && texts.contains(&fold_text(&dom.text(n)).as_str()))
                .collect();
            if titles.is_empty() {
                return Vec::new();
            }
            let holders = dom.select(css).into_iter().filter(|n| titles.iter().any(|t| dom.contains(n, t))).collect();
            innermost(dom, holders)
        }
        Finder::Password { css } => {
            let holders: Vec<D::Node> = dom
                .select(css)
                .into_iter()
                .filter(|n| {
                    dom.value(n).as_deref().is_some_and(password::is_app_password)
                        || password::find_in_text(&dom.text(n)).is_some()
                })
                .collect();
            innermost(dom, holders)
        }
    }
}

/// Keeps the candidates that contain no other candidate: an outer wrapper that holds the real
/// target is not a second, ambiguous match.
fn innermost<D: Dom>(dom: &D, nodes: Vec<D::Node>) -> Vec<D::Node> {
    nodes
        .iter()
        .enumerate()
        .filter(|(i, outer)| !nodes.iter().enumerate().any(|(j, inner)| j != *i && dom.contains(outer, inner)))
        .map(|(_, n)| n.clone())
        .collect()
}

fn is_enabled<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.attr(node, "disabled").is_none() && dom.attr(node, "aria-disabled").as_deref() != Some("true")
}

//! Finds a step's target on a page, the step a page is at, and any problem the page shows,
//! from the tables in [`crate::steps`]. Generic over [`Dom`], so the same code runs on the
//! live page and on HTML snapshots in tests.

use crate::dom::{fold_text, Dom};
use crate::password;
use crate::steps::{
    expected_step, index_of, site_of, step_of, steps_of, Advance, Finder, Id, Journey, Place, Problem, Site, Step, ACCOUNT_SOURCES,
    APP_PASSWORDS_DIALOG, DIALOGS, EXISTING_LABELS, JOURNEY, KNOWN_LANGUAGES, LEGACY_LIST, MODAL_DIALOGS, PROBLEMS, SECURITY_SHOWN,
    TWO_FACTOR,
};
use std::cell::OnceCell;

/// A step found on the page, with the element to anchor to.
pub struct Found<N> {
    /// The step.
    pub step: &'static Step,
    /// The element the user acts on.
    pub target: N,
}

/// A problem the page shows, with the element to anchor its hint to.
pub struct Trouble<N> {
    /// The problem.
    pub problem: &'static Problem,
    /// The field to fix, or the message itself.
    pub anchor: N,
}

/// Where a person can act now: inside the frontmost open modal dialog ([`MODAL_DIALOGS`]), or
/// anywhere when none is open; never inside a dialog known not to be ours (see
/// [`dialogs_under_ours`]). Found once per look at the page.
struct Reach<'a, N> {
    front: Option<N>,
    foreign: &'a [N],
    /// The dialog named ours, looked up on first need.
    named: OnceCell<Option<N>>,
}

impl<'a, N: Clone> Reach<'a, N> {
    fn of<D: Dom<Node = N>>(dom: &D, foreign: &'a [N]) -> Self {
        // The last in document order, but never one inside another (a popover in a dialog is
        // part of that dialog, not in front of it).
        // A dialog covered by another (Apple sets `aria-hidden` on it) is not in front.
        let open: Vec<N> = dom.select(MODAL_DIALOGS).into_iter().filter(|d| dom.is_rendered(d) && !dom.is_inert(d)).collect();
        let front = open.iter().rev().find(|d| !open.iter().any(|o| !std::ptr::eq(o, *d) && dom.contains(o, d))).cloned();
        Reach { front, foreign, named: OnceCell::new() }
    }

    fn allows<D: Dom<Node = N>>(&self, dom: &D, node: &N) -> bool {
        self.front.as_ref().is_none_or(|front| dom.contains(front, node)) && !self.foreign.iter().any(|f| dom.contains(f, node))
    }

    /// Whether `node`, inside a dialog, is in ours: the frontmost modal one (in the journey,
    /// the dialogs that follow ours are ours; [`Reach::allows`] keeps to it), or, with none
    /// open, the one named ours. A panel beside the page (a chat, Hide My Email) is not ours,
    /// even mid-journey, while ours re-mounts or after it closed.
    fn in_ours<D: Dom<Node = N>>(&self, dom: &D, node: &N) -> bool {
        self.front.is_some()
            || self
                .named
                .get_or_init(|| find_within(dom, APP_PASSWORDS_DIALOG, false, self))
                .as_ref()
                .is_some_and(|d| dom.contains(d, node))
    }
}

/// The modal dialogs open under the App-Specific Passwords dialog while it is the frontmost:
/// another of Apple's dialogs left open. The guide keeps them, so that while ours re-mounts
/// (and one of them is frontmost for a moment) their controls, which look like ours, are never
/// taken for ours. Empty when our dialog is not frontmost.
pub fn dialogs_under_ours<D: Dom>(dom: &D) -> Vec<D::Node> {
    let Some(ours) = find_one(dom, APP_PASSWORDS_DIALOG, false) else { return Vec::new() };
    dom.select(MODAL_DIALOGS).into_iter().filter(|d| dom.is_rendered(d) && !dom.contains(d, &ours) && !dom.contains(&ours, d)).collect()
}

/// The first of `finders` that yields exactly one rendered (and, if asked, enabled) element
/// that a person can reach (not behind or beside an open modal dialog). An ambiguous way falls
/// through to the next: a wrong anchor is worse than none.
pub fn find_one<D: Dom>(dom: &D, finders: &[Finder], needs_enabled: bool) -> Option<D::Node> {
    find_within(dom, finders, needs_enabled, &Reach::of(dom, &[]))
}

fn find_within<D: Dom>(dom: &D, finders: &[Finder], needs_enabled: bool, reach: &Reach<'_, D::Node>) -> Option<D::Node> {
    finders.iter().find_map(|finder| {
        let mut hits = matches(dom, finder)
            .into_iter()
            .filter(|n| dom.is_rendered(n) && !dom.is_inert(n) && reach.allows(dom, n) && (!needs_enabled || is_enabled(dom, n)));
        let first = hits.next()?;
        hits.next().is_none().then_some(first)
    })
}

/// Finds the element a step points at.
pub fn find_target<D: Dom>(dom: &D, step: &Step) -> Option<D::Node> {
    find_one(dom, step.finders, step.needs_enabled)
}

/// Whether the App-Specific Passwords dialog is open (recognised by its name).
pub fn in_app_password_dialog<D: Dom>(dom: &D) -> bool {
    find_one(dom, APP_PASSWORDS_DIALOG, false).is_some()
}

/// Whether the page is in a language the tables have words for.
pub fn knows_page_language<D: Dom>(dom: &D) -> bool {
    let lang = dom.lang();
    KNOWN_LANGUAGES.iter().any(|k| lang == *k || lang.strip_prefix(k).is_some_and(|rest| rest.starts_with('-')))
}

fn inside_a_dialog<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.select(DIALOGS).iter().any(|d| dom.contains(d, node))
}

/// How far this tab's journey has come, as far as recognition must know: where a dialog's
/// contents count as ours, and whether a new password can be on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// No dialog of the App-Specific Passwords journey is known to be open.
    Outside,
    /// The App-Specific Passwords dialog, or one stacked on it in this journey, is open: its
    /// steps count inside the frontmost dialog.
    InDialog,
    /// This tab's journey has passed Create: a password that appears in our dialog now is the
    /// new one (before, a password-shaped text is an example or a decoy).
    Created,
}

/// The step the page is at: the furthest step whose target is on the page now, two-factor
/// steps first (their targets exist only on an account without it). Only targets a person
/// can reach count (see [`find_one`]). A step of the App-Specific Passwords dialog whose target
/// is inside a dialog counts only from [`Stage::InDialog`], the new password only from
/// [`Stage::Created`]; a page step's target is never inside one (see [`Place`]). A step reached
/// by typing waits while its field is still empty, even if the next step's target is already
/// usable, and is passed once it is filled. `None` on a page where no step applies. `dialog_ok`
/// allows every dialog step (a page whose journey is known: the snapshots).
pub fn detect<D: Dom>(dom: &D, dialog_ok: bool) -> Option<Found<D::Node>> {
    detect_with(dom, if dialog_ok { Stage::Created } else { Stage::Outside }, &[])
}

/// [`detect`] at `stage`, never inside the `foreign` dialogs (see [`dialogs_under_ours`]).
pub fn detect_with<D: Dom>(dom: &D, stage: Stage, foreign: &[D::Node]) -> Option<Found<D::Node>> {
    let site = site_of(&dom.host())?;
    let path = dom.path();
    let reach = Reach::of(dom, foreign);
    let found = TWO_FACTOR.iter().rev().chain(JOURNEY.iter().rev()).find_map(|step| {
        let applies = step.detectable
            && step.site == site
            && !(step.place == Place::NewPassword && stage < Stage::Created)
            && !step.unless_path.is_some_and(|p| path.trim_end_matches('/').ends_with(p));
        if !applies || (!step.unless_shown.is_empty() && find_within(dom, step.unless_shown, false, &reach).is_some()) {
            return None;
        }
        let target = find_within(dom, step.finders, step.needs_enabled, &reach)?;
        let misplaced = match step.place {
            Place::Page => inside_a_dialog(dom, &target),
            Place::AppPasswordsDialog | Place::NewPassword => {
                inside_a_dialog(dom, &target) && !(stage >= Stage::InDialog && reach.in_ours(dom, &target))
            }
            Place::Dialog => false,
        };
        if misplaced {
            return None;
        }
        // A field already typed into is done with: pointing back at it would send the user
        // the wrong way when the next step's target cannot be found.
        if step.advance == Advance::Input && dom.value(&target).is_some_and(|v| !v.trim().is_empty()) {
            return None;
        }
        Some(Found { step, target })
    })?;
    Some(awaiting_input(dom, &found, &reach).unwrap_or(found))
}

/// Whether the frontmost modal dialog was opened on top of the App-Specific Passwords list:
/// the list (named as the tile) is still mounted under it, covered. Apple's 2026 page opens
/// Generate, the password confirmation and the result as small dialogs stacked so, each named
/// by its own title: they are ours whatever their names.
pub fn stacked_on_ours<D: Dom>(dom: &D) -> bool {
    let Some(front) = Reach::of(dom, &[]).front else { return false };
    let Some(Finder::Named { css, names }) = APP_PASSWORDS_DIALOG.first() else { return false };
    dom.select(css).into_iter().any(|list| {
        let named = ["aria-label", "title"].iter().filter_map(|a| dom.attr(&list, a)).any(|v| names.contains(&fold_text(&v).as_str()));
        named && dom.is_rendered(&list) && dom.is_inert(&list) && !dom.contains(&list, &front) && !dom.contains(&front, &list)
    })
}

/// The step before `found` when it is one the user types into and its field is still empty.
fn awaiting_input<D: Dom>(dom: &D, found: &Found<D::Node>, reach: &Reach<'_, D::Node>) -> Option<Found<D::Node>> {
    let all = steps_of(found.step.journey);
    let at = all.iter().position(|s| s == found.step)?;
    let before = all.get(at.checked_sub(1)?)?;
    if before.advance != Advance::Input {
        return None;
    }
    let field = find_within(dom, before.finders, before.needs_enabled, reach)?;
    dom.value(&field).is_some_and(|v| v.trim().is_empty()).then_some(Found { step: before, target: field })
}

/// The step to show as a plain panel when none is found: the one the page's address implies
/// ([`expected_step`]; Apple's 2026 page lands on Sign-In and Security at `/account/manage`,
/// which the page itself says: [`SECURITY_SHOWN`]), except inside an open modal dialog after a
/// dialog step was seen there. The address says nothing about a dialog, so the step last seen
/// stays the best guess (or the one after it, once its field is filled), and the journey is
/// not taken back to the tile, which would let a dialog's re-mount gap show the tile as the step.
pub fn expected_here<D: Dom>(dom: &D, last: Option<&'static Step>) -> Option<&'static Step> {
    let site = site_of(&dom.host())?;
    let path = dom.path();
    let reach = Reach::of(dom, &[]);
    let security_shown =
        || site == Site::Account && path.starts_with("/account/manage") && find_within(dom, SECURITY_SHOWN, false, &reach).is_some();
    let by_address = match expected_step(site, &path) {
        Some(s) if s.id == Id::OpenSecurity && security_shown() => step_of(Id::OpenAppPasswords),
        other => other,
    };
    // Never backward: what a dialog shows of a later step (a label field, the new password)
    // outranks the address once this tab's journey has reached that dialog.
    let by_address = later(by_address, evidence(dom, last, &reach));
    let Some(last) = last.filter(|l| l.place.is_our_dialog() && reach.front.is_some()) else { return by_address };
    let filled = last.advance == Advance::Input
        && find_within(dom, last.finders, false, &reach).and_then(|f| dom.value(&f)).is_some_and(|v| !v.trim().is_empty());
    if !filled {
        return Some(last);
    }
    let all = steps_of(last.journey);
    all.iter().position(|s| s == last).and_then(|i| all.get(i + 1)).or(Some(last))
}

/// The furthest step a dialog on the page gives evidence of, given the step this tab's journey
/// was last at: the new password (after Create), or a field to type the label into (after
/// Generate). Whether the dialog is ours is not asked: the evidence only keeps the plain panel
/// from naming an earlier step, it anchors nothing.
fn evidence<D: Dom>(dom: &D, last: Option<&'static Step>, reach: &Reach<'_, D::Node>) -> Option<&'static Step> {
    let at = last.filter(|l| l.journey == Journey::AppPassword).and_then(|l| index_of(l.id))?;
    let shown =
        |id: Id| step_of(id).filter(|s| find_within(dom, s.finders, false, reach).is_some_and(|t| inside_a_dialog(dom, &t))).is_some();
    if at >= index_of(Id::Create)? && shown(Id::Copy) {
        return step_of(Id::Copy);
    }
    (at >= index_of(Id::Generate)? && shown(Id::Label)).then(|| step_of(Id::Label)).flatten()
}

/// The later of two steps of the same journey (either, when only one is known).
fn later(a: Option<&'static Step>, b: Option<&'static Step>) -> Option<&'static Step> {
    match (a, b) {
        (Some(x), Some(y)) if x.journey == y.journey && index_of(y.id) > index_of(x.id) => Some(y),
        (None, y) => y,
        (x, _) => x,
    }
}

/// The first problem in [`PROBLEMS`] the page shows; all of them are in the App-Specific
/// Passwords dialog, so none counts without `dialog_ok`.
pub fn detect_problem<D: Dom>(dom: &D, dialog_ok: bool) -> Option<Trouble<D::Node>> {
    detect_problem_with(dom, dialog_ok, &[])
}

/// [`detect_problem`], never inside the `foreign` dialogs (see [`dialogs_under_ours`]).
pub fn detect_problem_with<D: Dom>(dom: &D, dialog_ok: bool, foreign: &[D::Node]) -> Option<Trouble<D::Node>> {
    site_of(&dom.host())?;
    if !dialog_ok {
        return None;
    }
    let reach = Reach::of(dom, foreign);
    PROBLEMS.iter().find_map(|problem| {
        let evidence = find_within(dom, problem.evidence, false, &reach)?;
        if inside_a_dialog(dom, &evidence) && !reach.in_ours(dom, &evidence) {
            return None;
        }
        let anchor = find_within(dom, problem.anchor, false, &reach).unwrap_or(evidence);
        Some(Trouble { problem, anchor })
    })
}

/// Every finder of the step and problem tables, and the dialog's.
fn all_finders() -> impl Iterator<Item = &'static Finder> {
    let steps = JOURNEY.iter().chain(TWO_FACTOR).flat_map(|s| s.finders);
    let problems = PROBLEMS.iter().flat_map(|p| p.evidence.iter().chain(p.anchor));
    steps.chain(problems).chain(APP_PASSWORDS_DIALOG).chain(SECURITY_SHOWN)
}

/// One selector list matching every element whose presence or attributes recognition reads:
/// each finder's candidates, the titles inside [`Finder::Having`]'s holders, dialogs, Apple's
/// list, the account's address, and style sheets (they can hide or show a target). Adding or
/// removing none of these, and changing no attribute of one of them or of an ancestor of one,
/// cannot change what [`detect`] or [`detect_problem`] find (text changes: see
/// [`text_holders`]); the content module skips its look at the page for such a change.
pub fn watched_selector() -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in all_finders() {
        parts.push(f.css().to_string());
        if let Finder::Having { css, inner, .. } = *f {
            // A title is read for its visibility too: an attribute change on it matters.
            parts.push(crate::dom::concat(&[":is(", css, ") :is(", inner, ")"]));
        }
    }
    parts.extend([DIALOGS, EXISTING_LABELS, ACCOUNT_SOURCES, LEGACY_LIST, "style", "link"].map(String::from));
    let (mut inside, mut own) = (Vec::new(), Vec::new());
    for sel in parts.iter().flat_map(|list| split_list(list)) {
        match widen(sel) {
            Some(first) => inside.push(first.to_string()),
            None => own.push(sel.to_string()),
        }
    }
    // All the "inside an A" selectors as one `:is(A, B…) *`: one walk up the ancestors per
    // element matched, not one per selector.
    own.push(crate::dom::concat(&[":is(", &join_unique(inside), ") *"]));
    join_unique(own)
}

/// For `A B`, `A > B` (and longer chains), `A`: anything inside an `A` is watched, which is
/// cheaper to match than the many precise selectors it stands for. `None` for a selector
/// without such a chain (a sibling chain, `A ~ B`, is kept as it is).
fn widen(sel: &str) -> Option<&str> {
    let first = first_compound(sel);
    match sel.get(first.len()..).unwrap_or("").trim_start().chars().next() {
        None | Some('~' | '+') => None,
        Some(_) => Some(first),
    }
}

/// Simple selectors, one of which matches an element or an ancestor of every element whose
/// text recognition reads (the first compound of each such selector, any `[role=…]` widened
/// to `[role]`). A change to a node's children matters for text only under one of these.
/// Short on purpose: it is matched against each ancestor of each changed node.
pub fn text_holders() -> String {
    let mut parts: Vec<String> = Vec::new();
    for f in all_finders() {
        let css = match *f {
            Finder::Text { css, .. } | Finder::Mentions { css, .. } | Finder::Having { css, .. } | Finder::Password { css } => css,
            Finder::Css(_) | Finder::Named { .. } => continue,
        };
        parts.extend(css.split(',').map(|c| first_compound(c).to_string()));
    }
    parts.extend([EXISTING_LABELS, ACCOUNT_SOURCES].iter().flat_map(|c| c.split(',')).map(|c| first_compound(c).to_string()));
    let parts = parts.into_iter().map(|c| if crate::dom::contains(&c, "[role=") { "[role]".to_string() } else { c }).collect();
    // One `:is()`: matched once per ancestor instead of once per entry (half the time in Chromium).
    crate::dom::concat(&[":is(", &join_unique(parts), ")"])
}

/// `sel` up to its first combinator (white space, `>`, `~`, `+`) outside brackets and parentheses.
fn first_compound(sel: &str) -> &str {
    let sel = sel.trim();
    let mut depth = 0i32;
    for (i, c) in sel.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            // `get`, not indexing: no panic path.
            ' ' | '>' | '~' | '+' if depth == 0 => return sel.get(..i).unwrap_or(sel),
            _ => {}
        }
    }
    sel
}

/// A selector list's selectors (split at its top-level commas).
fn split_list(list: &str) -> Vec<&str> {
    let (mut out, mut depth, mut from) = (Vec::new(), 0i32, 0);
    for (i, c) in list.char_indices().chain([(list.len(), ',')]) {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(list.get(from..i).unwrap_or("").trim());
                from = i + 1;
            }
            _ => {}
        }
    }
    out
}

/// The selectors as one list, each once (several finders share one).
fn join_unique(parts: Vec<String>) -> String {
    let mut unique: Vec<&str> = Vec::new();
    for p in parts.iter().flat_map(|list| split_list(list)) {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    crate::dom::join(&unique, ", ")
}

fn text_is<D: Dom>(dom: &D, n: &D::Node, texts: &[&str]) -> bool {
    texts.contains(&fold_text(&dom.text(n)).as_str())
}

fn matches<D: Dom>(dom: &D, finder: &Finder) -> Vec<D::Node> {
    match *finder {
        Finder::Css(css) => dom.select(css),
        Finder::Text { css, texts } => dom.select(css).into_iter().filter(|n| text_is(dom, n, texts)).collect(),
        Finder::Named { css, names } => dom
            .select(css)
            .into_iter()
            .filter(|n| ["aria-label", "title"].iter().filter_map(|a| dom.attr(n, a)).any(|v| names.contains(&fold_text(&v).as_str())))
            .collect(),
        Finder::Having { css, inner, texts } => {
            let titles: Vec<D::Node> = dom.select(inner).into_iter().filter(|n| dom.is_rendered(n) && text_is(dom, n, texts)).collect();
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
                    dom.value(n).as_deref().is_some_and(password::is_app_password) || password::find_in_text(&dom.text(n)).is_some()
                })
                .collect();
            innermost(dom, holders)
        }
        Finder::Mentions { css, words } => {
            let holders: Vec<D::Node> = dom
                .select(css)
                .into_iter()
                .filter(|n| {
                    let t = fold_text(&dom.text(n));
                    words.iter().any(|w| crate::dom::contains(&t, w))
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

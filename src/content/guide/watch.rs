//! What the page's changes mean for the guide: where they are watched (the whole document, or
//! only where the current step can change: see [`Scope`]), whether a batch of mutations can
//! change what recognition finds (only the changed nodes and their ancestors are looked at,
//! never the whole document), and whether a modal dialog came or went (timed per batch: a
//! dialog's re-mount gap is measured from when it began).

use super::*;
use gloo_timers::callback::Timeout;

/// Attributes whose change can show, hide, enable or re-label a target.
pub(super) const WATCHED_ATTRIBUTES: &[&str] = &[
    "class",
    "hidden",
    "style",
    "disabled",
    "aria-disabled",
    "aria-current",
    "aria-hidden",
    "inert",
    "aria-label",
    "open",
    "aria-modal",
    "role",
];

/// How long (ms) after the user's last input the whole document is watched again: what a click
/// or a key brings (a menu, a dialog, a new section) can appear anywhere, and late (a slow
/// answer from Apple).
pub(super) const WIDEN_MS: u32 = 5000;

/// Whether a modal dialog is open on the page (the one seen, see [`Guide::note_modal`]), or
/// when (ms) the last one went.
pub(super) enum ModalState {
    Never,
    Open(Element),
    GoneAt(f64),
}

/// What holds a dialog's controls together, for [`Watch::scope_for`] (a form, failing these).
const HOLDERS: &str = "[role=dialog], [role=alertdialog], dialog, [aria-modal=true]";

/// Where the page's changes are watched.
///
/// Why not always the whole document: every batch of the page's own changes, anywhere, would
/// cross into the core and be checked (about 100 to 200 µs a batch on a page busy elsewhere: a
/// chat widget, an animation, a list updating). While a hint is anchored and the user is not
/// acting, the current step can change only through the anchor, its dialog (or form) or an
/// open dialog: `Near` watches their subtrees, and each of their ancestors up to `<html>` without its subtree
/// (its attributes, which can hide the anchor, and its children coming and going: a re-mount
/// removes the anchor's branch, and Apple appends each dialog at the end of `<body>`).
/// Anything else (nothing anchored, an anchor outside the document's light tree, the first
/// [`WIDEN_MS`] after an input: what it brings can appear anywhere) watches the whole document.
#[derive(PartialEq)]
pub(super) enum Scope {
    Whole,
    /// The elements watched, each with whether its subtree is.
    Near(Vec<(Element, bool)>),
}

/// Watches the page's changes: the mutation observer (its callback owned here), where it
/// watches, the selectors a batch is checked against, and what is known of the page's modal
/// dialogs.
pub(super) struct Watch {
    observer: MutationObserver,
    _on_mutation: Closure<dyn FnMut(js_sys::Array)>,
    /// The document's root element.
    root: Element,
    /// The observer's options for an element alone and for its subtree (made once: a scope
    /// can watch thirty elements).
    options: [MutationObserverInit; 2],
    /// Where the observer watches now.
    scope: Scope,
    /// The user acted lately: the whole document is watched until this timer ends.
    widened: Option<Timeout>,
    /// The elements whose changes can matter (see [`watched_selector`]), and those whose
    /// text can ([`text_holders`]).
    watched: Selector,
    text_holders: Selector,
    /// [`MODAL_DIALOGS`], to see one arrive among added nodes.
    modals: Selector,
    /// Whether a modal dialog is open (and which), or when the last one went.
    pub(super) modal: ModalState,
    /// Modal dialogs that were open under the App-Specific Passwords dialog: never ours.
    pub(super) foreign: Vec<Element>,
}

impl Watch {
    /// Watches the whole document: `root`'s subtree, children and the attributes in
    /// [`WATCHED_ATTRIBUTES`].
    pub(super) fn new(root: &Element) -> Result<Self, JsValue> {
        let on_mutation = Closure::<dyn FnMut(js_sys::Array)>::new(on_mutations);
        let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref())?;
        let watch = Watch {
            observer,
            _on_mutation: on_mutation,
            root: root.clone(),
            options: [options(false), options(true)],
            scope: Scope::Whole,
            widened: None,
            // One `:is()`: cheaper to match than the bare list in Chromium.
            watched: Selector::new(&crate::dom::concat(&[":is(", &watched_selector(), ")"])),
            text_holders: Selector::new(&text_holders()),
            modals: Selector::new(MODAL_DIALOGS),
            modal: ModalState::Never,
            foreign: Vec::new(),
        };
        watch.observe(&watch.root, true)?;
        Ok(watch)
    }

    /// Observes `node`'s attributes in [`WATCHED_ATTRIBUTES`] and its children; with `subtree`,
    /// all of its descendants' too.
    fn observe(&self, node: &Element, subtree: bool) -> Result<(), JsValue> {
        self.observer.observe_with_options(node, &self.options[usize::from(subtree)])
    }

    /// The scope the guide needs now (see [`Scope`]), for a hint anchored to `anchor` (if any).
    fn scope_for(&self, anchor: Option<&Element>) -> Scope {
        let (Some(anchor), None) = (anchor, &self.widened) else { return Scope::Whole };
        let modal = match &self.modal {
            ModalState::Open(m) => Some(m.clone()),
            _ => None,
        };
        // Where the next step's target appears: the anchor's dialog (Create beside the label),
        // or its form.
        let container = [HOLDERS, "form"].into_iter().find_map(|c| anchor.closest(c).ok().flatten());
        // An element outside the document's light tree (in a shadow root) has no chain.
        if !self.root.contains(Some(anchor.as_ref())) || modal.as_ref().is_some_and(|m| !self.root.contains(Some(m.as_ref()))) {
            return Scope::Whole;
        }
        // The anchor's subtree, and its ancestors up to <html>.
        let mut near: Vec<(Element, bool)> = Vec::with_capacity(32);
        let mut at = Some(anchor.clone());
        while let Some(e) = at {
            at = e.parent_element();
            near.push((e, near.is_empty()));
        }
        // The anchor's container's subtree (on its chain).
        if let Some(c) = container {
            if let Some(n) = near.iter_mut().find(|(n, _)| *n == c) {
                n.1 = true;
            }
        }
        // The open dialog's subtree, and its ancestors up to the first one that holds the
        // anchor (the rest of its chain is the anchor's).
        let mut at = modal;
        let mut subtree = true;
        while let Some(e) = at {
            if e.contains(Some(anchor.as_ref())) {
                if subtree {
                    // The dialog holds the anchor: its whole subtree.
                    if let Some(n) = near.iter_mut().find(|(n, _)| *n == e) {
                        n.1 = true;
                    }
                }
                break;
            }
            at = e.parent_element();
            near.push((e, subtree));
            subtree = false;
        }
        Scope::Near(near)
    }

    /// Watches where [`Watch::scope_for`] says, if that changed. Returns whether changes were
    /// pending when the old scope was let go of (then the caller looks again: they are not
    /// read).
    pub(super) fn rescope(&mut self, anchor: Option<&Element>) -> bool {
        let scope = self.scope_for(anchor);
        if scope == self.scope {
            return false;
        }
        let pending = self.observer.take_records().length() > 0;
        self.observer.disconnect();
        let observed = match &scope {
            Scope::Whole => self.observe(&self.root, true),
            Scope::Near(near) => near.iter().try_for_each(|(e, subtree)| self.observe(e, *subtree)),
        };
        self.scope = scope;
        if observed.is_err() && self.scope != Scope::Whole {
            // Never watch less than needed.
            self.observer.disconnect();
            let _ = self.observe(&self.root, true);
            self.scope = Scope::Whole;
        }
        pending
    }
}

/// Children and the attributes in [`WATCHED_ATTRIBUTES`]; with `subtree`, of all descendants.
fn options(subtree: bool) -> MutationObserverInit {
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(subtree);
    init.set_attributes(true);
    let filter: js_sys::Array = WATCHED_ATTRIBUTES.iter().map(|a| JsValue::from_str(a)).collect();
    init.set_attribute_filter(&filter);
    init
}

impl Drop for Watch {
    fn drop(&mut self) {
        // Its callback goes with it.
        self.observer.disconnect();
    }
}

impl Guide {
    /// Watches where the current hint needs (see [`Scope`]); looks again on the next frame if
    /// changes were pending under the scope let go of.
    pub(super) fn rescope(&mut self) {
        if self.watch.rescope(self.anchor.as_ref()) {
            self.schedule.look_due = true;
            self.request_frame();
        }
    }

    /// The user acted (a pointer pressed, a key): watch the whole document for [`WIDEN_MS`],
    /// where what the input brings can appear.
    pub(super) fn widen(&mut self) {
        self.watch.widened = Some(after(WIDEN_MS, || {
            with_guide(|g| {
                g.watch.widened = None;
                g.rescope();
            })
        }));
        self.rescope();
    }
}

/// The page changed: look at once if the change can matter and no look ran in this frame yet,
/// on the next frame if one did; otherwise only keep the hint on its target. One pass over the
/// records answers both questions asked of them, stopping once both are answered.
fn on_mutations(records: js_sys::Array) {
    with_guide(|g| {
        let open = matches!(g.watch.modal, ModalState::Open(_));
        let mut modal_added = false;
        let mut matters = g.anchor.as_ref().is_some_and(|a| !a.is_connected());
        for r in records.iter() {
            let ask = Ask { modal: !open && !modal_added, matters: !g.schedule.look_due && !matters };
            if !ask.modal && !ask.matters {
                break;
            }
            let (m, c) = g.watch.inspect(r.unchecked_ref(), ask);
            modal_added |= m;
            matters |= c;
        }
        // A modal dialog's coming and going is timed per batch (a re-mount can come and go
        // between two looks); only the known dialog, or the added nodes, were looked at.
        if open || modal_added {
            g.note_modal();
        }
        if modal_added {
            // Watch where the dialog lives (its look may come later).
            g.rescope();
        }
        if g.schedule.look_due {
            return;
        }
        if matters {
            // A change that matters can start a fade-in: watch for it anew.
            g.schedule.faded_since = None;
            if g.frame_pending() {
                g.schedule.look_due = true;
            } else {
                g.request_frame();
                g.look();
            }
        } else {
            g.ask_box();
        }
    });
}

/// What [`Guide::inspect`] is asked of one mutation record.
#[derive(Clone, Copy)]
pub(super) struct Ask {
    /// Whether it adds a modal dialog.
    modal: bool,
    /// Whether it can change what recognition finds.
    matters: bool,
}

impl Watch {
    /// Answers `ask` of one mutation: whether it adds a modal dialog (or an element holding
    /// one), and whether it can change what recognition finds: it adds or removes a watched
    /// element (or one holding some), changes an attribute of one or of an ancestor of one, or
    /// changes children under an element whose text is read. Only the changed nodes, the
    /// ancestors of a changed node's parent and, for an attribute, the element's own subtree
    /// are looked at.
    fn inspect(&self, change: &Change, ask: Ask) -> (bool, bool) {
        let target = change.target();
        if change.is_attribute() {
            return (false, ask.matters && self.watched.at_or_below(&target));
        }
        let mut matters = ask.matters && self.text_holders.at_or_above(&target);
        let mut modal = false;
        let added = change.added_nodes();
        for n in (0..added.length()).filter_map(|i| added.item(i)) {
            let (want_modal, want_matters) = (ask.modal && !modal, ask.matters && !matters);
            if !want_modal && !want_matters {
                break;
            }
            if let Some(e) = as_element(&n) {
                modal |= want_modal && self.modals.at_or_below(e);
                matters |= want_matters && self.watched.at_or_below(e);
            }
        }
        if ask.matters && !matters {
            let removed = change.removed_nodes();
            matters =
                (0..removed.length()).filter_map(|i| removed.item(i)).any(|n| as_element(&n).is_some_and(|e| self.watched.at_or_below(e)));
        }
        (modal, matters)
    }
}

impl Guide {
    /// Notes whether a modal dialog is in the page, and when the last one went. Called at looks
    /// and on batches of page changes (while one is open, or when one was added): looks can come
    /// a frame or more later on a busy machine, and a dialog's re-mount gap must be timed from
    /// when it began.
    ///
    /// Cheap: while a modal dialog is known to be open, only whether that one element is still
    /// in the page and still modal is checked; the document is queried only when it is not (a
    /// whole-document query per batch would grow with the page's size).
    pub(super) fn note_modal(&mut self) {
        if let ModalState::Open(m) = &self.watch.modal {
            if m.is_connected() && self.watch.modals.matches(m) {
                return;
            }
        }
        // A dialog kept in the page but hidden is not open (it would hold page steps forever).
        match self.dom.select(MODAL_DIALOGS).into_iter().find(|d| self.dom.is_rendered(d)) {
            Some(m) => self.watch.modal = ModalState::Open(m),
            None if matches!(self.watch.modal, ModalState::Open(_)) => self.watch.modal = ModalState::GoneAt(now(&self.window)),
            None => {}
        }
    }
}

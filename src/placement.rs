//! Where the hint's popover goes: beside its target, never over the target nor over the
//! controls the person needs next (the dialog's fields and buttons, the new password). Pure
//! geometry, so it is tested natively; the overlay measures the boxes and applies the result.

/// A box in viewport pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// The left edge's x.
    pub left: f64,
    /// The top edge's y.
    pub top: f64,
    /// The width.
    pub width: f64,
    /// The height.
    pub height: f64,
}

impl Rect {
    /// A box from its edges' positions.
    pub fn new(left: f64, top: f64, width: f64, height: f64) -> Self {
        Rect { left, top, width, height }
    }

    fn right(&self) -> f64 {
        self.left + self.width
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    /// The area this box shares with `other`.
    pub fn overlap(&self, other: &Rect) -> f64 {
        let across = self.right().min(other.right()) - self.left.max(other.left);
        let down = self.bottom().min(other.bottom()) - self.top.max(other.top);
        across.max(0.0) * down.max(0.0)
    }

    /// The smallest box holding both.
    fn union(&self, other: &Rect) -> Rect {
        let (left, top) = (self.left.min(other.left), self.top.min(other.top));
        Rect::new(left, top, self.right().max(other.right()) - left, self.bottom().max(other.bottom()) - top)
    }
}

/// Gap between the target and the popover.
pub const GAP: f64 = 12.0;
/// Gap between the popover and the viewport's edge.
pub const EDGE: f64 = 8.0;

/// Where the popover goes, and whether it covers nothing it must not (`clear`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spot {
    /// The popover's left edge, in viewport pixels.
    pub left: f64,
    /// The popover's top edge, in viewport pixels.
    pub top: f64,
    /// The popover covers neither the target nor any control kept clear.
    pub clear: bool,
}

/// Places a popover of size `pop` (width, height) in a viewport of size `view` beside
/// `target`, covering neither it nor any of `keep` (the controls the person needs next).
///
/// Tried in order: below, above, right of and left of the target; then the same sides of the
/// box holding the target and every kept control (outside a small dialog altogether); then
/// the viewport's corners. The first spot inside the viewport that covers nothing wins. When
/// none does (a small viewport, as at 200% zoom), the spot that covers the least of the target
/// and the kept controls, with `clear: false`: the caller may shrink the popover and ask again.
pub fn place(target: Rect, keep: &[Rect], pop: (f64, f64), view: (f64, f64)) -> Spot {
    let (w, h) = pop;
    let (vw, vh) = view;
    let clamp_x = |x: f64| x.min(vw - EDGE - w).max(EDGE);
    let clamp_y = |y: f64| y.min(vh - EDGE - h).max(EDGE);
    let around = |r: Rect| {
        [
            (clamp_x(r.left), r.bottom() + GAP),
            (clamp_x(r.left), r.top - GAP - h),
            (r.right() + GAP, clamp_y(r.top)),
            (r.left - GAP - w, clamp_y(r.top)),
        ]
    };
    let all = keep.iter().fold(target, |acc, k| acc.union(k));
    let corners = [(EDGE, EDGE), (clamp_x(vw), EDGE), (EDGE, clamp_y(vh)), (clamp_x(vw), clamp_y(vh))];
    let spots: Vec<(f64, f64)> = around(target).into_iter().chain(around(all)).chain(corners).collect();
    let inside = |(x, y): (f64, f64)| x >= EDGE - 0.5 && y >= EDGE - 0.5 && x + w <= vw - EDGE + 0.5 && y + h <= vh - EDGE + 0.5;
    // The target counts more than any one control: it is what the person acts on now.
    let covered = |(x, y): (f64, f64)| {
        let p = Rect::new(x, y, w, h);
        p.overlap(&target) * 4.0 + keep.iter().map(|k| p.overlap(k)).sum::<f64>()
    };
    if let Some(&(left, top)) = spots.iter().find(|s| inside(**s) && covered(**s) <= 0.0) {
        return Spot { left, top, clear: true };
    }
    // No side is free: any free spot on screen, the nearest to the target (over a dialog's
    // title or text, which nobody clicks), else the one covering least.
    let centre = (target.left + target.width / 2.0, target.top + target.height / 2.0);
    nearest_free(spots.into_iter().map(|(x, y)| (clamp_x(x), clamp_y(y))), centre, pop, view, &covered)
}

/// Places the plain panel (no target): in the viewport's bottom right corner when that covers
/// none of `keep` (the controls a person may use, the hint's target unknown), else the free
/// spot nearest to it, else the one covering least.
pub fn place_panel(keep: &[Rect], pop: (f64, f64), view: (f64, f64)) -> Spot {
    let (w, h) = pop;
    let corner = ((view.0 - EDGE - w).max(EDGE), (view.1 - EDGE - h).max(EDGE));
    let covered = |(x, y): (f64, f64)| {
        let p = Rect::new(x, y, w, h);
        keep.iter().map(|k| p.overlap(k)).sum::<f64>()
    };
    nearest_free([corner].into_iter(), (view.0, view.1), pop, view, &covered)
}

/// Of `first` and a grid of spots over the whole viewport, the free one (covering nothing)
/// whose centre is nearest to `towards`; else the one covering least.
fn nearest_free(
    first: impl Iterator<Item = (f64, f64)>,
    towards: (f64, f64),
    pop: (f64, f64),
    view: (f64, f64),
    covered: &dyn Fn((f64, f64)) -> f64,
) -> Spot {
    let (w, h) = pop;
    let (max_x, max_y) = ((view.0 - EDGE - w).max(EDGE), (view.1 - EDGE - h).max(EDGE));
    let steps = |max: f64| (0..).map(move |i| EDGE + f64::from(i) * GRID).take_while(move |v| *v <= max).chain([max]);
    let grid = steps(max_x).flat_map(|x| steps(max_y).map(move |y| (x, y)));
    let far = |(x, y): (f64, f64)| (x + w / 2.0 - towards.0).powi(2) + (y + h / 2.0 - towards.1).powi(2);
    let (mut best, mut best_free) = (None::<((f64, f64), f64)>, None::<((f64, f64), f64)>);
    for s in first.chain(grid) {
        let c = covered(s);
        if c <= 0.0 {
            if best_free.is_none_or(|(_, d)| far(s) < d) {
                best_free = Some((s, far(s)));
            }
        } else if best.is_none_or(|(_, least)| c < least) {
            best = Some((s, c));
        }
    }
    match (best_free, best) {
        (Some(((left, top), _)), _) => Spot { left, top, clear: true },
        (None, Some(((left, top), _))) => Spot { left, top, clear: false },
        (None, None) => Spot { left: EDGE, top: EDGE, clear: false },
    }
}

/// The grid's step, in px, when no spot beside the target is free.
const GRID: f64 = 8.0;

#[cfg(test)]
mod tests {
    use super::*;

    const VIEW: (f64, f64) = (1280.0, 720.0);
    const POP: (f64, f64) = (320.0, 180.0);

    fn covers(s: Spot, r: &Rect) -> bool {
        Rect::new(s.left, s.top, POP.0, POP.1).overlap(r) > 0.0
    }

    #[test]
    fn below_the_target_when_there_is_room() {
        let t = Rect::new(100.0, 100.0, 200.0, 40.0);
        let s = place(t, &[], POP, VIEW);
        assert_eq!((s.left, s.top, s.clear), (100.0, 152.0, true));
    }

    #[test]
    fn never_over_the_buttons_below_a_field_in_a_small_dialog() {
        // The confirmation: a password field with Continue and Cancel stacked under it.
        let field = Rect::new(490.0, 300.0, 300.0, 36.0);
        let keep = [Rect::new(490.0, 350.0, 300.0, 36.0), Rect::new(490.0, 394.0, 300.0, 36.0)];
        let s = place(field, &keep, POP, VIEW);
        assert!(s.clear);
        assert!(!covers(s, &field) && keep.iter().all(|k| !covers(s, k)), "{s:?}");
    }

    #[test]
    fn outside_the_dialog_when_no_side_of_the_target_is_free() {
        // A field in the middle of a tall column of controls: only beside the column is free.
        let field = Rect::new(500.0, 200.0, 280.0, 36.0);
        let keep: Vec<Rect> = (0..8).map(|i| Rect::new(500.0, 40.0 + 80.0 * f64::from(i), 280.0, 36.0)).collect();
        let s = place(field, &keep, POP, VIEW);
        assert!(s.clear, "{s:?}");
        assert!(s.left >= 780.0 || s.left + POP.0 <= 500.0, "beside the column: {s:?}");
    }

    #[test]
    fn a_viewport_too_small_says_so_and_covers_least() {
        // 200% zoom: 640×400 CSS px, a dialog filling most of it.
        let view = (640.0, 400.0);
        let field = Rect::new(40.0, 150.0, 560.0, 40.0);
        let keep = [Rect::new(40.0, 40.0, 560.0, 40.0), Rect::new(40.0, 250.0, 560.0, 40.0), Rect::new(40.0, 320.0, 560.0, 40.0)];
        let s = place(field, &keep, POP, view);
        assert!(!s.clear);
        assert!(
            s.left >= EDGE && s.top >= EDGE && s.left + POP.0 <= view.0 - EDGE + 0.5 && s.top + POP.1 <= view.1 - EDGE + 0.5,
            "inside: {s:?}"
        );
        assert!(!covers(s, &field), "never over the target when a spot spares it: {s:?}");
    }

    #[test]
    fn over_a_dialogs_text_when_its_sides_and_the_screen_edges_are_taken() {
        // 200% zoom: a small dialog filling the width; its controls in the lower half, its
        // title and text above (nobody clicks those): the popover goes over the text.
        let view = (640.0, 400.0);
        let pop = (230.0, 120.0);
        let field = Rect::new(120.0, 230.0, 400.0, 36.0);
        let keep = [Rect::new(120.0, 280.0, 400.0, 36.0), Rect::new(120.0, 324.0, 400.0, 36.0)];
        let s = place(field, &keep, pop, view);
        assert!(s.clear, "{s:?}");
        let p = Rect::new(s.left, s.top, pop.0, pop.1);
        assert!(p.overlap(&field) == 0.0 && keep.iter().all(|k| p.overlap(k) == 0.0), "{s:?}");
    }

    #[test]
    fn the_panel_keeps_to_the_bottom_right_unless_a_control_is_there() {
        let view = (1280.0, 720.0);
        let s = place_panel(&[], POP, view);
        assert_eq!((s.left, s.top, s.clear), (1280.0 - EDGE - POP.0, 720.0 - EDGE - POP.1, true));
        let button = Rect::new(1100.0, 650.0, 120.0, 40.0);
        let s = place_panel(&[button], POP, view);
        assert!(s.clear && !covers(s, &button), "{s:?}");
    }

    #[test]
    fn overlap_of_boxes() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert_eq!(a.overlap(&Rect::new(5.0, 5.0, 10.0, 10.0)), 25.0);
        assert_eq!(a.overlap(&Rect::new(10.0, 0.0, 5.0, 5.0)), 0.0);
    }
}

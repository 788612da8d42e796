//! Where the view drew the things a mouse click can pick: the view records them while drawing
//! (the only state it writes, kept apart from the model in a `RefCell`), `update` reads them for a
//! click. Positions are only known once drawn, so this is how a click finds its row.

use ratatui::layout::Rect;

/// What a click on a region picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A start screen choice.
    Start(usize),
    /// A checklist row of the current setup step.
    SetupRow(usize),
    /// A field of the current setup step or of the form (index into that screen's fields).
    Field(usize),
    /// The interfaces row of the form, interface `usize`.
    Interface(usize),
    /// A diagnosis in the results.
    Diagnosis(usize),
    /// A row of an overlay's list (profiles, demo scenarios).
    ListRow(usize),
}

/// One clickable region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Where it was drawn.
    pub area: Rect,
    /// What it picks.
    pub target: Target,
}

impl Hit {
    /// `n` full-width rows of `area` from row `y`, clipped to `area`.
    pub fn row(area: Rect, y: u16, n: usize, target: Target) -> Hit {
        let y = y.min(area.bottom());
        let h = (n as u16).min(area.bottom() - y);
        Hit {
            area: Rect::new(area.x, y, area.width, h),
            target,
        }
    }

    /// Lines `k..k + n` of a list drawn from line `offset` into `text` (the rows that hold text),
    /// or nothing when they are scrolled out of view.
    pub fn list_line(text: Rect, offset: usize, k: usize, n: usize, target: Target) -> Option<Hit> {
        let first = k.max(offset);
        let last = (k + n).min(offset + usize::from(text.height));
        (first < last).then(|| Hit {
            area: Rect::new(
                text.x,
                text.y + (first - offset) as u16,
                text.width,
                (last - first) as u16,
            ),
            target,
        })
    }
}

/// The target under column `x`, row `y` (the last drawn wins: overlays are drawn last).
pub fn at(hits: &[Hit], x: u16, y: u16) -> Option<Target> {
    hits.iter()
        .rev()
        .find(|h| h.area.contains(ratatui::layout::Position::new(x, y)))
        .map(|h| h.target)
}

//! Lines off the baseline grid that end a page, a quotation's or a poem's on their own
//! leading, spread a little so that the last of them stands where the page ends: the
//! compositor's vertical justification («feathering»), kept to lines that are off the
//! grid anyway, so that the facing page's last line and this one stand level.

use super::{Builder, Placement, Sim, Source};
use crate::typeset::flow::VItem;

/// The most a gap between two such lines may widen, as a share of the body's leading:
/// 1.35 points on 13.5, a ninth of a quotation's 12.5-point leading. Two points (0.15)
/// level a few more of the Quijote's spreads (benches/README.md) but open a poem's
/// leading by a sixth, against the same poem's lines overleaf.
const FEATHER: f32 = 0.1;

/// How far `lines` lines off the grid that end a page may be spread (see [`FEATHER`]):
/// a line at most, however many they are, so that a page of verse or code that breaks
/// well above its foot runs short rather than pass for full.
pub(super) fn give(lines: usize, leading: f32) -> f32 {
    (lines.saturating_sub(1) as f32 * FEATHER).min(1.0) * leading
}

impl Builder<'_> {
    /// Spreads the lines off the grid that end the page `sim` describes, the first of
    /// them where it is, so that the last reaches the page's foot (its planned depth),
    /// when that takes no gap more than [`FEATHER`] of a line. A page with footnotes is
    /// left as it is: the notes end it on the grid's last line.
    pub(super) fn feather(&self, sim: &mut Sim) {
        if !sim.notes.is_empty() {
            return;
        }
        let off_grid = |p: &Placement| {
            matches!(p, Placement::Item(Source::Vlist(i), _)
                if matches!(self.flow.vlist[*i], VItem::Line { grid: false, .. }))
        };
        let mut start = sim.placed.len();
        while let Some(p) = start.checked_sub(1).map(|k| &sim.placed[k]) {
            if !off_grid(p) && !matches!(p, Placement::Mark(..)) {
                break;
            }
            start -= 1;
        }
        let lines: Vec<usize> = (start..sim.placed.len())
            .filter(|&k| off_grid(&sim.placed[k]))
            .collect();
        let (Some(&first), Some(&last)) = (lines.first(), lines.last()) else {
            return;
        };
        let Placement::Item(_, last_y) = sim.placed[last] else {
            return;
        };
        let bottom = self.geo.last_baseline() + sim.extra;
        let room = bottom - last_y;
        if room <= 0.01 || room > give(lines.len(), self.geo.leading) + 0.01 {
            return;
        }
        let step = room / (lines.len() - 1) as f32;
        // A heading's mark moves with the line after it.
        let mut seen = 0.0;
        for k in first..sim.placed.len() {
            let is_line = off_grid(&sim.placed[k]);
            match &mut sim.placed[k] {
                Placement::Item(_, y) | Placement::Mark(_, y) => *y += step * seen,
            }
            if is_line {
                seen += 1.0;
            }
        }
    }
}

//! Filling pages from one chapter's vertical list, as a compositor would: lines on the
//! baseline grid; a page breaks only where no widow or orphan is left, no heading is
//! parted from its text and no scene break ends or starts the page; a page may run one
//! line long rather than two short; footnotes go to the foot of the page holding their
//! reference (a long one continues overleaf); a figure that does not fit floats to the
//! next page while the text fills this one; a table broken across pages repeats its
//! header row.
//!
//! Each page is tried in full first, then set again up to the chosen break, so what is
//! committed is exactly what was measured, save lines off the grid at its foot spread
//! down to it (`feather`).

mod breaks;
mod compose;
mod feather;
mod looseness;
mod spread;
#[cfg(test)]
mod tests;

use std::collections::HashSet;

use super::geometry::Geometry;
use crate::ir::Place;
use crate::typeset::flow::{BlockKind, ChapterFlow, Mark, Rebreak, VItem, NOTE_LEADING};
use crate::typeset::page::{FlowLine, Item, Placed, Role, Target};
use breaks::{breakable, Break};

/// A page's content before margins, running head and folio: coordinates from the text
/// block's top-left corner.
#[derive(Debug, Default, Clone)]
pub struct Filled {
    pub items: Vec<Placed>,
    pub lines: Vec<FlowLine>,
    /// Headings that start on this page, with the height of their top.
    pub marks: Vec<(Mark, f32)>,
    /// Where the page begins in the book's reading order (notes aside).
    pub start: Option<Place>,
}

/// Distance from a footnote rule to the first note's baseline.
const RULE_TO_NOTE: f32 = 0.95 * NOTE_LEADING;

/// Fills the pages of one chapter, one at a time. The lines and blocks committed to a
/// page are moved there out of the chapter's flow, not copied (a repeated table header
/// excepted), so the flow is left emptied.
pub struct Builder<'v> {
    geo: Geometry,
    flow: &'v mut ChapterFlow,
    chapter: usize,
    /// Whether the page may end after each item of the vertical list: on a recto, and
    /// on a verso (a hyphen may end a verso, whose recto is in view).
    breakable: Vec<Break>,
    /// The page being filled is a verso.
    verso: bool,
    pos: usize,
    /// Notes already placed (at their first reference).
    noted: HashSet<u32>,
    /// Lines of a note that continues from the previous page.
    carry: Vec<NoteLine>,
    /// Figures waiting for the top of the next page.
    floats: Vec<usize>,
    /// The paragraphs that may be set a line shorter or longer, in the list's order.
    slots: Vec<looseness::Slot>,
    /// Sets a paragraph's last lines again, after a page break inside it.
    rebreak: Option<&'v mut dyn Rebreak>,
}

/// Where a page ends: before this index of the vertical list, `extra` below the last
/// line of the grid (a leading when the page runs long, less a leading when short).
#[derive(Clone, Copy)]
struct Plan {
    stop: usize,
    extra: f32,
}

/// A line of a note: `(n - 1, index)` in the flow's `notes`.
type NoteLine = (usize, usize);

/// Where an item placed on the page comes from.
#[derive(Clone, Copy)]
enum Source {
    /// The vertical list, placed there once.
    Vlist(usize),
    /// A table's header row, repeated at the top of a page (so copied).
    Header(usize),
}

#[derive(Clone, Copy)]
enum Placement {
    Item(Source, f32),
    /// The `VItem::Mark` at this index of the vertical list.
    Mark(usize, f32),
}

#[derive(Clone, Copy)]
struct Candidate {
    /// The page may end before this index of the vertical list.
    boundary: usize,
    /// Empty space left on the page if it ends here (above the footnotes, if any).
    room: f32,
    /// The page carries footnotes, at its foot.
    notes: bool,
    /// The page ends with a block (a table's row, a figure, a code listing set whole).
    block: bool,
    /// How far above its foot the page may end and still be full: as far as the lines
    /// off the grid that end it may be spread (see `feather`).
    give: f32,
}

impl Candidate {
    /// Whether the page ending here is full: its last line on the grid's last (within a
    /// point, or `give`). Footnotes end a page on the grid's last line whatever the text
    /// above them leaves: such a page is full when no further line fits above them. A
    /// block's height is no whole number of lines: within half a line either way (it
    /// may hang a little below the foot).
    fn full(&self, leading: f32) -> bool {
        if self.notes {
            self.room < leading - 0.01
        } else if self.block {
            self.room.abs() < 0.5 * leading
        } else {
            self.room.abs() < 1.0 || (self.room > 0.0 && self.room <= self.give + 0.01)
        }
    }
}

#[derive(Default)]
struct Sim {
    placed: Vec<Placement>,
    notes: Vec<NoteLine>,
    carry_out: Vec<NoteLine>,
    floats_out: Vec<usize>,
    /// Notes placed on this page (added to the builder's `noted` when committed).
    noted: Vec<u32>,
    candidates: Vec<Candidate>,
    overflow: Option<usize>,
    /// How far below the grid's last line the page ends: a leading when it runs long,
    /// less a leading when short.
    extra: f32,
    progressed: bool,
}

impl<'v> Builder<'v> {
    pub fn new(
        geo: Geometry,
        flow: &'v mut ChapterFlow,
        chapter: usize,
        rebreak: Option<&'v mut dyn Rebreak>,
    ) -> Self {
        let slots = looseness::slots(std::mem::take(&mut flow.variants));
        Builder {
            geo,
            breakable: breakable(&flow.vlist),
            slots,
            verso: false,
            flow,
            chapter,
            pos: 0,
            noted: HashSet::new(),
            carry: Vec::new(),
            floats: Vec::new(),
            rebreak,
        }
    }

    /// Whether everything of the chapter is on a page.
    pub fn done(&self) -> bool {
        self.pos >= self.flow.vlist.len() && self.carry.is_empty() && self.floats.is_empty()
    }

    /// Where the next page ends and whether it runs one line long.
    fn plan(&self, sink: Option<f32>) -> Plan {
        let len = self.flow.vlist.len();
        let leading = self.geo.leading;
        let trial = self.simulate(len, 0.0, sink);
        let (stop, extra) = match (trial.overflow, trial.candidates.last()) {
            (None, _) => (len, 0.0),
            (Some(_), Some(c)) if c.room >= 1.5 * leading => {
                // Two or more lines short: a compositor runs the page one line long
                // instead, when that reaches a good break.
                let long = self.simulate(len, leading, sink);
                match long.candidates.last() {
                    Some(l) if l.boundary > c.boundary => (l.boundary, leading),
                    _ => (c.boundary, 0.0),
                }
            }
            (Some(_), Some(c)) => (c.boundary, 0.0),
            // No good break on the page at all: break where it overflowed.
            (Some(o), None) => {
                let stop = if o > self.pos || trial.progressed {
                    o
                } else {
                    o + 1
                };
                (stop, 0.0)
            }
        };
        Plan { stop, extra }
    }

    /// Sets the page `plan` describes and moves its items out of the flow.
    fn commit(&mut self, plan: Plan, sink: Option<f32>) -> Filled {
        let mut sim = self.simulate(plan.stop, plan.extra, sink);
        // A chapter's last page faces no page of its own to stand level with.
        let last = plan.stop >= self.flow.vlist.len()
            && sim.carry_out.is_empty()
            && sim.floats_out.is_empty();
        if !last {
            self.feather(&mut sim);
        }
        self.pos = plan.stop.max(self.pos);
        self.noted.extend(&sim.noted);
        self.carry = std::mem::take(&mut sim.carry_out);
        let floated = std::mem::replace(&mut self.floats, std::mem::take(&mut sim.floats_out));
        self.compose(&sim, &floated)
    }

    /// Lays items from `self.pos` up to `stop` on one page, as far as they fit.
    fn simulate(&self, stop: usize, extra: f32, sink: Option<f32>) -> Sim {
        let g = &self.geo;
        let lead = g.leading;
        let bottom = g.last_baseline() + extra;
        // The lowest body baseline when `k` note lines sit at the foot.
        let limit = |k: usize| {
            if k == 0 {
                bottom
            } else {
                bottom - (k - 1) as f32 * NOTE_LEADING - RULE_TO_NOTE - 0.9 * lead
            }
        };
        let vlist = &self.flow.vlist;
        let mut sim = Sim {
            extra,
            ..Sim::default()
        };
        // A note continued from the previous page comes first, leaving room for text.
        let most = ((bottom - 3.0 * lead) / NOTE_LEADING).max(2.0) as usize;
        let take = self.carry.len().min(most);
        sim.notes.extend(&self.carry[..take]);
        sim.carry_out.extend(&self.carry[take..]);
        sim.progressed = take > 0;

        let mut y = sink.unwrap_or(0.0);
        let mut fresh = sink.is_none();
        let mut after_block = false;
        // Lines off the grid in a row up to here.
        let mut trailing = 0usize;
        for &f in &self.floats {
            let VItem::Block { height, .. } = &vlist[f] else {
                continue;
            };
            let top = if fresh { 0.0 } else { y + 0.5 * lead };
            if fresh || top + height <= limit(sim.notes.len()) + 0.3 * lead {
                sim.placed.push(Placement::Item(Source::Vlist(f), top));
                y = top + height;
                fresh = false;
                after_block = true;
                sim.progressed = true;
            } else {
                sim.floats_out.push(f);
            }
        }

        let mut pending = 0.0;
        let mut marks: Vec<usize> = Vec::new();
        let mut full = false;
        let mut i = self.pos;
        while i < stop {
            let v = &vlist[i];
            let mut accepted = false;
            match v {
                VItem::ChapterStart { .. } => {}
                VItem::Space(h) => {
                    if !fresh {
                        pending += h;
                    }
                }
                VItem::Mark(_) => marks.push(i),
                VItem::Line {
                    items,
                    advance,
                    ascent,
                    grid,
                    ..
                } => {
                    if full {
                        sim.overflow = Some(i);
                        break;
                    }
                    let mut base = if fresh {
                        *ascent
                    } else if after_block {
                        y + pending + ascent + 0.3 * lead
                    } else {
                        y + pending + advance
                    };
                    if *grid {
                        base = g.snap(base);
                    }
                    let (new, new_lines) = self.new_notes(items, &sim);
                    let k = sim.notes.len();
                    if base <= limit(k + new_lines.len()) + 0.01 || fresh {
                        sim.notes.extend(new_lines);
                    } else if !new_lines.is_empty() && base <= limit(k + 2) + 0.01 {
                        // The note starts here and continues on the next page.
                        let mut m = 2;
                        while m < new_lines.len() && base <= limit(k + m + 1) + 0.01 {
                            m += 1;
                        }
                        sim.notes.extend(&new_lines[..m]);
                        sim.carry_out.extend(&new_lines[m..]);
                        full = true;
                    } else {
                        sim.overflow = Some(i);
                        break;
                    }
                    sim.noted.extend(new);
                    for m in marks.drain(..) {
                        sim.placed.push(Placement::Mark(m, base - ascent));
                    }
                    sim.placed.push(Placement::Item(Source::Vlist(i), base));
                    y = base;
                    after_block = false;
                    accepted = true;
                    trailing = if *grid { 0 } else { trailing + 1 };
                }
                VItem::Block {
                    height,
                    kind,
                    items,
                    ..
                } => {
                    if full {
                        sim.overflow = Some(i);
                        break;
                    }
                    // Notes a table's cell or a caption refers to go whole on its page.
                    let (new, new_lines) = self.new_notes(items, &sim);
                    let notes = sim.notes.len() + new_lines.len();
                    let mut top = if fresh {
                        0.0
                    } else {
                        y + pending + if after_block { 0.0 } else { 0.3 * lead }
                    };
                    let mut header = None;
                    if let BlockKind::TableRow {
                        table,
                        header: false,
                        ..
                    } = kind
                    {
                        if fresh {
                            header = self.header_of(*table, i);
                        }
                    }
                    let header_height = match header {
                        Some((_, VItem::Block { height, .. })) => *height,
                        _ => 0.0,
                    };
                    let fits = top + header_height + height <= limit(notes) + 0.3 * lead;
                    if fits || fresh {
                        sim.notes.extend(new_lines);
                        sim.noted.extend(new);
                        for m in marks.drain(..) {
                            sim.placed.push(Placement::Mark(m, top));
                        }
                        if let Some((h, _)) = header {
                            sim.placed.push(Placement::Item(Source::Header(h), top));
                            top += header_height;
                        }
                        sim.placed.push(Placement::Item(Source::Vlist(i), top));
                        y = top + height;
                        after_block = true;
                        accepted = true;
                        trailing = 0;
                    } else if *kind == BlockKind::Figure {
                        // An announced figure never floats: it overflows, and the page
                        // breaks before the line announcing it (kept with it).
                        sim.floats_out.push(i);
                    } else {
                        sim.overflow = Some(i);
                        break;
                    }
                }
            }
            if accepted {
                fresh = false;
                pending = 0.0;
                sim.progressed = true;
                let allowed = match self.breakable[i] {
                    Break::Never => false,
                    Break::Always => true,
                    // Not over footnotes: they would stand between the halves of the word.
                    Break::VersoOnly => self.verso && sim.notes.is_empty(),
                };
                if allowed {
                    sim.candidates.push(Candidate {
                        boundary: i + 1,
                        room: limit(sim.notes.len()) - y,
                        notes: !sim.notes.is_empty(),
                        block: after_block,
                        give: feather::give(trailing, lead),
                    });
                }
            }
            i += 1;
        }
        if sim.overflow.is_none() && stop == vlist.len() {
            sim.candidates.push(Candidate {
                boundary: stop,
                room: 0.0,
                notes: !sim.notes.is_empty(),
                block: false,
                give: 0.0,
            });
        }
        sim
    }

    /// The header row of table `table` (its index and itself), searching back from row
    /// `from`.
    fn header_of(&self, table: u32, from: usize) -> Option<(usize, &VItem)> {
        self.flow.vlist[..from].iter().enumerate().rev().find(|(_, v)| {
            matches!(v, VItem::Block { kind: BlockKind::TableRow { table: t, header: true, .. }, .. } if *t == table)
        })
    }

    /// The notes `items` refer to that no page holds yet, and their lines.
    fn new_notes(&self, items: &[Placed], sim: &Sim) -> (Vec<u32>, Vec<NoteLine>) {
        // Most chapters have no notes, and every line is looked at many times over.
        if self.flow.notes.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let mut new: Vec<u32> = self
            .notes_of(items)
            .into_iter()
            .filter(|n| !self.noted.contains(n) && !sim.noted.contains(n))
            .collect();
        new.dedup();
        let lines = new
            .iter()
            .filter_map(|n| {
                let k = (*n as usize).checked_sub(1)?;
                Some((k, self.flow.notes.get(k)?))
            })
            .flat_map(|(k, lines)| {
                lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| matches!(l, VItem::Line { .. }))
                    .map(move |(j, _)| (k, j))
            })
            .collect();
        (new, lines)
    }

    /// The numbers of this chapter's notes that a line refers to.
    fn notes_of(&self, items: &[Placed]) -> Vec<u32> {
        items
            .iter()
            .filter_map(|p| match &p.item {
                Item::Link {
                    target: Target::Anchor(a),
                    ..
                } if a.chapter == self.chapter && p.role != Role::Note => {
                    a.id.as_deref()
                        .and_then(|id| id.strip_prefix("nota."))
                        .and_then(|n| n.parse().ok())
                }
                _ => None,
            })
            .collect()
    }
}

//! The paragraphs the builder may set a line shorter or longer: each setting kept beside
//! the list, swapped into it when a spread is tried with it, and out again.

use super::breaks::{break_after, Break};
use super::Builder;
use crate::typeset::flow::{VItem, Variants};

/// A paragraph of the chapter that has other settings.
#[derive(Debug)]
pub(super) struct Slot {
    /// Where its first line is in the list as it stands now, and how many lines it has.
    first: usize,
    len: usize,
    /// The setting in the list: −1 shorter, 0 the flow's, +1 longer.
    chosen: i8,
    /// The settings not in the list, by `chosen + 1`.
    kept: [Option<Vec<VItem>>; 3],
    /// What each setting costs over the flow's, in demerits.
    cost: [f64; 3],
    /// Where its first line is, and how many lines it has, as the flow set it.
    flow_first: usize,
    flow_len: usize,
}

/// A change to one paragraph's setting: the slot and the lines added (−1 or +1).
pub(super) type Change = (usize, i8);

impl Slot {
    fn new(v: Variants) -> Self {
        let shorter_cost = v.shorter.as_ref().map_or(0.0, |s| s.1);
        let longer_cost = v.longer.as_ref().map_or(0.0, |s| s.1);
        Slot {
            first: v.first,
            len: v.lines,
            chosen: 0,
            kept: [v.shorter.map(|s| s.0), None, v.longer.map(|s| s.0)],
            cost: [shorter_cost, 0.0, longer_cost],
            flow_first: v.first,
            flow_len: v.lines,
        }
    }
}

/// The slots of a chapter's paragraphs.
pub(super) fn slots(variants: Vec<Variants>) -> Vec<Slot> {
    variants.into_iter().map(Slot::new).collect()
}

impl Builder<'_> {
    /// The changes that could help the pages from `self.pos` up to the list's index
    /// `end`: each paragraph starting there set a line shorter or longer, and the one
    /// running on from the page before when its other setting keeps the lines already
    /// set there; with their costs.
    pub(super) fn changes_before(&self, end: usize) -> Vec<(Change, f64)> {
        let from = self.slots.partition_point(|s| s.first + s.len <= self.pos);
        let to = self.slots.partition_point(|s| s.first < end);
        let mut changes = Vec::new();
        for v in from..to {
            let slot = &self.slots[v];
            if slot.chosen != 0 {
                continue;
            }
            for d in [-1i8, 1] {
                let Some(lines) = &slot.kept[(d + 1) as usize] else {
                    continue;
                };
                if slot.first < self.pos && !self.keeps_head(slot, lines) {
                    continue;
                }
                changes.push(((v, d), slot.cost[(d + 1) as usize]));
            }
        }
        changes
    }

    /// Whether `lines`, another setting of `slot`'s paragraph, begins with the lines of
    /// the paragraph already set before `self.pos`, and leaves a good break there.
    fn keeps_head(&self, slot: &Slot, lines: &[VItem]) -> bool {
        let head = self.pos - slot.first;
        if lines.len() < head + 2 {
            return false;
        }
        let same = self.flow.vlist[slot.first..self.pos]
            .iter()
            .zip(lines)
            .all(|(a, b)| match (a, b) {
                (VItem::Line { items: x, .. }, VItem::Line { items: y, .. }) => x == y,
                _ => false,
            });
        // Two lines at least on each side of the page break (no widow, no orphan).
        same && head >= 2
    }

    /// Puts paragraph `v`'s setting `delta` in the list.
    fn choose(&mut self, v: usize, delta: i8) {
        let slot = &mut self.slots[v];
        if slot.chosen == delta {
            return;
        }
        let Some(lines) = slot.kept[(delta + 1) as usize].take() else {
            return;
        };
        let added = lines.len();
        let range = slot.first..slot.first + slot.len;
        let old: Vec<VItem> = self.flow.vlist.splice(range, lines).collect();
        slot.kept[(slot.chosen + 1) as usize] = Some(old);
        let removed = std::mem::replace(&mut slot.len, added);
        slot.chosen = delta;
        let first = slot.first;
        for later in &mut self.slots[v + 1..] {
            later.first = later.first + added - removed;
        }
        // Only the paragraph's lines and the items before it up to the last real one
        // judge their break differently.
        let vlist = &self.flow.vlist;
        let mut from = first;
        while from > 0 {
            from -= 1;
            if !matches!(vlist[from], VItem::Space(_) | VItem::Mark(_)) {
                break;
            }
        }
        self.breakable.splice(
            first..first + removed,
            std::iter::repeat_n(Break::Never, added),
        );
        for i in from..first + added {
            self.breakable[i] = break_after(vlist, i);
        }
        debug_assert_eq!(self.breakable, super::breaks::breakable(vlist));
    }

    /// The paragraphs set otherwise than the flow set them, as changes.
    pub(super) fn changed(&self) -> Vec<Change> {
        (0..self.slots.len())
            .filter(|&v| self.slots[v].chosen != 0)
            .map(|v| (v, self.slots[v].chosen))
            .collect()
    }

    /// Of `changes` (in the order of their paragraphs), those to paragraphs that go on
    /// past the list's index `pos` once the changes are made: two ways to reach `pos`
    /// lead to the same pages after it only if these agree.
    pub(super) fn live(&self, changes: &[Change], pos: usize) -> Vec<Change> {
        let mut sorted = changes.to_vec();
        sorted.sort_unstable();
        let mut shift: isize = 0;
        let mut live = Vec::new();
        for (v, d) in sorted {
            let slot = &self.slots[v];
            let end = (slot.flow_first + slot.flow_len) as isize + shift + isize::from(d);
            if end > pos as isize {
                live.push((v, d));
            }
            shift += isize::from(d);
        }
        live
    }

    /// Sets the list's paragraphs as `changes` say and every other as the flow set it.
    pub(super) fn configure(&mut self, changes: &[Change]) {
        let now: Vec<usize> = (0..self.slots.len())
            .filter(|&v| self.slots[v].chosen != 0)
            .collect();
        for v in now {
            if !changes.iter().any(|c| c.0 == v) {
                self.choose(v, 0);
            }
        }
        for &(v, d) in changes {
            self.choose(v, d);
        }
    }
}

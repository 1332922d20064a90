//! The paragraphs the builder may set a line shorter or longer: each setting kept beside
//! the list, swapped into it when a spread is tried with it, and out again. A paragraph
//! begun on a page already made is set again only after the lines that page holds.

use super::breaks::{break_after, Break};
use super::Builder;
use crate::typeset::flow::{Tails, VItem, Variants};

/// Which setting of a paragraph: the lines it adds (−1, 0 or +1), and how many of its
/// first lines stay as the flow set them (0 for a setting of the whole paragraph).
type Key = (i8, u16);

/// The flow's own setting.
const FLOW: Key = (0, 0);

/// The longest tail, in pages, set again after a page break inside its paragraph.
const TAIL_PAGES: usize = 4;

/// A setting of a paragraph not in the list, and what it costs over the flow's.
#[derive(Debug)]
struct Kept {
    key: Key,
    lines: Vec<VItem>,
    cost: f64,
}

/// A paragraph of the chapter that has other settings.
#[derive(Debug)]
pub(super) struct Slot {
    /// Where its first line is in the list as it stands now, and how many lines it has.
    first: usize,
    len: usize,
    /// The setting in the list, and what it costs.
    chosen: Key,
    chosen_cost: f64,
    /// The settings not in the list.
    kept: Vec<Kept>,
    /// The flow's number for the paragraph, when its last lines can be set again; and
    /// the heads already asked for.
    unbroken: Option<usize>,
    asked: Vec<u16>,
    /// Where its first line is, and how many lines it has, as the flow set it.
    flow_first: usize,
    flow_len: usize,
}

/// A change to one paragraph's setting: the slot, the lines added (−1 or +1), and how
/// many of its first lines it keeps as the flow set them (0: none, the whole is set again).
pub(super) type Change = (usize, i8, u16);

impl Slot {
    fn new(v: Variants) -> Self {
        let kept = [(-1, v.shorter), (1, v.longer)]
            .into_iter()
            .filter_map(|(d, s)| {
                s.map(|(lines, cost)| Kept {
                    key: (d, 0),
                    lines,
                    cost,
                })
            })
            .collect();
        Slot {
            first: v.first,
            len: v.lines,
            chosen: FLOW,
            chosen_cost: 0.0,
            kept,
            unbroken: v.unbroken,
            asked: Vec::new(),
            flow_first: v.first,
            flow_len: v.lines,
        }
    }

    fn cost_of(&self, key: Key) -> Option<f64> {
        self.kept.iter().find(|k| k.key == key).map(|k| k.cost)
    }
}

/// The slots of a chapter's paragraphs.
pub(super) fn slots(variants: Vec<Variants>) -> Vec<Slot> {
    variants.into_iter().map(Slot::new).collect()
}

impl Builder<'_> {
    /// The changes that could help the pages from `self.pos` up to the list's index
    /// `end`: each paragraph starting there set a line shorter or longer, and the one
    /// running on from the page before set again after the lines already set there; with
    /// their costs.
    pub(super) fn changes_before(&mut self, end: usize) -> Vec<(Change, f64)> {
        let from = self.slots.partition_point(|s| s.first + s.len <= self.pos);
        let to = self.slots.partition_point(|s| s.first < end);
        let mut changes = Vec::new();
        for v in from..to {
            if self.slots[v].chosen != FLOW {
                continue;
            }
            let slot = &self.slots[v];
            let head = if slot.first < self.pos {
                let head = self.pos - slot.first;
                // A tail is set again from the head to the paragraph's end, at every page
                // break inside it: only a tail of a few pages, or a paragraph of
                // thousands of lines would be set again thousands of times.
                if slot.len - head <= TAIL_PAGES * self.geo.lines {
                    self.ask_tails(v, head);
                }
                u16::try_from(head).unwrap_or(u16::MAX)
            } else {
                0
            };
            let slot = &self.slots[v];
            for d in [-1i8, 1] {
                // A setting of the whole paragraph serves when it keeps the lines already
                // set on the page before.
                let whole = slot.cost_of((d, 0)).filter(|_| {
                    head == 0
                        || slot
                            .kept
                            .iter()
                            .find(|k| k.key == (d, 0))
                            .is_some_and(|k| self.keeps_head(slot, &k.lines))
                });
                if let Some(cost) = whole {
                    changes.push(((v, d, 0), cost));
                } else if let Some(cost) = slot.cost_of((d, head)).filter(|_| head > 0) {
                    changes.push(((v, d, head), cost));
                }
            }
        }
        changes
    }

    /// Asks the flow for paragraph `v`'s last lines set again after its first `head`,
    /// once for each head.
    fn ask_tails(&mut self, v: usize, head: usize) {
        let Ok(h) = u16::try_from(head) else {
            return;
        };
        let slot = &self.slots[v];
        let Some(paragraph) = slot.unbroken else {
            return;
        };
        if slot.asked.contains(&h) || slot.chosen != FLOW {
            return;
        }
        let Some(rebreak) = self.rebreak.as_deref_mut() else {
            return;
        };
        let tails: Tails = rebreak.tails(paragraph, head);
        let slot = &mut self.slots[v];
        slot.asked.push(h);
        for (d, tail) in [-1i8, 1].into_iter().zip(tails) {
            let Some((tail, cost)) = tail else {
                continue;
            };
            let count = u16::try_from(head + tail.len()).unwrap_or(u16::MAX);
            let mut lines: Vec<VItem> = self.flow.vlist[slot.first..slot.first + head].to_vec();
            for line in &mut lines {
                if let VItem::Line { count: c, .. } = line {
                    *c = count;
                }
            }
            lines.extend(tail);
            slot.kept.push(Kept {
                key: (d, h),
                lines,
                cost,
            });
        }
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

    /// Puts paragraph `v`'s setting `key` in the list.
    fn choose(&mut self, v: usize, key: Key) {
        let slot = &mut self.slots[v];
        if slot.chosen == key {
            return;
        }
        let Some(at) = slot.kept.iter().position(|k| k.key == key) else {
            return;
        };
        let Kept { lines, cost, .. } = slot.kept.swap_remove(at);
        let added = lines.len();
        let range = slot.first..slot.first + slot.len;
        let old: Vec<VItem> = self.flow.vlist.splice(range, lines).collect();
        slot.kept.push(Kept {
            key: slot.chosen,
            lines: old,
            cost: slot.chosen_cost,
        });
        let removed = std::mem::replace(&mut slot.len, added);
        slot.chosen = key;
        slot.chosen_cost = cost;
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
            .filter(|&v| self.slots[v].chosen != FLOW)
            .map(|v| (v, self.slots[v].chosen.0, self.slots[v].chosen.1))
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
        for (v, d, h) in sorted {
            let slot = &self.slots[v];
            let end = (slot.flow_first + slot.flow_len) as isize + shift + isize::from(d);
            if end > pos as isize {
                live.push((v, d, h));
            }
            shift += isize::from(d);
        }
        live
    }

    /// Sets the list's paragraphs as `changes` say and every other as the flow set it.
    pub(super) fn configure(&mut self, changes: &[Change]) {
        let now: Vec<usize> = (0..self.slots.len())
            .filter(|&v| self.slots[v].chosen != FLOW)
            .collect();
        for v in now {
            if !changes.iter().any(|c| c.0 == v) {
                self.choose(v, FLOW);
            }
        }
        for &(v, d, h) in changes {
            self.choose(v, (d, h));
        }
    }
}

//! A paragraph's other settings, one line shorter and one line longer (TeX's
//! `\looseness` of −1 and +1), found by a pass that keeps the best way to each break per
//! number of lines; and the same for a paragraph's last lines, once its first are set.

use super::pass::{self, Pass, Sums};
use super::{hyphen_run, line_start, Alternative, Break, Hang, Item, Params, TOLERANCES};

/// Paragraphs of more items than this (a hundred lines or so) are set otherwise only in
/// their last lines: a search by line count grows with the square of the lines it spans,
/// and a compositor who needs a line from a speech of several pages takes it near its
/// end too.
pub const WHOLE_ITEMS: usize = 4_000;

/// The paragraph's best settings a line shorter and a line longer than `best`, which
/// `outcome` ended at `end`: of the whole paragraph, or of its last lines when it is
/// long (see [`WHOLE_ITEMS`]).
pub(super) fn settings(
    items: &[Item],
    sums: &Sums,
    params: &Params,
    (outcome, end): (&pass::Outcome, usize),
    best: &[Break],
    min_last: f32,
) -> (Option<Alternative>, Option<Alternative>) {
    if items.len() > WHOLE_ITEMS {
        // The lines from the first break after which no more than WHOLE_ITEMS items
        // are left, two of them at least.
        let head = best
            .iter()
            .position(|b| items.len() - b.position <= WHOLE_ITEMS)
            .map(|i| i + 1)
            .filter(|head| head + 2 <= best.len());
        let Some(head) = head else {
            return (None, None);
        };
        let [shorter, longer] = tails(items, params, best, head, min_last);
        return (shorter, longer);
    }
    let Some(others) = others_pass(items, sums, params, (0.0, false), min_last) else {
        return (None, None);
    };
    let lines = outcome.lines(end);
    let demerits = outcome.demerits(end);
    (
        lines
            .checked_sub(1)
            .filter(|n| *n > 0)
            .and_then(|n| alternative(&others, n, demerits, &[], 0)),
        alternative(&others, lines + 1, demerits, &[], 0),
    )
}

/// The pass other settings are found by: by line count, at the looser pass's tolerance,
/// which sets no line loose, the last line at least `min_last` wide and of two words.
fn others_pass(
    items: &[Item],
    sums: &Sums,
    params: &Params,
    first: (f32, bool),
    min_last: f32,
) -> Option<pass::Outcome> {
    let others = Pass {
        by_lines: true,
        min_last,
        ..Pass::new(TOLERANCES[1], true)
    };
    pass::run(items, sums, params, others, first)
}

/// The setting of `others` in `lines` lines, after the lines `head` (its breaks counted
/// `shift` items further on), costing its demerits over `base`; none with three
/// hyphens in a row.
fn alternative(
    others: &pass::Outcome,
    lines: u32,
    base: f64,
    head: &[Break],
    shift: usize,
) -> Option<Alternative> {
    let e = others.best_in(lines)?;
    let mut breaks = head.to_vec();
    breaks.extend(others.breaks(e).into_iter().map(|b| Break {
        position: b.position + shift,
        ..b
    }));
    (!hyphen_run(&breaks)).then(|| Alternative {
        breaks,
        cost: (others.demerits(e) - base).max(0.0),
    })
}

/// A paragraph set as `best` down to its first `head` lines, the rest set again one line
/// shorter and one line longer (each keeping two lines at least): what a compositor
/// does to a paragraph whose first lines are already on the page before. The cost is
/// over the best way to set the rest in as many lines as `best` does.
pub fn tails(
    items: &[Item],
    params: &Params,
    best: &[Break],
    head: usize,
    min_last: f32,
) -> [Option<Alternative>; 2] {
    let Some(last) = head.checked_sub(1).and_then(|h| best.get(h)) else {
        return [None, None];
    };
    let rest = u32::try_from(best.len() - head).unwrap_or(u32::MAX);
    let start = line_start(items, last.position);
    let first = match items[last.position] {
        Item::Penalty { post_width, .. } => (post_width, last.flagged),
        _ => (0.0, false),
    };
    let params = Params {
        hang: Hang {
            lines: params
                .hang
                .lines
                .saturating_sub(u32::try_from(head).unwrap_or(u32::MAX)),
            ..params.hang
        },
        ..*params
    };
    let tail = &items[start..];
    let sums = Sums::new(tail);
    let Some(others) = others_pass(tail, &sums, &params, first, min_last) else {
        return [None, None];
    };
    let base = others
        .best_in(rest)
        .or_else(|| others.best())
        .map_or(0.0, |e| others.demerits(e));
    let head = &best[..head];
    [
        rest.checked_sub(1)
            .filter(|n| *n >= 2)
            .and_then(|n| alternative(&others, n, base, head, start)),
        alternative(&others, rest + 1, base, head, start),
    ]
}

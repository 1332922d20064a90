//! Where a page may end: after which items of a chapter's vertical list, and on which
//! side of the spread.

use crate::typeset::flow::{BlockKind, VItem, WHOLE_STANZA};
use crate::typeset::page::{Item, Placed, Role};

/// Whether a line ends with a hyphen.
fn ends_hyphenated(items: &[Placed]) -> bool {
    items
        .iter()
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some((p.at.x, run)),
            _ => None,
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .is_some_and(|(_, run)| run.text.ends_with('-'))
}

/// Whether a page may end after an item of the vertical list.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Break {
    Never,
    Always,
    /// Only at the foot of a verso without footnotes: the item is a line ending in a
    /// hyphen, and a word hyphenated across the leaf makes the reader carry half a word
    /// over the page turn (TeX's \brokenpenalty), while across a spread both halves are
    /// in view.
    VersoOnly,
}

/// Whether the page may break after each item of the list.
pub(super) fn breakable(vlist: &[VItem]) -> Vec<Break> {
    (0..vlist.len()).map(|i| break_after(vlist, i)).collect()
}

/// Whether the page may break after item `i`: it depends on the item and the next one
/// that is not a space or a mark, nothing else.
pub(super) fn break_after(vlist: &[VItem], i: usize) -> Break {
    let next_real = |from: usize| {
        vlist[from..]
            .iter()
            .position(|v| !matches!(v, VItem::Space(_) | VItem::Mark(_)))
            .map(|p| from + p)
    };
    let next = next_real(i + 1).map(|j| &vlist[j]);
    let allowed = match (&vlist[i], next) {
        (VItem::Space(_) | VItem::Mark(_) | VItem::ChapterStart { .. }, _) => false,
        (VItem::Line { keep_with_next, .. }, _) if *keep_with_next => false,
        (VItem::Line { role, .. }, _) if *role == Role::SceneBreak => false,
        (_, Some(VItem::Line { role, .. })) if *role == Role::SceneBreak => false,
        (
            VItem::Block {
                kind: BlockKind::TableRow { header: true, .. },
                ..
            },
            _,
        ) => false,
        // Inside a table: at least two body rows on each side of the break, as a
        // paragraph keeps two lines (a lone row under a repeated header reads as a
        // fragment).
        (
            VItem::Block {
                kind:
                    BlockKind::TableRow {
                        table, row, rows, ..
                    },
                ..
            },
            Some(VItem::Block {
                kind: BlockKind::TableRow { table: next, .. },
                ..
            }),
        ) if table == next => *row >= 1 && rows.saturating_sub(*row) > 2,
        (
            VItem::Line {
                index, count, role, ..
            },
            Some(VItem::Line {
                index: next_index, ..
            }),
        ) if index.checked_add(1) == Some(*next_index)
            && matches!(vlist.get(i + 1), Some(VItem::Line { .. })) =>
        {
            // Inside a paragraph: at least two lines on each side of the break; a short
            // stanza is never broken at all.
            let whole = *role == Role::Lines && *count <= WHOLE_STANZA;
            !whole && *index >= 1 && count.saturating_sub(*index) > 2
        }
        _ => true,
    };
    match (&vlist[i], next) {
        _ if !allowed => Break::Never,
        (VItem::Line { items, .. }, Some(VItem::Line { .. })) if ends_hyphenated(items) => {
            Break::VersoOnly
        }
        _ => Break::Always,
    }
}

//! Where a page ends: lines off the grid at its foot, footnotes and blocks there, and the
//! opening page's sink moved a line to fill it.

use super::{chapter, geometry, lines};
use crate::typeset::flow::{BlockKind, ChapterFlow, VItem};
use crate::typeset::page::{Anchor, Item, Placed, Point, Role, Tag, Target};
use crate::typeset::paginate::builder::Builder;
use crate::typeset::paginate::Geometry;

/// A quotation's lines on their own leading, `advance` apart: off the grid.
fn quoted(count: u16, advance: f32) -> Vec<VItem> {
    let mut quoted = lines(count, 500.0);
    for line in &mut quoted {
        if let VItem::Line {
            advance: a, grid, ..
        } = line
        {
            *a = advance;
            *grid = false;
        }
    }
    quoted
}

/// Each page's baselines, from the hairlines that stand for its lines.
fn baselines(flow: &mut ChapterFlow) -> Vec<Vec<f32>> {
    baselines_from(None, flow)
}

/// Each page's baselines, the chapter's text starting `sink` points down its opening.
fn baselines_from(sink: Option<f32>, flow: &mut ChapterFlow) -> Vec<Vec<f32>> {
    let mut builder = Builder::new(geometry(), flow, 0, None);
    builder
        .pages(sink, false)
        .into_iter()
        .map(|filled| {
            filled
                .items
                .iter()
                .filter(|p| matches!(p.item, Item::Rule { .. }))
                .map(|p| p.at.y)
                .collect()
        })
        .collect()
}

#[test]
fn lines_off_the_grid_that_end_a_page_are_spread_to_its_foot() {
    // Three lines on the grid (10, 20, 30), then a quotation on a leading of 9.5 (39.5,
    // 49, 58.5): a point and a half above the page's last baseline (60). Its two gaps
    // take three quarters of a point each, and its last line stands on the grid's last.
    let quotation = |advance: f32| {
        let mut flow = ChapterFlow::default();
        flow.vlist.extend(lines(3, 0.0));
        flow.vlist.extend(quoted(3, advance));
        flow.vlist.extend(lines(4, 10.0));
        baselines(&mut flow)
    };
    let close = |a: &[f32], b: &[f32]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-3)
    };
    let set = quotation(9.5);
    assert!(
        close(&set[0], &[10.0, 20.0, 30.0, 39.5, 49.75, 60.0]),
        "{set:?}"
    );
    // The lines after it, overleaf, on the grid as ever.
    assert!(close(&set[1], &[10.0, 20.0, 30.0, 40.0]), "{set:?}");
    // On a leading of 9 it ends three points short: more than two gaps may take (a
    // point each, see FEATHER), so it stays as set.
    let set = quotation(9.0);
    assert!(
        close(&set[0], &[10.0, 20.0, 30.0, 39.0, 48.0, 57.0]),
        "{set:?}"
    );
}

/// The candidates (room left, full or not) of a page set from the list's start.
fn candidates(geo: Geometry, flow: &mut ChapterFlow) -> Vec<(f32, bool)> {
    let leading = geo.leading;
    let builder = Builder::new(geo, flow, 0, None);
    let len = builder.flow.vlist.len();
    builder
        .simulate(len, 0.0, None)
        .candidates
        .iter()
        .map(|c| (c.room, c.full(leading)))
        .collect()
}

#[test]
fn a_page_with_footnotes_is_full_when_no_line_fits_above_them() {
    // Six lines of 14 points; the first line refers to note 1, of two lines (10.5 points
    // apart) at the page's foot. Three lines fit above the notes, and leave nine
    // points: more than half a line off the grid's last, but no room for a fourth.
    let geo = Geometry {
        leading: 14.0,
        first_baseline: 14.0,
        ..geometry()
    };
    let mut flow = ChapterFlow::default();
    for p in 0..5 {
        flow.vlist.extend(lines(1, 10.0 * p as f32));
    }
    if let VItem::Line { items, .. } = &mut flow.vlist[0] {
        items.push(Placed {
            at: Point { x: 0.0, y: 0.0 },
            role: Role::Paragraph,
            item: Item::Link {
                width: 5.0,
                height: 5.0,
                target: Target::Anchor(Anchor {
                    chapter: 0,
                    id: Some("nota.1".into()),
                }),
            },
            tag: Tag::Artifact,
        });
    }
    flow.notes.push(lines(2, 900.0));
    let found = candidates(geo, &mut flow);
    assert_eq!(found.len(), 3, "{found:?}");
    let (room, full) = found[2];
    assert!(room > 7.0 && room < 14.0, "{found:?}");
    assert!(full, "{found:?}");
    assert!(!found[1].1, "two lines leave room for a third: {found:?}");
}

#[test]
fn a_page_ending_with_a_block_is_full_within_half_a_line() {
    // Four lines (10 to 40), then a block from 43 (0.3 of a line below the last line):
    // 19.5 points tall, it hangs 2.5 points below the foot (60), as a block may; 11
    // points tall, it ends six points above it, more than half a line.
    let with_block = |height: f32| {
        let mut flow = ChapterFlow::default();
        for p in 0..4 {
            flow.vlist.extend(lines(1, 10.0 * p as f32));
        }
        flow.vlist.push(VItem::Block {
            items: Vec::new(),
            height,
            kind: BlockKind::Figure,
            from: None,
        });
        // The text goes on overleaf.
        flow.vlist.extend(lines(1, 90.0));
        candidates(geometry(), &mut flow)
    };
    let hanging = with_block(19.5);
    assert_eq!(hanging.len(), 5, "{hanging:?}");
    assert!((hanging[4].0 + 2.5).abs() < 1e-3, "{hanging:?}");
    assert!(hanging[4].1, "{hanging:?}");
    let short = with_block(11.0);
    assert!((short[4].0 - 6.0).abs() < 1e-3, "{short:?}");
    assert!(!short[4].1, "{short:?}");
}

#[test]
fn an_opening_that_no_paragraph_fills_moves_its_sink_a_line() {
    // A sink of 20 leaves the opening four lines (30 to 60); no paragraph has another
    // setting. Speeches of three lines: the page would hold A and B's first line (an
    // orphan), so A alone, a line short; with the sink a line lower, A fills it.
    let mut lower = chapter(&[
        (3, false, false),
        (3, false, false),
        (3, false, false),
        (6, false, false),
        (5, false, false),
    ]);
    let set = baselines_from(Some(20.0), &mut lower);
    assert_eq!(set[0], [40.0, 50.0, 60.0], "{set:?}");
    assert!(set[1..3].iter().all(|p| p.len() == 6), "{set:?}");
    // A of two lines, B of three: A and B's first two would leave B's last alone
    // overleaf (a widow), A and one line an orphan; A alone is two lines short, so the
    // page would run a line long (A and B down to 70). With the sink a line higher, A
    // and B fill the page's five lines.
    let mut higher = chapter(&[
        (2, false, false),
        (3, false, false),
        (6, false, false),
        (6, false, false),
        (5, false, false),
    ]);
    let set = baselines_from(Some(20.0), &mut higher);
    assert_eq!(set[0], [20.0, 30.0, 40.0, 50.0, 60.0], "{set:?}");
    assert!(set[1..3].iter().all(|p| p.len() == 6), "{set:?}");
    // Where the book's sink fills the page (A and B), it stays, though the sink a line
    // lower (A) or higher (A, B and C) would fill it too.
    let mut kept = chapter(&[
        (3, false, false),
        (1, false, false),
        (1, false, false),
        (5, false, false),
        (6, false, false),
        (5, false, false),
    ]);
    let set = baselines_from(Some(20.0), &mut kept);
    assert_eq!(set[0], [30.0, 40.0, 50.0, 60.0], "{set:?}");
}

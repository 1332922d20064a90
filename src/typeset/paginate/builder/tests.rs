//! The page builder on lists made by hand: pages of six lines, paragraphs as bare lines.

use super::Builder;
use crate::typeset::flow::{ChapterFlow, VItem, Variants};
use crate::typeset::page::{FlowLine, Role};
use crate::typeset::paginate::Geometry;

/// Six lines a page, ten points apart.
fn geometry() -> Geometry {
    Geometry {
        width: 200.0,
        height: 200.0,
        inner: 20.0,
        outer: 20.0,
        top: 20.0,
        leading: 10.0,
        first_baseline: 10.0,
        lines: 6,
    }
}

/// A paragraph's lines, each marked with the paragraph's name in its text.
fn paragraph(count: u16) -> Vec<VItem> {
    (0..count)
        .map(|index| VItem::Line {
            items: Vec::new(),
            advance: 10.0,
            ascent: 8.0,
            keep_with_next: false,
            role: Role::Paragraph,
            index,
            count,
            grid: true,
            from: None,
        })
        .collect()
}

/// A chapter of paragraphs of these line counts, each with the settings one line shorter
/// and longer given for it (`(shorter, longer)`).
fn chapter(paragraphs: &[(u16, bool, bool)]) -> ChapterFlow {
    let mut flow = ChapterFlow::default();
    for &(count, shorter, longer) in paragraphs {
        let first = flow.vlist.len();
        flow.vlist.extend(paragraph(count));
        if shorter || longer {
            flow.variants.push(Variants {
                first,
                lines: usize::from(count),
                shorter: shorter.then(|| (paragraph(count - 1), 100.0)),
                longer: longer.then(|| (paragraph(count + 1), 100.0)),
            });
        }
    }
    flow
}

/// Each page's lines as (index, count) pairs.
fn pages(flow: &mut ChapterFlow) -> Vec<Vec<(u16, u16)>> {
    let mut builder = Builder::new(geometry(), flow, 0);
    builder
        .pages(None, false)
        .into_iter()
        .map(|filled| {
            filled
                .lines
                .iter()
                .map(|FlowLine { index, count, .. }| (*index, *count))
                .collect()
        })
        .collect()
}

#[test]
fn a_spread_levels_by_setting_a_paragraph_a_line_shorter() {
    // Opening: A (6). Verso: B (3) and C (3). Recto: D (5) and E (4): full, it would
    // end on E's first line (an orphan); a line short, uneven with the verso; a line
    // long, with E's last line alone overleaf (a widow). The verso cannot move either
    // (C split 2/1, or D's first line alone). D set in 4 lines levels the spread.
    let mut plain = chapter(&[
        (6, false, false),
        (3, false, false),
        (3, false, false),
        (5, false, false),
        (4, false, false),
        (4, false, false),
    ]);
    let set = pages(&mut plain);
    let depths: Vec<usize> = set.iter().map(Vec::len).collect();
    assert_ne!(
        depths[1], depths[2],
        "without another setting the spread is uneven: {set:?}"
    );

    let mut loose = chapter(&[
        (6, false, false),
        (3, false, false),
        (3, false, false),
        (5, true, false),
        (4, false, false),
        (4, false, false),
    ]);
    let set = pages(&mut loose);
    assert_eq!(set[1].len(), 6, "{set:?}");
    assert_eq!(set[2].len(), 6, "{set:?}");
    assert_eq!(
        &set[2][..4],
        &[(0, 4), (1, 4), (2, 4), (3, 4)],
        "D in four lines: {set:?}"
    );
    assert_eq!(&set[2][4..], &[(0, 4), (1, 4)], "{set:?}");
}

#[test]
fn a_paragraph_already_level_is_left_as_the_flow_set_it() {
    let mut flow = chapter(&[
        (6, true, true),
        (3, true, true),
        (3, true, true),
        (4, true, true),
        (2, true, true),
    ]);
    let set = pages(&mut flow);
    assert_eq!(set[1], [(0, 3), (1, 3), (2, 3), (0, 3), (1, 3), (2, 3)]);
    assert_eq!(set[2], [(0, 4), (1, 4), (2, 4), (3, 4), (0, 2), (1, 2)]);
}

#[test]
fn a_chapter_does_not_end_on_a_page_of_two_lines() {
    // After the opening, 14 lines: set as they come, the last page would hold two.
    let mut plain = chapter(&[
        (6, false, false),
        (3, false, false),
        (3, false, false),
        (4, false, false),
        (2, false, false),
        (2, false, false),
    ]);
    let set = pages(&mut plain);
    assert_eq!(set.last().map(Vec::len), Some(2), "{set:?}");

    let mut flow = chapter(&[
        (6, false, false),
        (3, true, true),
        (3, true, true),
        (4, true, true),
        (2, false, false),
        (2, false, false),
    ]);
    let set = pages(&mut flow);
    let last = set.last().map_or(0, Vec::len);
    assert!(last >= 5 || set.len() == 3, "{set:?}");
    for (i, page) in set.iter().enumerate().take(set.len() - 1) {
        assert_eq!(page.len(), 6, "page {i} is not full: {set:?}");
    }
}

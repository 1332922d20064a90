//! The page builder on lists made by hand: pages of six lines, paragraphs as bare lines.

mod depth;

use super::Builder;
use crate::typeset::flow::{ChapterFlow, Rebreak, Tails, VItem, Variants};
use crate::typeset::page::{FlowLine, Item, Placed, Point, Role, Tag};
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

/// A paragraph's lines, each marked by a hairline whose ends name the setting `mark` and
/// the line's index, so that two settings' lines compare equal only where meant.
fn lines(count: u16, mark: f32) -> Vec<VItem> {
    (0..count)
        .map(|index| VItem::Line {
            items: vec![Placed {
                at: Point { x: mark, y: 0.0 },
                role: Role::Paragraph,
                item: Item::Rule {
                    to: Point {
                        x: mark,
                        y: f32::from(index),
                    },
                    thickness: 0.1,
                },
                tag: Tag::Artifact,
            }],
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
/// and longer given for it (`(count, shorter, longer)`); every setting's lines differ.
fn chapter(paragraphs: &[(u16, bool, bool)]) -> ChapterFlow {
    let mut flow = ChapterFlow::default();
    for (p, &(count, shorter, longer)) in paragraphs.iter().enumerate() {
        let first = flow.vlist.len();
        let mark = 10.0 * p as f32;
        flow.vlist.extend(lines(count, mark));
        if shorter || longer {
            flow.variants.push(Variants {
                first,
                lines: usize::from(count),
                shorter: shorter.then(|| (lines(count - 1, mark + 1.0), 100.0)),
                longer: longer.then(|| (lines(count + 1, mark + 2.0), 100.0)),
                unbroken: None,
            });
        }
    }
    flow
}

/// Each page's lines as (index, count) pairs.
fn pages(flow: &mut ChapterFlow) -> Vec<Vec<(u16, u16)>> {
    pages_with(flow, None)
}

/// Each page's lines, a paragraph's last lines set again by `rebreak`.
fn pages_with<'a>(
    flow: &'a mut ChapterFlow,
    rebreak: Option<&'a mut dyn Rebreak>,
) -> Vec<Vec<(u16, u16)>> {
    let mut builder = Builder::new(geometry(), flow, 0, rebreak);
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

/// P (4), then Q (4) at the opening's foot, R (3), S and two more of four lines: none
/// with another setting.
fn q_begun_overleaf() -> ChapterFlow {
    chapter(&[
        (4, false, false),
        (4, false, false),
        (3, false, false),
        (4, false, false),
        (4, false, false),
        (4, false, false),
    ])
}

/// Paragraph Q, two of its four lines at the foot of an opening already made: a setting of
/// the whole paragraph a line longer is offered only when it keeps those two lines.
#[test]
fn a_paragraph_begun_overleaf_changes_only_if_its_lines_there_stay() {
    let offered = |head_kept: bool| {
        let mut flow = q_begun_overleaf();
        let mark = if head_kept { 10.0 } else { 99.0 };
        let mut longer = lines(5, mark);
        // The longer setting's lines from the third on are its own.
        for line in &mut longer[2..] {
            if let VItem::Line { items, .. } = line {
                items[0].at.y = 1.0;
            }
        }
        flow.variants.push(Variants {
            first: 4,
            lines: 4,
            shorter: None,
            longer: Some((longer, 100.0)),
            unbroken: None,
        });
        let set = pages(&mut flow.clone());
        let mut builder = Builder::new(geometry(), &mut flow, 0, None);
        // The opening holds P and Q's first two lines.
        builder.pos = 6;
        let end = builder.flow.vlist.len();
        let changes: Vec<_> = builder
            .changes_before(end)
            .into_iter()
            .map(|c| c.0)
            .collect();
        (changes, set)
    };
    let (kept, _) = offered(true);
    assert_eq!(kept, [(0, 1, 0)]);
    let (other, set) = offered(false);
    assert_eq!(other, []);
    // Chosen from the opening on, Q is one setting or the other on both sides of the
    // page break, never the flow's first lines with the other's last.
    let before = set[0].last().map(|&(_, count)| count);
    let after = set[1].first().map(|&(_, count)| count);
    assert_eq!(before, after, "{set:?}");
}

/// The opening page is chosen with the spreads: P (5) would leave it a line short (Q, of
/// two lines, cannot be split), and P set in four lines makes it full.
#[test]
fn the_opening_page_is_made_full_by_a_paragraph_on_it() {
    let paragraphs = |shorter: bool| {
        chapter(&[
            (5, shorter, false),
            (2, false, false),
            (4, false, false),
            (4, false, false),
            (4, false, false),
        ])
    };
    let plain = pages(&mut paragraphs(false));
    assert_eq!(plain[0].len(), 5, "{plain:?}");
    let set = pages(&mut paragraphs(true));
    assert_eq!(
        set[0],
        [(0, 4), (1, 4), (2, 4), (3, 4), (0, 2), (1, 2)],
        "{set:?}"
    );
    assert!(set[1..].iter().all(|page| page.len() == 6), "{set:?}");
}

#[test]
fn a_trial_setting_is_undone_exactly() {
    let mut flow = chapter(&[(3, true, true), (4, true, true), (2, false, true)]);
    let before: Vec<String> = flow.vlist.iter().map(|v| format!("{v:?}")).collect();
    let mut builder = Builder::new(geometry(), &mut flow, 0, None);
    let flow_set = builder.breakable.clone();
    builder.configure(&[(0, -1, 0), (1, 1, 0), (2, 1, 0)]);
    assert_eq!(builder.flow.vlist.len(), 2 + 5 + 3);
    assert_eq!(
        builder.live(&[(0, -1, 0), (1, 1, 0), (2, 1, 0)], 7),
        [(2, 1, 0)]
    );
    builder.configure(&[(1, -1, 0)]);
    assert_eq!(builder.flow.vlist.len(), 3 + 3 + 2);
    builder.configure(&[]);
    let after: Vec<String> = builder
        .flow
        .vlist
        .iter()
        .map(|v| format!("{v:?}"))
        .collect();
    assert_eq!(before, after);
    assert_eq!(builder.breakable, flow_set);
}

/// A flow that sets a paragraph of `lines` lines again after its first lines, one line
/// longer, and remembers what it was asked.
struct Longer {
    lines: u16,
    asked: Vec<(usize, usize)>,
}

impl Rebreak for Longer {
    fn tails(&mut self, paragraph: usize, head: usize) -> Tails {
        self.asked.push((paragraph, head));
        let tail = lines(self.lines + 1, 50.0).split_off(head);
        [None, Some((tail, 100.0))]
    }
}

/// As above, Q begun at the opening's foot: no setting of the whole paragraph keeps the
/// two lines already set there, but the flow sets its last two again as three, which
/// levels the spread.
#[test]
fn a_paragraph_begun_overleaf_is_set_again_after_its_lines_there() {
    let mut flow = q_begun_overleaf();
    flow.variants.push(Variants {
        first: 4,
        lines: 4,
        shorter: None,
        longer: None,
        unbroken: Some(7),
    });
    let plain = pages(&mut flow.clone());
    assert_ne!(plain[1].len(), plain[2].len(), "{plain:?}");
    let mut rebreak = Longer {
        lines: 4,
        asked: Vec::new(),
    };
    let set = pages_with(&mut flow, Some(&mut rebreak));
    assert_eq!(rebreak.asked[0], (7, 2), "{:?}", rebreak.asked);
    // The opening keeps Q's first two lines, now counted of five; the verso opens with
    // its last three, set again, and both pages of the spread are full.
    assert_eq!(&set[0][4..], &[(0, 5), (1, 5)], "{set:?}");
    assert_eq!(&set[1][..3], &[(2, 5), (3, 5), (4, 5)], "{set:?}");
    assert_eq!((set[1].len(), set[2].len()), (6, 6), "{set:?}");
}

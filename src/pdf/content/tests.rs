//! The content stream's numbers, offsets and character spacing.

use super::*;

fn formatted(v: f32) -> String {
    let mut s = Stream(Vec::new());
    s.num(v);
    String::from_utf8(s.0).unwrap()
}

#[test]
fn numbers_are_short_and_exact_to_a_hundredth() {
    assert_eq!(formatted(0.0), "0 ");
    assert_eq!(formatted(12.5), "12.5 ");
    assert_eq!(formatted(-3.456), "-3.46 ");
    assert_eq!(formatted(595.275), "595.28 ");
    assert_eq!(formatted(-0.004), "0 ");
    assert_eq!(formatted(0.05), "0.05 ");
    assert_eq!(formatted(1e6), "1000000 ");
    assert_eq!(formatted(f32::NEG_INFINITY), "-10000000000000 ");
    assert_eq!(formatted(f32::NAN), "0 ");
}

/// The content stream of a page holding one run of `count` glyphs (each 500/1000 em
/// wide in the face), glyph `i` at `i × step`, letterspaced by `letterspacing`.
fn one_run(size: f32, count: usize, step: f32, letterspacing: f32) -> String {
    use crate::typeset::page::{Placed, PlacedGlyph, Point, Role};
    let face = FaceOut {
        name: "F0".into(),
        remap: [(7, 1)].into_iter().collect(),
        widths: [(1, 500.0)].into_iter().collect(),
        space: None,
    };
    let faces: FxHashMap<FaceId, FaceOut> = [(FaceId::Regular, face)].into_iter().collect();
    let glyphs = (0..count)
        .map(|i| PlacedGlyph {
            gid: 7,
            x: i as f32 * step,
            rise: 0.0,
            advancing: true,
        })
        .collect();
    let page = Page {
        width: 400.0,
        height: 600.0,
        items: vec![Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point { x: 10.0, y: 20.0 },
            role: Role::Paragraph,
            item: Item::Text(TextRun {
                face: FaceId::Regular,
                size,
                glyphs,
                width: count as f32 * step,
                text: "".into(),
                strike: false,
                direction: Direction::Across,
                spaced: false,
                letterspacing,
            }),
        }],
        ..Page::default()
    };
    String::from_utf8(page_stream(&page, &faces, (0.0, 0.0), None).0).unwrap()
}

/// The offsets in the TJ array of a stream with one.
fn offsets(stream: &str) -> Vec<&str> {
    let tj = &stream[stream.find('[').unwrap() + 1..stream.find("]TJ").unwrap()];
    tj.split('<')
        .map(|p| p.split_once('>').map_or(p, |(_, after)| after).trim())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A viewer scales advances by the size `Tf` wrote (to the hundredth): glyphs set at
/// that size need no correction, however long the line.
#[test]
fn offsets_follow_the_size_as_written() {
    // 11.125 pt is written 11.13: each glyph advances 500/1000 × 11.13 pt.
    let stream = one_run(11.125, 200, 5.565, 0.0);
    assert!(stream.contains("/F0 11.13 Tf"), "{stream}");
    assert!(!stream.contains("Tc"), "{stream}");
    assert_eq!(offsets(&stream), Vec::<&str>::new(), "{stream}");
}

/// A justified line's letterspacing is one `Tc`, not an offset at every glyph.
#[test]
fn letterspacing_is_character_spacing() {
    let stream = one_run(10.0, 60, 5.0 + 0.1575, 0.1575);
    assert!(stream.contains("0.1575 Tc"), "{stream}");
    assert_eq!(offsets(&stream), Vec::<&str>::new(), "{stream}");
    // Tightened: a negative spacing, the same way.
    let stream = one_run(10.0, 60, 5.0 - 0.08, -0.08);
    assert!(stream.contains("-0.08 Tc"), "{stream}");
    assert_eq!(offsets(&stream), Vec::<&str>::new(), "{stream}");
    // Without it, each glyph would need its own offset.
    let stream = one_run(10.0, 60, 5.0 + 0.1575, 0.0);
    assert_eq!(offsets(&stream).len(), 59, "{stream}");
}

#[test]
fn fine_numbers_keep_four_decimals() {
    let fine = |v: f32| {
        let mut s = Stream(Vec::new());
        s.fine(v);
        String::from_utf8(s.0).unwrap()
    };
    assert_eq!(fine(0.1575), "0.1575 ");
    assert_eq!(fine(-0.08), "-0.08 ");
    assert_eq!(fine(0.0), "0 ");
    assert_eq!(fine(2.0003), "2.0003 ");
    assert_eq!(fine(0.05), "0.05 ");
}

#[test]
fn glyph_ids_are_four_hex_digits() {
    let mut s = Stream(Vec::new());
    s.hex(0x01af);
    assert_eq!(s.0, b"<01AF>");
}

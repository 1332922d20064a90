//! The small-caps first line's choices, and its word spaces counted as the items count them.

use super::*;

fn boxed(w: f32) -> K {
    K::Box {
        width: w,
        track: 0.0,
    }
}

fn space() -> K {
    K::Glue {
        width: 1.0,
        stretch: 0.5,
        shrink: 0.3,
    }
}

/// A paragraph of words this wide, a space between each, ended as a paragraph is.
fn words(widths: &[f32]) -> Vec<K> {
    let mut items = Vec::new();
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            items.push(space());
        }
        items.push(boxed(*w));
    }
    items.extend(crate::typeset::linebreak::LINE_END);
    items
}

/// Four letters a word.
fn letters(space: Option<usize>) -> usize {
    4 * space.unwrap_or(5)
}

fn space_at(end: Option<LineEnd>) -> Option<Option<usize>> {
    end.map(|e| e.space)
}

#[test]
fn the_first_line_ends_at_its_best_spaced_word_space() {
    // Words of 4 on a measure of 14: «w w w» is 14 natural (ratio 0) at the 3rd
    // space; «w w» is 9 (ratio 10).
    let items = words(&[4.0, 4.0, 4.0, 4.0, 4.0]);
    let end = first_line_end(items.into_iter(), 14.0, letters, 0.0);
    assert_eq!(
        end,
        Some(LineEnd {
            space: Some(3),
            tracking: 0.0
        })
    );
}

#[test]
fn letterspacing_takes_up_what_the_spaces_cannot() {
    // On 17, «w w w» is 3 short: its two spaces stretch 1 at most (ratio 3, past
    // every tolerance, taken only for want of better); with 0.25 a letter (12
    // letters) the letters take the 3 and the spaces stay as they are.
    let items = words(&[4.0, 4.0, 4.0, 9.0, 4.0]);
    let plain = first_line_end(items.clone().into_iter(), 17.0, letters, 0.0);
    assert_eq!(
        plain,
        Some(LineEnd {
            space: Some(3),
            tracking: 0.0
        })
    );
    let end = first_line_end(items.into_iter(), 17.0, letters, 0.25).expect("an end");
    assert_eq!(end.space, Some(3));
    assert!((end.tracking - 0.25).abs() < 1e-6, "{end:?}");
}

#[test]
fn a_paragraph_that_fits_is_all_one_line() {
    let items = words(&[4.0, 4.0]);
    let end = first_line_end(items.into_iter(), 14.0, letters, 0.0);
    assert_eq!(space_at(end), Some(None));
}

#[test]
fn a_word_wider_than_the_line_leaves_it_plain() {
    let items = words(&[40.0, 4.0]);
    assert_eq!(first_line_end(items.into_iter(), 14.0, letters, 0.0), None);
}

#[test]
fn word_spaces_are_counted_as_the_items_count_them() {
    let span = |t: &str| Span {
        text: t.into(),
        style: Style {
            bold: false,
            italic: false,
            mono: false,
            small_caps: false,
            size: 10.0,
            rise: 0.0,
            link: None,
            strike: false,
            extra_tracking: 0.0,
        },
        from: Some(0),
        object: None,
    };
    let spans = [
        span("La mina  de"),
        span(" estaño\u{2028}y el"),
        span(" río"),
    ];
    let full: String = spans.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(word_space(&full, 1), Some(2));
    assert_eq!(word_space(&full, 2), Some(7));
    assert_eq!(word_space(&full, 3), Some(11));
    // The line break is no word space: the next is after «y».
    assert_eq!(word_space(&full, 4), Some(" estaño\u{2028}y".len() + 11));
    let split = split_caps(&in_small_caps(&spans), &spans, 7);
    let texts: Vec<(&str, bool)> = split
        .iter()
        .map(|s| (s.text.as_str(), s.style.small_caps))
        .collect();
    assert_eq!(
        texts,
        [
            ("La mina", true),
            ("  de", false),
            (" estaño\u{2028}y el", false),
            (" río", false)
        ]
    );
    assert_eq!(split[1].from, Some(7));
}

//! A page's furniture: the margins (mirrored on recto and verso), the running head (the
//! book's title on versos, the chapter's on rectos, in small caps) and the folio (outer
//! side of the foot), none of them on display, opening or blank pages.

use super::builder::Filled;
use super::geometry::Geometry;
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Item, Page, PageKind, Placed, Point, Role, Tag, TextRun};

/// Shapes a short text: (text, face, size, small caps) → a run, small caps letterspaced.
pub type Setter<'a> = dyn FnMut(&str, FaceId, f32, bool) -> TextRun + 'a;

/// Running heads: 8.5 pt small caps (DESIGN.md), letterspaced by the setter.
const HEAD_SIZE: f32 = 8.5;
/// Folios: 9 pt.
const FOLIO_SIZE: f32 = 9.0;

/// What a page shows around its text block.
pub struct Dress<'t> {
    pub kind: PageKind,
    /// 1-based physical page number (odd: recto).
    pub number: usize,
    pub label: String,
    /// The running head for this page (already chosen for recto or verso).
    pub head: Option<&'t str>,
}

/// Moves a filled page into the text block and adds its running head and folio.
pub fn dress(filled: Filled, dress: Dress<'_>, geo: &Geometry, set: &mut Setter<'_>) -> Page {
    let left = geo.left(dress.number);
    let recto = dress.number % 2 == 1;
    let mut items: Vec<Placed> = filled
        .items
        .into_iter()
        .map(|mut p| {
            p.translate(left, geo.top);
            p
        })
        .collect();
    if dress.kind == PageKind::Body {
        if let Some(head) = dress.head {
            let run = set(&head.to_lowercase(), FaceId::Regular, HEAD_SIZE, true);
            let x = left + (geo.measure() - run.width) / 2.0;
            items.push(Placed {
                // Two lines above the first baseline: the head belongs to the page, not
                // to the text.
                at: Point {
                    x,
                    y: geo.top + geo.first_baseline - 2.0 * geo.leading,
                },
                role: Role::RunningHead,
                item: Item::Text(run),
                tag: Tag::Artifact,
            });
        }
        let run = set(&dress.label, FaceId::Regular, FOLIO_SIZE, false);
        let x = if recto {
            left + geo.measure() - run.width
        } else {
            left
        };
        items.push(Placed {
            at: Point {
                x,
                y: geo.top + geo.last_baseline() + 2.5 * geo.leading,
            },
            role: Role::Folio,
            item: Item::Text(run),
            tag: Tag::Artifact,
        });
    }
    Page {
        width: geo.width,
        height: geo.height,
        kind: dress.kind,
        label: dress.label,
        items,
        lines: filled.lines,
        start: filled.start,
    }
}

/// Lower-case roman numerals for the front matter's folios.
pub fn roman(mut n: usize) -> String {
    const TABLE: &[(usize, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn roman_numerals() {
        assert_eq!(super::roman(4), "iv");
        assert_eq!(super::roman(9), "ix");
        assert_eq!(super::roman(14), "xiv");
    }
}

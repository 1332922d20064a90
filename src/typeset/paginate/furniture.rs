//! A page's furniture: the margins (mirrored on recto and verso), the running head (the
//! book's title on versos, the chapter's on rectos, in small caps) and the folio (outer
//! side of the foot), none of them on display, opening or blank pages.

use super::builder::Filled;
use super::geometry::Geometry;
use crate::ir::{FolioPlace, HeadFace, HeadPlace, Style};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Item, Page, PageKind, Placed, Point, Role, Tag, TextRun};

/// Shapes a short text: (text, face, size, small caps) → its runs, one a face (a letter the
/// face lacks is set in the face of its script), small caps letterspaced.
pub type Setter<'a> = dyn FnMut(&str, FaceId, f32, bool) -> Vec<TextRun> + 'a;

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

/// Moves a filled page into the text block and adds its running head and folio, as the
/// book's style places them.
pub fn dress(
    filled: Filled,
    dress: Dress<'_>,
    geo: &Geometry,
    style: &Style,
    set: &mut Setter<'_>,
) -> Page {
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
        // Two lines above the first baseline: the head belongs to the page, not to the
        // text.
        let head_y = geo.top + geo.first_baseline - 2.0 * geo.leading;
        // At the outer edge: the right of a recto, the left of a verso.
        let outer = |width: f32| {
            if recto {
                left + geo.measure() - width
            } else {
                left
            }
        };
        let folio_by_head = style.folio == FolioPlace::Head;
        if let Some(head) = dress.head {
            let runs = match style.head_face {
                HeadFace::SmallCaps => set(&head.to_lowercase(), FaceId::Regular, HEAD_SIZE, true),
                HeadFace::Italic => set(head, FaceId::Italic, HEAD_SIZE + 0.5, false),
            };
            let width: f32 = runs.iter().map(|r| r.width).sum();
            let x = match (style.head_place, folio_by_head) {
                (HeadPlace::Centre, _) => left + (geo.measure() - width) / 2.0,
                // Beside the folio at the outer edge, a quad in from it.
                (HeadPlace::Outer, true) => {
                    let folio: f32 = set(&dress.label, FaceId::Regular, FOLIO_SIZE, false)
                        .iter()
                        .map(|r| r.width)
                        .sum();
                    let gap = folio + FOLIO_SIZE;
                    if recto {
                        outer(width) - gap
                    } else {
                        outer(width) + gap
                    }
                }
                (HeadPlace::Outer, false) => outer(width),
            };
            line(&mut items, runs, x, head_y, Role::RunningHead);
        }
        let runs = set(&dress.label, FaceId::Regular, FOLIO_SIZE, false);
        let width: f32 = runs.iter().map(|r| r.width).sum();
        let (x, y) = match style.folio {
            FolioPlace::FootOuter => (
                outer(width),
                geo.top + geo.last_baseline() + 2.5 * geo.leading,
            ),
            FolioPlace::FootCentre => (
                left + (geo.measure() - width) / 2.0,
                geo.top + geo.last_baseline() + 2.5 * geo.leading,
            ),
            FolioPlace::Head => (outer(width), head_y),
        };
        line(&mut items, runs, x, y, Role::Folio);
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

/// Puts runs one after the other from `x` on the baseline `y`.
fn line(items: &mut Vec<Placed>, runs: Vec<TextRun>, mut x: f32, y: f32, role: Role) {
    for run in runs {
        let width = run.width;
        items.push(Placed {
            at: Point { x, y },
            role,
            item: Item::Text(run),
            tag: Tag::Artifact,
        });
        x += width;
    }
}

//! The front panel: the cover image filling it and its bleed (its resolution checked at
//! that size), or the title set in type.

use super::{stack, CoverSpec, Setter};
use crate::diag::{Diagnostic, Kind, Loc, Result, Warnings};
use crate::typeset::flow::{Display, PRINT_PPI};
use crate::typeset::page::{Item, Placed, Point, Role};

/// A cover image the PDF cannot draw (the front is set in type instead).
const COVER_UNPRINTABLE: Kind = Kind::new(
    "cover image cannot be printed",
    "cover images cannot be printed",
);

/// A cover image printing below 300 ppi at the size of the front.
const COVER_RESOLUTION: Kind = Kind::new(
    "cover image prints below 300 ppi",
    "cover images print below 300 ppi",
);

/// Below this a cover is refused (printers ask for `PRINT_PPI`, 300): at 150 ppi the
/// pixels show at arm's length.
const LEAST_PPI: f32 = 150.0;

/// The front: the cover image filling the panel and its bleed, or, without one, the
/// title, subtitle, authors and publisher set in the book's faces.
pub(super) fn front(
    setter: &mut Setter,
    spec: &CoverSpec,
    warnings: &Warnings,
    items: &mut Vec<Placed>,
) -> Result<()> {
    let (book, figures) = (setter.book, setter.figures);
    let left = spec.width + spec.spine;
    if let Some(id) = book.cover {
        let image = &book.images[id];
        match figures.can_show(id) {
            Ok(()) => {
                front_resolution(image, spec, warnings)?;
                let (area_w, area_h) = front_area(spec);
                let scale = fill_scale(image, spec);
                let (w, h) = (
                    image.width.max(1) as f32 * scale,
                    image.height.max(1) as f32 * scale,
                );
                items.push(Placed {
                    tag: crate::typeset::page::Tag::Artifact,
                    at: Point {
                        x: left + (area_w - w) / 2.0,
                        y: -spec.bleed + (area_h - h) / 2.0,
                    },
                    role: Role::Figure,
                    item: Item::Image {
                        image: id,
                        width: w,
                        height: h,
                        alt: String::new(),
                        clip: Some((
                            Point {
                                x: left,
                                y: -spec.bleed,
                            },
                            area_w,
                            area_h,
                        )),
                    },
                });
                return Ok(());
            }
            Err(why) => warnings.push(
                COVER_UNPRINTABLE,
                Diagnostic::at(
                    spec.image_at
                        .clone()
                        .unwrap_or_else(|| Loc::file(&image.path)),
                    format!("the cover image {} cannot be printed: {why}", image.path),
                )
                .with_hint("the front is set in type instead; give a PNG or JPEG cover"),
            ),
        }
    }
    typographic_front(setter, spec, left, warnings, items);
    Ok(())
}

/// The front panel with its bleed on the three outer edges: what the image fills.
fn front_area(spec: &CoverSpec) -> (f32, f32) {
    (spec.width + spec.bleed, spec.height + 2.0 * spec.bleed)
}

/// Points per pixel for `image` to cover the front's area whole (it is cut where it
/// overflows, evenly each side).
fn fill_scale(image: &crate::ir::Image, spec: &CoverSpec) -> f32 {
    let (area_w, area_h) = front_area(spec);
    let (px_w, px_h) = (image.width.max(1) as f32, image.height.max(1) as f32);
    (area_w / px_w).max(area_h / px_h)
}

/// The cover image's resolution on the front: a warning under 300 ppi, an error under
/// 150 (a vector image, of no pixel size, prints at any size).
pub fn front_resolution(
    image: &crate::ir::Image,
    spec: &CoverSpec,
    warnings: &Warnings,
) -> Result<()> {
    if image.width == 0 || image.height == 0 {
        return Ok(());
    }
    let ppi = 72.0 / fill_scale(image, spec);
    let area_w = front_area(spec).0;
    let path = &image.path;
    let loc = spec.image_at.clone().unwrap_or_else(|| Loc::file(path));
    let needed = (area_w / 72.0 * PRINT_PPI).ceil();
    let said = format!("the cover image {path} prints at {ppi:.0} ppi on the front");
    if ppi < LEAST_PPI - 0.5 {
        return Err(Diagnostic::at(
            loc,
            format!("{said}, too coarse to print (printers ask for 300)"),
        )
        .with_hint(format!(
            "give an image at least {needed} pixels wide, in the front's proportions"
        )));
    }
    if ppi < PRINT_PPI - 0.5 {
        warnings.push(
            COVER_RESOLUTION,
            Diagnostic::at(loc, format!("{said}, below the 300 ppi printers ask for"))
                .with_hint(format!("give it at least {needed} pixels across")),
        );
    }
    Ok(())
}

/// The front in type: the title a quarter of the way down, the subtitle under it, the
/// authors below the middle, the publisher at the foot; sizes grow with the panel.
fn typographic_front(
    setter: &mut Setter,
    spec: &CoverSpec,
    left: f32,
    warnings: &Warnings,
    items: &mut Vec<Placed>,
) {
    let meta = &setter.book.metadata;
    let k = (spec.width / 420.0).clamp(0.7, 1.6);
    let measure = spec.width - 2.0 * spec.margin;
    let x = left + spec.margin;
    let look = |size: f32, italic: bool, caps: bool| Display {
        size: size * k,
        leading: size * k * 1.2,
        italic,
        bold: false,
        caps,
    };
    // Display lines: balanced, never hyphenated, short words kept with the next.
    let title_look = look(30.0, false, false);
    let title = setter.set(warnings, |flow| {
        flow.cover_display(&meta.title, measure, title_look)
    });
    let (placed, mut depth) = stack(title, x, 0.22 * spec.height);
    items.extend(placed);
    if let Some(subtitle) = &meta.subtitle {
        let look = look(15.0, true, false);
        let lines = setter.set(warnings, |flow| flow.cover_display(subtitle, measure, look));
        let (placed, below) = stack(lines, x, depth + 14.0 * k);
        items.extend(placed);
        depth = below;
    }
    if !meta.authors.is_empty() {
        let names = crate::locale::join_names(&meta.authors, crate::locale::words(&meta.language));
        let look = look(16.0, false, false);
        let lines = setter.set(warnings, |flow| flow.cover_display(&names, measure, look));
        let (placed, _) = stack(lines, x, (0.58 * spec.height).max(depth + 36.0 * k));
        items.extend(placed);
    }
    if let Some(publisher) = &meta.publisher {
        let look = look(11.0, false, true);
        let lines = setter.set(warnings, |flow| {
            flow.cover_display(publisher, measure, look)
        });
        let top = spec.height - spec.margin - 0.6 * spec.margin - 11.0 * k * 1.2;
        let (placed, _) = stack(lines, x, top);
        items.extend(placed);
    }
}

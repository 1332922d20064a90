//! The printed cover: one sheet that wraps the book, back, spine and front side by side
//! (the back on the left as the sheet lies face up), set by the typesetter that sets the
//! book and written by the same PDF writer.
//!
//! One file per part: `spine` (its line of text, turned), `barcode` (the ISBN's EAN-13
//! symbol), this file (the panels, the front and the back).

pub(crate) mod barcode;
mod spine;

use std::sync::{Arc, Mutex};

use super::flow::{Display, Flow, VItem};
use super::fonts::{Coverage, FaceId, FontSet};
use super::page::{Direction, Item, Page, PageKind, Placed, Point, Role};
use super::shape::Shaper;
use super::{FigureCheck, Layout, PrintDesign};
use crate::diag::{Diagnostic, Kind, Loc, Result, Warnings};
use crate::ir::Book;

/// What a cover is made of: sizes in points, from the printer's profile and the interior.
#[derive(Debug, Clone)]
pub struct CoverSpec {
    /// One panel: the book's trim.
    pub width: f32,
    pub height: f32,
    /// The spine's width, from the interior's page count and paper.
    pub spine: f32,
    /// Bleed beyond the trim on all four edges; the front's image fills it.
    pub bleed: f32,
    /// How far text keeps inside the trim and the folds.
    pub margin: f32,
    /// How far the spine's text keeps inside each fold.
    pub spine_margin: f32,
    /// The spine's text and the way it runs, when the book is thick enough for it.
    pub spine_text: Option<Direction>,
    /// The barcode's box at the foot of the back, kept clear of text: the printer
    /// prints its own barcode there when the book brings none.
    pub barcode: BarcodeArea,
    /// The printed edition's ISBN, drawn as a barcode in that box.
    pub isbn: Option<Isbn>,
    /// The book.toml line naming the cover image, for messages about its resolution.
    pub image_at: Option<Loc>,
}

/// An ISBN to draw as a barcode.
#[derive(Debug, Clone)]
pub struct Isbn {
    /// The ISBN-13's digits.
    pub digits: String,
    /// The ISBN as the author wrote it (with its hyphens), printed above the bars.
    pub written: String,
}

/// Where the barcode goes: a box at the foot of the back, by the spine.
#[derive(Debug, Clone)]
pub struct BarcodeArea {
    /// The box's size and its distances from the spine's fold and from the foot.
    pub width: f32,
    pub height: f32,
    pub from_fold: f32,
    pub from_foot: f32,
}

/// A cover image printing below 300 ppi at the size of the front.
const COVER_RESOLUTION: Kind = Kind::new(
    "cover image prints below 300 ppi",
    "cover images print below 300 ppi",
);

/// The resolution printers ask for (KDP, IngramSpark and Lulu: 300 ppi), and the one
/// below which a cover is refused here: at 150 ppi the pixels show at arm's length.
const GOOD_PPI: f32 = 300.0;
const LEAST_PPI: f32 = 150.0;

/// Sets the cover of `book` as `spec` says: one page, the size of the whole wrap.
pub fn cover(
    book: &Book,
    design: &PrintDesign,
    spec: &CoverSpec,
    figures: &dyn FigureCheck,
    warnings: &Warnings,
) -> Result<Layout> {
    let fonts = FontSet::load(&book.fonts)?;
    let mut shaper = Shaper::new(&fonts, &book.metadata.language);
    let coverage = Mutex::new(Coverage::default());
    let mut items = Vec::new();
    let mut stats = {
        let mut flow = Flow::new(&mut shaper, book, design, figures, warnings, &coverage);
        front(&mut flow, book, spec, figures, warnings, &mut items)?;
        if let Some(direction) = spec.spine_text {
            items.extend(spine::text(&mut flow, &book.metadata, spec, direction));
        }
        back(&mut flow, book, spec, &mut items)?;
        flow.stats
    };
    stats.pages = 1;
    let mut glyph_text = std::collections::BTreeMap::new();
    for (k, v) in std::mem::take(&mut shaper.to_unicode) {
        super::shape::record_glyph_text(&mut glyph_text, k, &v);
    }
    let page = Page {
        width: 2.0 * spec.width + spec.spine,
        height: spec.height,
        kind: PageKind::Display,
        label: String::new(),
        items,
        lines: Vec::new(),
        start: None,
    };
    Ok(Layout {
        pages: vec![Arc::new(page)],
        stats,
        outline: Vec::new(),
        front_pages: 0,
        glyph_text,
        font_names: (0..FaceId::COUNT)
            .map(|i| fonts.name_at(i).to_string())
            .collect(),
    })
}

/// The front: the cover image filling the panel and its bleed, or, without one, the
/// title, subtitle, authors and publisher set in the book's faces.
fn front(
    flow: &mut Flow,
    book: &Book,
    spec: &CoverSpec,
    figures: &dyn FigureCheck,
    warnings: &Warnings,
    items: &mut Vec<Placed>,
) -> Result<()> {
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
                COVER_RESOLUTION,
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
    typographic_front(flow, book, spec, left, items);
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
    let needed = (area_w / 72.0 * GOOD_PPI).ceil();
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
    if ppi < GOOD_PPI - 0.5 {
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
    flow: &mut Flow,
    book: &Book,
    spec: &CoverSpec,
    left: f32,
    items: &mut Vec<Placed>,
) {
    let meta = &book.metadata;
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
    let (title, inset) = balanced(flow, &meta.title, measure, look(30.0, false, false));
    let (placed, mut depth) = stack(title, x + inset, 0.22 * spec.height);
    items.extend(placed);
    if let Some(subtitle) = &meta.subtitle {
        let (lines, inset) = balanced(flow, subtitle, measure, look(15.0, true, false));
        let (placed, below) = stack(lines, x + inset, depth + 14.0 * k);
        items.extend(placed);
        depth = below;
    }
    if !meta.authors.is_empty() {
        let names = crate::locale::join_names(&meta.authors, crate::locale::words(&meta.language));
        let lines = flow.cover_display(&names, measure, look(16.0, false, false));
        let (placed, _) = stack(lines, x, (0.58 * spec.height).max(depth + 36.0 * k));
        items.extend(placed);
    }
    if let Some(publisher) = &meta.publisher {
        let lines = flow.cover_display(publisher, measure, look(11.0, false, true));
        let top = spec.height - spec.margin - 0.6 * spec.margin - 11.0 * k * 1.2;
        let (placed, _) = stack(lines, x, top);
        items.extend(placed);
    }
}

/// `text` centred on `measure` in as few lines as it takes, those lines made as even as
/// a narrower measure makes them (a display title never ends on a lone word when two
/// halves can share it); returns the lines and how far the measure was drawn in.
fn balanced(flow: &mut Flow, text: &str, measure: f32, look: Display) -> (Vec<VItem>, f32) {
    let lines = |vlist: &[VItem]| {
        vlist
            .iter()
            .filter(|v| matches!(v, VItem::Line { .. }))
            .count()
    };
    let widest = flow.cover_display(text, measure, look);
    let count = lines(&widest);
    let mut best = (widest, 0.0);
    if count < 2 {
        return best;
    }
    // Narrower by a twentieth at a time while the line count holds.
    for step in 1..12 {
        let narrower = measure * (1.0 - 0.05 * step as f32);
        let set = flow.cover_display(text, narrower, look);
        if lines(&set) != count {
            break;
        }
        best = (set, (measure - narrower) / 2.0);
    }
    best
}

/// The back: its text a little larger than the book's on the panel's measure (smaller,
/// down to 8 pt, when it would not fit above the barcode's box), and the barcode.
fn back(flow: &mut Flow, book: &Book, spec: &CoverSpec, items: &mut Vec<Placed>) -> Result<()> {
    let area = &spec.barcode;
    let box_top = spec.height - area.from_foot - area.height;
    if let Some(isbn) = &spec.isbn {
        items.extend(barcode_box(flow, isbn, spec));
    }
    let floor = box_top - spec.margin / 2.0;
    let blocks = &book.back_cover;
    if blocks.is_empty() {
        return Ok(());
    }
    let design = flow.design_size();
    let measure = spec.width - 2.0 * spec.margin;
    // A back cover is read at arm's length in a shop: a tenth larger than the page, set
    // an inch from the head.
    let top = 2.0 * spec.margin;
    let mut size = (1.1 * design.0 * 2.0).round() / 2.0;
    loop {
        let leading = size * design.1 / design.0;
        let lines = flow.cover_blocks(blocks, measure, size, leading);
        let (placed, depth) = stack(lines, spec.margin, top);
        if depth <= floor {
            items.extend(placed);
            return Ok(());
        }
        if size <= 8.0 {
            let file = match blocks.first() {
                Some(block) => Loc::file(&*block.loc().file),
                None => Loc::file("book.toml"),
            };
            return Err(Diagnostic::at(
                file,
                format!(
                    "the back cover's text does not fit on the back: at 8 pt it runs {:.0} mm below the room it has",
                    (depth - floor) / 72.0 * 25.4
                ),
            )
            .with_hint("shorten it, or write a shorter text for the back in [cover] back"));
        }
        size = (size - 0.5).max(8.0);
    }
}

/// The barcode centred in its box.
fn barcode_box(flow: &mut Flow, isbn: &Isbn, spec: &CoverSpec) -> Vec<Placed> {
    let code = &spec.barcode;
    let box_left = spec.width - code.from_fold - code.width;
    let box_top = spec.height - code.from_foot - code.height;
    let label_size = 8.0;
    let label_gap = label_size * 1.25;
    let symbol_w = barcode::WIDTH_MODULES as f32 * barcode::MODULE;
    // As large as the box allows, between the 80 % GS1 allows and 100 %.
    let room = code.height - label_gap;
    let scale = (room / barcode::height(1.0))
        .min(code.width / symbol_w)
        .clamp(0.8, 1.0);
    let top = box_top + (code.height - label_gap - barcode::height(scale)) / 2.0 + label_gap;
    let left = box_left + (code.width - symbol_w * scale) / 2.0;
    let look = |size: f32| Display {
        size,
        leading: size,
        ..Display::default()
    };
    let mut items = Vec::new();
    let label = flow.cover_run(&format!("ISBN {}", isbn.written), look(label_size), true);
    items.push(Placed {
        at: Point {
            x: left + (symbol_w * scale - label.width) / 2.0,
            y: top - 0.35 * label_size,
        },
        role: Role::Figure,
        item: Item::Text(label),
    });
    let digit_size = barcode::DIGIT_SIZE * scale;
    items.extend(barcode::draw(
        &isbn.digits,
        Point { x: left, y: top },
        scale,
        &mut |text| flow.cover_run(text, look(digit_size), true),
    ));
    items
}

/// The lines and blocks of a vertical list placed from `top` down, their left edge at
/// `left`; returns the items and the depth reached (the last baseline or block's foot).
fn stack(vlist: Vec<VItem>, left: f32, top: f32) -> (Vec<Placed>, f32) {
    let mut items = Vec::new();
    let mut y = top;
    let mut first = true;
    for entry in vlist {
        match entry {
            VItem::Line {
                items: line,
                advance,
                ascent,
                ..
            } => {
                y += if first { ascent } else { advance };
                first = false;
                items.extend(line.into_iter().map(|mut p| {
                    p.translate(left, y);
                    p
                }));
            }
            VItem::Space(h) if !first => y += h,
            VItem::Block {
                items: block,
                height,
                ..
            } => {
                items.extend(block.into_iter().map(|mut p| {
                    p.translate(left, y);
                    p
                }));
                y += height;
                first = false;
            }
            _ => {}
        }
    }
    (items, y)
}

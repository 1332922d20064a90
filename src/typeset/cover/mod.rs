//! The printed cover: one sheet that wraps the book, back, spine and front side by side
//! (the back on the left as the sheet lies face up), set by the typesetter that sets the
//! book and written by the same PDF writer.
//!
//! One file per part: `front` (the image or the title in type), `spine` (its line of
//! text, turned), `back` (its text), `barcode` (the ISBN's EAN-13 symbol), and this file
//! (the measures, the flows that set the words, the page).

mod back;
pub(crate) mod barcode;
mod front;
pub mod spine;

pub use front::front_resolution;

use std::sync::{Arc, Mutex};

use super::flow::{Flow, VItem};
use super::fonts::{Coverage, FontSet};
use super::page::{Direction, Page, PageKind, Placed};
use super::shape::Shaper;
use super::{FigureCheck, Layout, PrintDesign};
use crate::diag::{Loc, Result, Warnings};
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
    {
        let mut setter = Setter {
            shaper: &mut shaper,
            book,
            design,
            figures,
            coverage: &coverage,
        };
        front::front(&mut setter, spec, warnings, &mut items)?;
        if let Some(direction) = spec.spine_text {
            let placed = setter.set(warnings, |flow| {
                spine::text(flow, &book.metadata, spec, direction)
            });
            items.extend(placed);
        }
        back::back(&mut setter, spec, warnings, &mut items)?;
    }
    let stats = super::Stats {
        pages: 1,
        ..super::Stats::default()
    };
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
        // A cover is printed, never read aloud: it has no structure.
        structure: Vec::new(),
        stats,
        outline: Vec::new(),
        front_pages: 0,
        glyph_text,
        font_names: (0..fonts.count())
            .map(|i| fonts.name_at(i).to_string())
            .collect(),
    })
}

/// What sets the cover's words: a flow made afresh for each setting, so that the warnings
/// of a setting tried and given up (a size too large for the back) are never told.
struct Setter<'s, 'f, 'a> {
    shaper: &'s mut Shaper<'f, 'a>,
    book: &'a Book,
    design: &'a PrintDesign,
    figures: &'s dyn FigureCheck,
    coverage: &'s Mutex<Coverage>,
}

impl<'f, 'a> Setter<'_, 'f, 'a> {
    /// `f` run on a flow that tells its warnings to `warnings`.
    fn set<R>(&mut self, warnings: &Warnings, f: impl FnOnce(&mut Flow<'_, 'f, 'a>) -> R) -> R {
        let mut flow = Flow::new(
            self.shaper,
            self.book,
            self.design,
            self.figures,
            warnings,
            self.coverage,
        );
        f(&mut flow)
    }

    /// `f` set as a trial: its result, and its warnings for the caller to keep or drop.
    fn try_set<R>(&mut self, f: impl FnOnce(&mut Flow<'_, 'f, 'a>) -> R) -> (R, Warnings) {
        let said = Warnings::new();
        let result = self.set(&said, f);
        (result, said)
    }
}

/// Tells `warnings` what a kept trial said.
fn keep(said: Warnings, warnings: &Warnings) {
    for warning in said.sorted() {
        warnings.push(warning.kind, warning.diagnostic);
    }
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

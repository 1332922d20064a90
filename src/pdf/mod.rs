//! The PDF backend: the tree → a typeset PDF file's bytes.
//!
//! The pipeline, one file per step: `fonts` (faces and fallback) → `shape` (rustybuzz) →
//! `hyphenate` + `linebreak` (Knuth–Plass) inside `flow` (blocks → lines) → `paginate`
//! (lines → pages of `frame` items) → `write` (frames → printpdf, fonts via `subset`,
//! images via `image`) → `finish` (lopdf post-pass: /Lang, /ID, Info, XMP).

mod finish;
mod flow;
mod fonts;
pub mod frame;
mod hyphenate;
mod image;
mod linebreak;
mod paginate;
mod shape;
mod subset;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diag::{Result, Warnings};
use crate::ir::Book;

use fonts::{FaceId, FontSet};
use shape::Shaper;

/// What the typesetter did, for reports and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages in the document.
    pub pages: usize,
    /// Lines of text set (body, notes, code, captions, table cells).
    pub lines: usize,
    /// Lines that end with a hyphen the typesetter added.
    pub hyphenated: usize,
    /// Lines set looser than the looser pass allows (each one warned about).
    pub loose: usize,
    /// Lines wider than their measure (each one warned about; should be 0).
    pub overfull: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.pages += o.pages;
        self.lines += o.lines;
        self.hyphenated += o.hyphenated;
        self.loose += o.loose;
        self.overfull += o.overfull;
    }
}

/// The laid-out book: its pages, before any PDF is written.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<frame::Page>,
    pub stats: Stats,
    to_unicode: BTreeMap<(FaceId, u16), String>,
}

/// Typesets `book` and returns the PDF.
pub fn write(book: &Book, warnings: &Warnings) -> Result<Vec<u8>> {
    write_with_stats(book, warnings).map(|(bytes, _)| bytes)
}

/// Typesets `book` and returns the PDF and what the typesetter counted.
pub fn write_with_stats(book: &Book, warnings: &Warnings) -> Result<(Vec<u8>, Stats)> {
    let fonts = FontSet::load(&book.fonts)?;
    let layout = layout_with(book, &fonts, warnings);
    let doc = write::document(book, &layout.pages, &fonts, &layout.to_unicode)?;
    let bytes = finish::finish(&doc, book)?;
    Ok((bytes, layout.stats))
}

/// Lays the book out into pages (no PDF written): for tests and text dumps.
pub fn layout(book: &Book, warnings: &Warnings) -> Result<Layout> {
    let fonts = FontSet::load(&book.fonts)?;
    Ok(layout_with(book, &fonts, warnings))
}

fn layout_with(book: &Book, fonts: &FontSet<'_>, warnings: &Warnings) -> Layout {
    let missing = Mutex::new(HashSet::new());
    let chapters: Vec<_> = book
        .chapters
        .par_iter()
        .enumerate()
        .map(|(i, chapter)| {
            let mut shaper = Shaper::new(fonts, &book.metadata.language);
            let mut flow = flow::Flow::new(&mut shaper, book, warnings, &missing);
            flow.chapter(i, chapter);
            let (out, stats) = (std::mem::take(&mut flow.out), flow.stats);
            (out, stats, shaper.to_unicode)
        })
        .collect();
    let mut vlist = Vec::new();
    let mut stats = Stats::default();
    let mut to_unicode = BTreeMap::new();
    for (out, s, map) in chapters {
        vlist.extend(out);
        stats += s;
        for (k, v) in map {
            to_unicode.entry(k).or_insert(v);
        }
    }
    let mut shaper = Shaper::new(fonts, &book.metadata.language);
    let pages = paginate::paginate(&vlist, &book.pdf, &mut |text| {
        let shaped = shaper.shape(FaceId::Regular, false, text);
        let size = 9.0;
        let scale = size / fonts.units_per_em(FaceId::Regular);
        let mut x = 0;
        let glyphs = shaped
            .glyphs
            .iter()
            .map(|g| {
                let placed = frame::PlacedGlyph {
                    gid: g.gid,
                    x: (x + g.dx) as f32 * scale,
                    rise: 0.0,
                };
                x += g.advance;
                placed
            })
            .collect();
        frame::TextRun {
            face: FaceId::Regular,
            size,
            glyphs,
            width: shaped.width as f32 * scale,
            text: text.to_string(),
        }
    });
    for (k, v) in shaper.to_unicode {
        to_unicode.entry(k).or_insert(v);
    }
    stats.pages = pages.len();
    Layout {
        pages,
        stats,
        to_unicode,
    }
}

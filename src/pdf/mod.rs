//! The PDF backend: the tree → a typeset PDF file's bytes.
//!
//! The pipeline, one file per step: `fonts` (faces and fallback) → `shape` (rustybuzz) →
//! `hyphenate` + `linebreak` (Knuth–Plass) inside `flow` (blocks → lines) → `paginate`
//! (lines → pages of `frame` items) → `write` (frames → printpdf, fonts via `subset`,
//! images via `image`) → `finish` (lopdf post-pass: /Lang, /ID, Info, XMP).

mod content;
mod finish;
mod flow;
mod fonts;
pub mod frame;
mod hyphenate;
mod image;
mod linebreak;
mod outline;
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
use image::Figures;
use shape::Shaper;

pub use paginate::OutlineEntry;

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
    /// Bookmarks: chapters (level 1) and their sections (level 2), in reading order.
    pub outline: Vec<OutlineEntry>,
    /// Pages before chapter 1 (numbered in roman).
    pub front_pages: usize,
    to_unicode: BTreeMap<(FaceId, u16), String>,
}

/// Typesets `book` and returns the PDF.
pub fn write(book: &Book, warnings: &Warnings) -> Result<Vec<u8>> {
    write_with_stats(book, warnings).map(|(bytes, _)| bytes)
}

/// Typesets `book` and returns the PDF and what the typesetter counted.
pub fn write_with_stats(book: &Book, warnings: &Warnings) -> Result<(Vec<u8>, Stats)> {
    let fonts = FontSet::load(&book.fonts)?;
    let figures = Figures::new(book);
    let layout = layout_with(book, &fonts, &figures, warnings);
    let mut written = write::document(book, &layout.pages, &fonts, &figures, &layout.to_unicode)?;
    let doc = written.take_doc();
    let bytes = finish::finish(doc, &written.glyphs, &|n| written.content(n), book, &layout)?;
    Ok((bytes, layout.stats))
}

/// Lays the book out into pages (no PDF written): for tests and text dumps.
pub fn layout(book: &Book, warnings: &Warnings) -> Result<Layout> {
    let fonts = FontSet::load(&book.fonts)?;
    Ok(layout_with(book, &fonts, &Figures::new(book), warnings))
}

fn layout_with(book: &Book, fonts: &FontSet<'_>, figures: &Figures, warnings: &Warnings) -> Layout {
    let missing = Mutex::new(HashSet::new());
    let chapters: Vec<_> = book
        .chapters
        .par_iter()
        .enumerate()
        .map(|(i, chapter)| {
            let mut shaper = Shaper::new(fonts, &book.metadata.language);
            let mut flow = flow::Flow::new(&mut shaper, book, figures, warnings, &missing);
            let set = flow.chapter(i, chapter);
            let stats = flow.stats;
            (set, stats, shaper.to_unicode)
        })
        .collect();
    let mut flows = Vec::with_capacity(chapters.len());
    let mut stats = Stats::default();
    let mut to_unicode = BTreeMap::new();
    for (set, s, map) in chapters {
        flows.push(set);
        stats += s;
        for (k, v) in map {
            to_unicode.entry(k).or_insert(v);
        }
    }
    let geo = paginate::Geometry::new(&book.pdf);
    let body = paginate::body(&mut flows, &geo);

    // The contents need the body's page numbers, which do not depend on the front
    // matter (arabic numbering starts again at chapter 1): lay out, then fill.
    let entries = paginate::contents_entries(&body);
    let mut shaper = Shaper::new(fonts, &book.metadata.language);
    let (mut display, mut contents, contents_title, front_stats) = {
        let mut flow = flow::Flow::new(&mut shaper, book, figures, warnings, &missing);
        let display = flow.front_matter();
        let contents = flow.contents(&entries);
        (display, contents, flow.contents_title(), flow.stats)
    };
    stats += front_stats;
    let front = paginate::front(&mut display, &mut contents, &geo);
    let front_pages = front.len();
    let titles: Vec<String> = flows.iter().map(|f| f.title.clone()).collect();
    let mut set = |text: &str, face: FaceId, size: f32, small_caps: bool| {
        let shaped = shaper.shape(face, small_caps, text);
        let scale = size / fonts.units_per_em(face);
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
            face,
            size,
            glyphs,
            width: shaped.width as f32 * scale,
            text: text.to_string(),
            strike: false,
        }
    };
    let (pages, outline) = paginate::assemble(
        front,
        body,
        &book.metadata.title,
        &titles,
        contents_title,
        &geo,
        &mut set,
    );
    for (k, v) in shaper.to_unicode {
        to_unicode.entry(k).or_insert(v);
    }
    stats.pages = pages.len();
    Layout {
        pages,
        stats,
        outline,
        front_pages,
        to_unicode,
    }
}

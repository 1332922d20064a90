//! The PDF writer: laid-out pages → a PDF file's bytes. It never sees the tree's
//! paragraphs: it draws the typesetter's pages ([`Layout`]) with the book's fonts, images
//! and metadata.
//!
//! One file per concern: `content` (each page's content stream, written by hand),
//! `fonts` and `subset` (the faces the pages use, subset), `image` (figures as XObjects),
//! `document` (the one room printpdf is used in: the document's skeleton, handed to
//! lopdf), `navigation` (outline, page labels, links, boxes) and `metadata` (Info, XMP,
//! `/Lang`, `/ID`). Everything after `document` works on lopdf's objects.

mod content;
mod document;
mod fonts;
mod image;
mod metadata;
mod navigation;
mod subset;

use lopdf::Object;
use rayon::prelude::*;

use crate::diag::{Diagnostic, Result};
use crate::ir::{Fonts, Metadata};
use crate::typeset::Layout;

pub use image::Figures;

/// What the PDF is made of besides its pages.
pub struct Document<'a> {
    /// Title, authors, language, dates: the Info dictionary and XMP.
    pub metadata: &'a Metadata,
    /// The font files the pages' faces come from.
    pub fonts: &'a Fonts,
    /// The figures, as prepared while the layout asked about them.
    pub figures: &'a Figures<'a>,
}

/// How to write the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfOptions {
    /// Bleed in points, added on every side of each page's trim.
    pub bleed: f32,
}

/// Writes the laid-out pages as a PDF.
pub fn write(layout: &Layout, source: &Document<'_>, options: &PdfOptions) -> Result<Vec<u8>> {
    let faces = fonts::subsets(layout, source.fonts)?;
    let mut lo = document::build(
        &source.metadata.title,
        &layout.pages,
        faces,
        source.figures.prepared(),
        options.bleed,
    )?;
    lo.version = "1.7".to_string();
    let fail = |what: &str| Diagnostic::general(format!("writing the PDF: {what}"));
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| fail("no document catalog"))?;
    // In this order, which sets the objects' numbers (and so the file's bytes).
    metadata::catalog(&mut lo, root, source.metadata)
        .map_err(|()| fail("the catalog is not a dictionary"))?;
    navigation::apply(&mut lo, layout, options.bleed, root)?;
    document::indirect_form_fonts(&mut lo);
    metadata::info(&mut lo, source.metadata);

    // `lo.compress()`, one stream per thread: each stream is compressed on its own (at
    // lopdf's level), so the bytes are the same whatever the number of threads.
    lo.objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect::<Vec<&mut lopdf::Stream>>()
        .into_par_iter()
        .for_each(|s| {
            // As `compress` does: an error leaves the stream as it is.
            let _ = s.compress();
        });
    metadata::id(&mut lo, source.metadata);

    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| fail(&format!("serialising failed: {e}")))?;
    Ok(bytes)
}

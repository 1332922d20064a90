//! The PDF writer: laid-out pages → a PDF file's bytes. It never sees the tree's
//! paragraphs: it draws the typesetter's pages ([`Layout`]) with the book's fonts, images
//! and metadata.
//!
//! One file per concern: `content` (each page's content stream), `fonts` (subsets and
//! their registration with printpdf), `image` (figures as XObjects), `navigation`
//! (outline, page labels, links, boxes), `metadata` (Info, XMP, `/Lang`, `/ID`) and
//! `document` (printpdf's document turned into lopdf's and serialised).

mod content;
mod document;
mod fonts;
mod image;
mod metadata;
mod navigation;
mod subset;

use crate::diag::Result;
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
pub fn write(layout: &Layout, doc: &Document<'_>, options: &PdfOptions) -> Result<Vec<u8>> {
    let mut written = fonts::document(doc, layout, options.bleed)?;
    let printpdf_doc = written.take_doc();
    document::finish(
        printpdf_doc,
        &written.glyphs,
        &|n| written.content(n),
        doc.metadata,
        layout,
        options,
    )
}

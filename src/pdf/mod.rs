//! The PDF writer: laid-out pages → a PDF file's bytes. It never sees the tree's
//! paragraphs: it draws the typesetter's pages ([`Layout`]) with the book's fonts, images
//! and metadata.
//!
//! One file per concern: `content` (each page's content stream, written by hand),
//! `fonts` and `subset` (the faces the pages use, subset), `image` (figures as XObjects),
//! `document` (the one room printpdf is used in: the document's skeleton, handed to
//! lopdf), `navigation` (outline, page labels, links, boxes) and `metadata` (Info, XMP,
//! `/Lang`, `/ID`), `pdfx` (what makes the print interior a PDF/X-1a file), `tags` (the
//! screen PDF's marked content and structure tree: tagged PDF/UA-1) and `pdfa` (its
//! PDF/A-2u output intent). Everything after `document` works on lopdf's objects,
//! `colour` too (a print interior's colours in process inks, its transparency
//! flattened).

mod colour;
mod content;
mod document;
mod fonts;
mod image;
mod metadata;
mod navigation;
mod pdfa;
mod pdfx;
mod subset;
mod tags;

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

pub use colour::Process;
pub use pdfx::OutputIntent;

/// How to write the file.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Where each page sits on its sheet: the bleed around its trim.
    pub sheets: Sheets,
    /// The print interior (a PDF/X-1a file with no bookmarks or links), or, when `None`,
    /// the screen PDF.
    pub print: Option<PrintFile>,
}

/// What makes a print file: its process colours and the printing condition they are for.
#[derive(Debug, Clone)]
pub struct PrintFile {
    pub process: Process,
    pub intent: OutputIntent,
    pub standard: crate::manuscript::config::Standard,
}

/// The bleed around every page's trim.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sheets {
    /// Bleed in points beyond the trim.
    pub bleed: f32,
    /// The bleed runs on the three outer edges only: a page bound at the spine has none
    /// on its inner edge (print-on-demand interiors, KDP's «bleed» option).
    pub outer_edges_only: bool,
}

/// A page's sheet: its size and the trim's lower-left corner on it, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sheet {
    pub width: f32,
    pub height: f32,
    pub x: f32,
    pub y: f32,
}

impl Sheets {
    /// The sheet of page `index` (0 is the first recto).
    pub fn of(&self, index: usize, page: &crate::typeset::page::Page) -> Sheet {
        let b = self.bleed;
        if self.outer_edges_only {
            // A recto's inner edge is its left, a verso's its right.
            let recto = index.is_multiple_of(2);
            Sheet {
                width: page.width + b,
                height: page.height + 2.0 * b,
                x: if recto { 0.0 } else { b },
                y: b,
            }
        } else {
            Sheet {
                width: page.width + 2.0 * b,
                height: page.height + 2.0 * b,
                x: b,
                y: b,
            }
        }
    }
}

/// Writes the laid-out pages as a PDF.
pub fn write(layout: &Layout, source: &Document<'_>, options: &PdfOptions) -> Result<Vec<u8>> {
    // The screen PDF is tagged; the print interior is not (PDF/X-1a predates tags).
    let faces = fonts::subsets(layout, source.fonts, options.print.is_none())?;
    let tagging = tags::Tagging {
        structure: &layout.structure,
    };
    let tagging = options.print.is_none().then_some(&tagging);
    let (mut lo, marks) = document::build(
        &source.metadata.title,
        &layout.pages,
        faces,
        source.figures.prepared(),
        &options.sheets,
        tagging,
    )?;
    // PDF/X-1a:2001 is PDF 1.3 (ISO 15930-1), PDF/X-4 PDF 1.6 (ISO 15930-7); the screen
    // PDF uses what 1.7 offers.
    lo.version = match &options.print {
        Some(print) => pdfx::pdf_version(print.standard),
        None => "1.7",
    }
    .to_string();
    let fail = |what: &str| Diagnostic::general(format!("writing the PDF: {what}"));
    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| fail("no document catalog"))?;
    // In this order, which sets the objects' numbers (and so the file's bytes).
    let pdfx = options
        .print
        .as_ref()
        .map(|print| pdfx::version(print.standard));
    metadata::catalog(&mut lo, root, source.metadata, pdfx)
        .map_err(|()| fail("the catalog is not a dictionary"))?;
    let annots = navigation::apply(
        &mut lo,
        layout,
        &options.sheets,
        options.print.is_none(),
        root,
    )?;
    if let Some(tagging) = tagging {
        tags::apply(&mut lo, layout, tagging, &marks, &annots, root)
            .map_err(|why| fail(&format!("tagging: {why}")))?;
        pdfa::mark(&mut lo, root).map_err(|()| fail("the catalog is not a dictionary"))?;
    }
    document::indirect_form_fonts(&mut lo);
    metadata::info(&mut lo, source.metadata, options.print.is_some());
    if let Some(print) = &options.print {
        colour::to_process(&mut lo, print.process)
            .map_err(|why| fail(&format!("converting the colours for print: {why}")))?;
        // The figures' colour profiles and soft masks the conversion left unreferenced
        // (a book without figures has none, and a walk of its thousands of objects).
        if source.figures.prepared().next().is_some() {
            lo.prune_objects();
        }
        pdfx::mark(&mut lo, root, &print.intent, print.standard)
            .map_err(|()| fail("the catalog is not a dictionary"))?;
    }

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
    // Data ending in CR reads one byte short before lopdf's `\nendstream` (PDF/A:
    // ISO 19005-2, 6.1.7.1): such a stream, when Flate alone compressed it (here, or a
    // figure's before), is written decoded.
    for s in lo.objects.values_mut().filter_map(|o| match o {
        Object::Stream(s) if s.content.ends_with(b"\r") => Some(s),
        _ => None,
    }) {
        let flate_alone = s.dict.get(b"DecodeParms").is_err()
            && s.filters().is_ok_and(|f| f == [b"FlateDecode".as_slice()]);
        if let Some(plain) = flate_alone
            .then(|| s.decompressed_content().ok())
            .flatten()
            .filter(|p| !p.ends_with(b"\r"))
        {
            s.set_plain_content(plain);
        }
    }
    metadata::id(&mut lo, source.metadata);

    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| fail(&format!("serialising failed: {e}")))?;
    Ok(bytes)
}

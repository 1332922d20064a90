//! printpdf's document → lopdf's → bytes: what printpdf 0.12 cannot do or does wrong,
//! corrected in one pass. The pages' content streams go in (written by `content`,
//! compressed in parallel), the metadata (`metadata`) and navigation (`navigation`) are
//! added, fonts inside SVG forms become objects, and the bytes are serialised by lopdf
//! (printpdf's `save_writer` drops write errors).

use lopdf::{Dictionary, Object, Stream};
use printpdf::{Codepoint, Op, PdfDocument, PdfFontHandle, PdfSaveOptions, Pt, TextItem};
use rayon::prelude::*;

use super::fonts::Glyphs;
use super::PdfOptions;
use crate::diag::{Diagnostic, Result};
use crate::ir::Metadata;
use crate::typeset::Layout;

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    }
}

/// The level page streams are compressed at. zlib's default: on content streams level
/// 9 (lopdf's `compress`) took three times as long for a file 1 % smaller.
const PAGE_COMPRESSION: u32 = 6;

/// `doc.to_lopdf_document(..)` with the pages' content streams written by `page_stream`,
/// in parallel and each compressed on its own (so the bytes do not depend on threads).
///
/// printpdf writes the fonts' ToUnicode maps and `/W` widths from the glyphs its
/// operators show; the document's first page shows each used glyph once with its text
/// (`glyphs`), and its content is then replaced like every other page's.
fn to_lopdf(
    mut doc: PdfDocument,
    glyphs: &Glyphs,
    page_stream: &(dyn Fn(usize) -> Vec<u8> + Sync),
) -> lopdf::Document {
    let mut first_ops = vec![Op::StartTextSection];
    for (id, shown) in glyphs {
        first_ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        first_ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                shown
                    .iter()
                    .map(|(&gid, text)| Codepoint {
                        gid,
                        offset: 0.0,
                        cid: text.clone(),
                    })
                    .collect(),
            )],
        });
    }
    first_ops.push(Op::EndTextSection);
    if let Some(first) = doc.pages.first_mut() {
        first.ops = first_ops;
    }
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save_options(), &mut warnings);
    let contents = page_contents(&lo);
    let streams: Vec<Stream> = (0..contents.len())
        .into_par_iter()
        .map(|n| deflated(page_stream(n)))
        .collect();
    for (id, stream) in contents.into_iter().zip(streams) {
        lo.objects.insert(id, Object::Stream(stream));
    }
    lo
}

/// A stream of `bytes`, Flate-compressed at [`PAGE_COMPRESSION`].
fn deflated(bytes: Vec<u8>) -> Stream {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(PAGE_COMPRESSION),
    );
    // Writing to a Vec cannot fail.
    let compressed = encoder
        .write_all(&bytes)
        .and_then(|()| encoder.finish())
        .ok();
    match compressed {
        Some(data) => {
            let dict =
                Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]);
            Stream::new(dict, data).with_compression(false)
        }
        None => Stream::new(Dictionary::new(), bytes).with_compression(false),
    }
}

/// The content stream of each page, in page order.
fn page_contents(lo: &lopdf::Document) -> Vec<lopdf::ObjectId> {
    lo.get_pages()
        .values()
        .filter_map(|&page| {
            lo.get_dictionary(page)
                .ok()?
                .get(b"Contents")
                .ok()?
                .as_reference()
                .ok()
        })
        .collect()
}

/// Turns the printpdf document into the final file's bytes; `page_stream` writes the
/// content stream of a page (the document's pages have none), `glyphs` says which
/// glyphs they show (see [`Glyphs`]).
pub fn finish(
    doc: PdfDocument,
    glyphs: &Glyphs,
    page_stream: &(dyn Fn(usize) -> Vec<u8> + Sync),
    meta: &Metadata,
    layout: &Layout,
    options: &PdfOptions,
) -> Result<Vec<u8>> {
    let mut lo = to_lopdf(doc, glyphs, page_stream);
    lo.version = "1.7".to_string();
    let fail = |what: &str| Diagnostic::general(format!("writing the PDF: {what}"));

    let root = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| fail("no document catalog"))?;
    super::metadata::catalog(&mut lo, root, meta)
        .map_err(|()| fail("the catalog is not a dictionary"))?;
    super::navigation::apply(&mut lo, layout, options.bleed, root)?;
    indirect_form_fonts(&mut lo);
    super::metadata::info(&mut lo, meta);

    // `lo.compress()`, one stream per thread: each stream is compressed on its own (at
    // lopdf's level), so the bytes are the same whatever the number of threads.
    lo.objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression => Some(s),
            _ => None,
        })
        .collect::<Vec<&mut Stream>>()
        .into_par_iter()
        .for_each(|s| {
            // As `compress` does: an error leaves the stream as it is.
            let _ = s.compress();
        });
    super::metadata::id(&mut lo, meta);

    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| fail(&format!("serialising failed: {e}")))?;
    Ok(bytes)
}

/// Makes the fonts in the resources of Form XObjects and patterns (SVG figures)
/// indirect objects.
///
/// printpdf writes an external XObject's dictionaries where they stand and only its
/// streams as objects of their own, so the fonts an SVG's text brings came out as
/// direct dictionaries. PDF 1.7 wants a font descriptor indirect, and poppler (pdffonts)
/// then reads neither the font's object nor its ToUnicode map. Fonts, their descendant
/// fonts and descriptors become objects here, in object order (reproducible).
fn indirect_form_fonts(lo: &mut lopdf::Document) {
    let forms: Vec<lopdf::ObjectId> = lo
        .objects
        .iter()
        .filter_map(|(id, object)| match object {
            // Forms, and the tiling patterns an SVG's `<pattern>` becomes.
            Object::Stream(s) if s.dict.has(b"Resources") => Some(*id),
            _ => None,
        })
        .collect();
    for id in forms {
        let fonts = match lo.objects.get(&id) {
            Some(Object::Stream(s)) => s
                .dict
                .get(b"Resources")
                .and_then(Object::as_dict)
                .and_then(|r| r.get(b"Font"))
                .and_then(Object::as_dict)
                .ok()
                .cloned(),
            _ => None,
        };
        let Some(mut fonts) = fonts else { continue };
        for (_, font) in fonts.iter_mut() {
            if let Object::Dictionary(dict) = font {
                let dict = std::mem::take(dict);
                *font = Object::Reference(add_font(lo, dict));
            }
        }
        if let Some(Object::Stream(s)) = lo.objects.get_mut(&id) {
            if let Ok(resources) = s.dict.get_mut(b"Resources").and_then(Object::as_dict_mut) {
                resources.set("Font", Object::Dictionary(fonts));
            }
        }
    }
}

/// Adds a font dictionary as an object, its descriptor and descendant fonts too.
fn add_font(lo: &mut lopdf::Document, mut font: Dictionary) -> lopdf::ObjectId {
    if let Ok(Object::Dictionary(descriptor)) = font.get(b"FontDescriptor").cloned() {
        let descriptor = lo.add_object(descriptor);
        font.set("FontDescriptor", Object::Reference(descriptor));
    }
    if let Ok(Object::Array(descendants)) = font.get(b"DescendantFonts").cloned() {
        let descendants = descendants
            .into_iter()
            .map(|d| match d {
                Object::Dictionary(d) => Object::Reference(add_font(lo, d)),
                other => other,
            })
            .collect();
        font.set("DescendantFonts", Object::Array(descendants));
    }
    lo.add_object(font)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A font written in place inside a pattern's (or a form's) resources becomes an
    /// object, with its descendant font and descriptor.
    #[test]
    fn fonts_inside_patterns_and_forms_become_objects() {
        let mut lo = lopdf::Document::with_version("1.7");
        let descriptor =
            Dictionary::from_iter(vec![("Type", Object::Name(b"FontDescriptor".to_vec()))]);
        let cid = Dictionary::from_iter(vec![("FontDescriptor", Object::Dictionary(descriptor))]);
        let font = Dictionary::from_iter(vec![(
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid)]),
        )]);
        let resources = Dictionary::from_iter(vec![(
            "Font",
            Object::Dictionary(Dictionary::from_iter(vec![(
                "f0",
                Object::Dictionary(font),
            )])),
        )]);
        let pattern = Stream::new(
            Dictionary::from_iter(vec![
                ("PatternType", Object::Integer(1)),
                ("Resources", Object::Dictionary(resources)),
            ]),
            Vec::new(),
        );
        let id = lo.add_object(pattern);
        indirect_form_fonts(&mut lo);
        let Some(Object::Stream(pattern)) = lo.objects.get(&id) else {
            panic!("the pattern is gone")
        };
        let font_ref = pattern
            .dict
            .get(b"Resources")
            .and_then(Object::as_dict)
            .and_then(|r| r.get(b"Font"))
            .and_then(Object::as_dict)
            .and_then(|f| f.get(b"f0"))
            .and_then(Object::as_reference)
            .expect("the font is a reference");
        let font = lo.get_dictionary(font_ref).unwrap();
        let cid_ref = font
            .get(b"DescendantFonts")
            .and_then(Object::as_array)
            .unwrap()[0]
            .as_reference()
            .expect("the descendant font is a reference");
        let cid = lo.get_dictionary(cid_ref).unwrap();
        assert!(cid
            .get(b"FontDescriptor")
            .and_then(Object::as_reference)
            .is_ok());
    }
}

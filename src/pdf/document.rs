//! The one place printpdf is used: it builds the document's skeleton (the subset fonts
//! with their `/W` widths and ToUnicode maps, the figures as XObjects, the page boxes),
//! which is then handed over to lopdf with the pages' content streams put in.
//!
//! Why it is done this way: printpdf 0.12 writes a font's ToUnicode map and `/W` widths
//! only for the glyphs its own text operators show, and its operators are formatted too
//! slowly for a novel (`content.rs`). So the first page briefly shows every used glyph
//! once with its text, printpdf writes the font objects from that, and then every page's
//! content, the first's included, is replaced by the stream `content.rs` writes. Its
//! other faults are corrected here too: fonts inside SVG forms become objects, and the
//! widths the content streams position glyphs by are the ones printpdf truncates.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream};
use printpdf::{
    Codepoint, DictItem, ExternalStream, ExternalXObject, FontId, Op, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem, XObject, XObjectId,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::content;
use super::fonts::{FaceOut, FaceSubset};
use super::image::Figure;
use super::tags::Tagging;
use super::Sheets;
use crate::diag::{Diagnostic, Result};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::Page;
use crate::typeset::structure::NodeId;

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

/// The document as lopdf's: fonts, figures and `pages` (each on its sheet, as
/// `sheets` places it), every page's content stream written and compressed; with
/// `tagging`, the nodes of each page's marked content, by MCID.
pub fn build<'f>(
    title: &str,
    pages: &[std::sync::Arc<Page>],
    faces: Vec<FaceSubset>,
    figures: impl Iterator<Item = (usize, &'f Figure)>,
    sheets: &Sheets,
    tagging: Option<&Tagging<'_>>,
) -> Result<(lopdf::Document, Vec<PageMarks>)> {
    let mut doc = PdfDocument::new(title);

    let mut out: FxHashMap<FaceId, FaceOut> = FxHashMap::default();
    // The glyphs shown, per font: each glyph's code and its text (`None`: printpdf's own
    // fallback), from which printpdf writes the ToUnicode maps and `/W` widths.
    let mut shown: BTreeMap<FontId, BTreeMap<u16, Option<String>>> = BTreeMap::new();
    for face in faces {
        let mut warnings = Vec::new();
        let mut parsed =
            ParsedFont::from_bytes(&face.subset.data, 0, &mut warnings).ok_or_else(|| {
                Diagnostic::general(format!(
                    "{}: the subset font cannot be read back",
                    face.file
                ))
            })?;
        parsed.font_name = Some(face.subset.name.clone());
        let upm = f32::from(parsed.units_per_em);
        let widths = parsed
            .glyph_widths
            .iter()
            .map(|(&gid, &w)| (gid, ((f32::from(w) * 1000.0 / upm) as i64) as f32))
            .collect();
        let id = FontId(format!("F{}", face.face.index()));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        shown.insert(id.clone(), face.shown);
        out.insert(
            face.face,
            FaceOut {
                name: id.0,
                remap: face.subset.remap.into_iter().collect(),
                widths,
                space: face.space,
            },
        );
    }

    for (i, figure) in figures {
        doc.resources.xobjects.map.insert(
            XObjectId(format!("Im{i}")),
            XObject::External(ExternalXObject {
                stream: external(figure),
                width: None,
                height: None,
                dpi: None,
            }),
        );
    }

    // With bleed the sheet grows past the trim and the page is drawn inside it; the
    // trim box (set by `navigation`) says where the printer cuts.
    let out_pages = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let sheet = sheets.of(i, page);
            let media = Rect::from_wh(Pt(sheet.width), Pt(sheet.height));
            PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: Vec::new(),
            }
        })
        .collect();
    doc.with_pages(out_pages);

    Ok(to_lopdf(doc, &shown, &|n| {
        let sheet = sheets.of(n, &pages[n]);
        content::page_stream(&pages[n], &out, (sheet.x, sheet.y), tagging)
    }))
}

/// A figure's stream as printpdf takes it.
fn external(figure: &Figure) -> ExternalStream {
    ExternalStream {
        dict: figure
            .dict
            .iter()
            .map(|(k, v)| {
                (
                    String::from_utf8_lossy(k).into_owned(),
                    DictItem::from_lopdf(v),
                )
            })
            .collect(),
        content: figure.content.clone(),
        compress: figure.allows_compression,
    }
}

/// `doc.to_lopdf_document(..)` with the pages' content streams written by `page_stream`,
/// in parallel and each compressed on its own (so the bytes do not depend on threads);
/// the first page first shows every glyph of `shown` (see the module's header).
fn to_lopdf(
    mut doc: PdfDocument,
    shown: &BTreeMap<FontId, BTreeMap<u16, Option<String>>>,
    page_stream: &(dyn Fn(usize) -> (Vec<u8>, PageMarks) + Sync),
) -> (lopdf::Document, Vec<PageMarks>) {
    let mut first_ops = vec![Op::StartTextSection];
    for (id, glyphs) in shown {
        first_ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        first_ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(
                glyphs
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
    let (streams, marks): (Vec<Stream>, Vec<PageMarks>) = (0..contents.len())
        .into_par_iter()
        .map(|n| {
            let (bytes, marks) = page_stream(n);
            (deflated(bytes), marks)
        })
        .unzip();
    for (id, stream) in contents.into_iter().zip(streams) {
        lo.objects.insert(id, Object::Stream(stream));
    }
    (lo, marks)
}

/// A page's marked content: each MCID's node, with the index of its first item.
pub type PageMarks = Vec<(NodeId, usize)>;

/// A stream of `bytes`, Flate-compressed at [`PAGE_COMPRESSION`].
fn deflated(mut bytes: Vec<u8>) -> Stream {
    use std::io::Write;
    let compress = |bytes: &[u8]| {
        let mut encoder = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(bytes.len() / 3),
            flate2::Compression::new(PAGE_COMPRESSION),
        );
        // Writing to a Vec cannot fail.
        encoder
            .write_all(bytes)
            .and_then(|()| encoder.finish())
            .ok()
    };
    let mut compressed = compress(&bytes);
    // A stream whose data ends in CR reads, before lopdf's `\nendstream`, as data one
    // byte short (PDF/A: ISO 19005-2, 6.1.7.1). One more newline in the content changes
    // the checksum the data ends with.
    for _ in 0..4 {
        if compressed
            .as_ref()
            .is_some_and(|data| data.ends_with(b"\r"))
        {
            bytes.push(b'\n');
            compressed = compress(&bytes);
        }
    }
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

/// Makes the fonts in the resources of Form XObjects and patterns (SVG figures)
/// indirect objects.
///
/// printpdf writes an external XObject's dictionaries where they stand and only its
/// streams as objects of their own, so the fonts an SVG's text brings came out as
/// direct dictionaries. PDF 1.7 wants a font descriptor indirect, and poppler (pdffonts)
/// then reads neither the font's object nor its ToUnicode map. Fonts, their descendant
/// fonts and descriptors become objects here, in object order (reproducible).
pub fn indirect_form_fonts(lo: &mut lopdf::Document) {
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

    /// A page whose compressed content would end in CR gets one more newline: the
    /// stream's data never ends in CR, and it still holds the page's operators.
    #[test]
    fn page_streams_never_end_in_a_carriage_return() {
        use std::io::Read;
        let compress = |bytes: &[u8]| {
            use std::io::Write;
            let mut e = flate2::write::ZlibEncoder::new(
                Vec::new(),
                flate2::Compression::new(PAGE_COMPRESSION),
            );
            e.write_all(bytes).unwrap();
            e.finish().unwrap()
        };
        // The data ends with the Adler-32 checksum, whose last byte is the content's byte
        // sum plus one: lengthening the content by an odd byte at a time reaches CR.
        let content = (0..1_000)
            .map(|i| format!("BT /F0 10 Tf [<0001>]TJ ET\n%{}", "q".repeat(i)).into_bytes())
            .find(|c| compress(c).ends_with(b"\r"))
            .expect("a content ending in CR once compressed");
        let stream = deflated(content.clone());
        assert!(!stream.content.ends_with(b"\r"));
        let mut plain = Vec::new();
        flate2::read::ZlibDecoder::new(&stream.content[..])
            .read_to_end(&mut plain)
            .unwrap();
        assert!(plain.starts_with(&content));
        assert!(plain[content.len()..].iter().all(|&b| b == b'\n'));
    }

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

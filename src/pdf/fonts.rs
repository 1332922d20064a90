//! Pages of positioned items → a printpdf document: fonts subset and registered under
//! fixed names (`F<n>`), images as XObjects (`Im<n>`), page boxes; the pages' content
//! streams are written by `content.rs` against the (truncated) `/W` widths printpdf
//! writes, so glyphs land where shaping put them. Text is black in DeviceGray (PDF's
//! default), never RGB.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{FontId, ParsedFont, PdfDocument, PdfFont, PdfPage, Pt, Rect, XObject, XObjectId};

use super::content;
use super::subset::subset;
use super::Document;
use crate::diag::{Diagnostic, Result};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Item, Page};
use crate::typeset::Layout;
use rustc_hash::FxHashMap;

/// A face as written: its resource name and its glyphs renumbered by the subset.
pub struct FaceOut {
    pub id: FontId,
    /// Glyph id in the font file → glyph id in the subset.
    pub remap: FxHashMap<u16, u16>,
    /// `/W` width of each new glyph id, in 1/1000 em, truncated as printpdf does.
    pub widths: FxHashMap<u16, f32>,
}

/// The glyphs shown, per font: each glyph's code and its text (`None`: printpdf's own
/// fallback), from which printpdf writes the ToUnicode maps and `/W` widths.
pub type Glyphs = BTreeMap<FontId, BTreeMap<u16, Option<String>>>;

/// The printpdf document (fonts, images, page boxes; no operators) and how to write
/// each page's content stream, which `finish` asks for page by page, in parallel.
pub struct Written<'p> {
    pub doc: PdfDocument,
    /// See [`Glyphs`].
    pub glyphs: Glyphs,
    pages: &'p [Page],
    faces: FxHashMap<FaceId, FaceOut>,
    bleed: f32,
}

impl Written<'_> {
    /// The document, for `finish` to own while `self` still writes the pages.
    pub fn take_doc(&mut self) -> PdfDocument {
        std::mem::replace(&mut self.doc, PdfDocument::new(""))
    }

    /// The content stream of page `n`, uncompressed.
    pub fn content(&self, n: usize) -> Vec<u8> {
        content::page_stream(&self.pages[n], &self.faces, self.bleed)
    }
}

/// Builds the printpdf document for the laid-out pages.
pub fn document<'p>(source: &Document<'_>, layout: &'p Layout, bleed: f32) -> Result<Written<'p>> {
    let pages = &layout.pages;
    let to_unicode = &layout.glyph_text;
    let mut doc = PdfDocument::new(&source.metadata.title);

    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    let mut images = BTreeSet::new();
    for page in pages {
        for p in &page.items {
            match &p.item {
                Item::Text(run) => used
                    .entry(run.face)
                    .or_default()
                    .extend(run.glyphs.iter().map(|g| g.gid)),
                Item::Image { image, .. } => {
                    images.insert(*image);
                }
                _ => {}
            }
        }
    }

    let files = source.fonts.all();
    let mut faces: FxHashMap<FaceId, FaceOut> = FxHashMap::default();
    for (face, glyphs) in &used {
        let file = files[face.index()];
        let path = file.path.display().to_string();
        let sub = subset(&file.data, glyphs, &layout.font_names[face.index()], &path)?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&sub.data, 0, &mut warnings).ok_or_else(|| {
            Diagnostic::general(format!("{path}: the subset font cannot be read back"))
        })?;
        parsed.font_name = Some(sub.name.clone());
        let upm = f32::from(parsed.units_per_em);
        let widths = parsed
            .glyph_widths
            .iter()
            .map(|(&gid, &w)| (gid, ((f32::from(w) * 1000.0 / upm) as i64) as f32))
            .collect();
        let id = FontId(format!("F{}", face.index()));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(parsed));
        faces.insert(
            *face,
            FaceOut {
                id,
                remap: sub.remap.into_iter().collect(),
                widths,
            },
        );
    }

    for &i in &images {
        if let Some(x) = source.figures.get(i) {
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(format!("Im{i}")), XObject::External(x.clone()));
        }
    }

    // printpdf builds the ToUnicode maps and `/W` widths from the glyphs the operators
    // show; `finish` shows each used glyph once, with its text, on an invisible page.
    let mut glyphs = Glyphs::new();
    for (face, gids) in &used {
        let out = &faces[face];
        let shown = glyphs.entry(out.id.clone()).or_default();
        for gid in gids {
            let code = out.remap.get(gid).copied().unwrap_or(0);
            shown.insert(code, to_unicode.get(&(*face, *gid)).cloned());
        }
    }

    // With bleed the sheet grows on every side and the page is drawn inside it; the
    // trim box says where the printer cuts.
    let out_pages = pages
        .iter()
        .map(|page| {
            let sheet = Rect::from_wh(Pt(page.width + 2.0 * bleed), Pt(page.height + 2.0 * bleed));
            PdfPage {
                media_box: sheet.clone(),
                trim_box: Rect::from_xywh(Pt(bleed), Pt(bleed), Pt(page.width), Pt(page.height)),
                crop_box: sheet,
                ops: Vec::new(),
            }
        })
        .collect();
    doc.with_pages(out_pages);
    Ok(Written {
        doc,
        glyphs,
        pages,
        faces,
        bleed,
    })
}

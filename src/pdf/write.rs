//! Pages of positioned items → a printpdf document: fonts subset and registered under
//! fixed names, glyph ids written with `TextItem::GlyphIds`, and TJ offsets computed
//! against the (truncated) `/W` widths printpdf writes, so glyphs land where shaping put
//! them. Text is black in DeviceGray (PDF's default), never RGB.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use printpdf::{
    Codepoint, CurTransMat, FontId, Line, LinePoint, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, Point as PdfPoint, Pt, Rect, TextItem, TextMatrix, XObject, XObjectId,
    XObjectTransform,
};

use super::fonts::{FaceId, FontSet};
use super::frame::{Item, Page, TextRun};
use super::image;
use super::shape::FxHasher;
use super::subset::subset;
use crate::diag::{Diagnostic, Result};
use crate::ir::Book;

/// Looked up once or more per glyph: the Fx hash rather than SipHash.
type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

struct FaceOut {
    id: FontId,
    remap: FxMap<u16, u16>,
    /// `/W` width of each new glyph id, in 1/1000 em, truncated as printpdf does.
    widths: FxMap<u16, f32>,
}

/// The glyphs shown, per font: each glyph's code and the text its last use carries
/// (`None`: printpdf's own fallback), which is what printpdf collects from all the
/// operators to write the ToUnicode maps and `/W` widths.
pub type Glyphs = BTreeMap<FontId, BTreeMap<u16, Option<String>>>;

/// The printpdf document (fonts, images, page boxes; no operators yet) and how to make
/// each page's operators, which `finish` asks for a few pages at a time so that the whole
/// book's operators (some 32 bytes a glyph) never exist at once.
pub struct Written<'p> {
    pub doc: PdfDocument,
    /// See [`Glyphs`].
    pub glyphs: Glyphs,
    pages: &'p [Page],
    faces: HashMap<FaceId, FaceOut>,
    /// Per page, the ToUnicode text of the glyphs (item, glyph) shown there for the
    /// last time in the book.
    cids: Vec<FxMap<(usize, usize), String>>,
    bleed: f32,
}

impl Written<'_> {
    /// The document, for `finish` to own while `self` still makes operators.
    pub fn take_doc(&mut self) -> PdfDocument {
        std::mem::replace(&mut self.doc, PdfDocument::new(""))
    }

    /// The operators of page `n`.
    pub fn ops(&self, n: usize) -> Vec<Op> {
        // With bleed the sheet grows on every side and the page is drawn inside it.
        let bleed = self.bleed;
        let mut ops = Vec::new();
        if bleed > 0.0 {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Translate(Pt(bleed), Pt(bleed)),
            });
        }
        page_ops(&self.pages[n], &self.faces, &self.cids[n], &mut ops);
        if bleed > 0.0 {
            ops.push(Op::RestoreGraphicsState);
        }
        ops
    }
}

/// Builds the printpdf document for the laid-out pages.
pub fn document<'p>(
    book: &Book,
    pages: &'p [Page],
    fonts: &FontSet<'_>,
    to_unicode: &BTreeMap<(FaceId, u16), String>,
) -> Result<Written<'p>> {
    let mut doc = PdfDocument::new(&book.metadata.title);

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

    let files = book.fonts.all();
    let mut faces: HashMap<FaceId, FaceOut> = HashMap::new();
    for (face, glyphs) in &used {
        let file = files[face.index()];
        let path = file.path.display().to_string();
        let sub = subset(&file.data, glyphs, fonts.postscript_name(*face), &path)?;
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
        if let Some(x) = book
            .images
            .get(i)
            .and_then(|img| image::xobject(img, &book.fonts))
        {
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(format!("Im{i}")), XObject::External(x));
        }
    }

    // printpdf builds the ToUnicode map from the glyphs' `cid` texts, the last
    // occurrence of a code winning; only that occurrence needs its text (the others
    // would each cost a string, some 2 million in a novel).
    let mut last: FxMap<(FaceId, u16), (usize, usize, usize, u16)> = FxMap::default();
    for (n, page) in pages.iter().enumerate() {
        for (i, p) in page.items.iter().enumerate() {
            let Item::Text(run) = &p.item else { continue };
            let Some(face) = faces.get(&run.face) else {
                continue;
            };
            for (j, g) in run.glyphs.iter().enumerate() {
                let code = face.remap.get(&g.gid).copied().unwrap_or(0);
                last.insert((run.face, code), (n, i, j, g.gid));
            }
        }
    }
    let mut cids: Vec<FxMap<(usize, usize), String>> = vec![FxMap::default(); pages.len()];
    let mut glyphs = Glyphs::new();
    for ((face, code), (n, i, j, gid)) in last {
        let text = to_unicode.get(&(face, gid)).cloned();
        if let Some(text) = &text {
            cids[n].insert((i, j), text.clone());
        }
        glyphs
            .entry(faces[&face].id.clone())
            .or_default()
            .insert(code, text);
    }

    // With bleed the sheet grows on every side and the page is drawn inside it; the
    // trim box says where the printer cuts.
    let bleed = book.pdf.bleed;
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
        cids,
        bleed,
    })
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: PdfPoint { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

/// Appends the operators of `page` to `ops`.
fn page_ops(
    page: &Page,
    faces: &HashMap<FaceId, FaceOut>,
    cids: &FxMap<(usize, usize), String>,
    ops: &mut Vec<Op>,
) {
    let h = page.height;
    // Graphics first, then all the text in one text object.
    for p in &page.items {
        match &p.item {
            Item::Rule { to, thickness } => {
                ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![pt(p.at.x, h - p.at.y), pt(to.x, h - to.y)],
                        is_closed: false,
                    },
                });
            }
            Item::Frame { width, height, .. } => {
                let (x, y) = (p.at.x, h - p.at.y);
                ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            pt(x, y),
                            pt(x + width, y),
                            pt(x + width, y - height),
                            pt(x, y - height),
                        ],
                        is_closed: true,
                    },
                });
            }
            Item::Image {
                image,
                width,
                height,
                ..
            } => {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([
                        *width,
                        0.0,
                        0.0,
                        *height,
                        p.at.x,
                        h - p.at.y - height,
                    ]),
                });
                ops.push(Op::UseXobject {
                    id: XObjectId(format!("Im{image}")),
                    transform: XObjectTransform {
                        no_auto_scale: true,
                        ..XObjectTransform::default()
                    },
                });
                ops.push(Op::RestoreGraphicsState);
            }
            // Text comes below; links and destinations are annotations (finish.rs).
            Item::Text(_) | Item::Link { .. } | Item::Destination(_) => {}
        }
    }
    ops.push(Op::StartTextSection);
    let mut current: Option<(FaceId, f32)> = None;
    for (i, p) in page.items.iter().enumerate() {
        let Item::Text(run) = &p.item else { continue };
        let (Some(face), Some(first)) = (faces.get(&run.face), run.glyphs.first()) else {
            continue;
        };
        if current != Some((run.face, run.size)) {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(face.id.clone()),
                size: Pt(run.size),
            });
            current = Some((run.face, run.size));
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(p.at.x + first.x), Pt(h - p.at.y + first.rise)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints(run, face, |j| {
                cids.get(&(i, j)).cloned()
            }))],
        });
    }
    ops.push(Op::EndTextSection);
}

/// The run's glyphs with the TJ offsets that put each where shaping placed it.
fn codepoints(
    run: &TextRun,
    face: &FaceOut,
    cid: impl Fn(usize) -> Option<String>,
) -> Vec<Codepoint> {
    let per_em = 1000.0 / run.size;
    run.glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let gid = face.remap.get(&g.gid).copied().unwrap_or(0);
            let offset = match run.glyphs.get(i + 1) {
                Some(next) => {
                    let wanted = (next.x - g.x) * per_em;
                    let written = face.widths.get(&gid).copied().unwrap_or(0.0);
                    written - wanted
                }
                None => 0.0,
            };
            Codepoint {
                gid,
                offset: if offset.abs() < 0.01 { 0.0 } else { offset },
                cid: cid(i),
            }
        })
        .collect()
}

//! Pages of positioned items → a printpdf document: fonts subset and registered under
//! fixed names, glyph ids written with `TextItem::GlyphIds`, and TJ offsets computed
//! against the (truncated) `/W` widths printpdf writes, so glyphs land where shaping put
//! them. Text is black in DeviceGray (PDF's default), never RGB.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use printpdf::{
    Codepoint, CurTransMat, FontId, Line, LinePoint, Op, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, Point as PdfPoint, Pt, Rect, TextItem, TextMatrix, XObject, XObjectId,
    XObjectTransform,
};

use super::fonts::{FaceId, FontSet};
use super::frame::{Item, Page, TextRun};
use super::image;
use super::subset::subset;
use crate::diag::{Diagnostic, Result};
use crate::ir::Book;

struct FaceOut {
    id: FontId,
    remap: HashMap<u16, u16>,
    /// `/W` width of each new glyph id, in 1/1000 em, truncated as printpdf does.
    widths: HashMap<u16, f32>,
}

/// Builds the printpdf document for the laid-out pages.
pub fn document(
    book: &Book,
    pages: &[Page],
    fonts: &FontSet<'_>,
    to_unicode: &BTreeMap<(FaceId, u16), String>,
) -> Result<PdfDocument> {
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
                remap: sub.remap,
                widths,
            },
        );
    }

    for &i in &images {
        if let Some(x) = book.images.get(i).and_then(image::xobject) {
            doc.resources
                .xobjects
                .map
                .insert(XObjectId(format!("Im{i}")), XObject::External(x));
        }
    }

    // With bleed the sheet grows on every side and the page is drawn inside it; the
    // trim box says where the printer cuts.
    let bleed = book.pdf.bleed;
    let out_pages = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            if bleed > 0.0 {
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Translate(Pt(bleed), Pt(bleed)),
                });
            }
            ops.extend(page_ops(page, &faces, to_unicode));
            if bleed > 0.0 {
                ops.push(Op::RestoreGraphicsState);
            }
            let sheet = Rect::from_wh(Pt(page.width + 2.0 * bleed), Pt(page.height + 2.0 * bleed));
            PdfPage {
                media_box: sheet.clone(),
                trim_box: Rect::from_xywh(Pt(bleed), Pt(bleed), Pt(page.width), Pt(page.height)),
                crop_box: sheet,
                ops,
            }
        })
        .collect();
    doc.with_pages(out_pages);
    Ok(doc)
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: PdfPoint { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn page_ops(
    page: &Page,
    faces: &HashMap<FaceId, FaceOut>,
    to_unicode: &BTreeMap<(FaceId, u16), String>,
) -> Vec<Op> {
    let h = page.height;
    let mut ops = Vec::new();
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
    for p in &page.items {
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
            items: vec![TextItem::GlyphIds(codepoints(run, face, to_unicode))],
        });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The run's glyphs with the TJ offsets that put each where shaping placed it.
fn codepoints(
    run: &TextRun,
    face: &FaceOut,
    to_unicode: &BTreeMap<(FaceId, u16), String>,
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
                cid: to_unicode.get(&(run.face, g.gid)).cloned(),
            }
        })
        .collect()
}

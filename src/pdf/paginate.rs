//! Lines → pages, simply: fill each text block from the top, start chapters on a recto,
//! keep headings with what follows, and put a centred folio at the foot. Widows, orphans,
//! per-page footnotes and running heads are the next step (issue 7).

use super::flow::VItem;
use super::frame::{Item, Page, Placed, Point, Role, TextRun};
use crate::ir::PdfConfig;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Normal,
    Opening,
    Blank,
}

struct Sheet {
    kind: Kind,
    items: Vec<Placed>,
}

/// Distributes the vertical list over pages; `folio` shapes a page number.
pub fn paginate(
    vlist: &[VItem],
    pdf: &PdfConfig,
    folio: &mut dyn FnMut(&str) -> TextRun,
) -> Vec<Page> {
    let body = pdf.height - pdf.margin_top - pdf.margin_bottom;
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut current = Sheet {
        kind: Kind::Normal,
        items: Vec::new(),
    };
    let mut y = 0.0f32;
    let mut fresh = true;
    let mut started = false;

    let new_page = |sheets: &mut Vec<Sheet>, current: &mut Sheet, kind: Kind| {
        let done = std::mem::replace(
            current,
            Sheet {
                kind,
                items: Vec::new(),
            },
        );
        sheets.push(done);
    };

    for (i, v) in vlist.iter().enumerate() {
        match v {
            VItem::ChapterStart { sink } => {
                if started {
                    new_page(&mut sheets, &mut current, Kind::Normal);
                    // Chapters open on a recto: an odd page number.
                    if (sheets.len() + 1).is_multiple_of(2) {
                        new_page(&mut sheets, &mut current, Kind::Blank);
                    }
                }
                current.kind = Kind::Opening;
                started = true;
                y = *sink;
                fresh = false;
            }
            VItem::Space(h) => {
                if !fresh {
                    y += h;
                }
            }
            VItem::Line {
                items,
                advance,
                ascent,
                keep_with_next,
            } => {
                started = true;
                let mut baseline = if fresh { *ascent } else { y + advance };
                let needed = if *keep_with_next {
                    kept_height(&vlist[i + 1..]) + advance
                } else {
                    0.0
                };
                if !fresh && (baseline > body || (*keep_with_next && y + needed > body)) {
                    new_page(&mut sheets, &mut current, Kind::Normal);
                    baseline = *ascent;
                }
                for p in items {
                    let mut p = p.clone();
                    p.at.y += baseline;
                    current.items.push(p);
                }
                y = baseline;
                fresh = false;
            }
            VItem::Block { items, height } => {
                started = true;
                let mut top = if fresh { 0.0 } else { y + 3.0 };
                if !fresh && top + height > body {
                    new_page(&mut sheets, &mut current, Kind::Normal);
                    top = 0.0;
                }
                for p in items {
                    let mut p = p.clone();
                    p.at.y += top;
                    if let Item::Rule { to, .. } = &mut p.item {
                        to.y += top;
                    }
                    current.items.push(p);
                }
                y = top + height;
                fresh = false;
            }
        }
        if let VItem::Line { .. } | VItem::Block { .. } = v {
            continue;
        }
        if y > body && !fresh {
            new_page(&mut sheets, &mut current, Kind::Normal);
            y = 0.0;
            fresh = true;
        }
    }
    if !current.items.is_empty() || sheets.is_empty() {
        sheets.push(current);
    }

    sheets
        .into_iter()
        .enumerate()
        .map(|(n, sheet)| {
            let number = n + 1;
            let recto = number % 2 == 1;
            let left = if recto {
                pdf.margin_inner
            } else {
                pdf.margin_outer
            };
            let mut items: Vec<Placed> = sheet
                .items
                .into_iter()
                .map(|mut p| {
                    p.at.x += left;
                    p.at.y += pdf.margin_top;
                    if let Item::Rule { to, .. } = &mut p.item {
                        to.x += left;
                        to.y += pdf.margin_top;
                    }
                    p
                })
                .collect();
            if sheet.kind == Kind::Normal {
                let run = folio(&number.to_string());
                let x = left + (pdf.width - pdf.margin_inner - pdf.margin_outer - run.width) / 2.0;
                items.push(Placed {
                    at: Point {
                        x,
                        y: pdf.height - pdf.margin_bottom * 0.5,
                    },
                    role: Role::Folio,
                    item: Item::Text(run),
                });
            }
            Page {
                width: pdf.width,
                height: pdf.height,
                items,
            }
        })
        .collect()
}

/// Height of what must stay with a heading: up to and including two lines of text.
fn kept_height(rest: &[VItem]) -> f32 {
    let mut height = 0.0;
    let mut lines = 0;
    for v in rest {
        match v {
            VItem::Line {
                advance,
                keep_with_next,
                ..
            } => {
                height += advance;
                if !keep_with_next {
                    lines += 1;
                }
            }
            VItem::Space(h) => height += h,
            VItem::Block { height: h, .. } => {
                height += h;
                lines += 2;
            }
            VItem::ChapterStart { .. } => break,
        }
        if lines >= 2 {
            break;
        }
    }
    height
}

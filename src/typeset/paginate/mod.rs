//! Lines → pages: the front matter (half-title, title, copyright, contents), then each
//! chapter from a recto, filled by [`builder`], dressed with margins, running heads and
//! folios by [`furniture`]; roman labels in the front matter, arabic from chapter 1.

mod builder;
mod furniture;
mod geometry;

pub use furniture::Setter;
pub use geometry::Geometry;

pub use crate::locale::roman;
use builder::{Builder, Filled};
use furniture::{dress, Dress};

use std::sync::Arc;

use crate::typeset::flow::{ChapterFlow, Mark, Rebreak, VItem};
use crate::typeset::page::{Anchor, Page, PageKind};

/// A bookmark: a heading and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// From the page's top edge, in points.
    pub y: f32,
}

/// An entry of the table of contents, with its page as printed.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub level: u8,
    pub title: String,
    pub anchor: Anchor,
    pub label: String,
}

/// A page filled but not yet dressed.
#[derive(Clone)]
pub struct Sheet {
    filled: Filled,
    kind: PageKind,
    /// The chapter whose title is the recto's running head.
    chapter: Option<usize>,
}

/// Chapter `c`'s pages. A chapter's pages depend only on the chapter (it starts on a
/// fresh recto), so each is paginated as soon as it is set, in parallel with the others;
/// `rebreak` sets a paragraph's last lines again when a spread needs it.
pub fn chapter<'a>(
    flow: &'a mut ChapterFlow,
    c: usize,
    geo: &Geometry,
    rebreak: &'a mut dyn Rebreak,
) -> Vec<Sheet> {
    pages_of(flow, c, geo, PageKind::Body, Some(c), false, Some(rebreak))
}

impl Sheet {
    /// The sheet without its content, for its headings (the contents and the outline)
    /// when its page is already dressed.
    pub fn headings_only(&self) -> Sheet {
        Sheet {
            filled: Filled {
                items: Vec::new(),
                lines: Vec::new(),
                marks: self.filled.marks.clone(),
                start: self.filled.start.clone(),
            },
            kind: self.kind,
            chapter: self.chapter,
        }
    }
}

/// One chapter's pages for the body: sheets to dress, or pages already dressed (with
/// their sheets' headings).
pub enum Part {
    Sheets(Vec<Sheet>),
    Dressed(Vec<Sheet>, Vec<Arc<Page>>),
}

/// The body's pages, chapter by chapter, each chapter opening on a recto; `part` gives
/// chapter `c`'s pages knowing the body page `first` it opens on. Beside each sheet, its
/// page when already dressed.
pub fn body(
    chapters: usize,
    mut part: impl FnMut(usize, usize) -> Part,
) -> (Vec<Sheet>, Vec<Option<Arc<Page>>>) {
    let mut sheets = Vec::new();
    let mut dressed = Vec::new();
    for c in 0..chapters {
        if sheets.len() % 2 == 1 {
            sheets.push(blank());
            dressed.push(None);
        }
        match part(c, sheets.len()) {
            Part::Sheets(pages) => {
                dressed.extend(pages.iter().map(|_| None));
                sheets.extend(pages);
            }
            Part::Dressed(pages, done) => {
                dressed.extend(done.into_iter().map(Some));
                sheets.extend(pages);
            }
        }
    }
    (sheets, dressed)
}

/// The front matter: half-title, blank, title page, copyright page, contents (from a
/// recto), and a blank verso if needed so that chapter 1 opens on a recto.
pub fn front(
    display: &mut [ChapterFlow],
    contents: &mut ChapterFlow,
    geo: &Geometry,
) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    for (i, flow) in display.iter_mut().enumerate() {
        // Half-title and title page are rectos; the copyright page is the verso after.
        if i < 2 && sheets.len() % 2 == 1 {
            sheets.push(blank());
        }
        let verso = sheets.len() % 2 == 1;
        let mut pages = pages_of(flow, usize::MAX, geo, PageKind::Display, None, verso, None);
        for p in &mut pages {
            p.kind = PageKind::Display;
        }
        sheets.extend(pages);
    }
    if sheets.len() % 2 == 1 {
        sheets.push(blank());
    }
    sheets.extend(pages_of(
        contents,
        usize::MAX,
        geo,
        PageKind::Body,
        None,
        false,
        None,
    ));
    if sheets.len() % 2 == 1 {
        sheets.push(blank());
    }
    sheets
}

fn blank() -> Sheet {
    Sheet {
        filled: Filled::default(),
        kind: PageKind::Blank,
        chapter: None,
    }
}

/// One flow's pages: the first an opening (no head, no folio shown), the rest `kind`;
/// the first is a recto unless `opens_on_verso` (the copyright page).
fn pages_of<'a>(
    flow: &'a mut ChapterFlow,
    chapter: usize,
    geo: &Geometry,
    kind: PageKind,
    running: Option<usize>,
    opens_on_verso: bool,
    rebreak: Option<&'a mut dyn Rebreak>,
) -> Vec<Sheet> {
    let sink = flow.vlist.iter().find_map(|v| match v {
        VItem::ChapterStart { sink } => Some(*sink),
        _ => None,
    });
    let mut builder = Builder::new(*geo, flow, chapter, rebreak);
    if builder.done() {
        return Vec::new();
    }
    let sheets: Vec<Sheet> = builder
        .pages(sink, opens_on_verso)
        .into_iter()
        .enumerate()
        .map(|(i, filled)| Sheet {
            filled,
            kind: if i == 0 { PageKind::Opening } else { kind },
            chapter: running,
        })
        .collect();
    sheets
}

/// The table of contents' entries: each chapter and its level-2 headings with the
/// number their body page will carry: roman for the first `roman` pages of the body
/// (front matter after the contents, which takes `front` pages), arabic after.
pub fn contents_entries(body: &[Sheet], roman: usize, front: usize) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    for (i, sheet) in body.iter().enumerate() {
        for (mark, _) in sheet.filled.marks.iter().filter(|(m, _)| m.listed) {
            let Mark {
                level,
                title,
                anchor,
                ..
            } = mark;
            entries.push(TocEntry {
                level: *level,
                title: title.clone(),
                anchor: anchor.clone(),
                label: match i < roman {
                    true => crate::locale::roman(front + i + 1),
                    false => (i - roman + 1).to_string(),
                },
            });
        }
    }
    entries
}

/// The whole book's pages and outline: front matter (roman labels) then body (arabic);
/// a body page already dressed (`dressed`, beside `body`) is taken as it is. Rectos carry
/// their chapter's title, versos the chapter's `verso_titles` (the book's title, or its
/// part's).
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    front: Vec<Sheet>,
    roman_body: usize,
    body: Vec<Sheet>,
    dressed: Vec<Option<Arc<Page>>>,
    book_title: &str,
    chapter_titles: &[String],
    verso_titles: &[String],
    contents_title: &str,
    geo: &Geometry,
    style: &crate::ir::Style,
    set: &mut Setter<'_>,
) -> (Vec<Arc<Page>>, Vec<OutlineEntry>) {
    let front_count = front.len();
    let mut pages = Vec::with_capacity(front_count + body.len());
    let mut outline = Vec::new();
    let mut dressed = std::iter::repeat_n(None, front_count).chain(dressed);
    for (i, sheet) in front.into_iter().chain(body).enumerate() {
        let number = i + 1;
        let label = if i < front_count + roman_body {
            roman(number)
        } else {
            (i - front_count - roman_body + 1).to_string()
        };
        let head = if number % 2 == 0 {
            let own = sheet.chapter.and_then(|c| verso_titles.get(c));
            Some(own.map_or(book_title, String::as_str))
        } else if i < front_count {
            Some(contents_title)
        } else {
            sheet
                .chapter
                .and_then(|c| chapter_titles.get(c))
                .map(String::as_str)
        };
        // A page set apart (a dedication's) has an empty head: none.
        let head = head.filter(|h| !h.is_empty());
        if i >= front_count {
            for (mark, y) in sheet.filled.marks.iter().filter(|(m, _)| m.listed) {
                outline.push(OutlineEntry {
                    level: mark.level,
                    title: mark.title.clone(),
                    page: i,
                    y: y + geo.top,
                });
            }
        }
        if let Some(page) = dressed.next().flatten() {
            pages.push(page);
            continue;
        }
        let d = Dress {
            kind: sheet.kind,
            number,
            label,
            head,
        };
        pages.push(Arc::new(dress(sheet.filled, d, geo, style, set)));
    }
    (pages, outline)
}

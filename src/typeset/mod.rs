//! The typesetter: the tree and a print design → pages of positioned glyphs, rules and
//! images ([`page`] is the contract). It knows no PDF: the PDF writers, and anything else
//! that draws pages, read its [`Layout`].
//!
//! The pipeline, one file per step: `fonts` (faces and fallback) → `shape` (rustybuzz) →
//! `hyphenate` + `linebreak` (Knuth–Plass) inside `flow` (blocks → lines) → `paginate`
//! (lines → pages of `page` items).

pub mod cover;
mod flow;
pub mod fonts;
mod hyphenate;
mod linebreak;
pub mod page;
mod paginate;
mod progress;
mod reuse;
mod shape;
pub mod structure;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Kind, Result, Warnings};
use crate::ir::{Book, ImageId, PageBreak, Place};
pub use crate::manuscript::config::PrintDesign;

use fonts::{Coverage, FaceId, FontSet};
use shape::Shaper;

pub use paginate::{roman, OutlineEntry};
pub use progress::Progress;
pub use reuse::Reuse;
use reuse::SetChapter;

/// What the typesetter did, for reports and tests. Lines are counted as the flow set
/// them, before the page builder sets some paragraphs a line shorter or longer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Pages in the document.
    pub pages: usize,
    /// Lines of text set (body, notes, code, captions, table cells).
    pub lines: usize,
    /// Lines that end with a hyphen the typesetter added.
    pub hyphenated: usize,
    /// Lines set looser than the looser pass allows (each one warned about).
    pub loose: usize,
    /// Lines wider than their measure (each one warned about; should be 0).
    pub overfull: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, o: Stats) {
        self.pages += o.pages;
        self.lines += o.lines;
        self.hyphenated += o.hyphenated;
        self.loose += o.loose;
        self.overfull += o.overfull;
    }
}

/// Which figures the output can show. The typesetter asks before it places an image
/// (one that cannot be shown gets a framed placeholder); the writer that will draw the
/// pages answers, so the layout never depends on how a writer encodes images.
pub trait FigureCheck: Sync {
    /// Whether image `id` of the book can be drawn; if not, why (for the author).
    fn can_show(&self, id: ImageId) -> Result<(), String>;
}

/// Every figure can be shown: for layouts that draw no images (tests, text dumps).
pub struct AllFigures;

impl FigureCheck for AllFigures {
    fn can_show(&self, _: ImageId) -> Result<(), String> {
        Ok(())
    }
}

/// The laid-out book: its pages, and what a writer needs to know about their glyphs.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Shared: a live preview keeps the pages of the chapters an edit did not touch.
    pub pages: Vec<Arc<page::Page>>,
    /// The book's structure, one tree per flow in reading order (tree `n` at index
    /// `n`): what the pages' items are part of.
    pub structure: Vec<Arc<structure::Tree>>,
    pub stats: Stats,
    /// Bookmarks: chapters (level 1) and their sections (level 2), in reading order.
    pub outline: Vec<OutlineEntry>,
    /// Pages before chapter 1, numbered in roman: the half-title to the contents, and any
    /// front matter set after them (a dedication, a prologue).
    pub front_pages: usize,
    /// The text each glyph stands for, per face, for the writers' text extraction.
    pub glyph_text: BTreeMap<(FaceId, u16), String>,
    /// Each face's PostScript name, in the order of [`FaceId::ALL`].
    pub font_names: Vec<String>,
}

impl Layout {
    /// Every page as the e-book marks it: its label and where it begins in the book's
    /// reading order. A page with nothing of its own (a blank verso, a page holding
    /// only the end of a note) begins where the next one does, before the next element in
    /// reading order; at the very end, after everything. Places never go back from one
    /// page to the next (a figure floated overleaf is read before the text around it).
    pub fn page_breaks(&self) -> Vec<PageBreak> {
        let mut next = Place::End;
        let mut breaks: Vec<PageBreak> = self
            .pages
            .iter()
            .rev()
            .map(|page| {
                if let Some(start) = &page.start {
                    next = start.clone();
                }
                PageBreak {
                    label: page.label.clone(),
                    place: next.clone(),
                }
            })
            .collect();
        breaks.reverse();
        for i in 1..breaks.len() {
            if breaks[i].place < breaks[i - 1].place {
                breaks[i].place = breaks[i - 1].place.clone();
            }
        }
        breaks
    }
}

/// Typesets `book` on the page `design` describes; `figures` says which images can be
/// drawn; `progress` counts the chapters as they are set.
pub fn typeset(
    book: &Book,
    design: &PrintDesign,
    figures: &dyn FigureCheck,
    warnings: &Warnings,
    progress: &Progress,
) -> Result<Layout> {
    let fonts = FontSet::load(&book.fonts)?;
    Ok(layout_with(
        book, design, &fonts, figures, warnings, progress, None,
    ))
}

/// Typesets `book` as [`typeset`] does, setting only the chapters that changed since the
/// builds `reuse` kept (for a live preview): the same pages as a whole build.
pub fn typeset_reusing(
    book: &Book,
    design: &PrintDesign,
    figures: &dyn FigureCheck,
    warnings: &Warnings,
    reuse: &mut Reuse,
) -> Result<Layout> {
    let fonts = FontSet::load(&book.fonts)?;
    let progress = Progress::new();
    Ok(layout_with(
        book,
        design,
        &fonts,
        figures,
        warnings,
        &progress,
        Some(reuse),
    ))
}

fn layout_with(
    book: &Book,
    design: &PrintDesign,
    fonts: &FontSet<'_>,
    figures: &dyn FigureCheck,
    warnings: &Warnings,
    progress: &Progress,
    mut reuse: Option<&mut Reuse>,
) -> Layout {
    let geo = paginate::Geometry::new(design);
    progress.start(book.chapters.len());
    let kept = reuse.as_deref();
    // A shaper (and its cache of shaped words) serves every chapter a worker sets: a
    // book's words recur from one chapter to the next.
    let chapters: Vec<Arc<SetChapter>> = book
        .chapters
        .par_iter()
        .enumerate()
        .map_init(
            || Shaper::new(fonts, &book.metadata.language),
            |shaper, (i, chapter)| {
                let done = kept.and_then(|r| r.kept(i, chapter)).unwrap_or_else(|| {
                    Arc::new(reuse::set_chapter(
                        shaper, book, design, figures, &geo, i, chapter,
                    ))
                });
                progress.chapter_done(done.sheets.len());
                done
            },
        )
        .collect();
    let coverage = Mutex::new(reuse::gather(&chapters, warnings));
    let mut glyph_text = BTreeMap::new();
    if let Some(reuse) = reuse.as_deref_mut() {
        reuse.keep(book, &chapters);
        glyph_text.clone_from(reuse.glyph_text());
    }
    // A dedication's or an epigraph's pages carry no running head.
    let titles: Vec<String> = (chapters.iter().zip(&book.chapters))
        .map(|(done, chapter)| match chapter.is_display_page() {
            true => String::new(),
            false => done.title.clone(),
        })
        .collect();
    let chapter_trees: Vec<Arc<structure::Tree>> =
        chapters.iter().map(|done| Arc::clone(&done.tree)).collect();
    let mut stats = Stats::default();
    for done in &chapters {
        stats += done.stats;
        for (k, v) in &done.glyph_text {
            shape::record_glyph_text(&mut glyph_text, *k, v);
        }
    }
    // A chapter a preview kept that opens on the same page as before has the same pages,
    // folios and all: they are taken as they were. Any other chapter's sheets are moved
    // into the book, or copied when a preview keeps them.
    let set_chapters = reuse.is_some().then(|| chapters.clone());
    let mut firsts = Vec::with_capacity(chapters.len());
    let mut chapters = chapters.into_iter();
    // Front matter's roman folios count on from the contents' pages, which a change
    // anywhere can lengthen: its pages are always dressed anew.
    let front_chapters = book.front_matter();
    let (body, dressed) = paginate::body(titles.len(), |c, first| {
        firsts.push(first);
        let done = chapters.next().expect("a part for every chapter");
        let kept = reuse.as_deref().filter(|_| c >= front_chapters);
        if let Some(pages) = kept.and_then(|r| r.dressed(c, &done, first)) {
            let headings = done.sheets.iter().map(paginate::Sheet::headings_only);
            return paginate::Part::Dressed(headings.collect(), pages);
        }
        paginate::Part::Sheets(match Arc::try_unwrap(done) {
            Ok(done) => done.sheets,
            Err(kept) => kept.sheets.clone(),
        })
    });

    // Front matter before the first chapter (a dedication, a prologue) takes roman
    // folios on from the contents'; arabic numbering starts again at chapter 1.
    let roman_body = firsts.get(front_chapters).copied().unwrap_or(body.len());
    // The contents need the body's page numbers: lay out, then fill. Those of front
    // matter count on from the contents' own pages, so the contents are set again until
    // their length holds (once more at most, in practice).
    let mut shaper = Shaper::new(fonts, &book.metadata.language);
    let mut front_len = 0;
    let mut tries = 0;
    let (front, contents_title, front_stats, trees) = loop {
        tries += 1;
        let entries = paginate::contents_entries(&body, roman_body, front_len);
        let mut flow = flow::Flow::new(&mut shaper, book, design, figures, warnings, &coverage);
        let mut display = flow.front_matter();
        let front_tree = flow.take_tree();
        let mut contents = flow.contents(&entries);
        let contents_tree = flow.take_tree();
        let trees = [front_tree, contents_tree].map(Arc::new);
        let (title, front_stats) = (flow.contents_title(), flow.stats);
        let front = paginate::front(&mut display, &mut contents, &geo);
        let settled = roman_body == 0 || front.len() == front_len || tries == 3;
        if settled {
            break (front, title, front_stats, trees);
        }
        front_len = front.len();
    };
    let structure = trees.into_iter().chain(chapter_trees).collect();
    stats += front_stats;
    let front_pages = front.len();
    let mut set = |text: &str, face: FaceId, size: f32, small_caps: bool| {
        // A running head or folio is one run in one face when it can be: when the face
        // lacks one of its characters (an author's face without ñ), the whole line goes
        // in its fallback; a letter no such face has (a Greek title's) takes the face of
        // its script, in a run of its own.
        let whole = fonts.whole_in(face, text);
        let mut groups: Vec<(FaceId, String)> = Vec::new();
        for piece in script_runs(text) {
            // A word of another script goes whole in one face that has all its letters
            // (Charis has λ and γ for phonetics, not ό nor ς): letter by letter only when
            // no face has them all.
            let covers = |f: FaceId| piece.chars().all(|c| fonts.resolve(f, c) == Some(f));
            let one = piece
                .chars()
                .find(|&c| fonts.resolve(whole, c) != Some(whole))
                .and_then(|c| fonts.resolve(whole, c))
                .filter(|&f| covers(f));
            let one = if covers(whole) { Some(whole) } else { one };
            for c in piece.chars() {
                let own = one.unwrap_or_else(|| fonts.resolve(whole, c).unwrap_or(whole));
                match groups.last_mut() {
                    // A mark goes with its letter, in the letter's face.
                    Some((f, s)) if *f == own || is_mark(c) => s.push(c),
                    _ => groups.push((own, c.to_string())),
                }
            }
        }
        groups
            .into_iter()
            .map(|(face, text)| {
                let shaped = shaper.shape(face, small_caps, &text);
                let scale = size / fonts.units_per_em(face);
                let tracking = if small_caps {
                    shape::SMALL_CAPS_TRACKING * size
                } else {
                    0.0
                };
                let (glyphs, width) = shaped.place(scale, 0.0, tracking);
                page::TextRun {
                    face,
                    size,
                    glyphs,
                    width,
                    text: text.into(),
                    strike: false,
                    direction: page::Direction::Across,
                    spaced: false,
                    letterspacing: 0.0,
                }
            })
            .collect()
    };
    let verso_titles: Vec<String> = (0..book.chapters.len())
        .map(|c| verso_title(book, design, c))
        .collect();
    let (pages, outline) = paginate::assemble(
        front,
        roman_body,
        body,
        dressed,
        &book.metadata.title,
        &titles,
        &verso_titles,
        contents_title,
        &geo,
        &book.style,
        &mut set,
    );
    for (k, v) in shaper.to_unicode {
        shape::record_glyph_text(&mut glyph_text, k, &v);
    }
    if let (Some(reuse), Some(set)) = (reuse, set_chapters) {
        reuse.remember_pages(&set, &firsts, &pages[front_pages..]);
    }
    let front_pages = front_pages + roman_body;
    stats.pages = pages.len();
    report_coverage(
        book,
        fonts,
        coverage.into_inner().unwrap_or_else(|p| p.into_inner()),
        warnings,
    );
    Layout {
        pages,
        structure,
        stats,
        outline,
        front_pages,
        glyph_text,
        font_names: (0..fonts.count())
            .map(|i| fonts.name_at(i).to_string())
            .collect(),
    }
}

/// The running head of chapter `c`'s versos: the book's title, or with `verso_head =
/// "part"` the title of the part it is in (a part's own pages carry the part's).
fn verso_title(book: &Book, design: &PrintDesign, c: usize) -> String {
    let chapter = &book.chapters[c];
    let part = match chapter.kind {
        crate::ir::ChapterKind::Part => Some(c),
        crate::ir::ChapterKind::Chapter => chapter.part,
    };
    match (design.verso_head, part) {
        _ if chapter.is_display_page() => String::new(),
        (crate::manuscript::config::VersoHead::Part, Some(p)) => book.chapters[p].title_text(),
        _ => book.metadata.title.clone(),
    }
}

/// A face lacking characters the book asks it for: one warning each, naming them and the
/// face that set them instead (a missing ñ set in another face is visible on the page).
const FACE_LACKS: Kind = Kind::new(
    "face lacks characters the book uses",
    "faces lack characters the book uses",
);

fn report_coverage(book: &Book, fonts: &FontSet, coverage: Coverage, warnings: &Warnings) {
    for (face, lacking) in coverage.lacking {
        // The author's faces only: the bundled ones take what they lack from one another
        // by design (Charis SIL's missing arrows from Noto Sans Mono).
        let Some(file) = book
            .fonts
            .file(face.index())
            .filter(|f| f.named_at.is_some())
        else {
            continue;
        };
        let mut by_face: BTreeMap<FaceId, Vec<char>> = BTreeMap::new();
        for (c, set_in) in lacking {
            by_face.entry(set_in).or_default().push(c);
        }
        let said: Vec<String> = by_face
            .into_iter()
            .map(|(set_in, chars)| {
                let shown: Vec<String> = chars
                    .iter()
                    .take(12)
                    .map(|&c| match c {
                        ' ' => "the space (U+0020)".to_string(),
                        c => format!("«{c}» (U+{:04X})", c as u32),
                    })
                    .collect();
                let more = match chars.len() {
                    n if n > 12 => format!(" and {} more", n - 12),
                    _ => String::new(),
                };
                format!(
                    "{}{more}, set in {} instead",
                    shown.join(", "),
                    fonts.name_at(set_in.index())
                )
            })
            .collect();
        let loc = file.loc();
        warnings.push(
            FACE_LACKS,
            Diagnostic::at(
                loc,
                format!("the face {} lacks {}", file.path.display(), said.join("; ")),
            )
            .with_hint("choose a face that covers the book's language, or use the bundled one"),
        );
    }
}

/// `text` cut where its script changes (spaces, digits and punctuation go with the run
/// they are in).
fn script_runs(text: &str) -> Vec<&str> {
    use unicode_script::{Script, UnicodeScript};
    let mut runs = Vec::new();
    let (mut start, mut current) = (0, None);
    for (i, c) in text.char_indices() {
        let script = c.script();
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        if current.is_some_and(|s| s != script) {
            runs.push(&text[start..i]);
            start = i;
        }
        current = Some(script);
    }
    runs.push(&text[start..]);
    runs
}

/// Whether `c` is a mark that belongs to the letter before it (a combining accent, a
/// joiner).
fn is_mark(c: char) -> bool {
    use unicode_script::UnicodeScript;
    !c.is_ascii()
        && (matches!(c, '\u{200C}' | '\u{200D}') || c.script() == unicode_script::Script::Inherited)
}

//! Setting one chapter on its own, and keeping what was set between builds.
//!
//! Every chapter opens on a fresh recto, so its pages depend on nothing but the chapter,
//! its position and the book's design: a live preview that keeps each chapter's pages
//! re-sets only the chapters that changed, and the later ones are only renumbered when
//! the book is assembled. Each chapter is set with its own warnings and font coverage, so
//! a kept chapter brings back exactly what it said the first time.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use super::fonts::{Coverage, FaceId};
use super::page::Page;
use super::shape::{self, Shaper};
use super::structure::Tree;
use super::{flow, paginate, FigureCheck, Stats};
use crate::diag::{Warning, Warnings};
use crate::ir::{Book, Chapter};
use crate::manuscript::config::PrintDesign;

/// One chapter set and paginated, before the book's page numbers are known.
#[derive(Clone)]
pub(super) struct SetChapter {
    pub title: String,
    pub sheets: Vec<paginate::Sheet>,
    /// The chapter's structure, which its pages' items point into.
    pub tree: Arc<Tree>,
    pub stats: Stats,
    pub glyph_text: BTreeMap<(FaceId, u16), String>,
    pub warnings: Vec<Warning>,
    pub coverage: Coverage,
}

/// What a preview keeps between builds of the same book: each chapter's tree as it was
/// set, with what setting it gave. Valid only while the design, the fonts and the images
/// stay the same: whoever holds it starts a new one when any of them changes.
#[derive(Default)]
pub struct Reuse {
    chapters: Vec<Option<(Chapter, Arc<SetChapter>)>>,
    /// Every glyph's text ever seen: a kept chapter's words may have been shaped from
    /// another chapter's cache, so its own record can lack them.
    glyph_text: BTreeMap<(FaceId, u16), String>,
    /// Chapters set (not kept) by the last build, by index.
    last_set: Vec<usize>,
    /// Each chapter's pages as the last build dressed them, with the body page they
    /// began on: good for as long as the chapter is kept and begins there.
    dressed: Vec<Option<Dressed>>,
}

struct Dressed {
    set: Arc<SetChapter>,
    first: usize,
    pages: Vec<Arc<Page>>,
}

impl Reuse {
    /// Nothing kept yet: the first build sets every chapter.
    pub fn new() -> Self {
        Self::default()
    }

    /// The chapters the last build had to set, in order (all of them the first time).
    pub fn last_set(&self) -> &[usize] {
        &self.last_set
    }

    /// The kept setting of chapter `i`, if the chapter is still the same.
    pub(super) fn kept(&self, i: usize, chapter: &Chapter) -> Option<Arc<SetChapter>> {
        match self.chapters.get(i)? {
            Some((was, set)) if was == chapter => Some(Arc::clone(set)),
            _ => None,
        }
    }

    /// Keeps the chapters of this build, cloning the trees of those that were set anew.
    pub(super) fn keep(&mut self, book: &Book, set: &[Arc<SetChapter>]) {
        self.chapters.resize_with(book.chapters.len(), || None);
        self.last_set.clear();
        for (i, (chapter, done)) in book.chapters.iter().zip(set).enumerate() {
            let same = matches!(&self.chapters[i], Some((_, kept)) if Arc::ptr_eq(kept, done));
            if !same {
                self.last_set.push(i);
                self.chapters[i] = Some((chapter.clone(), Arc::clone(done)));
                for (k, v) in &done.glyph_text {
                    shape::record_glyph_text(&mut self.glyph_text, *k, v);
                }
            }
        }
    }

    /// Chapter `c`'s dressed pages from the last build, if `set` is what was set then and
    /// it begins on the same body page `first`.
    pub(super) fn dressed(
        &self,
        c: usize,
        set: &Arc<SetChapter>,
        first: usize,
    ) -> Option<Vec<Arc<Page>>> {
        let kept = self.dressed.get(c)?.as_ref()?;
        (Arc::ptr_eq(&kept.set, set) && kept.first == first).then(|| kept.pages.clone())
    }

    /// Keeps each chapter's dressed pages: `body` is the book's body, chapter `c` opening
    /// on its page `firsts[c]`.
    pub(super) fn remember_pages(
        &mut self,
        set: &[Arc<SetChapter>],
        firsts: &[usize],
        body: &[Arc<Page>],
    ) {
        self.dressed = set
            .iter()
            .zip(firsts)
            .map(|(done, &first)| {
                let pages = body.get(first..first + done.sheets.len())?;
                Some(Dressed {
                    set: Arc::clone(done),
                    first,
                    pages: pages.to_vec(),
                })
            })
            .collect();
    }

    /// The glyph texts of every build so far.
    pub(super) fn glyph_text(&self) -> &BTreeMap<(FaceId, u16), String> {
        &self.glyph_text
    }
}

/// Sets and paginates chapter `i` with its own warnings and coverage.
pub(super) fn set_chapter<'f, 'a>(
    shaper: &mut Shaper<'f, 'a>,
    book: &'a Book,
    design: &'a PrintDesign,
    figures: &dyn FigureCheck,
    geo: &paginate::Geometry,
    i: usize,
    chapter: &Chapter,
) -> SetChapter {
    let warnings = Warnings::new();
    let coverage = Mutex::new(Coverage::default());
    let mut flow = flow::Flow::new(shaper, book, design, figures, &warnings, &coverage);
    let mut set = flow.chapter(i, chapter);
    let sheets = paginate::chapter(&mut set, i, geo, &mut flow);
    set.tree = flow.take_tree();
    let stats = flow.stats;
    // The flow gives its coverage back when dropped.
    drop(flow);
    SetChapter {
        title: set.title,
        tree: Arc::new(std::mem::take(&mut set.tree)),
        sheets,
        stats,
        glyph_text: std::mem::take(&mut shaper.to_unicode),
        warnings: warnings.sorted(),
        coverage: coverage.into_inner().unwrap_or_else(|p| p.into_inner()),
    }
}

/// Gathers the chapters' warnings and coverage in reading order. A character no face has
/// is reported once for the book, where it is first met.
pub(super) fn gather(set: &[Arc<SetChapter>], warnings: &Warnings) -> Coverage {
    let mut book = Coverage::default();
    let mut told = HashSet::new();
    for chapter in set {
        for c in &chapter.coverage.no_glyph {
            book.no_glyph.insert(*c);
        }
        for (face, chars) in &chapter.coverage.lacking {
            let known = book.lacking.entry(*face).or_default();
            for (c, set_in) in chars {
                known.entry(*c).or_insert(*set_in);
            }
        }
        for warning in &chapter.warnings {
            if warning.kind == flow::MISSING_GLYPH && !told.insert(&warning.diagnostic.message) {
                continue;
            }
            warnings.push(warning.kind, warning.diagnostic.clone());
        }
    }
    book
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::Reuse;
    use crate::diag::Warnings;
    use crate::ir::Lowerings;
    use crate::typeset::{typeset, typeset_reusing, AllFigures, Layout, Progress};

    /// A copy of a fixture to edit.
    fn copy(fixture: &str) -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let dir = tempfile::tempdir().expect("a temporary folder");
        for entry in std::fs::read_dir(&from).expect("the fixture") {
            let path = entry.expect("an entry").path();
            std::fs::copy(&path, dir.path().join(path.file_name().expect("a name")))
                .expect("copied");
        }
        dir
    }

    /// The layout a preview makes with what it kept, and the one a build makes from scratch:
    /// they must be the same pages.
    fn both(root: &Path, reuse: &mut Reuse, kept: &mut Lowerings) -> (Layout, Layout) {
        let warnings = Warnings::new();
        let parsed = crate::parse_book_with(root, None, &warnings, Some(kept)).expect("parses");
        let reused = typeset_reusing(&parsed.book, &parsed.design, &AllFigures, &warnings, reuse)
            .expect("sets");
        let fresh = crate::parse_book(root, None, &Warnings::new()).expect("parses");
        assert_eq!(
            parsed.book.chapters, fresh.book.chapters,
            "kept lowerings differ"
        );
        let whole = typeset(
            &fresh.book,
            &fresh.design,
            &AllFigures,
            &Warnings::new(),
            &Progress::new(),
        )
        .expect("sets");
        (reused, whole)
    }

    fn append(root: &Path, chapter: &str, text: &str) {
        let path = root.join(chapter);
        let mut was = std::fs::read_to_string(&path).expect("the chapter");
        was.push_str(text);
        std::fs::write(&path, was).expect("written");
    }

    #[test]
    fn a_preview_sets_only_the_changed_chapter_and_gets_the_same_pages() {
        let dir = copy("layout-libro");
        let root = dir.path();
        let (mut reuse, mut kept) = (Reuse::new(), Lowerings::new());
        let (first, whole) = both(root, &mut reuse, &mut kept);
        assert_eq!(first.pages, whole.pages);
        assert_eq!(reuse.last_set(), [0, 1, 2]);

        // A sentence in the second chapter: it alone is set again; the third chapter's
        // pages, which open where they did, are the very same pages.
        append(
            root,
            "02-segundo.md",
            "\nUna frase más, al final del capítulo segundo.\n",
        );
        let (second, whole) = both(root, &mut reuse, &mut kept);
        assert_eq!(reuse.last_set(), [1]);
        assert_eq!(second.pages, whole.pages);
        assert_eq!(second.outline, whole.outline);
        assert_eq!(second.pages.len(), first.pages.len());
        let last = second.pages.len() - 1;
        assert!(
            Arc::ptr_eq(&first.pages[last], &second.pages[last]),
            "the last page was made again"
        );

        // Pages enough to push every later chapter on: those are renumbered, not set again.
        let long = "\nOtro párrafo largo que alarga el capítulo primero con palabras y más palabras, para que ocupe varias líneas de la página y empuje a los capítulos que lo siguen.\n".repeat(60);
        append(root, "01-primero.md", &long);
        let (third, whole) = both(root, &mut reuse, &mut kept);
        assert_eq!(reuse.last_set(), [0]);
        assert!(third.pages.len() > second.pages.len());
        assert_eq!(third.pages, whole.pages);
        assert_eq!(third.outline, whole.outline);
    }
}

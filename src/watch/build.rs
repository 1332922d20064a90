//! The preview's builds: the manuscript read again on every change, only the chapters
//! that changed set again, and what the browser needs of the result.
//!
//! A build runs in three steps, each published as soon as it is done, so the pages come
//! first: the print pages (parse and layout), the e-book's files, then the diagnostics
//! of `check`. A manuscript that does not build keeps the last good pages and e-book.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::locate;
use crate::diag::render::Severity;
use crate::diag::{Diagnostic, Warnings};
use crate::ir::PageBreak;
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Item, Page, Target};
use crate::typeset::{Layout, PrintDesign, Reuse};
use crate::{epub, pdf, preview, print, typeset, Parsed};
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// The print side of a good build: the layout and what drawing it takes.
pub struct Pages {
    /// Counts the good builds: the browser redraws when it changes.
    pub number: u64,
    pub parsed: Parsed,
    pub layout: Layout,
    /// The design the pages were set on: the author's, fitted to the printer.
    pub design: PrintDesign,
    pub destinations: preview::Destinations,
    /// Every glyph's outline, once (see [`preview::shaped_glyph_defs`]).
    pub glyph_defs: Arc<str>,
    /// A tag of those, hashed once a build: the page fetches them again when it changes.
    pub glyphs_tag: String,
    /// The glyphs those are, by face.
    glyphs: Vec<(FaceId, u16)>,
    /// The book's images as this build had them: path, size, bytes.
    images: Vec<(String, u32, u32, usize)>,
    /// A fingerprint of each page, so the browser redraws only the pages that changed.
    pub fingerprints: Vec<u64>,
    /// Each page's own fingerprint, and whether it links to places in the book.
    own_prints: Vec<(u64, bool)>,
    /// Where each page begins in the book, for placing diagnostics.
    pub breaks: Vec<PageBreak>,
    /// The first page that differs from the last build's, to bring into view.
    pub changed: Option<usize>,
    /// Chapters set for this build (the others were kept from the last).
    pub chapters_set: usize,
    /// From the change being seen to the pages being ready.
    pub took: Duration,
}

/// The e-book side of a good build: the EPUB's files, unzipped.
pub struct Ebook {
    /// The number of the pages' build it was made with.
    pub number: u64,
    /// By path in the archive (`OEBPS/cap-01.xhtml`).
    pub files: HashMap<String, Vec<u8>>,
    /// Each chapter's title and content document, in reading order.
    pub chapters: Vec<(String, String)>,
    /// The content document of the first chapter that changed, to bring into view.
    pub changed: Option<String>,
}

/// One diagnostic as the page lists it, with where it leads.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Shown {
    pub severity: &'static str,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub code: Option<&'static str>,
    pub message: String,
    pub help: Option<String>,
    /// The page (index) the place is printed on.
    pub page: Option<usize>,
    /// The e-book's content document and fragment (`OEBPS/cap-02.xhtml#pagina.14`).
    pub ebook: Option<String>,
}

/// The diagnostics of the manuscript as it is now.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Diagnostics {
    /// Counts the checks: the page redraws the list only when it changes.
    pub check: u64,
    /// The manuscript does not build: the pages shown are the last good ones.
    pub broken: bool,
    pub list: Vec<Shown>,
}

/// Builds the preview, keeping between builds what a change does not touch.
pub struct Builder {
    root: PathBuf,
    epoch: Option<i64>,
    /// What was kept of each design the book was set on: the author's, and the one with
    /// the gutter its printer asks for when that is wider (at most those two).
    reuse: Vec<(PrintDesign, Reuse)>,
    lowerings: crate::ir::Lowerings,
    /// The faces' outlines drawn so far; good while the fonts stay the same.
    outlines: Option<preview::Outlines>,
    /// The last good build's pages.
    last: Option<Arc<Pages>>,
    /// Chapters (their content documents) of the last good e-book, to find the changed one.
    last_ebook: Option<Arc<Ebook>>,
    /// Good builds so far.
    builds: u64,
    /// Checks so far.
    checks: u64,
}

/// What a build step gives.
pub enum Built {
    Pages(Arc<Pages>),
    /// The manuscript does not build; here is why.
    Broken(Diagnostic),
}

impl Builder {
    /// A builder for the manuscript at `root`; `epoch` is `SOURCE_DATE_EPOCH`.
    pub fn new(root: &Path, epoch: Option<i64>) -> Self {
        Builder {
            root: root.to_path_buf(),
            epoch,
            reuse: Vec::new(),
            lowerings: crate::ir::Lowerings::new(),
            outlines: None,
            last: None,
            last_ebook: None,
            builds: 0,
            checks: 0,
        }
    }

    /// Step one: parses and lays out the book. `changed` are the files that changed since
    /// the last build (empty: the first); anything but a chapter (book.toml, an image, a
    /// font) sets every chapter again. `since` is when the change was seen.
    pub fn pages(&mut self, changed: &[PathBuf], since: Instant, warnings: &Warnings) -> Built {
        if changed.iter().any(|path| !is_chapter(&self.root, path)) {
            self.reuse.clear();
            self.lowerings = crate::ir::Lowerings::new();
            self.outlines = None;
        }
        let parsed = match crate::parse_book_with(
            &self.root,
            self.epoch,
            warnings,
            Some(&mut self.lowerings),
        ) {
            Ok(parsed) => parsed,
            Err(e) => return Built::Broken(e),
        };
        // A chapter's tree names its images by index only: when the images themselves
        // change (another file, another size), kept chapters are not the same.
        let images: Vec<_> = parsed
            .book
            .images
            .iter()
            .map(|i| (i.path.clone(), i.width, i.height, i.data.len()))
            .collect();
        if self.last.as_ref().is_some_and(|last| last.images != images) {
            self.reuse.clear();
        }
        let fresh_outlines = self.outlines.is_none();
        let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
        // Set as the print interior is: fitted to its printer (a wider gutter for a
        // thick book, blank pages at the end), so the preview shows the pages it will print.
        let at = crate::diag::Loc::at(&Arc::from(parsed.toml.as_path()), parsed.print.line);
        let kept = &mut self.reuse;
        let mut chapters_set = 0;
        let fitted = print::fit(
            &parsed.design,
            &parsed.print,
            &at,
            warnings,
            |design, warnings| {
                let slot = match kept.iter().position(|(d, _)| d == design) {
                    Some(slot) => slot,
                    None => {
                        if kept.len() == 2 {
                            kept.remove(0);
                        }
                        kept.push((design.clone(), Reuse::new()));
                        kept.len() - 1
                    }
                };
                let reuse = &mut kept[slot].1;
                let layout =
                    typeset::typeset_reusing(&parsed.book, design, &figures, warnings, reuse);
                chapters_set = reuse.last_set().len();
                layout
            },
        );
        let (layout, design) = match fitted {
            Ok((layout, design, fitting)) => {
                // The pages are shown all the same: the author is told, as a build would.
                if let Some(refused) = fitting.refused {
                    warnings.push(print::UNPRINTABLE, refused);
                }
                (layout, design)
            }
            Err(e) => return Built::Broken(e),
        };
        drop(figures);
        let destinations = preview::Destinations::of(&layout);
        let (own_prints, fingerprints) = self.fingerprints(&layout, &destinations);
        let outlines = self
            .outlines
            .get_or_insert_with(|| preview::Outlines::new(&parsed.book.fonts));
        // The glyphs' outlines are written again only when a new glyph is shaped.
        let glyphs: Vec<(FaceId, u16)> = layout.glyph_text.keys().copied().collect();
        let glyph_defs = match self.last.as_ref() {
            Some(last) if last.glyphs == glyphs && !fresh_outlines => Arc::clone(&last.glyph_defs),
            _ => Arc::from(preview::shaped_glyph_defs(&layout, outlines)),
        };
        let changed = self
            .last
            .as_ref()
            .and_then(|last| first_changed(&last.fingerprints, &fingerprints, &layout));
        self.builds += 1;
        let glyphs_tag = {
            let mut h = FxHasher::default();
            h.write(glyph_defs.as_bytes());
            format!("{:016x}", h.finish())
        };
        let pages = Pages {
            number: self.builds,
            glyphs_tag,
            glyph_defs,
            glyphs,
            images,
            destinations,
            breaks: layout.page_breaks(),
            fingerprints,
            own_prints,
            changed,
            chapters_set,
            design,
            layout,
            parsed,
            took: since.elapsed(),
        };
        let pages = Arc::new(pages);
        self.last = Some(Arc::clone(&pages));
        Built::Pages(pages)
    }

    /// Step two: the e-book's files from the pages' build (its page list from them).
    pub fn ebook(&mut self, pages: &Pages, warnings: &Warnings) -> Result<Arc<Ebook>, Diagnostic> {
        let parsed = &pages.parsed;
        let breaks = parsed.epub.page_list.then_some(pages.breaks.as_slice());
        let options = epub::EpubOptions {
            settings: &parsed.epub,
            page_breaks: breaks,
        };
        let files: HashMap<String, Vec<u8>> = epub::files(&parsed.book, &options, warnings)?
            .into_iter()
            .collect();
        let book = &parsed.book;
        let chapters: Vec<(String, String)> = (0..book.chapters.len())
            .map(|i| (book.chapters[i].title_text(), epub::chapter_path(book, i)))
            .collect();
        let changed = self.last_ebook.as_ref().and_then(|last| {
            chapters
                .iter()
                .find(|(_, path)| last.files.get(path) != files.get(path))
                .map(|(_, path)| path.clone())
        });
        let ebook = Arc::new(Ebook {
            number: pages.number,
            files,
            chapters,
            changed,
        });
        self.last_ebook = Some(Arc::clone(&ebook));
        Ok(ebook)
    }

    /// Step three: every error and warning, `check`'s and the build's, each placed in the
    /// last good pages. `stopped` is the error that stopped the build, if one did.
    pub fn diagnostics(
        &mut self,
        build_warnings: &Warnings,
        stopped: Option<&Diagnostic>,
    ) -> Diagnostics {
        let report = crate::check::check(&self.root, &Warnings::new());
        let mut errors = report.errors;
        // What stopped the build but `check` does not look at (the layout's own errors).
        if let Some(stopped) = stopped {
            if !errors.contains(stopped) {
                errors.insert(0, stopped.clone());
            }
        }
        // `check` reports each dialogue hyphen on its line; the build's summary of them
        // would say it twice.
        build_warnings.forget(crate::ir::DIALOGUE_SET);
        let warnings: Vec<Diagnostic> = build_warnings
            .sorted()
            .into_iter()
            .map(|w| w.diagnostic)
            .collect();
        let last = self.last.as_deref();
        let show = |d: &Diagnostic, severity: Severity| {
            let (page, ebook) = match (last, &d.loc) {
                (Some(pages), Some(loc)) => locate::place(&pages.parsed, &pages.breaks, loc),
                _ => (None, None),
            };
            let loc = d.loc.as_ref();
            Shown {
                severity: severity.name(),
                file: loc.map(|l| l.file.display().to_string()),
                line: loc.map(|l| l.line).filter(|&l| l > 0),
                column: loc.map(|l| l.column).filter(|&c| c > 0),
                code: d.code,
                message: d.message.clone(),
                help: d.hint.clone(),
                page,
                ebook,
            }
        };
        let list = errors
            .iter()
            .map(|d| show(d, Severity::Error))
            .chain(warnings.iter().map(|d| show(d, Severity::Warning)))
            .chain(report.findings.iter().map(|d| show(d, Severity::Warning)))
            .collect();
        self.checks += 1;
        Diagnostics {
            check: self.checks,
            broken: !errors.is_empty(),
            list,
        }
    }
}

impl Builder {
    /// Each page's fingerprint: a page kept from the last build (the same `Arc`) has the
    /// one it had. A page with links to places in the book also changes when the pages
    /// those go to do.
    fn fingerprints(
        &self,
        layout: &Layout,
        destinations: &preview::Destinations,
    ) -> (Vec<(u64, bool)>, Vec<u64>) {
        let known: FxHashMap<*const Page, (u64, bool)> = self
            .last
            .iter()
            .flat_map(|last| {
                let pages = last.layout.pages.iter().map(Arc::as_ptr);
                pages.zip(last.own_prints.iter().copied())
            })
            .collect();
        let places = {
            let mut h = FxHasher::default();
            destinations.hash(&mut h);
            h.finish()
        };
        let own: Vec<(u64, bool)> = layout
            .pages
            .iter()
            .map(|page| {
                known.get(&Arc::as_ptr(page)).copied().unwrap_or_else(|| {
                    let links = page.items.iter().any(|p| {
                        matches!(
                            &p.item,
                            Item::Link {
                                target: Target::Anchor(_),
                                ..
                            }
                        )
                    });
                    (preview::fingerprint(page), links)
                })
            })
            .collect();
        let shown = own
            .iter()
            .map(|&(print, links)| if links { print ^ places } else { print })
            .collect();
        (own, shown)
    }
}

/// Whether `path` is one of the manuscript's chapters (a Markdown file in its folder):
/// a change to it can keep the other chapters' pages.
fn is_chapter(root: &Path, path: &Path) -> bool {
    let in_root = match (path.parent(), root.canonicalize()) {
        (Some(parent), Ok(root)) => parent.canonicalize().is_ok_and(|p| p == root),
        _ => false,
    };
    in_root && path.extension().is_some_and(|e| e == "md")
}

/// The first page worth showing after a change: the first page of the body that differs
/// from the same page of the last build (the pages before the change are the same, folio
/// and all); else the first front-matter page that does (a new title, the contents).
fn first_changed(old: &[u64], new: &[u64], layout: &Layout) -> Option<usize> {
    let body = layout.front_pages;
    let differs = |i: usize| old.get(i) != new.get(i);
    (body..new.len())
        .find(|&i| differs(i))
        .or_else(|| (0..body.min(new.len())).find(|&i| differs(i)))
        .or_else(|| (new.len() < old.len()).then(|| new.len().saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diag::{Loc, Pos};

    fn sample() -> (Parsed, Layout) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layout-libro");
        let warnings = Warnings::new();
        let parsed = crate::parse_book(&root, None, &warnings).expect("parses");
        let layout = crate::layout(&parsed, &warnings).expect("lays out");
        (parsed, layout)
    }

    #[test]
    fn the_first_changed_page_is_in_the_body_before_the_front_matter() {
        let (_, layout) = sample();
        let old: Vec<u64> = (0..layout.pages.len() as u64).collect();
        let mut new = old.clone();
        assert_eq!(first_changed(&old, &new, &layout), None);
        let body = layout.front_pages;
        new[body + 3] = 999;
        new[1] = 999; // the contents changed too: the body's change is the one to show
        assert_eq!(first_changed(&old, &new, &layout), Some(body + 3));
        new[body + 3] = old[body + 3];
        assert_eq!(first_changed(&old, &new, &layout), Some(1));
    }

    #[test]
    fn a_line_of_a_chapter_is_placed_on_its_page_and_in_its_document() {
        let (parsed, layout) = sample();
        let breaks = layout.page_breaks();
        let chapter = &parsed.book.chapters[1];
        let file: std::sync::Arc<Path> = parsed.root.join(&chapter.source).into();
        // The chapter's last paragraph is on its last page.
        let last = chapter.body_blocks().last().expect("a block").loc().line;
        let loc = Loc::at(
            &file,
            Pos {
                line: last,
                column: 1,
            },
        );
        let (page, ebook) = locate::place(&parsed, &breaks, &loc);
        let page = page.expect("a page");
        // The page before the third chapter's opening (or before the blank verso there).
        let third = layout
            .outline
            .iter()
            .filter(|e| e.level == 1)
            .nth(2)
            .expect("a third chapter")
            .page;
        let blank = layout.pages[third - 1].kind == crate::typeset::page::PageKind::Blank;
        assert_eq!(page, third - 1 - usize::from(blank));
        let ebook = ebook.expect("a document");
        assert!(ebook.starts_with("OEBPS/cap-02.xhtml#pagina."), "{ebook}");
        assert!(ebook.ends_with(&layout.pages[page].label), "{ebook}");
        // book.toml is on no page.
        let toml: std::sync::Arc<Path> = parsed.root.join("book.toml").into();
        assert_eq!(
            locate::place(
                &parsed,
                &breaks,
                &Loc::at(&toml, Pos { line: 1, column: 1 })
            ),
            (None, None)
        );
    }
}

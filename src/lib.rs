//! imprenta: a folder of Markdown chapters in, an EPUB 3 and a print-ready PDF out.
//!
//! The pipeline is the module layout: [`manuscript`] reads the folder, [`ir`] lowers it
//! into one tree; [`epub`] turns that tree into an e-book, [`typeset`] into pages, and
//! [`pdf`] writes those pages.

pub mod check;
pub mod diag;
pub mod epub;
pub mod init;
pub mod ir;
pub mod locale;
pub mod manuscript;
pub mod ortho;
pub mod output;
pub mod paths;
pub mod pdf;
pub mod preview;
pub mod print;
pub mod typeset;
pub mod watch;
pub mod xml;

use std::path::Path;

use diag::{Diagnostic, Result, Warnings};

/// A manuscript read once: the tree both backends share, and beside it the settings of
/// the backends that need more than the tree.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The book.
    pub book: ir::Book,
    /// The printed page, from `[pdf]`.
    pub design: typeset::PrintDesign,
    /// The e-book's settings: `[epub]`, `[print] isbn`, `[accessibility]`.
    pub epub: manuscript::config::EpubSettings,
    /// The printed edition: `[print]`.
    pub print: manuscript::config::PrintSettings,
    /// The printed cover: `[cover]`.
    pub cover: manuscript::config::CoverSettings,
    /// Every file the build read (book.toml, chapters, images, fonts), as found from the
    /// manuscript folder: no output may replace one of them.
    pub inputs: Vec<std::path::PathBuf>,
    /// The manuscript folder, as given (an mdBook book's: its chapters' folder).
    pub root: std::path::PathBuf,
    /// The manuscript's book.toml.
    pub toml: std::path::PathBuf,
    /// Counters the typesetter advances while it sets this book, for a progress bar.
    pub progress: typeset::Progress,
}

impl Parsed {
    /// A place in the manuscript's book.toml, for messages about its settings.
    pub fn toml_at(&self, line: diag::Pos) -> diag::Loc {
        diag::Loc::at(&std::sync::Arc::from(self.toml.as_path()), line)
    }
}

/// Reads and lowers the manuscript at `root`: the one parse both backends share.
/// `source_date_epoch` is the value of `SOURCE_DATE_EPOCH`, if set.
pub fn parse_book(
    root: &Path,
    source_date_epoch: Option<i64>,
    warnings: &Warnings,
) -> Result<Parsed> {
    parse_book_with(root, source_date_epoch, warnings, None)
}

/// Reads the manuscript as [`parse_book`] does, lowering only the chapters that changed
/// since `kept` last saw them (for a live preview).
pub fn parse_book_with(
    root: &Path,
    source_date_epoch: Option<i64>,
    warnings: &Warnings,
    kept: Option<&mut ir::Lowerings>,
) -> Result<Parsed> {
    let manuscript = manuscript::load(root, warnings)?;
    let config = manuscript.config;
    let toml = manuscript.toml.clone();
    let metadata = manuscript::metadata(&config.book, source_date_epoch);
    let fonts = manuscript::fonts::load_fonts(&manuscript.root, &toml, &config.fonts)?;
    let listed = manuscript::fonts::load_listed(&manuscript.root, &toml, &config.fonts)?;
    let mut images = manuscript::assets::Images::new(&manuscript.root);
    let cover = match &config.book.cover {
        Some((path, line)) => {
            let loc = diag::Loc::at(&std::sync::Arc::from(toml.as_path()), *line);
            Some(images.load(path, &loc)?)
        }
        None => None,
    };
    let scene_image = match &config.scene_image {
        Some((path, line)) => {
            let loc = diag::Loc::at(&std::sync::Arc::from(toml.as_path()), *line);
            Some(images.load(path, &loc)?)
        }
        None => None,
    };
    let chapters = ir::lower_chapters_with(
        &manuscript.sources,
        config.book.quotes,
        &mut |reference: &str, loc: &diag::Loc| images.load(reference, loc),
        warnings,
        kept,
    )?;
    // The back cover's text, for a book with a cover: its own file, or the description
    // (Markdown too: an author's asterisks and quotes are set as in the chapters).
    let mut loader = |reference: &str, loc: &diag::Loc| images.load(reference, loc);
    let back_cover = match (&manuscript.back, &config.book.description) {
        _ if !config.print.given => Vec::new(),
        (Some(source), _) => ir::lower_text(source, config.book.quotes, &mut loader, warnings)?,
        (None, Some(description)) => {
            let source = ir::ChapterSource {
                relative: "book.toml".into(),
                display: std::sync::Arc::from(toml.as_path()),
                text: description.clone(),
                spliced: None,
                standing: ir::Standing::default(),
            };
            // Its lines are the description's own, not book.toml's: what it says is
            // told at the file.
            let own = Warnings::new();
            let blocks = ir::lower_text(&source, config.book.quotes, &mut loader, &own)
                .map_err(|e| at_description(e, &toml))?;
            for warning in own.sorted() {
                warnings.push(warning.kind, at_description(warning.diagnostic, &toml));
            }
            blocks
        }
        (None, None) => Vec::new(),
    };
    let images = images.into_images()?;
    let mut inputs = vec![toml.clone()];
    inputs.extend(
        manuscript
            .sources
            .iter()
            .chain(&manuscript.back)
            .map(|source| manuscript.root.join(&source.relative)),
    );
    inputs.extend(images.iter().map(|image| manuscript.root.join(&image.path)));
    inputs.extend(
        config
            .fonts
            .files()
            .map(|(path, _)| manuscript.root.join(path)),
    );
    let mut book = ir::Book {
        metadata,
        chapters,
        images,
        cover,
        back_cover,
        fonts,
        numbering: config.book.numbering,
        style: ir::Style {
            scene_image,
            ..config.style.clone()
        },
    };
    manuscript::fonts::choose_extra(&mut book, listed, config.fonts.missing, &toml)?;
    manuscript::fonts::settle_ornament(&mut book);
    manuscript::add_back_pages(
        &mut book,
        &config,
        &config.pdf,
        &manuscript.root,
        &toml,
        warnings,
    )?;
    Ok(Parsed {
        book,
        design: config.pdf,
        epub: config.epub,
        print: config.print,
        cover: config.cover,
        inputs,
        progress: typeset::Progress::new(),
        root: manuscript.root,
        toml: manuscript.toml,
    })
}

/// A problem in `[book] description`, told at book.toml with no line (the description's
/// own lines are not the file's).
fn at_description(mut diagnostic: Diagnostic, toml: &Path) -> Diagnostic {
    diagnostic.loc = Some(diag::Loc::file(toml));
    diagnostic.message = format!("[book] description: {}", diagnostic.message);
    diagnostic
}

/// Lays the book out as the PDF will be (figures the PDF cannot show get placeholders),
/// fitted to its printer: for the EPUB's page list, tests, and anything that reads pages.
pub fn layout(parsed: &Parsed, warnings: &Warnings) -> Result<typeset::Layout> {
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    Ok(print_layout(parsed, &figures, warnings)?.0)
}

/// The book set for its printer as [`print_layout`] sets it, or the printer's refusal:
/// what every printed file (the interior, the cover) starts from.
fn printable_layout(
    parsed: &Parsed,
    figures: &pdf::Figures,
    warnings: &Warnings,
) -> Result<(typeset::Layout, typeset::PrintDesign, print::Fitting)> {
    let (layout, design, fitting) = print_layout(parsed, figures, warnings)?;
    match &fitting.refused {
        Some(refused) => Err(refused.clone()),
        None => Ok((layout, design, fitting)),
    }
}

/// The book set for its printer: the layout, the design it was set on, what fitting it
/// changed.
fn print_layout(
    parsed: &Parsed,
    figures: &pdf::Figures,
    warnings: &Warnings,
) -> Result<(typeset::Layout, typeset::PrintDesign, print::Fitting)> {
    let at = parsed.toml_at(parsed.print.line);
    print::fit(
        &parsed.design,
        &parsed.print,
        &at,
        warnings,
        |design, warnings| {
            typeset::typeset(&parsed.book, design, figures, warnings, &parsed.progress)
        },
    )
}

/// Writes the EPUB; `layout` gives it the printed edition's page breaks (unless `[epub]
/// page_list = false`), laid out here when not given.
pub fn render_epub(
    parsed: &Parsed,
    layout: Option<&typeset::Layout>,
    warnings: &Warnings,
) -> Result<Vec<u8>> {
    let laid_out;
    let layout = match layout {
        Some(layout) => Some(layout),
        None if parsed.epub.page_list => match layout_quietly(parsed) {
            Ok(done) => {
                laid_out = done;
                Some(&laid_out)
            }
            // What stops the printed book (a face the typesetter cannot read) need not
            // stop the e-book: it goes without the printed pages, and says so.
            Err(why) => {
                warnings.push(
                    NO_PAGE_LIST,
                    Diagnostic::general(format!(
                        "the printed pages could not be laid out ({}); the EPUB has no page list",
                        why.message
                    ))
                    .with_hint("build the PDF to see why"),
                );
                None
            }
        },
        None => None,
    };
    let breaks = layout
        .filter(|_| parsed.epub.page_list)
        .map(typeset::Layout::page_breaks);
    let options = epub::EpubOptions {
        settings: &parsed.epub,
        page_breaks: breaks.as_deref(),
    };
    epub::write(&parsed.book, &options, warnings)
}

/// Warning for an EPUB whose book could not be laid out for its page list.
pub const NO_PAGE_LIST: diag::Kind = diag::Kind::new(
    "EPUB has no page list (the book could not be laid out)",
    "EPUBs have no page list (the book could not be laid out)",
);

/// The layout the EPUB's page list needs when no PDF is made: its warnings are the
/// PDF's (loose lines, fonts lacking characters), not the e-book's, so they are not told.
fn layout_quietly(parsed: &Parsed) -> Result<typeset::Layout> {
    layout(parsed, &Warnings::new())
}

/// The PDFs asked for, written from one layout.
#[derive(Debug, Default)]
pub struct Pdfs {
    /// The print interior (PDF/X), when asked for.
    pub print: Option<Vec<u8>>,
    /// The screen PDF (bookmarks, links), when asked for.
    pub screen: Option<Vec<u8>>,
    /// The cover (PDF/X), when asked for, and the measures it was made to.
    pub cover: Option<Vec<u8>>,
    pub cover_spec: Option<typeset::cover::CoverSpec>,
    /// What the typesetter counted.
    pub stats: typeset::Stats,
    /// What fitting the book to its printer changed.
    pub fitting: print::Fitting,
}

/// Typesets the book for its printer and writes the print interior and the screen PDF
/// as asked, both from the same pages.
pub fn render_pdfs(
    parsed: &Parsed,
    warnings: &Warnings,
    print: bool,
    screen: bool,
) -> Result<Pdfs> {
    // One preparation of each figure: the layout asks whether it can be drawn, the
    // writers draw it.
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    let (layout, design, fitting) = print_layout(parsed, &figures, warnings)?;
    if let (true, Some(refused)) = (print, &fitting.refused) {
        return Err(refused.clone());
    }
    let (print, screen) = rayon::join(
        || {
            print
                .then(|| write_pdf(parsed, &layout, &design, &figures, true))
                .transpose()
        },
        || {
            screen
                .then(|| write_pdf(parsed, &layout, &design, &figures, false))
                .transpose()
        },
    );
    Ok(Pdfs {
        print: print?,
        screen: screen?,
        cover: None,
        cover_spec: None,
        stats: layout.stats,
        fitting,
    })
}

/// The cover laid out, and what fitting the interior (whose page count it needs) changed.
pub fn cover_layout(
    parsed: &Parsed,
    warnings: &Warnings,
) -> Result<(typeset::Layout, print::Fitting)> {
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    let (layout, design, fitting) = printable_layout(parsed, &figures, warnings)?;
    let pages = layout.pages.len();
    let (cover, _, _) = print::cover::layout(parsed, &design, pages, warnings)?;
    Ok((cover, fitting))
}

/// Typesets the interior for its printer, to learn its final page count, and sets and
/// writes the cover that wraps it.
pub fn render_cover(parsed: &Parsed, warnings: &Warnings) -> Result<Pdfs> {
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    let (layout, design, fitting) = printable_layout(parsed, &figures, warnings)?;
    let (cover, spec) = print::cover::render(parsed, &design, layout.pages.len(), warnings)?;
    Ok(Pdfs {
        cover: Some(cover),
        cover_spec: Some(spec),
        stats: layout.stats,
        fitting,
        ..Pdfs::default()
    })
}

/// Typesets the book and writes the print interior; also returns what the typesetter
/// counted.
pub fn render_pdf(parsed: &Parsed, warnings: &Warnings) -> Result<(Vec<u8>, typeset::Stats)> {
    let pdfs = render_pdfs(parsed, warnings, true, false)?;
    Ok((pdfs.print.unwrap_or_default(), pdfs.stats))
}

/// Writes `layout` as the print interior (`for_print`) or as the screen PDF.
fn write_pdf(
    parsed: &Parsed,
    layout: &typeset::Layout,
    design: &typeset::PrintDesign,
    figures: &pdf::Figures,
    for_print: bool,
) -> Result<Vec<u8>> {
    let book = &parsed.book;
    let source = pdf::Document {
        metadata: &book.metadata,
        fonts: &book.fonts,
        figures,
    };
    let options = if for_print {
        pdf::PdfOptions {
            sheets: print::sheets(design, &parsed.print),
            print: Some(print::print_file(&parsed.print)),
        }
    } else {
        // On a screen the page is the trim: no bleed.
        pdf::PdfOptions::default()
    };
    pdf::write(layout, &source, &options)
}

/// Everything `build` writes, from one parse and one layout.
#[derive(Debug)]
pub struct Outputs {
    pub epub: Vec<u8>,
    pub pdfs: Pdfs,
}

/// The EPUB and the PDFs asked for from one parse and one layout: the PDF's pages are the
/// EPUB's page list. They are written at once; they only read the tree and the pages.
pub fn render_all(parsed: &Parsed, warnings: &Warnings, screen: bool) -> Result<Outputs> {
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    let (layout, design, fitting) = printable_layout(parsed, &figures, warnings)?;
    let pages = layout.pages.len();
    let ((epub, cover), (print, screen)) = rayon::join(
        || {
            rayon::join(
                || render_epub(parsed, Some(&layout), warnings),
                // A book made for a printer has its cover made with it.
                || {
                    parsed
                        .print
                        .given
                        .then(|| print::cover::render(parsed, &design, pages, warnings))
                        .transpose()
                },
            )
        },
        || {
            rayon::join(
                || write_pdf(parsed, &layout, &design, &figures, true),
                || {
                    screen
                        .then(|| write_pdf(parsed, &layout, &design, &figures, false))
                        .transpose()
                },
            )
        },
    );
    let (cover, cover_spec) = cover?.unzip();
    Ok(Outputs {
        epub: epub?,
        pdfs: Pdfs {
            print: Some(print?),
            screen: screen?,
            cover,
            cover_spec,
            stats: layout.stats,
            fitting,
        },
    })
}

/// The EPUB and the print interior from one parse and one layout.
pub fn render_both(parsed: &Parsed, warnings: &Warnings) -> Result<(Vec<u8>, Vec<u8>)> {
    let all = render_all(parsed, warnings, false)?;
    Ok((all.epub, all.pdfs.print.unwrap_or_default()))
}

#[cfg(test)]
mod tests;

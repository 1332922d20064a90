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
    /// Every file the build read (book.toml, chapters, images, fonts), as found from the
    /// manuscript folder: no output may replace one of them.
    pub inputs: Vec<std::path::PathBuf>,
    /// The manuscript folder, as given.
    pub root: std::path::PathBuf,
    /// Counters the typesetter advances while it sets this book, for a progress bar.
    pub progress: typeset::Progress,
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
    let toml = manuscript.root.join("book.toml");
    let metadata = manuscript::metadata(&config.book, source_date_epoch);
    let fonts = manuscript::fonts::load_fonts(&manuscript.root, &toml, &config.fonts)?;
    let mut images = manuscript::assets::Images::new(&manuscript.root);
    let cover = match &config.book.cover {
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
    let images = images.into_images()?;
    let mut inputs = vec![toml];
    inputs.extend(
        manuscript
            .sources
            .iter()
            .map(|source| manuscript.root.join(&source.relative)),
    );
    inputs.extend(images.iter().map(|image| manuscript.root.join(&image.path)));
    inputs.extend(
        [
            &config.fonts.regular,
            &config.fonts.italic,
            &config.fonts.bold,
        ]
        .into_iter()
        .chain([&config.fonts.bold_italic, &config.fonts.mono])
        .flatten()
        .map(|(path, _)| manuscript.root.join(path)),
    );
    let book = ir::Book {
        metadata,
        chapters,
        images,
        cover,
        fonts,
    };
    Ok(Parsed {
        book,
        design: config.pdf,
        epub: config.epub,
        print: config.print,
        inputs,
        progress: typeset::Progress::new(),
        root: manuscript.root,
    })
}

/// Lays the book out as the PDF will be (figures the PDF cannot show get placeholders),
/// fitted to its printer: for the EPUB's page list, tests, and anything that reads pages.
pub fn layout(parsed: &Parsed, warnings: &Warnings) -> Result<typeset::Layout> {
    let figures = pdf::Figures::new(&parsed.book.images, &parsed.book.fonts);
    Ok(print_layout(parsed, &figures, warnings)?.0)
}

/// The book set for its printer: the layout, the design it was set on, what fitting it
/// changed.
fn print_layout(
    parsed: &Parsed,
    figures: &pdf::Figures,
    warnings: &Warnings,
) -> Result<(typeset::Layout, typeset::PrintDesign, print::Fitting)> {
    let at = diag::Loc::at(
        &std::sync::Arc::from(parsed.root.join("book.toml")),
        parsed.print.line,
    );
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
        stats: layout.stats,
        fitting,
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
    let (layout, design, fitting) = print_layout(parsed, &figures, warnings)?;
    if let Some(refused) = &fitting.refused {
        return Err(refused.clone());
    }
    let (epub, (print, screen)) = rayon::join(
        || render_epub(parsed, Some(&layout), warnings),
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
    Ok(Outputs {
        epub: epub?,
        pdfs: Pdfs {
            print: Some(print?),
            screen: screen?,
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
mod tests {
    use super::*;

    /// A book's own words come from one table: an English or Catalan book names its
    /// contents, chapters and cover pages in its language in the PDF and the EPUB alike.
    #[test]
    fn both_books_speak_the_book_s_language() {
        for (language, contents, chapter) in [
            ("en", "Contents", "chapter 1"),
            ("ca", "Índex", "capítol 1"),
            ("es", "Índice", "capítulo 1"),
        ] {
            let dir = std::env::temp_dir()
                .join(format!("imprenta-locale-{language}-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("book.toml"),
                format!("[book]\ntitle = \"Rivers\"\nauthors = [\"Ann\", \"Lou\"]\nlanguage = \"{language}\"\n"),
            )
            .unwrap();
            std::fs::write(dir.join("01-one.md"), "# Upstream\n\nThe water rose.\n").unwrap();
            let warnings = Warnings::new();
            let parsed = parse_book(&dir, None, &warnings).expect("parses");

            let layout = layout(&parsed, &warnings).expect("lays out");
            let text: Vec<String> = layout.pages.iter().flat_map(|p| p.text_lines()).collect();
            assert!(text.iter().any(|l| l == contents), "{language}: {text:?}");
            assert!(
                text.iter().any(|l| l.to_lowercase() == chapter),
                "{language}: {text:?}"
            );

            let epub = render_epub(&parsed, None, &warnings).expect("the EPUB builds");
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
            let mut nav = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("OEBPS/nav.xhtml").unwrap(), &mut nav)
                .unwrap();
            assert!(nav.contains(&format!(">{contents}<")), "{language}: {nav}");
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    /// A face the author chose that lacks characters (here ñ, ¿ and even the space) has
    /// them set in the bundled face of its own style, words stay apart, and the face is
    /// reported once with what it lacks.
    #[test]
    fn a_face_lacking_characters_falls_back_to_the_bundled_face_of_its_style() {
        let dir = std::env::temp_dir().join(format!("imprenta-lacking-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let charis = std::fs::read("fonts/CharisSIL-Regular.ttf").unwrap();
        let ascii: std::collections::BTreeSet<char> = ('!'..='~').collect();
        let poor = epub::fonts::subset(&charis, &ascii).expect("subsets");
        std::fs::write(dir.join("pobre.ttf"), poor).unwrap();
        std::fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"Pobre niño\"\n[fonts]\nregular = \"pobre.ttf\"\n",
        )
        .unwrap();
        std::fs::write(dir.join("01.md"), "# Uno\n\n¿Sueña el niño?\n").unwrap();
        // Long enough for running heads, which carry the title «Niño» (title case kept).
        std::fs::write(
            dir.join("02.md"),
            format!(
                "# Año\n\n{}\n",
                "Otra página de texto corrido. ".repeat(400)
            ),
        )
        .unwrap();
        let warnings = Warnings::new();
        let parsed = parse_book(&dir, None, &warnings).expect("parses");
        let layout = layout(&parsed, &warnings).expect("lays out");
        let line = layout
            .pages
            .iter()
            .flat_map(|p| p.text_lines())
            .find(|l| l.contains("Sue"))
            .expect("the paragraph is set");
        assert_eq!(line, "¿Sueña el niño?");
        let fallback = typeset::fonts::FaceId::Fallback(0);
        let in_fallback: String = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|p| match &p.item {
                // Running heads (the book's and the chapter's titles) go whole; below.
                typeset::page::Item::Text(run)
                    if run.face == fallback
                        && !["pobre niño", "año"].contains(&run.text.to_lowercase().as_str()) =>
                {
                    Some(run.text.to_string())
                }
                _ => None,
            })
            .collect();
        // Only what the face lacks is borrowed (here and in the front matter's words).
        assert!(in_fallback.contains("¿ññ"), "{in_fallback}");
        assert!(!in_fallback.chars().any(|c| c.is_ascii()), "{in_fallback}");
        let said: Vec<String> = warnings
            .sorted()
            .iter()
            .map(|w| w.diagnostic.to_string())
            .filter(|m| m.contains("pobre.ttf"))
            .collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].contains("book.toml:4:11: the face "), "{}", said[0]);
        for part in [
            "«¿» (U+00BF)",
            "«ñ» (U+00F1)",
            "the space (U+0020)",
            "CharisSIL",
        ] {
            assert!(said[0].contains(part), "{part}: {}", said[0]);
        }
        // A running head with an ñ the face lacks is set whole in the fallback, never
        // with a missing glyph.
        let heads: Vec<&typeset::page::TextRun> = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|p| match &p.item {
                typeset::page::Item::Text(run)
                    if run.text.to_lowercase().contains("pobre niño") =>
                {
                    Some(run)
                }
                _ => None,
            })
            .collect();
        assert!(!heads.is_empty());
        assert!(
            heads
                .iter()
                .all(|r| r.face == fallback || !r.text.contains('ñ')),
            "{heads:?}"
        );
        // The PDF embeds the fallback face too.
        let (pdf, _) = render_pdf(&parsed, &warnings).expect("writes");
        assert!(pdf.windows(9).filter(|w| w == b"CharisSIL").count() >= 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

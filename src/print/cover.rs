//! The cover's measures for each printer: the spine's width from the interior's page
//! count and paper, the bleed, when the spine carries text and how far inside its folds,
//! and the barcode's box.
//!
//! Sources (as published in 2025–2026):
//! - Amazon KDP, «Create a Paperback Cover» (help topic G201953020): spine = pages ×
//!   0.002252 in on white paper, × 0.0025 in on cream, × 0.002347 in on premium colour;
//!   0.125 in bleed on every edge; spine text only on books of more than 79 pages, kept
//!   0.0625 in inside the folds; the barcode box 2 × 1.2 in at the back's foot, 0.25 in
//!   from the spine and the bottom edge.
//! - IngramSpark, «File Creation Guide» and its cover template generator: 0.125 in bleed;
//!   a 1/16 in production shift at the folds; the barcode at 100 % in black on white. It
//!   publishes no caliper per page: its template gives the spine's width, which
//!   `[print] spine_width` takes; without it the width is estimated from the KDP calipers
//!   of the same papers (its 50 lb white and creme are the common POD stocks), and a
//!   warning says so.
//! - Lulu, «Book Creation Guide» (p. 13): spine = pages / 444 + 0.06 in; 0.125 in bleed;
//!   no spine text at 80 pages or fewer, and 0.125 in between the text and the folds.

use crate::diag::{Diagnostic, Kind, Loc, Result, Warnings};
use crate::manuscript::config::{CoverSettings, Paper, PrintSettings, Printer, SpineDirection};
use crate::typeset::cover::{spine, BarcodeArea, CoverSpec, Isbn};
use crate::typeset::page::Direction;
use crate::typeset::PrintDesign;

use super::INCH;

/// Warning for a spine width worked out without the printer's own figure.
pub const SPINE_ESTIMATED: Kind =
    Kind::new("spine width is an estimate", "spine widths are estimates");

/// The spine's width in points for `pages` pages on `paper` at `printer`.
pub fn spine_width(printer: Printer, paper: Paper, pages: usize) -> f32 {
    let pages = pages as f32;
    let inches = match printer {
        Printer::Lulu => pages / 444.0 + 0.06,
        Printer::Kdp | Printer::IngramSpark | Printer::Generic => {
            pages
                * match paper {
                    Paper::White => 0.002252,
                    Paper::Cream => 0.0025,
                    Paper::Color => 0.002347,
                }
        }
    };
    inches * INCH
}

/// The least page count whose spine carries text, and how far inside each fold it keeps.
fn spine_text_rule(printer: Printer) -> (usize, f32) {
    match printer {
        Printer::Kdp | Printer::Generic => (80, 0.0625 * INCH),
        // IngramSpark names no page count, only its 1/16 in shift at the folds: the
        // spine's width alone decides (see `fits`).
        Printer::IngramSpark => (0, 0.0625 * INCH),
        Printer::Lulu => (81, 0.125 * INCH),
    }
}

/// The cover of an interior of `pages` pages set on `design` (its trim) for `settings`'
/// printer; `image_at` is the book.toml line of the cover image.
pub fn spec(
    design: &PrintDesign,
    settings: &PrintSettings,
    cover: &CoverSettings,
    pages: usize,
    image_at: Option<Loc>,
    at: &Loc,
    warnings: &Warnings,
) -> CoverSpec {
    let printer = settings.printer;
    let spine = settings
        .spine_width
        .unwrap_or_else(|| spine_width(printer, settings.paper, pages));
    if settings.spine_width.is_none() && printer == Printer::IngramSpark {
        warnings.push(
            SPINE_ESTIMATED,
            Diagnostic::at(
                at.clone(),
                format!(
                    "the spine's width ({:.3} in for {pages} pages) is an estimate: IngramSpark publishes no caliper per page",
                    spine / INCH
                ),
            )
            .with_hint("copy the width IngramSpark's cover template gives into [print] spine_width"),
        );
    }
    let (least_pages, spine_margin) = spine_text_rule(printer);
    let direction = match cover.spine {
        SpineDirection::BottomToTop => Direction::Up,
        SpineDirection::TopToBottom => Direction::Down,
    };
    let isbn = settings.isbn.as_ref().map(|digits| Isbn {
        digits: digits.clone(),
        written: settings
            .isbn_written
            .clone()
            .unwrap_or_else(|| digits.clone()),
    });
    CoverSpec {
        width: design.width,
        height: design.height,
        spine,
        bleed: 0.125 * INCH,
        // Every printer asks for text 0.125–0.25 in inside the trim; a book's cover keeps
        // a wider margin for its looks.
        margin: 0.5 * INCH,
        spine_margin,
        // The printer's page count, and room for type of a readable size between the
        // margins (KDP's 80 pages of white paper leave 4 pt: text from about 96).
        spine_text: (pages >= least_pages && spine::fits(spine, spine_margin)).then_some(direction),
        barcode: BarcodeArea {
            width: 2.0 * INCH,
            height: 1.2 * INCH,
            from_fold: 0.25 * INCH,
            from_foot: 0.25 * INCH,
        },
        isbn,
        image_at,
    }
}

/// The cover of `parsed`'s book for an interior of `pages` pages set on `design`, laid
/// out on one page (with the figures it was set with).
pub fn layout<'a>(
    parsed: &'a crate::Parsed,
    design: &PrintDesign,
    pages: usize,
    warnings: &Warnings,
) -> Result<(crate::typeset::Layout, CoverSpec, crate::pdf::Figures<'a>)> {
    // Figures of its own: the interior's writer, running beside it, writes every figure
    // its set has prepared, and must not find the cover's image among them.
    let book = &parsed.book;
    let figures = crate::pdf::Figures::new(&book.images, &book.fonts);
    let at = parsed.toml_at(parsed.print.line);
    let image_at = parsed.cover.image_line.map(|line| parsed.toml_at(line));
    let spec = spec(
        design,
        &parsed.print,
        &parsed.cover,
        pages,
        image_at,
        &at,
        warnings,
    );
    let layout = crate::typeset::cover::cover(book, design, &spec, &figures, warnings)?;
    Ok((layout, spec, figures))
}

/// Sets the cover as [`layout`] does and writes it as a PDF/X-1a file in process
/// colours (a cover is printed in four colours whatever the interior's inks); returns
/// it with the measures it was made to.
pub fn render(
    parsed: &crate::Parsed,
    design: &PrintDesign,
    pages: usize,
    warnings: &Warnings,
) -> Result<(Vec<u8>, CoverSpec)> {
    let (layout, spec, figures) = layout(parsed, design, pages, warnings)?;
    let source = crate::pdf::Document {
        metadata: &parsed.book.metadata,
        fonts: &parsed.book.fonts,
        figures: &figures,
    };
    let options = crate::pdf::PdfOptions {
        sheets: crate::pdf::Sheets {
            bleed: spec.bleed,
            outer_edges_only: false,
        },
        print: Some(crate::pdf::PrintFile {
            process: crate::pdf::Process::Cmyk,
            ..super::print_file(&parsed.print)
        }),
    };
    Ok((crate::pdf::write(&layout, &source, &options)?, spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spines_follow_each_printer_s_caliper() {
        let inches = |printer, paper, pages| spine_width(printer, paper, pages) / INCH;
        assert!((inches(Printer::Kdp, Paper::White, 400) - 0.9008).abs() < 1e-4);
        assert!((inches(Printer::Kdp, Paper::Cream, 400) - 1.0).abs() < 1e-4);
        assert!((inches(Printer::Kdp, Paper::Color, 100) - 0.2347).abs() < 1e-4);
        assert!((inches(Printer::Lulu, Paper::White, 444) - 1.06).abs() < 1e-4);
    }

    #[test]
    fn thin_books_have_a_bare_spine() {
        let design = PrintDesign::default();
        let settings = PrintSettings {
            printer: Printer::Kdp,
            ..PrintSettings::default()
        };
        let at = Loc::file("book.toml");
        let warnings = Warnings::new();
        let cover = CoverSettings::default();
        let text = |pages| spec(&design, &settings, &cover, pages, None, &at, &warnings).spine_text;
        // KDP prints spine text from 80 pages, but 80 pages of white paper leave 4 pt
        // between the margins; 96 leave 6.5 pt, type of 5 pt.
        assert_eq!(text(78), None);
        assert_eq!(text(80), None);
        assert_eq!(text(94), None);
        assert_eq!(text(96), Some(Direction::Down));
        // Cream paper is thicker: type fits from 88 pages.
        let cream = PrintSettings {
            paper: Paper::Cream,
            ..settings.clone()
        };
        let cream = |pages| spec(&design, &cream, &cover, pages, None, &at, &warnings).spine_text;
        assert_eq!(cream(86), None);
        assert_eq!(cream(88), Some(Direction::Down));
        // A wide spine of the author's still waits for KDP's 80 pages.
        let wide = PrintSettings {
            spine_width: Some(0.5 * INCH),
            ..settings.clone()
        };
        let wide = |pages| spec(&design, &wide, &cover, pages, None, &at, &warnings).spine_text;
        assert_eq!(wide(78), None);
        assert_eq!(wide(80), Some(Direction::Down));
        assert!(warnings.is_empty());
    }
}

//! Print production: the interior fitted to the printer that will bind it (trim, margins
//! by page count, bleed, page range, an even page count) before the PDF writers see its
//! pages.

pub mod cover;
pub mod profile;

use std::sync::Arc;

use crate::diag::{Diagnostic, Kind, Loc, Result, Warnings};
use crate::manuscript::config::{Interior, PrintDesign, PrintSettings, Printer, Standard};
use crate::pdf::{OutputIntent, PrintFile, Process, Sheets};
use crate::typeset::page::{Page, PageKind};
use crate::typeset::Layout;
pub use profile::{Margins, Profile, INCH};

/// Warning (in the live preview) for a book its printer would refuse: the print
/// interior is not written, the preview and the screen PDF are.
pub const UNPRINTABLE: Kind = Kind::new(
    "the printer would refuse the interior",
    "the printer would refuse the interior",
);

/// What fitting the interior to its printer changed, for the status line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fitting {
    /// The margins the book was set again with, when the author's were narrower than the
    /// printer's minimum for the page count: (the author's, the ones used).
    pub widened: Option<(Margins, Margins)>,
    /// Blank pages added at the end: an even count, and the last page blank where the
    /// printer wants it.
    pub padded: usize,
    /// The interior's final page count.
    pub pages: usize,
    /// Why the printer would refuse the interior (a trim it does not print, a page count
    /// it does not bind): the print interior is not written, the screen PDF is.
    pub refused: Option<Diagnostic>,
}

/// The design the interior is set on for `settings`' printer: its bleed in place of the
/// author's amount (when the author asked for bleed at all).
pub fn design_for(design: &PrintDesign, settings: &PrintSettings) -> PrintDesign {
    let profile = Profile::of(settings.printer);
    let mut design = design.clone();
    if design.bleed > 0.0 && profile.bleed > 0.0 {
        design.bleed = profile.bleed;
    }
    design
}

/// Sets the interior with `set` on `design` and fits it to `settings`' printer: sets the
/// book again with wider margins while its page count asks for them, pads the end with
/// blank pages, and says whether the printer would refuse it (`Fitting::refused`).
///
/// Each setting reports to a sink of its own: only the last one's warnings are the
/// book's, and they go to `warnings`. `at` is the place in book.toml that chose the
/// printer, named by a refusal.
pub fn fit(
    design: &PrintDesign,
    settings: &PrintSettings,
    at: &Loc,
    warnings: &Warnings,
    mut set: impl FnMut(&PrintDesign, &Warnings) -> Result<Layout>,
) -> Result<(Layout, PrintDesign, Fitting)> {
    let profile = Profile::of(settings.printer);
    let mut told = Vec::new();
    let mut set_once = |design: &PrintDesign| {
        let round = Warnings::new();
        let layout = set(design, &round);
        told = round.sorted();
        layout
    };
    let author = design_for(design, settings);
    let mut design = author.clone();
    let mut fitting = Fitting::default();
    let mut layout = set_once(&design);
    // Each round sets the book on the margins its page count asks for. The margins only
    // ever widen, one band of KDP's table at a time, so this ends within the table's five
    // bands; the last round's margins hold for its own page count.
    while let Ok(laid) = &layout {
        let last_blank = laid.pages.last().is_some_and(|p| p.kind == PageKind::Blank);
        let pages = laid.pages.len() + padding(laid.pages.len(), last_blank, &profile);
        let wanted = widen(&design, &profile.min_margins(pages, design.bleed > 0.0));
        if wanted == design {
            break;
        }
        design = wanted;
        layout = set_once(&design);
    }
    for warning in told {
        warnings.push(warning.kind, warning.diagnostic);
    }
    let mut layout = layout?;
    if design != author {
        fitting.widened = Some((margins(&author), margins(&design)));
    }
    let last_blank = layout
        .pages
        .last()
        .is_some_and(|p| p.kind == PageKind::Blank);
    fitting.padded = padding(layout.pages.len(), last_blank, &profile);
    pad(&mut layout, fitting.padded);
    fitting.pages = layout.pages.len();
    fitting.refused = refusal(&design, settings, &profile, fitting.pages)
        .map(|(message, hint)| Diagnostic::at(at.clone(), message).with_hint(hint));
    Ok((layout, design, fitting))
}

/// Why `settings`' printer would refuse an interior of `pages` pages on `design`, with
/// what the author can do: (message, hint).
fn refusal(
    design: &PrintDesign,
    settings: &PrintSettings,
    profile: &Profile,
    pages: usize,
) -> Option<(String, String)> {
    let name = settings.printer.name();
    if let Some(refused) = trim_refusal(design, settings, profile) {
        return Some(refused);
    }
    let range = profile.pages.as_ref()?;
    if range.contains(&pages) {
        return None;
    }
    let side = if pages < *range.start() {
        format!("fewer than the {} it binds at least", range.start())
    } else {
        format!("more than the {} it binds at most", range.end())
    };
    Some((
        format!("the interior has {pages} pages, {side} ({name})"),
        format!(
            "{name} binds paperbacks of {} to {} pages; change the trim or the type size, or the printer in [print]",
            range.start(),
            range.end()
        ),
    ))
}

/// Why `settings`' printer would refuse `design`'s trim: (message, hint).
fn trim_refusal(
    design: &PrintDesign,
    settings: &PrintSettings,
    profile: &Profile,
) -> Option<(String, String)> {
    let why = profile.takes_trim(design.width, design.height).err()?;
    Some((
        format!(
            "{} does not print a {:.0} × {:.0} mm page: {why}",
            settings.printer.name(),
            design.width / MM,
            design.height / MM
        ),
        "choose one of its trims in [pdf] (trim, or width and height)".to_string(),
    ))
}

/// The refusal of a trim the printer does not print, at `at` (for `check`, which needs no
/// layout to know it).
pub fn refused_trim(
    design: &PrintDesign,
    settings: &PrintSettings,
    at: &Loc,
) -> Option<Diagnostic> {
    let profile = Profile::of(settings.printer);
    trim_refusal(design, settings, &profile)
        .map(|(message, hint)| Diagnostic::at(at.clone(), message).with_hint(hint))
}

const MM: f32 = 72.0 / 25.4;

/// The margins of `design`.
fn margins(design: &PrintDesign) -> Margins {
    Margins {
        inner: design.margin_inner,
        outer: design.margin_outer,
        top: design.margin_top,
        bottom: design.margin_bottom,
    }
}

/// `design` with each margin at least `least`: the author's wider margins are kept.
fn widen(design: &PrintDesign, least: &Margins) -> PrintDesign {
    let mut wider = design.clone();
    wider.margin_inner = design.margin_inner.max(least.inner);
    wider.margin_outer = design.margin_outer.max(least.outer);
    wider.margin_top = design.margin_top.max(least.top);
    wider.margin_bottom = design.margin_bottom.max(least.bottom);
    wider
}

/// How many blank pages a book of `pages` pages takes at its end: a bound book has an
/// even number of pages (each leaf two), and some printers want the last one blank.
fn padding(pages: usize, last_blank: bool, profile: &Profile) -> usize {
    let odd = pages % 2;
    match (profile.blank_last, last_blank, odd) {
        // The odd page made even is itself the blank last page.
        (true, false, 0) => 2,
        _ => odd,
    }
}

/// Adds `count` blank pages at the end, numbered on from the last.
fn pad(layout: &mut Layout, count: usize) {
    let Some(last) = layout.pages.last().cloned() else {
        return;
    };
    // Blank pages at the end are body pages: numbered in arabic after the front matter.
    let mut number = layout.pages.len().saturating_sub(layout.front_pages);
    for _ in 0..count {
        number += 1;
        layout.pages.push(Arc::new(Page {
            width: last.width,
            height: last.height,
            kind: PageKind::Blank,
            label: number.to_string(),
            ..Page::default()
        }));
    }
    layout.stats.pages = layout.pages.len();
}

/// Where the print interior's pages sit on their sheets: the bleed of `design`, on the
/// edges `settings`' printer wants it.
pub fn sheets(design: &PrintDesign, settings: &PrintSettings) -> Sheets {
    Sheets {
        bleed: design.bleed,
        outer_edges_only: Profile::of(settings.printer).outer_edges_only,
    }
}

/// What the print files of `settings` are: their process colours and printing condition.
pub fn print_file(settings: &PrintSettings) -> PrintFile {
    PrintFile {
        process: match settings.interior {
            Interior::Bw => Process::Gray,
            Interior::Color => Process::Cmyk,
        },
        intent: match (settings.printer, settings.standard) {
            // The U.S. printers characterize their presses as SWOP; a book made for any
            // printer is assumed to be printed in Europe, to ISO 12647-2. PDF/X-4 embeds
            // the condition's profile: imprenta carries profiles of TR 003 and FOGRA39.
            (Printer::Generic, _) => OutputIntent::FOGRA39,
            (_, Standard::X1a) => OutputIntent::SWOP,
            (_, Standard::X4) => OutputIntent::SWOP_TR003,
        },
        standard: settings.standard,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout_of(pages: usize, last_blank: bool) -> Layout {
        let mut layout = Layout::default();
        for i in 0..pages {
            let blank = last_blank && i + 1 == pages;
            layout.pages.push(Arc::new(Page {
                kind: if blank {
                    PageKind::Blank
                } else {
                    PageKind::Body
                },
                label: (i + 1).to_string(),
                width: 100.0,
                height: 200.0,
                ..Page::default()
            }));
        }
        layout
    }

    #[test]
    fn padding_makes_the_count_even_and_the_last_page_blank_where_asked() {
        let kdp = Profile::of(Printer::Kdp);
        let ingram = Profile::of(Printer::IngramSpark);
        for (pages, last_blank, profile, added) in [
            (7, false, &kdp, 1),
            (8, false, &kdp, 0),
            (8, false, &ingram, 2),
            (7, false, &ingram, 1),
            (8, true, &ingram, 0),
            (7, true, &ingram, 1),
        ] {
            let mut layout = layout_of(pages, last_blank);
            let count = padding(pages, last_blank, profile);
            assert_eq!(count, added, "{pages} pages");
            pad(&mut layout, count);
            assert_eq!(layout.pages.len(), pages + added);
            assert_eq!(layout.pages.len() % 2, 0);
            assert_eq!(layout.stats.pages, layout.pages.len());
            let last = layout.pages.last().unwrap();
            assert_eq!(last.label, (pages + added).to_string());
            if profile.blank_last {
                assert_eq!(last.kind, PageKind::Blank);
            }
        }
    }

    #[test]
    fn a_book_is_set_again_with_the_gutter_its_page_count_asks_for() {
        let settings = PrintSettings {
            printer: Printer::Kdp,
            ..PrintSettings::default()
        };
        let design = PrintDesign::default();
        let at = Loc::file("book.toml");
        let warnings = Warnings::new();
        let mut rounds = Vec::new();
        // A stand-in typesetter: 720 pages whatever the margins, and a warning per round.
        let (layout, fitted, fitting) = fit(&design, &settings, &at, &warnings, |d, w| {
            rounds.push(d.margin_inner);
            w.push(
                UNPRINTABLE,
                Diagnostic::general(format!("round {}", rounds.len())),
            );
            Ok(layout_of(720, false))
        })
        .unwrap();
        assert_eq!(
            rounds.len(),
            2,
            "set once, then again with the wider gutter"
        );
        assert!((fitted.margin_inner - 0.875 * INCH).abs() < 0.01);
        assert_eq!(
            fitted.margin_outer, design.margin_outer,
            "the author's wider margin kept"
        );
        let (from, to) = fitting.widened.unwrap();
        assert_eq!(
            (from.inner, to.inner),
            (design.margin_inner, fitted.margin_inner)
        );
        assert_eq!(layout.pages.len(), 720);
        assert!(fitting.refused.is_none());
        let told: Vec<String> = warnings
            .sorted()
            .into_iter()
            .map(|w| w.diagnostic.message)
            .collect();
        assert_eq!(
            told,
            ["round 2"],
            "only the last setting's warnings are the book's"
        );

        let (_, _, long) = fit(&design, &settings, &at, &warnings, |_, _| {
            Ok(layout_of(900, false))
        })
        .unwrap();
        let refused = long.refused.expect("refused");
        assert!(refused.message.contains("900 pages"), "{}", refused.message);
        assert!(refused.hint.as_deref().unwrap().contains("24 to 828"));
    }
}

//! What each print-on-demand printer takes, from its published file specifications:
//! trims, page counts, bleed and minimum margins by page count.
//!
//! Sources (as published in 2025–2026):
//! - Amazon KDP, «Paperback Manuscript Templates / Set Trim Size, Bleed, and Margins»:
//!   custom trims 4–8.5 × 6–11.69 in, 24–828 pages, 0.125 in bleed on the top, bottom and
//!   outside edges, the inside margin by page count.
//! - IngramSpark, «File Creation Guide»: its list of trims, 18–1200 pages, 0.125 in bleed,
//!   margins of at least 0.5 in, a last page left blank (it prints its own mark there).
//! - Lulu, «Book Creation Guide»: its list of trims, 32–800 pages for a paperback,
//!   0.125 in bleed on every side (the page 0.25 in wider and taller), 0.5 in safety margin.

use std::ops::RangeInclusive;

use crate::manuscript::config::Printer;

/// Points per inch.
pub const INCH: f32 = 72.0;

/// The minimum margins a printer asks of an interior, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// At the spine.
    pub inner: f32,
    /// At the fore-edge.
    pub outer: f32,
    pub top: f32,
    pub bottom: f32,
}

/// What one printer takes.
#[derive(Debug, Clone)]
pub struct Profile {
    pub printer: Printer,
    /// Bleed beyond the trim on the outer edges, in points.
    pub bleed: f32,
    /// Whether the interior's bleed runs on the three outer edges only (none at the spine).
    pub outer_edges_only: bool,
    /// The page counts it binds.
    pub pages: Option<RangeInclusive<usize>>,
    /// It wants the last page blank (it prints its own mark there).
    pub blank_last: bool,
}

/// Common trims the printers list, width × height in inches.
const INGRAM_TRIMS: &[(f32, f32)] = &[
    (4.0, 6.0),
    (4.25, 7.0),
    (4.37, 7.0),
    (5.0, 7.0),
    (5.0, 8.0),
    (5.06, 7.81),
    (5.25, 8.0),
    (5.5, 8.25),
    (5.5, 8.5),
    (5.83, 8.27),
    (6.0, 9.0),
    (6.14, 9.21),
    (6.69, 9.61),
    (7.0, 10.0),
    (7.44, 9.69),
    (7.5, 9.25),
    (8.0, 8.0),
    (8.0, 10.0),
    (8.25, 11.0),
    (8.27, 11.69),
    (8.5, 8.5),
    (8.5, 11.0),
];

const LULU_TRIMS: &[(f32, f32)] = &[
    (4.25, 6.875),
    (5.0, 8.0),
    (5.5, 8.5),
    (5.83, 8.27),
    (6.0, 9.0),
    (6.14, 9.21),
    (6.625, 10.25),
    (7.0, 10.0),
    (7.44, 9.68),
    (7.5, 7.5),
    (8.5, 8.5),
    (8.5, 11.0),
    (8.27, 11.69),
];

impl Profile {
    /// The profile of `printer`.
    pub fn of(printer: Printer) -> Profile {
        let eighth = 0.125 * INCH;
        match printer {
            Printer::Kdp => Profile {
                printer,
                bleed: eighth,
                outer_edges_only: true,
                pages: Some(24..=828),
                blank_last: false,
            },
            Printer::IngramSpark => Profile {
                printer,
                bleed: eighth,
                outer_edges_only: true,
                pages: Some(18..=1200),
                blank_last: true,
            },
            Printer::Lulu => Profile {
                printer,
                bleed: eighth,
                outer_edges_only: false,
                pages: Some(32..=800),
                blank_last: false,
            },
            Printer::Generic => Profile {
                printer,
                bleed: 0.0,
                outer_edges_only: false,
                pages: None,
                blank_last: false,
            },
        }
    }

    /// Whether the printer binds a book of this trim (points), and if not the trims it does.
    pub fn takes_trim(&self, width: f32, height: f32) -> Result<(), String> {
        let (w, h) = (width / INCH, height / INCH);
        // Half a millimetre either way: A5 is 5.83 × 8.27 in to two decimals.
        let near = |a: f32, b: f32| (a - b).abs() < 0.02;
        let listed = |trims: &[(f32, f32)]| {
            if trims.iter().any(|&(tw, th)| near(w, tw) && near(h, th)) {
                Ok(())
            } else {
                let names: Vec<String> = trims.iter().map(|(a, b)| format!("{a}×{b}")).collect();
                Err(format!("it prints {} (inches)", names.join(", ")))
            }
        };
        match self.printer {
            // KDP prints any trim in its range in black and white.
            Printer::Kdp
                if (4.0 - 0.01..=8.5 + 0.01).contains(&w)
                    && (6.0 - 0.01..=11.69 + 0.01).contains(&h) =>
            {
                Ok(())
            }
            Printer::Kdp => Err("it prints trims from 4 × 6 in to 8.5 × 11.69 in".to_string()),
            Printer::IngramSpark => listed(INGRAM_TRIMS),
            Printer::Lulu => listed(LULU_TRIMS),
            Printer::Generic => Ok(()),
        }
    }

    /// The narrowest margins the printer takes for a book of `pages` pages.
    pub fn min_margins(&self, pages: usize, bleed: bool) -> Margins {
        match self.printer {
            Printer::Kdp => {
                // KDP's inside margin grows with the book's thickness, as the binding
                // swallows more of each page.
                let inner = match pages {
                    0..=150 => 0.375,
                    151..=300 => 0.5,
                    301..=500 => 0.625,
                    501..=700 => 0.75,
                    _ => 0.875,
                } * INCH;
                let outside = if bleed { 0.375 } else { 0.25 } * INCH;
                Margins {
                    inner,
                    outer: outside,
                    top: outside,
                    bottom: outside,
                }
            }
            Printer::IngramSpark | Printer::Lulu => {
                let half = 0.5 * INCH;
                Margins {
                    inner: half,
                    outer: half,
                    top: half,
                    bottom: half,
                }
            }
            Printer::Generic => Margins {
                inner: 0.0,
                outer: 0.0,
                top: 0.0,
                bottom: 0.0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kdp_s_inside_margin_follows_the_page_count() {
        let kdp = Profile::of(Printer::Kdp);
        let inner = |pages| kdp.min_margins(pages, false).inner / INCH;
        assert_eq!(
            [24, 150, 151, 300, 301, 500, 501, 700, 701, 828].map(inner),
            [0.375, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.75, 0.875, 0.875]
        );
        assert_eq!(kdp.min_margins(200, false).outer / INCH, 0.25);
        assert_eq!(kdp.min_margins(200, true).top / INCH, 0.375);
        assert_eq!(
            Profile::of(Printer::Lulu).min_margins(900, true).inner / INCH,
            0.5
        );
    }

    #[test]
    fn trims_are_checked_against_each_printer() {
        let mm = 72.0 / 25.4;
        let a5 = (148.0 * mm, 210.0 * mm);
        assert!(Profile::of(Printer::Kdp).takes_trim(a5.0, a5.1).is_ok());
        assert!(Profile::of(Printer::IngramSpark)
            .takes_trim(a5.0, a5.1)
            .is_ok());
        assert!(Profile::of(Printer::Lulu)
            .takes_trim(6.0 * INCH, 9.0 * INCH)
            .is_ok());
        let odd = Profile::of(Printer::Lulu).takes_trim(5.1 * INCH, 7.3 * INCH);
        assert!(odd.unwrap_err().contains("5.83×8.27"));
        assert!(Profile::of(Printer::Kdp)
            .takes_trim(3.0 * INCH, 5.0 * INCH)
            .is_err());
    }
}

//! `[pdf]`: the print design (trim, type size, leading, margins, bleed), the named trim
//! sizes, and the lengths an author writes them in.

use super::raw::{Checked, Length, RawPdf};
use super::Reader;
use crate::diag::{Pos, Result};

/// The print design from `[pdf]`: trim, type size, leading, margins and bleed, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintDesign {
    /// Trim width.
    pub width: f32,
    /// Trim height.
    pub height: f32,
    /// Body type size.
    pub font_size: f32,
    /// Distance between baselines of body text.
    pub leading: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    /// Bleed added around the trim on every side (0 for none).
    pub bleed: f32,
    /// What the versos' running head shows.
    pub verso_head: VersoHead,
}

/// `[pdf] verso_head`: the book's title on every verso, or, in a chapter of a part, the
/// part's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VersoHead {
    /// The book's title.
    #[default]
    Title,
    /// The title of the part the chapter is in.
    Part,
}

const MM: f32 = 72.0 / 25.4;

impl Default for PrintDesign {
    /// The house design: A5, 10.5/13.5 pt, margins 20/15/17/22 mm.
    fn default() -> Self {
        PrintDesign {
            width: 148.0 * MM,
            height: 210.0 * MM,
            font_size: 10.5,
            leading: 13.5,
            margin_inner: 20.0 * MM,
            margin_outer: 15.0 * MM,
            margin_top: 17.0 * MM,
            margin_bottom: 22.0 * MM,
            bleed: 0.0,
            verso_head: VersoHead::Title,
        }
    }
}

/// Named trim sizes, in millimetres or inches, as (name, width, height) in points.
fn trim_size(name: &str) -> Option<(f32, f32)> {
    const IN: f32 = 72.0;
    Some(match name.to_ascii_lowercase().as_str() {
        "a5" => (148.0 * MM, 210.0 * MM),
        "a4" => (210.0 * MM, 297.0 * MM),
        "letter" => (8.5 * IN, 11.0 * IN),
        "6x9in" => (6.0 * IN, 9.0 * IN),
        "5.5x8.5in" => (5.5 * IN, 8.5 * IN),
        "5x8in" => (5.0 * IN, 8.0 * IN),
        _ => return None,
    })
}

/// The range each length may take, in points, and the unit to name it in.
fn bounds(key: &str) -> (f32, f32, &'static str) {
    match key {
        // From a pocket book's 50 mm to a folio's metre; PDF's own page limit is 200 in.
        "width" | "height" => (50.0 * MM, 1000.0 * MM, "mm"),
        "font_size" => (4.0, 72.0, "pt"),
        "leading" => (3.2, 288.0, "pt"),
        // Printers ask for 3 to 5 mm of bleed; 13 mm (half an inch) is the most any asks.
        "bleed" => (0.0, 13.0 * MM, "mm"),
        _ => (0.0, 1000.0 * MM, "mm"),
    }
}

fn hint(key: &str) -> &'static str {
    match key {
        "width" | "height" => "a book's trim is between 50 mm and 1 m a side; or use trim = \"a5\"",
        "font_size" => "body text is usually between 9 and 12 pt",
        "leading" => "leading is usually 1.2 to 1.4 times the type size",
        "bleed" => "printers ask for 3 mm (or 0.125in) of bleed",
        _ => "margins are usually between 10 and 30 mm",
    }
}

/// Parses a length such as `148mm`, `6in`, `1.5cm` or `10.5pt` (a bare number is points).
pub fn parse_length(text: &str) -> Option<f32> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number = number.trim();
    // Plain decimals only: not `inf`, `nan`, `1e30` or thirty digits.
    if number.is_empty()
        || number.len() > 9
        || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    let number: f32 = number.parse().ok()?;
    let factor = match unit.trim() {
        "" | "pt" => 1.0,
        "mm" => MM,
        "cm" => 10.0 * MM,
        "in" => 72.0,
        _ => return None,
    };
    (number.is_finite() && number >= 0.0).then_some(number * factor)
}

/// The design `[pdf]` describes: the house design, a named trim over it, then each length.
pub(super) fn read(reader: &Reader, pdf: RawPdf) -> Result<PrintDesign> {
    let mut design = PrintDesign::default();
    if let Some((trim, line)) = reader.string(pdf.trim, "pdf", "trim")? {
        let (width, height) = trim_size(&trim).ok_or_else(|| {
            reader
                .at(line, format!("unknown trim size `{trim}`"))
                .with_hint(
                    "use a5, a4, letter, 6x9in, 5.5x8.5in or 5x8in, or give width and height",
                )
        })?;
        design.width = width;
        design.height = height;
    }
    if let Some((head, line)) = reader.string(pdf.verso_head, "pdf", "verso_head")? {
        design.verso_head = match head.as_str() {
            "title" => VersoHead::Title,
            "part" => VersoHead::Part,
            other => {
                return Err(reader
                    .at(
                        line,
                        format!("`verso_head` is `{other}`, which it cannot be"),
                    )
                    .with_hint("use \"title\" (the book's) or \"part\" (the part's title)"))
            }
        };
    }
    // Overlapping lines are the fault of whichever of the two the author wrote.
    let overlap_line = [&pdf.leading, &pdf.font_size]
        .into_iter()
        .flatten()
        .map(|field| reader.line_of(field))
        .next()
        .unwrap_or_default();
    let lengths = [
        ("width", pdf.width, &mut design.width),
        ("height", pdf.height, &mut design.height),
        ("font_size", pdf.font_size, &mut design.font_size),
        ("leading", pdf.leading, &mut design.leading),
        ("margin_inner", pdf.margin_inner, &mut design.margin_inner),
        ("margin_outer", pdf.margin_outer, &mut design.margin_outer),
        ("margin_top", pdf.margin_top, &mut design.margin_top),
        (
            "margin_bottom",
            pdf.margin_bottom,
            &mut design.margin_bottom,
        ),
        ("bleed", pdf.bleed, &mut design.bleed),
    ];
    // The line of the first length the author wrote, for problems no one key causes.
    let mut first_line = Pos::default();
    for (key, field, slot) in lengths {
        let Some(field) = field else { continue };
        let line = reader.line_of(&field);
        if first_line.line == 0 || line < first_line {
            first_line = line;
        }
        let bad = || {
            reader.at(
                line,
                format!("`{key}` must be a length such as \"148mm\", \"6in\" or \"10.5pt\""),
            )
        };
        let value = match field.into_inner() {
            Checked::Ok(Length::Text(text)) => parse_length(&text).ok_or_else(bad)?,
            Checked::Ok(Length::Whole(points)) => points as f32,
            Checked::Ok(Length::Points(points)) => points as f32,
            _ => return Err(bad()),
        };
        let (low, high, unit) = bounds(key);
        if !value.is_finite() || value < low || value > high {
            let show = |points: f32| match unit {
                "pt" => format!("{points}pt"),
                _ => format!("{}mm", (points / MM * 10.0).round() / 10.0),
            };
            return Err(reader
                .at(
                    line,
                    format!("`{key}` must lie between {} and {}", show(low), show(high)),
                )
                .with_hint(hint(key)));
        }
        *slot = value;
    }
    let text_width = design.width - design.margin_inner - design.margin_outer;
    let text_height = design.height - design.margin_top - design.margin_bottom;
    // A measure under ten ems or a page of under ten lines is no book page, and the line
    // breaker and page builder need room to work.
    if text_width < 10.0 * design.font_size || text_height < 10.0 * design.leading {
        return Err(reader
            .at(
                first_line,
                format!(
                    "[pdf] leaves no room for text: the text block is {:.0} × {:.0} mm, less than 10 ems wide or 10 lines tall",
                    text_width.max(0.0) / MM,
                    text_height.max(0.0) / MM
                ),
            )
            .with_hint("make the margins narrower, the page larger or the type smaller"));
    }
    // Leading a little under the type size (solid setting minus) still keeps the lines
    // apart; below four fifths of it ascenders touch descenders.
    if design.leading < 0.8 * design.font_size {
        return Err(reader
            .at(
                overlap_line,
                format!(
                    "`leading` ({}pt) is less than four fifths of `font_size` ({}pt): lines would overlap",
                    design.leading, design.font_size
                ),
            )
            .with_hint("leading is usually 1.2 to 1.4 times the type size"));
    }
    Ok(design)
}

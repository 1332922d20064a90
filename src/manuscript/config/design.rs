//! `[pdf]`: the print design (trim, type size, leading, margins, bleed), the named trim
//! sizes, and the lengths an author writes them in.

use super::raw::{Checked, Length, RawPdf};
use super::Reader;
use crate::diag::Result;

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

/// Parses a length such as `148mm`, `6in`, `1.5cm` or `10.5pt` (a bare number is points).
pub fn parse_length(text: &str) -> Option<f32> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f32 = number.trim().parse().ok()?;
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
    // Overlapping lines are the fault of whichever of the two the author wrote.
    let overlap_line = [&pdf.leading, &pdf.font_size]
        .into_iter()
        .flatten()
        .map(|field| reader.line_of(field))
        .next()
        .unwrap_or(0);
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
    for (key, field, slot) in lengths {
        let Some(field) = field else { continue };
        let line = reader.line_of(&field);
        let bad = || {
            reader.at(
                line,
                format!("`{key}` must be a length such as \"148mm\", \"6in\" or \"10.5pt\""),
            )
        };
        *slot = match field.into_inner() {
            Checked::Ok(Length::Text(text)) => parse_length(&text).ok_or_else(bad)?,
            Checked::Ok(Length::Whole(points)) if points >= 0 => points as f32,
            Checked::Ok(Length::Points(points)) if points >= 0.0 => points as f32,
            _ => return Err(bad()),
        };
    }
    let text_width = design.width - design.margin_inner - design.margin_outer;
    let text_height = design.height - design.margin_top - design.margin_bottom;
    if text_width < 72.0 || text_height < 4.0 * design.leading || design.font_size < 4.0 {
        return Err(reader.at(
            0,
            "[pdf] leaves no room for text: the margins are larger than the page or the type too small",
        ));
    }
    if design.leading < design.font_size {
        return Err(reader.at(
            overlap_line,
            "`leading` is smaller than `font_size`: lines would overlap",
        ));
    }
    Ok(design)
}

//! `[print]`: the printed edition (which printer and inks, its ISBN, the PDF/X flavour),
//! checked with the line of each value.

use serde::Deserialize;

use super::raw::Field;
use super::read::Reader;
use crate::diag::{Pos, Result};

/// `[print]`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawPrint {
    pub(super) printer: Field<String>,
    pub(super) interior: Field<String>,
    pub(super) paper: Field<String>,
    pub(super) spine_width: Field<super::raw::Length>,
    pub(super) isbn: Field<String>,
    pub(super) standard: Field<String>,
}

/// The print-on-demand service the files are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Printer {
    /// Amazon KDP paperbacks.
    Kdp,
    /// IngramSpark (Lightning Source) paperbacks.
    IngramSpark,
    /// Lulu paperbacks.
    Lulu,
    /// Any printer: PDF/X, an even page count, the author's own margins and bleed.
    #[default]
    Generic,
}

/// The inks of the interior.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Interior {
    /// Black ink only: everything is converted to gray.
    #[default]
    Bw,
    /// Four-colour process: everything is converted to CMYK.
    Color,
}

/// The PDF/X flavour of the print files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standard {
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, process colours, a registered printing
    /// condition named. What every printer here takes.
    #[default]
    X1a,
    /// PDF/X-4 (ISO 15930-7): PDF 1.6, the printing condition's profile embedded.
    X4,
}

/// The paper the interior is printed on: its caliper sets the spine's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// White uncoated paper (the black-and-white default).
    #[default]
    White,
    /// Cream uncoated paper, a little thicker.
    Cream,
    /// The printer's paper for colour interiors (the colour default).
    Color,
}

/// The printed edition, from `[print]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintSettings {
    /// The book.toml has a `[print]` table: `build` makes the cover too.
    pub given: bool,
    /// The printer the interior is fitted to.
    pub printer: Printer,
    /// Its inks: gray or CMYK.
    pub interior: Interior,
    /// Its paper.
    pub paper: Paper,
    /// The PDF/X of the interior and the cover.
    pub standard: Standard,
    /// The spine's width in points as the printer's own cover calculator gives it, in
    /// place of the width worked out from the page count and the paper.
    pub spine_width: Option<f32>,
    /// The printed edition's ISBN-13, digits only.
    pub isbn: Option<String>,
    /// The ISBN as written in book.toml (its hyphens place the group, publisher and
    /// title parts), printed above the barcode.
    pub isbn_written: Option<String>,
    /// The line naming the printer (or the table's first key), for messages about what
    /// the printer refuses.
    pub line: Pos,
}

impl Printer {
    /// The printer's name as it calls itself.
    pub fn name(self) -> &'static str {
        match self {
            Printer::Kdp => "Amazon KDP",
            Printer::IngramSpark => "IngramSpark",
            Printer::Lulu => "Lulu",
            Printer::Generic => "the printer",
        }
    }
}

/// One of a key's named values, or an error listing them.
fn choice<T: Copy>(
    reader: &Reader,
    field: Field<String>,
    key: &str,
    choices: &[(&str, T)],
) -> Result<Option<(T, Pos)>> {
    let Some((text, line)) = reader.string(field, "print", key)? else {
        return Ok(None);
    };
    let wanted = text.trim().to_ascii_lowercase();
    match choices.iter().find(|(name, _)| *name == wanted) {
        Some((_, value)) => Ok(Some((*value, line))),
        None => {
            let names: Vec<String> = choices.iter().map(|(n, _)| format!("\"{n}\"")).collect();
            Err(reader
                .at(
                    line,
                    format!("`{key}` in [print] is `{text}`, which is not one imprenta knows"),
                )
                .with_hint(format!("write one of {}", names.join(", "))))
        }
    }
}

/// `[print]`, when the book.toml has the table.
pub(super) fn read(reader: &Reader, raw: Option<RawPrint>) -> Result<PrintSettings> {
    let given = raw.is_some();
    let raw = raw.unwrap_or_default();
    let lines: Vec<Pos> = [
        raw.printer.as_ref().map(|f| reader.line_of(f)),
        raw.interior.as_ref().map(|f| reader.line_of(f)),
        raw.paper.as_ref().map(|f| reader.line_of(f)),
        raw.spine_width.as_ref().map(|f| reader.line_of(f)),
        raw.isbn.as_ref().map(|f| reader.line_of(f)),
        raw.standard.as_ref().map(|f| reader.line_of(f)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut settings = PrintSettings {
        given,
        line: lines.iter().min().copied().unwrap_or_default(),
        ..PrintSettings::default()
    };
    use Printer::*;
    let printers = [
        ("kdp", Kdp),
        ("ingramspark", IngramSpark),
        ("lulu", Lulu),
        ("generic", Generic),
    ];
    if let Some((printer, line)) = choice(reader, raw.printer, "printer", &printers)? {
        settings.printer = printer;
        settings.line = line;
    }
    let interiors = [("bw", Interior::Bw), ("color", Interior::Color)];
    if let Some((interior, _)) = choice(reader, raw.interior, "interior", &interiors)? {
        settings.interior = interior;
    }
    let papers = [
        ("white", Paper::White),
        ("cream", Paper::Cream),
        ("color", Paper::Color),
    ];
    settings.paper = match choice(reader, raw.paper, "paper", &papers)? {
        Some((paper, _)) => paper,
        None if settings.interior == Interior::Color => Paper::Color,
        None => Paper::White,
    };
    let standards = [("x-1a", Standard::X1a), ("x-4", Standard::X4)];
    if let Some((standard, _)) = choice(reader, raw.standard, "standard", &standards)? {
        settings.standard = standard;
    }
    settings.spine_width = spine_width(reader, raw.spine_width)?;
    if let Some((digits, written)) = isbn(reader, raw.isbn)? {
        settings.isbn = Some(digits);
        settings.isbn_written = Some(written);
    }
    Ok(settings)
}

/// `[print] spine_width`: a length up to 4 in (1 600 pages of cream paper).
fn spine_width(reader: &Reader, field: Field<super::raw::Length>) -> Result<Option<f32>> {
    use super::raw::{Checked, Length};
    let Some(field) = field else { return Ok(None) };
    let line = reader.line_of(&field);
    let points = match field.into_inner() {
        Checked::Ok(Length::Text(text)) => super::design::parse_length(&text),
        Checked::Ok(Length::Whole(points)) => Some(points as f32),
        Checked::Ok(Length::Points(points)) => Some(points as f32),
        _ => None,
    };
    match points {
        Some(points) if points > 0.0 && points <= 4.0 * 72.0 => Ok(Some(points)),
        _ => Err(reader
            .at(
                line,
                "`spine_width` in [print] must be a length between 0 and 4in, such as \"0.52in\" or \"13.2mm\"",
            )
            .with_hint("copy the spine width from the printer's cover calculator, or leave the key out")),
    }
}

/// `[print] isbn`: an ISBN-13 with a right check digit, hyphens and spaces allowed; its
/// digits and its text.
fn isbn(reader: &Reader, field: Field<String>) -> Result<Option<(String, String)>> {
    let Some((text, line)) = reader.string(field, "print", "isbn")? else {
        return Ok(None);
    };
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let bad = |why: &str| {
        reader
            .at(line, format!("`isbn` is `{text}`, {why}"))
            .with_hint("write the printed edition's ISBN-13, as isbn = \"978-84-0000-000-4\"")
    };
    if digits.len() != 13 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad("which is not an ISBN-13 (13 digits)"));
    }
    if !(digits.starts_with("978") || digits.starts_with("979")) {
        return Err(bad(
            "which does not begin with 978 or 979, as every ISBN-13 does",
        ));
    }
    if !check_digit_holds(&digits) {
        return Err(bad("whose check digit is wrong"));
    }
    Ok(Some((digits, text.trim().to_string())))
}

/// ISBN-13's (and EAN-13's) check: weights 1 and 3 alternately make the sum a multiple
/// of 10.
fn check_digit_holds(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    sum.is_multiple_of(10)
}

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

/// The printed edition, from `[print]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintSettings {
    /// The printer the interior is fitted to.
    pub printer: Printer,
    /// Its inks: gray or CMYK.
    pub interior: Interior,
    /// The printed edition's ISBN-13, digits only.
    pub isbn: Option<String>,
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

/// `[print]`.
pub(super) fn read(reader: &Reader, raw: RawPrint) -> Result<PrintSettings> {
    let lines: Vec<Pos> = [
        raw.printer.as_ref().map(|f| reader.line_of(f)),
        raw.interior.as_ref().map(|f| reader.line_of(f)),
        raw.isbn.as_ref().map(|f| reader.line_of(f)),
        raw.standard.as_ref().map(|f| reader.line_of(f)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut settings = PrintSettings {
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
    if let Some((text, line)) = reader.string(raw.standard, "print", "standard")? {
        if !text.trim().eq_ignore_ascii_case("x-1a") {
            return Err(reader
                .at(
                    line,
                    format!("`standard` in [print] is `{text}`; imprenta writes PDF/X-1a:2001"),
                )
                .with_hint("write standard = \"x-1a\", or leave the key out"));
        }
    }
    settings.isbn = isbn(reader, raw.isbn)?;
    Ok(settings)
}

/// `[print] isbn`: an ISBN-13 with a right check digit, hyphens and spaces allowed.
fn isbn(reader: &Reader, field: Field<String>) -> Result<Option<String>> {
    let Some((text, line)) = reader.string(field, "print", "isbn")? else {
        return Ok(None);
    };
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let bad = |why: &str| {
        reader
            .at(line, format!("`isbn` is `{text}`, {why}"))
            .with_hint("write the printed edition's ISBN-13, as isbn = \"978-84-0000-000-0\"")
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
    Ok(Some(digits))
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

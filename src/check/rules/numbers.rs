//! Numbers as typed, and the grouping of their thousands.
//!
//! Numbers of five digits or more are grouped in threes by a space, four-digit ones are
//! not split, and neither the point nor the comma separates thousands (RAE, *Ortografía*
//! 2010, «Expresiones numéricas»; ISO 80000). Years, pages, verses, postal codes and
//! telephone numbers are never grouped, which is why an ungrouped number is judged only
//! where it counts something.

use std::ops::Range;

use super::{finding, is_placeholder, word_before, Prose};
use crate::check::prose::{BlockKind, Finding};

/// A number as typed: its groups of digits and what separates them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Number {
    /// Its bytes.
    pub range: Range<usize>,
    /// The bytes of each group of digits.
    pub groups: Vec<Range<usize>>,
    /// The separator after each group but the last.
    pub separators: Vec<char>,
}

/// What a number's separators make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Digits only.
    Plain,
    /// Thousands grouped by `sep` (a space, a point or a comma), then maybe a decimal
    /// separator and decimals.
    Grouped { sep: char, decimal: Option<char> },
    /// `12,5`, `3.25`, `0,125`: one point or comma that cannot group thousands.
    Decimal(char),
    /// `10.000`, `1,250`: one point or comma before three digits, which may group
    /// thousands or start decimals.
    Ambiguous(char),
    /// Anything else: dates, versions, lists.
    Other,
}

/// The spaces that may group thousands: the space, the no-break and the thin ones.
pub(super) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

impl Number {
    /// What its separators make of it.
    pub fn shape(&self, text: &str) -> Shape {
        let n = self.groups.len();
        if n == 1 {
            return Shape::Plain;
        }
        let len = |i: usize| self.groups[i].len();
        let thousands = |upto: usize| len(0) <= 3 && (1..upto).all(|i| len(i) == 3);
        let first = self.separators[0];
        if n == 2 && matches!(first, '.' | ',') {
            let zero = &text[self.groups[0].clone()] == "0";
            return if thousands(2) && !zero {
                Shape::Ambiguous(first)
            } else {
                Shape::Decimal(first)
            };
        }
        let last = self.separators[n - 2];
        let same = |upto: usize| self.separators[..upto].iter().all(|&s| s == first);
        if same(n - 1) && thousands(n) {
            Shape::Grouped {
                sep: first,
                decimal: None,
            }
        } else if same(n - 2) && matches!(last, '.' | ',') && last != first && thousands(n - 1) {
            Shape::Grouped {
                sep: first,
                decimal: Some(last),
            }
        } else {
            Shape::Other
        }
    }
}

/// The numbers of `text`; a space joins groups only as thousands (up to three digits,
/// then three at a time), a point or a comma any digits.
pub(super) fn numbers(text: &str) -> impl Iterator<Item = Number> + '_ {
    let bytes = text.as_bytes();
    let digits = move |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let mut groups: Vec<Range<usize>> = Vec::with_capacity(4);
        groups.push(start..start + digits(start));
        let mut separators: Vec<char> = Vec::new();
        i = groups[0].end;
        while let Some(sep) = text[i..].chars().next() {
            let after = i + sep.len_utf8();
            let run = digits(after);
            let joins = match sep {
                '.' | ',' => run > 0,
                c if is_group_space(c) => {
                    run == 3
                        && groups
                            .iter()
                            .enumerate()
                            .all(|(g, r)| r.len() == 3 || (g == 0 && r.len() <= 3))
                        && separators.iter().all(|&s| s == sep)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            separators.push(sep);
            groups.push(after..after + run);
            i = after + run;
        }
        Some(Number {
            range: start..i,
            groups,
            separators,
        })
    })
}

/// Whether the number at `range` stands among words: not glued to letters (a code), not
/// in an address, a date, a time or a range.
pub(super) fn free(prose: &Prose, range: &Range<usize>) -> bool {
    let text = prose.text;
    let prev = prose.before(range.start);
    let next = prose.at(range.end);
    let digit_after = text[range.end..]
        .chars()
        .nth(1)
        .is_some_and(|c| c.is_ascii_digit());
    !prose.in_address(range.start)
        && !prev.is_some_and(|c| {
            c.is_alphanumeric() || is_placeholder(c) || "-–/_#@+:'’$£.,".contains(c)
        })
        && !next.is_some_and(|c| is_placeholder(c) || ("-–/:.,".contains(c) && digit_after))
}

/// Whether the number at `start` is a page, a year, a code or anything else that is never
/// grouped (by the word before it), or follows a name (`Madrid 28001`, `Juan 3,16`).
pub(super) fn labelled(text: &str, start: usize) -> bool {
    const LABELS: &[&str] = &[
        "pág",
        "págs",
        "p",
        "pp",
        "página",
        "páginas",
        "núm",
        "núms",
        "n",
        "nº",
        "º",
        "no",
        "número",
        "números",
        "art",
        "arts",
        "artículo",
        "artículos",
        "cap",
        "caps",
        "capítulo",
        "apartado",
        "sección",
        "epígrafe",
        "punto",
        "tel",
        "tfno",
        "teléfono",
        "fax",
        "cp",
        "isbn",
        "issn",
        "año",
        "años",
        "ley",
        "decreto",
        "código",
        "versión",
        "v",
        "vol",
        "fol",
        "verso",
        "versos",
        "portal",
        "calle",
        "avenida",
        "avda",
        "ref",
        "referencia",
        "cuenta",
        "dni",
        "nif",
        "cif",
        "lote",
        "modelo",
        "serie",
        "expediente",
        "registro",
        "matrícula",
        "tabla",
        "figura",
        "fig",
        "nota",
        "véase",
        "ver",
        "cf",
        "al",
        "el",
        "del",
        "siglo",
        "las",
        "la",
        "salmo",
    ];
    let before = text[..start].trim_end_matches(is_group_space);
    let period = before.ends_with('.');
    let end = before.len() - usize::from(period);
    let word = word_before(before, end);
    // A capital in mid-sentence starts a name; at a sentence's start it says nothing.
    let opens_sentence = text[..end - word.len()]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| ".?!¿¡—«\"“:".contains(c));
    LABELS.contains(&word.to_lowercase().as_str())
        || (word.starts_with(char::is_uppercase) && !opens_sentence)
}

/// `es::numeros-miles`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for number in numbers(text) {
        if let Some((range, right)) = thousands(prose, &number) {
            let typed = &text[range.clone()];
            let (message, help) = if right.contains(' ') {
                (
                    format!("`{typed}` is not grouped in threes by spaces"),
                    "numbers of five digits or more are grouped in threes by a space (RAE): 10 000, 250 000; not by a point or a comma",
                )
            } else {
                (
                    format!("four-digit number `{typed}` is split"),
                    "a four-digit number is not split (RAE): 1000, 2024",
                )
            };
            out.push(finding(
                "es::numeros-miles",
                range,
                message,
                help,
                Some(right),
            ));
        }
    }
}

/// The integer part of `number` and its right form, when it is grouped wrongly.
fn thousands(prose: &Prose, number: &Number) -> Option<(Range<usize>, String)> {
    let text = prose.text;
    if !free(prose, &number.range)
        || labelled(text, number.range.start)
        || prose
            .at(number.range.end)
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let shape = number.shape(text);
    let integer_groups = match shape {
        Shape::Grouped {
            decimal: Some(_), ..
        } => number.groups.len() - 1,
        _ => number.groups.len(),
    };
    let integer = number.range.start..number.groups[integer_groups - 1].end;
    let digits: String = number.groups[..integer_groups]
        .iter()
        .map(|g| &text[g.clone()])
        .collect();
    let right = grouped(&digits);
    let wrong = match shape {
        Shape::Plain => {
            (5..=7).contains(&digits.len())
                && !digits.starts_with('0')
                && counts(prose, number.range.end)
        }
        Shape::Grouped { sep, .. } if is_group_space(sep) => digits.len() == 4,
        // A point or comma in several groups can only group thousands; alone before three
        // digits, only when the book's decimals take the other one (a point in a book
        // without decimals: Spanish usage).
        Shape::Grouped { .. } => true,
        Shape::Ambiguous(sep) => match prose.decimal {
            Some(book) => book != sep,
            None => sep == '.',
        },
        Shape::Decimal(_) | Shape::Other => false,
    };
    // In a table, four-digit numbers may be split to line up with longer ones (RAE).
    let in_column = prose.kind == BlockKind::Cell && digits.len() == 4;
    (wrong && !in_column && text[integer.clone()] != right).then_some((integer, right))
}

/// `digits` grouped in threes from the right by a space, when five or more.
fn grouped(digits: &str) -> String {
    if digits.len() <= 4 {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Whether the number ending at `end` counts something: a unit or a word in lowercase
/// follows it (`25000 habitantes`, `10000 €`).
fn counts(prose: &Prose, end: usize) -> bool {
    let rest = &prose.text[end..];
    match rest.strip_prefix(' ') {
        Some(word) => word.starts_with(|c: char| c.is_lowercase() || "€%$£".contains(c)),
        None => rest.starts_with(['%', '€']),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, spanish};

    #[test]
    fn thousands_grouped_by_spaces() {
        assert_eq!(
            spanish("es::numeros-miles", "Eran 25000 habitantes, 1.000 soldados, 1 000 caballos, 10.000 ovejas, 2.500.000 €, 1,000,000 y 1.234.567,89 kg."),
            vec![
                at("25000", Some("25 000")),
                at("1.000", Some("1000")),
                at("1 000", Some("1000")),
                at("10.000", Some("10 000")),
                at("2.500.000", Some("2 500 000")),
                at("1,000,000", Some("1 000 000")),
                at("1.234.567", Some("1 234 567")),
            ]
        );
    }

    #[test]
    fn numbers_that_are_never_grouped() {
        for right in [
            "En 1936 eran 10 000, hoy 250 000 y 1 000 000 habitantes.",
            "Vive en Madrid 28001, llama al 912345678, pág. 12345, el año 10000.",
            "El ISBN 978-84-0000-000-4, a las 12:30, el 24.11.2026, la versión 1.2.3.",
            "Es el 12345 de la lista; el código es 123456; MP3 y A4000.",
            "Pesa 3,5 kg y 12345,67 g; 10,000 es ambiguo.",
            "Capítulo 12, II, 1.º, 3.ª.",
            "Se ve en https://a.es/10000 ahora.",
        ] {
            assert_eq!(spanish("es::numeros-miles", right), vec![], "{right}");
        }
    }
}

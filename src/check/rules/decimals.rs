//! The decimal separator: the comma or the point, both Spanish (RAE, *Ortografía* 2010,
//! «Expresiones numéricas»), but one throughout a book. The first pass counts the
//! book's decimals; the second reports the minority's.

use super::numbers::{free, labelled, numbers, Shape};
use super::{excerpt, finding, Prose};
use crate::check::prose::Finding;

/// The decimal separators of `prose` that tell the book's: (byte, separator).
pub(super) fn decimals(prose: &Prose) -> Vec<(usize, char)> {
    let text = prose.text;
    let mut out = Vec::new();
    if !text.contains(['.', ',']) {
        return out;
    }
    for number in numbers(text) {
        let sep = match number.shape(text) {
            Shape::Decimal(sep)
            | Shape::Grouped {
                decimal: Some(sep), ..
            } => sep,
            _ => continue,
        };
        let time = text[number.range.end..].starts_with(" h")
            && !text[number.range.end + 2..].starts_with(char::is_alphanumeric);
        let next = prose.at(number.range.end);
        if !free(prose, &number.range)
            || labelled(text, number.range.start)
            || time
            || next.is_some_and(char::is_alphabetic)
        {
            continue;
        }
        out.push((number.groups[number.groups.len() - 1].start - 1, sep));
    }
    out
}

/// The separator most of the book's decimals use, when they tell it: at least two, and
/// more than the other.
pub(super) fn book_decimal<'a, 'b: 'a>(book: impl Iterator<Item = &'a Prose<'b>>) -> Option<char> {
    let (mut comma, mut point) = (0usize, 0usize);
    for prose in book {
        for (_, sep) in decimals(prose) {
            if sep == ',' {
                comma += 1;
            } else {
                point += 1;
            }
        }
    }
    match comma.cmp(&point) {
        std::cmp::Ordering::Greater if comma >= 2 => Some(','),
        std::cmp::Ordering::Less if point >= 2 => Some('.'),
        _ => None,
    }
}

/// `es::numeros-decimal`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if let Some(book) = prose.decimal {
        for (at, sep) in decimals(prose) {
            if sep != book {
                let number = excerpt(text, at, at + 1);
                out.push(finding(
                    "es::numeros-decimal",
                    at..at + 1,
                    format!(
                        "decimal `{sep}` in `{number}`, where the book's decimals take `{book}`"
                    ),
                    "the decimal separator, comma or point, is one throughout the book",
                    Some(book.to_string()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::Rules;

    #[test]
    fn the_book_decides_the_decimal_separator() {
        let found = run(
            Rules::Spanish,
            &[
                "Pesa 3,5 kg y 2,25 m.",
                "Mide 1.5 m y cuesta 10,000 pesos.",
                "Y 0,125 l.",
            ],
        );
        let decimal: Vec<_> = found
            .iter()
            .filter(|f| f.1 == "es::numeros-decimal")
            .map(|f| (f.0, f.2.as_str(), f.3.as_deref()))
            .collect();
        assert_eq!(decimal, vec![(1, ".", Some(","))]);
        // With comma decimals, `10,000` is ten with three decimals: not a thousands group.
        assert!(!found.iter().any(|f| f.1 == "es::numeros-miles"));
        let found = run(
            Rules::Spanish,
            &["Mide 1.5 m, 2.25 m y 3,5 m; cuesta 10,000 pesos."],
        );
        let codes: Vec<_> = found.iter().map(|f| (f.1, f.2.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                ("es::numeros-decimal", ","),
                ("es::numeros-miles", "10,000")
            ]
        );
    }

    #[test]
    fn not_decimals() {
        // Lists, times, dates, versions after a name, verses.
        let found = run(
            Rules::Spanish,
            &[
                "Los números 1, 2, 3; a las 12.30; el 3.4.2026; Python 3.11; Juan 3,16; 5.5 h.",
                "Mide 2,5 m y 3,5 m.",
            ],
        );
        assert_eq!(found, vec![]);
    }
}

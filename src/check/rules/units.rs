//! Numbers with their units, and abbreviated ordinals.
//!
//! A unit symbol and the % sign are separated from the number by a space: `50 %`, `10 km`,
//! `25 °C` (RAE, *Ortografía* 2010, «Los símbolos»); the degree of an angle alone is
//! glued: `25°`. An abbreviated ordinal takes a period before its letter: `1.º`, `2.ª`,
//! `1.er` (RAE, «Las abreviaturas»), never `1º`, `2da` or `1ro`.

use super::numbers::{free, numbers};
use super::{excerpt, finding, Prose};
use crate::check::prose::Finding;

/// The unit symbols judged, longest first where one begins another.
const UNITS: &[&str] = &[
    "km/h", "m/s", "km²", "cm²", "mm²", "m²", "cm³", "m³", "km", "cm", "mm", "kg", "mg", "ml",
    "mL", "cl", "dl", "kWh", "kW", "MW", "kHz", "MHz", "GHz", "Hz", "kcal", "cal", "kJ", "hPa",
    "kPa", "Pa", "dB", "mbar", "KB", "kB", "MB", "GB", "TB", "min", "ha", "m", "g", "h", "W", "V",
    "%", "‰", "€",
];

/// `es::numeros-unidad` and `es::ordinal`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for number in numbers(text) {
        if !free(prose, &number.range) {
            continue;
        }
        let end = number.range.end;
        if let Some((range, right)) = unit(text, end) {
            out.push(finding(
                "es::numeros-unidad",
                range.clone(),
                format!("no space between the number and its unit in `{}`", excerpt(text, number.range.start, range.end)),
                "a unit symbol or % is separated from the number by a space (RAE): 50 %, 10 km, 25 °C",
                Some(right),
            ));
        } else if let Some((range, right)) = ordinal(text, &number.range) {
            out.push(finding(
                "es::ordinal",
                range.clone(),
                format!(
                    "ordinal `{}` without its period",
                    &text[number.range.start..range.end]
                ),
                "an abbreviated ordinal takes a period before its letter (RAE): 1.º, 2.ª, 1.er",
                Some(right),
            ));
        }
    }
}

/// The unit glued to a number that ends at byte `end`, and what replaces it.
fn unit(text: &str, end: usize) -> Option<(std::ops::Range<usize>, String)> {
    let rest = &text[end..];
    let word_ends = |at: usize| !rest[at..].starts_with(|c: char| c.is_alphanumeric());
    // Degrees of temperature: `25°C`, `25ºC` (the ordinal's sign for the degree), `25° C`.
    for degree in ["°", "º"] {
        for gap in ["", " "] {
            for scale in ["C", "F"] {
                let typed = format!("{degree}{gap}{scale}");
                if rest.starts_with(&typed) && word_ends(typed.len()) {
                    return Some((end..end + typed.len(), format!(" °{scale}")));
                }
            }
        }
    }
    let symbol = UNITS
        .iter()
        .find(|u| rest.starts_with(*u) && word_ends(u.len()))?;
    Some((end..end + symbol.len(), format!(" {symbol}")))
}

/// The ordinal's letters after the number at `range`, and what replaces them, when they
/// can only be an ordinal's.
fn ordinal(text: &str, range: &std::ops::Range<usize>) -> Option<(std::ops::Range<usize>, String)> {
    let digits = &text[range.clone()];
    if digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = &text[range.end..];
    let letters: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '°')
        .collect();
    let span = range.end..range.end + letters.len();
    match letters.as_str() {
        "ª" => Some((span, ".ª".to_string())),
        // `º` and `°` also stand, wrongly, for degrees (`un ángulo de 90º`): an ordinal
        // only after an article or before a noun that counts in order.
        "º" | "°" if ordinal_context(text, range.start, range.end + letters.len()) => {
            Some((span, ".º".to_string()))
        }
        suffix => {
            let n: u32 = digits.parse().ok()?;
            let right = match (n, suffix) {
                (1 | 3, "er") => ".er",
                (1 | 3, "ro")
                | (2, "do")
                | (4..=6, "to")
                | (7 | 10, "mo")
                | (8, "vo")
                | (9, "no") => ".º",
                (1 | 3, "ra")
                | (2, "da")
                | (4..=6, "ta")
                | (7 | 10, "ma")
                | (8, "va")
                | (9, "na") => ".ª",
                _ => return None,
            };
            Some((span, right.to_string()))
        }
    }
}

/// Whether the number at `start..end` stands after an article or a possessive, or before
/// a noun that is counted in order (`el 5º piso`, `3º curso`).
fn ordinal_context(text: &str, start: usize, end: usize) -> bool {
    const BEFORE: &[&str] = &[
        "el", "del", "al", "su", "mi", "tu", "este", "ese", "aquel", "nuestro", "vuestro",
    ];
    const NOUNS: &[&str] = &[
        "piso",
        "curso",
        "lugar",
        "puesto",
        "día",
        "aniversario",
        "capítulo",
        "premio",
        "siglo",
        "año",
        "congreso",
        "festival",
        "concurso",
        "encuentro",
        "nivel",
        "semestre",
        "trimestre",
        "tomo",
        "volumen",
        "acto",
        "párrafo",
        "apartado",
        "artículo",
        "paso",
        "intento",
        "centenario",
        "distrito",
        "batallón",
        "regimiento",
    ];
    let before = text[..start].trim_end_matches(' ');
    let word = super::word_before(before, before.len()).to_lowercase();
    let after = text[end..]
        .strip_prefix(' ')
        .map(|r| super::word_after(r, 0))
        .unwrap_or("");
    let scale = text[end..].trim_start_matches(' ').starts_with(['C', 'F']);
    !scale && (BEFORE.contains(&word.as_str()) || NOUNS.contains(&after))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, spanish};

    #[test]
    fn units_glued_to_numbers() {
        assert_eq!(
            spanish(
                "es::numeros-unidad",
                "Un 50% de 10km a 25°C o 25ºC o 25° C, 3,5kg y 100€."
            ),
            vec![
                at("%", Some(" %")),
                at("km", Some(" km")),
                at("°C", Some(" °C")),
                at("ºC", Some(" °C")),
                at("° C", Some(" °C")),
                at("kg", Some(" kg")),
                at("€", Some(" €")),
            ]
        );
        for right in [
            "Un 50 % de 10 km a 25 °C; un ángulo de 25°.",
            "El MP3, el A4, los 80s, 5mins, 3men, 1h30, 4x4, 3D.",
            "Ver https://a.es/5km ahora; el 2026-11-24.",
        ] {
            assert_eq!(spanish("es::numeros-unidad", right), vec![], "{right}");
        }
    }

    #[test]
    fn ordinals_without_their_period() {
        assert_eq!(
            spanish(
                "es::ordinal",
                "La 1ª vez, el 5º piso, 3º curso, el 1° piso, el 1er día, 2do, 3ra, 7mo."
            ),
            vec![
                at("ª", Some(".ª")),
                at("º", Some(".º")),
                at("º", Some(".º")),
                at("°", Some(".º")),
                at("er", Some(".er")),
                at("do", Some(".º")),
                at("ra", Some(".ª")),
                at("mo", Some(".º")),
            ]
        );
        for right in [
            "La 1.ª vez, el 5.º piso, 1.er día.",
            "Un ángulo de 90º, hace 30º, los 40º; el 25º C.",
            "El 2ta no existe, 11mo tampoco, 1a y 1o son etiquetas; el nº 5.",
        ] {
            assert_eq!(spanish("es::ordinal", right), vec![], "{right}");
        }
    }
}

//! The ellipsis, the double hyphen and the hyphen of ranges.
//!
//! The ellipsis is one character, and no period follows it (RAE, *Ortografía* 2010,
//! «Los puntos suspensivos»). `--` becomes an en dash when the book is built, a sign
//! Spanish does not use for dialogue or interruptions (the raya does). A range of numbers
//! takes an en dash in careful typography (Martínez de Sousa); a hyphen joins words.

use super::{abbreviations, excerpt, finding, is_placeholder, word_before, Prose};
use crate::check::prose::Finding;
use crate::ortho::dialogue::{dashes, rayas, DashKind};

/// `tipo::puntos-suspensivos`: `...`, `....` and `. . .`.
pub(super) fn check_ellipsis(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'.' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'.' {
            i += 1;
        }
        if prose.in_address(start) {
            continue;
        }
        let (end, fix) = match i - start {
            3 => (i, "…"),
            // The period of an abbreviation may come before the ellipsis (`etc.…`); the
            // sentence's period never comes after it.
            4 if abbreviations::ends_abbreviation(text, start) => (i, ".…"),
            4 => (i, "…"),
            1 if text[start..].starts_with(". . .") && !text[start..].starts_with(". . . .") => {
                (start + 5, "…")
            }
            _ => continue,
        };
        if prose.before(start) == Some('.') {
            continue;
        }
        i = i.max(end);
        out.push(finding(
            "tipo::puntos-suspensivos",
            start..end,
            format!(
                "ellipsis typed as periods in `{}`",
                excerpt(text, start, end)
            ),
            "the ellipsis is one character, …, and no period follows it",
            Some(fix.to_string()),
        ));
    }
}

/// `es::guion-doble` and `es::guion-rango`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !text.contains('-') {
        return;
    }
    let dialogue = rayas(text);
    for dash in dashes(text) {
        if dash.kind != DashKind::StandIn
            || !text[dash.start..].starts_with('-')
            || prose.in_address(dash.start)
        {
            continue;
        }
        let prev = prose.before(dash.start);
        let next = prose.at(dash.end);
        if prev.is_some_and(is_placeholder) || next.is_some_and(is_placeholder) {
            continue;
        }
        if dash.end - dash.start == 2 {
            if dialogue.iter().any(|(r, _)| r.start == dash.start) {
                continue;
            }
            let digits = prev.is_some_and(|c| c.is_ascii_digit())
                && next.is_some_and(|c| c.is_ascii_digit());
            out.push(finding(
                "es::guion-doble",
                dash.start..dash.end,
                format!("`--` in `{}` becomes an en dash", excerpt(text, dash.start, dash.end)),
                "dialogue and interruptions take a raya (—, or `---`); a range of numbers an en dash (–)",
                digits.then(|| "–".to_string()),
            ));
        } else if let Some(range) = number_range(text, dash.start) {
            out.push(finding(
                "es::guion-rango",
                dash.start..dash.end,
                format!("hyphen in the range `{}`", &text[range]),
                "a range of numbers takes an en dash (–) without spaces, 1936–1939 (Martínez de Sousa); a hyphen joins words",
                Some("–".to_string()),
            ));
        }
    }
}

/// The bytes of `1936-1939` when the hyphen at `at` joins a range of numbers: two years
/// a lifetime apart, or any two rising numbers after a word of pages, chapters, verses
/// or articles. Not dates (2026-11-24), telephone numbers, codes, scores.
fn number_range(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let digits_before = text[..at]
        .bytes()
        .rev()
        .take_while(u8::is_ascii_digit)
        .count();
    let digits_after = text[at + 1..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits_before == 0 || digits_after == 0 || digits_before > 4 || digits_after > 4 {
        return None;
    }
    let (start, end) = (at - digits_before, at + 1 + digits_after);
    let outside =
        |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || "-–/.,:+#_'’".contains(c)));
    let after = text[end..].chars().next();
    let ends_sentence = after.is_some_and(|c| ".,:".contains(c))
        && text[end + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
    if !outside(text[..start].chars().next_back()) || !(outside(after) || ends_sentence) {
        return None;
    }
    let from: u32 = text[start..at].parse().ok()?;
    let to: u32 = text[at + 1..end].parse().ok()?;
    let years = digits_before == 4
        && digits_after == 4
        && (1000..=2100).contains(&from)
        && to > from
        && to - from <= 120;
    let labelled = to > from && labels_range(text, start);
    (years || labelled).then_some(start..end)
}

/// Whether the word before the number at `start` names what a range counts.
fn labels_range(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    let has_period = before.ends_with('.');
    let word = word_before(before, before.len() - usize::from(has_period)).to_lowercase();
    let abbreviated = [
        "pág", "págs", "p", "pp", "cap", "caps", "vv", "v", "vol", "vols", "art", "arts", "fol",
        "fols", "núm", "núms",
    ];
    let written = [
        "páginas",
        "capítulos",
        "versos",
        "artículos",
        "volúmenes",
        "folios",
        "siglos",
        "años",
    ];
    (has_period && abbreviated.contains(&word.as_str()))
        || (!has_period && written.contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, run, spanish};
    use super::super::Rules;

    #[test]
    fn ellipsis() {
        assert_eq!(
            spanish(
                "tipo::puntos-suspensivos",
                "Y luego... nada.... etc.... Fin. . ."
            ),
            vec![
                at("...", Some("…")),
                at("....", Some("…")),
                at("....", Some(".…")),
                at(". . .", Some("…"))
            ]
        );
        for right in [
            "Y luego… nada.",
            "Ver 1..10 o ..... o https://a.es/.../b",
            "Un. Dos. Tres.",
        ] {
            assert_eq!(
                spanish("tipo::puntos-suspensivos", right),
                vec![],
                "{right}"
            );
        }
        assert_eq!(run(Rules::General, &["Well..."]).len(), 1);
    }

    #[test]
    fn double_hyphens() {
        assert_eq!(
            spanish("es::guion-doble", "Fue en 1936--1939 -- y el --verbose."),
            vec![at("--", Some("–")), at("--", None), at("--", None)]
        );
        // Dialogue is the raya rule's, `---` is a raya, `----` a rule.
        assert_eq!(
            spanish("es::guion-doble", "--Hola --dijo él--. ---Ya. ----"),
            vec![]
        );
    }

    #[test]
    fn ranges_of_numbers() {
        assert_eq!(
            spanish(
                "es::guion-rango",
                "La guerra (1936-1939) y las págs. 12-15, los versos 3-7."
            ),
            vec![at("-", Some("–")), at("-", Some("–")), at("-", Some("–"))]
        );
        for right in [
            "El 2026-11-24 llamó al 555-1234 por el 1234-5678.",
            "Ganaron 2-1 y luego 1-3.",
            "El COVID-19, el B-52 y la pág. 15-12.",
            "Los años 1936–1939 y el 12.5-13 y 1-2-3.",
            "Un ISBN 978-84-0000-000-4.",
        ] {
            assert_eq!(spanish("es::guion-rango", right), vec![], "{right}");
        }
    }
}

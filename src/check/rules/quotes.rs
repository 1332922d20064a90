//! Quotation marks: their order, their pairs, straight ones, the period after them.
//!
//! Spanish quotes with « » first, “ ” inside them, ‘ ’ inside those (RAE, *Ortografía*
//! 2010, «Las comillas»). A quotation that runs over several paragraphs opens each
//! following one with » and closes only at its end; a character's speech that does the
//! same opens each following paragraph with » too. The sentence's period goes after the
//! closing mark: «Hola». (RAE 2010), where ? ! and … stay inside.

use super::{abbreviations, excerpt, finding, Prose};
use crate::check::prose::Finding;
use crate::ortho::dialogue::dashes;

/// The two kinds of curly and angle quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// « ».
    Angle,
    /// “ ”.
    Curly,
}

/// An opening mark waiting for its closing one.
#[derive(Debug, Clone, Copy)]
struct Open {
    mark: Mark,
    /// Its byte, or `None` for the » that continues a quotation from the paragraph before.
    at: Option<usize>,
    /// Whether it is not the mark its depth asks for.
    misplaced: bool,
}

/// The opening and closing marks the RAE asks for at a depth (0 = outermost).
fn pair_for(depth: usize) -> (char, char) {
    match depth {
        0 => ('«', '»'),
        1 => ('“', '”'),
        _ => ('‘', '’'),
    }
}

/// Checks the order and the pairs of « » and “ ”, and the period inside them.
pub(super) fn check(prose: &Prose, next: Option<&str>, out: &mut Vec<Finding>) {
    let text = prose.text;
    period_inside(prose, out);
    // Straight quotes are reported as such; the depths and pairs of the others are not
    // known until they are fixed.
    if !text.contains(['«', '»', '“', '”']) || text.contains('"') {
        return;
    }
    let mut stack: Vec<Open> = Vec::new();
    let continued = continuation(text);
    if continued.is_some() {
        stack.push(Open {
            mark: Mark::Angle,
            at: None,
            misplaced: false,
        });
    }
    for (i, c) in text.char_indices() {
        if Some(i) == continued || prose.in_address(i) {
            continue;
        }
        let mark = match c {
            '«' | '»' => Mark::Angle,
            '“' | '”' => Mark::Curly,
            _ => continue,
        };
        if matches!(c, '«' | '“') {
            let depth = stack.len();
            let misplaced = match depth {
                0 => mark != Mark::Angle,
                1 => mark != Mark::Curly,
                _ => true,
            };
            if misplaced {
                out.push(order(i, c, pair_for(depth).0, depth));
            }
            stack.push(Open {
                mark,
                at: Some(i),
                misplaced,
            });
            continue;
        }
        // A closing mark after a space and before a word is a mark of continuation
        // (» at the start of a verse) or a misturned opening one: not judged.
        let prev = prose.before(i);
        let next_char = text[i + c.len_utf8()..].chars().next();
        if prev.is_some_and(char::is_whitespace) && next_char.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let Some(found) = stack.iter().rposition(|o| o.mark == mark) else {
            out.push(unpaired(
                i,
                c,
                "closes a quotation not opened in this paragraph".to_string(),
            ));
            continue;
        };
        for inner in stack.drain(found + 1..) {
            if let Some(at) = inner.at {
                let what =
                    format!("is not closed before the `{c}` that ends the quotation around it");
                out.push(unpaired(at, opening(inner.mark), what));
            }
        }
        if stack.pop().is_some_and(|o| o.misplaced) {
            out.push(order(i, c, pair_for(found).1, found));
        }
    }
    // An unclosed quotation is right when the next paragraph continues it.
    if !next.is_some_and(|n| n.starts_with('“') || continuation(n).is_some()) {
        for open in stack {
            if let Some(at) = open.at {
                let what = "is not closed in this paragraph, and the next does not open with » to continue it";
                out.push(unpaired(at, opening(open.mark), what.to_string()));
            }
        }
    }
}

/// The byte of the » that continues a quotation from the paragraph before, when the
/// paragraph opens with one, alone or after the dash of speech (`—»Por este billete`).
pub(super) fn continuation(text: &str) -> Option<usize> {
    if text.starts_with('»') {
        return Some(0);
    }
    let dash = dashes(text).next().filter(|d| d.start == 0)?;
    text[dash.end..].starts_with('»').then_some(dash.end)
}

/// The opening character of a mark.
fn opening(mark: Mark) -> char {
    match mark {
        Mark::Angle => '«',
        Mark::Curly => '“',
    }
}

/// A finding of `es::comillas-orden`: `typed` at byte `at` should be `right`.
fn order(at: usize, typed: char, right: char, depth: usize) -> Finding {
    let level = ["first", "second", "third"][depth.min(2)];
    finding(
        "es::comillas-orden",
        at..at + typed.len_utf8(),
        format!("`{typed}` at the {level} level of quotation, where `{right}` goes"),
        "Spanish quotes with « » first, “ ” inside them and ‘ ’ inside those (RAE)",
        Some(right.to_string()),
    )
}

/// A finding of `es::comillas-desparejadas` at the mark `c` at byte `at`.
fn unpaired(at: usize, c: char, what: String) -> Finding {
    finding(
        "es::comillas-desparejadas",
        at..at + c.len_utf8(),
        format!("`{c}` {what}"),
        "every opening quotation mark has its closing one; a quotation continued in the next paragraph opens it with »",
        None,
    )
}

/// `es::punto-comillas`: the sentence's period typed inside the closing marks.
fn period_inside(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    for (i, _) in text.match_indices(['.']) {
        let marks = text[i + 1..]
            .chars()
            .take_while(|&c| matches!(c, '»' | '”' | '’'))
            .count();
        if marks == 0 || !text[i + 1..].starts_with(['»', '”']) || prose.in_address(i) {
            continue;
        }
        // An ellipsis typed as periods belongs inside; so does an abbreviation's period.
        let prev = prose.before(i);
        if !prev.is_some_and(|c| c.is_alphanumeric()) || abbreviations::ends_abbreviation(text, i) {
            continue;
        }
        let end = i
            + 1
            + text[i + 1..]
                .chars()
                .take(marks)
                .map(char::len_utf8)
                .sum::<usize>();
        let closing = &text[i + 1..end];
        // The period moves out when a sentence ends there; when the sentence goes on
        // (`«hola.» y se fue`, `«Hola.», dijo`) it goes away.
        let after = text[end..].trim_start();
        let moves = Some((i..end, format!("{closing}.")));
        let goes = Some((i..i + 1, String::new()));
        let fix = match (text[end..].chars().next(), after.chars().next()) {
            (None, _) | (Some(_), None) => moves,
            (Some('.' | ',' | ';' | ':'), _) => goes,
            (Some(')' | ']'), _) => None,
            (Some(c), Some(word)) if c.is_whitespace() => {
                if word.is_uppercase() || "¿¡«“".contains(word) {
                    moves
                } else if word.is_lowercase() {
                    goes
                } else {
                    None
                }
            }
            (Some(_), Some(_)) => continue,
        };
        let (range, fix) = match fix {
            Some((range, fix)) => (range, Some(fix)),
            None => (i..end, None),
        };
        out.push(finding(
            "es::punto-comillas",
            range,
            format!("period inside the closing quotation mark in `{}`", excerpt(text, i, end)),
            "the sentence's period goes after the closing quotation mark: «Hola». (RAE 2010); ? ! and … stay inside",
            fix,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, run, spanish};
    use super::super::Rules;

    #[test]
    fn order_of_marks() {
        assert_eq!(
            spanish("es::comillas-orden", "Dijo “hola” y «ella «no»»."),
            vec![
                at("“", Some("«")),
                at("”", Some("»")),
                at("«", Some("“")),
                at("»", Some("”"))
            ]
        );
        assert_eq!(
            spanish("es::comillas-orden", "Dijo «ella “no ‘sé’ nada”»."),
            vec![]
        );
        // Inside a continued quotation, “ ” is the second level.
        assert_eq!(spanish("es::comillas-orden", "»Y dijo “no”."), vec![]);
    }

    #[test]
    fn unpaired_marks() {
        assert_eq!(
            spanish("es::comillas-desparejadas", "Dijo «hola y se fue."),
            vec![at("«", None)]
        );
        assert_eq!(
            spanish("es::comillas-desparejadas", "Dijo hola» y se fue."),
            vec![at("»", None)]
        );
        assert_eq!(
            spanish("es::comillas-desparejadas", "Dijo «a “b» c."),
            vec![at("“", None)]
        );
        for right in [
            "«Hola».",
            "»Vengamos ahora a la razón.",
            "»Y al fin acabó.»",
            "-»Por este billete.»",
            "Con \"rectas «sin» cerrar",
        ] {
            assert_eq!(
                spanish("es::comillas-desparejadas", right),
                vec![],
                "{right}"
            );
        }
    }

    #[test]
    fn quotations_continued_in_the_next_paragraph() {
        let found = run(
            Rules::Spanish,
            &[
                "Contó: «Había un loco.",
                "»Con esta fe.",
                "»Y acabó».",
                "«Otra",
            ],
        );
        let unpaired: Vec<_> = found
            .into_iter()
            .filter(|f| f.1 == "es::comillas-desparejadas")
            .map(|f| f.0)
            .collect();
        assert_eq!(unpaired, vec![3]);
    }

    #[test]
    fn quotations_that_run_into_verses() {
        use super::super::tests::paragraph;
        use super::super::{check_book, Rules};
        let mut verse = paragraph("dádiva santa desagradecida!");
        verse.quoted = true;
        let chapter = vec![
            paragraph("Dijo «¡Oh pobreza! ¡Por qué te llamó el poeta"),
            verse,
            paragraph("»Y ahora digo que no»."),
        ];
        assert_eq!(
            check_book(std::slice::from_ref(&chapter), Rules::Spanish),
            vec![vec![]]
        );
        // Without the » that continues it, the prose after the verses is reported, and
        // the opening mark too.
        let mut chapter = chapter;
        chapter[2] = paragraph("Y ahora digo que no».");
        let codes: Vec<_> = check_book(&[chapter], Rules::Spanish)[0]
            .iter()
            .map(|(i, f)| (*i, f.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                (0, "es::comillas-desparejadas"),
                (2, "es::comillas-desparejadas")
            ]
        );
    }

    #[test]
    fn period_after_the_closing_mark() {
        assert_eq!(
            spanish("es::punto-comillas", "Dijo: «Hola.» Y se fue."),
            vec![at(".»", Some("».")),]
        );
        assert_eq!(
            spanish("es::punto-comillas", "Dijo: «Hola.»."),
            vec![at(".", Some(""))]
        );
        assert_eq!(
            spanish("es::punto-comillas", "Dijo: «Hola.», y se fue."),
            vec![at(".", Some(""))]
        );
        assert_eq!(
            spanish("es::punto-comillas", "«Dijo “ven.”»"),
            vec![at(".”»", Some("”».")),]
        );
        assert_eq!(
            spanish("es::punto-comillas", "(«Hola.»)"),
            vec![at(".»", None)]
        );
        assert_eq!(
            spanish("es::punto-comillas", "Dijo «hola.» y se fue."),
            vec![at(".", Some(""))]
        );
        assert_eq!(
            spanish("es::punto-comillas", "—«Hola.» —dijo él."),
            vec![at(".»", None)]
        );
        for right in [
            "«Hola».",
            "«¿Vienes?»",
            "«¡Ya!».",
            "«Y luego...»",
            "«Fue a EE. UU.».",
            "«Compró pan, leche, etc.»",
        ] {
            assert_eq!(spanish("es::punto-comillas", right), vec![], "{right}");
        }
    }
}

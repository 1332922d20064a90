//! The orthotypography rules: what a Spanish proofreader marks in the prose (RAE,
//! *Ortografía de la lengua española* 2010; DPD; Martínez de Sousa, *Ortografía y
//! ortotipografía del español actual*), and the few marks every language shares.
//!
//! Every rule reads one paragraph's text as typed and reports only what it is sure of:
//! a finding where the text is right is a defect. A fix is offered only where the right
//! form admits no doubt.

use std::ops::Range;

use super::prose::{BlockKind, Finding, Paragraph, NOTE_REF, OBJECT};

mod abbreviations;
mod dashes;
mod decimals;
mod dialogue;
mod marks;
mod numbers;
mod quotes;
mod spaces;
mod straight;
mod units;

/// Which rules apply: Spanish gets all; other languages the general ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every rule, Spanish and general.
    Spanish,
    /// The rules every language shares (`tipo::` codes).
    General,
}

impl Rules {
    /// The rules for a book's BCP 47 language tag: its primary subtag chooses.
    pub fn for_language(tag: &str) -> Rules {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        if primary.eq_ignore_ascii_case("es") {
            Rules::Spanish
        } else {
            Rules::General
        }
    }
}

/// Every rule code this checker can report, with its one-line reason (for docs, for
/// `[check] allow` validation).
pub const CODES: &[(&str, &str)] = &[
    ("es::raya-dialogo", "dialogue and the narrator's interruptions take a raya (—), not a hyphen or an en dash"),
    ("es::raya-espacio", "the raya is glued to the words it opens or closes"),
    ("es::raya-cierre", "an interruption after which the speech goes on is closed with a raya"),
    ("es::raya-puntuacion", "the period, comma, semicolon or colon goes after the closing raya"),
    ("es::comillas-orden", "quotation marks nest « », then “ ”, then ‘ ’"),
    ("es::comillas-desparejadas", "every opening quotation mark has its closing one"),
    ("es::punto-comillas", "the period goes after the closing quotation mark"),
    ("es::interrogacion", "a question opens with ¿ and closes with ?"),
    ("es::exclamacion", "an exclamation opens with ¡ and closes with !"),
    ("es::signo-espacio", "¿ ¡ are glued to the first word, ? ! to the last"),
    ("es::numeros-miles", "numbers of five digits or more are grouped in threes by a space; four digits are not split"),
    ("es::numeros-decimal", "one decimal separator, comma or point, throughout the book"),
    ("es::numeros-unidad", "a space between a number and its unit symbol or %"),
    ("es::ordinal", "abbreviated ordinals take a period before the letter: 1.º, 2.ª"),
    ("es::guion-doble", "`--` becomes an en dash, which Spanish dialogue and interruptions do not use"),
    ("es::guion-rango", "a range of numbers takes an en dash, not a hyphen"),
    ("es::abreviatura-punto", "an abbreviation ends with a period"),
    ("tipo::comillas-rectas", "straight quotes are typewriter marks; books use curly or angle ones"),
    ("tipo::espacio-antes", "no space before a closing punctuation mark"),
    ("tipo::espacio-despues", "no space after an opening quotation mark, parenthesis or bracket"),
    ("tipo::espacio-doble", "one space between words"),
    ("tipo::espacio-nota", "a note reference is glued to the word it follows"),
    ("tipo::puntos-suspensivos", "the ellipsis is one character, …"),
];

/// Checks every chapter (a chapter = its paragraphs in order); returns the findings of
/// each chapter, per paragraph index: Vec<Vec<(usize, Finding)>> (outer = chapter).
pub fn check_book(chapters: &[Vec<Paragraph>], rules: Rules) -> Vec<Vec<(usize, Finding)>> {
    let mut book: Vec<Vec<Prose>> = chapters
        .iter()
        .map(|chapter| chapter.iter().map(|p| Prose::new(p, rules)).collect())
        .collect();
    // The decimal separator is a choice the whole book must keep: the first pass counts
    // each, the second reports the minority's uses.
    if rules == Rules::Spanish {
        let decimal = decimals::book_decimal(book.iter().flatten());
        book.iter_mut()
            .flatten()
            .for_each(|prose| prose.decimal = decimal);
    }
    book.iter()
        .map(|chapter| {
            let mut out = Vec::new();
            for (index, prose) in chapter.iter().enumerate() {
                let prev = index.checked_sub(1).and_then(|i| chapter.get(i));
                let next = chapter.get(index + 1);
                // A quotation in the prose may run into verses set as a block quote, which
                // need no marks of continuation: the prose after them continues it.
                let continued_in = match prose.quoted {
                    true => next,
                    false => chapter[index + 1..]
                        .iter()
                        .find(|p| !p.quoted || quotes::continuation(p.text).is_some()),
                };
                let mut found = Vec::new();
                check_paragraph(prose, [prev, next, continued_in], &mut found);
                found.sort_by(|a, b| {
                    (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code))
                });
                out.extend(found.into_iter().map(|f| (index, f)));
            }
            out
        })
        .collect()
}

/// Runs every rule that applies on one paragraph, knowing the chapter's paragraphs before
/// and after it, and the one that may continue its quotation.
fn check_paragraph(prose: &Prose, around: [Option<&Prose>; 3], out: &mut Vec<Finding>) {
    let [prev, next, continued_in] = around;
    spaces::check(prose, out);
    straight::check(prose, out);
    dashes::check_ellipsis(prose, out);
    if prose.rules == Rules::Spanish {
        dialogue::check(prose, out);
        quotes::check(prose, continued_in.map(|p| p.text), out);
        marks::check(prose, prev, next, out);
        numbers::check(prose, out);
        decimals::check(prose, out);
        units::check(prose, out);
        dashes::check(prose, out);
        abbreviations::check(prose, out);
    }
}

/// One paragraph as the rules read it.
pub(crate) struct Prose<'a> {
    /// The text as typed.
    pub text: &'a str,
    /// What block it is.
    pub kind: BlockKind,
    /// Whether it sits in a block quote (verses, often).
    pub quoted: bool,
    /// Which rules apply.
    pub rules: Rules,
    /// The book's decimal separator, when the book shows one.
    pub decimal: Option<char>,
    /// Web and mail addresses, which follow no orthography.
    addresses: Vec<Range<usize>>,
}

impl<'a> Prose<'a> {
    /// A paragraph to check by `rules`.
    pub fn new(paragraph: &'a Paragraph, rules: Rules) -> Self {
        let text = paragraph.text.as_str();
        Prose {
            text,
            kind: paragraph.kind,
            quoted: paragraph.quoted,
            rules,
            decimal: None,
            addresses: addresses(text),
        }
    }

    /// Whether byte `at` lies in a web or mail address.
    pub fn in_address(&self, at: usize) -> bool {
        self.addresses.iter().any(|r| r.contains(&at))
    }

    /// The character before byte `at`.
    pub fn before(&self, at: usize) -> Option<char> {
        self.text[..at].chars().next_back()
    }

    /// The character at byte `at`.
    pub fn at(&self, at: usize) -> Option<char> {
        self.text[at..].chars().next()
    }
}

/// The words of `text` that are addresses: with `://`, `www.`, or an `@` between word
/// characters and a dot after it.
fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if !text.contains("://") && !text.contains("www.") && !text.contains('@') {
        return out;
    }
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace() || c == OBJECT, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let word = text[s..i].trim_end_matches(|c: char| ".,;:!?)]»”’'\"…".contains(c));
                let lead = word.len()
                    - word
                        .trim_start_matches(|c: char| "([«“‘'\"¿¡".contains(c))
                        .len();
                let (s, word) = (s + lead, &word[lead..]);
                let mail = word
                    .split_once('@')
                    .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
                if word.contains("://") || word.starts_with("www.") || mail {
                    out.push(s..s + word.len());
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether `c` stands for something that is not prose (an object or a note reference).
pub(crate) fn is_placeholder(c: char) -> bool {
    c == OBJECT || c == NOTE_REF
}

/// A finding; `help` is the rule and its right form.
pub(crate) fn finding(
    code: &'static str,
    range: Range<usize>,
    message: String,
    help: &str,
    fix: Option<String>,
) -> Finding {
    Finding {
        code,
        range,
        message,
        help: Some(help.to_string()),
        fix,
    }
}

/// The word (letters, digits, and the periods of `p.ej.`) that ends at byte `end`.
pub(crate) fn word_before(text: &str, end: usize) -> &str {
    let start = text[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map_or(end, |(i, _)| i);
    &text[start..end]
}

/// The word that starts at byte `start`.
pub(crate) fn word_after(text: &str, start: usize) -> &str {
    let len = text[start..]
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(text.len() - start, |(i, _)| i);
    &text[start..start + len]
}

/// The text from the start of the word that holds byte `start` to the end of the word
/// that holds byte `end`, for a message: `Hola.»` for the `.` of `«Hola.» Y`.
pub(crate) fn excerpt(text: &str, start: usize, end: usize) -> String {
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_whitespace())
        .take(24)
        .last()
        .map_or(start, |(i, _)| i);
    let to = text[end..]
        .char_indices()
        .map(|(i, c)| end + i + c.len_utf8())
        .zip(text[end..].chars())
        .take_while(|&(_, c)| !c.is_whitespace())
        .take(24)
        .last()
        .map_or(end, |(i, _)| i);
    text[from..to].replace(OBJECT, "…").replace(NOTE_REF, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::prose::BlockKind;
    use proptest::prelude::*;

    pub(crate) fn paragraph(text: &str) -> Paragraph {
        Paragraph {
            text: text.to_string(),
            kind: BlockKind::Paragraph,
            quoted: false,
            runs: Vec::new(),
            allow: Vec::new(),
        }
    }

    /// The findings of a one-chapter book of these paragraphs, as (paragraph, code, text
    /// covered, fix).
    pub(crate) fn run(
        rules: Rules,
        texts: &[&str],
    ) -> Vec<(usize, &'static str, String, Option<String>)> {
        let chapter: Vec<Paragraph> = texts.iter().map(|t| paragraph(t)).collect();
        let found = check_book(&[chapter], rules);
        found[0]
            .iter()
            .map(|(i, f)| {
                (
                    *i,
                    f.code,
                    texts[*i][f.range.clone()].to_string(),
                    f.fix.clone(),
                )
            })
            .collect()
    }

    /// The findings of one Spanish paragraph with one code, as (text covered, fix).
    pub(crate) fn spanish(code: &str, text: &str) -> Vec<(String, Option<String>)> {
        run(Rules::Spanish, &[text])
            .into_iter()
            .filter(|f| f.1 == code)
            .map(|f| (f.2, f.3))
            .collect()
    }

    /// Shorthand for an expected finding.
    pub(crate) fn at(covered: &str, fix: Option<&str>) -> (String, Option<String>) {
        (covered.to_string(), fix.map(str::to_string))
    }

    #[test]
    fn languages() {
        assert_eq!(Rules::for_language("es"), Rules::Spanish);
        assert_eq!(Rules::for_language("es-BO"), Rules::Spanish);
        assert_eq!(Rules::for_language("ES"), Rules::Spanish);
        assert_eq!(Rules::for_language("es_MX"), Rules::Spanish);
        assert_eq!(Rules::for_language("en"), Rules::General);
        assert_eq!(Rules::for_language("est"), Rules::General);
        assert_eq!(Rules::for_language(""), Rules::General);
    }

    #[test]
    fn codes_are_unique_and_cover_every_finding_code() {
        let mut codes: Vec<_> = CODES.iter().map(|c| c.0).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len());
        let text =
            "-Hola -dijo.- «Un \"sí\"...» ¿ Ves ? 10000 euros , 50% 1º Sr Pérez 1936-1939 a -- b";
        for (_, code, _, _) in run(Rules::Spanish, &[text, "3,5 kg y 3.5 kg y 2,5 m"]) {
            assert!(codes.contains(&code), "{code}");
        }
    }

    #[test]
    fn right_spanish_prose_has_no_findings() {
        let texts = [
            "—¿Vienes? —preguntó Begoña—. Es tarde.",
            "»Vengamos ahora a la razón de la espada.",
            "En 1936 eran 10 000 y hoy son 250 000 habitantes.",
            "El acuerdo franco-boliviano se firmó el 2026-11-24 (?).",
            "¡Qué dices? «Hola». «¿Vienes?», dijo. Eran 3,5 km.",
            "—Señor Quijana —que así se debía de llamar cuando él tenía juicio y no había pasado de hidalgo sosegado a caballero andante—, ¿quién ha puesto a vuestra merced desta suerte?",
            "El Sr. Pérez vive en el 2.º piso, pág. 12; subió un 50 % (de 1.º a 3.º).",
            "Dijo: «Esto es “muy” raro…», y se fue.",
        ];
        assert_eq!(run(Rules::Spanish, &texts), vec![]);
    }

    #[test]
    fn general_rules_leave_french_spacing_alone() {
        let texts = [
            "« Bonjour ! » Il dit : oui ; non ?",
            "It's  “fine”... , really",
        ];
        let found: Vec<_> = run(Rules::General, &texts)
            .into_iter()
            .map(|f| (f.1, f.2))
            .collect();
        assert_eq!(
            found,
            vec![
                ("tipo::comillas-rectas", "'".to_string()),
                ("tipo::espacio-doble", "  ".to_string()),
                ("tipo::puntos-suspensivos", "...".to_string()),
                ("tipo::espacio-antes", " ".to_string()),
            ]
        );
    }

    #[test]
    fn addresses_are_words_with_schemes_or_at_signs() {
        let text = "Ver https://a.es/?q=1... o www.b.org y «c@d.es», no @e ni f@g.";
        let found: Vec<_> = addresses(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, vec!["https://a.es/?q=1", "www.b.org", "c@d.es"]);
    }

    #[test]
    fn cases_proptest_found() {
        // A sign after a character of several bytes once cut that character.
        assert_eq!(run(Rules::Spanish, &["–0?"]), vec![]);
        assert_eq!(run(Rules::General, &["–0?"]), vec![]);
        let lone = (0, "es::comillas-desparejadas", "»".to_string(), None);
        assert_eq!(run(Rules::Spanish, &["A»?"]), vec![lone]);
        assert_eq!(run(Rules::General, &["A»?"]), vec![]);
    }

    proptest! {
        #[test]
        fn never_panics_and_ranges_lie_on_boundaries(
            texts in proptest::collection::vec(
                "[-–—a-zA-Z0-9 .,;:¿?¡!«»“”‘’\"'%º°ª()\\[\\]…\u{FFFC}\u{E000}áÑ]{0,40}", 0..4),
            spanish in any::<bool>(),
        ) {
            let rules = if spanish { Rules::Spanish } else { Rules::General };
            let chapter: Vec<Paragraph> = texts.iter().map(|t| paragraph(t)).collect();
            let found = check_book(&[chapter], rules);
            for (i, f) in &found[0] {
                let text = &texts[*i];
                prop_assert!(f.range.start <= f.range.end && f.range.end <= text.len());
                prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
                prop_assert!(!text[f.range.clone()].contains(OBJECT));
            }
        }
    }
}

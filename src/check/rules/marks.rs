//! The signs of question and exclamation, which Spanish writes in pairs.
//!
//! A question opens with ¿ and closes with ?, an exclamation with ¡ and ! (RAE,
//! *Ortografía* 2010, «Los signos de interrogación y exclamación»). A sentence both
//! question and exclamation may open with one and close with the other (`¡Qué dices?`).
//! A lone closing sign in parentheses, (?) or (!), marks doubt or irony and is right.
//! The spaces inside the signs are judged with the other spaces.

use super::{excerpt, finding, is_placeholder, Prose};
use crate::check::prose::Finding;

/// The signs of one paragraph, paired as far as it goes.
#[derive(Debug, Default)]
struct Signs {
    /// Opening signs left without a closing one, in order: (byte, sign).
    open: Vec<(usize, char)>,
    /// Closing signs without an opening one.
    lone: Vec<(usize, char)>,
    /// How many of `lone` come before any opening sign: a question or exclamation the
    /// paragraph before may have opened (prose that runs into a quoted verse).
    leading: usize,
    /// Closing signs typed where an opening one goes: `!Mal haya!`.
    misturned: Vec<(usize, char)>,
}

/// Pairs the signs of `prose`.
fn scan(prose: &Prose) -> Signs {
    let text = prose.text;
    let mut signs = Signs::default();
    if !text.contains(['¿', '¡', '?', '!']) {
        return signs;
    }
    let mut opened = false;
    for (i, c) in text.char_indices() {
        if !matches!(c, '¿' | '¡' | '?' | '!') || prose.in_address(i) {
            continue;
        }
        if matches!(c, '¿' | '¡') || misturned(prose, i) {
            if matches!(c, '?' | '!') {
                signs.misturned.push((i, c));
            }
            signs.open.push((i, c));
            opened = true;
        } else if !in_parentheses(text, i) && signs.open.pop().is_none() {
            signs.lone.push((i, c));
            signs.leading += usize::from(!opened);
        }
    }
    signs
}

/// Whether the closing sign at byte `at` stands where an opening one goes: after a space
/// or an opening mark and glued to a word.
fn misturned(prose: &Prose, at: usize) -> bool {
    prose
        .before(at)
        .is_none_or(|c| c.is_whitespace() || "«“\"(—–-".contains(c))
        && prose.at(at + 1).is_some_and(char::is_alphabetic)
}

/// Pairs every ¿ ¡ with a ? ! of the paragraph (or, for a question or exclamation that
/// runs into the next paragraph, of its start); reports those left alone.
pub(super) fn check(
    prose: &Prose,
    prev: Option<&Prose>,
    next: Option<&Prose>,
    out: &mut Vec<Finding>,
) {
    let text = prose.text;
    let signs = scan(prose);
    if signs.open.is_empty() && signs.lone.is_empty() && signs.misturned.is_empty() {
        return;
    }
    let carried_in = prev.map_or(0, |p| scan(p).open.len()).min(signs.leading);
    let carried_out = next.map_or(0, |n| scan(n).leading).min(signs.open.len());
    for &(i, c) in &signs.misturned {
        let right = if c == '?' { '¿' } else { '¡' };
        out.push(finding(
            code(c),
            i..i + 1,
            format!(
                "`{c}` where `{right}` opens the sentence in `{}`",
                excerpt(text, i, i + 1)
            ),
            help(c),
            Some(right.to_string()),
        ));
    }
    for &(i, c) in signs.lone.iter().skip(carried_in) {
        // `5!` is a factorial; a sign after an object may close what the object holds; a
        // sentence in Latin or Italian (`Malum signum!`) has no opening sign to miss.
        let prev = prose.before(i);
        if prev.is_none_or(|p| is_placeholder(p) || (c == '!' && p.is_ascii_digit()))
            || !spanish_clause(text, i)
        {
            continue;
        }
        out.push(lone(text, i, c));
    }
    let reported = signs.open.len() - carried_out;
    for &(i, c) in &signs.open[..reported] {
        if matches!(c, '?' | '!') || prose.at(i + c.len_utf8()).is_some_and(is_placeholder) {
            continue;
        }
        out.push(lone(text, i, c));
    }
}

/// Whether the clause that ends at byte `end` has a word only Spanish uses among the
/// languages a Spanish book quotes (Latin, Italian, Portuguese, French).
fn spanish_clause(text: &str, end: usize) -> bool {
    const WORDS: &[&str] = &[
        "que", "el", "los", "las", "y", "del", "al", "pero", "muy", "ya", "yo", "eso", "esto",
        "esta", "este", "hay", "lo", "por", "para", "qué", "cómo", "cuán", "cuánto", "cuánta",
        "dónde", "cuándo", "quién", "mí", "tú", "él", "sí", "está", "están", "aquí", "allí", "así",
        "más", "también", "después", "ahora", "nunca", "nada", "mucho", "porque", "cuando",
        "usted", "vuestra", "merced", "señor", "señora", "bien", "mal", "ser", "hacer",
    ];
    // `¿Qué dices?!`: the clause of the `!` is the question's.
    let end = text[..end].trim_end_matches(['?', '!']).len();
    let start = text[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| ".?!¿¡;:«»\"“”—–-(".contains(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    text[start..end]
        .split(|c: char| !c.is_alphabetic())
        .any(|word| WORDS.contains(&word.to_lowercase().as_str()))
}

/// The rule of a sign.
fn code(c: char) -> &'static str {
    if matches!(c, '¿' | '?') {
        "es::interrogacion"
    } else {
        "es::exclamacion"
    }
}

/// The rule's help for a sign.
fn help(c: char) -> &'static str {
    if matches!(c, '¿' | '?') {
        "a question opens with ¿ and closes with ? (RAE); alone, ? only marks doubt in parentheses: (?)"
    } else {
        "an exclamation opens with ¡ and closes with ! (RAE); alone, ! only marks irony in parentheses: (!)"
    }
}

/// Whether the closing sign at byte `at` stands in parentheses with only other signs:
/// (?), (!), (¡!), (?!).
fn in_parentheses(text: &str, at: usize) -> bool {
    let signs = |c: &char| matches!(c, '¿' | '¡' | '?' | '!');
    let before = text[..at].chars().rev().find(|c| !signs(c));
    let after = text[at..].chars().find(|c| !signs(c));
    before == Some('(') && after == Some(')')
}

/// The finding for the sign `c` at byte `at` that has no partner.
fn lone(text: &str, at: usize, c: char) -> Finding {
    let partner = match c {
        '¿' => '?',
        '?' => '¿',
        '¡' => '!',
        _ => '¡',
    };
    let what = if matches!(c, '¿' | '¡') {
        "closing"
    } else {
        "opening"
    };
    finding(
        code(c),
        at..at + c.len_utf8(),
        format!(
            "`{c}` without its {what} `{partner}` in `{}`",
            excerpt(text, at, at + c.len_utf8())
        ),
        help(c),
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, run, spanish};
    use super::super::Rules;

    #[test]
    fn lone_signs() {
        assert_eq!(
            spanish("es::interrogacion", "¿Vienes. Ya."),
            vec![at("¿", None)]
        );
        assert_eq!(
            spanish("es::interrogacion", "Y tú vienes? Ya."),
            vec![at("?", None)]
        );
        assert_eq!(
            spanish("es::exclamacion", "¡Ay, que me matan."),
            vec![at("¡", None)]
        );
        assert_eq!(
            spanish("es::exclamacion", "Ay, que me matan!"),
            vec![at("!", None)]
        );
        assert_eq!(
            spanish("es::exclamacion", "¿Qué dices?!"),
            vec![at("!", None)]
        );
        assert_eq!(
            spanish(
                "es::exclamacion",
                "Ni la liberalidad. !Mal haya el diablo!; que sí."
            ),
            vec![at("!", Some("¡"))]
        );
    }

    #[test]
    fn a_question_may_run_into_a_quoted_verse() {
        let texts = [
            "¿Ahora que pensábamos que volvía, se quiere meter en laberintos, haciéndose",
            "Pastorcillo, tú que vienes, pastorcico, tú que vas?",
            "Y vas? Y ¿vienes",
        ];
        let found: Vec<_> = run(Rules::Spanish, &texts)
            .into_iter()
            .map(|f| (f.0, f.2))
            .collect();
        assert_eq!(found, vec![(2, "?".to_string()), (2, "¿".to_string())]);
    }

    #[test]
    fn sentences_in_other_languages_have_no_opening_sign() {
        for right in [
            "-Malum signum! Malum signum! Liebre huye.",
            "-Absit! -dijo el médico-.",
            "-Bon compaño, jura Di!",
            "quis talia fando temperet a lachrymis?,",
        ] {
            assert_eq!(sign_findings(right), vec![], "{right}");
        }
    }

    /// What the ¿ ? and ¡ ! rules find in one paragraph.
    fn sign_findings(text: &str) -> Vec<(usize, &'static str, String, Option<String>)> {
        run(Rules::Spanish, &[text])
            .into_iter()
            .filter(|f| f.1 == "es::interrogacion" || f.1 == "es::exclamacion")
            .collect()
    }

    #[test]
    fn paired_signs() {
        for right in [
            "¿Vienes? ¡Ya!",
            "¡Qué dices? ¿Cómo es posible!",
            "Pero ¿vienes o no?",
            "—¿Vienes? —preguntó Begoña—. Es tarde.",
            "Dijo que vendría (?) y no vino (!).",
            "¡¿Qué dices?!",
            "¡¡¡Socorro!!!",
            "Calcula 5! y sigue.",
            "Ver https://a.es/?q=1 ahora.",
        ] {
            assert_eq!(sign_findings(right), vec![], "{right}");
        }
    }

    #[test]
    fn other_languages_are_not_judged() {
        assert_eq!(run(Rules::General, &["Are you coming? Yes!"]), vec![]);
    }
}

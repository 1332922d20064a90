//! Spaces where the marks forbid them, and doubled spaces.
//!
//! Closing marks (, . ; : ? ! » ) ]) are glued to the word before them, opening ones
//! (« ( [ ¿ ¡) to the word after (RAE, *Ortografía* 2010, the chapter on punctuation); a
//! note reference is glued to its word; words are separated by one space. French sets
//! a space before ; : ? ! and inside « », so outside Spanish only , and . are judged.

use super::{excerpt, finding, is_placeholder, Prose, Rules};
use crate::check::prose::{Finding, NOTE_REF};

/// What a run of spaces is wrong as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wrong {
    /// Before a note reference.
    BeforeNote,
    /// Inside ¿ ? or ¡ !.
    InsideSign,
    /// Before a closing mark.
    Before(char),
    /// After an opening mark.
    After(char),
    /// Two or more spaces between words.
    Double,
}

/// Checks every run of spaces of the paragraph.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b' ' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        let (Some(prev), Some(next)) = (prose.before(start), prose.at(i)) else {
            continue;
        };
        // Most spaces lie between words: only a doubled one, or one that touches a mark
        // or a note reference, may be wrong.
        let marks = matches!(
            next,
            '?' | '!' | ',' | '.' | ';' | ':' | '»' | ')' | ']' | NOTE_REF
        ) || matches!(prev, '¿' | '¡' | '«' | '(' | '[');
        if (i - start == 1 && !marks)
            || prev == '\u{FFFC}'
            || next == '\u{FFFC}'
            || prose.in_address(start)
        {
            continue;
        }
        let Some(wrong) = judge(prose, prev, next, i) else {
            continue;
        };
        let run = &text[start..i];
        let (code, message, help, fix) = match wrong {
            Wrong::BeforeNote => (
                "tipo::espacio-nota",
                format!("space before the note reference after `{}`", super::word_before(text, start)),
                "a note reference is glued to the word or mark it follows",
                "",
            ),
            Wrong::InsideSign => (
                "es::signo-espacio",
                format!("space inside the sign in `{}`", excerpt(text, start, i)),
                "¿ and ¡ are glued to the first word of the question or exclamation, ? and ! to the last (RAE): ¿Qué?",
                "",
            ),
            Wrong::Before(mark) => (
                "tipo::espacio-antes",
                format!("space before `{mark}` in `{}`", excerpt(text, start, i)),
                "a closing mark is glued to the word before it",
                "",
            ),
            Wrong::After(mark) => (
                "tipo::espacio-despues",
                format!("space after `{mark}` in `{}`", excerpt(text, start, i)),
                "an opening quotation mark, parenthesis or bracket is glued to the word after it",
                "",
            ),
            Wrong::Double => (
                "tipo::espacio-doble",
                format!("{} spaces between words in `{}`", run.len(), excerpt(text, start, i)),
                "words are separated by one space",
                " ",
            ),
        };
        out.push(finding(
            code,
            start..i,
            message,
            help,
            Some(fix.to_string()),
        ));
    }
}

/// What the spaces before byte `end`, between `prev` and `next`, are wrong as.
fn judge(prose: &Prose, prev: char, next: char, end: usize) -> Option<Wrong> {
    let spanish = prose.rules == Rules::Spanish;
    let after_next = prose.text[end + next.len_utf8()..].chars().next();
    let ends_word = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || "»”’)]\"'".contains(c));
    if next == NOTE_REF {
        return Some(Wrong::BeforeNote);
    }
    if is_placeholder(prev) {
        return None;
    }
    if spanish && matches!(prev, '¿' | '¡') && !matches!(next, '?' | '!') {
        return Some(Wrong::InsideSign);
    }
    if spanish
        && matches!(next, '?' | '!')
        && !matches!(prev, '¿' | '¡' | '(' | '[' | '«')
        && !after_next.is_some_and(char::is_alphanumeric)
    {
        return Some(Wrong::InsideSign);
    }
    let before = match next {
        // `.` opening an ellipsis or a number (` .5`), `:` and `;` of emoticons and
        // ratios, are not closing marks.
        ',' | '.' => ends_word(after_next) && !(next == '.' && spaced_ellipsis(prose.text, end)),
        ';' | ':' if spanish => {
            after_next.is_none_or(|c| c.is_whitespace() || "»”’".contains(c))
                && !(prev.is_ascii_digit()
                    && prose.text[end + 1..]
                        .trim_start()
                        .starts_with(|c: char| c.is_ascii_digit()))
        }
        '»' | ')' | ']' if spanish => {
            let pair = match next {
                '»' => '«',
                ')' => '(',
                _ => '[',
            };
            // A » before a word or a dash continues a quotation; it closes nothing.
            prev != pair
                && after_next.is_none_or(|c| !c.is_alphanumeric() && !"—–-«“¿¡".contains(c))
        }
        _ => false,
    };
    if before {
        return Some(Wrong::Before(next));
    }
    if spanish && matches!(prev, '«' | '(' | '[') {
        let pair = match prev {
            '«' => '»',
            '(' => ')',
            _ => ']',
        };
        if next != pair {
            return Some(Wrong::After(prev));
        }
    }
    let run = prose.text[..end]
        .bytes()
        .rev()
        .take_while(|&b| b == b' ')
        .count();
    (run >= 2).then_some(Wrong::Double)
}

/// Whether the period at byte `at` is one of a spaced ellipsis `. . .`.
fn spaced_ellipsis(text: &str, at: usize) -> bool {
    [0, 2, 4].iter().any(|&back| {
        at.checked_sub(back)
            .and_then(|from| text.get(from..))
            .is_some_and(|rest| rest.starts_with(". . ."))
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, run, spanish};
    use super::super::Rules;

    #[test]
    fn spaces_before_closing_marks() {
        assert_eq!(
            spanish(
                "tipo::espacio-antes",
                "Hola , dijo ; luego : nada . ( sí ) «no »."
            ),
            vec![
                at(" ", Some("")),
                at(" ", Some("")),
                at(" ", Some("")),
                at(" ", Some("")),
                at(" ", Some("")),
                at(" ", Some(""))
            ]
        );
        for right in [
            "Hola, dijo; luego: nada.",
            "Y dijo . . . nada",
            "Un valor de .5 y la extensión .com",
            "Sonrió :) y se fue ;-)",
            "La razón es 3 : 1 y basta.",
            "Un paréntesis vacío ( ) y «  »",
            "Una línea »Sigue la cita",
            "Con \u{FFFC} , un objeto",
        ] {
            assert_eq!(spanish("tipo::espacio-antes", right), vec![], "{right}");
        }
    }

    #[test]
    fn spaces_after_opening_marks() {
        assert_eq!(
            spanish("tipo::espacio-despues", "Dijo « hola» ( sí) y [ no]."),
            vec![at(" ", Some("")), at(" ", Some("")), at(" ", Some(""))]
        );
        assert_eq!(
            spanish("tipo::espacio-despues", "Dijo «hola» (sí) y [no]."),
            vec![]
        );
    }

    #[test]
    fn spaces_inside_question_and_exclamation_signs() {
        assert_eq!(
            spanish("es::signo-espacio", "¿ Qué ?"),
            vec![at(" ", Some("")), at(" ", Some(""))]
        );
        assert_eq!(
            spanish("es::signo-espacio", "¡  Ay!"),
            vec![at("  ", Some(""))]
        );
        assert_eq!(spanish("tipo::espacio-doble", "¡  Ay!"), vec![]);
        for right in ["¿Qué?", "¡Ay! ¿Qué? (?)", "¿ ?", "¡Hola! !Adiós!"] {
            assert_eq!(spanish("es::signo-espacio", right), vec![], "{right}");
        }
    }

    #[test]
    fn double_spaces_and_note_references() {
        assert_eq!(
            spanish("tipo::espacio-doble", "Una  casa.   Otra"),
            vec![at("  ", Some(" ")), at("   ", Some(" "))]
        );
        assert_eq!(
            spanish("tipo::espacio-doble", "Un \u{FFFC}  objeto y una casa."),
            vec![]
        );
        assert_eq!(
            spanish("tipo::espacio-nota", "Una casa \u{E000}."),
            vec![at(" ", Some(""))]
        );
        assert_eq!(
            spanish("tipo::espacio-nota", "Una casa\u{E000} y otra."),
            vec![]
        );
    }

    #[test]
    fn outside_spanish_only_commas_and_periods() {
        let found: Vec<_> = run(Rules::General, &["Il dit : « oui » ; non ? Bon , ça ."])
            .into_iter()
            .map(|f| (f.1, f.2))
            .collect();
        assert_eq!(
            found,
            vec![
                ("tipo::espacio-antes", " ".to_string()),
                ("tipo::espacio-antes", " ".to_string())
            ]
        );
    }
}

//! Straight quotes, the typewriter's: `"` and `'`.
//!
//! Books use curly or angle quotes, and ’ for the apostrophe. In Spanish, a straight
//! double quote becomes « » at the first level, “ ” inside, ‘ ’ inside those (RAE), which
//! is unambiguous where each one can be told opening or closing and they pair up.

use super::quotes::continuation;
use super::{excerpt, finding, is_placeholder, Prose, Rules};
use crate::check::prose::Finding;

/// `tipo::comillas-rectas`: straight `"` and `'`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !text.contains(['"', '\'']) {
        return;
    }
    let spanish = prose.rules == Rules::Spanish;
    let doubles = if spanish { double_fixes(prose) } else { None };
    let mut nth_double = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '"' | '\'') {
            continue;
        }
        // `double_fixes` has a mark for every `"`, those of addresses included.
        let double = (c == '"').then(|| doubles.as_ref().and_then(|d| d.get(nth_double).copied()));
        nth_double += usize::from(c == '"');
        if prose.in_address(i) {
            continue;
        }
        let prev = prose.before(i);
        let next = text[i + 1..].chars().next();
        let near_object = prev.is_some_and(is_placeholder) || next.is_some_and(is_placeholder);
        let fix = if let Some(double) = double {
            double.filter(|_| !near_object).map(String::from)
        } else {
            // A ’ is right for an apostrophe and for a closing single quote alike; a
            // straight quote after a digit is a prime (5'), an opening one ‘ or ’ (’tis).
            let between_letters =
                prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
            let closes = prev.is_some_and(|p| p.is_alphabetic() || ".,;:?!…".contains(p))
                && next.is_none_or(|n| n.is_whitespace() || ".,;:?!…»”)]".contains(n));
            (between_letters || closes).then(|| "’".to_string())
        };
        let what = if c == '"' {
            "straight double quote"
        } else {
            "straight single quote"
        };
        out.push(finding(
            "tipo::comillas-rectas",
            i..i + 1,
            format!("{what} in `{}`", excerpt(text, i, i + 1)),
            if spanish {
                "Spanish quotes with « », “ ” inside them, ‘ ’ inside those; an apostrophe is ’"
            } else {
                "books use curly quotes (or the language's own); an apostrophe is ’"
            },
            fix,
        ));
    }
}

/// The marks that replace each straight `"` of a Spanish paragraph, when every one of
/// them can be told opening or closing and they pair up.
fn double_fixes(prose: &Prose) -> Option<Vec<&'static str>> {
    let text = prose.text;
    let continued = continuation(text);
    let mut depth: usize = usize::from(continued.is_some());
    let mut straight: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '«' | '“' => depth += 1,
            '»' | '”' if Some(i) != continued => depth = depth.saturating_sub(1),
            '"' => {
                let prev = prose.before(i);
                let next = text[i + 1..].chars().next();
                let opens = prev.is_none_or(|p| p.is_whitespace() || "([{«“‘—–-¿¡".contains(p))
                    && next.is_some_and(|n| !n.is_whitespace());
                let closes = prev.is_some_and(|p| !p.is_whitespace() && !"([{«“‘—–-¿¡".contains(p))
                    && next.is_none_or(|n| n.is_whitespace() || ".,;:?!…)]}»”’—–-".contains(n));
                match (opens, closes) {
                    (true, false) => {
                        out.push(["«", "“", "‘"][depth.min(2)]);
                        straight.push(depth);
                        depth += 1;
                    }
                    (false, true) => {
                        let level = straight.pop()?;
                        depth = level;
                        out.push(["»", "”", "’"][level.min(2)]);
                    }
                    _ => return None,
                }
            }
            _ => {}
        }
    }
    straight.is_empty().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, run, spanish};
    use super::super::Rules;

    #[test]
    fn straight_quotes_get_marks_by_their_depth() {
        assert_eq!(
            spanish("tipo::comillas-rectas", "Dijo \"ven \"ya\" o no\"."),
            vec![
                at("\"", Some("«")),
                at("\"", Some("“")),
                at("\"", Some("”")),
                at("\"", Some("»"))
            ]
        );
        assert_eq!(
            spanish("tipo::comillas-rectas", "«Dijo \"ven\"», —¿\"Miente\"?"),
            vec![
                at("\"", Some("“")),
                at("\"", Some("”")),
                at("\"", Some("«")),
                at("\"", Some("»"))
            ]
        );
        // Unpaired or ambiguous: reported, not fixed.
        assert_eq!(
            spanish("tipo::comillas-rectas", "Mide 5'3\" y a\"b"),
            vec![at("'", None), at("\"", None), at("\"", None)]
        );
        assert_eq!(
            spanish("tipo::comillas-rectas", "Don't say 'hola' pa' ti"),
            vec![
                at("'", Some("’")),
                at("'", None),
                at("'", Some("’")),
                at("'", Some("’"))
            ]
        );
    }

    #[test]
    fn straight_quotes_around_an_address() {
        assert_eq!(
            spanish("tipo::comillas-rectas", "Ver \"https://a.es/x\" y \"b\"."),
            vec![
                at("\"", Some("«")),
                at("\"", Some("»")),
                at("\"", Some("«")),
                at("\"", Some("»"))
            ]
        );
    }

    #[test]
    fn straight_quotes_outside_spanish() {
        let found: Vec<_> = run(Rules::General, &["It's \"fine\""])
            .into_iter()
            .map(|f| (f.2, f.3))
            .collect();
        assert_eq!(
            found,
            vec![at("'", Some("’")), at("\"", None), at("\"", None)]
        );
    }
}

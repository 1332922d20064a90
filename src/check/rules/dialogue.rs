//! Dialogue: the raya that opens speech and frames the narrator's interruptions.
//!
//! Speech opens with a raya glued to its first word; the narrator's interruption opens
//! with a raya after a space and glued to its first word, and closes with one glued to
//! its last word when the speech goes on; the punctuation of the sentence goes after the
//! closing raya: `—¿Vienes? —preguntó Begoña—. Es tarde.` (RAE, *Ortografía* 2010, «La
//! raya»; DPD, «raya»). Hyphens and en dashes typed for rayas are
//! [`crate::ortho::dialogue::rayas`]'s to find.

use super::{abbreviations, excerpt, finding, Prose};
use crate::check::prose::Finding;
use crate::ortho::dialogue::{dashes, rayas, role, speech_start, Dash, DashKind, Role};

/// The rayas of a paragraph, typed or standing in for one.
fn effective(text: &str, converted: &[(std::ops::Range<usize>, &str)]) -> Vec<Dash> {
    dashes(text)
        .filter(|d| d.kind == DashKind::Raya || converted.iter().any(|(r, _)| r.start == d.start))
        .collect()
}

/// `es::raya-dialogo`, `es::raya-espacio`, `es::raya-cierre` and `es::raya-puntuacion`.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !text.contains(['-', '–', '—']) {
        return;
    }
    let converted = rayas(text);
    for (range, raya) in &converted {
        let typed = &text[range.clone()];
        let name = match typed {
            "-" => "a hyphen",
            "--" => "two hyphens",
            _ => "an en dash",
        };
        let what = if range.start == speech_start(text) {
            "speech opened"
        } else if prose.before(range.start).is_some_and(char::is_whitespace) {
            "interruption opened"
        } else {
            "interruption closed"
        };
        out.push(finding(
            "es::raya-dialogo",
            range.clone(),
            format!("{what} with {name} in `{}`", excerpt(text, range.start, range.end)),
            "dialogue and the narrator's interruptions take a raya (—), not a hyphen or an en dash (RAE, DPD «raya»)",
            Some(raya.to_string()),
        ));
    }
    let rayas = effective(text, &converted);
    let Some(first) = rayas.first() else { return };
    // A raya that opens the paragraph opens speech (or a list's item: see `opening_space`).
    let speech = first.start == speech_start(text);
    if speech {
        let glued = rayas[1..]
            .iter()
            .any(|d| role(text, d.start, d.end).is_some());
        opening_space(prose, first, glued, out);
    }
    // The interruption open, if any: its raya.
    let mut open: Option<Dash> = None;
    for (k, dash) in rayas.iter().enumerate() {
        if speech && k == 0 {
            continue;
        }
        let prev = prose.before(dash.start);
        let next = prose.at(dash.end);
        match role(text, dash.start, dash.end) {
            Some(Role::Opens) => {
                if let (true, Some(opening)) = (speech, open) {
                    unclosed(prose, &opening, dash, out);
                }
                open = Some(*dash);
            }
            Some(Role::Closes) => {
                let closes = open.take().is_some();
                punctuation_before(prose, dash, closes, out);
            }
            None if prev == Some(' ') => {
                let spaces =
                    text[..dash.start].len() - text[..dash.start].trim_end_matches(' ').len();
                let gap = dash.start - spaces..dash.start;
                if open.is_some() && next.is_some_and(|c| ".,;:".contains(c)) {
                    // ` —.`: a closing raya with a space before it.
                    open = None;
                    out.push(space(text, gap, "before the closing raya"));
                } else if speech
                    && open.is_none()
                    && next == Some(' ')
                    && closes_next(text, &rayas[k + 1..])
                {
                    // ` — dijo él—`: an opening raya with a space after it.
                    let after =
                        text[dash.end..].len() - text[dash.end..].trim_start_matches(' ').len();
                    if text[dash.end + after..].starts_with(char::is_lowercase) {
                        open = Some(*dash);
                        out.push(space(
                            text,
                            dash.end..dash.end + after,
                            "after the raya that opens the interruption",
                        ));
                    }
                }
            }
            None => {}
        }
    }
}

/// `es::raya-espacio` at the raya that opens a paragraph of speech: `— Hola`. A raya
/// followed by a space also opens the items of a list, so only a question, an
/// exclamation or a raya glued to a word later in the paragraph (`glued`) tells speech.
fn opening_space(prose: &Prose, first: &Dash, glued: bool, out: &mut Vec<Finding>) {
    let text = prose.text;
    let rest = &text[first.end..];
    let words = rest.trim_start_matches(' ');
    let gap = rest.len() - words.len();
    if first.kind != DashKind::Raya || gap == 0 || words.is_empty() {
        return;
    }
    if words.starts_with(['¿', '¡']) || glued {
        out.push(space(
            text,
            first.end..first.end + gap,
            "after the raya that opens the speech",
        ));
    }
}

/// Whether the first of `rest` is glued to the word before it (closes an interruption).
fn closes_next(text: &str, rest: &[Dash]) -> bool {
    rest.first()
        .is_some_and(|d| role(text, d.start, d.end) == Some(Role::Closes))
}

/// A finding of `es::raya-espacio` for the spaces at `gap`.
fn space(text: &str, gap: std::ops::Range<usize>, place: &str) -> Finding {
    finding(
        "es::raya-espacio",
        gap.clone(),
        format!("space {place} in `{}`", excerpt(text, gap.start, gap.end)),
        "the raya is glued to the words it opens or closes: —Hola —dijo él—. Vamos (RAE)",
        Some(String::new()),
    )
}

/// `es::raya-puntuacion`: `—dijo.—` for `—dijo—.`, at a raya that `closes` an
/// interruption.
fn punctuation_before(prose: &Prose, dash: &Dash, closes: bool, out: &mut Vec<Finding>) {
    let text = prose.text;
    if !closes || !prose.before(dash.start).is_some_and(|c| ".,;:".contains(c)) {
        return;
    }
    let mark_at = dash.start - 1;
    let mark = &text[mark_at..dash.start];
    if mark == "."
        && (text[..mark_at].ends_with('.') || abbreviations::ends_abbreviation(text, mark_at))
    {
        return;
    }
    out.push(finding(
        "es::raya-puntuacion",
        mark_at..dash.end,
        format!("`{mark}` before the closing raya in `{}`", excerpt(text, mark_at, dash.end)),
        "the punctuation of the sentence goes after the raya that closes the interruption: —dijo—. (RAE)",
        Some(format!("—{mark}")),
    ));
}

/// `es::raya-cierre`: speech that goes on after an interruption that was not closed,
/// `—Hola —dijo él. —¿Vienes?`. Only a short interruption of one clause, opened in
/// lowercase and ended by a period or a comma, is judged.
fn unclosed(prose: &Prose, opening: &Dash, reopening: &Dash, out: &mut Vec<Finding>) {
    let text = prose.text;
    let inside = text[opening.end..reopening.start].trim_end_matches(' ');
    let Some(last) = inside.chars().next_back() else {
        return;
    };
    let body = &inside[..inside.len() - last.len_utf8()];
    let one_clause = !body.contains(['.', ';', ':', '?', '!', '…', '«', '»', '"', '“', '”', '(']);
    let end = opening.end + inside.len();
    if !matches!(last, '.' | ',')
        || !one_clause
        || !inside.starts_with(char::is_lowercase)
        || (last == '.' && abbreviations::ends_abbreviation(text, end - 1))
    {
        return;
    }
    out.push(finding(
        "es::raya-cierre",
        end - 1..reopening.end,
        format!("the interruption `{}` is not closed before the speech goes on", &text[opening.start..end]),
        "when the speech goes on after the narrator's words, a raya closes them and the punctuation follows it: —Hola —dijo él—. ¿Vienes? (RAE); another speaker takes a new paragraph",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, spanish};

    const QUIJANA: &str = "-Señor Quijana -que así se debía de llamar cuando él tenía juicio y no había pasado de hidalgo sosegado a caballero andante-, ¿quién ha puesto a vuestra merced desta suerte?";

    #[test]
    fn hyphens_and_en_dashes_for_rayas() {
        assert_eq!(
            spanish("es::raya-dialogo", QUIJANA),
            vec![at("-", Some("—")), at("-", Some("—")), at("-", Some("—"))]
        );
        assert_eq!(
            spanish("es::raya-dialogo", "–Hola –dijo él."),
            vec![at("–", Some("—")), at("–", Some("—"))]
        );
        let converted = crate::ortho::dialogue::with_rayas(QUIJANA);
        assert_eq!(
            super::super::tests::run(super::super::Rules::Spanish, &[&converted]),
            vec![]
        );
    }

    #[test]
    fn spaces_at_rayas() {
        assert_eq!(
            spanish("es::raya-espacio", "— ¿Vienes?"),
            vec![at(" ", Some(""))]
        );
        assert_eq!(
            spanish("es::raya-espacio", "— Hola —dijo él."),
            vec![at(" ", Some(""))]
        );
        assert_eq!(
            spanish("es::raya-espacio", "—Hola —dijo él —. Vamos."),
            vec![at(" ", Some(""))]
        );
        assert_eq!(
            spanish("es::raya-espacio", "—Hola — dijo él—. Vamos."),
            vec![at(" ", Some(""))]
        );
        for right in [
            "— Primer elemento de una lista",
            "— Uno — Dos — Tres",
            "—Hola —dijo él—. Vamos.",
            "La casa — dijo — era grande.",
            "—Hola — dijo él — y se fue.",
        ] {
            assert_eq!(spanish("es::raya-espacio", right), vec![], "{right}");
        }
    }

    #[test]
    fn punctuation_before_the_closing_raya() {
        assert_eq!(
            spanish("es::raya-puntuacion", "—Hola —dijo él.— Vamos."),
            vec![at(".—", Some("—."))]
        );
        assert_eq!(
            spanish("es::raya-puntuacion", "—Hola —dijo él,— ven."),
            vec![at(",—", Some("—,"))]
        );
        assert_eq!(
            spanish("es::raya-puntuacion", "-Hola -dijo él.- Vamos."),
            vec![at(".-", Some("—."))]
        );
        for right in [
            "—¿Vienes? —preguntó Begoña—. Es tarde.",
            "—Hola —dijo, ¿no?— Ven.",
            "—Hola —dijo el Sr.— Ven.",
            "—Vamos.—Y se fue.",
            "—Hola —dijo él...— Ven.",
        ] {
            assert_eq!(spanish("es::raya-puntuacion", right), vec![], "{right}");
        }
    }

    #[test]
    fn interruptions_not_closed() {
        assert_eq!(
            spanish("es::raya-cierre", "—Hola —dijo él. —¿Vienes?"),
            vec![at(". —", None)]
        );
        assert_eq!(
            spanish("es::raya-cierre", "-Hola -dijo él, -ven."),
            vec![at(", -", None)]
        );
        for right in [
            "—Hola —dijo él—. ¿Vienes?",
            "—Hola —dijo él. Y luego siguió: —Ven.",
            "—¡Ya voy! —Y salió corriendo. —Espera.",
            "—Hola —dijo él, y añadió: —Ven.",
            "Narración —dijo él. —Nada.",
        ] {
            assert_eq!(spanish("es::raya-cierre", right), vec![], "{right}");
        }
    }
}

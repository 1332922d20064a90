//! The raya of dialogue.
//!
//! Spanish opens a character's speech with a raya (—) glued to the first word, and sets
//! the narrator's interruption between rayas glued to it: `—Hola —dijo él—. ¿Vienes?`
//! (RAE, *Ortografía* 2010, «La raya»; DPD, «raya»). Manuscripts often type a hyphen, two
//! hyphens or an en dash instead; [`rayas`] finds the ones that can only be a raya.

use std::ops::Range;

use crate::check::prose::NOTE_REF;

/// The raya, U+2014.
pub const RAYA: &str = "—";

/// How a dash that may mark dialogue was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DashKind {
    /// A raya already: `—`, or `---`, which smart punctuation turns into one.
    Raya,
    /// A stand-in for one: `-`, `--` or an en dash (what `--` becomes when built).
    StandIn,
}

/// A lone dash in a paragraph's text (runs of mixed or repeated dashes are not dashes of
/// dialogue: `——` stands for an omitted name, `----` is a rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dash {
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// How it was typed.
    pub kind: DashKind,
}

/// What a dash does, judged by what touches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// After a space (or the start) and before a word: opens speech or an interruption.
    Opens,
    /// After a word or a mark and before a space, a mark or the end: closes one.
    Closes,
}

/// The lone dashes of `text`, in order; allocates nothing.
pub(crate) fn dashes(text: &str) -> impl Iterator<Item = Dash> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < bytes.len() {
            let start = pos;
            let (len, kind) = match bytes[start] {
                b'-' => {
                    let run = bytes[start..].iter().take_while(|&&b| b == b'-').count();
                    match run {
                        1 | 2 => (run, Some(DashKind::StandIn)),
                        3 => (run, Some(DashKind::Raya)),
                        _ => (run, None),
                    }
                }
                0xE2 if bytes.get(start + 1) == Some(&0x80) => match bytes.get(start + 2) {
                    Some(0x93) => (3, Some(DashKind::StandIn)),
                    Some(0x94) => (3, Some(DashKind::Raya)),
                    _ => (1, None),
                },
                _ => (1, None),
            };
            pos = start + len;
            let Some(kind) = kind else { continue };
            let touches_dash = |c: Option<char>| c.is_some_and(is_dash);
            if touches_dash(text[..start].chars().next_back())
                || touches_dash(text[pos..].chars().next())
            {
                continue;
            }
            return Some(Dash {
                start,
                end: pos,
                kind,
            });
        }
        None
    })
}

/// Whether `c` is a dash of any length.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−')
}

/// What the dash at `start..end` of `text` does there, if anything.
pub(crate) fn role(text: &str, start: usize, end: usize) -> Option<Role> {
    let prev = text[..start].chars().next_back();
    let next = text[end..].chars().next();
    if prev.is_none_or(char::is_whitespace) {
        // A word or an opening sign must follow; a spaced ` - ` is a list's or a
        // minus sign's, and ` -5` a negative number.
        next.filter(|&c| c.is_alphabetic() || c == '¿' || c == '¡')
            .map(|_| Role::Opens)
    } else {
        // A note reference is glued to its word: `dijo él¹—,` closes.
        let after_word =
            prev.is_some_and(|c| c.is_alphanumeric() || c == NOTE_REF || ".,;:?!…»”)".contains(c));
        let before_gap = next.is_none_or(|c| c.is_whitespace() || ".,;:?!…»”)".contains(c));
        (after_word && before_gap).then_some(Role::Closes)
    }
}

/// Where the dash that opens a character's speech stands: at the start, or after the »
/// that continues a quotation from the paragraph before (a story told by a character,
/// whose people speak in it: `»—¡Ah! —dijo Anselmo—`).
pub(crate) fn speech_start(text: &str) -> usize {
    if text.starts_with('»') {
        '»'.len_utf8()
    } else {
        0
    }
}

/// Whether a paragraph whose text opens with the dash `first` is a character's speech:
/// the dash opens the paragraph and a capital, an opening sign or an opening quote
/// follows.
fn opens_speech(text: &str, first: &Dash) -> bool {
    first.start == speech_start(text)
        && text[first.end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || "¿¡«“\"".contains(c))
}

/// Whether the hyphen ending at `end` is a suspended prefix (`pre- y posoperatorio`,
/// `franco- y germanohablantes`): a conjunction and a word follow it.
fn suspends(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    ["y ", "e ", "o ", "u ", "ni "].iter().any(|conjunction| {
        rest.strip_prefix(' ')
            .and_then(|r| r.strip_prefix(conjunction))
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_alphabetic)
    })
}

/// The replacements that turn the hyphens, double hyphens and en dashes of dialogue in
/// one paragraph's text into rayas, in order: (bytes to replace, `"—"`).
///
/// A paragraph that opens with a dash glued to a capital, `¿`, `¡` or an opening quote is
/// a character's speech, and that dash a raya (also after a leading » of continuation). An interruption opens with a dash after a
/// space and glued to a word, and closes with one glued to its last word or mark and
/// followed by a space, a mark or the end (`-que era hombre docto-,`). In speech, an
/// opening dash is a raya even when nothing closes it (the narrator's words may end the
/// paragraph: `-Hola -dijo él.`); in narration only a pair is, and a hyphen followed by a
/// conjunction is taken for a suspended prefix, not a closing dash. Compounds
/// (`franco-boliviano`), ranges (`1936-1939`), negative numbers and spaced ` - ` are never
/// touched. A raya already typed (`—` or `---`) takes part in the pairing, unchanged.
pub fn rayas(text: &str) -> Vec<(Range<usize>, &'static str)> {
    let mut out = Vec::new();
    let mut push = |dash: Dash| {
        if dash.kind == DashKind::StandIn {
            out.push((dash.start..dash.end, RAYA));
        }
    };
    let mut speech = false;
    let mut open: Option<Dash> = None;
    let start = speech_start(text);
    for dash in dashes(text) {
        if dash.start == start {
            if opens_speech(text, &dash) {
                speech = true;
                push(dash);
            }
            continue;
        }
        match role(text, dash.start, dash.end) {
            Some(Role::Opens) => {
                if let Some(unclosed) = open.replace(dash) {
                    if speech {
                        push(unclosed);
                    }
                }
            }
            Some(Role::Closes) => {
                if let Some(opening) = open.take() {
                    if speech || !suspends(text, dash.end) {
                        push(opening);
                        push(dash);
                    }
                }
            }
            None => {}
        }
    }
    if speech {
        if let Some(unclosed) = open {
            push(unclosed);
        }
    }
    out
}

/// `text` with [`rayas`] applied.
pub fn with_rayas(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    for (range, raya) in rayas(text) {
        out.push_str(&text[from..range.start]);
        out.push_str(raya);
        from = range.end;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUIJANA: &str = "-Señor Quijana -que así se debía de llamar cuando él tenía juicio y no había pasado de hidalgo sosegado a caballero andante-, ¿quién ha puesto a vuestra merced desta suerte?";

    #[test]
    fn the_quijote_speech_and_its_interruption() {
        let fixed = with_rayas(QUIJANA);
        assert!(fixed.starts_with("—Señor Quijana —que así"));
        assert!(fixed.contains("caballero andante—, ¿quién"));
        assert_eq!(rayas(QUIJANA).len(), 3);
        assert_eq!(rayas(&fixed), vec![]);
    }

    #[test]
    fn speech_with_an_interruption_that_ends_the_paragraph() {
        assert_eq!(with_rayas("-Hola -dijo él."), "—Hola —dijo él.");
        assert_eq!(
            with_rayas("-¿Vienes? -preguntó Begoña-. Es tarde."),
            "—¿Vienes? —preguntó Begoña—. Es tarde."
        );
        assert_eq!(
            with_rayas("-¡Ay! -gritó-, ¡que me matan!"),
            "—¡Ay! —gritó—, ¡que me matan!"
        );
        assert_eq!(
            with_rayas("-«Principalmente, decían.»"),
            "—«Principalmente, decían.»"
        );
        // Speech inside a story continued from the paragraph before.
        assert_eq!(
            with_rayas("»-¡Ah! -dijo Anselmo-, Lotario."),
            "»—¡Ah! —dijo Anselmo—, Lotario."
        );
    }

    #[test]
    fn en_dashes_and_double_hyphens_stand_for_rayas_too() {
        assert_eq!(
            with_rayas("–Hola –dijo él–. Vamos."),
            "—Hola —dijo él—. Vamos."
        );
        assert_eq!(
            with_rayas("--Hola --dijo él--. Vamos."),
            "—Hola —dijo él—. Vamos."
        );
        // A raya typed as such takes part in the pairing; only the stand-in changes.
        assert_eq!(rayas("—Hola —dijo él-. Vamos."), vec![(19..20, RAYA)]);
        assert_eq!(with_rayas("---Hola -dijo él---."), "---Hola —dijo él---.");
    }

    #[test]
    fn interruptions_in_narration_only_in_pairs() {
        assert_eq!(
            with_rayas("Y eran -si no lo has por pesadumbre- seis mazos de batán."),
            "Y eran —si no lo has por pesadumbre— seis mazos de batán."
        );
        assert_eq!(
            with_rayas("de donde -como queda dicho- tomaron ocasión"),
            "de donde —como queda dicho— tomaron ocasión"
        );
        // An opening dash nothing closes is not sure enough in narration.
        assert_eq!(rayas("Los sufijos -ismo y -ista son cultos."), vec![]);
        // A suspended prefix is not a closing dash.
        assert_eq!(
            rayas("El sufijo -ismo y los prefijos pre- y post- son cultos."),
            vec![]
        );
    }

    #[test]
    fn words_numbers_and_lists_are_never_touched() {
        for text in [
            "El acuerdo franco-boliviano de 1936-1939 se firmó el 2026-11-24.",
            "La temperatura bajó a -5 grados.",
            "Capítulo I - Que trata de la condición del hidalgo",
            "Era ex-ministro y anti-imperialista.",
            "Sancho Pan-za tuvo con su señor",
            "-5 grados hacía aquella mañana.",
            "-ismo es un sufijo.",
            "— Uno",
            "Lo dijo -\u{FFFC}- sin más.",
            "----",
            "Un nombre omitido: el señor ——.",
        ] {
            assert_eq!(rayas(text), vec![], "{text}");
        }
    }

    #[test]
    fn a_note_reference_is_glued_to_its_word() {
        assert_eq!(
            with_rayas("-Hola -dijo él\u{E000}-, vamos."),
            "—Hola —dijo él\u{E000}—, vamos."
        );
    }

    #[test]
    fn ranges_are_byte_ranges_of_the_dashes() {
        let text = "–¿Qué? –preguntó él–.";
        let found = rayas(text);
        assert_eq!(found.len(), 3);
        for (range, _) in &found {
            assert_eq!(&text[range.clone()], "–");
        }
        assert_eq!(found[0].0, 0..3);
    }

    #[test]
    fn dashes_skips_runs_and_mixtures() {
        let kinds: Vec<_> = dashes("a-b --c ---d ----e –f —g -—h")
            .map(|d| d.kind)
            .collect();
        use DashKind::*;
        assert_eq!(kinds, vec![StandIn, StandIn, Raya, StandIn, Raya]);
    }
}

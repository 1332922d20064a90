//! Dialogue typed with hyphens, set with rayas in both books.
//!
//! Many authors type a hyphen (or `--`) where the raya of dialogue belongs, and the RAE
//! (*Ortografía* 2010, §3.4.6.2) wants the raya: the builds set it on the fly, with the
//! same replacements `check --fix` would write, so an author who never runs `check` still
//! gets rayas. One warning per chapter says how many, so the manuscript can be fixed.

use super::{Block, Chapter, Inline, Loc};
use crate::diag::{Diagnostic, Kind, Warnings};
use crate::ortho::dialogue::rayas;

/// The warning's kind: `check` leaves it out, since its own findings say the same.
pub const DIALOGUE_SET: Kind = Kind::new(
    "chapter had dialogue typed with hyphens, set with rayas",
    "chapters had dialogue typed with hyphens, set with rayas",
);

/// Sets rayas in every paragraph of `chapter` that types dialogue or an inciso with
/// hyphens, and warns once for the chapter.
pub fn set_rayas(chapter: &mut Chapter, warnings: &Warnings) {
    let mut count = 0;
    let mut first: Option<Loc> = None;
    let mut note = |n: usize, loc: &Loc| {
        count += n;
        if n > 0 && first.is_none() {
            first = Some(loc.clone());
        }
    };
    paragraphs(&mut chapter.blocks, &mut note);
    for footnote in &mut chapter.footnotes {
        paragraphs(&mut footnote.blocks, &mut note);
    }
    if let Some(loc) = first {
        warnings.push(
            DIALOGUE_SET,
            Diagnostic::at(
                loc,
                format!(
                    "{count} {} typed with a hyphen {} set as rayas (—)",
                    if count == 1 { "dash" } else { "dashes" },
                    if count == 1 { "was" } else { "were" },
                ),
            )
            .with_hint("type the raya (—), or run `imprenta check --fix`"),
        );
    }
}

/// Whether a paragraph opens a character's speech: its text begins with the raya (after
/// the `»` that carries a quotation over from the paragraph before, if any).
pub fn opens_speech(content: &[Inline]) -> bool {
    super::walk::inlines(content)
        .find_map(|inline| match inline {
            Inline::Text(t) if !t.is_empty() => Some(t.trim_start_matches('»').starts_with('—')),
            Inline::Code(_) | Inline::NoteRef { .. } => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// Every paragraph, in quotes and lists too (whose depth the lowering caps).
fn paragraphs(blocks: &mut [Block], note: &mut impl FnMut(usize, &Loc)) {
    for block in blocks {
        match block {
            Block::Paragraph { content, loc } => note(set_in(content), loc),
            Block::BlockQuote { blocks, .. } | Block::LineBlock { blocks, .. } => {
                paragraphs(blocks, note)
            }
            Block::List { items, .. } => {
                for item in items {
                    paragraphs(&mut item.blocks, note);
                }
            }
            _ => {}
        }
    }
}

/// Sets the rayas of one paragraph's text runs; returns how many.
///
/// The paragraph's own text pieces are read as one text, anything else in it (emphasis,
/// a link, a note) as one object character, so a replacement never lands inside them.
fn set_in(content: &mut [Inline]) -> usize {
    // A paragraph of speech, or one that goes on with a quotation (`»-Hola`).
    let starts_with_dash = matches!(content.first(), Some(Inline::Text(t))
        if t.trim_start_matches('»').starts_with(['-', '–']));
    let has_inciso = content
        .iter()
        .any(|inline| matches!(inline, Inline::Text(t) if t.contains(" -") || t.contains(" –")));
    if !starts_with_dash && !has_inciso {
        return 0;
    }
    let mut text = String::new();
    let mut pieces = Vec::with_capacity(content.len());
    for (index, inline) in content.iter().enumerate() {
        let start = text.len();
        match inline {
            Inline::Text(t) => text.push_str(t),
            _ => text.push('\u{FFFC}'),
        }
        pieces.push((index, start..text.len()));
    }
    let mut set = 0;
    // From the end, so the earlier ranges stay where they were.
    for (range, raya) in rayas(&text).into_iter().rev() {
        let Some((index, piece)) = pieces
            .iter()
            .find(|(_, piece)| piece.start <= range.start && range.end <= piece.end)
        else {
            continue;
        };
        if let Inline::Text(t) = &mut content[*index] {
            let at = range.start - piece.start..range.end - piece.start;
            t.replace_range(at, raya);
            set += 1;
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_of_dialogue_gets_its_rayas_and_emphasis_is_left_alone() {
        let mut content = vec![
            Inline::Text("-Bien parece -respondió don Quijote-, que ".into()),
            Inline::Emphasis(vec![Inline::Text("no -sabes-".into())]),
            Inline::Text(".".into()),
        ];
        assert_eq!(set_in(&mut content), 3);
        assert_eq!(
            content[0],
            Inline::Text("—Bien parece —respondió don Quijote—, que ".into())
        );
        assert_eq!(
            content[1],
            Inline::Emphasis(vec![Inline::Text("no -sabes-".into())])
        );
    }

    #[test]
    fn speech_is_told_by_its_first_text() {
        let speech = |inlines: Vec<Inline>| opens_speech(&inlines);
        assert!(speech(vec![Inline::Text("—¿Vienes?".into())]));
        assert!(speech(vec![Inline::Emphasis(vec![Inline::Text(
            "—¡Ay!".into()
        )])]));
        assert!(speech(vec![Inline::Text("»—Y luego".into())]));
        assert!(!speech(vec![Inline::Text("Dijo: —Ven.".into())]));
        assert!(!speech(vec![Inline::Code("—x".into())]));
        assert!(!speech(Vec::new()));
    }

    #[test]
    fn compounds_and_ranges_keep_their_hyphens() {
        let mut content = vec![Inline::Text("El tren franco-boliviano, 1936-1939.".into())];
        assert_eq!(set_in(&mut content), 0);
        assert_eq!(
            content[0],
            Inline::Text("El tren franco-boliviano, 1936-1939.".into())
        );
    }
}

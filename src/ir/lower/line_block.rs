//! Verse and lines set as written, from a block quote that names what it holds on its
//! first line: `> [verso]`, `> [centrado]` or `> [derecha]` (or `[verse]`, `[centre]`,
//! `[center]`, `[right]`). Markdown has no syntax for them; a block quote with a word in
//! brackets reads as what it is in any Markdown editor, and a poem in a plain block quote
//! stays a quotation.

use crate::ir::{Block, Inline, LineBlockKind};

/// The kind a block quote's first line names, with that line taken out and every line
/// break of its paragraphs kept as a line break; none when its first line names none.
pub(super) fn marked(blocks: &mut Vec<Block>) -> Option<LineBlockKind> {
    let Some(Block::Paragraph { content, .. }) = blocks.first_mut() else {
        return None;
    };
    // The marker is the text before the paragraph's first line break.
    let end = content
        .iter()
        .position(|i| matches!(i, Inline::SoftBreak | Inline::HardBreak))
        .unwrap_or(content.len());
    let mut word = String::new();
    for inline in &content[..end] {
        match inline {
            Inline::Text(text) => word.push_str(text),
            _ => return None,
        }
    }
    let kind = kind_named(word.trim())?;
    content.drain(..(end + 1).min(content.len()));
    if content.is_empty() {
        blocks.remove(0);
    }
    for block in blocks.iter_mut() {
        if let Block::Paragraph { content, .. } = block {
            for inline in content.iter_mut() {
                if *inline == Inline::SoftBreak {
                    *inline = Inline::HardBreak;
                }
            }
        }
    }
    Some(kind)
}

/// The kind a marker (`[verso]`) names.
fn kind_named(marker: &str) -> Option<LineBlockKind> {
    let name = marker
        .strip_prefix('[')?
        .strip_suffix(']')?
        .trim()
        .to_lowercase();
    Some(match name.as_str() {
        "verso" | "verse" | "poema" | "poem" => LineBlockKind::Verse,
        "centrado" | "centro" | "centre" | "center" => LineBlockKind::Centred,
        "derecha" | "right" => LineBlockKind::Right,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_a_kind_in_spanish_or_english() {
        assert_eq!(kind_named("[verso]"), Some(LineBlockKind::Verse));
        assert_eq!(kind_named("[ Verse ]"), Some(LineBlockKind::Verse));
        assert_eq!(kind_named("[centrado]"), Some(LineBlockKind::Centred));
        assert_eq!(kind_named("[center]"), Some(LineBlockKind::Centred));
        assert_eq!(kind_named("[DERECHA]"), Some(LineBlockKind::Right));
        assert_eq!(kind_named("[nota]"), None);
        assert_eq!(kind_named("verso"), None);
    }

    #[test]
    fn the_marker_line_goes_and_line_breaks_stay() {
        let paragraph = |content: Vec<Inline>| Block::Paragraph {
            content,
            loc: crate::diag::Loc::file("x.md"),
        };
        let text = |s: &str| Inline::Text(s.into());
        let mut blocks = vec![
            paragraph(vec![
                text("["),
                text("verso]"),
                Inline::SoftBreak,
                text("uno"),
                Inline::SoftBreak,
                text("dos"),
            ]),
            paragraph(vec![text("tres")]),
        ];
        assert_eq!(marked(&mut blocks), Some(LineBlockKind::Verse));
        assert_eq!(
            blocks[0],
            paragraph(vec![text("uno"), Inline::HardBreak, text("dos")])
        );
        let mut quote = vec![paragraph(vec![
            text("Una cita"),
            Inline::SoftBreak,
            text("sigue"),
        ])];
        assert_eq!(marked(&mut quote), None);
        assert_eq!(
            quote[0],
            paragraph(vec![text("Una cita"), Inline::SoftBreak, text("sigue")])
        );
        // A marker alone on its paragraph takes the paragraph with it.
        let mut alone = vec![
            paragraph(vec![text("[derecha]")]),
            paragraph(vec![text("El autor")]),
        ];
        assert_eq!(marked(&mut alone), Some(LineBlockKind::Right));
        assert_eq!(alone, [paragraph(vec![text("El autor")])]);
    }
}

//! A chapter's first paragraph as a design may open it: a drop cap (the initial), its
//! first line in small caps. Both books ask the same questions here, so they agree on
//! which paragraph opens and on which letters drop.

use super::{Block, Chapter, ChapterKind, Inline};

/// How a design opens a chapter's first paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Opening {
    /// A drop cap, or none.
    pub drop_cap: Option<DropCap>,
    /// The first line set in small caps (after the drop cap, when there is one).
    pub small_caps: bool,
}

/// A drop cap: the paragraph's first letter cut in beside its first lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DropCap {
    /// How many lines it spans: 2 or 3.
    pub lines: u8,
    /// Set in the bold rather than the text face.
    pub bold: bool,
}

impl Opening {
    /// Whether the paragraph is set as any other.
    pub fn is_plain(&self) -> bool {
        self.drop_cap.is_none() && !self.small_caps
    }

    /// The index in `chapter.blocks` of the paragraph this opening sets, if it sets one.
    pub fn paragraph_of(&self, chapter: &Chapter) -> Option<usize> {
        chapter.opening_paragraph().filter(|_| !self.is_plain())
    }
}

/// Marks that open a paragraph before its first letter and drop with it, as typesetters
/// keep them («, —, ¿…): set at text size beside a tall letter, they would hang alone.
const OPENING_MARKS: &[char] = &[
    '«', '“', '‘', '"', '\'', '¿', '¡', '—', '–', '(', '[', '‹', '„',
];

impl Chapter {
    /// The index in `blocks` of the paragraph a design opens (drop cap, small caps): the
    /// chapter's first block after its title and any headings straight under it (a
    /// section's title is part of the opening), when that is a paragraph. A part's page,
    /// a dedication, an epigraph or a colophon has none; nor a chapter that opens with a
    /// quote, a list or a figure.
    pub fn opening_paragraph(&self) -> Option<usize> {
        if self.kind == ChapterKind::Part || self.is_display_page() {
            return None;
        }
        let from = self.title_block.map_or(0, |t| t + 1);
        let first = from
            + self.blocks[from.min(self.blocks.len())..]
                .iter()
                .take_while(|b| matches!(b, Block::Heading { .. }))
                .count();
        matches!(self.blocks.get(first), Some(Block::Paragraph { .. })).then_some(first)
    }
}

/// A paragraph shorter than this, in characters, keeps its first letter: a drop cap
/// needs lines beside it, and three lines of a narrow e-reader's column hold about this.
pub const DROP_CAP_TEXT: usize = 120;

/// How many bytes of a paragraph's first text make its initial: the opening marks, the
/// first letter (or figure) and the marks that combine with it. None when the paragraph
/// does not open with plain text and a letter (an image, a link, emphasis, a space), or
/// is too short to drop it ([`DROP_CAP_TEXT`]).
pub fn initial(content: &[Inline]) -> Option<usize> {
    let Some(Inline::Text(text)) = content.first() else {
        return None;
    };
    if super::plain_text(content).chars().count() < DROP_CAP_TEXT {
        return None;
    }
    let mut chars = text.char_indices().peekable();
    while chars.next_if(|(_, c)| OPENING_MARKS.contains(c)).is_some() {}
    chars
        .next()
        .filter(|(_, c)| c.is_alphanumeric() && drops(*c))?;
    while chars.next_if(|(_, c)| is_combining(*c)).is_some() {}
    Some(chars.peek().map_or(text.len(), |(at, _)| *at))
}

/// Whether a letter of its script may drop: Latin, Greek and Cyrillic letters and figures
/// stand alone. A right-to-left letter would drop at the wrong margin, and one of a
/// joining or syllabic script (Arabic, Devanagari) would be cut from the letters it is
/// drawn with.
fn drops(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    matches!(
        c.script(),
        Script::Latin | Script::Greek | Script::Cyrillic | Script::Common
    )
}

/// A mark that belongs to the letter before it (an accent written apart).
fn is_combining(c: char) -> bool {
    use unicode_script::UnicodeScript;
    !c.is_ascii() && c.script() == unicode_script::Script::Inherited
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` opening a paragraph long enough to drop its initial.
    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(format!("{s} {}", "y así sigue. ".repeat(10)))]
    }

    #[test]
    fn the_initial_keeps_opening_marks_with_the_letter() {
        let cut = |s: &str| initial(&text(s)).map(|n| s[..n].to_string());
        let short = vec![Inline::Text("Cerrado.".into())];
        assert_eq!(initial(&short), None, "too short to drop a letter");
        assert_eq!(cut("La mina").as_deref(), Some("L"));
        assert_eq!(cut("«Nadie sabe»").as_deref(), Some("«N"));
        assert_eq!(cut("—¿Quién?").as_deref(), Some("—¿Q"));
        assert_eq!(cut("Ángel").as_deref(), Some("Á"));
        assert_eq!(cut("A\u{301}ngel").as_deref(), Some("A\u{301}"));
        assert_eq!(cut("1998 fue").as_deref(), Some("1"));
        assert_eq!(cut("X").as_deref(), Some("X"));
        assert_eq!(
            cut("— Hola"),
            None,
            "a mark parted from its word by a space"
        );
        assert_eq!(cut("«»"), None);
        assert_eq!(cut("Ωμέγα").as_deref(), Some("Ω"));
        assert_eq!(cut("Жизнь").as_deref(), Some("Ж"));
        assert_eq!(cut("שלום עולם"), None, "right to left");
        assert_eq!(cut("سلام"), None, "joined letters");
        assert_eq!(cut("नमस्ते"), None, "a syllable, not a letter");
        assert_eq!(initial(&[Inline::Emphasis(text("Ella"))]), None);
    }
}

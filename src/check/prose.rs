//! The prose the proofreader reads: each paragraph's text as the author typed it, with
//! everything that is not prose (code, raw HTML, images, link targets) left out, and a
//! map back to the chapter's source so a finding names its line and column and a fix can
//! be written into the file.

use std::ops::Range;

/// Stands for an inline that is not prose (a code span, raw HTML, an image): one
/// character, so the text around it keeps its shape and no rule reads into it.
pub const OBJECT: char = '\u{FFFC}';
/// Stands for a footnote reference (`[^1]`), which some rules look at (no space before it).
pub const NOTE_REF: char = '\u{E000}';

/// What sort of block a paragraph of prose is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of body text (also inside a block quote, a list item or a note).
    Paragraph,
    /// A heading.
    Heading,
    /// A table cell.
    Cell,
}

/// One block of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The prose as typed, straight quotes and `...` included. A soft line break is one
    /// space; non-prose inlines are [`OBJECT`], footnote references [`NOTE_REF`].
    pub text: String,
    /// What block it is.
    pub kind: BlockKind,
    /// Whether it sits inside a block quote.
    pub quoted: bool,
    /// For each run of `text`, where it lies in the chapter's source: (range in `text`,
    /// start in the source, whether the run is the source's bytes exactly). A run that is
    /// not exact (an escape, an entity, a soft break, an object) maps every position to
    /// its start, and no fix is written inside it.
    pub runs: Vec<(Range<usize>, usize, bool)>,
    /// Rule codes an `<!-- imprenta: allow CODE -->` comment turns off here.
    pub allow: Vec<String>,
}

/// A finding of one rule in one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule, e.g. `es::raya-espacio`.
    pub code: &'static str,
    /// The bytes of the paragraph's text the finding is about (and that `fix` replaces).
    pub range: Range<usize>,
    /// What is wrong, in one line, lowercase, without a trailing period.
    pub message: String,
    /// The rule's reason or advice, when it helps.
    pub help: Option<String>,
    /// The text that should replace `range`, when the fix is unambiguous.
    pub fix: Option<String>,
}

//! The pieces a paragraph is set from: styled spans of text (or an image) before the
//! line breaker, and the items it breaks, with what each draws.

use super::Style;
use crate::typeset::linebreak::Item as K;
use crate::typeset::page::TextRun;

#[derive(Debug, Clone)]
pub(super) struct Span {
    pub(super) text: String,
    pub(super) style: Style,
    /// Where the text starts in its block's text, when it comes from the chapter's body.
    pub(super) from: Option<u32>,
    /// An image set in the line (its text one U+FFFC).
    pub(super) object: Option<Object>,
}

/// An image set in a line of text, as a box of its width.
#[derive(Debug, Clone, Copy)]
pub(super) struct Object {
    pub(super) image: crate::ir::ImageId,
    pub(super) width: f32,
    pub(super) height: f32,
    /// Its top, from the baseline (negative: above it).
    pub(super) top: f32,
    /// Its node in the structure (a figure, with the image's description).
    pub(super) node: u32,
}

/// A paragraph item with what it draws.
#[derive(Clone)]
pub(super) struct PItem {
    pub(super) k: K,
    /// What a box shows, or what a penalty shows at the end of the line when taken.
    pub(super) run: Option<TextRun>,
    /// What a taken penalty shows at the start of the next line.
    pub(super) post: Option<Box<TextRun>>,
    /// The link a box is part of (index into the chapter's `links`).
    pub(super) link: Option<u32>,
    /// Where the word a box is part of starts in its block's text: a line's place in the
    /// book is its first word's, whole even when the line begins with the end of a
    /// hyphenated word.
    pub(super) from: Option<u32>,
    /// The image a box shows, instead of text.
    pub(super) object: Option<Object>,
}

impl PItem {
    /// An item that draws nothing: a space, a penalty, an indent.
    pub(super) fn bare(k: K) -> Self {
        PItem {
            k,
            run: None,
            post: None,
            link: None,
            from: None,
            object: None,
        }
    }
}

//! Places in the book's reading order, in the tree's own terms: the typesetter says where
//! each printed page begins, and the EPUB puts that page's break marker there.
//!
//! A place in a chapter is a block and a character offset into the block's text. Blocks
//! are numbered from 1 in the order of [`walk::blocks`](super::walk::blocks) (a container
//! before its content); block 0 is the chapter's opening, its label and title, which
//! comes before its first word even when the title is no block of its own. A block's text is its `Text` and `Code` inlines (and a code block's
//! text) in reading order, so markup, note references and line breaks take no room. Both
//! backends count with [`text_len`], so an offset means the same character to both.

/// A place in the running text of chapter `chapter`: `offset` characters into the text of
/// its block `block` (0: the opening).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextPos {
    pub chapter: u32,
    pub block: u32,
    pub offset: u32,
}

impl TextPos {
    /// The start of chapter `chapter` (its opening: label and title).
    pub fn opening(chapter: usize) -> Self {
        TextPos {
            chapter: to_u32(chapter),
            block: 0,
            offset: 0,
        }
    }
}

/// Where a printed page begins, in the order the book is read: the front matter the
/// backends make from the metadata, then the chapters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    HalfTitle,
    TitlePage,
    Copyright,
    /// The contents: its title (`entry` 0) or its `entry`-th line, the one for `chapter`
    /// (`id` `None`) or for a section of it.
    Contents {
        entry: u32,
        chapter: u32,
        id: Option<String>,
    },
    Text(TextPos),
    /// After everything: a page with nothing of its own at the end of the book.
    End,
}

/// One page of the print edition as the e-book marks it: its label (`iv`, `37`) and
/// where it begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBreak {
    pub label: String,
    pub place: Place,
}

/// How many offsets a piece of text takes: its characters.
pub fn text_len(text: &str) -> u32 {
    to_u32(text.chars().count())
}

/// An index as the `u32` places are counted in (a book has fewer than 4 billion blocks
/// or characters in a block; larger values saturate rather than wrap).
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_sort_in_reading_order() {
        let at = |chapter, block, offset| {
            Place::Text(TextPos {
                chapter,
                block,
                offset,
            })
        };
        let contents = |entry| Place::Contents {
            entry,
            chapter: 9,
            id: None,
        };
        let mut places = vec![
            Place::End,
            at(1, 0, 0),
            at(0, 3, 7),
            at(0, 3, 2),
            contents(2),
            contents(0),
            Place::Copyright,
            Place::HalfTitle,
            Place::TitlePage,
        ];
        places.sort();
        assert_eq!(
            places,
            [
                Place::HalfTitle,
                Place::TitlePage,
                Place::Copyright,
                contents(0),
                contents(2),
                at(0, 3, 2),
                at(0, 3, 7),
                at(1, 0, 0),
                Place::End,
            ]
        );
        assert_eq!(text_len("año…"), 4);
    }
}

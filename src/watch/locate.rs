//! Where a diagnostic's place is printed and where it is in the e-book: the chapter its
//! file is, the block its line is in, the page that block is on.

use crate::diag::Loc;
use crate::ir::{PageBreak, Place, TextPos};
use crate::{epub, Parsed};

/// The page (index) and the e-book's document and fragment of `loc`, when `loc` is in a
/// chapter of the book.
pub fn place(parsed: &Parsed, breaks: &[PageBreak], loc: &Loc) -> (Option<usize>, Option<String>) {
    let book = &parsed.book;
    let Some(chapter) = book
        .chapters
        .iter()
        .position(|c| parsed.root.join(&c.source) == *loc.file)
    else {
        return (None, None);
    };
    // Blocks count from 1 in the order the tree walks them (see `ir::position`); a line
    // before the first block is the chapter's opening.
    let block = book.chapters[chapter]
        .body_blocks()
        .enumerate()
        .take_while(|(_, b)| b.loc().line <= loc.line)
        .last()
        .map_or(0, |(i, _)| i + 1);
    let place = Place::Text(TextPos {
        chapter: crate::ir::to_u32(chapter),
        block: crate::ir::to_u32(block),
        offset: 0,
    });
    let page = breaks.partition_point(|b| b.place <= place).checked_sub(1);
    let document = epub::chapter_path(book, chapter);
    let ebook = match page {
        // The page's marker is in this chapter's document when the page begins in it.
        Some(i)
            if parsed.epub.page_list
                && breaks[i].place >= Place::Text(TextPos::opening(chapter)) =>
        {
            format!("{document}#{}", epub::marker_id(&breaks[i].label))
        }
        _ => document,
    };
    (page, Some(ebook))
}

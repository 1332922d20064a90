//! Walking the tree: every block depth-first, the runs of inlines a block holds, every
//! inline inside a run, and an editing walk over every list of inlines.
//!
//! Each walk keeps its own stack rather than recursing, like the lowering, so no tree can
//! overflow the call stack (the lowering caps nesting at 32, but a walk need not rely on it).
//! Chapter titles are copies of heading content and are not walked: a walk sees the body
//! and, when asked, the footnotes.

use std::slice;

use super::{Block, Book, Chapter, Inline};

/// Every block of `blocks` and of the blocks inside them, depth-first in reading order: a
/// block quote or a list comes before its content, a list's items in order. Footnotes are
/// not blocks of the body; walk their `blocks` on their own or use [`Chapter::all_blocks`].
pub fn blocks(blocks: &[Block]) -> Blocks<'_> {
    Blocks {
        stack: vec![blocks.iter()],
    }
}

/// The iterator of [`blocks`], [`Chapter::body_blocks`] and [`Chapter::all_blocks`].
#[derive(Debug, Clone)]
pub struct Blocks<'a> {
    /// The blocks still to come at each level; the innermost level on top.
    stack: Vec<slice::Iter<'a, Block>>,
}

impl<'a> Iterator for Blocks<'a> {
    type Item = &'a Block;

    fn next(&mut self) -> Option<&'a Block> {
        loop {
            let top = self.stack.last_mut()?;
            let Some(block) = top.next() else {
                self.stack.pop();
                continue;
            };
            match block {
                Block::BlockQuote { blocks, .. } | Block::LineBlock { blocks, .. } => {
                    self.stack.push(blocks.iter())
                }
                // Pushed last item first, so the first item is walked first.
                Block::List { items, .. } => self
                    .stack
                    .extend(items.iter().rev().map(|item| item.blocks.iter())),
                Block::Heading { .. }
                | Block::Paragraph { .. }
                | Block::CodeBlock { .. }
                | Block::Table { .. }
                | Block::Figure { .. }
                | Block::SceneBreak { .. } => {}
            }
            return Some(block);
        }
    }
}

/// What a run of inlines is in its block, which is what decides how it is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// The content of a heading of this level.
    Heading { level: u8 },
    /// The content of a paragraph.
    Paragraph,
    /// A cell of a table's header row.
    HeaderCell,
    /// A cell of a table's body.
    Cell,
    /// A figure's caption.
    Caption,
}

/// A run of inlines: the content of a paragraph or heading, a table cell, a caption.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    /// What the run is in its block.
    pub kind: RunKind,
    /// The run's inlines; those nested in markup are reached with [`inlines`].
    pub inlines: &'a [Inline],
}

impl Block {
    /// The runs of inlines this block holds itself, in reading order: one for a paragraph
    /// or a heading, one per cell (header first) for a table, the caption of a figure, none
    /// for the rest. A block quote's or a list's runs are those of the blocks inside it,
    /// which [`blocks`] reaches.
    pub fn runs(&self) -> impl Iterator<Item = Run<'_>> {
        let single = match self {
            Block::Heading { level, content, .. } => {
                Some(run(RunKind::Heading { level: *level }, content))
            }
            Block::Paragraph { content, .. } => Some(run(RunKind::Paragraph, content)),
            Block::Figure {
                caption: Some(caption),
                ..
            } => Some(run(RunKind::Caption, caption)),
            _ => None,
        };
        let (header, rows) = match self {
            Block::Table { header, rows, .. } => (header.as_slice(), rows.as_slice()),
            _ => (&[][..], &[][..]),
        };
        let header = header.iter().map(|cell| run(RunKind::HeaderCell, cell));
        let body = rows.iter().flatten().map(|cell| run(RunKind::Cell, cell));
        single.into_iter().chain(header).chain(body)
    }
}

/// A run of `kind` made of `inlines`.
fn run(kind: RunKind, inlines: &[Inline]) -> Run<'_> {
    Run { kind, inlines }
}

/// Every inline of `inlines` and of the markup inside them, depth-first in reading order:
/// `Emphasis([Text("a")])` comes before `Text("a")`. Between two calls to `next`,
/// [`Inlines::ancestors`] tells which markup encloses the inline just returned.
pub fn inlines(inlines: &[Inline]) -> Inlines<'_> {
    Inlines {
        stack: vec![inlines.iter()],
        ancestors: Vec::new(),
        last: None,
    }
}

/// The iterator of [`inlines`].
#[derive(Debug, Clone)]
pub struct Inlines<'a> {
    /// The inlines still to come at each level; the innermost level on top.
    stack: Vec<slice::Iter<'a, Inline>>,
    /// The markup whose content each level above the first is: one fewer than `stack`.
    ancestors: Vec<&'a Inline>,
    /// The inline last returned, entered only when the walk moves on: until then it is
    /// not among its own ancestors.
    last: Option<&'a Inline>,
}

impl<'a> Inlines<'a> {
    /// The markup and links enclosing the inline last returned, outermost first.
    pub fn ancestors(&self) -> &[&'a Inline] {
        &self.ancestors
    }
}

impl<'a> Iterator for Inlines<'a> {
    type Item = &'a Inline;

    fn next(&mut self) -> Option<&'a Inline> {
        if let Some(last) = self.last.take() {
            if let Some(children) = last.children() {
                self.stack.push(children.iter());
                self.ancestors.push(last);
            }
        }
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                Some(inline) => {
                    self.last = Some(inline);
                    return Some(inline);
                }
                None => {
                    self.stack.pop();
                    self.ancestors.pop();
                }
            }
        }
    }
}

/// Calls `edit` on every list of inlines in `blocks` and in the blocks inside them: each
/// run (see [`Block::runs`]) and the content of every markup and link, in reading order.
/// A list is edited before the lists inside it are reached, so the walk goes on through
/// what `edit` left: content it splices in is walked too.
pub fn edit_inlines(blocks: &mut [Block], mut edit: impl FnMut(&mut Vec<Inline>)) {
    let mut levels: Vec<slice::IterMut<'_, Block>> = vec![blocks.iter_mut()];
    while let Some(top) = levels.last_mut() {
        let Some(block) = top.next() else {
            levels.pop();
            continue;
        };
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                edit_run(content, &mut edit);
            }
            Block::BlockQuote { blocks, .. } | Block::LineBlock { blocks, .. } => {
                levels.push(blocks.iter_mut())
            }
            Block::List { items, .. } => {
                levels.extend(items.iter_mut().rev().map(|item| item.blocks.iter_mut()));
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    edit_run(cell, &mut edit);
                }
            }
            Block::Figure {
                caption: Some(caption),
                ..
            } => edit_run(caption, &mut edit),
            Block::Figure { caption: None, .. }
            | Block::CodeBlock { .. }
            | Block::SceneBreak { .. } => {}
        }
    }
}

/// Edits one run and then, in reading order, the content of the markup it holds.
fn edit_run(run: &mut Vec<Inline>, edit: &mut impl FnMut(&mut Vec<Inline>)) {
    let mut pending = vec![run];
    while let Some(list) = pending.pop() {
        edit(list);
        let inner = list.iter_mut().rev().filter_map(Inline::children_mut);
        pending.extend(inner);
    }
}

impl Chapter {
    /// The body's blocks depth-first (see [`blocks`]), without the footnotes.
    pub fn body_blocks(&self) -> Blocks<'_> {
        blocks(&self.blocks)
    }

    /// The body's blocks depth-first, then each footnote's, in the notes' order.
    pub fn all_blocks(&self) -> Blocks<'_> {
        let notes = self.footnotes.iter().rev().map(|note| note.blocks.iter());
        let mut stack: Vec<_> = notes.collect();
        stack.push(self.blocks.iter());
        Blocks { stack }
    }

    /// Calls `edit` on every list of inlines of the body and the footnotes (see
    /// [`edit_inlines`]). The title, a copy of its heading's content, is left as it is.
    pub fn edit_inlines(&mut self, mut edit: impl FnMut(&mut Vec<Inline>)) {
        edit_inlines(&mut self.blocks, &mut edit);
        for note in &mut self.footnotes {
            edit_inlines(&mut note.blocks, &mut edit);
        }
    }
}

impl Book {
    /// Every block of every chapter, footnotes included, in reading order (see
    /// [`Chapter::all_blocks`]).
    pub fn all_blocks(&self) -> impl Iterator<Item = &Block> {
        self.chapters.iter().flat_map(Chapter::all_blocks)
    }

    /// Words of running text, notes and code (not captions): what the author wrote.
    pub fn word_count(&self) -> usize {
        let words = |text: &str| text.split_whitespace().count();
        self.chapters
            .iter()
            .flat_map(Chapter::all_blocks)
            .map(|block| match block {
                Block::CodeBlock { text, .. } => words(text),
                block => block
                    .runs()
                    .filter(|run| run.kind != RunKind::Caption)
                    .map(|run| words(&super::plain_text(run.inlines)))
                    .sum(),
            })
            .sum()
    }
}

// The tests live apart, the file being long enough with the walks alone.
#[cfg(test)]
#[path = "tests/walk.rs"]
mod tests;

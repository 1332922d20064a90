//! Where content goes: blocks to the nearest open container, inlines to the open run,
//! text with the book's quotation marks and without forbidden characters.

use super::frame::{Frame, InlineKind};
use super::{Lowerer, CONTROL_CHAR};
use crate::ir::typography::strip_forbidden;
use crate::ir::{Block, Inline, Loc};

impl Lowerer<'_, '_> {
    /// Sets the images met in the block just closed as figures after it.
    pub(super) fn flush_figures(&mut self) {
        let figures = std::mem::take(&mut self.figures);
        for figure in figures {
            self.push_block(figure);
        }
    }

    /// Wraps a tight item's inlines in a paragraph before a block starts inside it.
    pub(super) fn flush_item_inlines(&mut self) {
        if let Some(Frame::Item {
            loose_inlines, loc, ..
        }) = self.stack.last_mut()
        {
            if !loose_inlines.is_empty() {
                let content = trim_inlines(std::mem::take(loose_inlines));
                let loc = loc.clone();
                if super::close::lone_images(&content) {
                    self.figures.extend(super::close::into_figures(content));
                } else if let Some(Frame::Item { blocks, .. }) = self.stack.last_mut() {
                    blocks.push(Block::Paragraph { content, loc });
                }
            }
        }
    }

    /// Puts a finished block in the nearest open container, item or note.
    pub(super) fn push_block(&mut self, block: Block) {
        self.flush_item_inlines();
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Container { blocks, .. }
                | Frame::Item { blocks, .. }
                | Frame::Note { blocks, .. } => {
                    blocks.push(block);
                    return;
                }
                // Blocks cannot live in inline frames; they go to the nearest container.
                _ => continue,
            }
        }
    }

    /// Appends an inline to the open run, merging it with text before it.
    pub(super) fn push_inline(&mut self, inline: Inline) {
        let target = match self.stack.last_mut() {
            Some(Frame::Paragraph { inlines, .. })
            | Some(Frame::Heading { inlines, .. })
            | Some(Frame::Cell { inlines })
            | Some(Frame::Inline { inlines, .. })
            | Some(Frame::Link { inlines, .. })
            | Some(Frame::Item {
                loose_inlines: inlines,
                ..
            }) => inlines,
            Some(Frame::Image { alt, .. }) => {
                alt.push_str(&crate::ir::plain_text(std::slice::from_ref(&inline)));
                return;
            }
            Some(Frame::Code { text, .. }) | Some(Frame::HtmlBlock { text, .. }) => {
                text.push_str(&crate::ir::plain_text(std::slice::from_ref(&inline)));
                return;
            }
            // Inline content straight inside a container: give it a paragraph of its own.
            _ => {
                let loc = Loc::new(&self.file, 0);
                self.push_block(Block::Paragraph {
                    content: vec![inline],
                    loc,
                });
                return;
            }
        };
        match (target.last_mut(), inline) {
            (Some(Inline::Text(last)), Inline::Text(more)) => last.push_str(&more),
            (_, inline) => target.push(inline),
        }
    }

    /// Adds text from the manuscript as typed, controls removed.
    pub(super) fn text(&mut self, raw: &str, loc: &Loc) {
        self.add_text(raw, None, loc);
    }

    /// Adds a quote that smart punctuation curled (`c`) from a straight one, set in the
    /// book's style; `next` is the character after it in the manuscript.
    pub(super) fn smart_quote(&mut self, c: char, next: Option<char>, loc: &Loc) {
        self.add_text(c.encode_utf8(&mut [0; 4]), Some(next), loc);
    }

    /// Adds text (or, with `straight`, a curled quote and what follows it) to the block.
    fn add_text(&mut self, raw: &str, straight: Option<Option<char>>, loc: &Loc) {
        if let Some(Frame::Code { text, .. } | Frame::HtmlBlock { text, .. }) =
            self.stack.last_mut()
        {
            text.push_str(raw);
            return;
        }
        if matches!(
            self.stack.last(),
            Some(Frame::Inline {
                kind: InlineKind::Drop,
                ..
            })
        ) {
            return;
        }
        let mut text = String::with_capacity(raw.len());
        match straight {
            Some(next) => {
                for c in raw.chars() {
                    self.quotes.straight(self.cx.quotes, c, next, &mut text);
                }
            }
            None => self.quotes.typed(self.cx.quotes, raw, &mut text),
        }
        if let Some(c) = strip_forbidden(&mut text) {
            self.warn(
                CONTROL_CHAR,
                loc,
                format!("control character U+{:04X} removed", c as u32),
            );
        }
        if !text.is_empty() {
            self.push_inline(Inline::Text(text));
        }
    }
}

/// Drops leading and trailing breaks and spaces of a block's inlines.
pub(super) fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::SoftBreak | Inline::HardBreak)) {
        inlines.pop();
    }
    if let Some(Inline::Text(text)) = inlines.last_mut() {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
        if text.is_empty() {
            inlines.pop();
        }
    }
    let leading = inlines
        .iter()
        .take_while(|i| matches!(i, Inline::SoftBreak | Inline::HardBreak))
        .count();
    inlines.drain(..leading);
    if let Some(Inline::Text(text)) = inlines.first_mut() {
        let start = text.len() - text.trim_start().len();
        text.drain(..start);
        if text.is_empty() {
            inlines.remove(0);
        }
    }
    inlines
}

//! Closing an element: what each finished frame becomes, and where it goes.

use super::content::trim_inlines;
use super::frame::{ContainerKind, Frame, InlineKind};
use super::{Lowerer, CONTROL_CHAR, EMPTY_HEADER};
use crate::diag::Result;
use crate::ir::typography::{strip_forbidden, Quotes};
use crate::ir::{Block, Inline, ListItem, Loc};

impl Lowerer<'_, '_> {
    /// Pops the top frame and hands what it built to its parent.
    pub(super) fn close_top(&mut self) -> Result<()> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        match frame {
            Frame::Container { kind, blocks, loc } => {
                self.block_depth = self.block_depth.saturating_sub(1);
                match kind {
                    ContainerKind::BlockQuote => {
                        let mut blocks = blocks;
                        let block = match super::line_block::marked(&mut blocks) {
                            Some(kind) => Block::LineBlock { kind, blocks, loc },
                            None => Block::BlockQuote { blocks, loc },
                        };
                        self.push_block(block)
                    }
                    ContainerKind::Flattened | ContainerKind::Root => {
                        for block in blocks {
                            self.push_block(block);
                        }
                    }
                }
            }
            Frame::List {
                start,
                tight,
                items,
                loc,
            } => {
                self.block_depth = self.block_depth.saturating_sub(1);
                self.push_block(Block::List {
                    start,
                    tight,
                    items,
                    loc,
                });
            }
            Frame::Item {
                task,
                mut blocks,
                loose_inlines,
                loc,
            } => {
                if !loose_inlines.is_empty() {
                    let content = trim_inlines(loose_inlines);
                    match lone_images(&content) {
                        true => self.figures.extend(into_figures(content)),
                        false => blocks.push(Block::Paragraph { content, loc }),
                    }
                }
                blocks.append(&mut self.figures);
                match self.stack.last_mut() {
                    Some(Frame::List { items, .. }) => items.push(ListItem { task, blocks }),
                    _ => {
                        for block in blocks {
                            self.push_block(block);
                        }
                    }
                }
            }
            Frame::Note { label, blocks, loc } => {
                self.block_depth = self.block_depth.saturating_sub(1);
                self.note_bodies.entry(label).or_insert((blocks, loc));
            }
            Frame::Paragraph { inlines, loc } => {
                let content = trim_inlines(inlines);
                // An image alone in its paragraph is a figure; in a sentence, it stays.
                if lone_images(&content) {
                    self.figures.extend(into_figures(content));
                } else if !content.is_empty() {
                    self.push_block(Block::Paragraph { content, loc });
                }
                self.flush_figures();
            }
            Frame::Heading {
                level,
                explicit_id,
                inlines,
                loc,
            } => {
                let mut content = trim_inlines(inlines);
                // A heading sets no image: one in it is a figure after it.
                self.figures.extend(take_images(&mut content));
                let id = self.heading_id(explicit_id, &content);
                // The title is the first level-1 heading of the chapter itself, not one
                // inside a quotation or a list, and not an empty one.
                let at_top = self.stack.len() == 1;
                if level == 1 && self.title.is_none() && at_top && !content.is_empty() {
                    if let Some(Frame::Container { blocks, .. }) = self.stack.last() {
                        self.title = Some(blocks.len());
                    }
                }
                self.push_block(Block::Heading {
                    level,
                    id,
                    content,
                    loc,
                });
                self.flush_figures();
            }
            Frame::Code {
                language,
                mut text,
                loc,
            } => {
                if text.ends_with('\n') {
                    text.pop();
                }
                strip_forbidden(&mut text);
                self.push_block(Block::CodeBlock {
                    language,
                    text,
                    loc,
                });
            }
            Frame::HtmlBlock { text, loc } => self.html_block(&text, loc)?,
            Frame::Table {
                alignments,
                mut header,
                rows,
                loc,
            } => {
                // A header row of empty cells (Markdown's only way to write a table
                // without one) heads nothing: readers announce it, Ace reports an empty
                // table header, and the PDF would draw an empty ruled band.
                if !header.is_empty() && header.iter().all(Vec::is_empty) {
                    header.clear();
                    self.warn(
                        EMPTY_HEADER,
                        &loc,
                        "this table's header row is empty; it is left out",
                    );
                }
                self.push_block(Block::Table {
                    alignments,
                    header,
                    rows,
                    loc,
                });
                self.flush_figures();
            }
            Frame::Row { cells, head } => {
                if let Some(Frame::Table { header, rows, .. }) = self.stack.last_mut() {
                    if head {
                        *header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Frame::Cell { inlines } => {
                let mut cell = trim_inlines(inlines);
                // A table's cell sets no image: one in it is a figure after the table.
                self.figures.extend(take_images(&mut cell));
                match self.stack.last_mut() {
                    Some(Frame::Row { cells, .. }) => cells.push(cell),
                    // pulldown-cmark puts header cells straight inside the table head.
                    Some(Frame::Table { header, .. }) => header.push(cell),
                    _ => {}
                }
            }
            Frame::Inline { kind, inlines, .. } => {
                self.inline_depth = self.inline_depth.saturating_sub(1);
                let node = match kind {
                    InlineKind::Emphasis => Inline::Emphasis(inlines),
                    InlineKind::Strong => Inline::Strong(inlines),
                    InlineKind::Strikethrough => Inline::Strikethrough(inlines),
                    InlineKind::Superscript => Inline::Superscript(inlines),
                    InlineKind::Subscript => Inline::Subscript(inlines),
                    InlineKind::SmallCaps => Inline::SmallCaps(inlines),
                    InlineKind::Code => Inline::Code(crate::ir::plain_text(&inlines)),
                    InlineKind::Caption => {
                        self.caption(inlines);
                        return Ok(());
                    }
                    InlineKind::Quote => {
                        for inline in inlines {
                            self.push_inline(inline);
                        }
                        let mut close = String::new();
                        self.quotes.straight(self.cx.quotes, '”', None, &mut close);
                        self.push_inline(Inline::Text(close));
                        return Ok(());
                    }
                    InlineKind::Transparent => {
                        for inline in inlines {
                            self.push_inline(inline);
                        }
                        return Ok(());
                    }
                    InlineKind::Drop => return Ok(()),
                };
                self.push_inline(node);
            }
            Frame::Link {
                target,
                inlines,
                loc,
                ..
            } => {
                self.inline_depth = self.inline_depth.saturating_sub(1);
                match target {
                    Some(target) => self.push_inline(Inline::Link {
                        target,
                        content: inlines,
                        loc,
                    }),
                    None => {
                        for inline in inlines {
                            self.push_inline(inline);
                        }
                    }
                }
            }
            Frame::Image {
                destination,
                title,
                alt,
                loc,
            } => {
                self.inline_depth = self.inline_depth.saturating_sub(1);
                self.image(&destination, title, alt, None, loc)?;
            }
        }
        Ok(())
    }

    /// An image met in a block (Markdown's or an `<img>`, with the height it asks for):
    /// loaded, and set where it is met; the block's close makes it a figure if it stands
    /// alone there, its title the caption.
    pub(super) fn image(
        &mut self,
        destination: &str,
        mut title: String,
        alt: String,
        height: Option<f32>,
        loc: Loc,
    ) -> Result<()> {
        let image = (self.load_image)(destination, &loc)?;
        // The title never went through `text`, which cleans the rest of the chapter.
        if let Some(c) = strip_forbidden(&mut title) {
            self.warn(
                CONTROL_CHAR,
                &loc,
                format!("control character U+{:04X} removed", c as u32),
            );
        }
        let caption = (!title.trim().is_empty()).then(|| {
            let mut text = String::new();
            Quotes::default().unsmart(self.cx.quotes, title.trim(), &mut text);
            vec![Inline::Text(text)]
        });
        self.push_inline(Inline::Image {
            image,
            alt: alt.trim().to_string(),
            caption,
            height,
            loc,
        });
        Ok(())
    }
}

/// Whether inlines hold images and nothing else but spaces and breaks.
pub(super) fn lone_images(inlines: &[Inline]) -> bool {
    let mut images = 0;
    for inline in crate::ir::walk::inlines(inlines) {
        match inline {
            Inline::Image { .. } => images += 1,
            Inline::Text(text) if text.trim().is_empty() => {}
            Inline::SoftBreak | Inline::HardBreak => {}
            // Markup around an image: its content is walked next.
            inline if inline.children().is_some() => {}
            _ => return false,
        }
    }
    images > 0
}

/// The images of inlines that hold nothing else, as figures.
pub(super) fn into_figures(mut inlines: Vec<Inline>) -> Vec<Block> {
    take_images(&mut inlines)
}

/// Takes every image out of `inlines` (and out of the markup in them), as figures.
fn take_images(inlines: &mut Vec<Inline>) -> Vec<Block> {
    let mut figures = Vec::new();
    let mut i = 0;
    while i < inlines.len() {
        if let Some(children) = inlines[i].children_mut() {
            figures.extend(take_images(children));
        }
        if matches!(inlines[i], Inline::Image { .. }) {
            let Inline::Image {
                image,
                alt,
                caption,
                loc,
                ..
            } = inlines.remove(i)
            else {
                unreachable!("matched an image above");
            };
            figures.push(Block::Figure {
                image,
                alt,
                caption,
                loc,
            });
        } else {
            i += 1;
        }
    }
    figures
}

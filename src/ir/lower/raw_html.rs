//! Raw HTML met in a chapter: tags that say what Markdown cannot (an image with its
//! caption, a key, a quotation) become the tree's own nodes; grouping tags leave their
//! content; only `<script>` and its kind are dropped, and every loss is warned about.

use pulldown_cmark::LinkType;

use super::frame::{Frame, InlineKind};
use super::html::{self, TagMeaning, Token};
use super::{Lowerer, HTML_ATTRIBUTES, HTML_DROPPED, HTML_UNKNOWN, MAX_INLINE_DEPTH};
use crate::diag::Result;
use crate::ir::typography::Quotes;
use crate::ir::{Block, Inline, Loc};

impl Lowerer<'_, '_> {
    pub(super) fn inline_html(&mut self, raw: &str, loc: &Loc) -> Result<()> {
        for token in html::tokenize(raw) {
            match token {
                Token::Comment => {}
                // Inside <script> or <style> everything up to its end tag is dropped, tags
                // included, as a browser would read it.
                Token::Open { .. } if self.dropping() => {}
                Token::Text(text) => self.text(&text, loc),
                Token::Open {
                    name,
                    meaning,
                    closed,
                } => self.open_tag(name, meaning, closed, loc)?,
                Token::Close { name } => self.close_tag(&name)?,
            }
        }
        Ok(())
    }

    fn open_tag(
        &mut self,
        name: String,
        meaning: TagMeaning,
        closed: bool,
        loc: &Loc,
    ) -> Result<()> {
        let kind = match meaning {
            TagMeaning::Break => {
                self.push_inline(Inline::HardBreak);
                return Ok(());
            }
            TagMeaning::Image {
                src,
                alt,
                title,
                height,
            } => {
                if src.trim().is_empty() {
                    self.warn(HTML_DROPPED, loc, "<img> without a src left out");
                    return Ok(());
                }
                return self.image(&src, title, alt, height, loc.clone());
            }
            // A link has nothing to hold when closed at once; past the nesting cap it
            // keeps its text only, as other markup does.
            TagMeaning::Link { .. } if closed => return Ok(()),
            TagMeaning::Link { href } if self.inline_depth < MAX_INLINE_DEPTH => {
                self.inline_depth += 1;
                let target = self.link_target(LinkType::Inline, &href, loc);
                self.stack.push(Frame::Link {
                    target,
                    inlines: Vec::new(),
                    loc: loc.clone(),
                    html_tag: Some(name),
                });
                return Ok(());
            }
            TagMeaning::Link { .. } => InlineKind::Transparent,
            TagMeaning::Emphasis => InlineKind::Emphasis,
            TagMeaning::Strong => InlineKind::Strong,
            TagMeaning::Strikethrough => InlineKind::Strikethrough,
            TagMeaning::Superscript => InlineKind::Superscript,
            TagMeaning::Subscript => InlineKind::Subscript,
            TagMeaning::SmallCaps => InlineKind::SmallCaps,
            TagMeaning::Code => InlineKind::Code,
            TagMeaning::Quote => InlineKind::Quote,
            TagMeaning::Caption => InlineKind::Caption,
            TagMeaning::Plain => InlineKind::Transparent,
            TagMeaning::Drop => {
                self.warn(
                    HTML_DROPPED,
                    loc,
                    format!("<{name}> dropped with its content"),
                );
                InlineKind::Drop
            }
            TagMeaning::Unknown { file, caption } => {
                if file.is_some() || caption.is_some() {
                    self.attribute_caption(file, caption, loc);
                    self.warn(
                        HTML_ATTRIBUTES,
                        loc,
                        format!(
                            "<{name}> is not supported; its text is kept, and its caption or \
                             file name as a line above it"
                        ),
                    );
                } else if closed {
                    self.warn(
                        HTML_DROPPED,
                        loc,
                        format!("<{name}> left out: it holds no text"),
                    );
                } else {
                    self.warn(
                        HTML_UNKNOWN,
                        loc,
                        format!("<{name}> is not supported; its text is kept"),
                    );
                }
                InlineKind::Transparent
            }
        };
        if !closed {
            let frame = self.inline_frame(kind, Some(name));
            let quote = matches!(
                frame,
                Frame::Inline {
                    kind: InlineKind::Quote,
                    ..
                }
            );
            self.stack.push(frame);
            if quote {
                // The opening mark, as a straight quote before a word would be set.
                self.smart_quote('“', Some('a'), loc);
            }
        }
        Ok(())
    }

    /// Closes the innermost frame `</name>` opened, with any HTML frames above it.
    fn close_tag(&mut self, name: &str) -> Result<()> {
        let opened_by = |f: &Frame| match f {
            Frame::Inline { html_tag, .. } | Frame::Link { html_tag, .. } => html_tag.clone(),
            _ => None,
        };
        let Some(at) = self
            .stack
            .iter()
            .rposition(|f| opened_by(f).as_deref() == Some(name))
        else {
            return Ok(());
        };
        if self.stack[at..].iter().all(|f| opened_by(f).is_some()) {
            while self.stack.len() > at {
                self.close_top()?;
            }
        }
        Ok(())
    }

    /// What a tool wrote in an unknown element's attributes (mdBook's listings carry
    /// their caption and file name there), as a line of its own above the element.
    fn attribute_caption(&mut self, file: Option<String>, caption: Option<String>, loc: &Loc) {
        let mut content = Vec::new();
        if let Some(file) = file {
            content.push(Inline::Code(file));
        }
        if let Some(caption) = caption {
            let mut text = String::new();
            if !content.is_empty() {
                text.push_str(" — ");
            }
            Quotes::default().unsmart(self.cx.quotes, caption.trim(), &mut text);
            content.push(Inline::Text(text));
        }
        self.push_block(Block::Paragraph {
            content: vec![Inline::Emphasis(content)],
            loc: loc.clone(),
        });
    }

    /// A `<figcaption>`'s content becomes the caption of the figure just made (in this
    /// block, or the block before); with no figure to take it, it stays as text.
    pub(super) fn caption(&mut self, inlines: Vec<Inline>) {
        let inlines = super::content::trim_inlines(inlines);
        // The image met last in this block (inside the `<figure>` still open, or already
        // in the paragraph), which becomes a figure when it stands alone there.
        let mut image = None;
        for frame in self.stack.iter_mut().rev() {
            let (found, block) = match frame {
                Frame::Inline { inlines, .. } | Frame::Link { inlines, .. } => {
                    (last_image(inlines), false)
                }
                Frame::Paragraph { inlines, .. }
                | Frame::Item {
                    loose_inlines: inlines,
                    ..
                } => (last_image(inlines), true),
                _ => (None, true),
            };
            if found.is_some() || block {
                image = found;
                break;
            }
        }
        if let Some(Inline::Image { caption, .. }) = image {
            if caption.is_none() && !inlines.is_empty() {
                *caption = Some(inlines);
                return;
            }
        }
        let last_block = self.stack.iter_mut().rev().find_map(|frame| match frame {
            Frame::Container { blocks, .. }
            | Frame::Item { blocks, .. }
            | Frame::Note { blocks, .. } => Some(blocks),
            _ => None,
        });
        let figure = match self.figures.last_mut() {
            Some(figure) => Some(figure),
            None => last_block.and_then(|blocks| blocks.last_mut()),
        };
        match figure {
            Some(Block::Figure { caption, .. }) if caption.is_none() && !inlines.is_empty() => {
                *caption = Some(inlines);
            }
            _ => {
                for inline in inlines {
                    self.push_inline(inline);
                }
            }
        }
    }

    /// A block of raw HTML becomes a paragraph of its recognised inline content.
    pub(super) fn html_block(&mut self, raw: &str, loc: Loc) -> Result<()> {
        self.stack.push(Frame::Paragraph {
            inlines: Vec::new(),
            loc: loc.clone(),
        });
        let depth = self.stack.len();
        self.quotes = Quotes::default();
        self.inline_html(raw, &loc)?;
        while self.stack.len() > depth {
            self.close_top()?;
        }
        self.close_top()
    }

    /// Whether the innermost open element drops its content.
    fn dropping(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame::Inline {
                kind: InlineKind::Drop,
                ..
            })
        )
    }
}

/// The last image in some inlines (or in the markup in them).
fn last_image(inlines: &mut [Inline]) -> Option<&mut Inline> {
    for inline in inlines.iter_mut().rev() {
        if matches!(inline, Inline::Image { .. }) {
            return Some(inline);
        }
        if let Some(found) = inline.children_mut().and_then(|c| last_image(c)) {
            return Some(found);
        }
    }
    None
}

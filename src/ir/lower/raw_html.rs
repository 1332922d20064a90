//! Raw HTML met in a chapter: known tags become frames, the rest leaves only its text.

use super::frame::{Frame, InlineKind};
use super::html::{self, TagMeaning, Token};
use super::{Lowerer, HTML_DROPPED, HTML_UNKNOWN};
use crate::ir::typography::Quotes;
use crate::ir::{Inline, Loc};

impl Lowerer<'_, '_> {
    pub(super) fn inline_html(&mut self, raw: &str, loc: &Loc) {
        for token in html::tokenize(raw) {
            match token {
                Token::Comment => {}
                // Inside <script> or <style> everything up to its end tag is dropped, tags
                // included, as a browser would read it.
                Token::Open { .. } if self.dropping() => {}
                Token::Text(text) => self.text(&text, loc),
                Token::Open {
                    meaning: TagMeaning::Break,
                    ..
                } => self.push_inline(Inline::HardBreak),
                Token::Open {
                    name,
                    meaning,
                    closed,
                } => {
                    let kind = match meaning {
                        TagMeaning::Emphasis => InlineKind::Emphasis,
                        TagMeaning::Strong => InlineKind::Strong,
                        TagMeaning::Superscript => InlineKind::Superscript,
                        TagMeaning::Subscript => InlineKind::Subscript,
                        TagMeaning::SmallCaps => InlineKind::SmallCaps,
                        TagMeaning::Drop => {
                            self.warn(
                                HTML_DROPPED,
                                loc,
                                format!("<{name}> dropped with its content"),
                            );
                            InlineKind::Drop
                        }
                        TagMeaning::Unknown | TagMeaning::Break => {
                            if !matches!(name.as_str(), "p" | "div" | "span" | "") {
                                self.warn(
                                    HTML_UNKNOWN,
                                    loc,
                                    format!("<{name}> is not supported; its text is kept"),
                                );
                            } else if name == "span" {
                                self.warn(
                                    HTML_UNKNOWN,
                                    loc,
                                    "<span> without class=\"versalita\" is not supported; its text is kept",
                                );
                            }
                            InlineKind::Transparent
                        }
                    };
                    if !closed {
                        let frame = self.inline_frame(kind, Some(name));
                        self.stack.push(frame);
                    }
                }
                Token::Close { name } => {
                    // Close the innermost frame this tag opened, with any HTML frames above it.
                    let open = self.stack.iter().rposition(
                        |f| matches!(f, Frame::Inline { html_tag: Some(t), .. } if *t == name),
                    );
                    if let Some(at) = open {
                        let only_html_above = self.stack[at..].iter().all(|f| {
                            matches!(
                                f,
                                Frame::Inline {
                                    html_tag: Some(_),
                                    ..
                                }
                            )
                        });
                        if only_html_above {
                            while self.stack.len() > at {
                                // Inline frames never fail to close.
                                let _ = self.close_top();
                            }
                        }
                    }
                }
            }
        }
    }

    /// A block of raw HTML becomes a paragraph of its recognised inline content.
    pub(super) fn html_block(&mut self, raw: &str, loc: Loc) {
        self.stack.push(Frame::Paragraph {
            inlines: Vec::new(),
            loc: loc.clone(),
        });
        let depth = self.stack.len();
        self.quotes = Quotes::default();
        self.inline_html(raw, &loc);
        while self.stack.len() > depth {
            let _ = self.close_top();
        }
        let _ = self.close_top();
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

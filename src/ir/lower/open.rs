//! Opening an element: the frame each start tag pushes, with the nesting caps applied.

use pulldown_cmark::{CodeBlockKind, Tag};

use super::frame::{ContainerKind, Frame, InlineKind};
use super::{Lowerer, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH, TOO_DEEP};
use crate::ir::typography::Quotes;
use crate::ir::{Alignment, Loc};

impl Lowerer<'_, '_> {
    /// Pushes the frame of an element that starts here.
    pub(super) fn start(&mut self, tag: Tag, loc: Loc) {
        let frame = match tag {
            Tag::Paragraph => {
                self.quotes = Quotes::default();
                self.mark_loose();
                Frame::Paragraph {
                    inlines: Vec::new(),
                    loc,
                }
            }
            Tag::Heading { level, id, .. } => {
                self.quotes = Quotes::default();
                Frame::Heading {
                    level: level as u8,
                    explicit_id: id.map(|s| s.into_string()),
                    inlines: Vec::new(),
                    loc,
                }
            }
            Tag::BlockQuote(_) => self.container(ContainerKind::BlockQuote, loc),
            Tag::CodeBlock(kind) => Frame::Code {
                language: match kind {
                    CodeBlockKind::Fenced(info) => info
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                        .filter(|s| !s.is_empty()),
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
                loc,
            },
            Tag::HtmlBlock => Frame::HtmlBlock {
                text: String::new(),
                loc,
            },
            Tag::List(start) => {
                self.flush_item_inlines();
                self.block_depth += 1;
                if self.block_depth > MAX_BLOCK_DEPTH {
                    // Once for each tower of nesting: where it first passes the cap.
                    if self.block_depth == MAX_BLOCK_DEPTH + 1 {
                        self.warn(
                            TOO_DEEP,
                            &loc,
                            "list nested too deeply; set at the level above",
                        );
                    }
                    return self.stack.push(Frame::Container {
                        kind: ContainerKind::Flattened,
                        blocks: Vec::new(),
                        loc,
                    });
                }
                Frame::List {
                    start,
                    tight: true,
                    items: Vec::new(),
                    loc,
                }
            }
            Tag::Item => match self.stack.last() {
                Some(Frame::List { .. }) => Frame::Item {
                    task: None,
                    blocks: Vec::new(),
                    loose_inlines: Vec::new(),
                    loc,
                },
                _ => Frame::Item {
                    // An item of a flattened list: its blocks join the parent.
                    task: None,
                    blocks: Vec::new(),
                    loose_inlines: Vec::new(),
                    loc,
                },
            },
            Tag::FootnoteDefinition(label) => {
                self.block_depth += 1;
                Frame::Note {
                    label: label.into_string(),
                    blocks: Vec::new(),
                    loc,
                }
            }
            Tag::Table(alignments) => Frame::Table {
                alignments: alignments
                    .into_iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Alignment::None,
                        pulldown_cmark::Alignment::Left => Alignment::Left,
                        pulldown_cmark::Alignment::Center => Alignment::Center,
                        pulldown_cmark::Alignment::Right => Alignment::Right,
                    })
                    .collect(),
                header: Vec::new(),
                rows: Vec::new(),
                loc,
            },
            Tag::TableHead => Frame::Row {
                cells: Vec::new(),
                head: true,
            },
            Tag::TableRow => Frame::Row {
                cells: Vec::new(),
                head: false,
            },
            Tag::TableCell => {
                self.quotes = Quotes::default();
                Frame::Cell {
                    inlines: Vec::new(),
                }
            }
            Tag::Emphasis => self.inline_frame(InlineKind::Emphasis, None),
            Tag::Strong => self.inline_frame(InlineKind::Strong, None),
            Tag::Strikethrough => self.inline_frame(InlineKind::Strikethrough, None),
            Tag::Superscript => self.inline_frame(InlineKind::Superscript, None),
            Tag::Subscript => self.inline_frame(InlineKind::Subscript, None),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.inline_depth += 1;
                let target = self.link_target(link_type, &dest_url, &loc);
                Frame::Link {
                    target,
                    inlines: Vec::new(),
                    loc,
                    html_tag: None,
                }
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.inline_depth += 1;
                Frame::Image {
                    destination: dest_url.into_string(),
                    title: title.into_string(),
                    alt: String::new(),
                    loc,
                }
            }
            Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.inline_frame(InlineKind::Transparent, None),
        };
        self.stack.push(frame);
    }

    /// The frame of a block quote, flattened past the nesting cap.
    fn container(&mut self, kind: ContainerKind, loc: Loc) -> Frame {
        self.flush_item_inlines();
        self.block_depth += 1;
        let kind = if self.block_depth > MAX_BLOCK_DEPTH {
            if self.block_depth == MAX_BLOCK_DEPTH + 1 {
                self.warn(
                    TOO_DEEP,
                    &loc,
                    "block quote nested too deeply; set at the level above",
                );
            }
            ContainerKind::Flattened
        } else {
            kind
        };
        Frame::Container {
            kind,
            blocks: Vec::new(),
            loc,
        }
    }

    /// The frame of inline markup, made transparent past the nesting cap.
    pub(super) fn inline_frame(&mut self, kind: InlineKind, html_tag: Option<String>) -> Frame {
        self.inline_depth += 1;
        let kind = if self.inline_depth > MAX_INLINE_DEPTH && kind != InlineKind::Drop {
            InlineKind::Transparent
        } else {
            kind
        };
        Frame::Inline {
            kind,
            html_tag,
            inlines: Vec::new(),
        }
    }

    /// A paragraph directly inside a list item makes the list loose.
    fn mark_loose(&mut self) {
        if let [.., Frame::List { tight, .. }, Frame::Item { .. }] = self.stack.as_mut_slice() {
            *tight = false;
        }
    }
}

//! Markdown → tree, one chapter at a time. The only place that knows Markdown.
//!
//! The walk over pulldown-cmark's events keeps its own stack of open elements instead of
//! recursing, and caps nesting, so hostile input (thousands of nested quotes) cannot
//! overflow the stack here or in the backends that walk the tree.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::typography::{strip_forbidden, Quotes};
use super::{Alignment, Block, Footnote, ImageId, Inline, Loc};
use crate::diag::{Diagnostic, Kind, Result, Warnings};
use crate::ir::QuoteStyle;
use frame::{ContainerKind, Frame, InlineKind};

mod close;
mod frame;
mod links;
mod raw_html;

/// Containers (quotes, lists, notes) nested deeper than this are flattened.
pub const MAX_BLOCK_DEPTH: usize = 32;
/// Inline markup nested deeper than this is flattened.
pub const MAX_INLINE_DEPTH: usize = 32;

pub(crate) const HTML_DROPPED: Kind = Kind {
    one: "HTML element was dropped",
    many: "HTML elements were dropped",
};
pub(crate) const HTML_UNKNOWN: Kind = Kind {
    one: "HTML tag was reduced to its text",
    many: "HTML tags were reduced to their text",
};
pub(crate) const BROKEN_LINK: Kind = Kind {
    one: "link points nowhere and was kept as text",
    many: "links point nowhere and were kept as text",
};
const TOO_DEEP: Kind = Kind {
    one: "element was nested too deeply and was flattened",
    many: "elements were nested too deeply and were flattened",
};
const UNUSED_NOTE: Kind = Kind {
    one: "footnote is never referenced",
    many: "footnotes are never referenced",
};
const CONTROL_CHAR: Kind = Kind {
    one: "control character was removed",
    many: "control characters were removed",
};

/// What the lowering needs to know about the rest of the book.
pub struct Context<'a> {
    /// The book's quotation style.
    pub quotes: QuoteStyle,
    /// Chapter files in reading order (relative to the manuscript), for cross-chapter links.
    pub chapter_files: &'a [PathBuf],
    /// Where warnings go.
    pub warnings: &'a Warnings,
}

/// A chapter's content as lowered, before the book checks anchors across chapters.
#[derive(Debug)]
pub struct Lowered {
    /// Index in `blocks` of the heading that gives the chapter its title.
    pub title: Option<usize>,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    /// Every heading id, for checking links into this chapter.
    pub ids: HashSet<String>,
    /// Links to an anchor, to check once every chapter is lowered: (chapter, anchor, loc).
    pub anchored_links: Vec<(usize, String, Loc)>,
}

/// An image reference met in the text, for the caller to load: (destination, loc).
pub type ImageLoader<'a> = dyn FnMut(&str, &Loc) -> Result<ImageId> + 'a;

/// Lowers the Markdown `text` of the chapter at `index`, read from `file`.
pub fn lower_chapter(
    text: &str,
    file: &Arc<Path>,
    index: usize,
    cx: &Context,
    load_image: &mut ImageLoader,
) -> Result<Lowered> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut lowerer = Lowerer {
        cx,
        index,
        file: Arc::clone(file),
        line_starts: line_starts(text),
        stack: vec![Frame::Container {
            kind: ContainerKind::Root,
            blocks: Vec::new(),
            loc: Loc::new(file, 1),
        }],
        quotes: Quotes::default(),
        block_depth: 0,
        inline_depth: 0,
        figures: Vec::new(),
        note_numbers: HashMap::new(),
        note_bodies: HashMap::new(),
        title: None,
        ids: HashSet::new(),
        anchored_links: Vec::new(),
        load_image,
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let loc = lowerer.loc_at(range.start);
        lowerer.event(event, loc)?;
    }
    lowerer.finish()
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

struct Lowerer<'a, 'b> {
    cx: &'a Context<'a>,
    index: usize,
    file: Arc<Path>,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    quotes: Quotes,
    block_depth: usize,
    inline_depth: usize,
    /// Images met inside the current block, set as figures after it.
    figures: Vec<Block>,
    note_numbers: HashMap<String, u32>,
    note_bodies: HashMap<String, (Vec<Block>, Loc)>,
    title: Option<usize>,
    ids: HashSet<String>,
    anchored_links: Vec<(usize, String, Loc)>,
    load_image: &'b mut ImageLoader<'b>,
}

impl Lowerer<'_, '_> {
    fn loc_at(&self, offset: usize) -> Loc {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        Loc::new(&self.file, line as u32)
    }

    fn warn(&self, kind: Kind, loc: &Loc, message: impl Into<String>) {
        self.cx
            .warnings
            .push(kind, Diagnostic::at(loc.clone(), message));
    }

    fn event(&mut self, event: Event, loc: Loc) -> Result<()> {
        match event {
            Event::Start(tag) => self.start(tag, loc),
            Event::End(end) => return self.end(end),
            Event::Text(text) => self.text(&text, &loc),
            Event::Code(code) => {
                let mut code = code.into_string();
                strip_forbidden(&mut code);
                self.push_inline(Inline::Code(code));
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.text(&text, &loc),
            Event::Html(raw) => match self.stack.last_mut() {
                Some(Frame::HtmlBlock { text, .. }) => text.push_str(&raw),
                _ => self.inline_html(&raw, &loc),
            },
            Event::InlineHtml(raw) => self.inline_html(&raw, &loc),
            Event::FootnoteReference(label) => {
                let next = self.note_numbers.len() as u32 + 1;
                let number = *self.note_numbers.entry(label.into_string()).or_insert(next);
                self.push_inline(Inline::NoteRef {
                    number,
                    first: number == next,
                    loc,
                });
            }
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => self.push_block(Block::SceneBreak { loc }),
            Event::TaskListMarker(done) => {
                if let Some(Frame::Item { task, .. }) = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|f| matches!(f, Frame::Item { .. }))
                {
                    *task = Some(done);
                }
            }
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag, loc: Loc) {
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
                    self.warn(
                        TOO_DEEP,
                        &loc,
                        "list nested too deeply; set at the level above",
                    );
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

    fn container(&mut self, kind: ContainerKind, loc: Loc) -> Frame {
        self.flush_item_inlines();
        self.block_depth += 1;
        let kind = if self.block_depth > MAX_BLOCK_DEPTH {
            self.warn(
                TOO_DEEP,
                &loc,
                "block quote nested too deeply; set at the level above",
            );
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

    fn inline_frame(&mut self, kind: InlineKind, html_tag: Option<String>) -> Frame {
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

    fn end(&mut self, end: TagEnd) -> Result<()> {
        // Close HTML-opened inline frames that Markdown markup encloses.
        if !matches!(end, TagEnd::HtmlBlock) {
            while matches!(
                self.stack.last(),
                Some(Frame::Inline {
                    html_tag: Some(_),
                    ..
                })
            ) && self.stack.len() > 1
            {
                self.close_top()?;
            }
        }
        self.close_top()
    }

    fn flush_figures(&mut self) {
        let figures = std::mem::take(&mut self.figures);
        for figure in figures {
            self.push_block(figure);
        }
    }

    /// Wraps a tight item's inlines in a paragraph before a block starts inside it.
    fn flush_item_inlines(&mut self) {
        if let Some(Frame::Item {
            loose_inlines, loc, ..
        }) = self.stack.last_mut()
        {
            if !loose_inlines.is_empty() {
                let content = trim_inlines(std::mem::take(loose_inlines));
                let loc = loc.clone();
                if let Some(Frame::Item { blocks, .. }) = self.stack.last_mut() {
                    blocks.push(Block::Paragraph { content, loc });
                }
            }
        }
    }

    fn push_block(&mut self, block: Block) {
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

    fn push_inline(&mut self, inline: Inline) {
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

    fn text(&mut self, raw: &str, loc: &Loc) {
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
        self.quotes.apply(self.cx.quotes, raw, &mut text);
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

    fn finish(mut self) -> Result<Lowered> {
        while self.stack.len() > 1 {
            self.close_top()?;
        }
        let Some(Frame::Container { blocks, .. }) = self.stack.pop() else {
            unreachable!("the root frame is a container");
        };
        let mut numbered: Vec<(u32, String)> = self
            .note_numbers
            .iter()
            .map(|(label, n)| (*n, label.clone()))
            .collect();
        numbered.sort();
        let mut footnotes = Vec::with_capacity(numbered.len());
        for (number, label) in numbered {
            let (blocks, loc) = self
                .note_bodies
                .remove(&label)
                .unwrap_or_else(|| (Vec::new(), Loc::new(&self.file, 0)));
            footnotes.push(Footnote {
                number,
                blocks,
                loc,
            });
        }
        let mut unused: Vec<_> = self.note_bodies.into_iter().collect();
        unused.sort_by(|a, b| a.1 .1.cmp(&b.1 .1));
        for (label, (_, loc)) in unused {
            self.cx.warnings.push(
                UNUSED_NOTE,
                Diagnostic::at(
                    loc,
                    format!("footnote [^{label}] is never referenced; it was left out"),
                ),
            );
        }
        Ok(Lowered {
            title: self.title,
            blocks,
            footnotes,
            ids: self.ids,
            anchored_links: self.anchored_links,
        })
    }
}

/// Drops leading and trailing breaks and spaces of a block's inlines.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
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

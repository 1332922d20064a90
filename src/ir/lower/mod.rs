//! Markdown → tree, one chapter at a time. The only place that knows Markdown.
//!
//! The walk over pulldown-cmark's events keeps its own stack of open elements instead of
//! recursing, and caps nesting, so hostile input (thousands of nested quotes) cannot
//! overflow the stack here or in the backends that walk the tree.
//!
//! `open` pushes a frame for each start tag, `content` puts blocks, inlines and text where
//! they belong, `close` turns each finished frame into tree; `raw_html` (over the `html`
//! tokenizer) reads raw HTML, and `links` resolves link destinations and heading ids.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, TagEnd};

use super::typography::{strip_forbidden, Quotes};
use super::{Block, ChapterSource, Footnote, ImageId, Inline, Loc};
use crate::diag::{Diagnostic, Kind, LineIndex, Result, Warnings};
use crate::ir::QuoteStyle;
use frame::{ContainerKind, Frame};

mod close;
mod content;
mod frame;
mod html;
mod line_block;
mod links;
mod open;
mod prose;
mod raw_html;

pub use prose::prose;

/// Containers (quotes, lists, notes) nested deeper than this are flattened.
pub const MAX_BLOCK_DEPTH: usize = 32;
/// Inline markup nested deeper than this is flattened.
pub const MAX_INLINE_DEPTH: usize = 32;

pub(crate) const HTML_DROPPED: Kind =
    Kind::once("HTML element was dropped", "HTML elements were dropped");
pub(crate) const HTML_UNKNOWN: Kind = Kind::once(
    "HTML tag was reduced to its text",
    "HTML tags were reduced to their text",
);
pub(crate) const HTML_ATTRIBUTES: Kind = Kind::once(
    "HTML tag's attributes were kept as a caption",
    "HTML tags' attributes were kept as captions",
);
pub(crate) const BROKEN_LINK: Kind = Kind::new(
    "link points nowhere and was kept as text",
    "links point nowhere and were kept as text",
);
const TOO_DEEP: Kind = Kind::new(
    "element was nested too deeply and was flattened",
    "elements were nested too deeply and were flattened",
);
const UNUSED_NOTE: Kind = Kind::new(
    "footnote is never referenced",
    "footnotes are never referenced",
);
const EMPTY_HEADER: Kind = Kind::new(
    "table header row was empty and was left out",
    "table header rows were empty and were left out",
);
const CONTROL_CHAR: Kind = Kind::new(
    "control character was removed",
    "control characters were removed",
);

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
#[derive(Debug, Default)]
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

/// Lowers the Markdown of the chapter at `index`.
pub fn lower_chapter(
    source: &ChapterSource,
    index: usize,
    cx: &Context,
    load_image: &mut ImageLoader,
) -> Result<Lowered> {
    let mut lowerer = Lowerer {
        cx,
        index,
        file: Arc::clone(&source.display),
        stack: vec![Frame::Container {
            kind: ContainerKind::Root,
            blocks: Vec::new(),
            loc: Loc::new(&source.display, 1),
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
    let text = &source.text;
    // Places are told in the file as written, when other text was spliced into it.
    let lines = LineIndex::new(source.written());
    let written = |at: usize| source.spliced.as_ref().map_or(at, |s| s.written_offset(at));
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let loc = Loc::at(&lowerer.file, lines.pos(written(range.start)));
        // Smart punctuation gives each quote it curls an event of its own; only those
        // typed straight in the manuscript take the book's style.
        if let Event::Text(curled) = &event {
            if matches!(&text[range.clone()], "\"" | "'") && curled.chars().count() == 1 {
                let next = text[range.end..].chars().next();
                let c = curled.chars().next().expect("one character");
                lowerer.smart_quote(c, next, &loc);
                continue;
            }
        }
        lowerer.event(event, loc)?;
    }
    lowerer.finish()
}

/// The Markdown a chapter may use: CommonMark with GitHub's tables, footnotes,
/// strikethrough and task lists, heading ids, and smart punctuation.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

struct Lowerer<'a, 'b> {
    cx: &'a Context<'a>,
    index: usize,
    file: Arc<Path>,
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
                _ => self.inline_html(&raw, &loc)?,
            },
            Event::InlineHtml(raw) => self.inline_html(&raw, &loc)?,
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

//! The intermediate tree: the one contract between the manuscript and both backends.
//!
//! The manuscript is lowered into a [`Book`] once; the EPUB backend and the typesetter
//! read only this tree, never Markdown. It imports nothing of the stages around it. Text in the tree is NFC-normalised and already carries the book's
//! typography (« », —, …), so backends set it as it is.

mod book;
mod dialogue;
mod divisions;
mod fonts;
pub mod lower;
mod lowerings;
mod opening;
mod position;
mod sections;
mod slug;
mod style;
#[cfg(test)]
mod tests;
mod typography;
pub mod walk;

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::diag::Loc;
pub use book::{
    lower_all, lower_chapters, lower_chapters_with, lower_text, ChapterSource, Splice, Spliced,
    Standing,
};
pub use dialogue::{opens_speech, DIALOGUE_SET};
pub use divisions::{is_source_line, ChapterKind, Matter, Numbering};
pub use fonts::{ExtraFace, FontFile, Fonts, FIRST_EXTRA};
pub use lowerings::Lowerings;
pub use opening::{initial, DropCap, Opening};
pub use position::{text_len, to_u32, PageBreak, Place, TextPos};
pub use slug::slugify;
pub use style::{FolioPlace, HeadFace, HeadPlace, LabelForm, Style, TitleAlign};
pub use typography::QuoteStyle;

/// A whole book: its metadata, chapters in reading order, and the files they use.
#[derive(Debug, Clone)]
pub struct Book {
    /// Title, authors, language and the rest of `[book]`.
    pub metadata: Metadata,
    /// Chapters in reading order.
    pub chapters: Vec<Chapter>,
    /// Every image the book uses, loaded and checked once; figures refer to them by index.
    pub images: Vec<Image>,
    /// The cover image, when `[book] cover` names one.
    pub cover: Option<ImageId>,
    /// The printed cover's back text: `[cover] back`'s file, or else the description.
    pub back_cover: Vec<Block>,
    /// The font files both backends set the book in.
    pub fonts: Fonts,
    /// Whether chapter numbers run through the book or start again in each part.
    pub numbering: Numbering,
    /// The design both books follow (`[style]`).
    pub style: Style,
}

/// The book's descriptive metadata, validated.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// The title (required).
    pub title: String,
    /// An optional subtitle.
    pub subtitle: Option<String>,
    /// Authors in display order.
    pub authors: Vec<String>,
    /// BCP 47 language tag, e.g. `es` or `es-BO`.
    pub language: String,
    /// Unique identifier: as given, or `urn:uuid:` derived from title and authors.
    pub identifier: String,
    /// Publisher's name.
    pub publisher: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Copyright or licence statement.
    pub rights: Option<String>,
    /// A short description (blurb).
    pub description: Option<String>,
    /// Subject headings.
    pub subjects: Vec<String>,
    /// The build's timestamp in seconds since 1970: `SOURCE_DATE_EPOCH`, else `date`,
    /// else a fixed epoch — never the clock, so rebuilds are byte-identical.
    pub timestamp: i64,
}

impl Metadata {
    /// A file-name-safe short name for the book, from its title (`el-gran-movimiento`).
    pub fn slug(&self) -> String {
        let mut slug = slugify(&self.title);
        // File systems take 255 bytes a name: a long title is cut at a word, whole.
        const MAX: usize = 60;
        if slug.len() > MAX {
            let cut = slug[..=MAX].rfind('-').unwrap_or(MAX);
            slug.truncate(cut);
        }
        if slug.is_empty() {
            "libro".to_string()
        } else {
            slug
        }
    }

    /// The primary language subtag, lowercased (`es` for `es-BO`).
    pub fn primary_language(&self) -> String {
        self.language
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

/// One chapter: one Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// Identifier unique in the book, usable as a file name and XML id (`cap-01`).
    pub id: String,
    /// The chapter's title: its first level-1 heading, else the file stem.
    pub title: Vec<Inline>,
    /// Index in `blocks` of the heading the title comes from, if it comes from one: a
    /// backend that sets the title on its own (the PDF's chapter opening) skips that block.
    pub title_block: Option<usize>,
    /// The source file, relative to the manuscript folder (`01-ciudad.md`).
    pub source: PathBuf,
    /// The body, including the level-1 heading when the file has one.
    pub blocks: Vec<Block>,
    /// Footnotes in order of first reference; `footnotes[i].number == i + 1`.
    pub footnotes: Vec<Footnote>,
    /// A chapter, or a part's title page.
    pub kind: ChapterKind,
    /// The index in the book's chapters of the part this chapter belongs to.
    pub part: Option<usize>,
    /// What it is when it is front or back matter (a dedication, a prologue…).
    pub matter: Option<Matter>,
}

impl Chapter {
    /// Whether it is a page set apart (a dedication, an epigraph, a colophon): no title
    /// printed, no running heads, no entry in the contents.
    pub fn is_display_page(&self) -> bool {
        self.matter.is_some_and(Matter::is_display)
    }

    /// The title as plain text.
    pub fn title_text(&self) -> String {
        plain_text(&self.title)
    }

    /// Level-2 headings (for tables of contents): their ids and content.
    pub fn sections(&self) -> impl Iterator<Item = (&str, &[Inline])> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Heading {
                level: 2,
                id,
                content,
                ..
            } => Some((id.as_str(), content.as_slice())),
            _ => None,
        })
    }
}

/// A footnote: numbered per chapter by first reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// 1-based number within the chapter.
    pub number: u32,
    /// The note's content.
    pub blocks: Vec<Block>,
    /// Where the note is defined.
    pub loc: Loc,
}

impl Footnote {
    /// The id of the note itself (`nota.3`); the dot keeps it apart from heading slugs.
    pub fn id(&self) -> String {
        note_id(self.number)
    }
}

/// The id of note `number` (`nota.3`).
pub fn note_id(number: u32) -> String {
    format!("nota.{number}")
}

/// The id of the first reference to note `number` (`ref.3`), target of the back-link.
pub fn noteref_id(number: u32) -> String {
    format!("ref.{number}")
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading; `id` is unique within the chapter.
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
        loc: Loc,
    },
    /// A paragraph.
    Paragraph { content: Vec<Inline>, loc: Loc },
    /// A quotation set off from the text.
    BlockQuote { blocks: Vec<Block>, loc: Loc },
    /// Lines set as written, not filled into a measure: verse, or centred or flush-right
    /// text (a dateline, a signature). Each paragraph (a stanza) holds its lines, one
    /// after each [`Inline::HardBreak`].
    LineBlock {
        kind: LineBlockKind,
        blocks: Vec<Block>,
        loc: Loc,
    },
    /// A bulleted or numbered list.
    List {
        /// `Some(n)` for a numbered list starting at `n`; `None` for bullets.
        start: Option<u64>,
        /// Tight lists have no space between items.
        tight: bool,
        items: Vec<ListItem>,
        loc: Loc,
    },
    /// Preformatted code, set in the monospace font.
    CodeBlock {
        language: Option<String>,
        text: String,
        loc: Loc,
    },
    /// A table of inline cells.
    Table {
        alignments: Vec<Alignment>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        loc: Loc,
    },
    /// An image on its own, with its description and optional caption.
    Figure {
        image: ImageId,
        /// Alt text; empty means decorative.
        alt: String,
        /// From the Markdown title: `![alt](src "caption")`.
        caption: Option<Vec<Inline>>,
        loc: Loc,
    },
    /// A change of scene (Markdown's thematic break).
    SceneBreak { loc: Loc },
}

impl Block {
    /// Where the block starts in the manuscript.
    pub fn loc(&self) -> &Loc {
        match self {
            Block::Heading { loc, .. }
            | Block::Paragraph { loc, .. }
            | Block::BlockQuote { loc, .. }
            | Block::LineBlock { loc, .. }
            | Block::List { loc, .. }
            | Block::CodeBlock { loc, .. }
            | Block::Table { loc, .. }
            | Block::Figure { loc, .. }
            | Block::SceneBreak { loc } => loc,
        }
    }
}

/// One item of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for a task-list item (`- [x]`).
    pub task: Option<bool>,
    /// The item's content; a tight list's paragraphs are still `Paragraph` blocks.
    pub blocks: Vec<Block>,
}

/// How a [`Block::LineBlock`] sets its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineBlockKind {
    /// Verse: ragged, never hyphenated, a line that turns over hung under itself, a stanza
    /// kept whole on a page when short.
    Verse,
    /// Each line centred.
    Centred,
    /// Each line flush right.
    Right,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    /// No alignment given: the reader's default (start).
    None,
    Left,
    Center,
    Right,
}

/// An inline element.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    Superscript(Vec<Inline>),
    Subscript(Vec<Inline>),
    /// Small capitals (versalitas): lowercase letters set as small caps.
    SmallCaps(Vec<Inline>),
    /// Inline code, set in the monospace font.
    Code(String),
    /// An image inside a sentence, set at the height of the text around it (or the
    /// height its `<img>` gives, in CSS pixels); an image alone in its paragraph is a
    /// [`Block::Figure`] instead.
    Image {
        image: ImageId,
        alt: String,
        /// Its title: the caption it takes should it become a figure.
        caption: Option<Vec<Inline>>,
        height: Option<f32>,
        loc: Loc,
    },
    /// A hyperlink.
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
        loc: Loc,
    },
    /// A reference to a footnote of the same chapter.
    NoteRef {
        /// The note's number in its chapter.
        number: u32,
        /// Whether this is the note's first reference (which carries the back-link id).
        first: bool,
        loc: Loc,
    },
    /// A line break in the source that is a space in the output.
    SoftBreak,
    /// A forced line break.
    HardBreak,
}

/// The content of the inlines that hold others (markup and links): one list of kinds for
/// [`Inline::children`] and [`Inline::children_mut`], by reference or mutable reference.
macro_rules! inline_children {
    ($inline:expr) => {
        match $inline {
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::SmallCaps(c)
            | Inline::Link { content: c, .. } => Some(c),
            _ => None,
        }
    };
}

impl Inline {
    /// The inlines inside this one, for the kinds that have any (markup and links).
    pub fn children(&self) -> Option<&Vec<Inline>> {
        inline_children!(self)
    }

    /// The inlines inside this one, to change them.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        inline_children!(self)
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A URL outside the book (`https:`, `mailto:` …).
    External(String),
    /// A place in the book: a chapter (index into `Book::chapters`) and optionally an id in it.
    Internal {
        chapter: usize,
        anchor: Option<String>,
    },
}

/// Index of an image in `Book::images`.
pub type ImageId = usize;

/// The image file formats both backends accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    WebP,
    Svg,
}

impl ImageFormat {
    /// The media type for the EPUB manifest.
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::WebP => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }
}

/// An image file of the manuscript, read and checked.
#[derive(Debug, Clone)]
pub struct Image {
    /// Path relative to the manuscript folder, with `/` separators (`images/x.png`).
    pub path: String,
    pub format: ImageFormat,
    /// Intrinsic size in pixels (for SVG: its declared size, or 0 when unknown).
    pub width: u32,
    pub height: u32,
    /// The file's bytes.
    pub data: Arc<[u8]>,
}

impl Image {
    /// Its width over its height (1 when its size is unknown).
    pub fn aspect(&self) -> f32 {
        if self.width > 0 && self.height > 0 {
            self.width as f32 / self.height as f32
        } else {
            1.0
        }
    }
}

/// The text of some inlines, without markup (notes and breaks give nothing and a space).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in walk::inlines(inlines) {
        match inline {
            Inline::Text(text) | Inline::Code(text) => out.push_str(text),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            // Markup gives the text of its content, which the walk reaches next.
            _ => {}
        }
    }
    out
}

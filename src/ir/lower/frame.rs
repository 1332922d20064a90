//! The elements being built while walking the events: a stack of frames.

use crate::ir::{Alignment, Block, Inline, LinkTarget, ListItem, Loc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ContainerKind {
    Root,
    BlockQuote,
    /// A container past the nesting cap: its blocks go to its parent.
    Flattened,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InlineKind {
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    SmallCaps,
    /// `<code>`, `<kbd>`: its text set as code.
    Code,
    /// `<q>`: its content between quotation marks (the opening one already in it).
    Quote,
    /// `<figcaption>`: the caption of the figure before it.
    Caption,
    /// Keeps its content, adds nothing (unknown HTML, markup past the nesting cap).
    Transparent,
    /// Discards its content (`<script>`).
    Drop,
}

/// An element being built; the top of the stack receives what comes next.
pub(super) enum Frame {
    Container {
        kind: ContainerKind,
        blocks: Vec<Block>,
        loc: Loc,
    },
    List {
        start: Option<u64>,
        tight: bool,
        items: Vec<ListItem>,
        loc: Loc,
    },
    Item {
        task: Option<bool>,
        blocks: Vec<Block>,
        /// Inlines of a tight item, not yet wrapped in a paragraph.
        loose_inlines: Vec<Inline>,
        loc: Loc,
    },
    Note {
        label: String,
        blocks: Vec<Block>,
        loc: Loc,
    },
    Paragraph {
        inlines: Vec<Inline>,
        loc: Loc,
    },
    Heading {
        level: u8,
        explicit_id: Option<String>,
        inlines: Vec<Inline>,
        loc: Loc,
    },
    Code {
        language: Option<String>,
        text: String,
        loc: Loc,
    },
    HtmlBlock {
        text: String,
        loc: Loc,
    },
    Table {
        alignments: Vec<Alignment>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        loc: Loc,
    },
    Row {
        cells: Vec<Vec<Inline>>,
        head: bool,
    },
    Cell {
        inlines: Vec<Inline>,
    },
    Inline {
        kind: InlineKind,
        /// The HTML tag that opened it, if any, so `</tag>` can close it.
        html_tag: Option<String>,
        inlines: Vec<Inline>,
    },
    Link {
        target: Option<LinkTarget>,
        inlines: Vec<Inline>,
        loc: Loc,
        /// The HTML tag that opened it (`a`), if any, so `</a>` can close it.
        html_tag: Option<String>,
    },
    Image {
        destination: String,
        title: String,
        alt: String,
        loc: Loc,
    },
}

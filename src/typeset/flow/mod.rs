//! Blocks → a vertical list of lines: each paragraph shaped, given its break points
//! (spaces, hyphenation, compounds, URLs) under the rules of Spanish typography, broken by
//! Knuth–Plass and set on its measure. Pages are made from this list in `paginate`.
//!
//! One file per concern: `chapter` (a chapter's opening, blocks and notes), `paragraph`
//! (setting spans into lines), `breaks` (a paragraph's boxes, glue and penalties),
//! `runs` (text → shaped runs, with fallback faces), `inlines` (inlines → styled spans),
//! `blocks` (code, figures), `list` (lists, tasks' check boxes drawn), `table`, `notes`,
//! `front` (front matter, contents), `cover`, `structure` (the node of the book's
//! structure each placed item is part of), and this file (the dispatch of blocks).

mod blocks;
mod breaks;
mod chapter;
mod cover;
mod front;
mod inlines;
mod items;
mod letterspacing;
mod lines;
mod list;
mod matter;
mod notes;
mod opening;
pub use lines::WHOLE_STANZA;
mod paragraph;
mod place;
mod rebreak;
mod runs;
mod structure;
mod table;

pub(super) use blocks::PRINT_PPI;
pub use cover::Display;
pub use notes::NOTE_LEADING;
pub use rebreak::{Rebreak, Tails, Variants};
pub(super) use runs::MISSING_GLYPH;
pub use table::TABLE_CLOSING_RULE;

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::fonts::{Coverage, FaceId};
use super::hyphenate::Hyphenator;
use super::page::{Anchor, Placed, Role, Target};
use super::shape::{Shaper, SMALL_CAPS_TRACKING};
use super::structure::{Kind, Tree, FRONT_TREE};
use super::FigureCheck;
use super::Stats;
use crate::diag::Warnings;
use crate::ir::{Block, Book, Place};
use crate::typeset::PrintDesign;
use items::{Object, PItem, Span};
use paragraph::Setting;

/// An entry of the vertical list.
#[derive(Debug, Clone)]
pub enum VItem {
    /// One line: items relative to the text block's left edge and the line's baseline.
    Line {
        items: Vec<Placed>,
        /// Baseline-to-baseline distance from the line above.
        advance: f32,
        /// Height above the baseline (for the first line of a page).
        ascent: f32,
        /// Keep on the same page as the next two lines (headings).
        keep_with_next: bool,
        /// What the line belongs to (scene breaks are never first or last on a page).
        role: Role,
        /// This line's index in its paragraph and the paragraph's number of lines: a page
        /// may not break after a paragraph's first line nor before its last (orphans and
        /// widows).
        index: u16,
        count: u16,
        /// Body text: the baseline snaps to the page's baseline grid.
        grid: bool,
        /// Where the line begins in the book's reading order (none for notes).
        from: Option<Place>,
    },
    /// Vertical space, dropped at the top of a page.
    Space(f32),
    /// Something of fixed height (a figure, a table row): items relative to its top-left.
    Block {
        items: Vec<Placed>,
        height: f32,
        kind: BlockKind,
        /// Where the block begins in the book's reading order.
        from: Option<Place>,
    },
    /// A chapter starts: a new recto page, then the sink.
    ChapterStart { sink: f32 },
    /// A heading for the outline and the contents; it stays with what follows it.
    Mark(Mark),
}

/// What a fixed-height block is, for the page builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A figure with its caption: may float to the next page while text fills this one.
    Figure,
    /// A figure the paragraph before it announces with a colon («como muestra el mapa:»):
    /// never floats away from it; the page breaks before the announcing line instead.
    AnnouncedFigure,
    /// A row of table `table`; a table broken across pages repeats its header row.
    TableRow {
        table: u32,
        header: bool,
        /// Which body row this is (the header's is 0 too), of `rows`.
        row: usize,
        rows: usize,
    },
}

/// A heading as the outline and the table of contents see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1 for the chapter, 2 for its sections, and so on; one more inside a part (the
    /// part's own title is 1).
    pub level: u8,
    pub title: String,
    pub anchor: Anchor,
    /// In the outline and the table of contents: the chapter and its level-2 headings
    /// in the running text (every other heading is only a destination for links).
    pub listed: bool,
}

/// A chapter set into lines: its running text and its footnotes, each note's lines
/// apart so that the page builder can put them at the foot of the page that refers to
/// them.
#[derive(Debug, Clone, Default)]
pub struct ChapterFlow {
    pub title: String,
    pub vlist: Vec<VItem>,
    /// `notes[n - 1]` holds the lines of note `n`.
    pub notes: Vec<Vec<VItem>>,
    /// The chapter's structure (the front matter's and the contents' are taken apart).
    pub tree: Tree,
    /// The paragraphs that may be set a line shorter or longer, in the list's order.
    pub variants: Vec<Variants>,
}

/// A set line: its items, its natural width, where its first word starts in its block.
type SetLine = (Vec<Placed>, f32, Option<u32>);

/// Where and how a run of blocks is set.
#[derive(Debug, Clone, Copy)]
struct Env {
    /// Left edge, from the text block's left.
    left: f32,
    measure: f32,
    size: f32,
    leading: f32,
    role: Role,
}

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    bold: bool,
    italic: bool,
    mono: bool,
    small_caps: bool,
    size: f32,
    rise: f32,
    /// Index into the chapter's `links`: the text is (part of) a link.
    link: Option<u32>,
    /// Struck through (`~~…~~`).
    strike: bool,
    /// Letterspacing added to small caps' own, in points: a line of small caps set by
    /// hand is filled by spacing its letters a little as well as its words.
    extra_tracking: f32,
}

impl Style {
    fn face(&self) -> FaceId {
        if self.mono {
            FaceId::Mono
        } else {
            FaceId::serif(self.bold, self.italic)
        }
    }

    /// The space added between letters, in points: small caps are letterspaced.
    fn tracking(&self) -> f32 {
        if self.small_caps && !self.mono {
            SMALL_CAPS_TRACKING * self.size + self.extra_tracking
        } else {
            0.0
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Justify,
    Left,
    Center,
    Right,
}

/// A link of the chapter: where it goes, and the destination its start carries (the
/// first reference to a note is the target of the note's number).
#[derive(Debug, Clone)]
struct LinkSpec {
    target: Target,
    destination: Option<Anchor>,
    /// The link's node in the structure.
    node: u32,
}

/// Sets one chapter (or any list of blocks) into lines.
pub struct Flow<'s, 'f, 'a> {
    shaper: &'s mut Shaper<'f, 'a>,
    hyphenator: Hyphenator,
    repeat_hyphen: bool,
    book: &'a Book,
    design: &'a PrintDesign,
    figures: &'s dyn FigureCheck,
    warnings: &'s Warnings,
    coverage: &'s Mutex<Coverage>,
    /// Characters set in another face than the one asked for, gathered here and given to
    /// `coverage` when the flow is done (one lock a chapter, not one a character).
    lacking: BTreeMap<FaceId, BTreeMap<char, FaceId>>,
    pub stats: Stats,
    pub out: Vec<VItem>,
    /// The chapter's paragraphs that may be set a line shorter or longer.
    variants: Vec<Variants>,
    /// Long paragraphs' items before breaking, for setting their last lines again.
    unbroken: Vec<Option<rebreak::Unbroken>>,
    /// The next paragraph starts without indent.
    no_indent: bool,
    /// The chapter being set (for links to its notes).
    chapter: usize,
    links: Vec<LinkSpec>,
    tables: u32,
    /// The number of the next block of the chapter in reading order (see `ir::position`).
    next_block: u32,
    /// The chapter block whose text is being set, if any.
    text_block: Option<u32>,
    /// How far into that block's text the spans made so far reach.
    cursor: Option<u32>,
    /// A place every line set now begins at (front matter, a chapter's opening).
    fixed: Option<Place>,
    /// Setting the chapter's body, whose blocks have places (its notes have none).
    placing: bool,
    /// Setting a trial (a display line on a narrower measure): nothing is counted or
    /// warned about.
    quiet: bool,
    /// The next block is the first after a chapter's opening, whose space it shares.
    after_opening: bool,
    /// The structure of what is being set, and the node the text set now is part of.
    tree: Tree,
    node: u32,
    /// Each note's node, made beside its reference where the reference is set.
    note_nodes: BTreeMap<u32, u32>,
    /// The level of the last heading tagged: the next is tagged at most one deeper.
    heading_level: u8,
    /// Setting a line block's paragraphs: each a stanza, its lines as written.
    line_block: Option<crate::ir::LineBlockKind>,
    /// Setting a dedication's or an epigraph's paragraphs.
    display_matter: Option<crate::ir::Matter>,
    /// The next block is the chapter's opening paragraph (see `ir::Chapter::opening_paragraph`).
    opening_next: bool,
    /// The drop cap of the paragraph being set, carried by its first line.
    initial: Option<opening::Initial>,
}

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    pub fn new(
        shaper: &'s mut Shaper<'f, 'a>,
        book: &'a Book,
        design: &'a PrintDesign,
        figures: &'s dyn FigureCheck,
        warnings: &'s Warnings,
        coverage: &'s Mutex<Coverage>,
    ) -> Self {
        let language = book.metadata.primary_language();
        Flow {
            shaper,
            hyphenator: Hyphenator::for_language(&book.metadata.language),
            // The RAE (and Portuguese and Galician usage) repeats the hyphen of a compound
            // broken at it: «franco-» / «-boliviano».
            repeat_hyphen: matches!(language.as_str(), "es" | "pt" | "gl"),
            book,
            design,
            figures,
            warnings,
            coverage,
            lacking: BTreeMap::new(),
            stats: Stats::default(),
            out: Vec::new(),
            no_indent: true,
            chapter: 0,
            links: Vec::new(),
            tables: 0,
            next_block: 0,
            text_block: None,
            cursor: None,
            fixed: None,
            placing: false,
            quiet: false,
            variants: Vec::new(),
            unbroken: Vec::new(),
            after_opening: false,
            tree: Tree::new(FRONT_TREE, Kind::Section),
            node: 0,
            note_nodes: BTreeMap::new(),
            heading_level: 1,
            line_block: None,
            display_matter: None,
            opening_next: false,
            initial: None,
        }
    }

    fn body_env(&self) -> Env {
        let pdf = self.design;
        Env {
            left: 0.0,
            measure: pdf.width - pdf.margin_inner - pdf.margin_outer,
            size: pdf.font_size,
            leading: pdf.leading,
            role: Role::Paragraph,
        }
    }

    fn base(&self, size: f32) -> Style {
        Style {
            bold: false,
            italic: false,
            mono: false,
            small_caps: false,
            size,
            rise: 0.0,
            link: None,
            strike: false,
            extra_tracking: 0.0,
        }
    }

    fn block(&mut self, block: &Block, env: Env) {
        let after_opening = std::mem::take(&mut self.after_opening);
        // Numbered as `ir::walk::blocks` walks them: this block, then those inside it.
        let number = self.next_block;
        if self.placing {
            self.next_block = self.next_block.saturating_add(1);
            self.text_block = Some(number);
            self.cursor = Some(0);
        }
        match block {
            Block::Heading {
                level,
                id,
                content,
                loc,
            } => {
                // 1.5 lines above and 0.5 below: with its own line, three whole lines,
                // so the text after it is back on the baseline grid. Straight after a
                // chapter's title the opening's space is the space above: title and
                // heading stay within four lines of each other, as one opening.
                if !after_opening {
                    self.out.push(VItem::Space(1.5 * env.leading));
                }
                self.out.push(VItem::Mark(Mark {
                    level: *level + self.book.depth(self.chapter),
                    title: crate::ir::plain_text(content),
                    anchor: Anchor {
                        chapter: self.chapter,
                        id: Some(id.clone()),
                    },
                    // A part's title page lists no headings: its chapters stand under it.
                    listed: *level <= 2
                        && env.role == Role::Paragraph
                        && self.book.chapters.get(self.chapter).map(|c| c.kind)
                            != Some(crate::ir::ChapterKind::Part),
                }));
                // Each level its own look at the text's size, from the strongest down:
                // bold, bold italic, italic, small caps, italic small caps (the capitals
                // kept, so names stay names).
                let (bold, italic, small_caps) = match level {
                    0..=2 => (true, false, false),
                    3 => (true, true, false),
                    4 => (false, true, false),
                    5 => (false, false, true),
                    _ => (false, true, true),
                };
                let style = Style {
                    bold,
                    italic,
                    small_caps,
                    ..self.base(env.size)
                };
                // Tagged without skipping a level, as a reader's list of headings nests
                // them (PDF/UA-1, 7.4.2): a `###` straight after the title is an H2.
                let tagged = (*level).clamp(1, self.heading_level.saturating_add(1));
                self.heading_level = tagged;
                let parent = self.open(Kind::Heading(tagged));
                let mut spans = Vec::new();
                self.spans(content, style, &mut spans);
                self.lines(
                    &spans,
                    Setting::display(env, Align::Left),
                    loc,
                    Role::Heading(*level),
                    true,
                );
                self.close(parent);
                self.out.push(VItem::Space(0.5 * env.leading));
                self.no_indent = true;
            }
            Block::Paragraph { content, loc } if self.line_block.is_some() => {
                self.stanza(content, env, loc);
            }
            Block::Paragraph { content, loc } if self.display_matter.is_some() => {
                self.matter_paragraph(content, env, loc);
            }
            Block::Paragraph { content, loc } if self.opening_next => {
                self.opening_paragraph(content, env, loc);
            }
            Block::Paragraph { content, loc } => {
                let parent = self.open(Kind::Paragraph);
                let mut spans = Vec::new();
                self.spans(content, self.base(env.size), &mut spans);
                // A quote's first paragraph is set flush, but not a speech: the rayas of
                // an exchange stand one under the other at the indent, each speech its own
                // paragraph (RAE, *Ortografía* 2010, «La raya»), the first as the next.
                let speech = env.role == Role::BlockQuote && crate::ir::opens_speech(content);
                let indent = if self.no_indent && !speech {
                    0.0
                } else {
                    env.size
                };
                self.lines(
                    &spans,
                    Setting::justified(env, indent),
                    loc,
                    env.role,
                    false,
                );
                self.close(parent);
                self.no_indent = false;
            }
            Block::BlockQuote { blocks, .. } => {
                let size = env.size - 1.0;
                let quote = Env {
                    left: env.left + 1.5 * size,
                    measure: env.measure - 3.0 * size,
                    size,
                    leading: env.leading - 1.0,
                    role: Role::BlockQuote,
                };
                self.out.push(VItem::Space(0.5 * env.leading));
                self.no_indent = true;
                let parent = self.open(Kind::BlockQuote);
                for b in blocks {
                    self.block(b, quote);
                }
                self.close(parent);
                self.out.push(VItem::Space(0.5 * env.leading));
                self.no_indent = true;
            }
            Block::LineBlock { kind, blocks, .. } => self.line_block(*kind, blocks, env),
            Block::List {
                start,
                tight,
                items,
                loc,
            } => self.list(*start, *tight, items, env, loc),
            Block::CodeBlock { text, loc, .. } => {
                let parent = self.open(Kind::Code);
                self.code(text, env, loc);
                self.close(parent);
            }
            Block::Table {
                alignments,
                header,
                rows,
                loc,
            } => self.table(alignments, header, rows, env, loc),
            Block::Figure {
                image,
                alt,
                caption,
                loc,
            } => self.figure(*image, alt, caption.as_deref(), env, loc),
            Block::SceneBreak { loc } => self.scene_break(env, loc),
        }
    }
}

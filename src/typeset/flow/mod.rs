//! Blocks → a vertical list of lines: each paragraph shaped, given its break points
//! (spaces, hyphenation, compounds, URLs) under the rules of Spanish typography, broken by
//! Knuth–Plass and set on its measure. Pages are made from this list in `paginate`.
//!
//! One file per concern: `paragraph` (setting spans into lines), `breaks` (a paragraph's
//! boxes, glue and penalties), `inlines` (inlines → styled spans), `blocks` (code,
//! figures), `table`, and this file (the chapter and the dispatch of blocks).

mod blocks;
mod breaks;
mod cover;
mod front;
mod inlines;
mod notes;
mod paragraph;
mod table;

pub(super) use blocks::PRINT_PPI;
pub use cover::Display;
pub use notes::NOTE_LEADING;
pub(super) use paragraph::MISSING_GLYPH;
pub use table::TABLE_CLOSING_RULE;

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::fonts::{Coverage, FaceId};
use super::hyphenate::Hyphenator;
use super::linebreak::Item as K;
use super::page::{Anchor, Placed, Role, Target, TextRun};
use super::shape::Shaper;
use super::FigureCheck;
use super::Stats;
use crate::diag::{Loc, Warnings};
use crate::ir::{Block, Book, Chapter, Place, TextPos};
use crate::locale;
use crate::typeset::PrintDesign;
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
    /// A row of table `table`; a table broken across pages repeats its header row.
    TableRow { table: u32, header: bool },
}

/// A heading as the outline and the table of contents see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1 for the chapter, 2 for its sections, and so on.
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
}

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
}

impl Style {
    fn face(&self) -> FaceId {
        if self.mono {
            FaceId::Mono
        } else {
            FaceId::serif(self.bold, self.italic)
        }
    }
}

#[derive(Debug, Clone)]
struct Span {
    text: String,
    style: Style,
    /// Where the text starts in its block's text, when it comes from the chapter's body.
    from: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Justify,
    Left,
    Center,
}

/// A paragraph item with what it draws.
struct PItem {
    k: K,
    /// What a box shows, or what a penalty shows at the end of the line when taken.
    run: Option<TextRun>,
    /// What a taken penalty shows at the start of the next line.
    post: Option<Box<TextRun>>,
    /// The link a box is part of (index into the chapter's `links`).
    link: Option<u32>,
    /// Where the word a box is part of starts in its block's text: a line's place in the
    /// book is its first word's, whole even when the line begins with the end of a
    /// hyphenated word.
    from: Option<u32>,
}

/// A link of the chapter: where it goes, and the destination its start carries (the
/// first reference to a note is the target of the note's number).
#[derive(Debug, Clone)]
struct LinkSpec {
    target: Target,
    destination: Option<Anchor>,
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
        }
    }

    /// Sets a chapter: its opening, its blocks, and its notes apart.
    pub fn chapter(&mut self, index: usize, chapter: &Chapter) -> ChapterFlow {
        self.chapter = index;
        self.links.clear();
        // Block 0 is the opening (label and title); the body's blocks count from 1.
        self.next_block = 1;
        self.fixed = Some(Place::Text(TextPos::opening(index)));
        let env = self.body_env();
        let text_height = {
            let pdf = self.design;
            pdf.height - pdf.margin_top - pdf.margin_bottom
        };
        // The sink: a third of the text block, in whole lines so the text below the
        // title can sit on the baseline grid.
        self.out.push(VItem::ChapterStart {
            sink: (text_height / 3.0 / env.leading).round() * env.leading,
        });
        self.out.push(VItem::Mark(Mark {
            level: 1,
            title: chapter.title_text(),
            anchor: Anchor {
                chapter: index,
                id: None,
            },
            listed: true,
        }));
        let label =
            locale::chapter_label(&self.book.metadata.language, &chapter.title_text(), index);
        let loc = Loc::file(&chapter.source);
        if let Some(label) = label {
            let style = Style {
                small_caps: true,
                ..self.base(env.size)
            };
            let spans = vec![Span {
                from: None,
                text: label.to_lowercase(),
                style,
            }];
            self.lines(
                &spans,
                Setting::display(env, Align::Center),
                &loc,
                Role::Heading(1),
                true,
            );
        }
        self.out.push(VItem::Space(env.leading));
        let title_size = 18.0;
        let mut spans = Vec::new();
        self.spans(&chapter.title, self.base(title_size), &mut spans);
        let title_env = Env {
            leading: 22.0,
            ..env
        };
        self.lines(
            &spans,
            Setting::display(title_env, Align::Center),
            &loc,
            Role::Heading(1),
            true,
        );
        self.out.push(VItem::Space(2.0 * env.leading));
        self.no_indent = true;
        self.fixed = None;
        self.placing = true;

        for (index, block) in chapter.blocks.iter().enumerate() {
            // The opening already sets the title (a heading: one block in the count).
            if Some(index) == chapter.title_block {
                self.next_block += 1;
            } else {
                self.block(block, env);
            }
        }
        self.placing = false;
        self.text_block = None;
        self.cursor = None;
        let vlist = std::mem::take(&mut self.out);
        let notes = chapter
            .footnotes
            .iter()
            .map(|note| {
                self.note(note, env);
                std::mem::take(&mut self.out)
            })
            .collect();
        ChapterFlow {
            title: chapter.title_text(),
            vlist,
            notes,
        }
    }

    fn block(&mut self, block: &Block, env: Env) {
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
                // so the text after it is back on the baseline grid.
                self.out.push(VItem::Space(1.5 * env.leading));
                self.out.push(VItem::Mark(Mark {
                    level: *level,
                    title: crate::ir::plain_text(content),
                    anchor: Anchor {
                        chapter: self.chapter,
                        id: Some(id.clone()),
                    },
                    listed: *level <= 2 && env.role == Role::Paragraph,
                }));
                let style = Style {
                    bold: *level <= 2,
                    italic: *level > 2,
                    ..self.base(env.size)
                };
                let mut spans = Vec::new();
                self.spans(content, style, &mut spans);
                self.lines(
                    &spans,
                    Setting::display(env, Align::Left),
                    loc,
                    Role::Heading(*level),
                    true,
                );
                self.out.push(VItem::Space(0.5 * env.leading));
                self.no_indent = true;
            }
            Block::Paragraph { content, loc } => {
                let mut spans = Vec::new();
                self.spans(content, self.base(env.size), &mut spans);
                let indent = if self.no_indent { 0.0 } else { env.size };
                self.lines(
                    &spans,
                    Setting::justified(env, indent),
                    loc,
                    env.role,
                    false,
                );
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
                for b in blocks {
                    self.block(b, quote);
                }
                self.out.push(VItem::Space(0.5 * env.leading));
                self.no_indent = true;
            }
            Block::List {
                start,
                tight,
                items,
                loc,
            } => self.list(*start, *tight, items, env, loc),
            Block::CodeBlock { text, loc, .. } => self.code(text, env, loc),
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
            Block::SceneBreak { loc } => {
                let ornament = self
                    .shaper
                    .fonts()
                    .first_available(FaceId::Regular, &["⁂", "* * *"]);
                self.out.push(VItem::Space(env.leading));
                let spans = vec![Span {
                    from: None,
                    text: ornament.to_string(),
                    style: self.base(env.size),
                }];
                self.lines(
                    &spans,
                    Setting::new(env, Align::Center),
                    loc,
                    Role::SceneBreak,
                    false,
                );
                self.out.push(VItem::Space(env.leading));
                self.no_indent = true;
            }
        }
    }
}

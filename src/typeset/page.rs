//! Laid-out pages: positioned glyph runs, rules and images, and nothing else.
//!
//! Layout produces these; `write.rs` only turns them into PDF operators, so the writer
//! never sees a paragraph and layout can be tested without PDF bytes. Coordinates are in
//! points from the page's top-left corner, y growing downwards; a text run's `y` is its
//! baseline. Each item says what it belongs to ([`Role`]), for tagging later.

use std::sync::Arc;

use super::fonts::FaceId;
use super::structure::NodeId;
use crate::ir::{ImageId, Place};

/// A point on the page, in points from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// What a positioned item is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Paragraph,
    Heading(u8),
    BlockQuote,
    ListItem,
    Code,
    TableCell,
    Figure,
    Caption,
    Note,
    SceneBreak,
    /// A line of verse, or of centred or flush-right lines: set as written.
    Lines,
    /// The book's or the chapter's title at the head of a page.
    RunningHead,
    Folio,
    /// An entry of the table of contents.
    TocEntry,
    /// Half-title, title page, copyright page.
    FrontMatter,
    /// A drop cap: read with its paragraph's first line, beside which it stands lower.
    Initial,
}

/// A place in the book a link or a bookmark can go to: a chapter, or an id in it
/// (a heading's slug, `nota.N` for a footnote, `ref.N` for its first reference).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Anchor {
    pub chapter: usize,
    pub id: Option<String>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Outside the book: a URI annotation.
    Uri(String),
    /// Inside the book: an internal link to the page and height of the anchor.
    Anchor(Anchor),
}

/// What kind of page a page is: decides its running head and folio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageKind {
    /// Half-title, title, copyright: no running head, no folio.
    #[default]
    Display,
    /// A chapter's (or the contents') first page: folio only in the label, none printed.
    Opening,
    /// A page of running text: running head and folio.
    Body,
    /// A verso left empty so that the next chapter opens on a recto.
    Blank,
}

/// One line of running text on a page, for text dumps and layout tests.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowLine {
    pub text: String,
    pub role: Role,
    /// This line's index in its paragraph and the paragraph's number of lines.
    pub index: u16,
    pub count: u16,
}

/// One glyph of a run, placed relative to the run's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// From the run's origin to the glyph's origin, in points.
    pub x: f32,
    /// Raise above the baseline (marks), in points.
    pub rise: f32,
    /// The glyph moves the pen (a mark does not): letterspacing goes before it.
    pub advancing: bool,
}

impl Placed {
    /// Moves the item by `(dx, dy)`, with both ends of a rule.
    pub fn translate(&mut self, dx: f32, dy: f32) {
        self.at.x += dx;
        self.at.y += dy;
        if let Item::Rule { to, .. } = &mut self.item {
            to.x += dx;
            to.y += dy;
        }
    }
}

/// Which way a run's baseline goes on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Left to right, as text on a page.
    #[default]
    Across,
    /// From the foot of the page up (a spine read with the head tilted left).
    Up,
    /// From the head of the page down (a spine read with the head tilted right).
    Down,
}

/// Glyphs in one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: FaceId,
    pub size: f32,
    /// Shared, as is the text: a page is copied whole when a live preview keeps a
    /// chapter's pages from one build to the next, and a run is never changed once set.
    pub glyphs: Arc<[PlacedGlyph]>,
    /// Where the pen ends, from the origin (the run's width), in points.
    pub width: f32,
    /// The text the run shows, for text dumps of the layout.
    pub text: Arc<str>,
    /// Struck through: the flow draws a rule across it.
    pub strike: bool,
    /// The way the baseline runs from the item's point; glyph offsets go along it.
    pub direction: Direction,
    /// A word space comes before the run in the text (a gap on its line, or the space a
    /// line break took): a writer of text for reading (a tagged PDF) puts one there.
    pub spaced: bool,
    /// Points added between the run's letters after shaping (a justified line's share
    /// of its slack, see [`TextRun::track`]), already in the glyphs' places: a PDF sets it
    /// as character spacing rather than an offset at every glyph.
    pub letterspacing: f32,
}

impl TextRun {
    /// The gaps between the run's letters, where letterspacing goes: none before the
    /// first, after the last, or between a letter and its marks.
    pub fn letter_gaps(&self) -> usize {
        self.glyphs
            .iter()
            .filter(|g| g.advancing)
            .count()
            .saturating_sub(1)
    }

    /// Letterspaces the run by `delta` points more in each gap between its letters.
    pub fn track(&mut self, delta: f32) {
        let mut spaced = 0.0;
        let mut first = true;
        self.glyphs = self
            .glyphs
            .iter()
            .map(|g| {
                if g.advancing && !std::mem::take(&mut first) {
                    spaced += delta;
                }
                PlacedGlyph {
                    x: g.x + spaced,
                    ..*g
                }
            })
            .collect();
        self.width += spaced;
        self.letterspacing += delta;
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Glyphs with their baseline's start at the item's point.
    Text(TextRun),
    /// A straight line from the item's point to `to`.
    Rule { to: Point, thickness: f32 },
    /// An image with its top-left corner at the item's point.
    Image {
        image: ImageId,
        width: f32,
        height: f32,
        /// The description for readers who cannot see it (empty: decorative).
        alt: String,
        /// The part of the page it shows in, when it is cut (a cover's image filling its
        /// panel and bleed): its top-left corner, width and height.
        clip: Option<(Point, f32, f32)>,
    },
    /// A stroked rectangle (an image that could not be embedded), top-left at the point.
    Frame {
        width: f32,
        height: f32,
        alt: String,
    },
    /// A clickable area, top-left at the point; draws nothing.
    Link {
        width: f32,
        height: f32,
        target: Target,
    },
    /// A destination for links and bookmarks at the point; draws nothing.
    Destination(Anchor),
}

/// Where an item stands in the book's logical structure (see [`super::structure`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Page furniture or decoration, not the book's text: running heads, folios, rules,
    /// leader dots, ornaments.
    #[default]
    Artifact,
    /// Part of a node's content.
    Content(NodeId),
    /// Drawn inside a node's content but not part of its text: the hyphen the typesetter
    /// adds at a line break, so the word is read whole.
    Added(NodeId),
}

/// A positioned item and what it is part of.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub at: Point,
    pub role: Role,
    pub item: Item,
    /// Its node in the book's structure, or none (furniture).
    pub tag: Tag,
}

/// One page, ready to be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// The trim size (bleed is added by the writer).
    pub width: f32,
    pub height: f32,
    pub kind: PageKind,
    /// The page's number as printed and as its PDF page label (`iii`, `7`).
    pub label: String,
    pub items: Vec<Placed>,
    /// The running text's lines in reading order (no heads, folios or notes).
    pub lines: Vec<FlowLine>,
    /// Where the page's own text begins in the book's reading order (none on a blank
    /// page, or one holding only the end of a note).
    pub start: Option<Place>,
}

/// One printed line of a page's text and where it stands: the text layer a viewer lays
/// over the drawn glyphs (for selection and search) needs the position as well as the words.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// The line's runs joined, with a space where a gap parts them.
    pub text: String,
    /// The first run's origin: the line's start on its baseline.
    pub at: Point,
    /// Where the last run's pen ends, in points from the page's left edge.
    pub end: f32,
    /// The first run's size.
    pub size: f32,
}

impl Page {
    /// The page's text, line by line (runs grouped by baseline, words spaced by gaps).
    pub fn text_lines(&self) -> Vec<String> {
        self.placed_lines().into_iter().map(|l| l.text).collect()
    }

    /// The page's lines of text, top to bottom, each with its place (see [`Page::text_lines`]).
    pub fn placed_lines(&self) -> Vec<PlacedLine> {
        // A drop cap is read on its paragraph's first line: the next run's, in the order
        // the items were placed.
        let texts: Vec<(&Placed, &TextRun)> = self
            .items
            .iter()
            .filter_map(|p| match &p.item {
                Item::Text(run) => Some((p, run)),
                _ => None,
            })
            .collect();
        let mut runs: Vec<(f32, f32, f32, &TextRun, bool)> = texts
            .iter()
            .enumerate()
            .map(|(i, (p, run))| {
                let y = match p.role {
                    Role::Initial => texts[i..]
                        .iter()
                        .find(|(q, _)| q.role != Role::Initial)
                        .map_or(p.at.y, |(q, _)| q.at.y),
                    _ => p.at.y,
                };
                (y, p.at.x, run.size, *run, p.role == Role::Initial)
            })
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<PlacedLine> = Vec::new();
        // The baseline of the run before (not the line's first): a line is a chain of
        // runs each within a point of the one before it.
        let mut last_y: Option<f32> = None;
        // After a drop cap, the text says whether a space follows it, not the gap.
        let mut after_initial = false;
        for (y, x, size, run, initial) in runs {
            match (last_y, lines.last_mut()) {
                (Some(ly), Some(line)) if (y - ly).abs() < 1.0 => {
                    let gap = x - line.end > 0.15 * size;
                    if (after_initial && !initial && run.spaced) || (!after_initial && gap) {
                        line.text.push(' ');
                    }
                    line.text.push_str(&run.text);
                    line.end = x + run.width;
                }
                _ => lines.push(PlacedLine {
                    text: run.text.to_string(),
                    at: Point { x, y },
                    end: x + run.width,
                    size,
                }),
            }
            last_y = Some(y);
            after_initial = initial;
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f32, advancing: bool) -> PlacedGlyph {
        PlacedGlyph {
            gid: 1,
            x,
            rise: 0.0,
            advancing,
        }
    }

    #[test]
    fn letterspacing_goes_between_letters_and_leaves_marks_on_theirs() {
        // «n», «o» with a mark over it, «s»: two gaps between three letters.
        let mut run = TextRun {
            face: FaceId::Regular,
            size: 10.0,
            glyphs: vec![
                glyph(0.0, true),
                glyph(5.0, true),
                glyph(5.5, false),
                glyph(10.0, true),
            ]
            .into(),
            width: 14.0,
            text: "nõs".into(),
            strike: false,
            direction: Direction::Across,
            spaced: false,
            letterspacing: 0.0,
        };
        assert_eq!(run.letter_gaps(), 2);
        run.track(0.25);
        let xs: Vec<f32> = run.glyphs.iter().map(|g| g.x).collect();
        assert_eq!(xs, [0.0, 5.25, 5.75, 10.5]);
        assert_eq!(run.width, 14.5);
        // Tightened, the same way back.
        run.track(-0.25);
        let xs: Vec<f32> = run.glyphs.iter().map(|g| g.x).collect();
        assert_eq!(xs, [0.0, 5.0, 5.5, 10.0]);
        assert_eq!(run.width, 14.0);
    }
}

//! Laid-out pages: positioned glyph runs, rules and images, and nothing else.
//!
//! Layout produces these; `write.rs` only turns them into PDF operators, so the writer
//! never sees a paragraph and layout can be tested without PDF bytes. Coordinates are in
//! points from the page's top-left corner, y growing downwards; a text run's `y` is its
//! baseline. Each item says what it belongs to ([`Role`]), for tagging later.

use super::fonts::FaceId;
use crate::ir::ImageId;

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
    Folio,
}

/// One glyph of a run, placed relative to the run's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub gid: u16,
    /// From the run's origin to the glyph's origin, in points.
    pub x: f32,
    /// Raise above the baseline (marks), in points.
    pub rise: f32,
}

/// Glyphs in one face and size on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub face: FaceId,
    pub size: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// Where the pen ends, from the origin (the run's width), in points.
    pub width: f32,
    /// The text the run shows, for text dumps of the layout.
    pub text: String,
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
    },
    /// A stroked rectangle (an image that could not be embedded), top-left at the point.
    Frame { width: f32, height: f32 },
}

/// A positioned item and what it is part of.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub at: Point,
    pub role: Role,
    pub item: Item,
}

/// One page, ready to be written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Placed>,
}

impl Page {
    /// The page's text, line by line (runs grouped by baseline, words spaced by gaps).
    pub fn text_lines(&self) -> Vec<String> {
        let mut runs: Vec<(f32, f32, f32, &TextRun)> = self
            .items
            .iter()
            .filter_map(|p| match &p.item {
                Item::Text(run) => Some((p.at.y, p.at.x, run.size, run)),
                _ => None,
            })
            .collect();
        runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<String> = Vec::new();
        let mut last: Option<(f32, f32)> = None;
        for (y, x, size, run) in runs {
            match last {
                Some((ly, end)) if (y - ly).abs() < 1.0 => {
                    let line = lines.last_mut().expect("a line was started");
                    if x - end > 0.15 * size {
                        line.push(' ');
                    }
                    line.push_str(&run.text);
                }
                _ => lines.push(run.text.clone()),
            }
            last = Some((y, x + run.width));
        }
        lines
    }
}

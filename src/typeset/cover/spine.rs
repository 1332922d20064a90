//! The spine's line: title and authors centred along it, the publisher at the foot, set
//! across the spine's width inside its safety margins and turned the way the book's
//! country reads spines.

use super::CoverSpec;
use crate::ir::Metadata;
use crate::typeset::flow::{Display, Flow};
use crate::typeset::page::{Direction, Item, Placed, Point, Role, TextRun};

/// The spine's type is never larger than this, however thick the book.
const MAX_SIZE: f32 = 14.0;
/// Nor smaller than this: a thinner spine goes without text.
const MIN_SIZE: f32 = 5.0;
/// Where the baseline sits across the spine: lower-case ascenders and capitals reach
/// about 0.72 em in a book face, descenders 0.22 em below; the body between is centred.
const ASCENT: f32 = 0.72;
const DESCENT: f32 = 0.22;
/// The room across the spine a size takes: an accented capital (Á, É) reaches 0.9 em,
/// 0.65 em above the centred body's middle, so a size of 1/1.3 of the room keeps it in.
const BODY: f32 = 1.3;

/// Whether a spine `spine` points wide, its text kept `margin` inside each fold, has room
/// for type of a readable size.
pub fn fits(spine: f32, margin: f32) -> bool {
    (spine - 2.0 * margin) / BODY >= MIN_SIZE
}

/// The spine's text of the cover `spec` describes, running `direction`; none when the
/// spine is too thin for type of a readable size.
pub fn text(
    flow: &mut Flow,
    meta: &Metadata,
    spec: &CoverSpec,
    direction: Direction,
) -> Vec<Placed> {
    let across = spec.spine - 2.0 * spec.spine_margin;
    let mut size = (across / BODY).min(MAX_SIZE);
    if size < MIN_SIZE {
        return Vec::new();
    }
    // Clear of the head and foot by the cover's margin; the runs shrink to the length.
    let length = spec.height - 2.0 * spec.margin;
    let gap = |size: f32| 1.5 * size;
    let authors = crate::locale::join_names(&meta.authors, crate::locale::words(&meta.language));
    let set = |flow: &mut Flow, size: f32| {
        let look = |italic: bool, caps: bool, size: f32| Display {
            size,
            leading: size,
            italic,
            bold: false,
            caps,
        };
        let title = flow.cover_run(&meta.title, look(false, false, size), false);
        let authors =
            (!authors.is_empty()).then(|| flow.cover_run(&authors, look(true, false, size), false));
        let publisher = meta
            .publisher
            .as_ref()
            .map(|p| flow.cover_run(&p.to_lowercase(), look(false, true, 0.8 * size), false));
        (title, authors, publisher)
    };
    let (mut title, mut names, mut publisher) = set(flow, size);
    let group = |title: &TextRun, names: &Option<TextRun>, size: f32| {
        title.width + names.as_ref().map_or(0.0, |n| gap(size) + n.width)
    };
    // Title and authors centred on the spine's length; the publisher at the foot, kept
    // only when it stays clear of them.
    let mut long = group(&title, &names, size);
    if long > length {
        size *= length / long;
        if size < MIN_SIZE {
            return Vec::new();
        }
        (title, names, publisher) = set(flow, size);
        long = group(&title, &names, size);
    }
    let start = (spec.height - long) / 2.0;
    let publisher = publisher.filter(|p| p.width + 2.0 * gap(size) <= start - spec.margin);

    // The baseline across the spine: the glyphs' body centred between the folds.
    // Turned up, ascenders point to the back; turned down, to the front.
    let centre = spec.width + spec.spine / 2.0;
    let shift = (ASCENT - DESCENT) / 2.0 * size;
    let x = match direction {
        Direction::Up => centre + shift,
        _ => centre - shift,
    };
    // `along` is the distance from where reading starts: the foot when the line runs
    // up, the head when it runs down.
    let place = |run: TextRun, along: f32| {
        let y = match direction {
            Direction::Up => spec.height - along,
            _ => along,
        };
        Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point { x, y },
            role: Role::FrontMatter,
            item: Item::Text(TextRun { direction, ..run }),
        }
    };
    let mut items = Vec::new();
    let names_at = start + title.width + gap(size);
    items.push(place(title, start));
    if let Some(names) = names {
        items.push(place(names, names_at));
    }
    if let Some(publisher) = publisher {
        let along = match direction {
            Direction::Up => spec.margin,
            _ => spec.height - spec.margin - publisher.width,
        };
        items.push(place(publisher, along));
    }
    items
}

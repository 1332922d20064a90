//! The document's navigation, added to printpdf's output with lopdf: nested bookmarks
//! (chapters with their level-2 headings under them, each pointing at the heading's
//! height), page labels matching the printed folios (roman, then arabic from chapter 1),
//! the link annotations (internal destinations and URIs, without borders), and the
//! bleed box on every page.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::Sheets;
use crate::diag::{Diagnostic, Result};
use crate::typeset::page::{Anchor, Item, Target};
use crate::typeset::Layout;

/// Adds page labels and boxes to the document, and for a screen PDF (`links`) its
/// outline and link annotations; returns each page's annotations with the index of the
/// item each comes from.
pub fn apply(
    lo: &mut Document,
    layout: &Layout,
    sheets: &Sheets,
    links: bool,
    catalog: ObjectId,
) -> Result<Vec<Vec<(ObjectId, usize)>>> {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != layout.pages.len() {
        return Err(Diagnostic::general(format!(
            "writing the PDF: {} pages laid out but {} written",
            layout.pages.len(),
            pages.len()
        )));
    }
    // From layout coordinates (top-left origin, y down) to PDF user space.
    let to_pdf = |page: usize, x: f32, y: f32| {
        let sheet = sheets.of(page, &layout.pages[page]);
        (sheet.x + x, sheet.y + layout.pages[page].height - y)
    };
    let dest = |page: usize, x: f32, y: f32| {
        let (x, y) = to_pdf(page, x, y);
        Object::Array(vec![
            Object::Reference(pages[page]),
            Object::Name(b"XYZ".to_vec()),
            Object::Real(x.max(0.0)),
            Object::Real(y),
            Object::Null,
        ])
    };

    // Destinations in the layout.
    let mut anchors: HashMap<&Anchor, (usize, f32, f32)> = HashMap::new();
    for (i, page) in layout.pages.iter().enumerate() {
        for p in &page.items {
            if let Item::Destination(anchor) = &p.item {
                anchors.entry(anchor).or_insert((i, p.at.x, p.at.y));
            }
        }
    }

    // Link annotations.
    let mut made = Vec::with_capacity(layout.pages.len());
    for (i, page) in layout.pages.iter().enumerate() {
        let mut annots = Vec::new();
        let mut from = Vec::new();
        for (k, p) in page.items.iter().enumerate().filter(|_| links) {
            let Item::Link {
                width,
                height,
                target,
            } = &p.item
            else {
                continue;
            };
            let (x1, y2) = to_pdf(i, p.at.x, p.at.y);
            let mut annot = Dictionary::new();
            annot.set("Type", Object::Name(b"Annot".to_vec()));
            annot.set("Subtype", Object::Name(b"Link".to_vec()));
            annot.set(
                "Rect",
                Object::Array(
                    [x1, y2 - height, x1 + width, y2]
                        .into_iter()
                        .map(Object::Real)
                        .collect(),
                ),
            );
            // No border: the link is there for the reader's finger, not the eye.
            annot.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            // Printed with the page (PDF/A-2 wants the flag, ISO 19005-2, 6.3.2).
            annot.set("F", Object::Integer(4));
            match target {
                Target::Uri(uri) => {
                    let mut action = Dictionary::new();
                    action.set("S", Object::Name(b"URI".to_vec()));
                    action.set(
                        "URI",
                        Object::String(uri.as_bytes().to_vec(), lopdf::StringFormat::Literal),
                    );
                    annot.set("A", Object::Dictionary(action));
                }
                Target::Anchor(anchor) => {
                    // A heading without a bookmark of its own falls back to its chapter.
                    let found = anchors.get(anchor).or_else(|| {
                        anchors.get(&Anchor {
                            chapter: anchor.chapter,
                            id: None,
                        })
                    });
                    let Some(&(page, x, y)) = found else { continue };
                    annot.set("Dest", dest(page, x, y));
                }
            }
            let id = lo.add_object(annot);
            annots.push(Object::Reference(id));
            from.push((id, k));
        }
        made.push(from);
        let page_dict = lo
            .get_object_mut(pages[i])
            .and_then(Object::as_dict_mut)
            .map_err(|_| Diagnostic::general("writing the PDF: a page is not a dictionary"))?;
        if annots.is_empty() {
            // printpdf leaves an empty array on every page.
            page_dict.remove(b"Annots");
        } else {
            page_dict.set("Annots", Object::Array(annots));
        }
        if let Ok(media) = page_dict.get(b"MediaBox").cloned() {
            page_dict.set("BleedBox", media);
        }
        // printpdf writes a Rect's width and height where the upper-right corner belongs,
        // which is wrong as soon as the trim box does not start at the origin.
        let (w, h) = (layout.pages[i].width, layout.pages[i].height);
        let sheet = sheets.of(i, &layout.pages[i]);
        page_dict.set(
            "TrimBox",
            Object::Array(
                [sheet.x, sheet.y, sheet.x + w, sheet.y + h]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            ),
        );
    }

    // Bookmarks: parts, chapters and sections, each under the one above it.
    let mut catalog_entries = Vec::new();
    // A print interior carries no bookmarks: printers refuse them.
    if !layout.outline.is_empty() && links {
        let levels: Vec<u8> = layout.outline.iter().map(|e| e.level).collect();
        let tree = nest(&levels);
        let root = lo.new_object_id();
        let ids: Vec<ObjectId> = layout.outline.iter().map(|_| lo.new_object_id()).collect();
        for (i, entry) in layout.outline.iter().enumerate() {
            let node = &tree[i];
            let mut d = Dictionary::new();
            d.set("Title", super::metadata::text(&entry.title));
            d.set(
                "Parent",
                Object::Reference(node.parent.map_or(root, |p| ids[p])),
            );
            d.set("Dest", dest(entry.page, 0.0, entry.y));
            if let Some(prev) = node.prev {
                d.set("Prev", Object::Reference(ids[prev]));
            }
            if let Some(next) = node.next {
                d.set("Next", Object::Reference(ids[next]));
            }
            if let (Some(first), Some(last)) = (node.first, node.last) {
                d.set("First", Object::Reference(ids[first]));
                d.set("Last", Object::Reference(ids[last]));
                // Open, showing every entry below it.
                d.set("Count", Object::Integer(node.below as i64));
            }
            lo.objects.insert(ids[i], Object::Dictionary(d));
        }
        let last_top = (0..tree.len()).rev().find(|&i| tree[i].parent.is_none());
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Outlines".to_vec()));
        d.set("First", Object::Reference(ids[0]));
        d.set("Last", Object::Reference(ids[last_top.unwrap_or(0)]));
        d.set("Count", Object::Integer(layout.outline.len() as i64));
        lo.objects.insert(root, Object::Dictionary(d));
        catalog_entries.push(("Outlines", Object::Reference(root)));
        catalog_entries.push(("PageMode", Object::Name(b"UseOutlines".to_vec())));
    }

    // Page labels: what the folios print.
    let style = |s: &[u8]| {
        let mut d = Dictionary::new();
        d.set("S", Object::Name(s.to_vec()));
        Object::Dictionary(d)
    };
    let mut nums = Vec::new();
    if layout.front_pages > 0 {
        nums.push(Object::Integer(0));
        nums.push(style(b"r"));
    }
    nums.push(Object::Integer(layout.front_pages as i64));
    nums.push(style(b"D"));
    let mut labels = Dictionary::new();
    labels.set("Nums", Object::Array(nums));
    catalog_entries.push(("PageLabels", Object::Dictionary(labels)));

    let catalog = lo
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| Diagnostic::general("writing the PDF: the catalog is not a dictionary"))?;
    for (key, value) in catalog_entries {
        catalog.set(key, value);
    }
    Ok(made)
}

/// Where an outline entry stands among the others.
#[derive(Debug, Default, Clone, PartialEq)]
struct Node {
    parent: Option<usize>,
    prev: Option<usize>,
    next: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    /// Entries below it, at any depth.
    below: usize,
}

/// The outline's shape from the entries' levels: an entry goes under the nearest entry
/// before it of a lower level.
fn nest(levels: &[u8]) -> Vec<Node> {
    let mut nodes = vec![Node::default(); levels.len()];
    let mut open: Vec<usize> = Vec::new();
    // The last child seen of each entry, and of the top level.
    let mut last_top: Option<usize> = None;
    for (i, &level) in levels.iter().enumerate() {
        while open.last().is_some_and(|&o| levels[o] >= level) {
            open.pop();
        }
        let parent = open.last().copied();
        let prev = match parent {
            Some(p) => nodes[p].last,
            None => last_top,
        };
        nodes[i].parent = parent;
        nodes[i].prev = prev;
        if let Some(prev) = prev {
            nodes[prev].next = Some(i);
        }
        match parent {
            Some(p) => {
                nodes[p].first.get_or_insert(i);
                nodes[p].last = Some(i);
            }
            None => last_top = Some(i),
        }
        for &o in &open {
            nodes[o].below += 1;
        }
        open.push(i);
    }
    nodes
}

#[cfg(test)]
mod tests {
    #[test]
    fn outline_entries_nest_under_the_entry_above_of_a_lower_level() {
        // A chapter, a part with a chapter and its section, then a chapter outside parts.
        let tree = super::nest(&[1, 1, 2, 3, 1]);
        let parents: Vec<Option<usize>> = tree.iter().map(|t| t.parent).collect();
        assert_eq!(parents, [None, None, Some(1), Some(2), None]);
        assert_eq!(
            (tree[1].first, tree[1].last, tree[1].below),
            (Some(2), Some(2), 2)
        );
        assert_eq!(
            (tree[4].prev, tree[1].next, tree[0].prev),
            (Some(1), Some(4), None)
        );
        assert_eq!(tree[2].next, None);
    }
}

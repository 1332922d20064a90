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

    // Bookmarks: chapters, with their sections nested.
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, entry) in layout.outline.iter().enumerate() {
        match tree.last_mut() {
            Some((_, children)) if entry.level > 1 => children.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let mut catalog_entries = Vec::new();
    // A print interior carries no bookmarks: printers refuse them.
    if !tree.is_empty() && links {
        let root = lo.new_object_id();
        let ids: Vec<ObjectId> = tree.iter().map(|_| lo.new_object_id()).collect();
        let mut total = 0;
        for (n, (entry, children)) in tree.iter().enumerate() {
            let child_ids: Vec<ObjectId> = children.iter().map(|_| lo.new_object_id()).collect();
            for (m, &c) in children.iter().enumerate() {
                let e = &layout.outline[c];
                let mut d = Dictionary::new();
                d.set("Title", super::metadata::text(&e.title));
                d.set("Parent", Object::Reference(ids[n]));
                d.set("Dest", dest(e.page, 0.0, e.y));
                if m > 0 {
                    d.set("Prev", Object::Reference(child_ids[m - 1]));
                }
                if m + 1 < child_ids.len() {
                    d.set("Next", Object::Reference(child_ids[m + 1]));
                }
                lo.objects.insert(child_ids[m], Object::Dictionary(d));
            }
            let e = &layout.outline[*entry];
            let mut d = Dictionary::new();
            d.set("Title", super::metadata::text(&e.title));
            d.set("Parent", Object::Reference(root));
            d.set("Dest", dest(e.page, 0.0, e.y));
            if n > 0 {
                d.set("Prev", Object::Reference(ids[n - 1]));
            }
            if n + 1 < ids.len() {
                d.set("Next", Object::Reference(ids[n + 1]));
            }
            if let (Some(first), Some(last)) = (child_ids.first(), child_ids.last()) {
                d.set("First", Object::Reference(*first));
                d.set("Last", Object::Reference(*last));
                d.set("Count", Object::Integer(child_ids.len() as i64));
            }
            total += 1 + child_ids.len();
            lo.objects.insert(ids[n], Object::Dictionary(d));
        }
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Outlines".to_vec()));
        d.set("First", Object::Reference(ids[0]));
        d.set("Last", Object::Reference(ids[ids.len() - 1]));
        d.set("Count", Object::Integer(total as i64));
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

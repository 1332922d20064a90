//! The structure tree of a tagged PDF, built from the marks the page streams made.
//!
//! A node's children are put in the order their content is first met, page by page and
//! item by item (the typesetter places items in reading order): a paragraph's words, then
//! the link inside it, then the words after the link. Two exceptions: a note is read
//! right after its reference (not at the page's foot), and a table cell left empty keeps
//! its place in its row, so every row has a cell for every column.

use rustc_hash::{FxHashMap, FxHashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::{structure_type, Tagging};
use crate::pdf::document::PageMarks;
use crate::pdf::metadata::text;
use crate::typeset::page::{Item, Tag};
use crate::typeset::structure::{Kind, NodeId};
use crate::typeset::Layout;

/// A child of a structure element.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kid {
    Node(NodeId),
    /// A marked-content sequence of page `page`.
    Content {
        page: usize,
        mcid: usize,
    },
    /// An annotation of page `page` (a link's clickable area).
    Annotation {
        page: usize,
        annot: ObjectId,
    },
}

/// The tree as it is met: each node's children, and the nodes in the order first met.
struct Builder<'t> {
    tagging: &'t Tagging<'t>,
    kids: FxHashMap<NodeId, Vec<Kid>>,
    /// The document element's children: the trees' roots.
    top: Vec<NodeId>,
    seen: FxHashSet<NodeId>,
    order: Vec<NodeId>,
}

impl Builder<'_> {
    /// Makes sure `id` and its ancestors are in the tree, each in its parent's children.
    fn meet(&mut self, id: NodeId) {
        if !self.seen.insert(id) {
            return;
        }
        self.order.push(id);
        let Some(node) = self.tagging.node(id) else {
            return;
        };
        let Some(parent) = node.parent else {
            self.top.push(id);
            return;
        };
        let parent = NodeId {
            tree: id.tree,
            index: parent,
        };
        self.meet(parent);
        let after = node.after.map(|index| NodeId {
            tree: id.tree,
            index,
        });
        let siblings = self.kids.entry(parent).or_default();
        let at = after
            .and_then(|a| siblings.iter().position(|k| *k == Kid::Node(a)))
            .map_or(siblings.len(), |p| p + 1);
        siblings.insert(at, Kid::Node(id));
    }

    fn push(&mut self, id: NodeId, kid: Kid) {
        self.meet(id);
        self.kids.entry(id).or_default().push(kid);
    }

    /// Empty table cells keep their place among their row's cells, and empty rows among
    /// the table's rows: a table reads as a grid (PDF/UA-1, 7.5).
    fn keep_empty_cells(&mut self) {
        for tree in self.tagging.structure {
            for (index, node) in tree.nodes.iter().enumerate() {
                let id = tree.id_of(index as u32);
                let Some(parent) = node.parent.map(|p| tree.id_of(p)) else {
                    continue;
                };
                // Rows come before their cells in a tree: a row kept here keeps its cells.
                let cell = matches!(
                    node.kind,
                    Kind::TableRow | Kind::TableCell | Kind::HeaderCell | Kind::RowHeader
                );
                if !cell || self.seen.contains(&id) || !self.seen.contains(&parent) {
                    continue;
                }
                self.seen.insert(id);
                self.order.push(id);
                let siblings = self.kids.entry(parent).or_default();
                let at = siblings
                    .iter()
                    .position(|k| matches!(k, Kid::Node(n) if n.index > id.index))
                    .unwrap_or(siblings.len());
                siblings.insert(at, Kid::Node(id));
            }
        }
    }

    /// Puts each element's child elements in the order the book has them, in the places
    /// the children take among the element's content: a figure floated overleaf is read
    /// where the author put it, a list item's label before its body.
    fn in_book_order(&mut self) {
        for kids in self.kids.values_mut() {
            let mut nodes: Vec<NodeId> = kids
                .iter()
                .filter_map(|k| match k {
                    Kid::Node(n) => Some(*n),
                    _ => None,
                })
                .collect();
            nodes.sort_unstable();
            let mut nodes = nodes.into_iter();
            for kid in kids.iter_mut() {
                if let Kid::Node(n) = kid {
                    *n = nodes.next().unwrap_or(*n);
                }
            }
        }
    }
}

/// Adds the structure tree to a screen PDF: the structure elements, the parent tree,
/// `/StructParents` and `/Tabs /S` on every page, `/StructParent` and `/Contents` on the
/// link annotations (`annots`, as `navigation` made them), and in the catalog
/// `/StructTreeRoot`, `/MarkInfo` and `/ViewerPreferences`.
pub fn apply(
    lo: &mut Document,
    layout: &Layout,
    tagging: &Tagging<'_>,
    marks: &[PageMarks],
    annots: &[Vec<(ObjectId, usize)>],
    catalog: ObjectId,
) -> Result<(), &'static str> {
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let mut builder = Builder {
        tagging,
        kids: FxHashMap::default(),
        top: Vec::new(),
        seen: FxHashSet::default(),
        order: Vec::new(),
    };
    // Link annotations, by node: the node's text is the annotation's description.
    let mut links: Vec<(ObjectId, NodeId)> = Vec::new();
    for (page, layout_page) in layout.pages.iter().enumerate() {
        // The page's marked content and annotations, in the order of their items.
        let mut met: Vec<(usize, NodeId, Kid)> = marks
            .get(page)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(mcid, &(node, item))| (item, node, Kid::Content { page, mcid }))
            .collect();
        for &(annot, item) in annots.get(page).into_iter().flatten() {
            if let Some(Tag::Content(node)) = layout_page.items.get(item).map(|p| p.tag) {
                met.push((item, node, Kid::Annotation { page, annot }));
                links.push((annot, node));
            }
        }
        met.sort_by_key(|m| m.0);
        for (_, node, kid) in met {
            builder.push(node, kid);
        }
    }
    builder.keep_empty_cells();
    builder.in_book_order();

    let root = lo.new_object_id();
    let document = lo.new_object_id();
    let ids: FxHashMap<NodeId, ObjectId> = builder
        .order
        .iter()
        .map(|&n| (n, lo.new_object_id()))
        .collect();
    let reference = |n: &NodeId| ids.get(n).copied().map(Object::Reference);

    // Each page's MCIDs, and each annotation, point back at their element.
    let mut nums = Vec::new();
    let mut next_key = 0i64;
    for (page, page_marks) in marks.iter().enumerate() {
        let parents = page_marks
            .iter()
            .map(|(node, _)| reference(node).unwrap_or(Object::Null))
            .collect();
        nums.push(Object::Integer(next_key));
        nums.push(Object::Array(parents));
        let dict = lo
            .get_object_mut(pages[page])
            .and_then(Object::as_dict_mut)
            .map_err(|_| "a page is not a dictionary")?;
        dict.set("StructParents", Object::Integer(next_key));
        // Tab order follows the structure (PDF/UA-1, 7.18.3).
        dict.set("Tabs", Object::Name(b"S".to_vec()));
        next_key += 1;
    }
    let texts = link_texts(layout, links.iter().map(|&(_, node)| node).collect());
    for (annot, node) in links {
        let Some(element) = reference(&node) else {
            continue;
        };
        nums.push(Object::Integer(next_key));
        nums.push(element);
        let dict = lo
            .get_object_mut(annot)
            .and_then(Object::as_dict_mut)
            .map_err(|_| "an annotation is not a dictionary")?;
        dict.set("StructParent", Object::Integer(next_key));
        let said = texts.get(&node).map_or("", String::as_str);
        dict.set("Contents", text(said));
        next_key += 1;
    }

    let mut ids_of_notes = Vec::new();
    for (&id, &object) in &ids {
        let Some(node) = tagging.node(id) else {
            continue;
        };
        let parent = node
            .parent
            .and_then(|p| {
                ids.get(&NodeId {
                    tree: id.tree,
                    index: p,
                })
                .copied()
            })
            .unwrap_or(document);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"StructElem".to_vec()));
        dict.set(
            "S",
            Object::Name(structure_type(node.kind).as_bytes().to_vec()),
        );
        dict.set("P", Object::Reference(parent));
        let own = builder.kids.get(&id).map_or(&[][..], Vec::as_slice);
        // The element's page is its first content's: its MCIDs there are bare numbers,
        // those on later pages (a paragraph cut by a page) say their page.
        let home = own.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        if let Some(home) = home {
            dict.set("Pg", Object::Reference(pages[home]));
        }
        let kids: Vec<Object> = own
            .iter()
            .filter_map(|kid| match *kid {
                Kid::Node(n) => reference(&n),
                Kid::Content { page, mcid } if Some(page) == home => {
                    Some(Object::Integer(mcid as i64))
                }
                Kid::Content { page, mcid } => {
                    Some(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"MCR".to_vec())),
                        ("Pg", Object::Reference(pages[page])),
                        ("MCID", Object::Integer(mcid as i64)),
                    ])))
                }
                Kid::Annotation { page, annot } => {
                    Some(Object::Dictionary(Dictionary::from_iter(vec![
                        ("Type", Object::Name(b"OBJR".to_vec())),
                        ("Pg", Object::Reference(pages[page])),
                        ("Obj", Object::Reference(annot)),
                    ])))
                }
            })
            .collect();
        // One child stands alone (ISO 32000-1, table 323: an array only for several).
        match <[Object; 1]>::try_from(kids) {
            Ok([kid]) => dict.set("K", kid),
            Err(kids) if !kids.is_empty() => dict.set("K", Object::Array(kids)),
            Err(_) => {}
        }
        match node.kind {
            Kind::Figure => {
                dict.set("Alt", text(node.alt.as_deref().unwrap_or("")));
            }
            // A drawn label (a check box) reads as the character it stands for.
            Kind::Label => {
                if let Some(said) = &node.alt {
                    dict.set("ActualText", text(said));
                }
            }
            Kind::HeaderCell | Kind::RowHeader => {
                let scope: &[u8] = if node.kind == Kind::RowHeader {
                    b"Row"
                } else {
                    b"Column"
                };
                dict.set(
                    "A",
                    Object::Dictionary(Dictionary::from_iter(vec![
                        ("O", Object::Name(b"Table".to_vec())),
                        ("Scope", Object::Name(scope.to_vec())),
                    ])),
                );
            }
            // A note is found by its identifier (PDF/UA-1, 7.9).
            Kind::Note => {
                let name = format!("nota-{}-{}", id.tree, id.index);
                ids_of_notes.push((name.clone(), object));
                dict.set(
                    "ID",
                    Object::String(name.into_bytes(), StringFormat::Literal),
                );
            }
            _ => {}
        }
        lo.objects.insert(object, Object::Dictionary(dict));
    }

    let top: Vec<Object> = builder.top.iter().filter_map(reference).collect();
    lo.objects.insert(
        document,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Document".to_vec())),
            ("P", Object::Reference(root)),
            ("K", Object::Array(top)),
        ])),
    );
    let parent_tree = lo.add_object(Dictionary::from_iter(vec![("Nums", Object::Array(nums))]));
    lo.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Reference(document)),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(next_key)),
            ("IDTree", id_tree(ids_of_notes)),
        ])),
    );
    let catalog = lo
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| "the catalog is not a dictionary")?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "Marked",
            Object::Boolean(true),
        )])),
    );
    // The window shows the book's title, not the file's name (PDF/UA-1, 7.1).
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter(vec![(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    Ok(())
}

/// The text of each of `links`, by its node: what its annotation's `/Contents` says.
fn link_texts(layout: &Layout, links: FxHashSet<NodeId>) -> FxHashMap<NodeId, String> {
    let mut texts: FxHashMap<NodeId, String> = FxHashMap::default();
    for page in &layout.pages {
        for p in &page.items {
            let (Item::Text(run), Tag::Content(node)) = (&p.item, p.tag) else {
                continue;
            };
            if links.contains(&node) {
                let said = texts.entry(node).or_default();
                if run.spaced && !said.is_empty() {
                    said.push(' ');
                }
                said.push_str(&run.text);
            }
        }
    }
    texts
}

/// The name tree of the elements that have an `/ID` (the notes), which ISO 32000-1
/// (table 322) asks of a structure tree whose elements have one; keys in byte order.
fn id_tree(mut ids: Vec<(String, ObjectId)>) -> Object {
    ids.sort();
    let names = ids
        .into_iter()
        .flat_map(|(name, object)| {
            [
                Object::String(name.into_bytes(), StringFormat::Literal),
                Object::Reference(object),
            ]
        })
        .collect();
    Object::Dictionary(Dictionary::from_iter(vec![("Names", Object::Array(names))]))
}

//! The book's logical structure as the typesetter sets it: chapters, headings,
//! paragraphs, lists, tables, figures, notes, links, the contents. Every placed item on a
//! page says which node it is part of ([`page::Tag`](super::page::Tag)), so a writer can
//! tag the page (a tagged PDF's structure tree) without seeing a paragraph, and an item
//! that is only page furniture (a running head, a folio, a rule) says so.
//!
//! One tree per flow, in the book's reading order: the front matter, the contents, then
//! each chapter (tree `c + 2` for chapter `c`), so a chapter set on its own keeps its
//! tree with its pages.

/// A node of one of the book's trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    /// Which tree: 0 the front matter, 1 the contents, `c + 2` chapter `c`.
    pub tree: u32,
    /// The node's index in its tree (0 is the tree's root).
    pub index: u32,
}

/// The tree of the front matter (half-title, title and copyright pages).
pub const FRONT_TREE: u32 = 0;
/// The tree of the table of contents.
pub const CONTENTS_TREE: u32 = 1;

/// The tree of chapter `c`.
pub fn chapter_tree(c: usize) -> u32 {
    u32::try_from(c).unwrap_or(u32::MAX - 2).saturating_add(2)
}

/// What a node is, in the words of tagged PDF's standard structure types (ISO 32000-1,
/// 14.8.4), which the EPUB's elements map to as well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A chapter, the front matter, or the contents with their title.
    Section,
    /// A heading, level 1 to 6.
    Heading(u8),
    /// A paragraph, or a display line (a title page's).
    Paragraph,
    /// A block quotation.
    BlockQuote,
    /// A list, and each of its items.
    List,
    ListItem,
    /// A list item's bullet, number or check box.
    Label,
    /// A list item's content.
    ListBody,
    /// A table, and each of its rows.
    Table,
    TableRow,
    /// A header cell of a column.
    HeaderCell,
    /// A header cell of a row: the first cell of each row of a table without a header
    /// row, which names what the row's other cells are about.
    RowHeader,
    /// A data cell.
    TableCell,
    /// An image, with its description in the node's `alt`.
    Figure,
    /// A figure's caption, read after it.
    Caption,
    /// A footnote's text, read where its reference is.
    Note,
    /// A footnote's number in the text.
    Reference,
    /// A link: its text, and the clickable area over it.
    Link,
    /// A code block.
    Code,
    /// The table of contents, and each of its entries.
    Contents,
    ContentsEntry,
}

/// One node: its kind, its parent and what only some kinds carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// None for the root.
    pub parent: Option<u32>,
    /// What readers who cannot see it are told: a figure's description, or the text a
    /// drawn label stands for (a task's check box, ☐ or ☑).
    pub alt: Option<String>,
    /// A note's reference: the note is read right after it, not where the page puts it.
    pub after: Option<u32>,
}

/// One flow's nodes; node 0 is the root.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Which tree of the book it is (see [`NodeId::tree`]).
    pub id: u32,
    /// Its nodes, by index.
    pub nodes: Vec<Node>,
}

/// A tree with a root only: what a flow holds once its tree was taken.
impl Default for Tree {
    fn default() -> Self {
        Tree::new(FRONT_TREE, Kind::Section)
    }
}

impl Tree {
    /// A tree `id` with a root of `kind`.
    pub fn new(id: u32, kind: Kind) -> Self {
        Tree {
            id,
            nodes: vec![Node {
                kind,
                parent: None,
                alt: None,
                after: None,
            }],
        }
    }

    /// Adds a node of `kind` under `parent` and returns its index.
    pub fn add(&mut self, kind: Kind, parent: u32) -> u32 {
        self.nodes.push(Node {
            kind,
            parent: Some(parent),
            alt: None,
            after: None,
        });
        u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX)
    }

    /// Node `index` as a book-wide id.
    pub fn id_of(&self, index: u32) -> NodeId {
        NodeId {
            tree: self.id,
            index,
        }
    }

    /// Node `index`, if the tree has it.
    pub fn get(&self, index: u32) -> Option<&Node> {
        self.nodes.get(index as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_know_their_parent_and_their_tree() {
        let mut tree = Tree::new(chapter_tree(3), Kind::Section);
        let p = tree.add(Kind::Paragraph, 0);
        let link = tree.add(Kind::Link, p);
        assert_eq!(tree.get(link).and_then(|n| n.parent), Some(p));
        assert_eq!(tree.id_of(link), NodeId { tree: 5, index: 2 });
        assert_eq!(tree.get(9), None);
    }
}

//! Tagged PDF for the screen PDF (ISO 32000-1, 14.7–14.8; PDF/UA-1, ISO 14289-1): what
//! each drawn item is marked as in its page's content stream (`content.rs` asks
//! [`Tagging::mark`]), and, in `tree`, the structure tree built from those marks in the
//! book's reading order, the parent tree, and what the catalog, pages and link
//! annotations carry for it.
//!
//! The typesetter says what every item is part of ([`Tag`]); nothing here sees a
//! paragraph. The print interior is never tagged: PDF/X-1a is PDF 1.3, before tags.

mod tree;

use std::sync::Arc;

use crate::typeset::page::{Placed, Role, Tag};
use crate::typeset::structure::{Kind, Node, NodeId, Tree};

pub use tree::apply;

/// The book's structure, as the page streams mark their content against it.
pub struct Tagging<'a> {
    /// The layout's trees, tree `n` at index `n`.
    pub structure: &'a [Arc<Tree>],
}

/// How one drawn item is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Content of a node: a marked-content sequence with an MCID, under the node's
    /// structure type.
    Content { node: NodeId, kind: &'static str },
    /// Not content: the artifact's property list (`/Pagination` for running heads and
    /// folios, `/Layout` for rules and leaders).
    Artifact(&'static str),
}

impl Tagging<'_> {
    /// The node `id`, if the book has it.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.structure.get(id.tree as usize)?.get(id.index)
    }

    /// How `placed` is marked in its page's stream.
    pub fn mark(&self, placed: &Placed) -> Mark {
        let id = match placed.tag {
            Tag::Content(id) => id,
            // A hyphen added at a line break is not in the text: outside the structure,
            // the word's halves are read as one («Bolivia», not «Bo- livia»), as a
            // reader of the structure (a screen reader, read-aloud) joins them.
            Tag::Added(_) => return Mark::Artifact(LAYOUT),
            Tag::Artifact => return Mark::Artifact(artifact(placed.role)),
        };
        match self.node(id) {
            // An image without a description is decoration (PDF/UA-1, 7.3).
            Some(node) if node.kind == Kind::Figure && node.alt.as_deref() == Some("") => {
                Mark::Artifact(LAYOUT)
            }
            Some(node) => Mark::Content {
                node: id,
                kind: structure_type(node.kind),
            },
            None => Mark::Artifact(LAYOUT),
        }
    }
}

const LAYOUT: &str = "<</Type /Layout>>";

/// The property list of an artifact of `role`.
fn artifact(role: Role) -> &'static str {
    match role {
        Role::RunningHead => "<</Type /Pagination /Subtype /Header>>",
        Role::Folio => "<</Type /Pagination /Subtype /Footer>>",
        _ => LAYOUT,
    }
}

/// The standard structure type of a node (ISO 32000-1, 14.8.4): no role map is needed.
pub fn structure_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Section => "Sect",
        Kind::Heading(1) => "H1",
        Kind::Heading(2) => "H2",
        Kind::Heading(3) => "H3",
        Kind::Heading(4) => "H4",
        Kind::Heading(5) => "H5",
        Kind::Heading(_) => "H6",
        Kind::Paragraph => "P",
        Kind::BlockQuote => "BlockQuote",
        Kind::List => "L",
        Kind::ListItem => "LI",
        Kind::Label => "Lbl",
        Kind::ListBody => "LBody",
        Kind::Table => "Table",
        Kind::TableRow => "TR",
        Kind::HeaderCell | Kind::RowHeader => "TH",
        Kind::TableCell => "TD",
        Kind::Figure => "Figure",
        Kind::Caption => "Caption",
        Kind::Note => "Note",
        Kind::Reference => "Reference",
        Kind::Link => "Link",
        Kind::Code => "Code",
        Kind::Contents => "TOC",
        Kind::ContentsEntry => "TOCI",
    }
}

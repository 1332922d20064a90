//! The nodes a flow makes as it sets: the flow's [`Tree`], the node the text set now is
//! part of, and the tag every placed item gets from it (see `typeset::structure`).

use super::Flow;
use crate::typeset::page::Tag;
use crate::typeset::structure::{Kind, Tree};

impl Flow<'_, '_, '_> {
    /// Starts the tree of a new flow: what is set from now on is part of it.
    pub(super) fn begin_tree(&mut self, id: u32, root: Kind) {
        self.tree = Tree::new(id, root);
        self.node = 0;
        self.note_nodes.clear();
        self.heading_level = 1;
    }

    /// The tree set so far (a new, empty one takes its place).
    pub fn take_tree(&mut self) -> Tree {
        let id = self.tree.id;
        std::mem::replace(&mut self.tree, Tree::new(id, Kind::Section))
    }

    /// Opens a node of `kind` inside the current one: text set until [`Flow::close`] is
    /// part of it. Returns the node to go back to.
    pub(super) fn open(&mut self, kind: Kind) -> u32 {
        let parent = self.node;
        self.node = self.tree.add(kind, parent);
        parent
    }

    /// Goes back to the node [`Flow::open`] returned.
    pub(super) fn close(&mut self, parent: u32) {
        self.node = parent;
    }

    /// Content of the current node.
    pub(super) fn here(&self) -> Tag {
        Tag::Content(self.tree.id_of(self.node))
    }
}

//! A paragraph's other settings for the page builder: the whole paragraph a line shorter
//! or longer, and its last lines set again once its first are on a page. When a spread
//! needs to end level and the paragraph that could give or take a line began overleaf, a
//! compositor re-breaks only the lines still to be made up. The flow keeps each long
//! paragraph's items unbroken, with what it was set with, until its chapter's pages are
//! made.

use super::paragraph::Setting;
use super::{Flow, PItem, VItem};
use crate::diag::Loc;
use crate::ir::Place;
use crate::typeset::linebreak::{self, Break, Item as K, Params};
use crate::typeset::page::Role;

/// Paragraphs shorter than this are not kept: a page breaks inside one of four lines only
/// two and two, and two lines seldom take a third within tolerance, while such short
/// paragraphs are many (each kept is a copy of its items until its pages are made).
pub(super) const KEPT_LINES: usize = 5;

/// A paragraph's items before they were broken into lines, its breaks, and what it was
/// broken with (the narrowest last line another setting may have).
pub(super) struct Galley {
    pub items: Vec<PItem>,
    pub ks: Vec<K>,
    pub breaks: Vec<Break>,
    pub params: Params,
    pub min_last: f32,
}

/// A paragraph's galley, how it was set, and where in the chapter it stands.
pub(super) struct Unbroken {
    galley: Galley,
    pub how: Setting,
    pub loc: Loc,
    pub role: Role,
    pub keep_with_next: bool,
    pub grid: bool,
    node: u32,
    text_block: Option<u32>,
    fixed: Option<Place>,
}

/// A paragraph the page builder may set one line shorter or longer to make facing pages
/// end level (TeX's `\looseness`, what a compositor does by hand).
#[derive(Debug, Clone)]
pub struct Variants {
    /// Where the paragraph's first line is in the vertical list as the flow set it.
    pub first: usize,
    /// How many lines the flow's setting has.
    pub lines: usize,
    /// The paragraph's lines one shorter and one longer, with what each costs over the
    /// flow's setting in demerits.
    pub shorter: Option<(Vec<VItem>, f64)>,
    pub longer: Option<(Vec<VItem>, f64)>,
    /// The flow's number for the paragraph when its last lines can be set again after a
    /// page break (see [`Rebreak`]).
    pub unbroken: Option<usize>,
}

/// The settings of a paragraph's last lines one line shorter and one longer.
pub type Tails = [Option<(Vec<VItem>, f64)>; 2];

/// What sets a paragraph's last lines again for the page builder.
pub trait Rebreak {
    /// Paragraph `paragraph`'s lines after its first `head` (as the flow set them) one
    /// line shorter and one longer, each with what it costs in demerits; the lines carry
    /// their index and count in the whole paragraph.
    fn tails(&mut self, paragraph: usize, head: usize) -> Tails;
}

impl Flow<'_, '_, '_> {
    /// Keeps a paragraph's items for [`Rebreak::tails`]; its index there.
    pub(super) fn keep_unbroken(
        &mut self,
        galley: Galley,
        how: Setting,
        loc: &Loc,
        (role, keep_with_next, grid): (Role, bool, bool),
    ) -> usize {
        self.unbroken.push(Some(Unbroken {
            galley,
            how,
            loc: loc.clone(),
            role,
            keep_with_next,
            grid,
            node: self.node,
            text_block: self.text_block,
            fixed: self.fixed.clone(),
        }));
        self.unbroken.len() - 1
    }
}

impl Rebreak for Flow<'_, '_, '_> {
    fn tails(&mut self, paragraph: usize, head: usize) -> Tails {
        let Some(kept) = self.unbroken.get_mut(paragraph).and_then(Option::take) else {
            return [None, None];
        };
        // The lines beside a drop cap stay as they are: its letter reaches down to them.
        if head < kept.how.hang.lines as usize {
            self.unbroken[paragraph] = Some(kept);
            return [None, None];
        }
        let g = &kept.galley;
        let alternatives = linebreak::tails(&g.ks, &g.params, &g.breaks, head, g.min_last);
        // Set as the flow was when it set the paragraph, and quietly: the lines counted
        // and warned about are the flow's.
        let saved = (
            std::mem::replace(&mut self.node, kept.node),
            std::mem::replace(&mut self.text_block, kept.text_block),
            std::mem::replace(&mut self.fixed, kept.fixed.clone()),
            std::mem::replace(&mut self.quiet, true),
            self.initial.take(),
        );
        let tails = alternatives.map(|alt| {
            alt.map(|alt| {
                let mut items = g.items.clone();
                let lines = self.place_lines(&mut items, &g.ks, &alt.breaks, kept.how, &kept.loc);
                let mut lines =
                    self.line_items(lines, kept.how, kept.role, kept.keep_with_next, kept.grid);
                lines.drain(..head);
                (lines, alt.cost)
            })
        });
        (
            self.node,
            self.text_block,
            self.fixed,
            self.quiet,
            self.initial,
        ) = saved;
        self.unbroken[paragraph] = Some(kept);
        tails
    }
}

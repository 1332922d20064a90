//! A simulated page made real: its items moved out of the chapter's flow onto the
//! page, with the footnotes at its foot and a table cut at its foot closed by a rule.

use super::{Builder, Filled, Placement, Sim, Source, RULE_TO_NOTE};
use crate::typeset::flow::{BlockKind, VItem, NOTE_LEADING, TABLE_CLOSING_RULE};
use crate::typeset::page::{FlowLine, Item, Placed, Point, Role, Tag};

impl Builder<'_> {
    /// Turns a simulated page into positioned items, moving them out of the flow;
    /// `floated` are the figures that waited for this page.
    pub(super) fn compose(&mut self, sim: &Sim, floated: &[usize]) -> Filled {
        let mut out = Filled::default();
        for p in &sim.placed {
            match *p {
                Placement::Mark(i, y) => {
                    let VItem::Mark(mark) = &self.flow.vlist[i] else {
                        continue;
                    };
                    out.items.push(Placed {
                        at: Point { x: 0.0, y },
                        role: Role::Heading(mark.level),
                        item: Item::Destination(mark.anchor.clone()),
                        tag: Tag::Artifact,
                    });
                    out.marks.push((mark.clone(), y));
                }
                Placement::Item(Source::Vlist(i), y) => {
                    let v = &mut self.flow.vlist[i];
                    // A figure that floated here was passed by the text: the page begins
                    // where its text does, which a reader cites.
                    if floated.contains(&i) {
                        if let VItem::Block { from, .. } = v {
                            *from = None;
                        }
                    }
                    if is_header(v) {
                        // Looked for again when the table continues overleaf.
                        place(&mut v.clone(), y, &mut out, true);
                    } else {
                        place(v, y, &mut out, true);
                    }
                }
                Placement::Item(Source::Header(i), y) => {
                    // A repeat: the page begins with the rows after it, not where the
                    // header was first read.
                    let mut header = self.flow.vlist[i].clone();
                    if let VItem::Block { from, items, .. } = &mut header {
                        *from = None;
                        // Read once, where the table begins: a repeat is page furniture
                        // (ISO 14289-1, 7.5: repeated table headers are artifacts), and
                        // so without the links and anchors of the header it repeats (an
                        // annotation must belong to the structure, 7.18.1).
                        items.retain(|p| {
                            !matches!(p.item, Item::Link { .. } | Item::Destination(_))
                        });
                        for p in items {
                            p.tag = Tag::Artifact;
                        }
                    }
                    place(&mut header, y, &mut out, true);
                }
            }
        }
        if let Some(rule) = self.closing_rule(sim) {
            out.items.push(rule);
        }
        if !sim.notes.is_empty() {
            let bottom = self.geo.last_baseline() + sim.extra;
            let first = bottom - (sim.notes.len() - 1) as f32 * NOTE_LEADING;
            let rule_y = first - RULE_TO_NOTE;
            out.items.push(Placed {
                at: Point { x: 0.0, y: rule_y },
                role: Role::Note,
                item: Item::Rule {
                    to: Point {
                        x: 30.0 * 72.0 / 25.4,
                        y: rule_y,
                    },
                    thickness: 0.4,
                },
                tag: Tag::Artifact,
            });
            for (i, &(k, j)) in sim.notes.iter().enumerate() {
                let line = &mut self.flow.notes[k][j];
                place(line, first + i as f32 * NOTE_LEADING, &mut out, false);
            }
        }
        out
    }
    /// The rule that closes a table cut at the foot of this page: as thick as the one
    /// under its last row, as wide as the one over its header.
    fn closing_rule(&self, sim: &Sim) -> Option<Placed> {
        let vlist = &self.flow.vlist;
        let end = self.pos.checked_sub(1)?;
        let (row, y) = sim.placed.iter().rev().find_map(|p| match *p {
            Placement::Item(Source::Vlist(i), y) if i == end => Some((i, y)),
            _ => None,
        })?;
        let VItem::Block {
            kind: BlockKind::TableRow { table, .. },
            height,
            ..
        } = vlist[row]
        else {
            return None;
        };
        let continues = matches!(
            vlist.get(row + 1),
            Some(VItem::Block { kind: BlockKind::TableRow { table: t, .. }, .. }) if *t == table
        );
        if !continues {
            return None;
        }
        let (_, VItem::Block { items, .. }) = self.header_of(table, row + 1)? else {
            return None;
        };
        let (from, to) = items.iter().find_map(|p| match &p.item {
            Item::Rule { to, .. } => Some((p.at.x, to.x)),
            _ => None,
        })?;
        let bottom = y + height;
        Some(Placed {
            at: Point { x: from, y: bottom },
            role: Role::TableCell,
            item: Item::Rule {
                to: Point { x: to, y: bottom },
                thickness: TABLE_CLOSING_RULE,
            },
            tag: Tag::Artifact,
        })
    }
}

/// Puts a line (at its baseline) or a block (at its top) on the page, its items moved
/// out of `v`; the page begins at the earliest place in the book among them.
fn place(v: &mut VItem, y: f32, out: &mut Filled, record: bool) {
    if let VItem::Line {
        from: Some(from), ..
    }
    | VItem::Block {
        from: Some(from), ..
    } = v
    {
        if out.start.as_ref().is_none_or(|start| *from < *start) {
            out.start = Some(from.clone());
        }
    }
    match v {
        VItem::Line {
            items,
            role,
            index,
            count,
            ..
        } => {
            let mut items = std::mem::take(items);
            if record {
                let page = crate::typeset::page::Page {
                    items,
                    ..Default::default()
                };
                out.lines.push(FlowLine {
                    text: page.text_lines().join(" "),
                    role: *role,
                    index: *index,
                    count: *count,
                });
                items = page.items;
            }
            for mut p in items {
                p.translate(0.0, y);
                out.items.push(p);
            }
        }
        VItem::Block { items, .. } => {
            for mut p in std::mem::take(items) {
                p.translate(0.0, y);
                out.items.push(p);
            }
        }
        _ => {}
    }
}

/// Whether `v` is a table's header row.
fn is_header(v: &VItem) -> bool {
    matches!(
        v,
        VItem::Block {
            kind: BlockKind::TableRow { header: true, .. },
            ..
        }
    )
}

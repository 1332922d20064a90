//! Lists: each item's blocks on a measure indented by the hang, its marker (bullet,
//! number, or a task's check box, drawn) hung in the indent on the item's first line.

use super::{Env, Flow, VItem};
use crate::diag::Loc;
use crate::ir::ListItem;
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Direction, Item, Placed, Point, Role, Tag, TextRun};
use crate::typeset::structure::Kind as Node;

/// What a check box's label reads as, for readers who cannot see it: the characters of a
/// ballot box, as the e-book sets them.
const UNCHECKED: &str = "☐";
const CHECKED: &str = "☑";
/// The check of a done task, from the text face (Charis SIL has it; the box does not
/// exist as a character in the bundled faces, so it is drawn).
const CHECK: char = '✓';
/// How much of the box's inside the check fills, across and up.
const CHECK_FILL: f32 = 0.85;

impl Flow<'_, '_, '_> {
    /// A list: each item's blocks on a measure indented by the hang, its marker (bullet,
    /// number or check box) hung in the indent on the item's first line.
    pub(super) fn list(
        &mut self,
        start: Option<u64>,
        tight: bool,
        items: &[ListItem],
        env: Env,
        loc: &Loc,
    ) {
        let hang = 1.5 * env.size;
        let inner = Env {
            left: env.left + hang,
            measure: env.measure - hang,
            role: Role::ListItem,
            ..env
        };
        let gap = if tight { 0.0 } else { 0.5 * env.leading };
        self.out.push(VItem::Space(0.5 * env.leading));
        let list = self.open(Node::List);
        for (i, item) in items.iter().enumerate() {
            let list_item = self.open(Node::ListItem);
            let label = self.tree.add(Node::Label, self.node);
            if i > 0 && gap > 0.0 {
                self.out.push(VItem::Space(gap));
            }
            let first_line = self.out.len();
            let variants_from = self.variants.len();
            self.no_indent = true;
            let body = self.open(Node::ListBody);
            for b in &item.blocks {
                self.block(b, inner);
                self.no_indent = true;
            }
            self.close(body);
            // The marker hangs in the indent, its right edge a little before the text.
            let right = inner.left - 0.4 * env.size;
            let tag = Tag::Content(self.tree.id_of(label));
            let marker = match (item.task, start) {
                (Some(done), _) => {
                    if let Some(node) = self.tree.nodes.get_mut(label as usize) {
                        node.alt = Some(if done { CHECKED } else { UNCHECKED }.to_string());
                    }
                    self.check_box(done, env.size, right, tag)
                }
                (None, start) => {
                    let text = match start {
                        Some(n) => format!("{}.", n + i as u64),
                        None => "•".to_string(),
                    };
                    let run = self.plain_run(&text, self.base(env.size), loc);
                    vec![Placed {
                        at: Point {
                            x: right - run.width,
                            y: 0.0,
                        },
                        role: Role::ListItem,
                        item: Item::Text(run),
                        tag,
                    }]
                }
            };
            let marked = self.out[first_line..]
                .iter()
                .position(|v| matches!(v, VItem::Line { .. }))
                .map(|at| first_line + at);
            if let Some(at) = marked {
                // The item's first paragraph set a line shorter or longer hangs the same
                // marker.
                let variants = self.variants[variants_from..]
                    .iter_mut()
                    .filter(|v| v.first == at);
                for v in variants {
                    for (lines, _) in v.shorter.iter_mut().chain(v.longer.iter_mut()) {
                        if let Some(VItem::Line { items, .. }) = lines.first_mut() {
                            items.extend(marker.iter().cloned());
                        }
                    }
                }
                if let VItem::Line { items, .. } = &mut self.out[at] {
                    items.extend(marker);
                }
            }
            self.close(list_item);
        }
        self.close(list);
        self.out.push(VItem::Space(0.5 * env.leading));
        self.no_indent = true;
    }

    /// A task's check box for text of `size`, its right edge at `right`: a square as tall
    /// as the capitals standing on the baseline, as a ballot box (☐) stands in the faces
    /// that have one, stroked as heavy as the face's rules; a done task's check set inside.
    /// The box is the label's content, read as the ☐ or ☑ the label's node carries.
    fn check_box(&mut self, done: bool, size: f32, right: f32, tag: Tag) -> Vec<Placed> {
        let fonts = self.shaper.fonts();
        let side = fonts.cap_height(FaceId::Regular) * size;
        let weight = fonts.rule_weight(FaceId::Regular) * size;
        let left = right - side;
        let rule = |from: (f32, f32), to: (f32, f32)| Placed {
            at: Point {
                x: from.0,
                y: from.1,
            },
            role: Role::ListItem,
            item: Item::Rule {
                to: Point { x: to.0, y: to.1 },
                thickness: weight,
            },
            tag,
        };
        // y grows downwards from the baseline. Each side's stroke lies inside the square
        // and the across strokes run its full width, so the corners close.
        let (top, bottom) = (-side + weight / 2.0, -weight / 2.0);
        let mut items = vec![
            rule((left, top), (right, top)),
            rule((left, bottom), (right, bottom)),
            rule((left + weight / 2.0, -side), (left + weight / 2.0, 0.0)),
            rule((right - weight / 2.0, -side), (right - weight / 2.0, 0.0)),
        ];
        if !done {
            return items;
        }
        let room = CHECK_FILL * (side - 2.0 * weight);
        let (centre_x, centre_y) = ((left + right) / 2.0, -side / 2.0);
        let check = fonts
            .resolve(FaceId::Regular, CHECK)
            .and_then(|face| Some((face, fonts.ink(face, CHECK)?)));
        let Some((face, [x_min, y_min, x_max, y_max])) = check else {
            // No face has the check: two strokes of one, as a pen would make it.
            let at = |u: f32, v: f32| (left + u * side, -v * side);
            items.push(rule(at(0.25, 0.5), at(0.43, 0.27)));
            items.push(rule(at(0.43, 0.27), at(0.78, 0.75)));
            return items;
        };
        // The check's size: its ink as large as the room allows, either way.
        let check_size = room / (x_max - x_min).max(y_max - y_min);
        let shaped = self.shaper.shape(face, false, &CHECK.to_string());
        let scale = check_size / fonts.units_per_em(face);
        // Raised, not moved off the baseline: the line's text stays one line.
        let rise = -centre_y - (y_min + y_max) / 2.0 * check_size;
        let (glyphs, width) = shaped.place(scale, rise, 0.0);
        items.push(Placed {
            at: Point {
                x: centre_x - (x_min + x_max) / 2.0 * check_size,
                y: 0.0,
            },
            role: Role::ListItem,
            item: Item::Text(TextRun {
                face,
                size: check_size,
                glyphs,
                width,
                text: CHECK.to_string().into(),
                strike: false,
                direction: Direction::Across,
                spaced: false,
                letterspacing: 0.0,
            }),
            tag,
        });
        items
    }
}

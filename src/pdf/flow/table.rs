//! Tables: a grid of cells within the measure, 9 pt, hairline rules, no vertical rules.

use super::{Align, BlockKind, Env, Flow, Style, VItem};
use crate::diag::Loc;
use crate::ir::{Alignment, Inline};
use crate::pdf::frame::{Item, Placed, Point, Role};

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    pub(super) fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        env: Env,
        loc: &Loc,
    ) {
        let size = 9.0;
        let leading = 11.5;
        let pad = 0.5 * size;
        let columns = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let cell_spans = |flow: &mut Self, cell: &[Inline], bold: bool| {
            let mut spans = Vec::new();
            let style = Style {
                bold,
                ..flow.base(size)
            };
            flow.spans(cell, style, &mut spans);
            spans
        };
        // Natural widths: each cell set on one line.
        let mut natural = vec![0.0f32; columns];
        let mut table_rows: Vec<(bool, Vec<Vec<Inline>>)> = vec![(true, header.to_vec())];
        table_rows.extend(rows.iter().map(|r| (false, r.clone())));
        for (bold, row) in &table_rows {
            for (c, cell) in row.iter().enumerate() {
                let spans = cell_spans(self, cell, *bold);
                let w: f32 = spans
                    .iter()
                    .map(|s| {
                        self.runs(&s.text, s.style, loc)
                            .iter()
                            .map(|r| r.width)
                            .sum::<f32>()
                    })
                    .sum();
                natural[c] = natural[c].max(w + 2.0 * pad);
            }
        }
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= env.measure {
            natural.clone()
        } else {
            natural.iter().map(|w| w / total * env.measure).collect()
        };
        let table_width: f32 = widths.iter().sum();
        let x0 = env.left + (env.measure - table_width) / 2.0;
        let rule = |y: f32, thickness: f32| Placed {
            at: Point { x: x0, y },
            role: Role::TableCell,
            item: Item::Rule {
                to: Point {
                    x: x0 + table_width,
                    y,
                },
                thickness,
            },
        };
        self.out.push(VItem::Space(0.5 * env.leading));
        let last = table_rows.len() - 1;
        for (r, (bold, row)) in table_rows.iter().enumerate() {
            let mut items = Vec::new();
            let mut lines_max = 1usize;
            let mut x = x0;
            for (c, &column_width) in widths.iter().enumerate() {
                let cell: &[Inline] = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let spans = cell_spans(self, cell, *bold);
                let align = match alignments.get(c) {
                    Some(Alignment::Center) => Align::Center,
                    _ => Align::Left,
                };
                let cell_env = Env {
                    left: 0.0,
                    measure: column_width - 2.0 * pad,
                    size,
                    leading,
                    role: Role::TableCell,
                };
                let lines = self.set(&spans, cell_env, align, 0.0, loc);
                lines_max = lines_max.max(lines.len());
                for (i, (line_items, natural_width)) in lines.into_iter().enumerate() {
                    let shift = if alignments.get(c) == Some(&Alignment::Right) {
                        cell_env.measure - natural_width
                    } else {
                        0.0
                    };
                    for mut p in line_items {
                        p.at.x += x + pad + shift;
                        p.at.y += 0.3 * leading + 0.8 * size + i as f32 * leading;
                        items.push(p);
                    }
                }
                x += column_width;
            }
            let height = lines_max as f32 * leading + 0.3 * leading;
            if r == 0 {
                items.push(rule(0.0, 0.6));
            }
            if r == 0 || r == last {
                items.push(rule(height, if r == last { 0.6 } else { 0.3 }));
            }
            self.stats.lines += lines_max;
            self.out.push(VItem::Block {
                items,
                height,
                kind: BlockKind::TableRow {
                    table: self.tables,
                    header: r == 0,
                },
            });
        }
        self.tables += 1;
        self.out.push(VItem::Space(0.5 * env.leading));
        self.no_indent = true;
    }
}

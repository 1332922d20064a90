//! Tables: a grid of cells within the measure, 9 pt, hairline rules, no vertical rules.

use super::paragraph::Setting;
use super::{Align, BlockKind, Env, Flow, Style, VItem};
use crate::diag::Loc;
use crate::ir::{Alignment, Inline};
use crate::typeset::page::{Item, Placed, Point, Role, Tag};
use crate::typeset::structure::Kind;

/// Thickness of the rules over the header and under the last row (and under the last
/// row on a page, when the table goes on overleaf).
pub const TABLE_CLOSING_RULE: f32 = 0.6;

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
        // Natural widths (each cell on one line) and minimum widths (its widest word).
        let mut natural = vec![0.0f32; columns];
        let mut minimum = vec![0.0f32; columns];
        // The lowering leaves out a header of empty cells: such a table starts at its rows.
        let headed = !header.is_empty();
        let mut table_rows: Vec<(bool, Vec<Vec<Inline>>)> = Vec::new();
        if headed {
            table_rows.push((true, header.to_vec()));
        }
        table_rows.extend(rows.iter().map(|r| (false, r.clone())));
        // Measuring reads the cells once more: their text is counted, and their links and
        // notes made, when they are set.
        let cursor = self.cursor;
        let made = (
            self.tree.nodes.len(),
            self.links.len(),
            self.note_nodes.clone(),
        );
        for (bold, row) in &table_rows {
            for (c, cell) in row.iter().enumerate() {
                let spans = cell_spans(self, cell, *bold);
                let mut line = 0.0f32;
                for span in &spans {
                    line += self.text_width(&span.text, span.style, loc);
                    for word in span.text.split_whitespace() {
                        let w = self.text_width(word, span.style, loc);
                        minimum[c] = minimum[c].max(w + 2.0 * pad);
                    }
                }
                natural[c] = natural[c].max(line + 2.0 * pad);
            }
        }
        self.cursor = cursor;
        self.tree.nodes.truncate(made.0);
        self.links.truncate(made.1);
        self.note_nodes = made.2;
        let widths = column_widths(&natural, &minimum, env.measure);
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
            tag: Tag::Artifact,
        };
        self.out.push(VItem::Space(0.5 * env.leading));
        let last = table_rows.len() - 1;
        let table = self.open(Kind::Table);
        for (r, (bold, row)) in table_rows.iter().enumerate() {
            let row_node = self.open(Kind::TableRow);
            // A row begins at its cells' text (the first with any, else where it would be).
            let row_place = self.place(self.cursor);
            let mut items = Vec::new();
            let mut lines_max = 1usize;
            let mut x = x0;
            for (c, &column_width) in widths.iter().enumerate() {
                let cell: &[Inline] = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
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
                // The header row's cells head their columns (`Scope /Column`).
                // PDF/UA wants every table's cells headed (UA-15-003): with no header
                // row, each row's first cell heads the row.
                let cell_node = self.open(if *bold {
                    Kind::HeaderCell
                } else if !headed && c == 0 {
                    Kind::RowHeader
                } else {
                    Kind::TableCell
                });
                let spans = cell_spans(self, cell, *bold);
                let lines = self.set(&spans, Setting::new(cell_env, align), loc);
                self.close(cell_node);
                lines_max = lines_max.max(lines.len());
                for (i, (line_items, natural_width, _)) in lines.into_iter().enumerate() {
                    let shift = if alignments.get(c) == Some(&Alignment::Right) {
                        cell_env.measure - natural_width
                    } else {
                        0.0
                    };
                    for mut p in line_items {
                        p.translate(x + pad + shift, 0.0);
                        p.translate(0.0, 0.3 * leading + 0.8 * size + i as f32 * leading);
                        items.push(p);
                    }
                }
                x += column_width;
            }
            let height = lines_max as f32 * leading + 0.3 * leading;
            if r == 0 {
                items.push(rule(0.0, TABLE_CLOSING_RULE));
            }
            if r == last {
                items.push(rule(height, TABLE_CLOSING_RULE));
            } else if *bold {
                items.push(rule(height, 0.3));
            }
            self.stats.lines += lines_max;
            self.out.push(VItem::Block {
                items,
                height,
                kind: BlockKind::TableRow {
                    table: self.tables,
                    header: *bold,
                    row: r.saturating_sub(usize::from(headed)),
                    rows: rows.len(),
                },
                from: row_place,
            });
            self.close(row_node);
        }
        self.close(table);
        self.tables += 1;
        self.out.push(VItem::Space(0.5 * env.leading));
        self.no_indent = true;
    }
}

/// Column widths within `measure`, as browsers lay out automatic tables: natural widths
/// when they fit; else every column gets at least its widest word and the rest of the
/// measure is shared in proportion to how much more each would like; only when the words
/// alone are too wide are the minimums scaled down (and long words broken).
fn column_widths(natural: &[f32], minimum: &[f32], measure: f32) -> Vec<f32> {
    let total: f32 = natural.iter().sum();
    if total <= measure {
        return natural.to_vec();
    }
    let floor: f32 = minimum.iter().sum();
    if floor >= measure {
        return squeeze(minimum, measure);
    }
    let wanted: f32 = natural.iter().zip(minimum).map(|(n, m)| n - m).sum();
    natural
        .iter()
        .zip(minimum)
        .map(|(n, m)| m + (n - m) / wanted * (measure - floor))
        .collect()
}

/// Minimum widths that do not fit: columns whose widest word is no wider than a fair share
/// keep it; the columns with long words (a URL) share what is left, and break them.
fn squeeze(minimum: &[f32], measure: f32) -> Vec<f32> {
    let mut kept = vec![false; minimum.len()];
    loop {
        let used: f32 = (0..minimum.len())
            .filter(|&c| kept[c])
            .map(|c| minimum[c])
            .sum();
        let open: Vec<usize> = (0..minimum.len()).filter(|&c| !kept[c]).collect();
        if open.is_empty() {
            return minimum.iter().map(|w| w / used * measure).collect();
        }
        let share = (measure - used) / open.len() as f32;
        let newly: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&c| minimum[c] <= share)
            .collect();
        if newly.is_empty() {
            let rest: f32 = open.iter().map(|&c| minimum[c]).sum();
            return (0..minimum.len())
                .map(|c| match kept[c] {
                    true => minimum[c],
                    false => minimum[c] / rest * (measure - used),
                })
                .collect();
        }
        for c in newly {
            kept[c] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn narrow_columns_keep_their_widest_word() {
        // A year column and a long text column in a 100 pt measure.
        let widths = column_widths(&[30.0, 300.0], &[30.0, 60.0], 100.0);
        assert_eq!(widths[0], 30.0);
        assert!((widths.iter().sum::<f32>() - 100.0).abs() < 1e-3);
        assert_eq!(
            column_widths(&[30.0, 40.0], &[10.0, 10.0], 100.0),
            [30.0, 40.0]
        );
        let scaled = column_widths(&[80.0, 80.0], &[80.0, 80.0], 100.0);
        assert_eq!(scaled, [50.0, 50.0]);
        // A URL in one column does not squeeze a one-letter column.
        let url = column_widths(&[600.0, 12.0], &[600.0, 12.0], 100.0);
        assert_eq!(url, [88.0, 12.0]);
    }
}

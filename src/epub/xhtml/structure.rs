//! Lists and tables as XHTML: the blocks whose structure is more than a tag around text.

use std::fmt::Write as _;

use super::Writer;
use crate::ir::{Alignment, Block, Inline, ListItem};

impl Writer<'_, '_, '_> {
    pub(super) fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem]) {
        let tag = match start {
            Some(1) => {
                self.out.push_str("<ol>\n");
                "ol"
            }
            Some(n) => {
                let _ = writeln!(self.out, "<ol start=\"{n}\">");
                "ol"
            }
            None => {
                self.out.push_str("<ul>\n");
                "ul"
            }
        };
        for item in items {
            let prefix = item.task.map(|done| {
                format!(
                    "<span class=\"casilla\">{}</span> ",
                    if done { "☑" } else { "☐" }
                )
            });
            self.out.push_str(if item.task.is_some() {
                "<li class=\"tarea\">"
            } else {
                "<li>"
            });
            let mut prefix = prefix.as_deref();
            if prefix.is_some() && !matches!(item.blocks.first(), Some(Block::Paragraph { .. })) {
                self.out.push_str(prefix.take().unwrap_or_default());
            }
            for (i, block) in item.blocks.iter().enumerate() {
                // A tight item's text sits directly in the `li`; nested blocks start a line.
                if tight && i > 0 && matches!(block, Block::Paragraph { .. }) {
                    self.out.push_str("<br/>");
                }
                self.block(block, tight, if i == 0 { prefix.take() } else { None });
            }
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }

    pub(super) fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) {
        let class = |i: usize| match alignments.get(i).copied().unwrap_or(Alignment::None) {
            Alignment::None => "",
            Alignment::Left => " class=\"izquierda\"",
            Alignment::Center => " class=\"centro\"",
            Alignment::Right => " class=\"derecha\"",
        };
        self.out.push_str("<table>\n");
        if !header.is_empty() {
            // A newline between cells: readers that flatten a table to text (Calibre's
            // conversion, some text-to-speech) otherwise run the cells together.
            self.out.push_str("<thead>\n<tr>\n");
            for (i, cell) in header.iter().enumerate() {
                let _ = write!(self.out, "<th scope=\"col\"{}>", class(i));
                self.inlines(cell);
                self.out.push_str("</th>\n");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>\n");
                for (i, cell) in row.iter().enumerate() {
                    // With no header row, each row's first cell heads the row (as the
                    // PDF's tags say).
                    let tag = if header.is_empty() && i == 0 {
                        "th"
                    } else {
                        "td"
                    };
                    let scope = if tag == "th" { " scope=\"row\"" } else { "" };
                    let _ = write!(self.out, "<{tag}{scope}{}>", class(i));
                    self.inlines(cell);
                    let _ = writeln!(self.out, "</{tag}>");
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }
}

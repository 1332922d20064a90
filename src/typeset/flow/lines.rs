//! Lines set as written: verse, and centred or flush-right lines (a dateline, a
//! signature). Verse is set ragged on the grid, indented from the text, never hyphenated;
//! a line too long for the measure turns over hung a quad under itself, as verse is
//! printed; stanzas stand a blank line apart. The page builder keeps a stanza of up to
//! six lines whole, and a longer one never leaves one line alone at a page's foot or head.

use super::paragraph::Setting;
use super::{Align, Env, Flow, Span, VItem};
use crate::diag::Loc;
use crate::ir::{Block, Inline, LineBlockKind};
use crate::typeset::page::{Placed, Role};
use crate::typeset::structure::Kind;

/// Stanzas of up to this many lines are never broken across pages.
pub const WHOLE_STANZA: u16 = 6;

impl Flow<'_, '_, '_> {
    /// A line block: its paragraphs set by [`Flow::stanza`], a blank line between them.
    pub(super) fn line_block(&mut self, kind: LineBlockKind, blocks: &[Block], env: Env) {
        // Verse stands in from the text by two ems, as poems are set inside prose.
        let inset = match kind {
            LineBlockKind::Verse => 2.0 * env.size,
            LineBlockKind::Centred | LineBlockKind::Right => 0.0,
        };
        let inner = Env {
            left: env.left + inset,
            measure: env.measure - inset,
            role: Role::Lines,
            ..env
        };
        self.out.push(VItem::Space(env.leading));
        let outer = self.line_block.replace(kind);
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                self.out.push(VItem::Space(env.leading));
            }
            self.block(block, inner);
        }
        self.line_block = outer;
        self.out.push(VItem::Space(env.leading));
        self.no_indent = true;
    }

    /// A stanza (or a group of centred or flush-right lines): each line as written, one
    /// after each line break, never hyphenated.
    pub(super) fn stanza(&mut self, content: &[Inline], env: Env, loc: &Loc) {
        let kind = self.line_block.unwrap_or(LineBlockKind::Verse);
        let parent = self.open(Kind::Paragraph);
        let mut spans = Vec::new();
        self.spans(content, self.base(env.size), &mut spans);
        let hang = match kind {
            LineBlockKind::Verse => 1.5 * env.size,
            _ => 0.0,
        };
        let align = match kind {
            LineBlockKind::Verse => Align::Left,
            LineBlockKind::Centred => Align::Center,
            LineBlockKind::Right => Align::Right,
        };
        let how = Setting {
            // Turned-over lines are hung by `hang`: every line is set on the measure
            // that leaves room for it.
            env: Env {
                measure: env.measure - hang,
                ..env
            },
            align,
            indent: 0.0,
            // Set by hand, as a display line is: no hyphen, a short word kept with the next.
            display: true,
            ..Setting::new(env, align)
        };
        let mut set: Vec<(Vec<Placed>, bool, Option<u32>)> = Vec::new();
        for line in split_lines(spans) {
            if line
                .iter()
                .all(|s| s.text.trim().is_empty() && s.object.is_none())
            {
                continue;
            }
            for (k, (items, _, from)) in self.set(&line, how, loc).into_iter().enumerate() {
                set.push((items, k > 0, from));
            }
        }
        let grid = (env.leading - self.design.leading).abs() < 0.01;
        let count = u16::try_from(set.len()).unwrap_or(u16::MAX);
        for (index, (mut items, turned, from)) in set.into_iter().enumerate() {
            // Centred and flush-right lines have no hang: they align on the measure.
            let shift = if turned { env.left + hang } else { env.left };
            for p in &mut items {
                p.translate(shift, 0.0);
                p.role = Role::Lines;
            }
            self.out.push(VItem::Line {
                items,
                advance: env.leading,
                ascent: 0.8 * env.size,
                keep_with_next: false,
                role: Role::Lines,
                index: u16::try_from(index).unwrap_or(u16::MAX),
                count,
                grid,
                from: self.place(from),
            });
        }
        self.close(parent);
        self.no_indent = true;
    }
}

/// Spans cut into lines at their line breaks (U+2028), each piece knowing where its text
/// starts.
fn split_lines(spans: Vec<Span>) -> Vec<Vec<Span>> {
    let mut lines = vec![Vec::new()];
    for span in spans {
        if !span.text.contains('\u{2028}') {
            if let Some(line) = lines.last_mut() {
                line.push(span);
            }
            continue;
        }
        let mut chars_before = 0u32;
        for (i, piece) in span.text.split('\u{2028}').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
                chars_before += 1;
            }
            if !piece.is_empty() {
                if let Some(line) = lines.last_mut() {
                    line.push(Span {
                        text: piece.to_string(),
                        from: span.from.map(|f| f + chars_before),
                        ..span.clone()
                    });
                }
            }
            chars_before += crate::ir::to_u32(piece.chars().count());
        }
    }
    lines
}

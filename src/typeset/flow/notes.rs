//! Footnotes: each note set apart at 8.5/10.5 on the full measure, its number full size
//! (linked back to the first reference) followed by an en space, so the page builder can
//! put it at the foot of the page that holds the reference.

use super::paragraph::Setting;
use super::{Env, Flow, Span};
use crate::ir::{noteref_id, Block, Footnote};
use crate::typeset::page::{Anchor, Role, Target};
use crate::typeset::structure::Kind;

/// The notes' size and leading (DESIGN.md: 8.5 on 10.5).
const NOTE_SIZE: f32 = 8.5;
pub const NOTE_LEADING: f32 = 10.5;

impl Flow<'_, '_, '_> {
    /// Sets one note's lines into `self.out`.
    pub(super) fn note(&mut self, note: &Footnote, body: Env) {
        let env = Env {
            size: NOTE_SIZE,
            leading: NOTE_LEADING,
            role: Role::Note,
            ..body
        };
        // The note's node was made beside its reference; a note never referred to is
        // read at the chapter's end.
        let node = match self.note_nodes.get(&note.number) {
            Some(&node) => node,
            None => self.tree.add(Kind::Note, 0),
        };
        let parent = std::mem::replace(&mut self.node, node);
        let mut first = true;
        for block in &note.blocks {
            match block {
                Block::Paragraph { content, loc } => {
                    let paragraph = self.open(Kind::Paragraph);
                    let mut spans = Vec::new();
                    if first {
                        let back = self.link(
                            Target::Anchor(Anchor {
                                chapter: self.chapter,
                                id: Some(noteref_id(note.number)),
                            }),
                            Some(Anchor {
                                chapter: self.chapter,
                                id: Some(note.id()),
                            }),
                        );
                        let style = self.base(env.size);
                        spans.push(Span {
                            object: None,
                            from: None,
                            text: format!("{}.", note.number),
                            style: super::Style {
                                link: Some(back),
                                ..style
                            },
                        });
                        spans.push(Span {
                            object: None,
                            from: None,
                            text: "\u{2002}".into(),
                            style,
                        });
                    }
                    self.spans(content, self.base(env.size), &mut spans);
                    let indent = if first { 0.0 } else { env.size };
                    self.lines(
                        &spans,
                        Setting::justified(env, indent),
                        loc,
                        Role::Note,
                        false,
                    );
                    self.close(paragraph);
                }
                other => self.block(other, env),
            }
            first = false;
        }
        self.close(parent);
    }
}

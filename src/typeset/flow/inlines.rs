//! Inlines → styled spans: emphasis, small caps, code, links (each registered with the
//! chapter, and the first reference to a note made the target of its back-link) and
//! note references as superscript numbers.

use super::{Flow, LinkSpec, Span, Style};
use crate::ir::{note_id, noteref_id, Inline, LinkTarget};
use crate::typeset::page::Tag;
use crate::typeset::page::{Anchor, Target};
use crate::typeset::structure::Kind;

impl Flow<'_, '_, '_> {
    /// Inlines → styled spans.
    pub(super) fn spans(&mut self, inlines: &[Inline], style: Style, out: &mut Vec<Span>) {
        for inline in inlines {
            match inline {
                Inline::Text(text) => out.push(Span {
                    object: None,
                    from: self.advance(text),
                    text: text.clone(),
                    style,
                }),
                Inline::Emphasis(c) => self.spans(
                    c,
                    Style {
                        italic: !style.italic,
                        ..style
                    },
                    out,
                ),
                Inline::Strong(c) => self.spans(
                    c,
                    Style {
                        bold: true,
                        ..style
                    },
                    out,
                ),
                Inline::Strikethrough(c) => self.spans(
                    c,
                    Style {
                        strike: true,
                        ..style
                    },
                    out,
                ),
                Inline::Link {
                    target, content, ..
                } => {
                    let target = match target {
                        LinkTarget::External(uri) => Target::Uri(uri.clone()),
                        LinkTarget::Internal { chapter, anchor } => Target::Anchor(Anchor {
                            chapter: *chapter,
                            id: anchor.clone(),
                        }),
                    };
                    let link = self.link(target, None);
                    self.spans(
                        content,
                        Style {
                            link: Some(link),
                            ..style
                        },
                        out,
                    )
                }
                Inline::Superscript(c) => self.spans(c, superscript(style), out),
                Inline::Subscript(c) => self.spans(
                    c,
                    Style {
                        size: style.size * 0.7,
                        rise: style.rise - 0.15 * style.size,
                        ..style
                    },
                    out,
                ),
                Inline::SmallCaps(c) => self.spans(
                    c,
                    Style {
                        small_caps: true,
                        ..style
                    },
                    out,
                ),
                Inline::Code(text) => out.push(Span {
                    object: None,
                    from: self.advance(text),
                    text: text.clone(),
                    style: Style {
                        mono: true,
                        size: style.size * 0.88,
                        ..style
                    },
                }),
                Inline::NoteRef { number, first, .. } => {
                    let target = Target::Anchor(Anchor {
                        chapter: self.chapter,
                        id: Some(note_id(*number)),
                    });
                    let back = first.then(|| Anchor {
                        chapter: self.chapter,
                        id: Some(noteref_id(*number)),
                    });
                    // The number is a link inside a reference, and the note is read
                    // right after it (ISO 14289-1, 7.9: a note is tied to its reference).
                    let parent = self.open(Kind::Reference);
                    let reference = self.node;
                    let link = self.link(target, back);
                    self.close(parent);
                    if *first {
                        let note = self.tree.add(Kind::Note, parent);
                        if let Some(n) = self.tree.nodes.get_mut(note as usize) {
                            n.after = Some(reference);
                        }
                        self.note_nodes.insert(*number, note);
                    }
                    out.push(Span {
                        object: None,
                        from: None,
                        text: number.to_string(),
                        style: Style {
                            link: Some(link),
                            ..superscript(style)
                        },
                    })
                }
                Inline::Image {
                    image, alt, height, ..
                } => {
                    // The text's height (its ascender to its descender), or the height
                    // the author gave, in CSS pixels (0.75 pt each); the width follows.
                    // At most a fifth taller than the text, so it never reaches into the
                    // line above, and at most 25 ems wide (a banner set a line high).
                    let mut h = height
                        .map_or(style.size, |px| px * 0.75)
                        .min(1.2 * style.size);
                    let aspect = self.book.images.get(*image).map_or(1.0, |i| i.aspect());
                    let mut w = h * aspect;
                    if w > 25.0 * style.size {
                        w = 25.0 * style.size;
                        h = w / aspect;
                    }
                    let top = 0.2 * style.size - h;
                    let node = self.tree.add(Kind::Figure, self.node);
                    if let Some(n) = self.tree.nodes.get_mut(node as usize) {
                        n.alt = Some(alt.clone());
                    }
                    out.push(Span {
                        object: Some(super::Object {
                            image: *image,
                            width: w,
                            height: h,
                            top,
                            node,
                        }),
                        from: None,
                        text: "\u{FFFC}".into(),
                        style,
                    })
                }
                Inline::SoftBreak => out.push(Span {
                    object: None,
                    from: None,
                    text: " ".into(),
                    style,
                }),
                Inline::HardBreak => out.push(Span {
                    object: None,
                    from: None,
                    text: "\u{2028}".into(),
                    style,
                }),
            }
        }
    }

    /// Where `text` starts in its block's text (when the text being set has a place in
    /// the book), moving the count past it.
    pub(super) fn advance(&mut self, text: &str) -> Option<u32> {
        let at = self.cursor?;
        self.cursor = Some(at.saturating_add(crate::ir::text_len(text)));
        Some(at)
    }

    /// Registers a link of the chapter; text styled with the returned index is part of it.
    pub(super) fn link(&mut self, target: Target, destination: Option<Anchor>) -> u32 {
        let node = self.tree.add(Kind::Link, self.node);
        self.links.push(LinkSpec {
            target,
            destination,
            node,
        });
        u32::try_from(self.links.len() - 1).expect("fewer than 4 billion links in a chapter")
    }

    /// The tag of text that is part of link `link`.
    pub(super) fn link_tag(&self, link: u32) -> Option<Tag> {
        let spec = self.links.get(link as usize)?;
        Some(Tag::Content(self.tree.id_of(spec.node)))
    }
}

fn superscript(style: Style) -> Style {
    Style {
        size: style.size * 0.65,
        rise: style.rise + 0.35 * style.size,
        ..style
    }
}

//! The cover's words, set by the machinery that sets the book: the back cover's blocks,
//! the typographic front's display lines, and the one-line runs of the spine and the
//! barcode. Where they go on the cover is `typeset::cover`'s business.

use super::paragraph::Setting;
use super::{Align, Env, Flow, Span, Style, VItem};
use crate::diag::Loc;
use crate::ir::Block;
use crate::typeset::page::{Role, TextRun};

/// How a display line looks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Display {
    pub size: f32,
    pub leading: f32,
    pub italic: bool,
    pub bold: bool,
    /// In small capitals.
    pub caps: bool,
}

impl Flow<'_, '_, '_> {
    /// `blocks` set on a measure of `measure` points at `size` on `leading`, as the
    /// book's own paragraphs are (justified, hyphenated, no widows to fear on a cover).
    pub fn cover_blocks(
        &mut self,
        blocks: &[Block],
        measure: f32,
        size: f32,
        leading: f32,
    ) -> Vec<VItem> {
        let env = Env {
            left: 0.0,
            measure,
            size,
            leading,
            role: Role::Paragraph,
        };
        self.no_indent = true;
        for block in blocks {
            self.block(block, env);
        }
        std::mem::take(&mut self.out)
    }

    /// `text` centred on `measure`, broken into as many lines as it needs.
    pub fn cover_display(&mut self, text: &str, measure: f32, look: Display) -> Vec<VItem> {
        let env = Env {
            left: 0.0,
            measure,
            size: look.size,
            leading: look.leading,
            role: Role::FrontMatter,
        };
        let spans = vec![Span {
            object: None,
            from: None,
            text: if look.caps {
                text.to_lowercase()
            } else {
                text.to_string()
            },
            style: self.cover_style(look),
        }];
        self.lines(
            &spans,
            Setting::display(env, Align::Center),
            &Loc::file("book.toml"),
            Role::FrontMatter,
            false,
        );
        std::mem::take(&mut self.out)
    }

    /// `text` as one run that never breaks (a spine's line, a barcode's digits); `mono`
    /// sets it in the book's monospaced face.
    pub fn cover_run(&mut self, text: &str, look: Display, mono: bool) -> TextRun {
        let style = Style {
            mono,
            ..self.cover_style(look)
        };
        self.plain_run(text, style, &Loc::file("book.toml"))
    }

    fn cover_style(&self, look: Display) -> Style {
        Style {
            bold: look.bold,
            italic: look.italic,
            small_caps: look.caps,
            ..self.base(look.size)
        }
    }
}

//! A dedication's, an epigraph's and a colophon's text, set as a compositor sets them on
//! a page of their own: a dedication centred in italic, an epigraph flush right on the
//! outer two thirds, its quotation in italic and its source (a line opened by a dash)
//! upright, a colophon centred in roman a size below the text.

use super::paragraph::Setting;
use super::{Align, Env, Flow, Style};
use crate::diag::Loc;
use crate::ir::{Inline, Matter};
use crate::typeset::page::Role;
use crate::typeset::structure::Kind;

impl Flow<'_, '_, '_> {
    /// One paragraph of a dedication or an epigraph.
    pub(super) fn matter_paragraph(&mut self, content: &[Inline], env: Env, loc: &Loc) {
        let parent = self.open(Kind::Paragraph);
        let source = crate::ir::is_source_line(content);
        // A dedication and an epigraph's quotation in italic; a colophon in roman, a size
        // below the text.
        let colophon = self.display_matter == Some(Matter::Colophon);
        let roman = colophon || self.display_matter == Some(Matter::OtherTitles);
        let size = if colophon { env.size - 1.5 } else { env.size };
        let style = Style {
            italic: !source && !roman,
            ..self.base(size)
        };
        let mut spans = Vec::new();
        self.spans(content, style, &mut spans);
        let (how, role) = match self.display_matter {
            Some(Matter::Epigraph) => {
                let inset = env.measure / 3.0;
                let narrow = Env {
                    left: env.left + inset,
                    measure: env.measure - inset,
                    ..env
                };
                (Setting::display(narrow, Align::Right), Role::Paragraph)
            }
            _ => (Setting::display(env, Align::Center), Role::Paragraph),
        };
        self.lines(&spans, how, loc, role, false);
        self.close(parent);
        self.no_indent = true;
    }
}

//! Inline content as XHTML: text (escaped, the printed pages' markers in it, addresses
//! given their break opportunities), markup, links, note references and images.

use std::fmt::Write as _;

use super::Writer;
use crate::ir::{noteref_id, text_len, Inline};
use crate::xml::{attr, push_text};

impl Writer<'_, '_, '_> {
    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    /// A stanza: each line in a `span.verso` the stylesheet hangs (a line that turns over
    /// is indented under itself), a `<br/>` after it for readers without the stylesheet.
    pub(super) fn stanza(&mut self, content: &[Inline]) {
        self.out.push_str("<p class=\"estrofa\">");
        for (i, line) in content.split(|i| *i == Inline::HardBreak).enumerate() {
            if i > 0 {
                self.out.push_str("<br/>\n");
            }
            self.out.push_str("<span class=\"verso\">");
            self.inlines(line);
            self.out.push_str("</span>");
        }
        self.out.push_str("</p>\n");
    }

    /// The chapter's opening paragraph: `p.inicial` (with `versalitas` when its first
    /// line is in small caps), its initial in a `span.capitular` the drop cap stylesheet
    /// floats. A span rather than `::first-letter`, which Kindle and Kobo set poorly; a
    /// reader without that stylesheet shows a plain letter.
    pub(super) fn opening(&mut self, content: &[Inline]) {
        let opening = self.ctx.book.style.opening;
        let class = if opening.small_caps {
            "inicial versalitas"
        } else {
            "inicial"
        };
        let _ = write!(self.out, "<p class=\"{class}\">");
        match (
            opening.drop_cap,
            crate::ir::initial(content),
            content.first(),
        ) {
            (Some(_), Some(cut), Some(Inline::Text(text))) => {
                let tied = crate::ortho::ties::tied(text);
                // Ties change spaces only: the initial, which has none, is where it was.
                self.out.push_str("<span class=\"capitular\">");
                self.text_piece(&tied[..cut]);
                self.out.push_str("</span>");
                self.pieces(&tied[cut..]);
                self.inlines(&content[1..]);
            }
            _ => self.inlines(content),
        }
        self.out.push_str("</p>\n");
    }

    fn wrap(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(s) => self.text(s),
            Inline::Emphasis(c) => self.wrap("<em>", "</em>", c),
            Inline::Strong(c) => self.wrap("<strong>", "</strong>", c),
            Inline::Strikethrough(c) => self.wrap("<del>", "</del>", c),
            Inline::Superscript(c) => self.wrap("<sup>", "</sup>", c),
            Inline::Subscript(c) => self.wrap("<sub>", "</sub>", c),
            Inline::SmallCaps(c) => self.wrap("<span class=\"versalita\">", "</span>", c),
            Inline::Code(s) => {
                self.out.push_str("<code>");
                self.text(s);
                self.out.push_str("</code>");
            }
            // The height of the text around it, as the PDF sets it (`en-linea` in the
            // stylesheet), or the height its `<img>` gave.
            Inline::Image {
                image, alt, height, ..
            } => {
                let href = self.image_href(*image);
                let _ = write!(
                    self.out,
                    "<img class=\"en-linea\" src=\"{}\" alt=\"{}\"",
                    attr(href),
                    attr(alt.trim())
                );
                if alt.trim().is_empty() {
                    self.out.push_str(" role=\"presentation\"");
                }
                if let Some(px) = height {
                    let _ = write!(self.out, " style=\"height: {}px\"", px.round());
                }
                self.out.push_str("/>");
            }
            Inline::Link {
                target, content, ..
            } => match self.href(target) {
                Some(href) => {
                    let _ = write!(self.out, "<a href=\"{}\">", attr(&href));
                    self.inlines(content);
                    self.out.push_str("</a>");
                }
                None => self.inlines(content),
            },
            Inline::NoteRef { number, first, .. } => {
                let id = if *first {
                    format!(" id=\"{}\"", noteref_id(*number))
                } else {
                    String::new()
                };
                let _ = write!(
                    self.out,
                    "<sup><a class=\"nota-ref\" epub:type=\"noteref\" role=\"doc-noteref\" \
                     href=\"#{}\"{id}>{number}</a></sup>",
                    crate::ir::note_id(*number)
                );
            }
            Inline::SoftBreak => self.out.push('\n'),
            Inline::HardBreak => self.out.push_str("<br/>\n"),
        }
    }

    /// Writes text of the tree, with the page-break markers that fall in it, and its ties
    /// as no-break spaces (a number and its unit, an abbreviation and its word).
    pub(super) fn text(&mut self, text: &str) {
        self.pieces(&crate::ortho::ties::tied(text));
    }

    /// Text already tied, given its addresses' break opportunities.
    fn pieces(&mut self, text: &str) {
        // An address breaks where the PDF's would (after `/`, before `.`), not anywhere
        // `overflow-wrap` finds room: a `<wbr/>` at each of those places.
        let mut from = 0;
        for at in url_break_offsets(text) {
            self.text_piece(&text[from..at]);
            self.out.push_str("<wbr/>");
            from = at;
        }
        self.text_piece(&text[from..]);
    }

    fn text_piece(&mut self, text: &str) {
        match &mut self.here {
            Some(at) => {
                self.markers.write_text(text, *at, &mut self.out);
                at.offset = at.offset.saturating_add(text_len(text));
            }
            None => push_text(&mut self.out, text),
        }
    }
}

/// Byte offsets in `text` where an address in it may break, as [`url_breaks`] says.
///
/// [`url_breaks`]: crate::ortho::ties::url_breaks
fn url_break_offsets(text: &str) -> Vec<usize> {
    use crate::ortho::ties::{looks_like_url, url_breaks};
    if !(text.contains("://") || text.contains("www.") || text.contains("mailto:")) {
        return Vec::new();
    }
    let mut offsets = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let token = &text[s..i];
                if looks_like_url(token) {
                    offsets.extend(url_breaks(token).into_iter().map(|b| s + b));
                }
                start = None;
            }
            _ => {}
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_break_at_their_separators_only() {
        let text = "see https://ex.org/a_b now";
        let at: Vec<&str> = url_break_offsets(text)
            .into_iter()
            .map(|b| &text[b..])
            .collect();
        assert_eq!(at, ["ex.org/a_b now", ".org/a_b now", "a_b now", "_b now"]);
        assert!(url_break_offsets("a plain sentence. With periods.").is_empty());
    }
}

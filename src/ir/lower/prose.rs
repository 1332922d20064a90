//! The prose of a chapter as the author typed it, for the proofreader: a second reading of
//! the Markdown, without smart punctuation (a straight quote must be seen to be reported),
//! that keeps each paragraph's text with its place in the source and leaves out what is
//! not prose: code, raw HTML, images, link targets.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::check::prose::{BlockKind, Paragraph, NOTE_REF, OBJECT};

/// The comment that turns rules off for one paragraph: `<!-- imprenta: allow CODE … -->`.
const ALLOW: &str = "imprenta: allow";

/// Every block of prose in `text` (a chapter's Markdown), in reading order.
pub fn prose(text: &str) -> Vec<Paragraph> {
    let options = super::options() - pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION;
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        reader.event(event, range, text);
    }
    reader.close();
    reader.done
}

#[derive(Default)]
struct Reader {
    done: Vec<Paragraph>,
    open: Option<Paragraph>,
    /// Inside a code block, an image's alt text or a metadata block: not prose.
    skipping: u32,
    quote_depth: u32,
    /// Codes an allow comment just before the next block turns off in it.
    pending_allow: Vec<String>,
}

impl Reader {
    fn event(&mut self, event: Event, range: Range<usize>, source: &str) {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) => self.skipping += 1,
                Tag::Image { .. } => {
                    self.object(range.start);
                    self.skipping += 1;
                }
                Tag::BlockQuote(_) => self.quote_depth += 1,
                Tag::Paragraph => self.begin(BlockKind::Paragraph),
                Tag::Heading { .. } => self.begin(BlockKind::Heading),
                Tag::TableCell => self.begin(BlockKind::Cell),
                // A list item or a note holds blocks: what it held before them ends here.
                Tag::Item | Tag::FootnoteDefinition(_) | Tag::List(_) | Tag::Table(_) => {
                    self.close()
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image => {
                    self.skipping = self.skipping.saturating_sub(1)
                }
                TagEnd::BlockQuote(_) => {
                    self.close();
                    self.quote_depth = self.quote_depth.saturating_sub(1);
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::FootnoteDefinition => self.close(),
                _ => {}
            },
            Event::Text(text) if self.skipping == 0 => {
                let exact = source.get(range.clone()) == Some(&*text);
                self.push(&text, range.start, exact);
            }
            Event::Code(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                self.object(range.start)
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if let Some(codes) = allowed(&raw) {
                    match &mut self.open {
                        Some(paragraph) => paragraph.allow.extend(codes),
                        None => self.pending_allow.extend(codes),
                    }
                } else if self.open.is_some() {
                    self.object(range.start);
                }
            }
            Event::FootnoteReference(_) if self.skipping == 0 => {
                self.push_char(NOTE_REF, range.start)
            }
            Event::SoftBreak | Event::HardBreak if self.skipping == 0 => {
                self.push_char(' ', range.start)
            }
            _ => {}
        }
    }

    fn begin(&mut self, kind: BlockKind) {
        self.close();
        self.open = Some(Paragraph {
            text: String::new(),
            kind,
            quoted: self.quote_depth > 0,
            runs: Vec::new(),
            allow: std::mem::take(&mut self.pending_allow),
        });
    }

    /// Ends the open block; one with no prose is forgotten.
    fn close(&mut self) {
        if let Some(paragraph) = self.open.take() {
            if paragraph
                .text
                .chars()
                .any(|c| c != OBJECT && !c.is_whitespace())
            {
                self.done.push(paragraph);
            }
        }
    }

    fn push(&mut self, text: &str, source_start: usize, exact: bool) {
        // Text of a tight list item comes without a paragraph around it.
        let paragraph = self.open.get_or_insert_with(|| Paragraph {
            text: String::new(),
            kind: BlockKind::Paragraph,
            quoted: self.quote_depth > 0,
            runs: Vec::new(),
            allow: std::mem::take(&mut self.pending_allow),
        });
        let start = paragraph.text.len();
        paragraph.text.push_str(text);
        paragraph
            .runs
            .push((start..paragraph.text.len(), source_start, exact));
    }

    fn push_char(&mut self, c: char, source_start: usize) {
        self.push(c.encode_utf8(&mut [0; 4]), source_start, false);
    }

    fn object(&mut self, source_start: usize) {
        if self.skipping == 0 {
            self.push_char(OBJECT, source_start);
        }
    }
}

/// The codes an allow comment names, if `raw` is one.
fn allowed(raw: &str) -> Option<Vec<String>> {
    let inner = raw.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    let codes = inner.strip_prefix(ALLOW)?;
    Some(
        codes
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|code| !code.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_the_typed_text_and_leaves_out_what_is_not_prose() {
        let text = "# El \"título\"\n\nUno `código` y [enlace](02.md \"t\") ![foto](a.png)...\notra línea[^1].\n\n```\n\"no\"\n```\n\n- punto\n\n> -Cita\n\n[^1]: Nota.\n";
        let found = prose(text);
        let texts: Vec<&str> = found.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "El \"título\"",
                "Uno \u{FFFC} y enlace \u{FFFC}... otra línea\u{E000}.",
                "punto",
                "-Cita",
                "Nota."
            ]
        );
        assert_eq!(found[0].kind, BlockKind::Heading);
        assert!(found[3].quoted && !found[2].quoted);
        // Every exact run is the source's bytes at its place.
        for paragraph in &found {
            for (range, start, exact) in &paragraph.runs {
                if *exact {
                    assert_eq!(
                        &text[*start..*start + range.len()],
                        &paragraph.text[range.clone()]
                    );
                }
            }
        }
    }

    #[test]
    fn an_allow_comment_turns_rules_off_for_its_paragraph_only() {
        let text = "<!-- imprenta: allow es::raya-espacio tipo::espacio-doble -->\n— Hola.\n\nOtro.\n\nDentro <!-- imprenta: allow es::ordinal --> 1º.\n";
        let found = prose(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].allow, ["es::raya-espacio", "tipo::espacio-doble"]);
        assert!(found[1].allow.is_empty());
        assert_eq!(found[2].allow, ["es::ordinal"]);
    }
}

//! Chapters → XHTML content documents, with every text and attribute value escaped.
//!
//! Nothing from the manuscript reaches the output unescaped: the tree holds text, never
//! markup, and `crate::xml` also drops the characters XML 1.0 forbids.

use std::fmt::Write as _;

use super::escape::{url_safe, xml_id};
mod document;
mod inline;
mod structure;

pub(crate) use document::document;
use document::page;

use super::pagebreaks::Markers;
use crate::diag::{Diagnostic, Kind, Warnings};
use crate::ir::{
    noteref_id, to_u32, Block, Book, Chapter, ChapterKind, Footnote, LineBlockKind, LinkTarget,
    Place, TextPos,
};
use crate::xml::{attr, push_text};

/// Warning for figures whose alt text is empty: they are marked decorative.
pub const DECORATIVE_IMAGE: Kind = Kind::new(
    "image has empty alt text (marked decorative in the EPUB)",
    "images have empty alt text (marked decorative in the EPUB)",
);

/// What chapter rendering needs besides the chapter: the book, where each image lives in
/// the EPUB, the language, and the warning sink.
pub(crate) struct Context<'a> {
    pub book: &'a Book,
    /// `OEBPS`-relative href of each image, indexed by `ImageId`.
    pub image_hrefs: &'a [String],
    pub lang: &'a str,
    pub dir: &'a str,
    pub warnings: &'a Warnings,
}

/// The file name of chapter `index` inside the EPUB (`cap-01.xhtml`).
pub(crate) fn chapter_file(book: &Book, index: usize) -> String {
    format!("{}.xhtml", book.chapters[index].id)
}

/// The class of front or back matter's section, for the stylesheet.
fn matter_class(matter: crate::ir::Matter) -> &'static str {
    use crate::ir::Matter;
    match matter {
        Matter::Dedication => "dedicatoria",
        Matter::Epigraph => "epigrafe",
        Matter::Colophon => "colofon",
        Matter::OtherTitles => "otros-titulos",
        _ => "capitulo",
    }
}

/// Chapter `index` as a content document, with the print edition's page-break markers
/// that fall in it.
pub(crate) fn chapter(ctx: &Context, index: usize, markers: &mut Markers) -> String {
    let chapter = &ctx.book.chapters[index];
    let mut w = Writer {
        ctx,
        index,
        out: String::new(),
        markers,
        placing: true,
        // Block 0 is the opening (label and title); the body's blocks count from 1.
        next_block: 1,
        here: None,
        title_next: false,
        opening_next: false,
        heading_level: 0,
        in_quote: false,
        in_verse: false,
        epigraph: chapter.matter == Some(crate::ir::Matter::Epigraph),
    };
    // A part's title page is a part, front and back matter what each is (EPUB
    // Structural Semantics, with the DPUB-ARIA role that matches where there is one).
    let open = match (chapter.kind, chapter.matter) {
        (ChapterKind::Part, _) => {
            "<section class=\"parte\" epub:type=\"part\" role=\"doc-part\"".to_string()
        }
        (ChapterKind::Chapter, Some(matter)) => {
            let (kind, role) = matter.semantics();
            let role = role.map(|r| format!(" role=\"{r}\"")).unwrap_or_default();
            format!(
                "<section class=\"{}\" epub:type=\"{kind}\"{role}",
                matter_class(matter)
            )
        }
        (ChapterKind::Chapter, None) => {
            "<section class=\"capitulo\" epub:type=\"chapter\" role=\"doc-chapter\"".to_string()
        }
    };
    let display = chapter.is_display_page();
    // Label the chapter region by its first heading, or by its title when it has none.
    match chapter.blocks.iter().find_map(|b| match b {
        Block::Heading { level: 1, id, .. } => Some(id),
        _ => None,
    }) {
        Some(id) => {
            let _ = writeln!(w.out, "{open} aria-labelledby=\"{}\">", attr(&xml_id(id)));
        }
        None => {
            let _ = writeln!(
                w.out,
                "{open} aria-label=\"{}\">",
                attr(&chapter.title_text())
            );
        }
    }
    // A title from the file name, which no heading gives: the printed opening sets it
    // with its label, and so does the e-book. A dedication or an epigraph prints none.
    if chapter.title_block.is_none() && !display {
        let opening = Place::Text(TextPos::opening(index));
        w.markers.write_before(&opening, true, &mut w.out);
        w.out.push_str("<h1>");
        w.label();
        push_text(&mut w.out, &chapter.title_text());
        w.out.push_str("</h1>\n");
        w.heading_level = 1;
    }
    let opening = ctx.book.style.opening.paragraph_of(chapter);
    for (i, block) in chapter.blocks.iter().enumerate() {
        w.title_next = Some(i) == chapter.title_block;
        w.opening_next = Some(i) == opening;
        w.block(block, false, None);
    }
    // Pages that begin after the chapter's last word: here, before its notes.
    w.placing = false;
    w.here = None;
    if index + 1 == ctx.book.chapters.len() {
        // The pages at the very end of the book.
        w.markers.write_before(&Place::End, true, &mut w.out);
    } else {
        let next = Place::Text(TextPos::opening(index + 1));
        w.markers.write_before(&next, false, &mut w.out);
    }
    w.notes(chapter);
    w.out.push_str("</section>\n");
    let drop_caps = opening.is_some() && ctx.book.style.opening.drop_cap.is_some();
    page(ctx, &chapter.title_text(), None, &w.out, drop_caps)
}

/// Renders blocks and inlines of one chapter.
struct Writer<'a, 'b, 'm> {
    ctx: &'a Context<'b>,
    /// The chapter being written (for links within it).
    index: usize,
    out: String,
    /// The page-break markers still to write.
    markers: &'a mut Markers<'m>,
    /// Writing the chapter's body, whose blocks have places (its notes have none).
    placing: bool,
    /// The number of the next block in reading order (see `ir::position`).
    next_block: u32,
    /// Where the text written next lies, inside a block with text of its own.
    here: Option<TextPos>,
    /// The next block is the heading the chapter's title comes from.
    title_next: bool,
    /// The next block is the chapter's opening paragraph, set as the style opens it.
    opening_next: bool,
    /// The level of the last heading written (0 before the first).
    heading_level: u8,
    /// Writing a block quote's blocks.
    in_quote: bool,
    /// Writing verse: each paragraph a stanza, each line hung under itself.
    in_verse: bool,
    /// Writing an epigraph.
    epigraph: bool,
}

impl Writer<'_, '_, '_> {
    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight, None);
        }
    }

    /// One block; `tight` sets list-item paragraphs without `<p>`; `prefix` is markup put
    /// at the start of the block's first line (a task list's check box, a note's number).
    fn block(&mut self, block: &Block, tight: bool, prefix: Option<&str>) {
        let is_title = std::mem::take(&mut self.title_next);
        let is_opening = std::mem::take(&mut self.opening_next);
        if self.placing {
            let at = TextPos {
                chapter: to_u32(self.index),
                block: self.next_block,
                offset: 0,
            };
            self.next_block = self.next_block.saturating_add(1);
            // A page that begins in a block with text begins at one of its words; any
            // other block (a figure, a list) is preceded by the markers that fall in it.
            let own_text = matches!(
                block,
                Block::Heading { .. }
                    | Block::Paragraph { .. }
                    | Block::CodeBlock { .. }
                    | Block::Table { .. }
            );
            if own_text {
                self.markers
                    .write_before(&Place::Text(at), false, &mut self.out);
                self.here = Some(at);
            } else {
                let last = TextPos {
                    offset: u32::MAX,
                    ..at
                };
                self.markers
                    .write_before(&Place::Text(last), true, &mut self.out);
                self.here = None;
            }
        }
        match block {
            Block::Heading {
                level, id, content, ..
            } => {
                // Levels never skip one (`#` then `###` is an h1 then an h2): a screen
                // reader's outline has no holes (Ace: heading-order).
                let level = (*level).clamp(1, 6).min(self.heading_level + 1);
                self.heading_level = level;
                let _ = write!(self.out, "<h{level} id=\"{}\">", attr(&xml_id(id)));
                if is_title {
                    self.label();
                }
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph { content, .. } if self.in_verse => self.stanza(content),
            // An epigraph's source (a line opened by a dash) stands upright, as in print.
            Block::Paragraph { content, .. }
                if self.epigraph && crate::ir::is_source_line(content) =>
            {
                self.out.push_str("<p class=\"fuente\">");
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            Block::Paragraph { content, .. } if is_opening => self.opening(content),
            Block::Paragraph { content, .. } => {
                // A quote's speech is indented even first, as in print (see the CSS).
                if !tight && self.in_quote && crate::ir::opens_speech(content) {
                    self.out.push_str("<p class=\"dialogo\">");
                } else if !tight {
                    self.out.push_str("<p>");
                }
                self.out.push_str(prefix.unwrap_or_default());
                self.inlines(content);
                if !tight {
                    self.out.push_str("</p>");
                }
                self.out.push('\n');
            }
            Block::BlockQuote { blocks, .. } => {
                self.out.push_str("<blockquote>\n");
                let outer = std::mem::replace(&mut self.in_quote, true);
                self.blocks(blocks, false);
                self.in_quote = outer;
                self.out.push_str("</blockquote>\n");
            }
            Block::LineBlock { kind, blocks, .. } => {
                let class = match kind {
                    LineBlockKind::Verse => "verso",
                    LineBlockKind::Centred => "centrado",
                    LineBlockKind::Right => "derecha",
                };
                let _ = writeln!(self.out, "<div class=\"{class}\">");
                let outer = std::mem::replace(&mut self.in_verse, *kind == LineBlockKind::Verse);
                self.blocks(blocks, false);
                self.in_verse = outer;
                self.out.push_str("</div>\n");
            }
            Block::List {
                start,
                tight,
                items,
                ..
            } => self.list(*start, *tight, items),
            Block::CodeBlock { language, text, .. } => {
                self.out.push_str("<pre>");
                match language.as_deref().map(language_class) {
                    Some(class) if !class.is_empty() => {
                        let _ = write!(self.out, "<code class=\"language-{class}\">");
                    }
                    _ => self.out.push_str("<code>"),
                }
                self.text(text);
                self.out.push_str("</code></pre>\n");
            }
            Block::Table {
                alignments,
                header,
                rows,
                ..
            } => self.table(alignments, header, rows),
            Block::Figure {
                image,
                alt,
                caption,
                loc,
            } => {
                let href = self.image_href(*image);
                let decorative = alt.trim().is_empty();
                if decorative {
                    let path = self.ctx.book.images.get(*image).map(|i| i.path.as_str());
                    self.ctx.warnings.push(
                        DECORATIVE_IMAGE,
                        Diagnostic::at(
                            loc.clone(),
                            format!(
                                "image `{}` has empty alt text: it is marked decorative",
                                path.unwrap_or("?")
                            ),
                        )
                        .with_hint("describe the image in `![…](…)`, unless it is pure ornament"),
                    );
                }
                let img = if decorative {
                    format!(
                        "<img src=\"{}\" alt=\"\" role=\"presentation\"/>",
                        attr(href)
                    )
                } else {
                    format!("<img src=\"{}\" alt=\"{}\"/>", attr(href), attr(alt.trim()))
                };
                match caption {
                    Some(caption) => {
                        let _ = write!(self.out, "<figure class=\"figura\">\n{img}\n<figcaption>");
                        self.inlines(caption);
                        self.out.push_str("</figcaption>\n</figure>\n");
                    }
                    None => {
                        let _ = writeln!(self.out, "<div class=\"figura\">{img}</div>");
                    }
                }
            }
            // The style's image between scenes is decoration: a separator to a reader,
            // the image without a description.
            Block::SceneBreak { .. } => match self.ctx.book.style.scene_image {
                Some(image) => {
                    let href = attr(self.image_href(image));
                    let _ = writeln!(
                        self.out,
                        "<div class=\"escena\" role=\"separator\"><img src=\"{href}\" alt=\"\"/></div>"
                    );
                }
                None => self.out.push_str("<hr class=\"escena\"/>\n"),
            },
        }
    }

    /// The chapter's label («Capítulo 3») at the start of its title, as the printed
    /// opening has it; the page that opens the chapter begins before it.
    fn label(&mut self) {
        let Some(label) = self.ctx.book.chapter_label(self.index) else {
            return;
        };
        if let Some(at) = self.here {
            self.markers
                .write_before(&Place::Text(at), true, &mut self.out);
        }
        self.out.push_str("<span class=\"etiqueta\">");
        push_text(&mut self.out, &label);
        self.out.push_str("</span> ");
    }

    /// Where image `image` lies in the EPUB.
    fn image_href(&self, image: crate::ir::ImageId) -> &str {
        self.ctx
            .image_hrefs
            .get(image)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Where a link points in the EPUB; `None` for a chapter that does not exist.
    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::External(url) => Some(url_safe(url)),
            LinkTarget::Internal { chapter, anchor } => {
                if *chapter >= self.ctx.book.chapters.len() {
                    return None;
                }
                let file = if *chapter == self.index {
                    String::new()
                } else {
                    chapter_file(self.ctx.book, *chapter)
                };
                Some(match anchor {
                    Some(anchor) => format!("{file}#{}", xml_id(anchor)),
                    None if file.is_empty() => chapter_file(self.ctx.book, *chapter),
                    None => file,
                })
            }
        }
    }

    /// The chapter's notes as EPUB 3 footnotes. Each back-link sits inside its own note:
    /// Kindle runs pop-up notes together otherwise (pandoc issue 4490); and each note is an
    /// `aside` typed `footnote`, the only thing Kobo pops up (Kobo epub-spec issue 45).
    fn notes(&mut self, chapter: &Chapter) {
        if chapter.footnotes.is_empty() {
            return;
        }
        self.out.push_str("<div class=\"notas\">\n");
        for note in &chapter.footnotes {
            self.note(note);
        }
        self.out.push_str("</div>\n");
    }

    fn note(&mut self, note: &Footnote) {
        let _ = writeln!(
            self.out,
            "<aside class=\"nota\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\">",
            note.id()
        );
        let number = format!(
            "<a class=\"nota-num\" href=\"#{}\" role=\"doc-backlink\">{}</a> ",
            noteref_id(note.number),
            note.number
        );
        match note.blocks.first() {
            Some(Block::Paragraph { .. }) => {
                self.block(&note.blocks[0], false, Some(&number));
                self.blocks(&note.blocks[1..], false);
            }
            _ => {
                let _ = writeln!(self.out, "<p>{}</p>", number.trim_end());
                self.blocks(&note.blocks, false);
            }
        }
        self.out.push_str("</aside>\n");
    }
}

/// A code block's language as a class-name fragment: letters, digits, `-`, `_`, `+`, `#`
/// spelled out, anything else dropped.
fn language_class(language: &str) -> String {
    let mut out = String::new();
    for c in language.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' => out.push(c.to_ascii_lowercase()),
            '+' => out.push_str("plus"),
            '#' => out.push_str("sharp"),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_classes_are_safe() {
        assert_eq!(language_class("C++"), "cplusplus");
        assert_eq!(language_class("rust\" onclick"), "rustonclick");
    }
}

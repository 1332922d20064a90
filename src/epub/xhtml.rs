//! Chapters → XHTML content documents, with every text and attribute value escaped.
//!
//! Nothing from the manuscript reaches the output unescaped: the tree holds text, never
//! markup, and `crate::xml` also drops the characters XML 1.0 forbids.

use std::fmt::Write as _;

use super::escape::{url_safe, xml_id};
use crate::diag::{Diagnostic, Kind, Warnings};
use crate::ir::{
    noteref_id, Alignment, Block, Book, Chapter, Footnote, Inline, LinkTarget, ListItem,
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

/// A complete XHTML content document around `body` (already markup).
pub(crate) fn document(ctx: &Context, title: &str, body_class: Option<&str>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = writeln!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">",
        lang = attr(ctx.lang),
        dir = ctx.dir
    );
    out.push_str("<head>\n<meta charset=\"utf-8\"/>\n<title>");
    push_text(&mut out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n",
    );
    match body_class {
        Some(class) => {
            let _ = writeln!(out, "<body class=\"{class}\">");
        }
        None => out.push_str("<body>\n"),
    }
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// Chapter `index` as a content document.
pub(crate) fn chapter(ctx: &Context, index: usize) -> String {
    let chapter = &ctx.book.chapters[index];
    let mut w = Writer {
        ctx,
        index,
        out: String::new(),
    };
    // Label the chapter region by its first heading, or by its title when it has none.
    match chapter.blocks.iter().find_map(|b| match b {
        Block::Heading { level: 1, id, .. } => Some(id),
        _ => None,
    }) {
        Some(id) => {
            let _ = writeln!(
                w.out,
                "<section class=\"capitulo\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{}\">",
                attr(&xml_id(id))
            );
        }
        None => {
            let _ = writeln!(
                w.out,
                "<section class=\"capitulo\" epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"{}\">",
                attr(&chapter.title_text())
            );
        }
    }
    w.blocks(&chapter.blocks, false);
    w.notes(chapter);
    w.out.push_str("</section>\n");
    document(ctx, &chapter.title_text(), None, &w.out)
}

/// Renders blocks and inlines of one chapter.
struct Writer<'a, 'b> {
    ctx: &'a Context<'b>,
    /// The chapter being written (for links within it).
    index: usize,
    out: String,
}

impl Writer<'_, '_> {
    fn blocks(&mut self, blocks: &[Block], tight: bool) {
        for block in blocks {
            self.block(block, tight, None);
        }
    }

    /// One block; `tight` sets list-item paragraphs without `<p>`; `prefix` is markup put
    /// at the start of the block's first line (a task list's check box, a note's number).
    fn block(&mut self, block: &Block, tight: bool, prefix: Option<&str>) {
        match block {
            Block::Heading {
                level, id, content, ..
            } => {
                let level = (*level).clamp(1, 6);
                let _ = write!(self.out, "<h{level} id=\"{}\">", attr(&xml_id(id)));
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Paragraph { content, .. } => {
                if !tight {
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
                self.blocks(blocks, false);
                self.out.push_str("</blockquote>\n");
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
                push_text(&mut self.out, text);
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
                let href = self
                    .ctx
                    .image_hrefs
                    .get(*image)
                    .map(String::as_str)
                    .unwrap_or_default();
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
            Block::SceneBreak { .. } => self.out.push_str("<hr class=\"escena\"/>\n"),
        }
    }

    fn list(&mut self, start: Option<u64>, tight: bool, items: &[ListItem]) {
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

    fn table(
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
            self.out.push_str("<thead>\n<tr>");
            for (i, cell) in header.iter().enumerate() {
                let _ = write!(self.out, "<th scope=\"col\"{}>", class(i));
                self.inlines(cell);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        if !rows.is_empty() {
            self.out.push_str("<tbody>\n");
            for row in rows {
                self.out.push_str("<tr>");
                for (i, cell) in row.iter().enumerate() {
                    let _ = write!(self.out, "<td{}>", class(i));
                    self.inlines(cell);
                    self.out.push_str("</td>");
                }
                self.out.push_str("</tr>\n");
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn wrap(&mut self, open: &str, close: &str, content: &[Inline]) {
        self.out.push_str(open);
        self.inlines(content);
        self.out.push_str(close);
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(s) => push_text(&mut self.out, s),
            Inline::Emphasis(c) => self.wrap("<em>", "</em>", c),
            Inline::Strong(c) => self.wrap("<strong>", "</strong>", c),
            Inline::Strikethrough(c) => self.wrap("<del>", "</del>", c),
            Inline::Superscript(c) => self.wrap("<sup>", "</sup>", c),
            Inline::Subscript(c) => self.wrap("<sub>", "</sub>", c),
            Inline::SmallCaps(c) => self.wrap("<span class=\"versalita\">", "</span>", c),
            Inline::Code(s) => {
                self.out.push_str("<code>");
                push_text(&mut self.out, s);
                self.out.push_str("</code>");
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

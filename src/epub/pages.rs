//! The pages made from metadata rather than chapters: cover, title page, copyright page.

use std::fmt::Write as _;

use super::accessibility::Claims;
use super::pagebreaks::Markers;
use super::xhtml::{document, Context};
use crate::ir::{Metadata, Place};
use crate::locale::{self, Credit};
use crate::xml::{attr, push_text};

/// File names of the generated pages.
pub(crate) const COVER_FILE: &str = "cubierta.xhtml";
pub(crate) const TITLE_FILE: &str = "portada.xhtml";
pub(crate) const COPYRIGHT_FILE: &str = "creditos.xhtml";

/// "A, B y C": authors joined as the book's language joins a list.
pub(crate) fn authors_line(authors: &[String], language: &str) -> String {
    locale::join_names(authors, locale::words(language))
}

/// The cover page: the cover image alone, marked as the cover for readers and AT.
pub(crate) fn cover(ctx: &Context, href: &str) -> String {
    let meta = &ctx.book.metadata;
    let words = locale::words(&meta.language);
    let mut alt = format!("{}: {}", words.cover, meta.title);
    if !meta.authors.is_empty() {
        let _ = write!(
            alt,
            ", {} {}",
            words.by,
            authors_line(&meta.authors, &meta.language)
        );
    }
    let body = format!(
        "<section class=\"cubierta\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        attr(href),
        attr(&alt)
    );
    document(ctx, words.cover, Some("cubierta"), &body)
}

/// The title page: title, subtitle, authors and publisher, in the printed title page's
/// order; the half-title's and the title page's markers go before it.
pub(crate) fn title_page(ctx: &Context, markers: &mut Markers) -> String {
    let meta = &ctx.book.metadata;
    let mut body = String::from("<section class=\"portada\" epub:type=\"titlepage\">\n");
    markers.write_before(&Place::TitlePage, true, &mut body);
    body.push_str("<h1 class=\"titulo\">");
    push_text(&mut body, &meta.title);
    body.push_str("</h1>\n");
    if let Some(subtitle) = &meta.subtitle {
        body.push_str("<p class=\"subtitulo\">");
        push_text(&mut body, subtitle);
        body.push_str("</p>\n");
    }
    if !meta.authors.is_empty() {
        body.push_str("<p class=\"autor\">");
        push_text(&mut body, &authors_line(&meta.authors, &meta.language));
        body.push_str("</p>\n");
    }
    if let Some(publisher) = &meta.publisher {
        body.push_str("<p class=\"editorial\">");
        push_text(&mut body, publisher);
        body.push_str("</p>\n");
    }
    body.push_str("</section>\n");
    document(ctx, &meta.title, None, &body)
}

/// The visible contents page: each chapter with its level-2 headings, as the nav lists
/// them; the printed contents' markers go before the entry each page begins with.
pub(crate) fn contents_page(
    ctx: &Context,
    markers: &mut Markers,
    pages: &[(String, String)],
) -> String {
    let book = ctx.book;
    let words = locale::words(&book.metadata.language);
    let mut body = String::from(
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">\n",
    );
    let title = Place::Contents {
        entry: 0,
        chapter: 0,
        id: None,
    };
    markers.write_before(&title, true, &mut body);
    body.push_str("<h1 id=\"toc-title\">");
    push_text(&mut body, words.contents);
    body.push_str("</h1>\n<ol>\n");
    // A contents page begins with the entry for its first heading; a printed entry the
    // e-book does not list has its marker before the next one that it does.
    let mut entry =
        |body: &mut String, chapter: usize, id: Option<&str>, text: &str, href: &str| {
            body.push_str("<li>");
            while let Some(Place::Contents {
                chapter: at,
                id: anchor,
                ..
            }) = markers.peek()
            {
                let here = (*at as usize) < chapter
                    || (*at as usize == chapter && anchor.as_deref() == id);
                if !here {
                    break;
                }
                markers.write_next(body);
            }
            let _ = write!(body, "<a href=\"{}\">", attr(href));
            push_text(body, text);
            body.push_str("</a>");
        };
    // A part's entry holds its chapters' list.
    let mut open_part = None;
    for i in 0..book.chapters.len() {
        // As in print: a dedication, an epigraph or a colophon is a page, not an entry.
        if book.chapters[i].is_display_page() {
            continue;
        }
        if open_part.is_some() && book.chapters[i].part != open_part {
            body.push_str("</ol>\n</li>\n");
            open_part = None;
        }
        let file = super::xhtml::chapter_file(book, i);
        entry(
            &mut body,
            i,
            None,
            &super::nav::chapter_title(book, i),
            &file,
        );
        let sections: Vec<(String, String)> = super::nav::section_entries(book, i);
        if !sections.is_empty() {
            body.push_str("\n<ol>\n");
            for (id, text) in &sections {
                let href = format!("{file}#{}", super::escape::xml_id(id));
                entry(&mut body, i, Some(id), text, &href);
                body.push_str("</li>\n");
            }
            body.push_str("</ol>\n");
        }
        let opens = book.chapters[i].kind == crate::ir::ChapterKind::Part
            && book.chapters.get(i + 1).is_some_and(|c| c.part == Some(i));
        if opens {
            body.push_str("\n<ol>\n");
            open_part = Some(i);
        } else {
            body.push_str("</li>\n");
        }
    }
    if open_part.is_some() {
        body.push_str("</ol>\n</li>\n");
    }
    body.push_str("</ol>\n");
    markers.write_before(
        &Place::Text(crate::ir::TextPos::opening(0)),
        false,
        &mut body,
    );
    body.push_str("</nav>\n");
    if !pages.is_empty() {
        body.push_str(&super::pagebreaks::page_list(
            super::pagebreaks::PAGE_LIST_ID,
            words.pages,
            pages,
        ));
    }
    document(ctx, words.contents, None, &body)
}

/// The copyright page: rights, edition, publisher, date and identifier, then the
/// accessibility statement.
pub(crate) fn copyright_page(ctx: &Context, markers: &mut Markers, claims: &Claims) -> String {
    let meta: &Metadata = &ctx.book.metadata;
    let words = locale::words(&meta.language);
    let mut body = format!(
        "<section class=\"creditos\" epub:type=\"copyright-page\" aria-label=\"{}\">\n",
        attr(words.credits)
    );
    markers.write_before(&Place::Copyright, true, &mut body);
    // The printed copyright page says the same, in the same words (`locale::credits`).
    for (credit, text) in locale::credits(meta, true) {
        let class = match credit {
            Credit::Title => "obra",
            Credit::Authors => "autor",
            Credit::Rights => "derechos",
            Credit::Edition => "edicion",
            Credit::Publisher => "editorial",
            Credit::Identifier => "identificador",
        };
        let _ = write!(body, "<p class=\"{class}\">");
        push_text(&mut body, &text);
        body.push_str("</p>\n");
    }
    body.push_str(&claims.section(words.accessibility));
    body.push_str("</section>\n");
    document(ctx, words.credits, None, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_joined_in_spanish() {
        let a =
            |v: &[&str]| authors_line(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), "es");
        assert_eq!(a(&["Ana"]), "Ana");
        assert_eq!(a(&["Ana", "Luis", "Eva"]), "Ana, Luis y Eva");
    }
}

//! Table-of-contents entries for the nav document and the NCX: each part with its
//! chapters, each chapter with its level-2 headings.

use epub_builder::TocElement;

use super::escape::xml_id;
use super::xhtml::chapter_file;
use crate::ir::{plain_text, Book, ChapterKind};
use crate::xml::clean;

/// The chapter's title as the nav shows it (plain text, one line).
pub(crate) fn chapter_title(book: &Book, index: usize) -> String {
    one_line(&book.chapters[index].title_text())
}

/// The level-2 headings of chapter `index` the contents list: (id, title as one line).
pub(crate) fn section_entries(book: &Book, index: usize) -> Vec<(String, String)> {
    let chapter = &book.chapters[index];
    // Under a part come its chapters; headings on its title page stay off the list.
    if chapter.kind == ChapterKind::Part {
        return Vec::new();
    }
    chapter
        .sections()
        .filter_map(|(id, content)| {
            let title = one_line(&plain_text(content));
            // An entry without text would be an empty link, which the nav may not hold.
            (!title.is_empty()).then(|| (id.to_string(), title))
        })
        .collect()
}

/// The nav entries under chapter `index`: its level-2 headings.
pub(crate) fn sections(book: &Book, index: usize) -> Vec<TocElement> {
    let file = chapter_file(book, index);
    section_entries(book, index)
        .into_iter()
        .map(|(id, title)| TocElement::new(format!("{file}#{}", xml_id(&id)), title).level(2))
        .collect()
}

fn one_line(s: &str) -> String {
    clean(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

//! The book's divisions: parts and chapters, and the labels they are numbered by.

use super::{Book, Chapter};

/// What a chapter file stands for in the book's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChapterKind {
    /// A chapter: it opens on a recto with its label and title.
    #[default]
    Chapter,
    /// A part's title page, with any opening text of the part: the chapters that name it
    /// as their part are set after it.
    Part,
}

/// How chapters are numbered in a book with parts (`[book] numbering`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// «Capítulo 1» to the last chapter, across parts.
    #[default]
    Continuous,
    /// Each part's first chapter is «Capítulo 1» again (the *Quijote*'s second part).
    ByPart,
}

impl Book {
    /// The label over chapter `index` («Capítulo 3»), counted over the chapters before
    /// it as [`crate::locale::chapter_labels`] counts: from the book's first chapter, or
    /// from its part's when numbering starts again in each part. A part's label
    /// («Parte II») counts the parts, unless its title names it already.
    pub fn chapter_label(&self, index: usize) -> Option<String> {
        let chapter = &self.chapters[index];
        let language = &self.metadata.language;
        if chapter.kind == ChapterKind::Part {
            let number = self.chapters[..=index]
                .iter()
                .filter(|c| c.kind == ChapterKind::Part)
                .count();
            return crate::locale::part_label(language, &chapter.title_text(), number);
        }
        let first = match (self.numbering, chapter.part) {
            (Numbering::ByPart, Some(part)) => part + 1,
            _ => 0,
        };
        let titles = self.chapters[first..=index]
            .iter()
            .filter(|c| c.kind == ChapterKind::Chapter)
            .map(Chapter::title_text);
        crate::locale::chapter_labels(language, titles)
            .pop()
            .flatten()
    }

    /// How deep chapter `index` sits in the contents: 0 for a part or a chapter outside
    /// any part, 1 for a chapter inside one.
    pub fn depth(&self, index: usize) -> u8 {
        self.chapters
            .get(index)
            .map_or(0, |chapter| u8::from(chapter.part.is_some()))
    }
}

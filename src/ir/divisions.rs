//! The book's divisions: parts, chapters and the front and back matter, and the labels
//! the chapters are numbered by.

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

/// What a page of front or back matter is: it gets no «Capítulo N» label and is not
/// counted; each has its page design in print and its semantics in the e-book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matter {
    /// Set alone on a recto, in italic, a third down; no running heads.
    Dedication,
    /// A quotation and its source, flush right, a third down; no running heads.
    Epigraph,
    /// A prologue, preface or foreword.
    Preface,
    /// An introduction, unnumbered.
    Introduction,
    /// An epilogue or afterword.
    Epilogue,
    /// The acknowledgements.
    Acknowledgements,
    /// About the author.
    AboutAuthor,
    /// The press's other books, listed.
    OtherTitles,
    /// The printer's colophon: typefaces, paper, printer, place and date of printing.
    Colophon,
}

impl Matter {
    /// Every kind `[matter]` names, in its order (the press's other titles come from
    /// `[book] other_titles` or a file's name instead).
    pub const ALL: [Matter; 8] = [
        Matter::Dedication,
        Matter::Epigraph,
        Matter::Preface,
        Matter::Introduction,
        Matter::Epilogue,
        Matter::Acknowledgements,
        Matter::AboutAuthor,
        Matter::Colophon,
    ];

    /// Its key in `[matter]`.
    pub fn key(self) -> &'static str {
        match self {
            Matter::Dedication => "dedication",
            Matter::Epigraph => "epigraph",
            Matter::Preface => "preface",
            Matter::Introduction => "introduction",
            Matter::Epilogue => "epilogue",
            Matter::Acknowledgements => "acknowledgements",
            Matter::AboutAuthor => "about_author",
            Matter::OtherTitles => "other_titles",
            Matter::Colophon => "colophon",
        }
    }

    /// Where it stands among the front or the back matter, as a book prints them.
    pub fn order(self) -> usize {
        match self {
            Matter::OtherTitles => 7,
            Matter::Colophon => 8,
            other => Matter::ALL.iter().position(|k| *k == other).unwrap_or(0),
        }
    }

    /// The kind a chapter file's name says it is (`00-dedicatoria.md`, `prologo.md`,
    /// `sobre-la-autora.md`, `colophon.md`), in Spanish or English.
    pub fn from_file_name(stem: &str) -> Option<Matter> {
        let words = super::slugify(crate::paths::unnumbered(stem));
        Some(match words.as_str() {
            "dedicatoria" | "dedication" => Matter::Dedication,
            "epigrafe" | "epigraph" => Matter::Epigraph,
            "prologo" | "prefacio" | "preface" | "prologue" | "foreword" => Matter::Preface,
            "introduccion" | "introduction" => Matter::Introduction,
            "epilogo" | "epilogue" | "afterword" => Matter::Epilogue,
            "agradecimientos" | "acknowledgements" | "acknowledgments" => Matter::Acknowledgements,
            "sobre-el-autor" | "sobre-la-autora" | "sobre-los-autores" | "sobre-las-autoras"
            | "about-the-author" | "about-the-authors" => Matter::AboutAuthor,
            "colofon" | "colophon" => Matter::Colophon,
            "otros-titulos" | "other-titles" | "also-by" => Matter::OtherTitles,
            _ => return None,
        })
    }

    /// Whether it comes before the chapters (and takes roman folios when it does).
    pub fn is_front(self) -> bool {
        matches!(
            self,
            Matter::Dedication | Matter::Epigraph | Matter::Preface | Matter::Introduction
        )
    }

    /// A page set apart, with no title printed, no running heads and no entry in the
    /// contents.
    pub fn is_display(self) -> bool {
        matches!(
            self,
            Matter::Dedication | Matter::Epigraph | Matter::Colophon
        )
    }

    /// Whether its paragraphs are set as a page of display (centred, or flush right for
    /// an epigraph) rather than as running text.
    pub fn sets_display_text(self) -> bool {
        self.is_display() || self == Matter::OtherTitles
    }

    /// Its `epub:type` (EPUB 3 Structural Semantics) and the DPUB-ARIA role that matches
    /// it, when there is one: about the author has no term of its own.
    pub fn semantics(self) -> (&'static str, Option<&'static str>) {
        match self {
            Matter::Dedication => ("dedication", Some("doc-dedication")),
            Matter::Epigraph => ("epigraph", Some("doc-epigraph")),
            Matter::Preface => ("preface", Some("doc-preface")),
            Matter::Introduction => ("introduction", Some("doc-introduction")),
            Matter::Epilogue => ("epilogue", Some("doc-epilogue")),
            Matter::Acknowledgements => ("acknowledgments", Some("doc-acknowledgments")),
            Matter::AboutAuthor | Matter::OtherTitles => ("backmatter", None),
            Matter::Colophon => ("colophon", Some("doc-colophon")),
        }
    }
}

/// Whether an epigraph's paragraph is its source: a line opened by a dash («—Dicho de
/// la ladera»), set upright under the quotation in both books.
pub fn is_source_line(content: &[super::Inline]) -> bool {
    super::plain_text(content)
        .trim_start()
        .starts_with(['—', '―', '–'])
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
        if chapter.matter.is_some() {
            return None;
        }
        let first = match (self.numbering, chapter.part) {
            (Numbering::ByPart, Some(part)) => part + 1,
            _ => 0,
        };
        let titles = self.chapters[first..=index]
            .iter()
            .filter(|c| c.kind == ChapterKind::Chapter && c.matter.is_none())
            .map(Chapter::title_text);
        crate::locale::chapter_labels_as(language, titles, self.style.label)
            .pop()
            .flatten()
    }

    /// How many chapters open the book as front matter (a dedication, a prologue…): the
    /// body, with its arabic folios and the e-book's `bodymatter`, begins after them.
    pub fn front_matter(&self) -> usize {
        self.chapters
            .iter()
            .take_while(|c| c.matter.is_some_and(Matter::is_front))
            .count()
    }

    /// How deep chapter `index` sits in the contents: 0 for a part or a chapter outside
    /// any part, 1 for a chapter inside one.
    pub fn depth(&self, index: usize) -> u8 {
        self.chapters
            .get(index)
            .map_or(0, |chapter| u8::from(chapter.part.is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::Matter;

    #[test]
    fn file_names_say_what_matter_they_hold() {
        let kind = Matter::from_file_name;
        assert_eq!(kind("00-dedicatoria"), Some(Matter::Dedication));
        assert_eq!(kind("Epígrafe"), Some(Matter::Epigraph));
        assert_eq!(kind("01_prologo"), Some(Matter::Preface));
        assert_eq!(kind("foreword"), Some(Matter::Preface));
        assert_eq!(kind("99-sobre-la-autora"), Some(Matter::AboutAuthor));
        assert_eq!(kind("colophon"), Some(Matter::Colophon));
        assert_eq!(kind("acknowledgments"), Some(Matter::Acknowledgements));
        assert_eq!(kind("01-la-ciudad"), None);
        assert_eq!(
            kind("prologo-del-editor"),
            None,
            "a whole name, not a prefix"
        );
    }
}

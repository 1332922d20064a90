//! The printed edition's pages in the e-book: a page-break marker where each page begins,
//! the page list of the nav document and the NCX's `pageList` for older readers.
//!
//! EPUB Accessibility 1.1 (§ 4.1, page navigation) asks an EPUB made in the same workflow
//! as a print edition to carry its page breaks. The typesetter says where each page
//! begins as a [`Place`] in the tree; the writers of the content documents ask the
//! [`Markers`] queue to write every marker due before the text they are about to write.

use std::fmt::Write as _;

use super::pages::{COPYRIGHT_FILE, TITLE_FILE};
use super::xhtml::chapter_file;
use crate::ir::{Book, PageBreak, Place, TextPos};
use crate::xml::{attr, push_text};

/// The visible contents page; its entries carry the contents pages' markers.
pub(crate) const CONTENTS_FILE: &str = "toc.xhtml";

/// The id of page `label`'s marker (`pagina.iv`, `pagina.37`): the dot keeps it apart
/// from heading ids, as the notes' `nota.3` (the lowering reserves the prefix).
pub fn marker_id(label: &str) -> String {
    let safe: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("pagina.{safe}")
}

/// The content document a page's marker is written in.
fn file_of(book: &Book, place: &Place) -> String {
    match place {
        Place::HalfTitle | Place::TitlePage => TITLE_FILE.to_string(),
        Place::Copyright => COPYRIGHT_FILE.to_string(),
        Place::Contents { .. } => CONTENTS_FILE.to_string(),
        Place::Text(TextPos { chapter, .. }) => {
            chapter_file(book, (*chapter as usize).min(book.chapters.len() - 1))
        }
        Place::End => chapter_file(book, book.chapters.len() - 1),
    }
}

/// The markers still to be written, in reading order.
#[derive(Debug)]
pub(crate) struct Markers<'a> {
    breaks: &'a [PageBreak],
    next: usize,
}

impl<'a> Markers<'a> {
    /// The markers of `breaks` (in page order, each place no earlier than the last).
    pub fn new(breaks: &'a [PageBreak]) -> Self {
        Markers { breaks, next: 0 }
    }

    /// The place of the next marker to write.
    pub fn peek(&self) -> Option<&'a Place> {
        self.breaks.get(self.next).map(|b| &b.place)
    }

    /// Writes the next marker to `out`.
    pub fn write_next(&mut self, out: &mut String) {
        if let Some(page) = self.breaks.get(self.next) {
            let _ = write!(
                out,
                "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"/>",
                marker_id(&page.label),
                attr(&page.label)
            );
            self.next += 1;
        }
    }

    /// Writes every marker whose place comes before `place` (or is it, when `inclusive`).
    pub fn write_before(&mut self, place: &Place, inclusive: bool, out: &mut String) {
        while let Some(next) = self.peek() {
            if next < place || (inclusive && next == place) {
                self.write_next(out);
            } else {
                break;
            }
        }
    }

    /// Writes `text`, which starts at `at` in its block, with every marker that lies in
    /// it; the markers that come before the text go first. A marker lands before the character
    /// its offset names: the first of a word, never inside one.
    pub fn write_text(&mut self, text: &str, at: TextPos, out: &mut String) {
        let len = crate::ir::text_len(text);
        let end = Place::Text(TextPos {
            offset: at.offset.saturating_add(len),
            ..at
        });
        // What of `text` is already out, in bytes and in characters.
        let (mut written, mut counted) = (0usize, 0usize);
        while let Some(next) = self.peek() {
            if *next >= end {
                break;
            }
            let skip = match next {
                Place::Text(p) if p.chapter == at.chapter && p.block == at.block => {
                    p.offset.saturating_sub(at.offset) as usize
                }
                _ => 0,
            };
            // Counted on from the last marker: a long paragraph is walked once.
            if skip > counted {
                let byte = text[written..]
                    .char_indices()
                    .nth(skip - counted)
                    .map_or(text.len(), |(b, _)| written + b);
                push_text(out, &text[written..byte]);
                written = byte;
                counted = skip;
            }
            self.write_next(out);
        }
        push_text(out, &text[written..]);
    }
}

/// The id of the contents page's copy of the page list, which its landmark leads to.
pub(crate) const PAGE_LIST_ID: &str = "paginas";

/// A page list: a hidden `nav` of the pages (label, href), named `name`.
pub(crate) fn page_list(id: &str, name: &str, pages: &[(String, String)]) -> String {
    let mut nav = format!(
        "<nav epub:type=\"page-list\" id=\"{id}\" role=\"doc-pagelist\" aria-label=\"{}\" hidden=\"hidden\">\n<ol>\n",
        attr(name)
    );
    for (label, href) in pages {
        let _ = write!(nav, "<li><a href=\"{}\">", attr(href));
        push_text(&mut nav, label);
        nav.push_str("</a></li>\n");
    }
    nav.push_str("</ol>\n</nav>\n");
    nav
}

/// Every page of the print edition, as (label, the href of its marker): the entries of
/// the page lists. A blank verso is listed too: its marker is in the text, and a page
/// list must lead to every marker (Ace by DAISY, epub-pagelist-missing-pagebreak).
pub(crate) fn targets(book: &Book, breaks: &[PageBreak]) -> Vec<(String, String)> {
    breaks
        .iter()
        .map(|page| {
            let href = format!("{}#{}", file_of(book, &page.place), marker_id(&page.label));
            (page.label.clone(), href)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(block: u32, offset: u32) -> Place {
        Place::Text(TextPos {
            chapter: 0,
            block,
            offset,
        })
    }

    fn page(label: &str, place: Place) -> PageBreak {
        PageBreak {
            label: label.into(),
            place,
        }
    }

    #[test]
    fn markers_land_before_the_character_their_offset_names() {
        let breaks = [
            page("1", at(2, 0)),
            page("2", at(2, 6)),
            page("3", at(2, 6)),
            page("4", at(3, 0)),
        ];
        let mut markers = Markers::new(&breaks);
        let mut out = String::new();
        let pos = |offset| TextPos {
            chapter: 0,
            block: 2,
            offset,
        };
        markers.write_text("Año «", pos(0), &mut out);
        markers.write_text("bueno» y", pos(5), &mut out);
        let m = |l: &str| {
            format!("<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"pagina.{l}\" aria-label=\"{l}\"/>")
        };
        assert_eq!(out, format!("{}Año «b{}{}ueno» y", m("1"), m("2"), m("3")));
        assert_eq!(markers.peek(), Some(&at(3, 0)));
        let mut rest = String::new();
        markers.write_before(&at(3, 0), true, &mut rest);
        assert_eq!(rest, m("4"));
    }
}

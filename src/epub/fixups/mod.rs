//! Corrections to what epub-builder 0.8.3 writes, each naming the crate's bug.
//!
//! epub-builder stays our packager (OPF, nav, NCX); where its output is wrong we patch
//! those files here, and nowhere else, before `archive` writes the EPUB. Every patch looks for the
//! exact text the crate writes and fails the build (rather than silently doing nothing) if
//! that text is gone, and each has a `bug_*` test that fails once the crate no longer has
//! the bug, so the patch (and test) can go.
//!
//! - `opf`: the package document (ids, language, identifier, metadata it has no API for).
//! - `toc`: the nav document and the NCX (the same toc bugs), and the page lists the crate
//!   has no API for.
//!
//! The zip times are the archive's business (`archive.rs`, with its own canary).

mod opf;
mod toc;

pub(crate) use opf::meta;

use super::archive::Entry;
use crate::diag::{Diagnostic, Result};

/// What the corrections need to know about the book.
pub(crate) struct Fixes {
    /// BCP 47 language and its direction (`ltr`/`rtl`).
    pub lang: String,
    pub dir: &'static str,
    /// The book's identifier, as given (an ISBN URN, a `urn:uuid:` …).
    pub identifier: String,
    /// Metadata elements the crate has no API for, as OPF markup.
    pub extra_metadata: String,
    /// The book's title, for the NCX.
    pub title: String,
    /// The landmarks navigation's name, in the book's language.
    pub landmarks: String,
    /// Pages that need a landmark but are no entries of the table of contents.
    pub not_in_toc: Vec<String>,
    /// Every page of the printed edition, as (label, href): the crate has no page
    /// list, so the nav's and the NCX's are added here.
    pub pages: Vec<(String, String)>,
    /// The page list's name, in the book's language.
    pub pages_name: String,
    /// Where the page list's landmark leads.
    pub pages_landmark: String,
}

/// Applies every correction to the files epub-builder wrote.
pub(crate) fn apply(entries: &mut [Entry], fixes: &Fixes) -> Result<()> {
    for entry in entries {
        let fixed = match entry.name.as_str() {
            "OEBPS/content.opf" => opf::opf(utf8(&entry.data)?, fixes)?,
            "OEBPS/nav.xhtml" => toc::nav(utf8(&entry.data)?, fixes)?,
            "OEBPS/toc.ncx" => toc::ncx(utf8(&entry.data)?, fixes)?,
            _ => continue,
        };
        entry.data = fixed.into_bytes();
    }
    Ok(())
}

fn utf8(data: &[u8]) -> Result<&str> {
    std::str::from_utf8(data).map_err(|_| internal("output (not UTF-8)"))
}

fn internal(what: &str) -> Diagnostic {
    Diagnostic::general(format!(
        "internal error: epub-builder's {what} is not what imprenta expects; \
         src/epub/fixups/ needs updating for this version of the crate"
    ))
}

/// `text` with the one occurrence of `from` replaced; an error if it is missing.
fn replace(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    if !text.contains(from) {
        return Err(internal(what));
    }
    Ok(text.replacen(from, to, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::epub::archive::{unpack, Resources};
    use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

    /// The crate's untouched files for the book `setup` describes.
    pub(super) fn raw_entries(setup: impl FnOnce(&mut EpubBuilder<ZipLibrary>)) -> Vec<Entry> {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        setup(&mut b);
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        unpack(&out, Resources::default()).unwrap()
    }

    /// The text of `name` among `entries`.
    pub(super) fn text_of(entries: Vec<Entry>, name: &str) -> String {
        let entry = entries.into_iter().find(|e| e.name == name).unwrap();
        String::from_utf8(entry.data).unwrap()
    }

    /// One file of a one-chapter book by "A", in Spanish, untouched.
    pub(super) fn raw(name: &str) -> String {
        let entries = raw_entries(|b| {
            b.set_title("T");
            b.add_author("A");
            b.add_language("es");
            b.add_content(
                EpubContent::new("c.xhtml", "<p/>".as_bytes())
                    .title("C")
                    .reftype(ReferenceType::Text),
            )
            .unwrap();
        });
        text_of(entries, name)
    }

    /// What a Spanish book titled "T" with identifier "x" gives the corrections.
    pub(super) fn fixes() -> Fixes {
        Fixes {
            lang: "es".into(),
            dir: "ltr",
            identifier: "x".into(),
            extra_metadata: String::new(),
            title: "T".into(),
            landmarks: "Puntos de referencia".into(),
            not_in_toc: Vec::new(),
            pages: Vec::new(),
            pages_name: "Páginas".into(),
            pages_landmark: String::new(),
        }
    }

    /// `name` after the corrections, in a book `setup` describes.
    pub(super) fn fixed(
        setup: impl FnOnce(&mut EpubBuilder<ZipLibrary>),
        fixes: &Fixes,
        name: &str,
    ) -> String {
        let mut entries = raw_entries(setup);
        apply(&mut entries, fixes).unwrap();
        text_of(entries, name)
    }

    #[test]
    fn a_file_not_as_expected_fails_the_build() {
        let mut entries = [Entry {
            name: "OEBPS/content.opf".into(),
            data: b"<package/>".to_vec(),
        }];
        let e = apply(&mut entries, &fixes()).unwrap_err();
        assert!(e.to_string().contains("src/epub/fixups/"), "{e}");
    }
}

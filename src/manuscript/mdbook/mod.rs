//! Books written for mdBook, built as they are: a folder with mdBook's `book.toml` and
//! `src/SUMMARY.md` is a manuscript whose chapters are the files SUMMARY.md lists (drafts
//! left out), whose metadata is mdBook's `[book]`, and whose chapters' `{{#include}}`
//! directives are expanded from files inside the book's folder.
//!
//! mdBook's users have asked for a PDF and an EPUB for years (mdBook issues 88 and 815).

pub mod include;
pub mod summary;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::files::{self, MAX_CONFIG_BYTES};

/// Where an mdBook book's files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdBook {
    /// The folder holding `book.toml`: includes may read anything inside it.
    pub root: PathBuf,
    /// `book.toml`.
    pub toml: PathBuf,
    /// The chapters' folder (`src`, or `[book] src`), holding `SUMMARY.md`.
    pub src: PathBuf,
}

impl MdBook {
    /// `SUMMARY.md`.
    pub fn summary(&self) -> PathBuf {
        self.src.join("SUMMARY.md")
    }
}

/// The mdBook book `folder` is (the folder with `book.toml`) or is the chapters' folder
/// of, if it is one.
pub fn find(folder: &Path) -> Option<MdBook> {
    let at = |root: &Path| -> Option<MdBook> {
        let toml = root.join("book.toml");
        let bytes = files::read_regular(&toml, MAX_CONFIG_BYTES).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let src = source_folder(&text).unwrap_or_else(|| "src".to_string());
        // The chapters lie inside the book's folder, as the includes must.
        if !super::assets::stays_inside(Path::new(&src)) {
            return None;
        }
        let src = root.join(src);
        src.join("SUMMARY.md").is_file().then(|| MdBook {
            root: root.to_path_buf(),
            toml,
            src,
        })
    };
    at(folder).or_else(|| {
        // `--manuscript src` has a parent only once made absolute.
        let absolute = std::path::absolute(folder).ok()?;
        let parent = absolute.parent().filter(|p| !p.as_os_str().is_empty());
        parent
            .and_then(at)
            .filter(|book| same_folder(&book.src, folder))
    })
}

/// mdBook's `[book] src`, when its `book.toml` sets one.
fn source_folder(toml: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct File {
        book: Option<Book>,
    }
    #[derive(Deserialize)]
    struct Book {
        src: Option<String>,
    }
    let file: File = toml::from_str(toml).ok()?;
    file.book?.src
}

/// Whether two paths name the same folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_is_found_from_its_folder_or_its_chapters_folder() {
        let dir = std::env::temp_dir().join(format!("imprenta-mdbook-find-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("texto")).unwrap();
        std::fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"T\"\nsrc = \"texto\"\n",
        )
        .unwrap();
        assert_eq!(find(&dir), None, "no SUMMARY.md: not an mdBook book");
        std::fs::write(dir.join("texto/SUMMARY.md"), "- [Uno](uno.md)\n").unwrap();
        let book = find(&dir).expect("the book's folder");
        assert_eq!(book.src, dir.join("texto"));
        assert_eq!(find(&dir.join("texto")).map(|b| b.root), Some(dir.clone()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

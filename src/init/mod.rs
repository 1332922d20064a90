//! `imprenta init`: a manuscript to start from, in the author's language: a book.toml
//! naming every key, two short chapters that show what Markdown gives a book, an image.
//!
//! Nothing already there is ever replaced: every path is looked at before anything is
//! written, and each file is then created exclusively, so a file that appears meanwhile
//! stops the work (and what was written is taken back) rather than being overwritten.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Loc, Result};
use crate::manuscript::config::is_language_tag;

/// A template of `$lang`, with the name it is written under.
macro_rules! template {
    ($lang:literal, $name:literal) => {
        (
            $name,
            include_str!(concat!("templates/", $lang, "/", $name)),
        )
    };
}

/// One language's book.toml, its chapters with their names, and the image's name and title.
type Words = (
    &'static str,
    [(&'static str, &'static str); 2],
    &'static str,
    &'static str,
);

const SPANISH: Words = (
    include_str!("templates/es/book.toml"),
    [
        template!("es", "01-primeros-pasos.md"),
        template!("es", "02-siguientes-pasos.md"),
    ],
    "images/ejemplo.svg",
    "Un sol sobre dos montañas",
);

const ENGLISH: Words = (
    include_str!("templates/en/book.toml"),
    [
        template!("en", "01-getting-started.md"),
        template!("en", "02-next-steps.md"),
    ],
    "images/example.svg",
    "A sun over two mountains",
);

const SVG: &str = include_str!("templates/ejemplo.svg");
const GITIGNORE: &str = include_str!("templates/gitignore");

/// Creates a manuscript to start from in `dir` (created if missing), in `language`'s words; returns the files written, in order.
pub fn init(dir: &Path, language: &str) -> Result<Vec<PathBuf>> {
    // The tag goes into book.toml as written: checked here, it cannot break the TOML.
    if !is_language_tag(language) {
        return Err(
            Diagnostic::general(format!("`{language}` is not a BCP 47 language tag"))
                .with_hint("write a tag such as es, es-MX or en-GB"),
        );
    }
    // An empty path is the current folder, which must be looked at like any other.
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let files = templates(language);
    ensure_free(dir, &files)?;
    write_all(dir, &files)
}

/// The files to write, relative to the manuscript folder, in order. Spanish for `es`,
/// English (with the tag given) for any other language.
fn templates(language: &str) -> Vec<(&'static str, String)> {
    let spanish = language
        .split('-')
        .next()
        .unwrap_or_default()
        .eq_ignore_ascii_case("es");
    let (book, [one, two], image, title) = if spanish { SPANISH } else { ENGLISH };
    vec![
        ("book.toml", book.replace("@LANGUAGE@", language)),
        (one.0, one.1.to_string()),
        (two.0, two.1.to_string()),
        (image, SVG.replace("@TITLE@", title)),
        (".gitignore", GITIGNORE.to_string()),
    ]
}

/// Fails, naming the first one, if anything stands where a file or its folder would go.
fn ensure_free(dir: &Path, files: &[(&str, String)]) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            let message = format!("{} is a file, not a folder", dir.display());
            return Err(Diagnostic::at(Loc::file(dir), message)
                .with_hint("choose a folder for the new manuscript; it is created if missing"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(dir, "cannot read", &e)),
    }
    for (relative, _) in files {
        let path = dir.join(relative);
        // A folder on the way must be a real one: a link would take the files elsewhere.
        if let Some(parent) = path.parent().filter(|p| *p != dir) {
            match fs::symlink_metadata(parent) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(taken(dir, parent)),
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => return Err(io_error(parent, "cannot read", &e)),
            }
        }
        // Not following links: a link, even a broken one, is something already there.
        match fs::symlink_metadata(&path) {
            Ok(_) => return Err(taken(dir, &path)),
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "cannot read", &e)),
        }
    }
    Ok(())
}

/// Writes every file, creating the folders they need; on failure takes back what it made.
fn write_all(dir: &Path, files: &[(&str, String)]) -> Result<Vec<PathBuf>> {
    let mut made = Made::default();
    match write_each(dir, files, &mut made) {
        Ok(()) => Ok(made.files),
        Err(e) => {
            made.undo();
            Err(e)
        }
    }
}

/// What `write_all` created, so a failure leaves the folder as it found it.
#[derive(Default)]
struct Made {
    files: Vec<PathBuf>,
    folders: Vec<PathBuf>,
}

impl Made {
    fn undo(self) {
        // Only what this run created exclusively; a folder only if it is empty again.
        for file in self.files.iter().rev() {
            let _ = fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = fs::remove_dir(folder);
        }
    }

    fn folder(&mut self, path: &Path) -> Result<()> {
        match fs::create_dir(path) {
            Ok(()) => self.folders.push(path.to_path_buf()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => return Err(io_error(path, "cannot create the folder", &e)),
        }
        Ok(())
    }
}

/// Creates `dir` and the folders inside it as needed, then each file, exclusively.
fn write_each(dir: &Path, files: &[(&str, String)], made: &mut Made) -> Result<()> {
    // The missing ancestors of `dir`, outermost first, each remembered for undoing.
    let missing: Vec<&Path> = dir
        .ancestors()
        .take_while(|p| !p.as_os_str().is_empty() && !p.exists())
        .collect();
    for folder in missing.into_iter().rev() {
        made.folder(folder)?;
    }
    for (relative, text) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent().filter(|p| *p != dir) {
            made.folder(parent)?;
        }
        let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => return Err(taken(dir, &path)),
            Err(e) => return Err(io_error(&path, "cannot write", &e)),
        };
        made.files.push(path.clone());
        file.write_all(text.as_bytes())
            .map_err(|e| io_error(&path, "cannot write", &e))?;
    }
    Ok(())
}

/// Something already at `path`, named as the manuscript folder's entry.
fn taken(dir: &Path, path: &Path) -> Diagnostic {
    let name = path.strip_prefix(dir).unwrap_or(path).display();
    Diagnostic::at(
        Loc::file(path),
        format!("`{name}` already exists, so nothing was written"),
    )
    .with_hint("init never replaces a file: choose a new or empty folder, or move it away")
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::at(Loc::file(path), format!("{what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests;

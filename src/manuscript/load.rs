//! Finds and reads the chapters: order, encoding, BOM, line endings, Unicode normalisation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use super::config::{self, Config};
use super::files::{self, ReadError, MAX_CHAPTER_BYTES, MAX_CONFIG_BYTES};
use super::mdbook::{self, MdBook};
use super::parts::{self, Entry};
use crate::diag::{Diagnostic, Kind, LineIndex, Loc, Pos, Result, Warnings};
use crate::ir::Spliced;

const EMPTY_CHAPTER: Kind = Kind::new(
    "chapter is empty and was skipped",
    "chapters are empty and were skipped",
);

/// A manuscript folder, read and checked: configuration plus chapter texts.
#[derive(Debug, Clone)]
pub struct Manuscript {
    /// The folder, as given on the command line; for an mdBook book, its chapters'
    /// folder (`src`), from which chapters and images are named.
    pub root: PathBuf,
    /// `book.toml`.
    pub toml: PathBuf,
    /// `book.toml`, validated.
    pub config: Config,
    /// The chapters' texts in reading order.
    pub sources: Vec<Source>,
    /// The back cover's text, when `[cover] back` names a file.
    pub back: Option<Source>,
}

/// One chapter file's text, ready to lower.
pub use crate::ir::ChapterSource as Source;

/// Reads the manuscript folder at `root`; the first problem stops it.
pub fn load(root: &Path, warnings: &Warnings) -> Result<Manuscript> {
    let mut errors = Vec::new();
    let manuscript = load_all(root, warnings, &mut errors);
    match (manuscript, errors.into_iter().next()) {
        (Some(manuscript), None) => Ok(manuscript),
        (_, Some(first)) => Err(first),
        (None, None) => unreachable!("a manuscript that cannot be read says why"),
    }
}

/// Reads the manuscript folder at `root`, going past a chapter that cannot be read so
/// that every such problem is in `errors` (for `check`); none when book.toml cannot be
/// read.
pub fn load_all(
    root: &Path,
    warnings: &Warnings,
    errors: &mut Vec<Diagnostic>,
) -> Option<Manuscript> {
    let (config, mut entries, mdbook) = match configured(root) {
        Ok(found) => found,
        Err(e) => {
            errors.push(e);
            return None;
        }
    };
    let (root, toml) = match &mdbook {
        Some(book) => (book.src.as_path(), book.toml.clone()),
        None => (root, root.join("book.toml")),
    };
    let by_names =
        mdbook.is_none() && config.book.chapters.is_none() && config.book.parts.is_empty();
    if let Err(e) = super::matter::assign(&mut entries, &config, &toml, by_names) {
        errors.push(e);
        return None;
    }
    let mut sources = Vec::with_capacity(entries.len());
    // Each entry's index among the sources, for the parts the chapters name.
    let mut kept: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    // The depths of the entries open above this one, each with whether it was kept: a
    // section whose chapter was left out (empty, or unreadable) takes the chapter's place.
    let mut open: Vec<(u8, bool)> = Vec::new();
    for entry in entries {
        kept.push(None);
        let Entry {
            path: relative,
            read,
            text: given,
            mut standing,
        } = entry;
        while open.last().is_some_and(|&(d, _)| d >= standing.depth) {
            open.pop();
        }
        let written_depth = standing.depth;
        standing.depth = u8::try_from(open.iter().filter(|(_, k)| *k).count()).unwrap_or(u8::MAX);
        open.push((written_depth, false));
        standing.part = standing.part.and_then(|p| kept[p]);
        let path = root.join(&relative);
        let display: Arc<Path> = Arc::from(path.clone().into_boxed_path());
        let is_part = standing.kind == crate::ir::ChapterKind::Part;
        let text = match read {
            false => given.unwrap_or_default(),
            true => match read_chapter(root, &relative, &path).and_then(|b| decode(&path, b)) {
                Ok(text) => text,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
        };
        let spliced = match &mdbook {
            Some(book) => match spliced(book, &relative, &display, text) {
                Ok(spliced) => spliced,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
            None => (text, None),
        };
        let (text, spliced) = spliced;
        // A part's title page needs no text: its title may come from its folder.
        if text.trim().is_empty() && !is_part {
            warnings.push(
                EMPTY_CHAPTER,
                Diagnostic::at(Loc::file(&path), "the chapter is empty; it was skipped"),
            );
            continue;
        }
        if let Some(slot) = kept.last_mut() {
            *slot = Some(sources.len());
        }
        if let Some(last) = open.last_mut() {
            last.1 = true;
        }
        sources.push(Source {
            relative,
            display,
            text,
            spliced,
            standing,
        });
    }
    let back = match back_cover(root, &config) {
        Ok(back) => back,
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let chapters = sources
        .iter()
        .filter(|s| s.standing.kind == crate::ir::ChapterKind::Chapter && !s.standing.generated)
        .count();
    if chapters == 0 && errors.is_empty() {
        errors.push(
            Diagnostic::at(Loc::file(root), "the manuscript has no chapters")
                .with_hint("add Markdown files such as 01-inicio.md next to book.toml"),
        );
    }
    Some(Manuscript {
        root: root.to_path_buf(),
        toml,
        config,
        sources,
        back,
    })
}

/// The file `[cover] back` names, read as a chapter is: inside the folder, UTF-8, NFC.
fn back_cover(root: &Path, config: &Config) -> Result<Option<Source>> {
    let Some((name, line)) = &config.cover.back else {
        return Ok(None);
    };
    let toml = root.join("book.toml");
    let relative = PathBuf::from(name);
    let path = root.join(&relative);
    let bytes = files::read_inside(root, &relative, MAX_CHAPTER_BYTES).map_err(|e| {
        Diagnostic::at(
            Loc::at(&toml.as_path().into(), *line),
            format!("the back cover's file `{name}` {}", e.reason()),
        )
        .with_hint(
            "name a Markdown file inside the manuscript folder, as back = \"contracubierta.md\"",
        )
    })?;
    let text = decode(&path, bytes)?;
    Ok(Some(Source {
        standing: crate::ir::Standing::default(),
        relative,
        display: Arc::from(path.into_boxed_path()),
        text,
        spliced: None,
    }))
}

/// A chapter of an mdBook book with its includes expanded, and the file as written
/// beside it when it had any.
fn spliced(
    book: &MdBook,
    relative: &Path,
    display: &Arc<Path>,
    text: String,
) -> Result<(String, Option<Arc<Spliced>>)> {
    let from_root = book
        .src
        .strip_prefix(&book.root)
        .unwrap_or(Path::new(""))
        .join(relative);
    Ok(
        match mdbook::include::expand(&text, &book.root, &from_root, display)? {
            Some((expanded, splices)) => (
                expanded,
                Some(Arc::new(Spliced {
                    written: text,
                    splices,
                })),
            ),
            None => (text, None),
        },
    )
}

/// The chapters of an mdBook book: the files its SUMMARY.md lists, in order, under their
/// part titles.
fn summary_chapters(book: &MdBook) -> Result<Vec<Entry>> {
    let path = book.summary();
    let bytes = files::read_regular(&path, MAX_CONFIG_BYTES)
        .map_err(|e| Diagnostic::at(Loc::file(&path), format!("SUMMARY.md {}", e.reason())))?;
    let text = decode(&path, bytes)?;
    let summary = mdbook::summary::read(&text);
    let listed: Vec<(String, Pos)> = summary
        .chapters
        .iter()
        .map(|l| (l.path.to_string_lossy().into_owned(), Pos::line(l.line)))
        .collect();
    if listed.is_empty() {
        return Err(
            Diagnostic::at(Loc::file(&path), "SUMMARY.md lists no chapter")
                .with_hint("list each chapter as a link: - [Title](chapter.md)"),
        );
    }
    let paths = listed_chapters(&book.src, &path, &listed)?;
    Ok(parts::summarised(&summary, paths, &path))
}

/// The folder checked, book.toml read and the chapters' names found; an mdBook book's
/// (its book.toml and SUMMARY.md read) with where its files are.
fn configured(root: &Path) -> Result<(Config, Vec<Entry>, Option<MdBook>)> {
    let meta = std::fs::metadata(root).map_err(|e| {
        let reason = ReadError::from(e).reason();
        Diagnostic::at(Loc::file(root), format!("the manuscript folder {reason}"))
            .with_hint("run imprenta inside your book's folder, or pass --manuscript DIR")
    })?;
    if !meta.is_dir() {
        return Err(Diagnostic::at(
            Loc::file(root),
            format!(
                "this is {}, not a manuscript folder",
                if meta.is_file() {
                    "a file"
                } else {
                    files::kind_of(&meta)
                }
            ),
        )
        .with_hint("pass the folder that holds book.toml and the chapters"));
    }

    let book = mdbook::find(root);
    let toml_path = book
        .as_ref()
        .map_or_else(|| root.join("book.toml"), |b| b.toml.clone());
    let toml_text = match files::read_regular(&toml_path, MAX_CONFIG_BYTES) {
        Ok(bytes) => decode(&toml_path, bytes)?,
        Err(ReadError::Missing) => {
            return Err(
                Diagnostic::at(Loc::file(&toml_path), "book.toml is missing")
                    .with_hint("create it with a [book] table and at least title = \"…\""),
            )
        }
        Err(e) => {
            return Err(Diagnostic::at(
                Loc::file(&toml_path),
                format!("book.toml {}", e.reason()),
            ))
        }
    };
    let config = match &book {
        Some(_) => config::parse_mdbook(&toml_path, &toml_text)?,
        None => config::parse(&toml_path, &toml_text)?,
    };
    if let Some(book) = book {
        let entries = summary_chapters(&book)?;
        return Ok((config, entries, Some(book)));
    }

    // The back cover's file as the chapters are named: relative, without `./`.
    let plain = |path: &Path| {
        path.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect::<PathBuf>()
    };
    let back = config
        .cover
        .back
        .as_ref()
        .map(|(name, _)| plain(Path::new(name)));
    let entries = match (&config.book.chapters, config.book.parts.is_empty()) {
        (Some(listed), true) => parts::in_folders(root, listed_chapters(root, &toml_path, listed)?),
        // The back cover's file lies beside the chapters but is none of them.
        (None, true) => parts::found(root, back.as_deref())?,
        (listed, false) => {
            let order = match listed {
                Some(listed) => listed_chapters(root, &toml_path, listed)?,
                None => parts::found(root, back.as_deref())?
                    .into_iter()
                    .filter(|e| e.standing.kind == crate::ir::ChapterKind::Chapter)
                    .map(|e| e.path)
                    .collect(),
            };
            parts::grouped(order, &config.book.parts, &toml_path)?
        }
    };
    if let (Some(back), Some((name, line))) = (&back, &config.cover.back) {
        if entries.iter().any(|e| e.read && plain(&e.path) == *back) {
            return Err(Diagnostic::at(
                Loc::at(&toml_path.as_path().into(), *line),
                format!("`{name}` is the back cover's text and a chapter too"),
            )
            .with_hint("take it out of [book] chapters, or name another file in [cover] back"));
        }
    }
    Ok((config, entries, None))
}

/// Reads a chapter as images are read: its real path (links followed) must be a regular
/// file inside the manuscript folder, so a manuscript received from someone else cannot
/// publish a private file (`09-notas.md -> ~/.ssh/id_rsa`) in the book.
fn read_chapter(root: &Path, relative: &Path, path: &Path) -> Result<Vec<u8>> {
    files::read_inside(root, relative, MAX_CHAPTER_BYTES).map_err(|e| {
        let hint = match e {
            ReadError::TooLarge { .. } => "split it into several chapter files",
            ReadError::Outside => {
                "copy the file into the manuscript folder if it belongs to the book"
            }
            _ => "a chapter is a Markdown file inside the manuscript folder",
        };
        Diagnostic::at(Loc::file(path), format!("the chapter {}", e.reason())).with_hint(hint)
    })
}

/// The chapters `[book] chapters` lists, checked to exist once each, inside the folder.
fn listed_chapters(root: &Path, toml: &Path, listed: &[(String, Pos)]) -> Result<Vec<PathBuf>> {
    let mut names: Vec<PathBuf> = Vec::with_capacity(listed.len());
    for (name, line) in listed {
        let loc = Loc::at(&toml.into(), *line);
        let relative = PathBuf::from(name);
        if !super::assets::stays_inside(&relative) {
            return Err(Diagnostic::at(
                loc,
                format!("chapter `{name}` is outside the manuscript folder"),
            )
            .with_hint("list chapters by their paths inside the manuscript folder"));
        }
        if names.contains(&relative) {
            return Err(
                Diagnostic::at(loc, format!("chapter `{name}` is listed twice"))
                    .with_hint("each chapter file may appear once in `chapters`"),
            );
        }
        match std::fs::metadata(root.join(&relative)) {
            Ok(meta) if meta.is_file() => {}
            Ok(meta) => {
                return Err(Diagnostic::at(
                    loc,
                    format!(
                        "chapter `{name}` is {}, not a Markdown file",
                        files::kind_of(&meta)
                    ),
                ))
            }
            Err(e) => {
                return Err(Diagnostic::at(
                    loc,
                    format!(
                        "chapter `{name}` {} in {}",
                        ReadError::from(e).reason(),
                        root.display()
                    ),
                ))
            }
        }
        names.push(relative);
    }
    Ok(names)
}

/// Checks UTF-8 and cleans the text: BOM dropped, CRLF and CR made LF, NFC.
fn decode(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset])
            .expect("the bytes before `valid_up_to` are UTF-8");
        let pos = LineIndex::new(valid).pos(offset);
        Diagnostic::at(
            Loc::at(&path.into(), pos),
            format!("the file is not UTF-8 (invalid byte at offset {offset})"),
        )
        .with_hint("save the file as UTF-8 in your editor")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    Ok(
        if unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            text
        } else {
            text.nfc().collect()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_cleans_bom_crlf_and_nfd() {
        let nfd = "\u{feff}Cancio\u{301}n\r\nan\u{303}o\r".as_bytes().to_vec();
        let text = decode(Path::new("x.md"), nfd).unwrap();
        assert_eq!(text, "Canción\naño\n");
        assert!(text.chars().all(|c| c != '\u{301}'));
    }

    #[test]
    fn decode_reports_offset_of_bad_byte() {
        let e = decode(Path::new("x.md"), b"hola\nca\xf1a".to_vec()).unwrap_err();
        assert_eq!(e.loc.as_ref().unwrap().line, 2);
        assert!(e.message.contains("offset 7"), "{e}");
    }
}

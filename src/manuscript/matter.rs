//! Front and back matter: which of the book's files is a dedication, a prologue, the
//! colophon…, from `[matter]` or from the file's name; and the dedication `[book]
//! dedication` writes, set as a page of its own before the chapters.

use std::path::{Path, PathBuf};

use super::config::Config;
use super::parts::Entry;
use crate::diag::{Diagnostic, Loc, Result};
use crate::ir::{ChapterKind, Matter, Standing};

/// Gives each chapter entry its kind of matter, and puts `[book] dedication` first. When
/// the order comes from the files' names (`by_names`), front matter goes before the
/// chapters and back matter after them, each in the order a book prints them.
pub fn assign(
    entries: &mut Vec<Entry>,
    config: &Config,
    toml: &Path,
    by_names: bool,
) -> Result<()> {
    let plain = |path: &Path| crate::paths::normalise(path);
    for (kind, file, line) in &config.matter {
        let wanted = plain(Path::new(file));
        let entry = entries
            .iter_mut()
            .find(|e| e.read && wanted.is_some() && plain(&e.path) == wanted);
        let Some(entry) = entry else {
            return Err(Diagnostic::at(
                Loc::at(&toml.into(), *line),
                format!("`{file}` in [matter] is not one of the book's chapters",),
            )
            .with_hint(format!(
                "name the chapter file that holds the {}, as [book] chapters would",
                kind.key().replace('_', " ")
            )));
        };
        entry.standing.matter = Some(*kind);
    }
    let words = crate::locale::words(&config.book.language);
    let title = |kind: Matter| {
        let at = Matter::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default();
        words.matter[at].to_string()
    };
    for entry in entries.iter_mut() {
        let chapter = entry.read && entry.standing.kind == ChapterKind::Chapter;
        if chapter && entry.standing.matter.is_none() {
            let stem = entry.path.file_stem().map(|s| s.to_string_lossy());
            entry.standing.matter = stem.and_then(|s| Matter::from_file_name(&s));
        }
        // A page of matter without a heading is named in the book's language, not by
        // its file («Dedicatoria», not «dedicatoria»).
        if let Some(kind) = entry.standing.matter {
            entry.standing.title = Some(title(kind));
        }
    }
    if by_names {
        put_in_place(entries);
    }
    let has_dedication = entries
        .iter()
        .any(|e| e.standing.matter == Some(Matter::Dedication));
    if let Some(dedication) = config.book.dedication.as_ref().filter(|_| !has_dedication) {
        for entry in entries.iter_mut() {
            if let Some(part) = &mut entry.standing.part {
                *part += 1;
            }
        }
        entries.insert(
            0,
            Entry {
                path: toml.file_name().map_or_else(PathBuf::new, PathBuf::from),
                read: false,
                text: Some(dedication.clone()),
                standing: Standing {
                    matter: Some(Matter::Dedication),
                    title: Some(title(Matter::Dedication)),
                    generated: true,
                    ..Standing::default()
                },
            },
        );
    }
    Ok(())
}

/// Moves front matter before everything else and back matter after, in the order of
/// [`Matter::ALL`] (a dedication, an epigraph, a preface…; an epilogue, the
/// acknowledgements, about the author, the colophon last), the rest in its order.
fn put_in_place(entries: &mut Vec<Entry>) {
    // Matter inside a part (its own prologue) stays in the part.
    let rank = |e: &Entry| match e.standing.matter.filter(|_| e.standing.part.is_none()) {
        Some(m) if m.is_front() => (0, Matter::ALL.iter().position(|k| *k == m)),
        Some(m) => (2, Matter::ALL.iter().position(|k| *k == m)),
        None => (1, None),
    };
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| rank(&entries[i]));
    if order.iter().enumerate().all(|(to, from)| to == *from) {
        return;
    }
    let mut moved_to = vec![0; entries.len()];
    for (to, &from) in order.iter().enumerate() {
        moved_to[from] = to;
    }
    let mut taken: Vec<Option<Entry>> = std::mem::take(entries).into_iter().map(Some).collect();
    for from in order {
        if let Some(mut entry) = taken[from].take() {
            entry.standing.part = entry.standing.part.map(|p| moved_to[p]);
            entries.push(entry);
        }
    }
}

//! The book's structure as the folder and book.toml give it: its chapter files in reading
//! order, grouped into parts by part folders (`1-primera-parte/`, with an optional
//! `_parte.md`), by `[book] parts`, or by the part titles of an mdBook SUMMARY.md.

use std::path::{Path, PathBuf};

use super::config::PartConfig;
use super::mdbook::summary::Summary;
use crate::diag::{Diagnostic, Loc, Pos, Result};
use crate::ir::{ChapterKind, Standing};

/// The file in a part folder that holds the part's title (its first heading) and the
/// text its title page prints after it.
pub const PART_FILES: [&str; 2] = ["_parte.md", "_part.md"];

/// One entry of the book in reading order: a chapter file, or a part (with its file,
/// when it has one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Relative to the manuscript folder: the chapter's file, the part's file, or for a
    /// part with none, the folder (or book.toml, SUMMARY.md) that names it.
    pub path: PathBuf,
    /// Whether `path` is a file to read.
    pub read: bool,
    /// The text, when it comes from book.toml rather than a file (`[book] dedication`).
    pub text: Option<String>,
    /// Its place in the structure; `standing.part` is an index into the entries.
    pub standing: Standing,
}

impl Entry {
    /// A chapter file with no part.
    pub fn chapter(path: PathBuf) -> Self {
        Entry {
            path,
            read: true,
            text: None,
            standing: Standing::default(),
        }
    }

    fn part(path: PathBuf, read: bool, title: String) -> Self {
        Entry {
            path,
            read,
            text: None,
            standing: Standing {
                kind: ChapterKind::Part,
                title: Some(title),
                ..Standing::default()
            },
        }
    }
}

/// Whether `dir` (a folder of the manuscript) is a part: it holds a part file, or its name
/// opens with a number as the chapters' do; and it holds Markdown.
fn is_part_folder(dir: &Path, name: &str) -> bool {
    let numbered = name.starts_with(|c: char| c.is_ascii_digit());
    let has_part_file = PART_FILES.iter().any(|f| dir.join(f).is_file());
    (numbered || has_part_file) && !markdown_in(dir).unwrap_or_default().is_empty()
}

/// The Markdown files directly inside `dir` (not hidden, not a part file), by name.
fn markdown_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().map(|t| !t.is_dir()).unwrap_or(false))
        .map(|entry| PathBuf::from(entry.file_name()))
        .filter(|name| {
            let text = name.to_string_lossy();
            name.extension().and_then(|e| e.to_str()) == Some("md")
                && !text.starts_with('.')
                && !PART_FILES.contains(&text.as_ref())
        })
        .collect();
    // Byte order of the names, whatever order the file system lists them in.
    names.sort();
    Ok(names)
}

/// A part's title from its folder's name: `1-primera-parte` → «Primera parte».
pub fn title_from_folder(name: &str) -> String {
    let words = crate::paths::unnumbered(name).replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        None => name.to_string(),
        Some(first) => first.to_uppercase().chain(chars).collect(),
    }
}

/// Every chapter the folder holds, in order of name: its `*.md` files, and each part
/// folder's, after its part. `skip` is left out (the back cover's text).
pub fn found(root: &Path, skip: Option<&Path>) -> Result<Vec<Entry>> {
    let cannot =
        |e: std::io::Error| Diagnostic::at(Loc::file(root), format!("cannot list the folder: {e}"));
    let mut names: Vec<(PathBuf, bool)> = std::fs::read_dir(root)
        .map_err(cannot)?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = PathBuf::from(entry.file_name());
            let text = name.to_string_lossy().into_owned();
            if text.starts_with('.') {
                return None;
            }
            if entry.path().is_dir() {
                is_part_folder(&root.join(&name), &text).then_some((name, true))
            } else {
                let md = name.extension().and_then(|e| e.to_str()) == Some("md");
                (md && skip != Some(name.as_path())).then_some((name, false))
            }
        })
        .collect();
    // Byte order of the names, whatever order the file system lists them in.
    names.sort();
    let mut chapters = Vec::new();
    for (name, is_part) in names {
        if is_part {
            let inside = markdown_in(&root.join(&name)).map_err(cannot)?;
            chapters.extend(inside.into_iter().map(|c| name.join(c)));
        } else {
            chapters.push(name);
        }
    }
    Ok(in_folders(root, chapters))
}

/// The chapters in their order, each run of chapters in one part folder after its part
/// (its `_parte.md`, or its folder's name for a title).
pub fn in_folders(root: &Path, chapters: Vec<PathBuf>) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(chapters.len());
    // The folder of the part open, and its entry.
    let mut open: Option<(PathBuf, usize)> = None;
    for chapter in chapters {
        let mut parts = chapter.components();
        let folder = match (parts.next(), parts.next(), parts.next()) {
            (Some(folder), Some(_), None) => Some(PathBuf::from(folder.as_os_str())),
            _ => None,
        };
        let folder = folder.filter(|f| is_part_folder(&root.join(f), &f.to_string_lossy()));
        match (&folder, &open) {
            (Some(f), Some((o, _))) if f == o => {}
            (Some(f), _) => {
                let dir = root.join(f);
                let title = title_from_folder(&f.to_string_lossy());
                let entry = match PART_FILES.iter().find(|p| dir.join(p).is_file()) {
                    Some(file) => Entry::part(f.join(file), true, title),
                    None => Entry::part(f.clone(), false, title),
                };
                open = Some((f.clone(), entries.len()));
                entries.push(entry);
            }
            (None, _) => open = None,
        }
        let mut entry = Entry::chapter(chapter);
        entry.standing.part = open.as_ref().map(|(_, e)| *e);
        entries.push(entry);
    }
    entries
}

/// The book's chapters (`order`, as listed or found) grouped as `[book] parts` says: each
/// part before its first chapter, its chapters one after another in the book's order.
pub fn grouped(order: Vec<PathBuf>, parts: &[PartConfig], toml: &Path) -> Result<Vec<Entry>> {
    let at = |line: Pos| Loc::at(&toml.into(), line);
    let plain = |name: &str| crate::paths::normalise(Path::new(name));
    // A part's own file is its title page's text, not a chapter.
    let files: Vec<PathBuf> = parts
        .iter()
        .filter_map(|p| p.file.as_deref().and_then(plain))
        .collect();
    let order: Vec<PathBuf> = order
        .into_iter()
        .filter(|c| !files.contains(&plain(&c.to_string_lossy()).unwrap_or_default()))
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; order.len()];
    for (p, part) in parts.iter().enumerate() {
        let mut places = Vec::new();
        for name in &part.chapters {
            let wanted = plain(name);
            let place = order
                .iter()
                .position(|c| plain(&c.to_string_lossy()) == wanted && wanted.is_some());
            let Some(place) = place else {
                return Err(Diagnostic::at(
                    at(part.line),
                    format!(
                        "part «{}» lists `{name}`, which is not one of the book's chapters",
                        part.title
                    ),
                )
                .with_hint(
                    "name a Markdown file of the manuscript folder, as [book] chapters would",
                ));
            };
            if let Some(other) = owner[place] {
                return Err(Diagnostic::at(
                    at(part.line),
                    format!(
                        "`{name}` is listed in part «{}» and in part «{}»",
                        parts[other].title, part.title
                    ),
                )
                .with_hint("a chapter belongs to one part"));
            }
            owner[place] = Some(p);
            places.push(place);
        }
        let in_order = places.windows(2).all(|w| w[1] == w[0] + 1);
        if !in_order {
            return Err(Diagnostic::at(
                at(part.line),
                format!(
                    "the chapters of part «{}» are not one after another in the book's order",
                    part.title
                ),
            )
            .with_hint(
                "list them in reading order, and list the whole order in [book] chapters \
                 when the file names do not give it",
            ));
        }
    }
    let mut entries = Vec::with_capacity(order.len() + parts.len());
    let mut current = None;
    for (i, chapter) in order.into_iter().enumerate() {
        if owner[i].is_some() && owner[i] != current.map(|(p, _)| p) {
            let p = owner[i].unwrap_or_default();
            let part = &parts[p];
            entries.push(match part.file.as_deref().and_then(plain) {
                Some(file) => Entry::part(file, true, part.title.clone()),
                None => Entry::part(
                    toml.file_name().map_or_else(PathBuf::new, PathBuf::from),
                    false,
                    part.title.clone(),
                ),
            });
            current = Some((p, entries.len() - 1));
        }
        let mut entry = Entry::chapter(chapter);
        entry.standing.part = owner[i].and(current.map(|(_, e)| e));
        if owner[i].is_none() {
            current = None;
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// The entries of an mdBook book: SUMMARY.md's chapters (`paths` checked, in its order),
/// each part title before the first chapter listed under it, nested entries as sections
/// of the chapter above them.
pub fn summarised(summary: &Summary, paths: Vec<PathBuf>, file: &Path) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(paths.len() + summary.parts.len());
    let mut current: Option<(usize, usize)> = None;
    let name = file.file_name().map_or_else(PathBuf::new, PathBuf::from);
    for (listed, path) in summary.chapters.iter().zip(paths) {
        if listed.part.is_some() && listed.part != current.map(|(p, _)| p) {
            let p = listed.part.unwrap_or_default();
            entries.push(Entry::part(
                name.clone(),
                false,
                summary.parts[p].title.clone(),
            ));
            current = Some((p, entries.len() - 1));
        }
        if listed.part.is_none() {
            current = None;
        }
        let mut entry = Entry::chapter(path);
        entry.standing.part = current.map(|(_, e)| e);
        entry.standing.depth = u8::try_from(listed.depth).unwrap_or(u8::MAX);
        // As mdBook titles a page without a heading: by its entry in the summary.
        entry.standing.title = Some(listed.title.clone()).filter(|t| !t.trim().is_empty());
        entries.push(entry);
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_titles_come_from_folder_names() {
        assert_eq!(title_from_folder("1-primera-parte"), "Primera parte");
        assert_eq!(title_from_folder("02_la_ciudad"), "La ciudad");
        assert_eq!(title_from_folder("ñandú"), "Ñandú");
        assert_eq!(title_from_folder("3"), "3");
    }

    fn part(title: &str, chapters: &[&str]) -> PartConfig {
        PartConfig {
            title: title.into(),
            chapters: chapters.iter().map(|c| c.to_string()).collect(),
            file: None,
            line: Pos::line(4),
        }
    }

    fn order(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn listed_parts_open_before_their_chapters() {
        let parts = [part("Uno", &["a.md", "./b.md"]), part("Dos", &["c.md"])];
        let toml = Path::new("m/book.toml");
        let entries = grouped(
            order(&["0.md", "a.md", "b.md", "c.md", "z.md"]),
            &parts,
            toml,
        )
        .expect("grouped");
        let shape: Vec<(String, ChapterKind, Option<usize>)> = entries
            .iter()
            .map(|e| {
                (
                    e.path.display().to_string(),
                    e.standing.kind,
                    e.standing.part,
                )
            })
            .collect();
        use ChapterKind::{Chapter, Part};
        assert_eq!(
            shape,
            [
                ("0.md".into(), Chapter, None),
                ("book.toml".into(), Part, None),
                ("a.md".into(), Chapter, Some(1)),
                ("b.md".into(), Chapter, Some(1)),
                ("book.toml".into(), Part, None),
                ("c.md".into(), Chapter, Some(4)),
                ("z.md".into(), Chapter, None),
            ]
        );
        assert_eq!(entries[1].standing.title.as_deref(), Some("Uno"));
    }

    #[test]
    fn listed_parts_are_checked_against_the_order() {
        let toml = Path::new("m/book.toml");
        let split = grouped(
            order(&["a.md", "b.md", "c.md"]),
            &[part("Uno", &["a.md", "c.md"])],
            toml,
        )
        .unwrap_err();
        assert!(
            split.to_string().contains("not one after another"),
            "{split}"
        );
        assert!(split.to_string().contains("book.toml:4"), "{split}");
        let unknown = grouped(order(&["a.md"]), &[part("Uno", &["x.md"])], toml).unwrap_err();
        assert!(unknown.to_string().contains("`x.md`"), "{unknown}");
        let twice = grouped(
            order(&["a.md"]),
            &[part("Uno", &["a.md"]), part("Dos", &["a.md"])],
            toml,
        )
        .unwrap_err();
        assert!(twice.to_string().contains("and in part «Dos»"), "{twice}");
    }
}

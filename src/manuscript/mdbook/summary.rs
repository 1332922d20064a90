//! mdBook's `SUMMARY.md`: the chapters in reading order.
//!
//! Its grammar is a handful of line shapes (mdBook's guide, «SUMMARY.md»): a title, part
//! titles (`# Part`), separators (`---`), prefix and suffix chapters as bare links, and the
//! numbered chapters as a nested list of links; a link with no destination is a draft,
//! which mdBook lists but does not build. Read line by line: a Markdown parser would give
//! nothing more for lines this regular.

use std::path::{Component, Path, PathBuf};

/// A chapter `SUMMARY.md` lists: its file (relative to the book's `src`), its title and
/// the line it is listed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The chapter's file, from the book's `src`.
    pub path: PathBuf,
    /// Its title in the summary.
    pub title: String,
    /// The summary's line that lists it.
    pub line: u32,
    /// How deep in the list: 0 for a chapter, 1 for a section of it, and so on.
    pub depth: usize,
    /// The index in [`Summary::parts`] of the part title it is listed under; none for a
    /// chapter before the first part title and for prefix and suffix chapters.
    pub part: Option<usize>,
}

/// A part title of `SUMMARY.md` (`# Primera parte`) and its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartTitle {
    /// The title, without its `#`.
    pub title: String,
    /// Its line in the summary.
    pub line: u32,
}

/// What `SUMMARY.md` lists: part titles, and chapters in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Part titles that have at least one chapter under them.
    pub parts: Vec<PartTitle>,
    /// The chapters, drafts left out.
    pub chapters: Vec<Listed>,
}

/// The part titles and chapters `SUMMARY.md` lists. Its first line may be the summary's
/// own title (`# Summary`); every later `# ` line is a part title, which the numbered
/// chapters after it belong to, up to the next one.
pub fn read(summary: &str) -> Summary {
    let mut found = Summary::default();
    let mut part: Option<usize> = None;
    let mut titled = false;
    let listed = &mut found.chapters;
    // The indents of the items open above this one, each with whether it was kept.
    let mut indents: Vec<(usize, bool)> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut comment = false;
    for (n, line) in summary.lines().enumerate() {
        let trimmed = line.trim_start();
        // Nothing inside a fenced block or an HTML comment (a way to park chapters) is an
        // entry.
        if comment || trimmed.starts_with("<!--") {
            let after = if comment { trimmed } else { &trimmed[4..] };
            comment = !after.contains("-->");
            continue;
        }
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(title) = trimmed.strip_prefix("# ").filter(|_| indent == 0) {
            // The first heading before any chapter names the summary, not a part.
            if titled || !listed.is_empty() {
                found.parts.push(PartTitle {
                    title: title.trim().trim_end_matches('#').trim().to_string(),
                    line: n as u32 + 1,
                });
                part = Some(found.parts.len() - 1);
            }
            titled = true;
            continue;
        }
        if !trimmed.is_empty() {
            titled = true;
        }
        let item = list_item(trimmed);
        let link = match item {
            Some(rest) => rest,
            None if trimmed.starts_with('[') && indent == 0 => trimmed,
            None => continue,
        };
        let Some((title, destination)) = link_parts(link) else {
            continue;
        };
        let depth = if item.is_some() {
            while indents.last().is_some_and(|&(i, _)| i > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&(i, _)| i < indent) {
                indents.push((indent, true));
            }
            // A draft is left out: what is nested under it moves up to its place.
            let draft = destination.is_empty();
            if let Some(last) = indents.last_mut() {
                last.1 = !draft;
            }
            indents[..indents.len() - 1]
                .iter()
                .filter(|(_, kept)| *kept)
                .count()
        } else {
            indents.clear();
            0
        };
        if destination.is_empty() {
            continue;
        }
        listed.push(Listed {
            // `./chapter_1.md`, as `mdbook init` writes it, is `chapter_1.md`.
            path: Path::new(&destination)
                .components()
                .filter(|c| !matches!(c, Component::CurDir))
                .collect(),
            title,
            line: n as u32 + 1,
            depth,
            part: part.filter(|_| item.is_some()),
        });
    }
    // A part whose chapters are all drafts has nothing to open.
    let kept: Vec<usize> = (0..found.parts.len())
        .filter(|p| found.chapters.iter().any(|c| c.part == Some(*p)))
        .collect();
    for chapter in &mut found.chapters {
        chapter.part = chapter.part.and_then(|p| kept.iter().position(|k| *k == p));
    }
    found.parts = kept.iter().map(|&p| found.parts[p].clone()).collect();
    found
}

/// What follows a list marker (`- `, `* `, `+ `, `1. `), if `line` is a list item.
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("+ "))
    {
        return Some(rest.trim_start());
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(str::trim_start)
}

/// The title and destination of a link `[title](destination)` opening `text`; the
/// destination may be written `<with spaces>` and percent-encoded, as in Markdown.
fn link_parts(text: &str) -> Option<(String, String)> {
    let rest = text.strip_prefix('[')?;
    // The title ends at the `]` that balances the `[`: titles may hold brackets.
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 0 => {
                close = Some(i);
                break;
            }
            ']' => depth -= 1,
            _ => {}
        }
    }
    let close = close?;
    let title = rest[..close].trim().to_string();
    let after = rest[close + 1..].strip_prefix('(')?;
    let end = after.rfind(')')?;
    let destination = after[..end].trim();
    let destination = match destination.strip_prefix('<') {
        Some(inner) => inner.strip_suffix('>').unwrap_or(inner),
        // A title after the destination (`(a.md "Title")`) is not part of it.
        None => destination.split_whitespace().next().unwrap_or(""),
    };
    let destination = percent_encoding::percent_decode_str(destination).decode_utf8_lossy();
    Some((title, destination.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_list_chapters_in_order_without_drafts() {
        let summary = "# Summary\n\n[Prólogo](prologo.md)\n\n# Primera parte\n\n\
                       - [Uno](cap1/uno.md)\n    - [Uno y medio](cap1/medio.md)\n\
                       - [Borrador]()\n1. [Dos [y] tres](<./dos y tres.md>)\n\n---\n\n\
                       ```\n- [No](no.md)\n```\n[Epílogo](epi%20logo.md)\n<!-- aparcado:\n- [Otro](otro.md)\n-->\n";
        let found: Vec<(String, String, u32, usize)> = read(summary)
            .chapters
            .into_iter()
            .map(|l| (l.path.display().to_string(), l.title, l.line, l.depth))
            .collect();
        assert_eq!(
            found,
            [
                ("prologo.md".into(), "Prólogo".into(), 3, 0),
                ("cap1/uno.md".into(), "Uno".into(), 7, 0),
                ("cap1/medio.md".into(), "Uno y medio".into(), 8, 1),
                ("dos y tres.md".into(), "Dos [y] tres".into(), 10, 0),
                ("epi logo.md".into(), "Epílogo".into(), 17, 0),
            ]
        );
    }

    #[test]
    fn part_titles_gather_the_numbered_chapters_after_them() {
        let summary = "# Summary\n\n[Prólogo](prologo.md)\n\n# Primera parte\n\n\
                       - [Uno](uno.md)\n    - [Uno y medio](medio.md)\n\n# Vacía\n\n\
                       - [Borrador]()\n\n# Segunda parte ##\n\n- [Dos](dos.md)\n\n---\n\n\
                       [Epílogo](epilogo.md)\n";
        let found = read(summary);
        let titles: Vec<(&str, u32)> = found
            .parts
            .iter()
            .map(|p| (p.title.as_str(), p.line))
            .collect();
        assert_eq!(titles, [("Primera parte", 5), ("Segunda parte", 14)]);
        let parts: Vec<(String, Option<usize>)> = found
            .chapters
            .iter()
            .map(|l| (l.path.display().to_string(), l.part))
            .collect();
        assert_eq!(
            parts,
            [
                ("prologo.md".into(), None),
                ("uno.md".into(), Some(0)),
                ("medio.md".into(), Some(0)),
                ("dos.md".into(), Some(1)),
                ("epilogo.md".into(), None),
            ]
        );
        // The children of a draft take its place.
        let found = read(
            "- [Uno](uno.md)\n- [Borrador]()\n    - [Hija](hija.md)\n        - [Nieta](nieta.md)\n",
        );
        let depths: Vec<usize> = found.chapters.iter().map(|c| c.depth).collect();
        assert_eq!(depths, [0, 0, 1]);
        // A heading before any chapter names the summary, whatever it says.
        let found = read("# Primera parte\n- [Uno](uno.md)\n");
        assert!(
            found.parts.is_empty(),
            "the first heading names the summary"
        );
        let found = read("[Prólogo](p.md)\n# Primera parte\n- [Uno](uno.md)\n");
        assert_eq!(found.parts.len(), 1);
    }
}

//! Back pages made from book.toml rather than written: the press's other titles
//! (`[book] other_titles`) and the colophon (`[colophon]`), each added unless the
//! manuscript has a page of that kind already.

use std::path::Path;
use std::sync::Arc;

use super::config::{Config, OtherTitles, PrintDesign};
use super::files::{self, MAX_CONFIG_BYTES};
use crate::diag::{Diagnostic, Loc, Result, Warnings};
use crate::ir::{self, Book, Chapter, ChapterKind, Inline, LinkTarget, Matter};

/// Adds the other titles' page and the colophon to `book`, as `config` asks.
pub fn add_back_pages(
    book: &mut Book,
    config: &Config,
    design: &PrintDesign,
    root: &Path,
    toml: &Path,
    warnings: &Warnings,
) -> Result<()> {
    let has = |book: &Book, kind: Matter| book.chapters.iter().any(|c| c.matter == Some(kind));
    let language = config.book.language.clone();
    let words = crate::locale::words(&language);
    if let Some(titles) = &config.book.other_titles {
        if !has(book, Matter::OtherTitles) {
            let (titles, from) = match titles {
                OtherTitles::Listed(titles) => (titles.clone(), toml.to_path_buf()),
                OtherTitles::File(path, line) => {
                    let file = root.join(path);
                    (read_titles(&file, toml, *line)?, file)
                }
            };
            // Each title a paragraph of its own, centred on its page.
            let text = titles.join("\n\n");
            let chapter = generated(
                &text,
                &from,
                root,
                Matter::OtherTitles,
                words.other_titles,
                config,
                warnings,
            )?;
            let at = book
                .chapters
                .iter()
                .position(|c| c.matter == Some(Matter::Colophon))
                .unwrap_or(book.chapters.len());
            insert(book, at, chapter);
        }
    }
    if let Some(colophon) = &config.colophon {
        if !has(book, Matter::Colophon) {
            let mut lines = vec![crate::locale::printed(
                &language,
                colophon.date.as_deref(),
                colophon.printer.as_deref(),
                colophon.place.as_deref(),
            )];
            lines.push(crate::locale::typefaces(
                &book.fonts,
                design.font_size,
                design.leading,
                &language,
            ));
            if let Some(paper) = &colophon.paper {
                lines.push(format!("{}: {paper}.", words.paper));
            }
            // Markdown's own marks in a printer's name are letters here.
            let text: Vec<String> = lines.iter().map(|l| escape(l)).collect();
            let title = words.matter[7];
            let chapter = generated(
                &text.join("\n\n"),
                toml,
                root,
                Matter::Colophon,
                title,
                config,
                warnings,
            )?;
            let at = book.chapters.len();
            insert(book, at, chapter);
        }
    }
    Ok(())
}

/// A page of `kind` titled `title`, its text lowered as a chapter's is.
fn generated(
    text: &str,
    from: &Path,
    root: &Path,
    kind: Matter,
    title: &str,
    config: &Config,
    warnings: &Warnings,
) -> Result<Chapter> {
    let relative = from
        .strip_prefix(root)
        .map_or_else(|_| from.to_path_buf(), Path::to_path_buf);
    let source = ir::ChapterSource {
        relative: relative.clone(),
        display: Arc::from(from),
        text: text.to_string(),
        spliced: None,
        standing: ir::Standing::default(),
    };
    let mut no_images = |reference: &str, loc: &Loc| -> Result<ir::ImageId> {
        Err(Diagnostic::at(
            loc.clone(),
            format!("`{reference}`: an image cannot go here"),
        )
        .with_hint("list the titles as text"))
    };
    let blocks = ir::lower_text(&source, config.book.quotes, &mut no_images, warnings)?;
    Ok(Chapter {
        id: kind.key().replace('_', "-"),
        title: vec![Inline::Text(title.to_string())],
        title_block: None,
        source: relative,
        blocks,
        footnotes: Vec::new(),
        kind: ChapterKind::Chapter,
        part: None,
        matter: Some(kind),
    })
}

/// Puts `chapter` at `at`, and moves the links to the chapters after it along.
fn insert(book: &mut Book, at: usize, chapter: Chapter) {
    for c in &mut book.chapters {
        c.part = c.part.map(|p| if p >= at { p + 1 } else { p });
        c.edit_inlines(|inlines| {
            for inline in inlines {
                if let Inline::Link {
                    target: LinkTarget::Internal { chapter, .. },
                    ..
                } = inline
                {
                    if *chapter >= at {
                        *chapter += 1;
                    }
                }
            }
        });
    }
    book.chapters.insert(at, chapter);
}

/// The titles of a shared file: one a line (list markers dropped, blank lines skipped).
fn read_titles(file: &Path, toml: &Path, line: crate::diag::Pos) -> Result<Vec<String>> {
    let at = || Loc::at(&toml.into(), line);
    let bytes = files::read_regular(file, MAX_CONFIG_BYTES).map_err(|e| {
        Diagnostic::at(
            at(),
            format!("the other titles' file {} {}", file.display(), e.reason()),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::at(
            at(),
            format!("the other titles' file {} is not UTF-8", file.display()),
        )
    })?;
    let titles: Vec<String> = text
        .lines()
        .map(|l| strip_marker(l.trim()).to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if titles.is_empty() {
        return Err(Diagnostic::at(
            at(),
            format!("the other titles' file {} lists none", file.display()),
        )
        .with_hint("write one title a line"));
    }
    Ok(titles)
}

/// A line without its list marker (`- `, `* `, `+ `, `3. `).
fn strip_marker(line: &str) -> &str {
    let bullet = line
        .strip_prefix(['-', '*', '+'])
        .filter(|r| r.starts_with(' '));
    let digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
    let numbered = (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten();
    bullet.or(numbered).unwrap_or(line).trim()
}

/// Text with Markdown's marks escaped, read as it is written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_markers_are_not_titles() {
        assert_eq!(super::strip_marker("- *El cerro*"), "*El cerro*");
        assert_eq!(super::strip_marker("3. La ladera"), "La ladera");
        assert_eq!(super::strip_marker("1984"), "1984");
        assert_eq!(super::strip_marker("*Cursiva* sola"), "*Cursiva* sola");
    }
}

//! The whole book: metadata, every chapter lowered, images and fonts loaded, and links
//! between chapters checked once all chapters are known.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::lower::{self, Context, BROKEN_LINK};
use super::{Block, Book, Chapter, Image, ImageId, Inline, LinkTarget, Metadata};
use crate::diag::{Diagnostic, Loc, Result, Warnings};
use crate::manuscript::{assets, Manuscript};

/// The timestamp used when neither `SOURCE_DATE_EPOCH` nor `[book] date` gives one:
/// 2000-01-01T00:00:00Z (zip files cannot record dates before 1980).
pub const FIXED_EPOCH: i64 = 946_684_800;

/// Namespace for identifiers derived from title and authors (a fixed, random UUID).
const IDENTIFIER_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6c1f_3a52_9d0e_4b7a_8e21_54f0_c3d9_a7b6);

/// Lowers every chapter of `manuscript` and gathers the book. `source_date_epoch` is the
/// value of the `SOURCE_DATE_EPOCH` variable, if set.
pub fn build(
    manuscript: &Manuscript,
    source_date_epoch: Option<i64>,
    warnings: &Warnings,
) -> Result<Book> {
    let root = &manuscript.root;
    let config = &manuscript.config;
    let toml_path = root.join("book.toml");
    let metadata = metadata(manuscript, source_date_epoch);
    let fonts = assets::load_fonts(root, &toml_path, &config.fonts)?;

    let mut images = ImageTable::default();
    let cover = match &config.book.cover {
        Some((path, line)) => Some(images.load(
            root,
            path,
            &Loc::new(&Arc::from(toml_path.as_path()), *line),
        )?),
        None => None,
    };

    let chapter_files: Vec<PathBuf> = manuscript
        .sources
        .iter()
        .map(|s| s.relative.clone())
        .collect();
    let cx = Context {
        quotes: config.book.quotes,
        chapter_files: &chapter_files,
        warnings,
    };
    let mut chapters = Vec::with_capacity(manuscript.sources.len());
    let mut ids = Vec::with_capacity(manuscript.sources.len());
    let mut anchored = Vec::new();
    for (index, source) in manuscript.sources.iter().enumerate() {
        let mut load = |reference: &str, loc: &Loc| images.load(root, reference, loc);
        let lowered = lower::lower_chapter(&source.text, &source.display, index, &cx, &mut load)?;
        let title_block = lowered.title.or_else(|| opening_heading(&lowered.blocks));
        let title = match title_block.map(|i| &lowered.blocks[i]) {
            Some(Block::Heading { content, .. }) => content.clone(),
            _ => vec![Inline::Text(title_from_file_name(&source.relative))],
        };
        ids.push(lowered.ids);
        anchored.extend(lowered.anchored_links);
        chapters.push(Chapter {
            id: format!("cap-{:02}", index + 1),
            title,
            title_block,
            source: source.relative.clone(),
            blocks: lowered.blocks,
            footnotes: lowered.footnotes,
        });
    }

    // Links to anchors that no chapter has: warn, and keep their text.
    let mut broken: Vec<(usize, String)> = Vec::new();
    for (chapter, anchor, loc) in anchored {
        let exists = ids[chapter].contains(&anchor) || is_note_anchor(&chapters[chapter], &anchor);
        if !exists {
            warnings.push(
                BROKEN_LINK,
                Diagnostic::at(
                    loc,
                    format!(
                        "link to `{}#{anchor}`, but that chapter has no heading with id `{anchor}`",
                        chapters[chapter].source.display()
                    ),
                ),
            );
            broken.push((chapter, anchor));
        }
    }
    if !broken.is_empty() {
        for chapter in &mut chapters {
            unlink_blocks(&mut chapter.blocks, &broken);
            for note in &mut chapter.footnotes {
                unlink_blocks(&mut note.blocks, &broken);
            }
        }
    }

    Ok(Book {
        metadata,
        chapters,
        images: images.images,
        cover,
        fonts,
        pdf: config.pdf.clone(),
    })
}

/// The heading a chapter opens with, if it opens with one (used when it has no `#` title).
fn opening_heading(blocks: &[Block]) -> Option<usize> {
    match blocks.first() {
        Some(Block::Heading { content, .. }) if !content.is_empty() => Some(0),
        _ => None,
    }
}

/// A readable title from a file name: `1-01-Capítulo_1.md` → `Capítulo 1`.
fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = stem
        .trim_start_matches(|c: char| c.is_ascii_digit() || "-_. ".contains(c))
        .replace('_', " ");
    match words.trim() {
        "" => stem,
        title => title.to_string(),
    }
}

fn is_note_anchor(chapter: &Chapter, anchor: &str) -> bool {
    chapter.footnotes.iter().any(|n| n.id() == anchor)
}

fn metadata(manuscript: &Manuscript, source_date_epoch: Option<i64>) -> Metadata {
    let book = &manuscript.config.book;
    let identifier = book.identifier.clone().unwrap_or_else(|| {
        let name = format!("{}\n{}", book.title, book.authors.join("\n"));
        format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(&IDENTIFIER_NAMESPACE, name.as_bytes())
        )
    });
    let from_date = book.date.as_deref().and_then(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
    });
    let timestamp = source_date_epoch
        .or(from_date)
        .unwrap_or(FIXED_EPOCH)
        .max(FIXED_EPOCH);
    Metadata {
        title: book.title.clone(),
        subtitle: book.subtitle.clone(),
        authors: book.authors.clone(),
        language: book.language.clone(),
        identifier,
        publisher: book.publisher.clone(),
        date: book.date.clone(),
        rights: book.rights.clone(),
        description: book.description.clone(),
        subjects: book.subjects.clone(),
        timestamp,
    }
}

/// Images by path, each loaded once however often the chapters use it.
#[derive(Default)]
struct ImageTable {
    images: Vec<Image>,
    by_reference: HashMap<String, ImageId>,
}

impl ImageTable {
    fn load(&mut self, root: &Path, reference: &str, loc: &Loc) -> Result<ImageId> {
        if let Some(&id) = self.by_reference.get(reference) {
            return Ok(id);
        }
        let image = assets::load_image(root, reference, loc)?;
        let id = match self.images.iter().position(|i| i.path == image.path) {
            Some(id) => id,
            None => {
                self.images.push(image);
                self.images.len() - 1
            }
        };
        self.by_reference.insert(reference.to_string(), id);
        Ok(id)
    }
}

/// Replaces links to `broken` anchors by their content.
fn unlink_blocks(blocks: &mut [Block], broken: &[(usize, String)]) {
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                unlink_inlines(content, broken)
            }
            Block::BlockQuote { blocks, .. } => unlink_blocks(blocks, broken),
            Block::List { items, .. } => {
                for item in items {
                    unlink_blocks(&mut item.blocks, broken);
                }
            }
            Block::Table { header, rows, .. } => {
                for cell in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    unlink_inlines(cell, broken);
                }
            }
            Block::Figure {
                caption: Some(c), ..
            } => unlink_inlines(c, broken),
            Block::Figure { .. } | Block::CodeBlock { .. } | Block::SceneBreak { .. } => {}
        }
    }
}

fn unlink_inlines(inlines: &mut Vec<Inline>, broken: &[(usize, String)]) {
    let mut i = 0;
    while i < inlines.len() {
        let is_broken = matches!(&inlines[i], Inline::Link {
            target: LinkTarget::Internal { chapter, anchor: Some(anchor) }, ..
        } if broken.iter().any(|(c, a)| c == chapter && a == anchor));
        if is_broken {
            let Inline::Link { content, .. } = inlines.remove(i) else {
                unreachable!("matched a link above");
            };
            let n = content.len();
            inlines.splice(i..i, content);
            i += n;
            continue;
        }
        if let Some(children) = inlines[i].children_mut() {
            unlink_inlines(children, broken);
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names_lose_their_numbering() {
        assert_eq!(
            title_from_file_name(Path::new("1-01-Capítulo_1.md")),
            "Capítulo 1"
        );
        assert_eq!(
            title_from_file_name(Path::new("03-el-mercado.md")),
            "el-mercado"
        );
        assert_eq!(title_from_file_name(Path::new("2024.md")), "2024");
    }
}

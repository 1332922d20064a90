//! Sections kept in their chapter: a file nested under another (an mdBook SUMMARY.md entry
//! indented under its chapter) is set inside the chapter above it, not as a chapter of its
//! own. Its headings go down as many levels as it is deep, its title becomes a section
//! heading, its notes follow the chapter's in number, and links to it are taken to that
//! heading. Each block keeps its own file and line, so messages still name the file.

use std::collections::{HashMap, HashSet};

use super::{slugify, Block, Chapter, ChapterKind, Inline, LinkTarget};

/// The chapters with each nested one (`depths[i] > 0`) set inside the chapter before it.
pub(super) fn nest(chapters: Vec<Chapter>, depths: &[u8]) -> Vec<Chapter> {
    if depths.iter().all(|&d| d == 0) {
        return chapters;
    }
    // Where each chapter went: its new index, and the id of its heading when nested.
    let mut into: Vec<(usize, Option<String>)> = Vec::with_capacity(chapters.len());
    let mut renamed: HashMap<(usize, String), String> = HashMap::new();
    // How far each nested chapter's notes moved: its `nota.N` and `ref.N` move with them.
    let mut note_offset: Vec<u32> = vec![0; chapters.len()];
    let mut out: Vec<Chapter> = Vec::with_capacity(chapters.len());
    let mut ids: Vec<HashSet<String>> = Vec::with_capacity(chapters.len());
    for (i, mut chapter) in chapters.into_iter().enumerate() {
        let depth = depths.get(i).copied().unwrap_or(0);
        let host = out
            .last()
            .filter(|c| depth > 0 && c.kind == ChapterKind::Chapter)
            .filter(|_| chapter.kind == ChapterKind::Chapter);
        if host.is_none() {
            into.push((out.len(), None));
            ids.push(heading_ids(&chapter.blocks));
            out.push(chapter);
            continue;
        }
        let target = out.len() - 1;
        demote(&mut chapter.blocks, depth);
        if chapter.title_block.is_none() {
            // An id as a heading's: never empty, never opening with a digit (XML ids).
            let slug = slugify(&chapter.title_text());
            let id = match slug.chars().next() {
                None => "seccion".to_string(),
                Some(c) if !c.is_ascii_alphabetic() => format!("s-{slug}"),
                Some(_) => slug,
            };
            chapter.blocks.insert(
                0,
                Block::Heading {
                    level: (1 + depth).min(6),
                    id,
                    content: chapter.title.clone(),
                    loc: crate::diag::Loc::file(&chapter.source),
                },
            );
            chapter.title_block = Some(0);
        }
        // Ids stay unique in the chapter they join: a repeated one takes a number.
        let taken = &mut ids[target];
        let mut title_id = None;
        for (b, block) in chapter.blocks.iter_mut().enumerate() {
            if let Block::Heading { id, .. } = block {
                let unique = unique_id(id, taken);
                if unique != *id {
                    renamed.insert((i, id.clone()), unique.clone());
                    *id = unique;
                }
                taken.insert(id.clone());
                if Some(b) == chapter.title_block {
                    title_id = Some(id.clone());
                }
            }
        }
        let host = &mut out[target];
        let offset = u32::try_from(host.footnotes.len()).unwrap_or(u32::MAX);
        if offset > 0 {
            chapter.edit_inlines(|inlines| {
                for inline in inlines {
                    if let Inline::NoteRef { number, .. } = inline {
                        *number += offset;
                    }
                }
            });
            for note in &mut chapter.footnotes {
                note.number += offset;
            }
        }
        note_offset[i] = offset;
        host.blocks.append(&mut chapter.blocks);
        host.footnotes.append(&mut chapter.footnotes);
        into.push((target, title_id));
    }
    for chapter in &mut out {
        chapter.part = chapter.part.map(|p| into[p].0);
        chapter.edit_inlines(|inlines| {
            for inline in inlines {
                if let Inline::Link {
                    target: LinkTarget::Internal { chapter, anchor },
                    ..
                } = inline
                {
                    let (to, heading) = &into[*chapter];
                    let offset = note_offset[*chapter];
                    *anchor = match anchor.take() {
                        None => heading.clone(),
                        Some(a) => Some(match renamed.get(&(*chapter, a.clone())) {
                            Some(id) => id.clone(),
                            None => moved_note(&a, offset).unwrap_or(a),
                        }),
                    };
                    *chapter = *to;
                }
            }
        });
    }
    out
}

/// A note's anchor (`nota.3`, `ref.3`) renumbered by `offset`, when it is one.
fn moved_note(anchor: &str, offset: u32) -> Option<String> {
    let (prefix, number) = anchor.split_once('.')?;
    let number: u32 = number.parse().ok()?;
    match prefix {
        "nota" => Some(super::note_id(number + offset)),
        "ref" => Some(super::noteref_id(number + offset)),
        _ => None,
    }
    .filter(|_| offset > 0)
}

/// The ids of the headings among `blocks`.
fn heading_ids(blocks: &[Block]) -> HashSet<String> {
    super::walk::blocks(blocks)
        .filter_map(|b| match b {
            Block::Heading { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// `id`, or `id-2`, `id-3`… the first that `taken` lacks.
fn unique_id(id: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(id) {
        return id.to_string();
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_default()
}

/// Every heading `by` levels down (never past 6).
fn demote(blocks: &mut [Block], by: u8) {
    for block in blocks {
        match block {
            Block::Heading { level, .. } => *level = level.saturating_add(by).min(6),
            Block::BlockQuote { blocks, .. } | Block::LineBlock { blocks, .. } => {
                demote(blocks, by)
            }
            Block::List { items, .. } => {
                for item in items {
                    demote(&mut item.blocks, by);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::Warnings;
    use crate::ir::{lower_chapters, Block, ChapterSource, Inline, LinkTarget, QuoteStyle};

    fn headings(blocks: &[Block]) -> Vec<(u8, String)> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, id, .. } => Some((*level, id.clone())),
                _ => None,
            })
            .collect()
    }

    fn links(blocks: &[Block]) -> Vec<(usize, Option<String>)> {
        crate::ir::walk::blocks(blocks)
            .flat_map(|b| b.runs().flat_map(|r| crate::ir::walk::inlines(r.inlines)))
            .filter_map(|i| match i {
                Inline::Link {
                    target: LinkTarget::Internal { chapter, anchor },
                    ..
                } => Some((*chapter, anchor.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_nested_file_joins_the_chapter_above_it() {
        let uno = ChapterSource::of(
            "01.md",
            "# Uno\n\nTexto.[^a]\n\n[^a]: Nota a.\n\n## Igual\n",
        );
        let mut dos = ChapterSource::of(
            "02.md",
            "# Dos\n\n## Igual\n\nOtra.[^b] [aquí](#igual)\n\n[^b]: Nota b.\n",
        );
        dos.standing.depth = 1;
        let tres = ChapterSource::of(
            "03.md",
            "# Tres\n\n[dos](02.md) y [igual](02.md#igual) y [su nota](02.md#nota.1)\n",
        );
        let warnings = Warnings::new();
        let chapters = lower_chapters(
            &[uno, dos, tres],
            QuoteStyle::Latin,
            &mut |_, _| Ok(0),
            &warnings,
        )
        .expect("lowers");
        assert_eq!(chapters.len(), 2);
        let uno = &chapters[0];
        assert_eq!(
            headings(&uno.blocks),
            [
                (1, "uno".to_string()),
                (2, "igual".into()),
                (2, "dos".into()),
                (3, "igual-2".into())
            ]
        );
        let numbers: Vec<u32> = uno.footnotes.iter().map(|n| n.number).collect();
        assert_eq!(numbers, [1, 2]);
        let refs: Vec<u32> = crate::ir::walk::blocks(&uno.blocks)
            .flat_map(|b| b.runs().flat_map(|r| crate::ir::walk::inlines(r.inlines)))
            .filter_map(|i| match i {
                Inline::NoteRef { number, .. } => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(refs, [1, 2]);
        assert_eq!(links(&uno.blocks), [(0, Some("igual-2".to_string()))]);
        assert_eq!(
            links(&chapters[1].blocks),
            [
                (0, Some("dos".to_string())),
                (0, Some("igual-2".to_string())),
                (0, Some("nota.2".to_string()))
            ]
        );
    }
}

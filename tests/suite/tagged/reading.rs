//! poppler reads a book's structure as the manuscript says it: the sample book, and a
//! small one with what the sample lacks.

use std::ffi::OsStr;
use std::path::Path;

use imprenta::ir::{plain_text, Block, Book, Inline};

use crate::common::{self, Scratch};

/// poppler's dump of the structure tree: each element's kind, depth and text.
struct Dumped {
    kind: String,
    depth: usize,
    text: String,
    /// A note or a reference: its text is its own, not its paragraph's.
    apart: bool,
}

fn struct_text(path: &Path) -> Option<Vec<Dumped>> {
    let pdfinfo = common::tool("pdfinfo")?;
    let (ok, out, err) = common::run(&pdfinfo, &[OsStr::new("-struct-text"), path.as_os_str()]);
    assert!(ok, "pdfinfo failed: {err}");
    let mut elements: Vec<Dumped> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for line in out.lines() {
        let depth = line.len() - line.trim_start().len();
        let line = line.trim_start();
        if let Some(text) = line.strip_prefix('"') {
            let text = text.strip_suffix('"').unwrap_or(text);
            // The text belongs to the elements it is inside, up to a note or reference.
            for &e in open.iter().rev() {
                if elements[e].depth < depth {
                    elements[e].text.push_str(text);
                    if elements[e].apart {
                        break;
                    }
                }
            }
        } else if !line.starts_with("Object ") && !line.starts_with('/') && !line.is_empty() {
            // An element: `P (block)`, `Note <id> (inline)`, `TH:` (its attributes follow,
            // one a line, as `/Scope /Column`).
            open.retain(|&e| elements[e].depth < depth);
            let kind = line
                .split([' ', '<', ':'])
                .next()
                .unwrap_or_default()
                .to_string();
            // A block begins apart from the text before it.
            if line.ends_with("(block)") {
                for &e in open.iter().rev() {
                    elements[e].text.push(' ');
                    if elements[e].apart {
                        break;
                    }
                }
            }
            open.push(elements.len());
            elements.push(Dumped {
                apart: kind == "Note" || kind == "Reference",
                kind,
                depth,
                text: String::new(),
            });
        }
    }
    Some(elements)
}

fn normal(text: &str) -> String {
    text.replace('\u{AD}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The manuscript's blocks as a reader of the structure meets them: `(kind, text)`.
fn expected_blocks(
    blocks: &[Block],
    title: Option<usize>,
    last: &mut u8,
    out: &mut Vec<(String, String)>,
) {
    for (i, block) in blocks.iter().enumerate() {
        if Some(i) == title {
            continue;
        }
        match block {
            Block::Paragraph { content, .. } => {
                out.push(("P".into(), normal(&plain_text(content))))
            }
            // Tagged one level below the heading before at most: `###` after the title
            // is an H2.
            Block::Heading { level, content, .. } => {
                *last = (*level).min(*last + 1);
                out.push((format!("H{last}"), normal(&plain_text(content))));
            }
            Block::BlockQuote { blocks, .. } | Block::LineBlock { blocks, .. } => {
                expected_blocks(blocks, None, last, out)
            }
            Block::List { items, .. } => {
                for item in items {
                    expected_blocks(&item.blocks, None, last, out);
                }
            }
            Block::CodeBlock { text, .. } => out.push(("Code".into(), normal(text))),
            Block::Table { header, rows, .. } => {
                let cell = |c: &Vec<Inline>| normal(&plain_text(c));
                out.extend(header.iter().map(|c| ("TH".to_string(), cell(c))));
                for row in rows {
                    out.extend(row.iter().map(|c| ("TD".to_string(), cell(c))));
                }
            }
            Block::Figure { caption, .. } => {
                if let Some(caption) = caption {
                    out.push(("Caption".into(), normal(&plain_text(caption))));
                }
            }
            Block::SceneBreak { .. } => {}
        }
    }
}

/// poppler reads the sample book's structure as the manuscript: every chapter's title,
/// headings, paragraphs, code, cells and captions in order, with their words spaced and
/// their hyphenated words whole, the notes beside their references and no running head
/// or folio anywhere.
#[test]
fn the_structure_reads_as_the_manuscript() {
    let fixture = common::fixture("manuscript");
    assert!(
        fixture.layout().stats.hyphenated > 10,
        "the sample has hyphenated lines to read whole"
    );
    assert_reads_as(fixture.book(), &fixture.screen().path);
}

/// A book with what the sample lacks: a heading that skips a level, lines broken by
/// hand (a poem's), a link in a table's header, a note in a table cell.
#[test]
fn a_skipped_level_and_broken_lines_read_as_typed() {
    let scratch = Scratch::new("tagged-reading");
    let text = "# Uno\n\n### Sin nivel dos\n\nUn poema:\\\nla primera línea\\\ny la segunda, [con enlace](https://example.org).\n\n| [Título](https://example.org) | Año |\n|---|---|\n| Una nota[^1] | 2021 |\n\n[^1]: En la celda.\n";
    let screen = super::screen_of(&scratch, text);
    let path = scratch.path("libro.pdf");
    std::fs::write(&path, &screen).unwrap();
    let warnings = imprenta::diag::Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).unwrap();
    assert_reads_as(&parsed.book, &path);
}

/// Reads `pdf`'s structure with poppler and compares it, chapter by chapter, with
/// `book`'s blocks and notes.
fn assert_reads_as(book: &Book, pdf: &Path) {
    let Some(dump) = struct_text(pdf) else {
        return;
    };
    // The chapters' sections: after the front matter's and the contents'.
    let sections: Vec<&Dumped> = dump
        .iter()
        .filter(|d| d.kind == "Sect" && d.depth == 2)
        .collect();
    assert_eq!(sections.len(), 2 + book.chapters.len());
    let mut chapter = 0;
    let mut found: Vec<Vec<(String, String)>> = vec![Vec::new(); book.chapters.len()];
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); book.chapters.len()];
    let mut in_sect: usize = 0;
    // Elements under a note or a reference are the note's: left out of the blocks.
    let mut skip_below: Option<usize> = None;
    for d in &dump {
        if skip_below.is_some_and(|depth| d.depth > depth) {
            continue;
        }
        skip_below = None;
        if d.kind == "Sect" && d.depth == 2 {
            in_sect += 1;
            chapter = in_sect.saturating_sub(3);
            continue;
        }
        if in_sect < 3 {
            continue;
        }
        match d.kind.as_str() {
            "Note" => {
                notes[chapter].push(normal(&d.text));
                skip_below = Some(d.depth);
            }
            "Reference" => skip_below = Some(d.depth),
            "P" | "H1" | "H2" | "H3" | "H4" | "H5" | "H6" | "Code" | "TH" | "TD" | "Caption" => {
                found[chapter].push((d.kind.clone(), d.text.clone()))
            }
            _ => {}
        }
    }
    for (c, ch) in book.chapters.iter().enumerate() {
        let mut expected = Vec::new();
        expected_blocks(&ch.blocks, ch.title_block, &mut 1, &mut expected);
        let mut got = found[c].clone();
        // The opening: «capítulo 3 Los músicos», label and title in one heading.
        let (kind, opening) = got.remove(0);
        assert_eq!(kind, "H1");
        assert!(
            normal(&opening).ends_with(&normal(&ch.title_text())),
            "chapter {c}: {opening}"
        );
        // A paragraph's text without its note: the note's own text is read apart.
        let got: Vec<(String, String)> = got
            .into_iter()
            .map(|(kind, text)| (kind, normal(&text)))
            .collect();
        assert_eq!(got, expected, "chapter {c}");
        let expected_notes: Vec<String> = ch
            .footnotes
            .iter()
            .map(|note| {
                let mut text = Vec::new();
                expected_blocks(&note.blocks, None, &mut 1, &mut text);
                let words: Vec<String> = text.into_iter().map(|(_, t)| t).collect();
                normal(&format!("{}. {}", note.number, words.join(" ")))
            })
            .collect();
        assert_eq!(notes[c], expected_notes, "chapter {c}'s notes");
    }
}

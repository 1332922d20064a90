//! The walks over a chapter's blocks and inlines (`ir::walk`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::diag::{Loc, Warnings};
use crate::ir::lower::{lower_chapter, Context};
use crate::ir::{plain_text, FontFile, Fonts, Footnote, Metadata, QuoteStyle};

/// A chapter of every kind of block, nested: quotes in lists in quotes, and notes.
const NESTED: &str = "\
# Uno

> Dos[^a]
>
> - Tres
>
>   > Cuatro
>
>   ```
>   cinco
>   ```
> - Seis

| Siete | Ocho |
|-------|------|
| Nueve | Diez |

![alt](x.png \"Once\")

***

1. Doce

   1. Trece

[^a]: Catorce

    > Quince
";

fn chapter(text: &str) -> Chapter {
    let files = [PathBuf::from("01.md")];
    let warnings = Warnings::new();
    let cx = Context {
        quotes: QuoteStyle::Latin,
        chapter_files: &files,
        warnings: &warnings,
    };
    let source = crate::ir::ChapterSource::of("01.md", text);
    let lowered = lower_chapter(&source, 0, &cx, &mut |_, _| Ok(0)).unwrap();
    Chapter {
        id: "cap-01".into(),
        title: Vec::new(),
        title_block: lowered.title,
        source: PathBuf::from("01.md"),
        blocks: lowered.blocks,
        footnotes: lowered.footnotes,
        kind: crate::ir::ChapterKind::Chapter,
        part: None,
        matter: None,
    }
}

/// A book of `chapters`, with placeholder metadata and fonts.
fn book(chapters: Vec<Chapter>) -> Book {
    let font = FontFile {
        path: PathBuf::from("f.ttf"),
        family: "F".into(),
        data: Arc::from(Vec::new()),
        named_at: None,
        index: 0,
    };
    Book {
        metadata: Metadata {
            title: "T".into(),
            language: "es".into(),
            identifier: "urn:x".into(),
            ..Metadata::default()
        },
        chapters,
        images: Vec::new(),
        cover: None,
        back_cover: Vec::new(),
        fonts: Fonts {
            regular: font.clone(),
            italic: font.clone(),
            bold: font.clone(),
            bold_italic: font.clone(),
            mono: font,
            fallback: Default::default(),
            extra: Vec::new(),
            assigned: Default::default(),
            extra_in_epub: true,
        },
        numbering: Default::default(),
        style: Default::default(),
    }
}

/// A block as a word: its kind, or its text for those with text of their own.
fn label(block: &Block) -> String {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => plain_text(content),
        Block::CodeBlock { text, .. } => text.clone(),
        Block::BlockQuote { .. } => "quote".into(),
        Block::LineBlock { .. } => "lines".into(),
        Block::List { .. } => "list".into(),
        Block::Table { .. } => "table".into(),
        Block::Figure { .. } => "figure".into(),
        Block::SceneBreak { .. } => "break".into(),
    }
}

#[test]
fn blocks_are_walked_depth_first_in_reading_order() {
    let chapter = chapter(NESTED);
    let body: Vec<String> = chapter.body_blocks().map(label).collect();
    let body_words = [
        "Uno", "quote", "Dos", "list", "Tres", "quote", "Cuatro", "cinco", "Seis", "table",
        "figure", "break", "list", "Doce", "list", "Trece",
    ];
    assert_eq!(body, body_words);
    let all: Vec<String> = chapter.all_blocks().map(label).collect();
    assert_eq!(all[..body.len()], body_words);
    assert_eq!(all[body.len()..], ["Catorce", "quote", "Quince"]);
}

#[test]
fn every_chapter_of_a_book_is_walked_notes_included() {
    let mut second = chapter("Dieciséis[^n]\n\n[^n]: Diecisiete\n");
    second.footnotes.push(Footnote {
        number: 2,
        blocks: Vec::new(),
        loc: Loc::new(&Arc::from(Path::new("01.md")), 1),
    });
    let first = chapter(NESTED);
    let expected: Vec<String> = first
        .all_blocks()
        .chain(second.all_blocks())
        .map(label)
        .collect();
    assert_eq!(expected.len(), 21);
    let book = book(vec![first, second]);
    let walked: Vec<String> = book.all_blocks().map(label).collect();
    assert_eq!(walked, expected);
}

#[test]
fn runs_name_what_they_are() {
    let chapter = chapter(NESTED);
    let runs: Vec<(RunKind, String)> = chapter
        .all_blocks()
        .flat_map(Block::runs)
        .map(|run| (run.kind, plain_text(run.inlines)))
        .collect();
    fn words(kind: RunKind, words: &[&str]) -> Vec<(RunKind, String)> {
        words.iter().map(|w| (kind, w.to_string())).collect()
    }
    let expected = [
        words(RunKind::Heading { level: 1 }, &["Uno"]),
        words(RunKind::Paragraph, &["Dos", "Tres", "Cuatro", "Seis"]),
        words(RunKind::HeaderCell, &["Siete", "Ocho"]),
        words(RunKind::Cell, &["Nueve", "Diez"]),
        words(RunKind::Caption, &["Once"]),
        words(RunKind::Paragraph, &["Doce", "Trece", "Catorce", "Quince"]),
    ]
    .concat();
    assert_eq!(runs, expected);
}

#[test]
fn inlines_are_walked_with_what_encloses_them() {
    let chapter = chapter("a *b **c** [d](#x)* `e`\n");
    let Block::Paragraph { content, .. } = &chapter.blocks[0] else {
        panic!("{:?}", chapter.blocks);
    };
    let name = |inline: &Inline| match inline {
        Inline::Text(text) | Inline::Code(text) => text.clone(),
        Inline::Emphasis(_) => "em".into(),
        Inline::Strong(_) => "strong".into(),
        Inline::Link { .. } => "link".into(),
        other => panic!("{other:?}"),
    };
    let mut walk = inlines(content);
    let mut seen = Vec::new();
    while let Some(inline) = walk.next() {
        let enclosing: Vec<String> = walk.ancestors().iter().map(|a| name(a)).collect();
        seen.push(format!("{}/{}", enclosing.join("/"), name(inline)));
    }
    assert_eq!(
        seen,
        [
            "/a ",
            "/em",
            "em/b ",
            "em/strong",
            "em/strong/c",
            "em/ ",
            "em/link",
            "em/link/d",
            "/ ",
            "/e",
        ]
    );
}

#[test]
fn editing_reaches_every_list_and_what_edits_splice_in() {
    let mut chapter = chapter(
        "# *T*\n\n> - [a *b*](#x) c\n\n| [d](#x) |\n|---|\n| e |\n\n![](i.png \"f\")\n\n\
             g[^n]\n\n[^n]: [**h**](#x)\n",
    );
    let mut seen = Vec::new();
    chapter.edit_inlines(|inlines| {
        // Unlinks every link, as the book does with links to missing anchors.
        let mut i = 0;
        while i < inlines.len() {
            if let Inline::Link { .. } = &inlines[i] {
                let Inline::Link { content, .. } = inlines.remove(i) else {
                    unreachable!("matched a link above");
                };
                inlines.splice(i..i, content);
            } else {
                i += 1;
            }
        }
        seen.push(plain_text(inlines));
    });
    assert_eq!(seen, ["T", "T", "a b c", "b", "d", "e", "f", "g", "h", "h"]);
    let links = chapter
        .all_blocks()
        .flat_map(Block::runs)
        .flat_map(|run| inlines(run.inlines))
        .filter(|inline| matches!(inline, Inline::Link { .. }))
        .count();
    assert_eq!(links, 0);
}

//! The tree for every construct the manuscript format supports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::lower::{lower_chapter, Context, Lowered};
use super::*;
use crate::diag::Warnings;

fn lower_with(text: &str, quotes: QuoteStyle, warnings: &Warnings) -> Lowered {
    let files = [PathBuf::from("01-a.md"), PathBuf::from("02-b.md")];
    let cx = Context {
        quotes,
        chapter_files: &files,
        warnings,
    };
    let source = ChapterSource::of("01-a.md", text);
    let mut images: Vec<String> = Vec::new();
    let mut load = |reference: &str, _: &Loc| {
        images.push(reference.to_string());
        Ok(images.len() - 1)
    };
    lower_chapter(&source, 0, &cx, &mut load).unwrap()
}

fn lower(text: &str) -> Vec<Block> {
    lower_with(text, QuoteStyle::Latin, &Warnings::new()).blocks
}

fn text(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

/// The content of the only paragraph in `blocks`.
fn only_paragraph(blocks: &[Block]) -> &[Inline] {
    match blocks {
        [Block::Paragraph { content, .. }] => content,
        other => panic!("expected one paragraph, got {other:?}"),
    }
}

#[test]
fn headings_get_unique_ids_and_the_first_level_one_is_the_title() {
    let lowered = lower_with(
        "# Título\n\n## La banda sonora\n\n## La banda sonora\n\n## Otra {#propia}\n",
        QuoteStyle::Latin,
        &Warnings::new(),
    );
    assert_eq!(lowered.title, Some(0));
    let ids: Vec<(u8, &str)> = lowered
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading { level, id, .. } => (*level, id.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        ids,
        [
            (1, "titulo"),
            (2, "la-banda-sonora"),
            (2, "la-banda-sonora-2"),
            (2, "propia")
        ]
    );
    assert_eq!(lowered.blocks[1].loc().line, 3);
}

#[test]
fn the_title_is_a_non_empty_level_one_heading_of_the_chapter_itself() {
    let lowered = lower_with(
        "Intro.\n\n> # En una cita\n\n#\n\n# Título real\n",
        QuoteStyle::Latin,
        &Warnings::new(),
    );
    assert_eq!(lowered.title, Some(3));
    assert!(
        matches!(&lowered.blocks[3], Block::Heading { content, .. } if content == &[text("Título real")])
    );
}

#[test]
fn spanish_typography_is_applied() {
    let blocks = lower("Dijo \"ven\"... y se fue -- o no --- quizá.\n");
    assert_eq!(
        only_paragraph(&blocks),
        [text("Dijo «ven»… y se fue – o no — quizá.")]
    );
    let english = lower_with("\"hi\"", QuoteStyle::English, &Warnings::new()).blocks;
    assert_eq!(only_paragraph(&english), [text("“hi”")]);
}

#[test]
fn inline_markup_becomes_nodes() {
    let blocks = lower("*a* **b** ~~c~~ `d` línea  \nnueva\notra");
    assert_eq!(
        only_paragraph(&blocks),
        [
            Inline::Emphasis(vec![text("a")]),
            text(" "),
            Inline::Strong(vec![text("b")]),
            text(" "),
            Inline::Strikethrough(vec![text("c")]),
            text(" "),
            Inline::Code("d".into()),
            text(" línea"),
            Inline::HardBreak,
            text("nueva"),
            Inline::SoftBreak,
            text("otra"),
        ]
    );
}

#[test]
fn lists_nest_keep_their_start_and_tasks() {
    let blocks = lower("- uno\n- dos\n\n  3. tres\n  4. cuatro\n\n* [x] hecho\n* [ ] no\n");
    let [Block::List {
        start: None, items, ..
    }, Block::List {
        items: tasks,
        tight: true,
        ..
    }] = blocks.as_slice()
    else {
        panic!("{blocks:?}");
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].blocks.len(), 1);
    let Block::List {
        start: Some(3),
        items: inner,
        ..
    } = &items[1].blocks[1]
    else {
        panic!("{:?}", items[1].blocks);
    };
    assert_eq!(inner.len(), 2);
    assert_eq!(
        tasks.iter().map(|i| i.task).collect::<Vec<_>>(),
        [Some(true), Some(false)]
    );
}

#[test]
fn loose_lists_are_marked() {
    let blocks = lower("1. uno\n\n2. dos\n");
    assert!(matches!(
        blocks.as_slice(),
        [Block::List {
            start: Some(1),
            tight: false,
            ..
        }]
    ));
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_shared() {
    let lowered = lower_with(
        "Uno[^b] dos[^a] tres[^b].\n\n[^a]: Nota A.\n[^b]: Nota B.\n\n    Segundo párrafo.\n[^x]: Nunca usada.\n",
        QuoteStyle::Latin,
        &Warnings::new(),
    );
    let refs: Vec<(u32, bool)> = only_paragraph(&lowered.blocks)
        .iter()
        .filter_map(|i| match i {
            Inline::NoteRef { number, first, .. } => Some((*number, *first)),
            _ => None,
        })
        .collect();
    assert_eq!(refs, [(1, true), (2, true), (1, false)]);
    assert_eq!(lowered.footnotes.len(), 2);
    assert_eq!(
        lowered.footnotes[0].blocks.len(),
        2,
        "note b has two paragraphs"
    );
    assert_eq!(
        only_paragraph(&lowered.footnotes[1].blocks),
        [text("Nota A.")]
    );
}

#[test]
fn footnotes_inside_lists() {
    let lowered = lower_with(
        "- Punto con nota[^n].\n\n  [^n]: La nota, dentro de la lista.\n",
        QuoteStyle::Latin,
        &Warnings::new(),
    );
    assert_eq!(lowered.footnotes.len(), 1);
    assert_eq!(
        only_paragraph(&lowered.footnotes[0].blocks),
        [text("La nota, dentro de la lista.")]
    );
    let Block::List { items, .. } = &lowered.blocks[0] else {
        panic!()
    };
    assert_eq!(
        items[0].blocks.len(),
        1,
        "the definition is not part of the item"
    );
}

#[test]
fn links_resolve_to_chapters_and_anchors() {
    let warnings = Warnings::new();
    let lowered = lower_with(
        "[a](02-b.md) [b](./02-b.md#sec) [c](#aqui) [d](https://x.org) [e](javascript:x) [f](03-no.md) <mail@x.org>",
        QuoteStyle::Latin,
        &warnings,
    );
    let targets: Vec<&LinkTarget> = only_paragraph(&lowered.blocks)
        .iter()
        .filter_map(|i| match i {
            Inline::Link { target, .. } => Some(target),
            _ => None,
        })
        .collect();
    assert_eq!(
        targets,
        [
            &LinkTarget::Internal {
                chapter: 1,
                anchor: None
            },
            &LinkTarget::Internal {
                chapter: 1,
                anchor: Some("sec".into())
            },
            &LinkTarget::Internal {
                chapter: 0,
                anchor: Some("aqui".into())
            },
            &LinkTarget::External("https://x.org".into()),
            &LinkTarget::External("mailto:mail@x.org".into()),
        ]
    );
    assert_eq!(lowered.anchored_links.len(), 2);
    assert_eq!(warnings.len(), 2, "javascript: and the missing chapter");
}

#[test]
fn figures_tables_code_quotes_and_breaks() {
    let blocks = lower(
        "![Una cabina](images/t.png 'El \"teleférico\"')\n\n| A | B |\n|:-:|--:|\n| *x* | 2 |\n\n```text\nlínea\n```\n\n> cita\n>\n> dos\n\n***\n",
    );
    assert_eq!(blocks.len(), 5, "{blocks:#?}");
    assert_eq!(
        blocks[0],
        Block::Figure {
            image: 0,
            alt: "Una cabina".into(),
            caption: Some(vec![text("El «teleférico»")]),
            loc: blocks[0].loc().clone(),
        }
    );
    let Block::Table {
        alignments,
        header,
        rows,
        ..
    } = &blocks[1]
    else {
        panic!()
    };
    assert_eq!(alignments, &[Alignment::Center, Alignment::Right]);
    assert_eq!(header, &[vec![text("A")], vec![text("B")]]);
    assert_eq!(
        rows,
        &[vec![
            vec![Inline::Emphasis(vec![text("x")])],
            vec![text("2")]
        ]]
    );
    assert!(
        matches!(&blocks[2], Block::CodeBlock { language: Some(l), text, .. } if l == "text" && text == "línea")
    );
    assert!(matches!(&blocks[3], Block::BlockQuote { blocks, .. } if blocks.len() == 2));
    assert!(matches!(blocks[4], Block::SceneBreak { .. }));
}

#[test]
fn deep_nesting_is_flattened_not_overflowed() {
    let warnings = Warnings::new();
    let quotes = ">".repeat(5_000) + " hondo\n";
    let blocks = lower_with(&quotes, QuoteStyle::Latin, &warnings).blocks;
    let mut depth = 0;
    let mut level = blocks.as_slice();
    while let [Block::BlockQuote { blocks, .. }] = level {
        depth += 1;
        level = blocks;
    }
    assert_eq!(depth, lower::MAX_BLOCK_DEPTH);
    assert_eq!(only_paragraph(level), [text("hondo")]);
    assert!(!warnings.is_empty());
}

#[test]
fn forbidden_characters_are_removed() {
    let warnings = Warnings::new();
    let blocks = lower_with("a\u{1}b\u{FFFF}c", QuoteStyle::Latin, &warnings).blocks;
    assert_eq!(only_paragraph(&blocks), [text("abc")]);
    assert_eq!(warnings.len(), 1);
    let figure = lower_with("![a](i.png \"b\u{7}c\")", QuoteStyle::Latin, &warnings).blocks;
    assert!(
        matches!(&figure[..], [Block::Figure { caption: Some(c), .. }] if c == &[text("bc")]),
        "{figure:?}"
    );
    assert_eq!(warnings.len(), 2);
}

mod html;

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Markup that never carries letters of its own.
    const MARKUP: &[&str] = &[
        " ", " ", "\n", "\n\n", "*", "**", "_", "`", "```\n", "# ", "## ", "> ", "- ", "1. ",
        "3) ", "---", "***", "\\", "  \n", "    ", "[", "]", "¿", "?", "¡", "!", "«", "»", "\"",
        "'", "...", "--", "—", ":", "\t",
    ];
    /// Everything else an author (or an attacker) might type.
    const HOSTILE: &[&str] = &[
        "<em>",
        "</em>",
        "<span class=\"versalita\">",
        "</span>",
        "<script>",
        "</script>",
        "<div onclick=\"x\">",
        "</div>",
        "<br/>",
        "<!--",
        "-->",
        "[^1]",
        "[^1]: ",
        "[^x]",
        "](",
        ")",
        "![",
        "(#a)",
        "(02-b.md#c)",
        "(javascript:alert(1))",
        "<http://x.org>",
        "{#id}",
        "&#0;",
        "&#xFFFF;",
        "\u{0}",
        "\u{7}",
        "\u{85}",
        "\u{FFFE}",
        "- [x] ",
        "<",
        "&",
        ">",
        "&amp;",
        "| ",
        " |",
        "|---|",
        "~~",
    ];
    const WORDS: &[&str] = &[
        "año",
        "canción",
        "pingüino",
        "Él",
        "ÚLTIMA",
        "Ñandú",
        "vergüenza",
        "x",
        "palabra",
        "mañana",
    ];

    fn manuscript(extra: &'static [&'static str]) -> impl Strategy<Value = String> {
        let pieces: Vec<&'static str> = WORDS.iter().chain(MARKUP).chain(extra).copied().collect();
        prop::collection::vec(prop::sample::select(pieces), 0..80).prop_map(|p| p.concat())
    }

    fn letters(text: &str) -> Vec<char> {
        let mut letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
        letters.sort_unstable();
        letters
    }

    fn all_text(blocks: &[Block], out: &mut String) {
        for block in walk::blocks(blocks) {
            match block {
                Block::CodeBlock { text, .. } => out.push_str(text),
                Block::Figure { alt, .. } => out.push_str(alt),
                _ => {}
            }
            for run in block
                .runs()
                .filter(|run| run.kind != walk::RunKind::Caption)
            {
                out.push_str(&plain_text(run.inlines));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn every_letter_of_the_input_reaches_the_tree(text in manuscript(&[])) {
            // `[label]: destination` defines a link and is never shown: its letters go.
            prop_assume!(!text.contains("]:"));
            let lowered = lower_with(&text, QuoteStyle::Latin, &Warnings::new());
            let mut out = String::new();
            all_text(&lowered.blocks, &mut out);
            prop_assert_eq!(letters(&out), letters(&text), "input: {:?}", text);
        }

        #[test]
        fn hostile_input_never_panics_nor_leaks_forbidden_characters(text in manuscript(HOSTILE)) {
            let lowered = lower_with(&text, QuoteStyle::Latin, &Warnings::new());
            let mut out = String::new();
            all_text(&lowered.blocks, &mut out);
            for note in &lowered.footnotes {
                all_text(&note.blocks, &mut out);
            }
            prop_assert!(!out.chars().any(super::super::typography::is_forbidden), "{:?}", out);
        }
    }
}

#[test]
fn void_html_elements_drop_only_their_tag() {
    for tag in [
        "<embed src=\"a.swf\">",
        "<source src=\"a.mp4\">",
        "<track kind=\"captions\">",
        "<param name=\"x\" value=\"y\">",
        "<wbr>",
    ] {
        let blocks = lower(&format!("antes {tag} después y *más*\n"));
        let content = only_paragraph(&blocks);
        assert_eq!(
            plain_text(content),
            "antes  después y más",
            "{tag}: {content:?}"
        );
        assert!(
            content.iter().any(|i| matches!(i, Inline::Emphasis(_))),
            "{tag}: the emphasis after it survives: {content:?}"
        );
    }
}

#[test]
fn explicit_ids_do_not_take_the_footnotes_ids() {
    let lowered = lower_with(
        "## Nota {#nota.1}\n\n## Ref {#ref.1}\n\nTexto.[^a]\n\n[^a]: La nota.\n",
        QuoteStyle::Latin,
        &Warnings::new(),
    );
    let ids: Vec<&str> = lowered
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids, ["nota.1-2", "ref.1-2"]);
    assert_eq!(lowered.footnotes[0].id(), "nota.1");
}

#[test]
fn a_long_title_gives_a_file_name_cut_at_a_word() {
    let metadata = Metadata {
        title: "Historia verdadera de la conquista de la Nueva España ".repeat(5),
        ..Metadata::default()
    };
    let slug = metadata.slug();
    assert_eq!(
        slug,
        "historia-verdadera-de-la-conquista-de-la-nueva-espana"
    );
    let short = Metadata {
        title: "El Gran Movimiento".into(),
        ..Metadata::default()
    };
    assert_eq!(short.slug(), "el-gran-movimiento");
}

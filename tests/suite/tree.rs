//! A manuscript folder read into the tree, end to end: file order, input hygiene (BOM,
//! CRLF, decomposed accents), titles, and links between chapter files.

use std::path::PathBuf;

use imprenta::diag::Warnings;
use imprenta::ir::{Block, Inline, LinkTarget};

fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imprenta-tree-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, content) in files {
        std::fs::write(dir.join(name), content).unwrap();
    }
    dir
}

fn paragraph_text(block: &Block) -> String {
    match block {
        Block::Paragraph { content, .. } => imprenta::ir::plain_text(content),
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn bom_crlf_and_decomposed_accents_are_cleaned() {
    let dir = scratch(
        "hygiene",
        &[
            ("book.toml", b"\xEF\xBB\xBF[book]\r\ntitle = \"Cancio\xCC\x81n\"\r\n"),
            (
                "01.md",
                "\u{feff}# Cap\u{131}\u{301}tulo\r\n\r\nUna cancio\u{301}n del an\u{303}o\r\nque pasa.\r\n"
                    .as_bytes(),
            ),
        ],
    );
    let book = imprenta::parse_book(&dir, None, &Warnings::new())
        .unwrap()
        .book;
    assert_eq!(book.metadata.title, "Canción");
    let chapter = &book.chapters[0];
    assert_eq!(
        paragraph_text(&chapter.blocks[1]),
        "Una canción del año que pasa."
    );
    assert!(paragraph_text(&chapter.blocks[1])
        .chars()
        .all(|c| !('\u{300}'..='\u{36f}').contains(&c)));
    assert_eq!(
        chapter.blocks[1].loc().line,
        3,
        "CRLF lines are counted once"
    );
}

#[test]
fn chapters_in_file_name_order_or_as_listed_with_links_between_them() {
    let files: &[(&str, &[u8])] = &[
        ("book.toml", b"[book]\ntitle = \"T\"\n"),
        (
            "02-dos.md",
            b"# Dos\n\n## La banda sonora\n\nVolver al [uno](01-uno.md).\n",
        ),
        (
            "01-uno.md",
            b"# Uno\n\nVer [la banda](02-dos.md#la-banda-sonora) y [arriba](#uno).\n",
        ),
        ("notas.txt", b"not a chapter"),
    ];
    let dir = scratch("order", files);
    let warnings = Warnings::new();
    let book = imprenta::parse_book(&dir, None, &warnings).unwrap().book;
    let titles: Vec<String> = book.chapters.iter().map(|c| c.title_text()).collect();
    assert_eq!(titles, ["Uno", "Dos"]);
    assert_eq!(book.chapters[0].id, "cap-01");
    let Block::Paragraph { content, .. } = &book.chapters[0].blocks[1] else {
        panic!()
    };
    let targets: Vec<&LinkTarget> = content
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
                anchor: Some("la-banda-sonora".into())
            },
            &LinkTarget::Internal {
                chapter: 0,
                anchor: Some("uno".into())
            },
        ]
    );
    assert!(warnings.is_empty(), "{:?}", warnings.sorted());

    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"T\"\nchapters = [\"02-dos.md\", \"01-uno.md\"]\n",
    )
    .unwrap();
    let book = imprenta::parse_book(&dir, None, &Warnings::new())
        .unwrap()
        .book;
    let titles: Vec<String> = book.chapters.iter().map(|c| c.title_text()).collect();
    assert_eq!(titles, ["Dos", "Uno"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn identifier_and_timestamp_are_stable() {
    let dir = scratch(
        "identity",
        &[
            (
                "book.toml",
                b"[book]\ntitle = \"T\"\nauthors = [\"A\"]\ndate = \"2021-09-03\"\n",
            ),
            ("01.md", b"Texto.\n"),
        ],
    );
    let first = imprenta::parse_book(&dir, None, &Warnings::new())
        .unwrap()
        .book;
    let again = imprenta::parse_book(&dir, None, &Warnings::new())
        .unwrap()
        .book;
    assert!(first.metadata.identifier.starts_with("urn:uuid:"));
    assert_eq!(first.metadata.identifier, again.metadata.identifier);
    assert_eq!(
        first.metadata.timestamp, 1_630_627_200,
        "midnight of [book] date"
    );
    let dated = imprenta::parse_book(&dir, Some(1_700_000_000), &Warnings::new())
        .unwrap()
        .book;
    assert_eq!(
        dated.metadata.timestamp, 1_700_000_000,
        "SOURCE_DATE_EPOCH wins"
    );
    let _ = std::fs::remove_dir_all(dir);
}

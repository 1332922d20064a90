//! The back cover: the description or its own Markdown file, set by the typesetter,
//! never a chapter; what does not fit or cannot go on a cover is an error with its place.

use std::path::Path;

use imprenta::diag::Warnings;

use crate::common::Scratch;
use crate::cover::cover_page;
use crate::print::long_book;

#[test]
fn the_back_sets_its_own_file_or_the_description() {
    let scratch = Scratch::new("cover-back");
    let root = long_book(&scratch, 40, "[print]\nprinter = \"kdp\"\n");
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    let back_text = |root: &Path| {
        let (page, _) = cover_page(root);
        page.text_lines().join("\n")
    };
    std::fs::write(
        root.join("book.toml"),
        toml.replace(
            "[book]\n",
            "[book]\ndescription = \"Un libro de \\\"prueba\\\" sobre el frío.\"\n",
        ),
    )
    .unwrap();
    // The description, with the book's quotes.
    assert!(back_text(&root).contains("Un libro de «prueba» sobre el frío."));

    // Its own file, Markdown, in place of the description; it is not a chapter.
    scratch.write(
        "libro/contracubierta.md",
        "Una *contracubierta* con dos párrafos.\n\nEl segundo, breve.\n",
    );
    let with_back = std::fs::read_to_string(root.join("book.toml")).unwrap()
        + "[cover]\nback = \"contracubierta.md\"\n";
    std::fs::write(root.join("book.toml"), &with_back).unwrap();
    let text = back_text(&root);
    assert!(
        text.contains("Una contracubierta con dos párrafos."),
        "{text}"
    );
    assert!(text.contains("El segundo, breve."), "{text}");
    assert!(!text.contains("sobre el frío"), "{text}");
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&root, Some(0), &warnings).unwrap();
    assert_eq!(parsed.book.chapters.len(), 10);
    // Named with `./`, it is still no chapter.
    let dotted = with_back.replace("\"contracubierta.md\"", "\"./contracubierta.md\"");
    std::fs::write(root.join("book.toml"), &dotted).unwrap();
    let parsed = imprenta::parse_book(&root, Some(0), &warnings).unwrap();
    assert_eq!(parsed.book.chapters.len(), 10);
    std::fs::write(root.join("book.toml"), &with_back).unwrap();

    // A note has no foot to go to on a cover: an error at its line.
    scratch.write("libro/contracubierta.md", "Texto.[^1]\n\n[^1]: Una nota.\n");
    let error = imprenta::parse_book(&root, Some(0), &warnings)
        .unwrap_err()
        .to_string();
    assert!(error.contains("contracubierta.md:3:"), "{error}");
    assert!(error.contains("has a footnote"), "{error}");

    // Too long for the back, even small: an error naming the file.
    scratch.write(
        "libro/contracubierta.md",
        "Palabra tras palabra. ".repeat(2000),
    );
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&root, Some(0), &warnings).unwrap();
    let error = imprenta::cover_layout(&parsed, &warnings)
        .unwrap_err()
        .to_string();
    assert!(error.contains("contracubierta.md"), "{error}");
    assert!(error.contains("does not fit on the back"), "{error}");

    // A file that is not there: the line that names it.
    std::fs::remove_file(root.join("contracubierta.md")).unwrap();
    let error = imprenta::parse_book(&root, Some(0), &warnings)
        .unwrap_err()
        .to_string();
    let line = with_back.lines().count();
    assert!(error.contains(&format!("book.toml:{line}:")), "{error}");
    assert!(
        error.contains("back cover's file `contracubierta.md`"),
        "{error}"
    );
}

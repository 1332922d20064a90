//! The library's own tests: a book read and set whole, in more than one language.

use super::*;

/// A book's own words come from one table: an English or Catalan book names its
/// contents, chapters and cover pages in its language in the PDF and the EPUB alike.
#[test]
fn both_books_speak_the_book_s_language() {
    for (language, contents, chapter) in [
        ("en", "Contents", "chapter 1"),
        ("ca", "Índex", "capítol 1"),
        ("es", "Índice", "capítulo 1"),
    ] {
        let dir =
            std::env::temp_dir().join(format!("imprenta-locale-{language}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("book.toml"),
            format!("[book]\ntitle = \"Rivers\"\nauthors = [\"Ann\", \"Lou\"]\nlanguage = \"{language}\"\n"),
        )
        .unwrap();
        std::fs::write(dir.join("01-one.md"), "# Upstream\n\nThe water rose.\n").unwrap();
        let warnings = Warnings::new();
        let parsed = parse_book(&dir, None, &warnings).expect("parses");

        let layout = layout(&parsed, &warnings).expect("lays out");
        let text: Vec<String> = layout.pages.iter().flat_map(|p| p.text_lines()).collect();
        assert!(text.iter().any(|l| l == contents), "{language}: {text:?}");
        assert!(
            text.iter().any(|l| l.to_lowercase() == chapter),
            "{language}: {text:?}"
        );

        let epub = render_epub(&parsed, None, &warnings).expect("the EPUB builds");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut nav = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("OEBPS/nav.xhtml").unwrap(), &mut nav)
            .unwrap();
        assert!(nav.contains(&format!(">{contents}<")), "{language}: {nav}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A face the author chose that lacks characters (here ñ, ¿ and even the space) has
/// them set in the bundled face of its own style, words stay apart, and the face is
/// reported once with what it lacks.
#[test]
fn a_face_lacking_characters_falls_back_to_the_bundled_face_of_its_style() {
    let dir = std::env::temp_dir().join(format!("imprenta-lacking-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let charis = std::fs::read("fonts/CharisSIL-Regular.ttf").unwrap();
    let ascii: std::collections::BTreeSet<char> = ('!'..='~').collect();
    let poor = epub::fonts::subset(&charis, &ascii).expect("subsets");
    std::fs::write(dir.join("pobre.ttf"), poor).unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Pobre niño\"\n[fonts]\nregular = \"pobre.ttf\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("01.md"), "# Uno\n\n¿Sueña el niño?\n").unwrap();
    // Long enough for running heads, which carry the title «Niño» (title case kept).
    std::fs::write(
        dir.join("02.md"),
        format!(
            "# Año\n\n{}\n",
            "Otra página de texto corrido. ".repeat(400)
        ),
    )
    .unwrap();
    let warnings = Warnings::new();
    let parsed = parse_book(&dir, None, &warnings).expect("parses");
    let layout = layout(&parsed, &warnings).expect("lays out");
    let line = layout
        .pages
        .iter()
        .flat_map(|p| p.text_lines())
        .find(|l| l.contains("Sue"))
        .expect("the paragraph is set");
    assert_eq!(line, "¿Sueña el niño?");
    let fallback = typeset::fonts::FaceId::Fallback(0);
    let in_fallback: String = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            // Running heads (the book's and the chapter's titles) go whole; below.
            typeset::page::Item::Text(run)
                if run.face == fallback
                    && !["pobre niño", "año"].contains(&run.text.to_lowercase().as_str()) =>
            {
                Some(run.text.to_string())
            }
            _ => None,
        })
        .collect();
    // Only what the face lacks is borrowed (here and in the front matter's words).
    assert!(in_fallback.contains("¿ññ"), "{in_fallback}");
    assert!(!in_fallback.chars().any(|c| c.is_ascii()), "{in_fallback}");
    let said: Vec<String> = warnings
        .sorted()
        .iter()
        .map(|w| w.diagnostic.to_string())
        .filter(|m| m.contains("pobre.ttf"))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("book.toml:4:11: the face "), "{}", said[0]);
    for part in [
        "«¿» (U+00BF)",
        "«ñ» (U+00F1)",
        "the space (U+0020)",
        "CharisSIL",
    ] {
        assert!(said[0].contains(part), "{part}: {}", said[0]);
    }
    // A running head with an ñ the face lacks is set whole in the fallback, never
    // with a missing glyph.
    let heads: Vec<&typeset::page::TextRun> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            typeset::page::Item::Text(run) if run.text.to_lowercase().contains("pobre niño") => {
                Some(run)
            }
            _ => None,
        })
        .collect();
    assert!(!heads.is_empty());
    assert!(
        heads
            .iter()
            .all(|r| r.face == fallback || !r.text.contains('ñ')),
        "{heads:?}"
    );
    // The PDF embeds the fallback face too.
    let (pdf, _) = render_pdf(&parsed, &warnings).expect("writes");
    assert!(pdf.windows(9).filter(|w| w == b"CharisSIL").count() >= 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

//! Every character prints (issue #13): Greek, Hebrew and Cyrillic from the bundled faces,
//! Devanagari and Chinese from the system's (skipped without them, except in CI), in
//! the PDF (`pdftotext`, `pdffonts`) and the EPUB (its text, its `@font-face`, EPUBCheck).

use std::ffi::OsStr;

use crate::common::{entries, fixture, missing, run, stderr, text_of, tool, Scratch};

const BOOK: &str = "tests/fixtures/escrituras";

/// The words of the fixture, and whether a bundled face sets them (else the system's).
const WORDS: [(&str, bool); 7] = [
    ("λόγος", true),
    ("ἀρχή", true),
    ("שלום", true),
    ("мир", true),
    ("नमस्ते", false),
    ("漢字", false),
    ("Escrituras", true),
];

/// Whether the book found a face for every character of `word`; when not, the test that
/// needs it skips (or fails in CI, whose machine installs those fonts).
fn printable(word: &str, bundled: bool) -> bool {
    let fonts = &fixture(BOOK).book().fonts;
    let found = word.chars().all(|c| {
        fonts.all().iter().any(|f| has(&f.data, c))
            || fonts.extra.iter().any(|e| e.chars.contains(&c))
    });
    if !found {
        assert!(!bundled, "the bundled faces should set «{word}»");
        missing(&format!(
            "a system font for «{word}» (fonts-noto-core, fonts-droid-fallback)"
        ));
    }
    found
}

fn has(data: &[u8], c: char) -> bool {
    rustybuzz::ttf_parser::Face::parse(data, 0)
        .is_ok_and(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
}

#[test]
fn every_word_comes_back_from_the_pdf() {
    let Some(pdftotext) = tool("pdftotext") else {
        return;
    };
    let pdf = fixture(BOOK).pdf();
    let (ok, text, err) = run(&pdftotext, &[pdf.path.as_os_str(), OsStr::new("-")]);
    assert!(ok, "{err}");
    for (word, bundled) in WORDS {
        if printable(word, bundled) {
            assert!(
                text.contains(word),
                "«{word}» is not in the PDF's text:\n{text}"
            );
        }
    }
    // The colophon names the faces of the other scripts it printed in.
    let colophon = text.replace('\n', " ");
    assert!(colophon.contains("pt, con "), "{colophon}");
    assert!(colophon.contains("Gentium Plus"), "{colophon}");
    assert!(colophon.contains("Noto Serif Hebrew"), "{colophon}");
}

#[test]
fn the_fallback_faces_are_embedded_and_subset() {
    let Some(pdffonts) = tool("pdffonts") else {
        return;
    };
    let pdf = fixture(BOOK).pdf();
    let (ok, listing, err) = run(&pdffonts, &[pdf.path.as_os_str()]);
    assert!(ok, "{err}");
    for name in ["GentiumPlus", "NotoSerifHebrew-Regular"] {
        let line = listing
            .lines()
            .find(|l| l.contains(&format!("+{name}")))
            .unwrap_or_else(|| panic!("{name} is not embedded:\n{listing}"));
        // Subset (a six-letter tag), embedded, subset, with a text map.
        assert!(line.contains("yes yes yes"), "{line}");
    }
    if printable("नमस्ते", false) {
        assert!(listing.contains("Devanagari"), "{listing}");
    }
}

#[test]
fn the_epub_keeps_the_words_and_declares_the_faces_for_them() {
    let epub = fixture(BOOK).epub();
    let chapter = text_of(&epub.bytes, "OEBPS/cap-01.xhtml");
    for (word, _) in WORDS {
        assert!(chapter.contains(word), "«{word}» is not in the chapter");
    }
    let css = text_of(&epub.bytes, "OEBPS/stylesheet.css");
    assert!(css.contains("font-family: \"Gentium Plus\""), "{css}");
    // Greek small letters λ ο γ ς ρ χ: each face only for its characters.
    assert!(css.contains("unicode-range: U+"), "{css}");
    assert!(css.contains("U+5D5"), "Hebrew's vav in a range: {css}");
    let body = css
        .lines()
        .find(|l| l.contains("font-family: \"Charis SIL\","))
        .expect("the body's families");
    assert!(
        body.contains("\"Gentium Plus\"") && body.ends_with(", serif;"),
        "the body tries the extra faces after its own: {body}"
    );
    let fonts: Vec<String> = entries(&epub.bytes)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.contains("fuentes/extra-"))
        .collect();
    assert!(fonts.len() >= 2, "{fonts:?}");
    crate::common::assert_validators_pass(&epub.path);
}

#[test]
fn epub_fallback_false_leaves_other_scripts_to_the_reader() {
    let scratch = Scratch::with_book("epub-fallback");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n[fonts]\nepub_fallback = false\n",
    );
    scratch.write("libro/01-uno.md", "# Uno\n\nλόγος y שלום.\n");
    let out = scratch.run(&["epub", "--manuscript", "libro", "-o", "libro.epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(scratch.path("libro.epub")).expect("written");
    assert!(!entries(&bytes)
        .iter()
        .any(|(name, _)| name.contains("fuentes/extra-")));
    let css = text_of(&bytes, "OEBPS/stylesheet.css");
    assert!(!css.contains("unicode-range"), "{css}");
}

#[test]
fn a_character_no_font_has_stops_the_build_at_its_place() {
    let scratch = Scratch::with_book("no-font");
    scratch.write("libro/01-uno.md", "# Uno\n\nHola, \u{1E4D0}.\n");
    let out = scratch.run(&["pdf", "--manuscript", "libro", "-o", "libro.pdf"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let said = stderr(&out);
    // The rendered diagnostic points at the character: line 3, column 7.
    let raw = String::from_utf8_lossy(&out.stderr);
    assert!(raw.contains("01-uno.md:3:7"), "{raw}");
    assert!(said.contains("U+1E4D0 NAG MUNDARI LETTER O"), "{said}");
    assert!(!scratch.path("libro.pdf").exists());
    // `check` finds it too, at the same place.
    let out = scratch.run(&["check", "--manuscript", "libro"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let raw = String::from_utf8_lossy(&out.stderr);
    assert!(raw.contains("01-uno.md:3:7"), "{raw}");
    assert!(stderr(&out).contains("U+1E4D0 NAG MUNDARI LETTER O"));
}

/// The words of a right-to-left phrase stand in its order on a left-to-right line: the
/// first word, ספר, to the right of the second, טוב; the comma before the phrase and the
/// Latin text around it keep their places.
#[test]
fn a_right_to_left_phrase_reads_from_the_right() {
    use imprenta::typeset::page::Item;
    let layout = fixture(BOOK).layout();
    let at = |word: &str| {
        layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|p| match &p.item {
                Item::Text(run) if &*run.text == word => Some((p.at.x, p.at.y, run.width)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no run «{word}»"))
    };
    let (first, second) = (at("ספר"), at("טוב"));
    assert_eq!(first.1, second.1, "one line");
    assert!(
        first.0 > second.0 + second.2,
        "ספר at {first:?} should stand right of טוב at {second:?}"
    );
    // The Latin text on the line keeps its order around the phrase.
    let line: Vec<(f32, String)> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|p| p.at.y == first.1)
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some((p.at.x, run.text.to_string())),
            _ => None,
        })
        .collect();
    let latin: Vec<f32> = line
        .iter()
        .filter(|(_, t)| t.chars().any(|c| c.is_ascii_alphabetic()))
        .map(|(x, _)| *x)
        .collect();
    assert!(latin.windows(2).all(|w| w[0] < w[1]), "{line:?}");
}

/// A chapter titled in another script keeps every letter in its running heads: the
/// Greek is set in the face of its script, beside the text face's letters.
#[test]
fn running_heads_keep_the_letters_of_other_scripts() {
    use imprenta::typeset::page::{Item, Role};
    let scratch = Scratch::new("scripts-heads");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Títulos\"\n");
    let mut text = String::from("# Sobre el λόγος\n\n");
    for i in 0..120 {
        text.push_str(&format!(
            "Párrafo {i} de un capítulo bastante largo para llegar a la segunda página.\n\n"
        ));
    }
    scratch.write("libro/01.md", text);
    let warnings = imprenta::diag::Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).unwrap();
    let layout = imprenta::layout(&parsed, &warnings).unwrap();
    let heads: Vec<Vec<(String, imprenta::typeset::fonts::FaceId)>> = layout
        .pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .filter(|i| i.role == Role::RunningHead)
                .filter_map(|i| match &i.item {
                    Item::Text(run) => Some((run.text.to_string(), run.face)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|runs| runs.iter().any(|(t, _)| t.contains("sobre")))
        .collect();
    assert!(!heads.is_empty(), "a recto shows the chapter's title");
    for runs in heads {
        let joined: String = runs.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(joined, "sobre el λόγος");
        let greek = runs.iter().find(|(t, _)| t.contains('λ')).unwrap();
        assert_ne!(
            greek.1,
            imprenta::typeset::fonts::FaceId::Regular,
            "{runs:?}"
        );
    }
}

/// Greek in italic text is set in the bundled italic Greek (Gentium Plus Italic), not
/// upright.
#[test]
fn italic_greek_is_italic() {
    use imprenta::typeset::fonts::FaceId;
    use imprenta::typeset::page::Item;
    let book = fixture(BOOK).book();
    let face = fixture(BOOK)
        .layout()
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|p| match &p.item {
            Item::Text(run) if run.text.contains('ἀ') => Some(run.face),
            _ => None,
        })
        .expect("the italic Greek word is set");
    let FaceId::Extra(i) = face else {
        panic!("ἀρχή is set in {face:?}, not a fallback face");
    };
    let extra = &book.fonts.extra[usize::from(i)];
    assert!(extra.italic, "{}", extra.file.path.display());
    assert!(
        extra.file.path.ends_with("GentiumPlus-Italic.ttf"),
        "{}",
        extra.file.path.display()
    );
}

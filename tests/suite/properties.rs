//! Random manuscripts, end to end: the lowering never panics, every XHTML file of the EPUB
//! is well-formed, every letter of the input reaches both the EPUB and the PDF, and no
//! line of the PDF runs past the margin.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

use crate::common;

/// Pieces an author (or a converted Word file) might produce, markup and hostile text alike.
const PIECES: &[&str] = &[
    "año",
    "canción",
    "pingüino",
    "Él",
    "ÚLTIMA",
    "Ñandú",
    "vergüenza",
    "franco-boliviano",
    "https://es.wikipedia.org/wiki/La_Paz",
    "supercalifragilísticoespialidoso",
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "*",
    "**",
    "_",
    "`",
    "# ",
    "## ",
    "> ",
    "- ",
    "1. ",
    "---",
    "***",
    "¿",
    "?",
    "¡",
    "!",
    "«",
    "»",
    "\"",
    "...",
    "—",
    "[^1]",
    "< ",
    "a < b",
    "&",
    "<b>",
    "</b>",
    "<script>x</script>",
    "\u{7}",
    "| 1 | 2 |\n|---|---|\n| 3 | 4 |\n",
    "```\n",
    "\t",
];

/// A chapter; its note's text has no letters, since a note never referenced is left out.
fn chapter() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..60)
        .prop_map(|p| p.concat() + "\n\n[^1]: 1.\n")
}

/// Letters of the text the author wrote (markup and the content of dropped tags aside).
fn letters_of_input(text: &str) -> HashMap<char, usize> {
    let text = text
        .replace("<script>x</script>", "")
        .replace("<b>", "")
        .replace("</b>", "")
        .replace("[^1]", "");
    letters(&text)
}

fn letters(text: &str) -> HashMap<char, usize> {
    let mut counts = HashMap::new();
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        *counts.entry(c).or_insert(0) += 1;
    }
    counts
}

/// Every letter of `wanted` appears at least as often in `found`.
fn missing_letters(wanted: &HashMap<char, usize>, found: &HashMap<char, usize>) -> Vec<char> {
    wanted
        .iter()
        .filter(|(c, n)| found.get(c).copied().unwrap_or(0) < **n)
        .map(|(c, _)| *c)
        .collect()
}

/// The text content of every XHTML file in the EPUB, checking each is well-formed.
fn epub_text(epub: &[u8]) -> Result<String, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(epub)).map_err(|e| e.to_string())?;
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        if !entry.name().ends_with(".xhtml") {
            continue;
        }
        let name = entry.name().to_string();
        let mut xml = String::new();
        entry.read_to_string(&mut xml).map_err(|e| e.to_string())?;
        let mut reader = quick_xml::Reader::from_str(&xml);
        reader.config_mut().check_end_names = true;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    let text = t.unescape().map_err(|e| format!("{name}: {e}"))?;
                    all.push_str(&text);
                    all.push(' ');
                }
                Ok(_) => {}
                Err(e) => return Err(format!("{name} is not well-formed: {e}")),
            }
        }
    }
    Ok(all)
}

fn scratch(chapters: &[String]) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("imprenta-prop-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Azar\"\n").unwrap();
    for (i, text) in chapters.iter().enumerate() {
        std::fs::write(dir.join(format!("{:02}.md", i + 1)), text).unwrap();
    }
    dir
}

proptest! {
    // Past failures are replayed from `properties.proptest-regressions` beside this file.
    // Named explicitly: by default proptest, finding main.rs in this folder, would look
    // for `tests/proptest-regressions/properties.txt` instead.
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions"
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_manuscripts_build_into_valid_books(chapters in prop::collection::vec(chapter(), 1..3)) {
        let dir = scratch(&chapters);
        let warnings = imprenta::diag::Warnings::new();
        let book = match imprenta::parse_book(&dir, None, &warnings) {
            Ok(book) => book,
            // Only an all-blank manuscript may be refused.
            Err(e) => {
                prop_assert!(chapters.iter().all(|c| c.trim().is_empty()), "{e}");
                return Ok(());
            }
        };
        let wanted: HashMap<char, usize> = chapters.iter().fold(HashMap::new(), |mut all, c| {
            for (letter, n) in letters_of_input(c) {
                *all.entry(letter).or_insert(0) += n;
            }
            all
        });

        let epub = imprenta::render_epub(&book, None, &warnings).expect("EPUB");
        let text = epub_text(&epub).map_err(TestCaseError::fail)?;
        let missing = missing_letters(&wanted, &letters(&text));
        prop_assert!(missing.is_empty(), "EPUB lacks {missing:?} of {chapters:?}");

        let (pdf, stats) = imprenta::render_pdf(&book, &warnings).expect("PDF");
        prop_assert_eq!(stats.overfull, 0, "a line runs past the margin: {:?}", chapters);
        if let Some(pdftotext) = common::tool("pdftotext") {
            let path = dir.join("libro.pdf");
            std::fs::write(&path, &pdf).unwrap();
            let (ok, out, err) = common::run(&pdftotext, &[path.as_os_str(), "-".as_ref()]);
            prop_assert!(ok, "{err}");
            let missing = missing_letters(&wanted, &letters(&out));
            prop_assert!(missing.is_empty(), "PDF lacks {missing:?} of {chapters:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! The print edition end to end: fonts embedded as subsets with ToUnicode (`pdffonts`),
//! every word back out with its accents (`pdftotext`), a clean structure (`qpdf --check`),
//! byte-identical rebuilds, and no overfull line.

use std::ffi::OsStr;
use std::path::Path;

use imprenta::diag::Warnings;
use imprenta::ir::{self, Block};

use crate::common;

/// Every word of the manuscript's paragraphs, headings and notes.
fn words(book: &ir::Book) -> Vec<String> {
    fn walk(blocks: &[Block], out: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                    out.extend(
                        ir::plain_text(content)
                            .split_whitespace()
                            .map(str::to_string),
                    );
                }
                Block::BlockQuote { blocks, .. } => walk(blocks, out),
                Block::List { items, .. } => {
                    for item in items {
                        walk(&item.blocks, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for chapter in &book.chapters {
        walk(&chapter.blocks, &mut out);
        for note in &chapter.footnotes {
            walk(&note.blocks, &mut out);
        }
    }
    out
}

fn check_pdf(pdf: &Path, book: &ir::Book) {
    let arg = pdf.as_os_str();
    if let Some(pdffonts) = common::tool("pdffonts") {
        let (ok, out, err) = common::run(&pdffonts, &[arg]);
        assert!(ok, "pdffonts failed: {err}");
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts in the PDF:\n{out}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert!(n >= 7, "odd pdffonts row: {row}");
            assert_eq!(
                &cols[n - 5..n - 2],
                ["yes", "yes", "yes"],
                "emb/sub/uni: {row}"
            );
            let name = cols[0];
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "no subset tag: {row}"
            );
        }
    }
    if let Some(qpdf) = common::tool("qpdf") {
        let (ok, out, err) = common::run(&qpdf, &[OsStr::new("--check"), arg]);
        assert!(ok, "qpdf --check failed:\n{out}\n{err}");
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        assert!(!out.contains("WARNING"), "{out}");
    }
    if let Some(pdftotext) = common::tool("pdftotext") {
        let (ok, out, err) = common::run(&pdftotext, &[arg, OsStr::new("-")]);
        assert!(ok, "pdftotext failed: {err}");
        assert!(!out.contains('\u{FFFD}'), "a glyph extracts as U+FFFD");
        // Drop the page furniture (running heads, folios, blank lines and form feeds) so
        // that a word hyphenated across pages comes back together.
        let mut heads: Vec<String> = book
            .chapters
            .iter()
            .map(|c| c.title_text().to_lowercase())
            .collect();
        heads.push(book.metadata.title.to_lowercase());
        let body: Vec<&str> = out
            .lines()
            .map(|l| l.trim_matches('\u{c}').trim())
            .filter(|l| !l.is_empty())
            .filter(|l| !heads.iter().any(|h| h == l))
            .filter(|l| {
                !l.chars()
                    .all(|c| c.is_ascii_digit() || "ivxlcdm".contains(c))
            })
            .collect();
        let out = body.join("\n");
        // Rejoin words hyphenated at line ends (the RAE's repeated hyphen included).
        let text = out.replace("-\n-", "-").replace("-\n", "");
        let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let squeezed: String = text.split_whitespace().collect();
        // Note markers (superscript digits) sit inside words in the PDF, not in the tree.
        let no_digits: String = squeezed.chars().filter(|c| !c.is_ascii_digit()).collect();
        for word in words(book) {
            let word = word.replace('\u{00AD}', "");
            let bare: String = word.chars().filter(|c| !c.is_ascii_digit()).collect();
            assert!(
                text.contains(&word) || squeezed.contains(&word) || no_digits.contains(&bare),
                "«{word}» is not in the extracted text"
            );
        }
    }
}

#[test]
fn accents_fixture_extracts_with_every_accent() {
    let acentos = common::fixture("tests/fixtures/pdf-acentos");
    let pdf = acentos.pdf();
    check_pdf(&pdf.path, acentos.book());
    let stats = acentos.stats();
    assert_eq!(stats.overfull, 0, "{stats:?}");
    assert!(stats.lines > 20, "{stats:?}");
    if let Some(pdftotext) = common::tool("pdftotext") {
        let (_, out, _) = common::run(&pdftotext, &[pdf.path.as_os_str(), OsStr::new("-")]);
        for s in [
            "Á É Í Ó Ú Ü Ñ á é í ó ú ü ñ",
            "¿Vienes mañana?",
            "¡Qué alegría!",
            "«sí»",
            "—¿Vienes?",
            "fue…",
        ] {
            assert!(out.contains(s), "«{s}» not in:\n{out}");
        }
    }
    let again = imprenta::render_pdf(&acentos.parsed, &Warnings::new())
        .expect("the book typesets again")
        .0;
    assert!(pdf.bytes == again, "two builds of the same book differ");
    assert!(String::from_utf8_lossy(&pdf.bytes).contains("/Lang"));
}

#[test]
fn sample_book_is_a_valid_subset_pdf() {
    let sample = common::fixture("manuscript");
    check_pdf(&sample.pdf().path, sample.book());
    let stats = sample.stats();
    assert_eq!(stats.overfull, 0, "{stats:?}");
    assert_eq!(stats.pages, sample.layout().pages.len(), "{stats:?}");
}

#[test]
fn layout_keeps_spanish_pairs_together() {
    let layout = common::fixture("tests/fixtures/pdf-acentos").layout();
    let lines: Vec<String> = layout.pages.iter().flat_map(|p| p.text_lines()).collect();
    for line in &lines {
        let line = line.trim_end();
        for bad_end in ["¿", "¡", "«", " —", "4000", "25", "Sr.", "Dr."] {
            assert!(
                !line.ends_with(bad_end),
                "line ends with «{bad_end}»: {line}"
            );
        }
        // «50 %» whole (a URL, though, may break before a percent sign).
        for bad_start in [
            "»",
            "?",
            "!",
            "m de altitud",
            "°C",
            "% de",
            "000 habitantes",
        ] {
            assert!(
                !line.starts_with(bad_start),
                "line starts with «{bad_start}»: {line}"
            );
        }
    }
    // A compound broken at its hyphen repeats it (RAE): «franco-» / «-boliviano».
    for pair in lines.windows(2) {
        if pair[0].ends_with("franco-") {
            assert!(pair[1].starts_with("-boliviano"), "{pair:?}");
        }
    }
}

/// A character the text face lacks is set from another bundled face; one that no face has
/// is reported once, with file and line, and never drawn as an empty box.
#[test]
fn missing_glyphs_fall_back_or_are_reported() {
    let dir = std::env::temp_dir().join(format!("imprenta-glyphs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // `missing = "warn"`: without it a character no font has stops the build (scripts.rs).
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Glifos\"\n[fonts]\nmissing = \"warn\"\n",
    )
    .unwrap();
    // U+203D (‽) is in Noto Sans Mono, not in Charis SIL; U+1E4D0 (Unicode 15) is in
    // no font here, bundled or installed (an emoji may be: fonts-droid-fallback has some).
    std::fs::write(
        dir.join("01.md"),
        "# Glifos\n\nUn interrobang ‽ aquí.\n\nUna letra \u{1E4D0} y otra \u{1E4D0}.\n",
    )
    .unwrap();
    let warnings = imprenta::diag::Warnings::new();
    let book = imprenta::parse_book(&dir, None, &warnings).unwrap();
    let pdf = imprenta::render_pdf(&book, &warnings)
        .map(|(bytes, _)| bytes)
        .unwrap();
    let messages: Vec<String> = warnings
        .sorted()
        .iter()
        .map(|w| w.diagnostic.to_string())
        .collect();
    let missing: Vec<&String> = messages.iter().filter(|m| m.contains("no glyph")).collect();
    assert_eq!(missing.len(), 1, "{messages:?}");
    assert!(
        missing[0].ends_with(
            "01.md:5:1: U+1E4D0 NAG MUNDARI LETTER O («\u{1E4D0}») has no glyph in any font"
        ),
        "{}",
        missing[0]
    );
    if let Some(pdftotext) = common::tool("pdftotext") {
        let path = dir.join("glifos.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let (ok, text, err) = common::run(&pdftotext, &[path.as_os_str(), "-".as_ref()]);
        assert!(ok, "{err}");
        assert!(
            text.contains('‽'),
            "the fallback face's glyph is in the text: {text}"
        );
        assert!(!text.contains('\u{FFFD}'));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! Manuscripts as other people write them, read from `tests/fixtures/english`: an English
//! book with typed and straight quotes, raw HTML that carries content, links written for
//! web pages, a dedication and a titled chapter, a long URL and tables. Each is checked in
//! the EPUB's XHTML and in the PDF's text, and both books by the validators.

use std::ffi::OsStr;

use crate::common;

const FIXTURE: &str = "tests/fixtures/english";

/// The text of the fixture's PDF as `pdftotext` reads it, or None when it is missing.
fn pdf_text() -> Option<String> {
    let pdftotext = common::tool("pdftotext")?;
    let pdf = common::fixture(FIXTURE).pdf();
    let (ok, out, err) = common::run(&pdftotext, &[pdf.path.as_os_str(), OsStr::new("-")]);
    assert!(ok, "pdftotext failed: {err}");
    Some(out)
}

/// Chapter `n`'s XHTML in the fixture's EPUB.
fn chapter(n: usize) -> String {
    let epub = common::fixture(FIXTURE).epub();
    common::text_of(&epub.bytes, &format!("OEBPS/cap-{n:02}.xhtml"))
}

/// The quotes follow the book's language (English: “ ” and ‘ ’), straight ones are
/// curled, and the ones the author typed curly stay as typed, in both books.
#[test]
fn quotes_follow_the_language_and_typed_ones_stay() {
    let xhtml = chapter(2);
    for expected in [
        "“the chowder is ready,”",
        "“don’t let it go cold.”",
        "He’d typed his own\n“curly quotes”",
    ] {
        assert!(xhtml.contains(expected), "{expected} in\n{xhtml}");
    }
    assert!(!xhtml.contains('«'), "no Spanish quotes in an English book");
    if let Some(text) = pdf_text() {
        assert!(
            text.contains("She said, “the chowder is ready,” and then, “don’t let it go cold.”")
        );
        assert!(!text.contains('«'));
    }
}

/// HTML that says what Markdown cannot reaches both books as their own formatting.
#[test]
fn html_content_reaches_both_books() {
    let xhtml = chapter(3);
    for expected in [
        "Press <code>Ctrl</code> and read the “harbour rules” on the <strong>board</strong>.",
        "<figure class=\"figura\">\n<img src=\"img/imagen-02.png\" alt=\"A profile of the pier\"/>",
        "<figcaption>The pier at <em>low</em> tide</figcaption>",
        // The dash that opens an aside is tied to the word after it.
        "<p><em><code>src/tide.rs</code> —\u{a0}Reading the tide</em></p>",
    ] {
        assert!(xhtml.contains(expected), "{expected} in\n{xhtml}");
    }
    if let Some(text) = pdf_text() {
        for expected in [
            "Press Ctrl and read the “harbour rules” on the board.",
            "The pier at low tide",
            "src/tide.rs — Reading the tide",
            "fn tide() -> u32 { 3 }",
        ] {
            assert!(text.contains(expected), "{expected} in the PDF");
        }
    }
    let warnings = common::messages(&common::fixture(FIXTURE).parse_warnings);
    let html: Vec<&String> = warnings.iter().filter(|w| w.contains('<')).collect();
    assert_eq!(
        html.len(),
        1,
        "only the unknown tag is warned about: {html:?}"
    );
    assert!(
        html[0].contains(
            "03-harbour.md:13:1: <listing> is not supported; its text is kept, and its caption \
             or file name as a line above it"
        ),
        "{html:?}"
    );
}

/// `03-harbour.html` and `./03-harbour.xhtml` are chapter `03-harbour.md`, and an anchor
/// spelled as GitHub spells ids (accents kept) finds the heading.
#[test]
fn links_written_for_web_pages_resolve() {
    let xhtml = chapter(2);
    assert_eq!(
        xhtml
            .matches("<a href=\"cap-03.xhtml#the-old_pier-ano-1890\">")
            .count(),
        2,
        "{xhtml}"
    );
    assert!(chapter(3).contains("<h2 id=\"the-old_pier-ano-1890\">"));
    let warnings = common::messages(&common::fixture(FIXTURE).parse_warnings);
    assert!(!warnings.iter().any(|w| w.contains("link")), "{warnings:?}");
}

/// The label counts chapters, not files: the dedication gets none and is not counted,
/// «XV: Chowder» names itself and is counted, the next chapter is «Chapter 2».
#[test]
fn chapter_labels_count_chapters() {
    let labels: Vec<bool> = (1..=4)
        .map(|n| chapter(n).contains("class=\"etiqueta\""))
        .collect();
    assert_eq!(labels, [false, false, true, true]);
    assert!(chapter(3).contains("<span class=\"etiqueta\">Chapter 2</span> The Harbour"));
    assert!(chapter(4).contains("<span class=\"etiqueta\">Chapter 3</span> Manifest"));
    let layout = common::fixture(FIXTURE).layout();
    let label_lines: Vec<String> = layout
        .pages
        .iter()
        .flat_map(|p| p.placed_lines())
        .filter(|l| l.text.starts_with("chapter"))
        .map(|l| l.text)
        .collect();
    assert_eq!(label_lines, ["chapter 2", "chapter 3"]);
}

/// Both copyright pages say the same in the same words, and print no UUID.
#[test]
fn copyright_pages_agree_and_print_no_uuid() {
    let fixture = common::fixture(FIXTURE);
    let identifier = &fixture.book().metadata.identifier;
    assert!(identifier.starts_with("urn:uuid:"), "{identifier}");
    let uuid = identifier.trim_start_matches("urn:uuid:");
    let credits = common::text_of(&fixture.epub().bytes, "OEBPS/creditos.xhtml");
    assert!(credits.contains("<p class=\"autor\">Ada Quill and Ben Marsh</p>"));
    assert!(credits.contains("First digital edition: 1 May 2024"));
    assert!(!credits.contains(uuid), "{credits}");
    if let Some(text) = pdf_text() {
        assert!(text.contains("Ada Quill and Ben Marsh\nFirst edition: 1 May 2024"));
        assert!(!text.contains(uuid));
    }
}

/// An all-empty header row is left out (with a warning), so no reader announces an empty
/// header and the PDF draws no empty band; cells are a line each in the XHTML.
#[test]
fn an_empty_header_row_is_left_out() {
    let xhtml = chapter(2);
    let table = &xhtml[xhtml.find("<table>").unwrap()..xhtml.find("</table>").unwrap()];
    assert!(!table.contains("<thead>"), "{table}");
    // Each row's first cell heads it, in the EPUB as in the PDF's tags (PDF/UA asks for
    // headers in every table).
    assert!(
        table.contains("<th scope=\"row\">Clam chowder</th>\n<td>bowl</td>\n"),
        "{table}"
    );
    let warnings = common::messages(&common::fixture(FIXTURE).parse_warnings);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("02-chowder.md:8:1: this table's header row is empty")),
        "{warnings:?}"
    );
    // In print, the table's first rule is over its first row of cells.
    let layout = common::fixture(FIXTURE).layout();
    let page = layout
        .pages
        .iter()
        .find(|p| p.text_lines().iter().any(|l| l.contains("Clam chowder")))
        .unwrap();
    let lines = page.text_lines();
    let at = lines
        .iter()
        .position(|l| l.contains("Clam chowder"))
        .unwrap();
    assert_eq!(lines[at - 1], "The menu listed three dishes:");
}

/// A long address breaks only at its separators in the EPUB too, and wraps rather than
/// overflow the column.
#[test]
fn long_urls_break_at_their_separators_in_the_epub() {
    assert!(chapter(3).contains(
        "https://<wbr/>example<wbr/>.org/<wbr/>harbour/<wbr/>records/<wbr/>2024/<wbr/>the<wbr/>-old"
    ));
    let css = common::text_of(
        &common::fixture(FIXTURE).epub().bytes,
        "OEBPS/stylesheet.css",
    );
    assert!(css.contains("overflow-wrap: break-word;"));
}

/// A table broken across pages keeps at least two body rows on each side, wherever the
/// page would have broken it.
#[test]
fn split_tables_keep_two_rows_on_each_side() {
    let scratch = common::Scratch::new("manuscripts-tables");
    let mut breaks = 0;
    for before in 0..34 {
        let book = format!("libro{before}");
        scratch.write(&format!("{book}/book.toml"), "[book]\ntitle = \"Tablas\"\n");
        let mut text = String::from("# Tablas\n\n");
        for i in 0..before {
            text.push_str(&format!("Línea {i}.\n\n"));
        }
        text.push_str("| Nombre | Valor |\n|---|---|\n");
        for i in 0..6 {
            text.push_str(&format!("| Fila {i} | {i} |\n"));
        }
        scratch.write(&format!("{book}/01.md"), text);
        let warnings = imprenta::diag::Warnings::new();
        let parsed = imprenta::parse_book(&scratch.path(&book), None, &warnings).unwrap();
        let layout = imprenta::layout(&parsed, &warnings).unwrap();
        let rows: Vec<usize> = layout
            .pages
            .iter()
            .map(|p| {
                p.placed_lines()
                    .iter()
                    .filter(|l| l.text.starts_with("Fila "))
                    .count()
            })
            .filter(|&n| n > 0)
            .collect();
        assert_eq!(
            rows.iter().sum::<usize>(),
            6,
            "{before} lines before: {rows:?}"
        );
        if rows.len() > 1 {
            breaks += 1;
            assert!(
                rows.iter().all(|&n| n >= 2),
                "{before} lines before the table: rows per page {rows:?}"
            );
        }
    }
    assert!(breaks > 0, "some position splits the table");
}

/// EPUBCheck and Ace by DAISY find nothing in the book.
#[test]
fn the_validators_pass_the_book() {
    common::assert_validators_pass(&common::fixture(FIXTURE).epub().path);
}

/// A figure its paragraph announces with a colon stays on the page of the announcing
/// line when it fits; when it does not, that line goes overleaf with it (never left at
/// the foot of the page before, nor the figure a page away from it).
#[test]
fn an_announced_figure_stays_with_its_sentence() {
    use imprenta::typeset::page::Item;
    let scratch = common::Scratch::new("manuscripts-announced");
    // A figure a third of a page tall, so that it floats where the page is nearly full.
    let mut image = Vec::new();
    image::RgbImage::from_pixel(900, 600, image::Rgb([90, 120, 150]))
        .write_to(
            &mut std::io::Cursor::new(&mut image),
            image::ImageFormat::Png,
        )
        .unwrap();
    let mut moved = 0;
    for before in 14..34 {
        let book = format!("libro{before}");
        scratch.write(
            &format!("{book}/book.toml"),
            "[book]\ntitle = \"Figuras\"\n",
        );
        scratch.write(&format!("{book}/images/perfil.png"), &image);
        let mut text = String::from("# Figuras\n\n");
        for i in 0..before {
            text.push_str(&format!("Línea {i}.\n\n"));
        }
        // A sentence of one line, and one of two (which cannot be parted).
        text.push_str(if before % 2 == 0 {
            "Como muestra el perfil del muelle:"
        } else {
            "Una frase más larga, que ocupa dos líneas de la página, anuncia lo que sigue, \
             como muestra el perfil del muelle:"
        });
        text.push_str("\n\n![El perfil](images/perfil.png)\n\nDespués.\n");
        scratch.write(&format!("{book}/01.md"), text);
        let warnings = imprenta::diag::Warnings::new();
        let parsed = imprenta::parse_book(&scratch.path(&book), None, &warnings).unwrap();
        let layout = imprenta::layout(&parsed, &warnings).unwrap();
        let page_of = |found: &dyn Fn(&imprenta::typeset::page::Page) -> bool| {
            layout.pages.iter().position(|p| found(p)).unwrap()
        };
        let figure = page_of(&|p| p.items.iter().any(|i| matches!(i.item, Item::Image { .. })));
        let sentence = page_of(&|p| p.text_lines().iter().any(|l| l.ends_with("del muelle:")));
        assert_eq!(
            figure, sentence,
            "{before} lines before: figure and its sentence"
        );
        let on_first_page = layout.pages[sentence]
            .text_lines()
            .iter()
            .any(|l| l == "Línea 0.");
        moved += usize::from(!on_first_page);
    }
    assert!(
        moved > 0,
        "some position sends the sentence overleaf with its figure"
    );
}

/// An image inside a sentence stays in it, at the text's height (or the height its
/// `<img>` gives), in both books; the tagged PDF reads it as a figure with its
/// description (the validators' tests run on this book too).
#[test]
fn an_image_in_a_sentence_stays_in_its_line() {
    use imprenta::typeset::page::{Item, Role};
    let xhtml = chapter(3);
    assert!(
        xhtml.contains("The harbour’s sign, <img class=\"en-linea\" src=\"img/imagen-01.svg\" alt=\"an anchor\"/>, hangs"),
        "{xhtml}"
    );
    assert!(xhtml.contains("alt=\"a smaller anchor\" style=\"height: 10px\"/>, lies"));
    let layout = common::fixture(FIXTURE).layout();
    let page = layout
        .pages
        .iter()
        .find(|p| {
            p.text_lines()
                .iter()
                .any(|l| l.starts_with("The harbour’s sign,"))
        })
        .expect("the page");
    let sign = page
        .items
        .iter()
        .find(|p| matches!(&p.item, Item::Text(run) if &*run.text == "sign,"))
        .unwrap();
    let images: Vec<(f32, f32, f32)> = page
        .items
        .iter()
        .filter(|p| p.role == Role::Paragraph)
        .filter_map(|p| match &p.item {
            Item::Image { height, alt, .. } if alt.contains("anchor") => {
                Some((p.at.x, p.at.y, *height))
            }
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 2, "{images:?}");
    let size = 10.5;
    // The first is the text's size high, standing on the line from a fifth of the size
    // below the baseline; it comes after «sign,» on that line.
    let (x, top, height) = images[0];
    assert!((height - size).abs() < 0.01, "{height}");
    assert!(
        (top + height - 0.2 * size - sign.at.y).abs() < 0.01,
        "{top} {}",
        sign.at.y
    );
    assert!(x > sign.at.x);
    // The second, 10 CSS pixels: 7.5 pt.
    assert!((images[1].2 - 7.5).abs() < 0.01, "{images:?}");
    if let Some(text) = pdf_text() {
        assert!(
            text.contains("The harbour’s sign, , hangs over the gate"),
            "{text}"
        );
    }
}

/// An image in a sentence is never taller than a fifth over the text, whatever height
/// its `<img>` asks for, so it stays out of the line above.
#[test]
fn a_tall_image_in_a_sentence_is_held_to_its_line() {
    use imprenta::typeset::page::Item;
    let scratch = common::Scratch::new("manuscripts-tall");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Alta\"\n");
    scratch.write(
        "libro/images/a.svg",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/english/images/anchor.svg"
        ))
        .unwrap(),
    );
    scratch.write(
        "libro/01.md",
        "# Alta\n\nUna línea antes.\nY una imagen <img src=\"images/a.svg\" alt=\"ancla\" height=\"1e6\"> en la frase.\n",
    );
    let warnings = imprenta::diag::Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).unwrap();
    let layout = imprenta::layout(&parsed, &warnings).unwrap();
    let heights: Vec<f32> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Image { height, .. } => Some(*height),
            _ => None,
        })
        .collect();
    assert_eq!(heights.len(), 1);
    assert!((heights[0] - 1.2 * 10.5).abs() < 0.01, "{heights:?}");
}

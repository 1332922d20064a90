//! The e-book knows the printed pages: after the marker of page N, the EPUB's text reads
//! as page N of the real PDF begins (pdftotext, cropped to the text block so running heads
//! and folios are left out); every page has a marker, the nav's and the NCX's page lists
//! name them all with the PDF's own page labels (read by qpdf), and the book passes
//! EPUBCheck and Ace. Checked on the sample book, the layout fixture and a generated book
//! of some 300 pages with notes, lists, quotations, code, tables and figures.

use std::ffi::OsStr;
use std::path::Path;

use imprenta::diag::Warnings;
use imprenta::typeset::page::{Item, Page, Role};
use imprenta::typeset::Layout;

use crate::common;

/// A word as the comparison sees it: lowercase letters and digits only (quotes, dashes,
/// hyphens and dot leaders fall away).
fn normal(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(normal)
        .filter(|w| !w.is_empty())
        .collect()
}

/// What follows each page-break marker in the EPUB's reading order, as words; and, for
/// each marker, the character before it (never a letter: a marker sits between words).
struct Marked {
    labels: Vec<String>,
    after: Vec<Vec<String>>,
    before: Vec<Option<char>>,
}

const MARK: char = '\u{E000}';

/// The EPUB's text in spine order, notes and hidden navigation left out, each marker
/// written as [`MARK`] + its label + [`MARK`].
fn reading_text(epub: &[u8]) -> String {
    let opf = common::text_of(epub, "OEBPS/content.opf");
    let package = roxmltree::Document::parse(&opf).expect("the OPF parses");
    let href_of = |id: &str| {
        package
            .descendants()
            .find(|n| n.has_tag_name("item") && n.attribute("id") == Some(id))
            .and_then(|n| n.attribute("href"))
            .map(str::to_string)
    };
    let spine: Vec<String> = package
        .descendants()
        .filter(|n| n.has_tag_name("itemref"))
        .filter_map(|n| href_of(n.attribute("idref")?))
        .collect();
    let mut text = String::new();
    for href in spine {
        let xhtml = common::text_of(epub, &format!("OEBPS/{href}"));
        let doc = xhtml_document(&xhtml);
        let body = doc
            .descendants()
            .find(|n| n.has_tag_name("body"))
            .expect("a body");
        collect(body, &mut text);
        text.push(' ');
    }
    text
}

/// An XHTML document of the EPUB (they declare `<!DOCTYPE html>`).
fn xhtml_document(text: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).expect("a content document parses")
}

fn collect(node: roxmltree::Node, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child.tag_name().name();
        let epub_type = child
            .attributes()
            .find(|a| a.name() == "type")
            .map(|a| a.value());
        if epub_type == Some("pagebreak") {
            out.push(MARK);
            out.push_str(child.attribute("aria-label").expect("a marker has a label"));
            out.push(MARK);
            continue;
        }
        // Notes stand at the chapter's end in the EPUB, at the page's foot in print; the
        // hidden page list is navigation, not text.
        if name == "aside" || child.attribute("hidden").is_some() {
            continue;
        }
        let block = matches!(
            name,
            "p" | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "li"
                | "div"
                | "td"
                | "th"
                | "br"
                | "figcaption"
                | "section"
                | "blockquote"
                | "pre"
                | "nav"
        );
        if block {
            out.push(' ');
        }
        collect(child, out);
        if block {
            out.push(' ');
        }
    }
}

fn marked(epub: &[u8]) -> Marked {
    let text = reading_text(epub);
    let mut marked = Marked {
        labels: Vec::new(),
        after: Vec::new(),
        before: Vec::new(),
    };
    let pieces: Vec<&str> = text.split(MARK).collect();
    // pieces: text, label, text, label, text …
    for i in (1..pieces.len()).step_by(2) {
        marked.labels.push(pieces[i].to_string());
        marked.before.push(pieces[i - 1].chars().next_back());
        // The words after it, past any markers that follow at once (a blank verso's).
        let rest: String = pieces[i + 1..]
            .iter()
            .enumerate()
            .filter(|(k, _)| k % 2 == 0)
            .map(|(_, t)| *t)
            .take(40)
            .collect::<Vec<_>>()
            .join(" ");
        marked
            .after
            .push(words(&rest).into_iter().take(3).collect());
    }
    marked
}

/// The PDF's page labels, from its `/PageLabels` as qpdf reads them: roman (`/r`) or
/// decimal (`/D`) ranges, each from its first page.
fn pdf_labels(qpdf: &Path, pdf: &Path, pages: usize) -> Vec<String> {
    let (ok, json, err) = common::run(qpdf, &[OsStr::new("--json"), pdf.as_os_str()]);
    assert!(ok, "{err}");
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf's JSON");
    let ranges = value["pagelabels"].as_array().expect("page labels");
    let mut labels = Vec::with_capacity(pages);
    for page in 0..pages {
        let range = ranges
            .iter()
            .rev()
            .find(|r| r["index"].as_u64().is_some_and(|i| i as usize <= page))
            .expect("a range for every page");
        let first = range["index"].as_u64().unwrap() as usize;
        let start = range["label"]["/St"].as_u64().unwrap_or(1) as usize;
        let n = start + page - first;
        labels.push(match range["label"]["/S"].as_str() {
            Some("/r") => imprenta::typeset::roman(n),
            Some("/D") => n.to_string(),
            other => panic!("page label style {other:?}"),
        });
    }
    labels
}

/// Checks one book's EPUB against its PDF; returns the number of pages.
fn check(
    name: &str,
    parsed: &imprenta::Parsed,
    layout: &Layout,
    epub: &Path,
    pdf: &Path,
) -> Option<usize> {
    let pdftotext = common::tool("pdftotext")?;
    let qpdf = common::tool("qpdf")?;
    let pdfinfo = common::tool("pdfinfo")?;
    let epub_bytes = std::fs::read(epub).unwrap();
    let (ok, info, err) = common::run(&pdfinfo, &[pdf.as_os_str()]);
    assert!(ok, "{err}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    let labels = pdf_labels(&qpdf, pdf, pages);

    let marked = marked(&epub_bytes);
    assert_eq!(
        marked.labels, labels,
        "{name}: one marker a page, in page order"
    );
    for (label, before) in marked.labels.iter().zip(&marked.before) {
        assert!(
            !before.is_some_and(char::is_alphanumeric),
            "{name}: the marker of page {label} is inside a word"
        );
    }

    // The text block, where the running text and the notes are (bleed added round it).
    let d = &parsed.design;
    let crop = [
        d.bleed,
        d.bleed + d.margin_top - 0.3 * d.leading,
        d.width,
        d.height - d.margin_top - d.margin_bottom + 0.8 * d.leading,
    ]
    .map(|v| (v.round() as i64).to_string());
    let mut with_text = 0;
    for n in 1..=pages {
        let page = n.to_string();
        let args = [
            "-f", &page, "-l", &page, "-x", &crop[0], "-y", &crop[1], "-W", &crop[2], "-H",
            &crop[3],
        ];
        let mut args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        args.extend([pdf.as_os_str(), OsStr::new("-")]);
        let (ok, text, err) = common::run(&pdftotext, &args);
        assert!(ok, "{err}");
        // A contents page's page numbers are the print's own: the e-book's contents
        // have none.
        let contents = layout.pages[n - 1]
            .items
            .iter()
            .any(|p| p.role == Role::TocEntry);
        let printed: Vec<String> = words(&text)
            .into_iter()
            .filter(|w| !(contents && w.chars().all(|c| c.is_ascii_digit())))
            .take(3)
            .collect();
        if printed.is_empty() {
            continue;
        }
        with_text += 1;
        let read = &marked.after[n - 1];
        // A page that begins with the end of a hyphenated word: the marker stands before
        // the whole word.
        let same = |printed: &[String]| {
            !printed.is_empty()
                && read.len() >= printed.len()
                && read[0].ends_with(&printed[0])
                && read[1..printed.len()] == printed[1..]
        };
        // A figure that floated to the top of the page, or a table's header row repeated
        // there, is not where the page's reading begins: its words may come first.
        let page = &layout.pages[n - 1];
        let cells = page
            .items
            .iter()
            .filter(|p| p.role == Role::TableCell && matches!(p.item, Item::Text(_)));
        let first_row = cells.clone().map(|p| p.at.y).fold(f32::INFINITY, f32::min);
        // Their runs, joined into lines as the page shows them (a word may be in pieces).
        let shown = Page {
            items: page
                .items
                .iter()
                .filter(|p| p.role == Role::Caption)
                .chain(cells.filter(|p| (p.at.y - first_row).abs() < 1.0))
                .cloned()
                .collect(),
            ..Page::default()
        };
        let displaced: Vec<String> = shown.text_lines().iter().flat_map(|l| words(l)).collect();
        let all = words(&text);
        let skip = all.iter().take_while(|w| displaced.contains(w)).count();
        let after_displaced: Vec<String> = all[skip..].iter().take(3).cloned().collect();
        assert!(
            same(&printed) || (skip > 0 && same(&after_displaced)),
            "{name}: page {n} ({}) begins {printed:?} in print, but the EPUB reads {read:?} after its marker",
            labels[n - 1]
        );
    }

    // The page lists: the nav's, its copy behind the landmark, and the NCX's.
    let nav = common::text_of(&epub_bytes, "OEBPS/nav.xhtml");
    let doc = xhtml_document(&nav);
    let list = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("nav")
                && n.attributes()
                    .any(|a| a.name() == "type" && a.value() == "page-list")
        })
        .expect("a page-list nav");
    let listed: Vec<String> = list
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| a.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(listed, labels, "{name}: the page list names every page");
    assert!(
        with_text <= listed.len() && with_text > listed.len() / 2,
        "{name}: {with_text} pages with text, {} listed",
        listed.len()
    );
    let landmark = doc
        .descendants()
        .find(|n| n.has_tag_name("a") && n.attributes().any(|a| a.value() == "page-list"))
        .and_then(|a| a.attribute("href"))
        .expect("a landmark for the page list");
    let (file, id) = landmark.split_once('#').unwrap();
    assert!(
        common::text_of(&epub_bytes, &format!("OEBPS/{file}")).contains(&format!("id=\"{id}\"")),
        "{name}: the landmark leads to {landmark}"
    );
    let ncx = common::text_of(&epub_bytes, "OEBPS/toc.ncx");
    assert_eq!(
        ncx.matches("<pageTarget ").count(),
        pages,
        "{name}: NCX pageList"
    );
    let opf = common::text_of(&epub_bytes, "OEBPS/content.opf");
    assert!(
        opf.contains("<meta property=\"pageBreakSource\">"),
        "{name}"
    );
    assert!(opf.contains(">printPageNumbers</meta>"), "{name}");

    if common::assert_epubcheck_clean(epub) {
        eprintln!("{name}: EPUBCheck clean");
    }
    if let Some(violations) = common::ace_violations(epub) {
        assert_eq!(violations, 0, "{name}: Ace found violations");
    }
    Some(pages)
}

#[test]
fn markers_match_the_pages_of_the_sample_book_and_the_layout_fixture() {
    for name in ["manuscript", "tests/fixtures/layout-libro"] {
        let fixture = common::fixture(name);
        let (epub, pdf) = (&fixture.epub().path, &fixture.pdf().path);
        check(name, &fixture.parsed, fixture.layout(), epub, pdf);
    }
}

/// A book of about 300 pages with everything a page can begin with: the middle of a
/// paragraph or a hyphenated word, a heading, a list item, a quotation, code, a table
/// row, a figure, a chapter opening after a blank verso.
#[test]
fn markers_match_the_pages_of_a_300_page_book() {
    let scratch = common::Scratch::new("pagelist-300");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Trescientas páginas\"\nauthors = [\"Begoña Núñez\"]\n\
         publisher = \"Ediciones de Prueba\"\ndate = \"2025-03-01\"\n\
         [print]\nisbn = \"978-84-0000-000-4\"\n",
    );
    scratch.write(
        "libro/images/plano.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"300\"><rect x=\"10\" y=\"10\" width=\"380\" height=\"280\" fill=\"none\" stroke=\"black\"/></svg>",
    );
    let sentence = "La ciudad respira a trompicones, congestionada y enorme, mientras los \
        mineros bajan desde El Alto con sus reivindicaciones y el teleférico cruza el cielo \
        colgado de un hilo; nadie sabe todavía qué extraordinariamente incomprensible \
        circunstancia los ha traído hasta aquí.";
    for c in 1..=29 {
        let mut text = format!("# Capítulo de prueba número {c}\n\n");
        for p in 1..=34 {
            let n = (c * 7 + p) % 9;
            text.push_str(&format!("{sentence} Párrafo {p}, variante {n}."));
            if p % 11 == 0 {
                text.push_str(&format!("[^n{p}]"));
            }
            text.push_str("\n\n");
            match p % 17 {
                3 => text.push_str("## Una sección con título\n\n"),
                5 => text.push_str(&format!(
                    "- {sentence}\n- Segundo elemento de la lista, breve.\n- {sentence}\n\n"
                )),
                7 => text.push_str(&format!("> {sentence} {sentence}\n\n")),
                9 => text.push_str(
                    "```\nfn main() {\n    println!(\"hola, mundo\");\n}\n```\n\n",
                ),
                11 => text.push_str(
                    "| Año | Lugar | Obra |\n|---|---|---|\n| 1927 | Berlín | Sinfonía |\n\
                     | 1929 | Moscú | El hombre de la cámara |\n| 1921 | Nueva York | Manhatta |\n\n",
                ),
                13 => text.push_str("![Un plano de la ciudad](images/plano.svg \"El plano\")\n\n"),
                _ => {}
            }
            if p % 11 == 0 {
                text.push_str(&format!("[^n{p}]: Nota {p}: {sentence}\n\n"));
            }
        }
        scratch.write(&format!("libro/{c:02}.md"), text);
    }
    // A chapter without a heading: its title comes from the file name, in both books.
    scratch.write(
        "libro/30-la-despedida.md",
        format!("{sentence}\n\n{sentence} {sentence}\n"),
    );
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).expect("parses");
    let (epub, pdf) = imprenta::render_both(&parsed, &warnings).expect("builds");
    let epub_path = scratch.path("libro.epub");
    let pdf_path = scratch.path("libro.pdf");
    std::fs::write(&epub_path, &epub).unwrap();
    std::fs::write(&pdf_path, &pdf).unwrap();
    let layout = imprenta::layout(&parsed, &Warnings::new()).expect("lays out");
    if let Some(pages) = check("300 pages", &parsed, &layout, &epub_path, &pdf_path) {
        assert!(pages >= 280, "{pages} pages");
        let opf = common::text_of(&epub, "OEBPS/content.opf");
        assert!(opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9788400000004</meta>"));
    }
    // `epub` alone lays the book out the same way: the same markers.
    let alone = imprenta::render_epub(&parsed, None, &Warnings::new()).expect("builds");
    assert_eq!(alone, epub);
}

/// `[epub] page_list = false`: no markers, no page lists, no claim of page numbers.
#[test]
fn the_page_list_can_be_left_out() {
    let scratch = common::Scratch::new("pagelist-off");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Sin páginas\"\n[epub]\npage_list = false\n",
    );
    scratch.write("libro/01.md", "# Uno\n\nTexto.\n");
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).expect("parses");
    let epub = imprenta::render_epub(&parsed, None, &warnings).expect("builds");
    for (name, data) in common::entries(&epub) {
        let text = String::from_utf8_lossy(&data);
        assert!(!text.contains("pagebreak"), "{name}");
        assert!(
            !text.contains("page-list") && !text.contains("pageList"),
            "{name}"
        );
        assert!(!text.contains("printPageNumbers") && !text.contains("pageBreakSource"));
    }
}

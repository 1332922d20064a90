//! Front and back matter (`tests/fixtures/materia`): a dedication, an epigraph and a
//! prologue found by their files' names and put before the chapters; an epilogue named
//! in `[matter]`; acknowledgements, about the author, the press's other titles (from a
//! shared file) and a colophon after them.

use imprenta::ir::Matter;
use imprenta::typeset::page::{Item, PageKind, Role};

use crate::common;

const FIXTURE: &str = "tests/fixtures/materia";

/// Found by name (or `[matter]`), put in a book's order, none labelled or counted.
#[test]
fn matter_is_found_and_put_in_place() {
    let book = common::fixture(FIXTURE).book();
    let shape: Vec<(String, Option<Matter>, Option<String>)> = (0..book.chapters.len())
        .map(|i| {
            let c = &book.chapters[i];
            (c.title_text(), c.matter, book.chapter_label(i))
        })
        .collect();
    let label = |n: u32| Some(format!("Capítulo {n}"));
    assert_eq!(
        shape,
        [
            ("Dedicatoria".into(), Some(Matter::Dedication), None),
            ("Epígrafe".into(), Some(Matter::Epigraph), None),
            ("Prólogo".into(), Some(Matter::Preface), None),
            ("La casa, 1".into(), None, label(1)),
            ("La casa, 2".into(), None, label(2)),
            ("La casa, 3".into(), None, label(3)),
            ("Después".into(), Some(Matter::Epilogue), None),
            (
                "Agradecimientos".into(),
                Some(Matter::Acknowledgements),
                None
            ),
            ("Sobre la autora".into(), Some(Matter::AboutAuthor), None),
            ("Otros títulos".into(), Some(Matter::OtherTitles), None),
            ("Colofón".into(), Some(Matter::Colophon), None),
        ]
    );
}

/// The text of page `i` in `role`, its runs joined without spaces.
fn text_on(i: usize, role: impl Fn(Role) -> bool) -> String {
    let layout = common::fixture(FIXTURE).layout();
    layout.pages[i]
        .items
        .iter()
        .filter(|p| role(p.role))
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some(run.text.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("")
}

/// The dedication and the epigraph stand alone on rectos, with no running head and no
/// title printed; the front matter takes roman folios on from the contents', and arabic
/// numbering starts at the first chapter; the contents list neither the dedication nor
/// the epigraph, and give the prologue its roman page.
#[test]
fn front_matter_takes_roman_folios_and_pages_of_its_own() {
    let layout = common::fixture(FIXTURE).layout();
    let find = |text: &str| {
        (0..layout.pages.len())
            .find(|&i| text_on(i, |_| true).contains(text))
            .unwrap_or_else(|| panic!("«{text}» is on no page"))
    };
    let dedication = find("Amimadre");
    let epigraph = find("Lacasanoes");
    let prologue = find("Estelibroreúne");
    let first = find("Enlaladeralascasas");
    for page in [dedication, epigraph, prologue, first] {
        assert_eq!(page % 2, 0, "page {} opens on a recto", page + 1);
    }
    for page in [dedication, epigraph] {
        assert_eq!(text_on(page, |r| r == Role::RunningHead), "");
        assert!(!text_on(page, |r| matches!(r, Role::Heading(_))).contains("Dedicatoria"));
    }
    assert_eq!(layout.pages[prologue].label, "xi");
    assert_eq!(layout.pages[first].label, "1");
    assert_eq!(layout.front_pages, first, "roman up to chapter 1");
    assert_eq!(layout.pages[first - 1].kind, PageKind::Blank);
    let contents = text_on(4, |r| r == Role::TocEntry);
    assert!(
        contents.starts_with("Prólogo") && contents.contains("xi"),
        "{contents}"
    );
    assert!(!contents.contains("Dedicatoria") && !contents.contains("Epígrafe"));

    let screen = common::fixture(FIXTURE).screen();
    let doc = lopdf::Document::load_mem(&screen.bytes).expect("loads");
    let labels = doc
        .catalog()
        .and_then(|c| c.get(b"PageLabels"))
        .and_then(|l| l.as_dict())
        .and_then(|l| l.get(b"Nums"))
        .and_then(|n| n.as_array())
        .expect("page labels");
    assert_eq!(
        labels[2].as_i64().ok(),
        Some(first as i64),
        "arabic from chapter 1"
    );
}

/// Each is what it is in the EPUB (its `epub:type` and DPUB-ARIA role), the landmarks
/// name the dedication, epigraph, preface, acknowledgements and colophon, and the body
/// begins at the first chapter; EPUBCheck and Ace pass.
#[test]
fn the_epub_says_what_each_page_is() {
    let epub = common::fixture(FIXTURE).epub();
    let section = |n: usize| {
        let xhtml = common::text_of(&epub.bytes, &format!("OEBPS/cap-{n:02}.xhtml"));
        let at = xhtml.find("<section").expect("a section");
        xhtml[at..at + xhtml[at..].find('>').unwrap()].to_string()
    };
    assert_eq!(
        section(1),
        "<section class=\"dedicatoria\" epub:type=\"dedication\" role=\"doc-dedication\" aria-label=\"Dedicatoria\""
    );
    assert!(section(2).contains("epub:type=\"epigraph\" role=\"doc-epigraph\""));
    assert!(section(3).contains("epub:type=\"preface\" role=\"doc-preface\""));
    assert!(section(4).contains("epub:type=\"chapter\" role=\"doc-chapter\""));
    assert!(section(7).contains("epub:type=\"epilogue\" role=\"doc-epilogue\""));
    assert!(section(8).contains("epub:type=\"acknowledgments\" role=\"doc-acknowledgments\""));
    assert!(section(10).contains("epub:type=\"colophon\" role=\"doc-colophon\""));
    let dedication = common::text_of(&epub.bytes, "OEBPS/cap-01.xhtml");
    assert!(
        !dedication.contains("<h1"),
        "no title printed: {dedication}"
    );
    let nav = common::text_of(&epub.bytes, "OEBPS/nav.xhtml");
    for (kind, file) in [
        ("dedication", "cap-01"),
        ("epigraph", "cap-02"),
        ("preface", "cap-03"),
        ("bodymatter", "cap-04"),
        ("acknowledgments", "cap-08"),
        ("colophon", "cap-10"),
    ] {
        assert!(
            nav.contains(&format!("<a epub:type=\"{kind}\" href=\"{file}.xhtml\">")),
            "{kind}: {nav}"
        );
    }
    common::assert_validators_pass(&epub.path);
}

/// `[book] dedication` is a dedication page before the chapters; a file `[matter]` names
/// that is not a chapter is an error at its line.
#[test]
fn a_dedication_in_book_toml_and_a_wrong_matter_file() {
    let scratch = common::Scratch::with_book("dedicatoria-toml");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\ndedication = \"Para *Rosa*.\"\n",
    );
    let bytes = scratch.epub();
    let first = common::text_of(&bytes, "OEBPS/cap-01.xhtml");
    assert!(first.contains("epub:type=\"dedication\""), "{first}");
    assert!(
        first.contains("aria-label=\"vii\"/>Para <em>Rosa</em>.</p>"),
        "{first}"
    );
    assert!(common::text_of(&bytes, "OEBPS/cap-02.xhtml").contains("Hola"));

    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n\n[matter]\ncolophon = \"fin.md\"\n",
    );
    common::assert_refused(
        &scratch,
        "book.toml:6: `fin.md` in [matter] is not one of the book's chapters",
    );
}

/// The other titles come from the file `other_titles` names, one a line, on a page of
/// their own before the colophon; `[colophon]` writes a colophon when the manuscript has
/// none: the printing, the faces, the paper; a date that is none is refused at its line.
#[test]
fn other_titles_and_a_colophon_from_book_toml() {
    let book = common::fixture(FIXTURE).book();
    let others = &book.chapters[book.chapters.len() - 2];
    let titles: Vec<String> = others
        .blocks
        .iter()
        .map(|b| match b {
            imprenta::ir::Block::Paragraph { content, .. } => imprenta::ir::plain_text(content),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        titles,
        [
            "El cerro y la ciudad (2024)",
            "Crónicas de la ladera (2025)"
        ]
    );
    let epub = common::fixture(FIXTURE).epub();
    let page = common::text_of(&epub.bytes, "OEBPS/other-titles.xhtml");
    assert!(
        page.contains("<section class=\"otros-titulos\" epub:type=\"backmatter\""),
        "{page}"
    );
    assert!(
        page.contains("<p><em>El cerro y la ciudad</em> (2024)</p>"),
        "{page}"
    );

    let scratch = common::Scratch::with_book("colofon");
    let toml = "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n\n[colophon]\n\
                printer = \"Imprenta Don_Bosco\"\nplace = \"La Paz\"\ndate = \"2026-12-01\"\n\
                paper = \"Bond de 80 g\"\n";
    scratch.write("libro/book.toml", toml);
    let run = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "hecho", "-q"]);
    let out = scratch.path("hecho");
    assert!(run.status.success(), "{}", common::stderr(&run));
    let bytes = std::fs::read(out.join("prueba.epub")).unwrap();
    // A number and its unit are tied by a no-break space (as in every text of the book).
    let colophon = common::text_of(&bytes, "OEBPS/colophon.xhtml").replace('\u{a0}', " ");
    for line in [
        "<section class=\"colofon\" epub:type=\"colophon\" role=\"doc-colophon\" aria-label=\"Colofón\">",
        "Este libro se terminó de imprimir el 1 de diciembre de 2026 en Imprenta Don_Bosco, La Paz.",
        "Compuesto en Charis SIL 10,5/13,5 pt; el código en Noto Sans Mono.",
        "Papel: Bond de 80 g.",
    ] {
        assert!(colophon.contains(line), "{line}: {colophon}");
    }
    if let Some(pdftotext) = common::tool("pdftotext") {
        let pdf = out.join("prueba.pdf");
        let (ok, text, err) =
            common::run(&pdftotext, &[pdf.as_os_str(), std::ffi::OsStr::new("-")]);
        assert!(ok, "{err}");
        let last = text
            .trim_end_matches(['\n', '\u{c}'])
            .rsplit('\u{c}')
            .next()
            .unwrap_or_default();
        assert!(
            last.contains("Papel: Bond de 80 g."),
            "the colophon is the last page: {last}"
        );
    }

    scratch.write("libro/book.toml", toml.replace("2026-12-01", "diciembre"));
    common::assert_refused(
        &scratch,
        "book.toml:8: `date` in [colophon] is `diciembre`, not a date",
    );
}

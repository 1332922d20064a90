//! A book in parts (`tests/fixtures/partes`: part folders, one with `_parte.md`, one
//! titled by its folder's name; chapters before and after them; numbering by part; the
//! part's title on the versos), and parts listed in book.toml.

use std::ffi::OsStr;

use imprenta::ir::ChapterKind::{Chapter, Part};
use imprenta::typeset::page::{Item, Role};

use crate::common;

const FIXTURE: &str = "tests/fixtures/partes";

/// The text of layout page `i` in the role `role`, runs joined by spaces.
fn text_on(page: usize, role: impl Fn(Role) -> bool) -> String {
    let layout = common::fixture(FIXTURE).layout();
    layout.pages[page]
        .items
        .iter()
        .filter(|p| role(p.role))
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some(run.text.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The 0-based page on which `title` is set as a level-1 heading.
fn page_of(title: &str) -> usize {
    let layout = common::fixture(FIXTURE).layout();
    (0..layout.pages.len())
        .find(|&i| text_on(i, |r| r == Role::Heading(1)).contains(title))
        .unwrap_or_else(|| panic!("no page sets «{title}»"))
}

/// Part folders are parts, in the order of their names, between the chapters around them;
/// `_parte.md` gives a part its title and opening text, a folder without one its name.
#[test]
fn part_folders_are_parts() {
    let book = common::fixture(FIXTURE).book();
    assert_eq!(
        common::shape(book),
        [
            ("Prólogo".into(), Chapter, None),
            ("Primera parte: la mina".into(), Part, None),
            ("El Tío".into(), Chapter, Some(1)),
            ("El turno de noche".into(), Chapter, Some(1)),
            ("La ciudad".into(), Part, None),
            ("El mercado".into(), Chapter, Some(4)),
            ("La fiesta".into(), Chapter, Some(4)),
            ("Epílogo".into(), Chapter, None),
        ]
    );
    // Numbered again in each part (`numbering = "by-part"`); a part is labelled unless its
    // title names it.
    let labels: Vec<Option<String>> = (0..book.chapters.len())
        .map(|i| book.chapter_label(i))
        .collect();
    let label = |s: &str| Some(s.to_string());
    assert_eq!(
        labels,
        [
            None,
            None,
            label("Capítulo 1"),
            label("Capítulo 2"),
            label("Parte II"),
            label("Capítulo 1"),
            label("Capítulo 2"),
            None,
        ]
    );
}

/// A part's title page is a recto, its first chapter the next recto; the outline nests a
/// part's chapters (and their sections) under it; the versos of a part's chapters carry
/// the part's title (`verso_head = "part"`), elsewhere the book's.
#[test]
fn parts_open_on_rectos_and_nest_in_the_outline() {
    let layout = common::fixture(FIXTURE).layout();
    for part in ["Primera parte: la mina", "La ciudad"] {
        let page = page_of(part);
        assert_eq!(page % 2, 0, "«{part}» on a recto (page {})", page + 1);
    }
    assert_eq!(page_of("El Tío"), page_of("Primera parte: la mina") + 2);
    assert_eq!(page_of("El mercado"), page_of("La ciudad") + 2);
    // In small caps, as a chapter's label: set lowercase, drawn as capitals.
    assert!(text_on(page_of("La ciudad"), |_| true).contains("parte ii"));
    // Runs may be pieces of words (a line is set from its hyphenation points).
    let opening =
        text_on(page_of("Primera parte: la mina"), |r| r == Role::Paragraph).replace(' ', "");
    assert!(opening.contains("Dondesecuenta"), "{opening}");

    let outline = common::outline(layout);
    assert_eq!(
        outline,
        [
            (1, "Prólogo"),
            (1, "Primera parte: la mina"),
            (2, "El Tío"),
            (3, "La ofrenda"),
            (3, "El precio"),
            (2, "El turno de noche"),
            (1, "La ciudad"),
            (2, "El mercado"),
            (2, "La fiesta"),
            (1, "Epílogo"),
        ]
    );

    let head = |page: usize| text_on(page, |r| r == Role::RunningHead);
    let tio = page_of("El Tío");
    assert_eq!(
        head(tio + 1),
        "primera parte: la mina",
        "the verso after El Tío opens"
    );
    let verso_heads: Vec<String> = (0..layout.pages.len())
        .filter(|p| p % 2 == 1)
        .map(head)
        .filter(|h| !h.is_empty())
        .collect();
    assert!(
        verso_heads
            .iter()
            .all(|h| h == "primera parte: la mina" || h == "historias de la mina"),
        "{verso_heads:?}"
    );
}

/// The screen PDF's bookmarks nest as the outline does, and the contents list the parts.
#[test]
fn the_pdf_bookmarks_and_contents_nest_chapters_under_parts() {
    let screen = common::fixture(FIXTURE).screen();
    let doc = lopdf::Document::load_mem(&screen.bytes).expect("the screen PDF loads");
    let catalog = doc.catalog().expect("a catalog");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(|o| o.as_reference())
        .expect("bookmarks");
    let mut found = Vec::new();
    fn walk(
        doc: &lopdf::Document,
        first: lopdf::ObjectId,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = Some(first);
        while let Some(id) = next {
            let d = doc.get_dictionary(id).expect("an outline item");
            let title = d.get(b"Title").expect("a title");
            let text = match title {
                lopdf::Object::String(bytes, _) => lopdf::decode_text_string(title)
                    .unwrap_or_else(|_| String::from_utf8_lossy(bytes).into_owned()),
                _ => String::new(),
            };
            out.push((depth, text));
            if let Ok(child) = d.get(b"First").and_then(|f| f.as_reference()) {
                walk(doc, child, depth + 1, out);
            }
            next = d.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    let root = doc.get_dictionary(outlines).expect("the outline root");
    let first = root
        .get(b"First")
        .and_then(|f| f.as_reference())
        .expect("a first item");
    walk(&doc, first, 0, &mut found);
    let shown: Vec<(usize, &str)> = found.iter().map(|(d, t)| (*d, t.as_str())).collect();
    assert_eq!(
        &shown[..4],
        [
            (0, "Prólogo"),
            (0, "Primera parte: la mina"),
            (1, "El Tío"),
            (2, "La ofrenda")
        ]
    );
    assert_eq!(shown.last(), Some(&(0, "Epílogo")));
    assert!(shown.contains(&(1, "La fiesta")));

    if let Some(pdftotext) = common::tool("pdftotext") {
        let pdf = common::fixture(FIXTURE).pdf();
        let (ok, text, err) = common::run(
            &pdftotext,
            &[OsStr::new("-layout"), pdf.path.as_os_str(), OsStr::new("-")],
        );
        assert!(ok, "{err}");
        let contents = &text[text.find("Índice").expect("the contents")..];
        let order: Vec<usize> = [
            "Prólogo",
            "Primera parte: la mina",
            "El Tío",
            "La ofrenda",
            "La ciudad",
            "El mercado",
            "Epílogo",
        ]
        .iter()
        .map(|t| {
            contents
                .find(t)
                .unwrap_or_else(|| panic!("{t} not in the contents"))
        })
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }
}

/// In the EPUB a part is a page of its own marked as a part, and the nav, the NCX and the
/// contents page nest its chapters under it; EPUBCheck and Ace pass.
#[test]
fn the_epub_nests_chapters_under_their_part() {
    let epub = common::fixture(FIXTURE).epub();
    let flat = |name: &str| {
        common::text_of(&epub.bytes, name)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let part = flat("OEBPS/cap-05.xhtml");
    assert!(
        part.contains("<section class=\"parte\" epub:type=\"part\" role=\"doc-part\" aria-label=\"La ciudad\">"),
        "{part}"
    );
    assert!(part.contains("<h1><span class=\"etiqueta\">Parte II</span> La ciudad</h1>"));
    let nested = "<a href=\"cap-05.xhtml\">La ciudad</a> <ol> <li><a href=\"cap-06.xhtml\">El mercado</a></li> <li><a href=\"cap-07.xhtml\">La fiesta</a></li> </ol> </li> <li><a href=\"cap-08.xhtml\">Epílogo</a></li>";
    assert!(
        flat("OEBPS/nav.xhtml").contains(nested),
        "{}",
        flat("OEBPS/nav.xhtml")
    );
    assert!(
        flat("OEBPS/toc.xhtml").contains(nested),
        "{}",
        flat("OEBPS/toc.xhtml")
    );
    let ncx = flat("OEBPS/toc.ncx");
    let ciudad = ncx
        .find("<text>La ciudad</text>")
        .expect("the part in the NCX");
    let close = ncx[ciudad..].find("</navPoint>").expect("its end") + ciudad;
    let mercado = ncx.find("<text>El mercado</text>").expect("its chapter");
    assert!(
        ciudad < mercado && mercado < close,
        "El mercado inside La ciudad's navPoint"
    );
    common::assert_validators_pass(&epub.path);
}

/// Parts listed in book.toml group the book's chapters; a part whose chapters are not one
/// after another in the book is an error at the line of `parts`.
#[test]
fn parts_listed_in_book_toml() {
    let scratch = common::Scratch::new("partes-toml");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Dos partes\"\nauthors = [\"Ana\"]\n\
         parts = [{ title = \"Ida\", chapters = [\"01-a.md\", \"02-b.md\"], file = \"ida.md\" },\n\
                  { title = \"Vuelta\", chapters = [\"03-c.md\"] }]\n",
    );
    scratch.write("libro/ida.md", "*El camino de ida.*\n");
    for (file, title) in [
        ("01-a.md", "Uno"),
        ("02-b.md", "Dos"),
        ("03-c.md", "Tres"),
        ("04-d.md", "Cuatro"),
    ] {
        scratch.write(
            &format!("libro/{file}"),
            format!("# {title}\n\nTexto de {title}.\n"),
        );
    }
    let bytes = scratch.epub();
    let nav: String = common::text_of(&bytes, "OEBPS/nav.xhtml")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        nav.contains("<a href=\"cap-01.xhtml\">Ida</a> <ol> <li><a href=\"cap-02.xhtml\">Uno</a></li> <li><a href=\"cap-03.xhtml\">Dos</a></li> </ol> </li> <li> <a href=\"cap-04.xhtml\">Vuelta</a> <ol> <li><a href=\"cap-05.xhtml\">Tres</a></li> </ol> </li> <li><a href=\"cap-06.xhtml\">Cuatro</a></li>"),
        "{nav}"
    );
    assert!(common::text_of(&bytes, "OEBPS/cap-01.xhtml").contains("<em>El camino de ida.</em>"));

    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Dos partes\"\nauthors = [\"Ana\"]\n\
         parts = [{ title = \"Ida\", chapters = [\"01-a.md\", \"03-c.md\"] }]\n",
    );
    common::assert_refused(
        &scratch,
        "book.toml:4: the chapters of part «Ida» are not one after another",
    );
}

/// The *Quijote* in its two parts, from the corpus when it is beside the project (a copy
/// restructured into part folders; the corpus stays as it is): each part opens on a
/// recto with its title page, its chapters nest under it, EPUBCheck passes.
#[test]
fn the_quijote_in_two_parts() {
    let corpus =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/quijote-es");
    if !corpus.join("book.toml").is_file() {
        eprintln!("skipped: the Quijote's corpus is not beside the project");
        return;
    }
    let copy = common::scratch_dir().join("quijote-partes");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).unwrap();
    let mut toml = std::fs::read_to_string(corpus.join("book.toml")).unwrap();
    toml = toml.replace("[book]\n", "[book]\nnumbering = \"by-part\"\n");
    std::fs::write(copy.join("book.toml"), toml).unwrap();
    let titles = [
        (
            "1-primera-parte",
            "Primera parte del ingenioso hidalgo don Quijote de la Mancha",
        ),
        (
            "2-segunda-parte",
            "Segunda parte del ingenioso caballero don Quijote de la Mancha",
        ),
    ];
    for (folder, title) in titles {
        std::fs::create_dir_all(copy.join(folder)).unwrap();
        std::fs::write(copy.join(folder).join("_parte.md"), format!("# {title}\n")).unwrap();
    }
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".md") {
            continue;
        }
        let folder = if name.starts_with("1-") {
            titles[0].0
        } else {
            titles[1].0
        };
        std::fs::copy(corpus.join(&name), copy.join(folder).join(&name)).unwrap();
    }
    let warnings = imprenta::diag::Warnings::new();
    let parsed = imprenta::parse_book(&copy, None, &warnings).expect("the Quijote parses");
    let book = &parsed.book;
    let parts: Vec<usize> = (0..book.chapters.len())
        .filter(|&i| book.chapters[i].kind == Part)
        .collect();
    assert_eq!(parts, [0, 54], "two parts, the first holding its 53 files");
    assert_eq!(
        book.chapters.iter().filter(|c| c.part == Some(54)).count(),
        75
    );
    let layout = imprenta::layout(&parsed, &warnings).expect("lays out");
    let tops: Vec<&str> = layout
        .outline
        .iter()
        .filter(|e| e.level == 1)
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(tops, titles.map(|(_, t)| t));
    for entry in layout.outline.iter().filter(|e| e.level == 1) {
        assert_eq!(entry.page % 2, 0, "«{}» on a recto", entry.title);
    }
    assert!(layout.outline.iter().filter(|e| e.level == 2).count() >= 127);
    let epub = imprenta::render_epub(&parsed, Some(&layout), &warnings).expect("the EPUB");
    let path = copy.with_extension("epub");
    std::fs::write(&path, epub).unwrap();
    common::assert_epubcheck_clean(&path);
}

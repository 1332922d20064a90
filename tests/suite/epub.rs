//! The e-book end to end: EPUBCheck and Ace report nothing, every XHTML file is
//! well-formed with unique ids and working links, notes carry the markup readers pop up,
//! the metadata is complete, fonts are subset with their ligatures, and rebuilds are
//! byte-identical.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;
use std::path::Path;

use imprenta::diag::Warnings;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::common::{self, entries, text_of};

/// The manuscripts every check runs on.
const BOOKS: &[&str] = &[
    "manuscript",
    "tests/fixtures/todo",
    "tests/fixtures/epub-hostil",
];

/// The book's EPUB, from the run's cache.
fn build(manuscript: &str) -> &'static common::Written {
    common::fixture(manuscript).epub()
}

/// The book's EPUB built afresh, with `epoch` as `SOURCE_DATE_EPOCH`.
fn build_with(manuscript: &str, epoch: Option<i64>) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(manuscript);
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&root, epoch, &warnings)
        .unwrap_or_else(|e| panic!("{manuscript} does not parse: {e}"));
    imprenta::render_epub(&parsed, None, &warnings).expect("the EPUB builds")
}

/// What a well-formed XML file declares: its ids, and the `href`s of its links.
struct Declared {
    ids: Vec<String>,
    hrefs: Vec<String>,
}

fn parse_xml(name: &str, text: &str) -> Declared {
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut parsed = Declared {
        ids: Vec::new(),
        hrefs: Vec::new(),
    };
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                for a in e.attributes() {
                    let a = a.unwrap_or_else(|err| panic!("{name}: bad attribute: {err}"));
                    let value = a
                        .unescape_value()
                        .unwrap_or_else(|err| panic!("{name}: bad attribute value: {err}"))
                        .into_owned();
                    match a.key.as_ref() {
                        b"id" => parsed.ids.push(value),
                        b"href" if e.name().as_ref() == b"a" => parsed.hrefs.push(value),
                        _ => {}
                    }
                }
            }
            Ok(Event::Text(t)) => {
                t.unescape()
                    .unwrap_or_else(|err| panic!("{name}: bad text: {err}"));
            }
            Ok(_) => {}
            Err(err) => panic!(
                "{name} is not well-formed at {}: {err}",
                reader.error_position()
            ),
        }
    }
    parsed
}

#[test]
fn every_xhtml_file_is_well_formed_with_unique_ids_and_working_links() {
    for manuscript in BOOKS {
        let built = build(manuscript);
        let files = entries(&built.bytes);
        let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut links: Vec<(String, String)> = Vec::new();
        for (name, data) in &files {
            if !(name.ends_with(".xhtml")
                || name.ends_with(".opf")
                || name.ends_with(".ncx")
                || name.ends_with(".xml"))
            {
                continue;
            }
            let text = std::str::from_utf8(data).expect("UTF-8");
            let parsed = parse_xml(name, text);
            let unique: BTreeSet<String> = parsed.ids.iter().cloned().collect();
            assert_eq!(
                unique.len(),
                parsed.ids.len(),
                "{manuscript}: {name} repeats an id"
            );
            for id in &unique {
                let mut chars = id.chars();
                assert!(
                    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
                        && chars.all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
                    "{manuscript}: {name}: id {id:?} is not a valid XML id"
                );
            }
            if name.ends_with(".xhtml") {
                assert!(
                    text.contains(" lang=\"") && text.contains(" xml:lang=\""),
                    "{manuscript}: {name} has no lang"
                );
                let file = name.trim_start_matches("OEBPS/").to_string();
                links.extend(parsed.hrefs.into_iter().map(|h| (file.clone(), h)));
                ids.insert(file, unique);
            }
        }
        for (from, href) in links {
            if href.contains(':') {
                continue; // external
            }
            let (file, fragment) = href.split_once('#').unwrap_or((href.as_str(), ""));
            let file = if file.is_empty() { from.as_str() } else { file };
            let targets = ids
                .get(file)
                .unwrap_or_else(|| panic!("{manuscript}: {from} links to missing {file}"));
            assert!(
                fragment.is_empty() || targets.contains(fragment),
                "{manuscript}: {from} links to {href}, which does not exist"
            );
        }
    }
}

#[test]
fn hostile_text_is_escaped_not_interpreted() {
    let built = build("tests/fixtures/epub-hostil");
    let chapter = text_of(&built.bytes, "OEBPS/cap-01.xhtml");
    assert!(chapter.contains("&lt;ángulos&gt;"));
    assert!(chapter.contains("&lt;p class=\"x\"&gt;¿Código &amp; &lt;etiquetas&gt;?&lt;/p&gt;"));
    assert!(chapter.contains("href=\"https://example.org/?a=1&amp;b=%3C2%3E\""));
    assert!(chapter.contains("alt=\"Un plano con «comillas» &amp; &lt;ángulos&gt;\""));
    assert!(!chapter.contains("<script") && !chapter.contains("<otros"));
    let opf = text_of(&built.bytes, "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>Ríos &amp; &lt;montañas&gt; \"raros\"</dc:title>"));
    assert!(opf.contains("<dc:publisher>Ediciones &lt;Prueba&gt; &amp; Cía.</dc:publisher>"));
}

#[test]
fn footnotes_are_epub3_notes_that_kobo_and_kindle_pop_up() {
    let built = build("tests/fixtures/todo");
    let chapter = text_of(&built.bytes, "OEBPS/cap-01.xhtml");
    // First reference carries the id the back-link returns to; a repeat does not.
    assert!(chapter.contains(
        "<sup><a class=\"nota-ref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#nota.1\" id=\"ref.1\">1</a></sup>"
    ));
    assert!(chapter.contains(
        "<sup><a class=\"nota-ref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#nota.1\">1</a></sup>."
    ));
    assert_eq!(chapter.matches("id=\"ref.1\"").count(), 1);
    // Each note is an aside typed footnote (Kobo), with its back-link inside it (Kindle).
    for n in [1, 2] {
        let open = format!(
            "<aside class=\"nota\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"nota.{n}\">"
        );
        let start = chapter.find(&open).unwrap_or_else(|| panic!("no note {n}"));
        let end = start + chapter[start..].find("</aside>").expect("closed");
        assert!(chapter[start..end].contains(&format!(
            "<a class=\"nota-num\" href=\"#ref.{n}\" role=\"doc-backlink\">{n}</a>"
        )));
    }
    // Notes sit after the text, at the chapter's end.
    assert!(chapter.find("<aside").unwrap() > chapter.find("roto y").unwrap());
    // A note that starts with a list still gets its number and back-link.
    let hostile = text_of(
        &build("tests/fixtures/epub-hostil").bytes,
        "OEBPS/cap-01.xhtml",
    );
    assert!(hostile.contains(
        "<p><a class=\"nota-num\" href=\"#ref.2\" role=\"doc-backlink\">2</a></p>\n<ul>"
    ));
}

#[test]
fn blocks_have_semantic_markup() {
    let built = build("tests/fixtures/todo");
    let c = text_of(&built.bytes, "OEBPS/cap-01.xhtml");
    for s in [
        // A newline between cells, so that text extraction keeps them apart.
        "<th scope=\"col\" class=\"izquierda\">A</th>\n<th scope=\"col\" class=\"derecha\">B</th>\n",
        "<td class=\"derecha\">2</td>",
        "<span class=\"versalita\">siglo xxi</span> H<sub>2</sub>O 1.<sup>er</sup>",
        "<pre><code class=\"language-rust\">fn main() {}</code></pre>",
        "<hr class=\"escena\"/>",
        "<ol start=\"3\">",
        "<a href=\"cap-02.xhtml#seccion-dos\">dos</a>",
        "<a href=\"https://example.org\">web</a>",
        "<h2 id=\"banda\">La banda sonora</h2>",
    ] {
        assert!(c.contains(s), "cap-01.xhtml lacks {s}");
    }
    assert!(!c.contains("style="), "no inline styles");
    // Figures: alt text, caption; an empty alt is decorative and warned about, with its place.
    let built = build("tests/fixtures/epub-hostil");
    let c = text_of(&built.bytes, "OEBPS/cap-01.xhtml");
    assert!(c.contains("<figcaption>Plano *del* lugar &amp; entorno</figcaption>"));
    assert!(c.contains("alt=\"\" role=\"presentation\""));
    let warned: Vec<String> = built
        .warnings
        .sorted()
        .into_iter()
        .filter(|w| w.kind == imprenta::epub::DECORATIVE_IMAGE)
        .map(|w| w.diagnostic.to_string())
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(
        warned[0].contains("01-uno.md:24") && warned[0].contains("img/punto.png"),
        "{warned:?}"
    );
    let opf = text_of(&built.bytes, "OEBPS/content.opf");
    assert!(opf.contains("media-type=\"image/svg+xml\""));
}

#[test]
fn metadata_is_complete() {
    let built = build("tests/fixtures/epub-hostil");
    let opf = text_of(&built.bytes, "OEBPS/content.opf");
    for s in [
        "xml:lang=\"es-BO\" dir=\"ltr\"",
        "<dc:identifier id=\"epub-id-1\">urn:isbn:9780000000002</dc:identifier>",
        "<dc:title id=\"subtitulo\">Pruebas 'hostiles' para el EPUB</dc:title>",
        "<meta refines=\"#subtitulo\" property=\"title-type\">subtitle</meta>",
        "<dc:creator id=\"epub-creator-0\">María José Sánchez de la Vega</dc:creator>",
        "<meta refines=\"#epub-creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:language id=\"epub-language-0\">es-BO</dc:language>",
        "<dc:date>2025-02-03T00:00:00Z</dc:date>",
        "<meta property=\"dcterms:modified\">2025-02-03T00:00:00Z</meta>",
        "<dc:rights>© 2025 — todos los derechos &amp; &lt;reservas&gt;</dc:rights>",
        "<dc:description>",
        "<dc:subject>Pruebas &amp; errores</dc:subject>",
        "<meta property=\"schema:accessMode\">textual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual</meta>",
        "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"schema:accessibilitySummary\">",
        "properties=\"cover-image\"",
        "<meta name=\"cover\" content=\"cover-image\"/>",
    ] {
        assert!(opf.contains(s), "content.opf lacks {s}\n{opf}");
    }
    // An image without alt text: no claim of WCAG conformance or of alternative text.
    assert!(!opf.contains("dcterms:conformsTo") && !opf.contains("alternativeText"));
    let sample = text_of(&build("manuscript").bytes, "OEBPS/content.opf");
    assert!(sample.contains(
        "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"
    ));
    assert!(sample.contains("<meta refines=\"#epub-creator-0\" property=\"file-as\">"));

    let nav = text_of(&built.bytes, "OEBPS/nav.xhtml");
    for s in [
        "lang=\"es-BO\" xml:lang=\"es-BO\"",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
        "<a epub:type=\"cover\" href=\"cubierta.xhtml\">",
        "<a epub:type=\"toc\" href=\"toc.xhtml\">",
        "<a epub:type=\"bodymatter\" href=\"cap-01.xhtml\">",
        "<a href=\"cap-01.xhtml#s-2001-odisea\">2001: odisea</a>",
    ] {
        assert!(nav.contains(s), "nav.xhtml lacks {s}\n{nav}");
    }
    // The toc lists chapters and sections only; cover and contents are landmarks.
    assert!(!nav.contains("<li><a href=\"cubierta.xhtml\">"), "{nav}");
    assert!(!nav.contains("<li><a href=\"toc.xhtml\">"), "{nav}");
    let ncx = text_of(&built.bytes, "OEBPS/toc.ncx");
    assert!(
        ncx.contains(
            "<navPoint playOrder=\"1\" id=\"navPoint-1\">\n      <navLabel>\n       <text>1984"
        ),
        "{ncx}"
    );
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000002\" />"));
    let options = text_of(
        &built.bytes,
        "META-INF/com.apple.ibooks.display-options.xml",
    );
    assert!(options.contains("<option name=\"specified-fonts\">true</option>"));
}

#[test]
fn fonts_are_subset_and_only_used_faces_embedded() {
    let todo = build("tests/fixtures/todo");
    let names: Vec<String> = entries(&todo.bytes).into_iter().map(|(n, _)| n).collect();
    // Italic (*x*), bold (table header) and mono (code) are used; bold italic is not.
    for face in ["serif-regular", "serif-italic", "serif-bold", "mono"] {
        assert!(
            names.contains(&format!("OEBPS/fuentes/{face}.ttf")),
            "{face}: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.contains("bold-italic")));
    for (name, data) in entries(&todo.bytes) {
        if name.ends_with(".ttf") {
            assert!(
                data.len() < 60_000,
                "{name} is {} bytes: not subset",
                data.len()
            );
            let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("the subset parses");
            assert!(face.glyph_index('a').is_some(), "{name} cannot set 'a'");
        }
    }
    let css = text_of(&todo.bytes, "OEBPS/stylesheet.css");
    assert!(css.contains("src: url(\"fuentes/serif-italic.ttf\")"));
    assert!(css.contains(", serif;") && css.contains(", monospace;"));

    // A book without code or bold embeds neither.
    let dir = std::env::temp_dir().join(format!("imprenta-epub-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Llano\"\ndate = \"2024-01-01\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("01.md"), "# Uno\n\nTexto llano, sin más.\n").unwrap();
    let warnings = Warnings::new();
    let book = imprenta::parse_book(&dir, None, &warnings).expect("parses");
    let bytes = imprenta::render_epub(&book, None, &warnings).expect("builds");
    let fonts: Vec<String> = entries(&bytes)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.contains("fuentes/"))
        .collect();
    assert_eq!(fonts, ["OEBPS/fuentes/serif-regular.ttf"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The glyphs rustybuzz sets for `text` in `font` (with the default features, as
/// browsers apply them), each as its advance and outline.
fn shaped(font: &[u8], text: &str) -> Vec<(i32, String)> {
    use rustybuzz::ttf_parser::OutlineBuilder;
    struct Path(String);
    impl OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("M{x} {y}");
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0 += &format!("L{x} {y}");
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0 += &format!("Q{x1} {y1} {x} {y}");
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0 += &format!("C{x1} {y1} {x2} {y2} {x} {y}");
        }
        fn close(&mut self) {
            self.0 += "Z";
        }
    }
    let face = rustybuzz::Face::from_slice(font, 0).expect("the font parses");
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let glyphs = rustybuzz::shape(&face, &[], buffer);
    glyphs
        .glyph_infos()
        .iter()
        .zip(glyphs.glyph_positions())
        .map(|(info, position)| {
            let mut path = Path(String::new());
            let id = rustybuzz::ttf_parser::GlyphId(info.glyph_id as u16);
            face.outline_glyph(id, &mut path);
            (position.x_advance, path.0)
        })
        .collect()
}

#[test]
fn embedded_fonts_keep_their_ligatures() {
    let dir = std::env::temp_dir().join(format!("imprenta-epub-liga-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("book.toml"),
        "[book]\ntitle = \"Fiesta\"\ndate = \"2024-01-01\"\n",
    )
    .expect("write book.toml");
    std::fs::write(
        dir.join("01.md"),
        "# La fiesta\n\nLa guía afirma que el baile es «muy affluent», sin rifles.\n",
    )
    .expect("write the chapter");
    let warnings = Warnings::new();
    let book = imprenta::parse_book(&dir, None, &warnings).expect("parses");
    let bytes = imprenta::render_epub(&book, None, &warnings).expect("builds");
    let _ = std::fs::remove_dir_all(&dir);
    let (_, subset) = entries(&bytes)
        .into_iter()
        .find(|(n, _)| n == "OEBPS/fuentes/serif-regular.ttf")
        .expect("the regular face is embedded");
    let full =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/CharisSIL-Regular.ttf"))
            .expect("the bundled Charis SIL");
    assert!(
        subset.len() * 10 < full.len(),
        "{} bytes: not subset",
        subset.len()
    );
    let tables = rustybuzz::ttf_parser::Face::parse(&subset, 0).expect("the subset parses");
    assert!(tables.tables().gsub.is_some(), "no GSUB in the subset");
    assert!(tables.tables().gpos.is_some(), "no GPOS in the subset");
    for ligature in ["fi", "ffl", "fl"] {
        let set = shaped(&subset, ligature);
        assert_eq!(
            set.len(),
            1,
            "{ligature}: {} glyphs in the subset",
            set.len()
        );
        assert_eq!(
            set,
            shaped(&full, ligature),
            "{ligature}: not the font's own ligature"
        );
    }
    // Whole words: the same glyphs, advances and outlines as the font itself sets.
    for word in ["fiesta", "afirma", "affluent", "guía"] {
        assert_eq!(shaped(&subset, word), shaped(&full, word), "{word}");
    }
}

#[test]
fn archive_is_deterministic_with_mimetype_first() {
    let a = build("tests/fixtures/epub-hostil");
    let b = build_with("tests/fixtures/epub-hostil", None);
    assert!(a.bytes == b, "two builds of the same book differ");
    let mut zip = ZipArchive::new(Cursor::new(&a.bytes)).unwrap();
    let first = zip.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
    drop(first);
    assert_eq!(&a.bytes[30..38], b"mimetype");
    assert_eq!(&a.bytes[38..58], b"application/epub+zip");
    for i in 0..zip.len() {
        let t = zip.by_index(i).unwrap().last_modified().expect("a time");
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2025, 2, 3, 0));
    }
    // SOURCE_DATE_EPOCH wins over the book's date, in the zip and in dcterms:modified.
    let c = build_with("tests/fixtures/epub-hostil", Some(1_700_000_000));
    assert!(c != a.bytes);
    assert_eq!(
        c,
        build_with("tests/fixtures/epub-hostil", Some(1_700_000_000))
    );
    let opf = text_of(&c, "OEBPS/content.opf");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
}

#[test]
fn epubcheck_reports_nothing() {
    for manuscript in BOOKS {
        let built = build(manuscript);
        if !common::assert_epubcheck_clean(&built.path) {
            return;
        }
    }
}

#[test]
fn ace_reports_no_violations() {
    for manuscript in BOOKS {
        let built = build(manuscript);
        match common::ace_violations(&built.path) {
            Some(violations) => assert_eq!(
                violations,
                0,
                "Ace on {manuscript}: see {}",
                built.path.with_extension("ace").display()
            ),
            None => return,
        }
    }
}

/// Every word of the book's paragraphs, headings and notes, with its chapter's id.
fn words(book: &imprenta::ir::Book) -> Vec<(String, String)> {
    use imprenta::ir::{plain_text, Block};
    fn walk(chapter: &str, blocks: &[Block], out: &mut Vec<(String, String)>) {
        for block in blocks {
            match block {
                Block::Paragraph { content, .. } | Block::Heading { content, .. } => out.extend(
                    plain_text(content)
                        .split_whitespace()
                        .map(|w| (chapter.to_string(), w.to_string())),
                ),
                Block::BlockQuote { blocks, .. } => walk(chapter, blocks, out),
                Block::List { items, .. } => {
                    for item in items {
                        walk(chapter, &item.blocks, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for chapter in &book.chapters {
        walk(&chapter.id, &chapter.blocks, &mut out);
        for note in &chapter.footnotes {
            walk(&chapter.id, &note.blocks, &mut out);
        }
    }
    out
}

/// A second, independent reader (Calibre) opens the book and gets every chapter's text
/// out, accents intact.
#[test]
fn calibre_reads_every_word() {
    let Some(convert) = common::tool("ebook-convert") else {
        return;
    };
    for manuscript in ["manuscript", "tests/fixtures/todo"] {
        let built = build(manuscript);
        let txt = built.path.with_extension("txt");
        let (ok, out, err) = common::run(&convert, &[built.path.as_os_str(), txt.as_os_str()]);
        assert!(ok, "ebook-convert failed on {manuscript}:\n{out}\n{err}");
        let text = std::fs::read_to_string(&txt).expect("Calibre wrote text");
        assert!(
            !text.contains('\u{FFFD}'),
            "{manuscript}: a character came out as U+FFFD"
        );
        // Note numbers sit inside words in the text; compare without digits too.
        let squeezed: String = text.split_whitespace().collect();
        let bare = |s: &str| -> String { s.chars().filter(|c| !c.is_ascii_digit()).collect() };
        let no_digits = bare(&squeezed);
        for (chapter, word) in words(common::fixture(manuscript).book()) {
            assert!(
                squeezed.contains(&word) || no_digits.contains(&bare(&word)),
                "{manuscript}: «{word}» of {chapter} is not in Calibre's text"
            );
        }
    }
}

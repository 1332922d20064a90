//! A book written for mdBook (`tests/fixtures/mdbook`) builds as it is: mdBook's
//! book.toml (with its own tables) and SUMMARY.md read, includes expanded, links to
//! `.html` pages followed, images beside their chapter found, and every place still told
//! in the file the author wrote.

use std::ffi::OsStr;

use crate::common;

const FIXTURE: &str = "tests/fixtures/mdbook";

fn chapter(n: usize) -> String {
    common::text_of(
        &common::fixture(FIXTURE).epub().bytes,
        &format!("OEBPS/cap-{n:02}.xhtml"),
    )
}

/// SUMMARY.md gives the chapters and their order (the draft left out), its part title a
/// part holding the numbered chapters after it; mdBook's [book] the metadata,
/// `[output.imprenta]` the rest.
#[test]
fn summary_and_book_toml_are_read() {
    use imprenta::ir::ChapterKind::{Chapter, Part};
    let book = common::fixture(FIXTURE).book();
    assert_eq!(
        common::shape(book),
        [
            ("Introducción".into(), Chapter, None),
            ("Primera parte".into(), Part, None),
            ("Hola, mundo".into(), Chapter, Some(1)),
            ("Adivinanzas".into(), Chapter, Some(1)),
            ("Agradecimientos".into(), Chapter, None),
        ]
    );
    let meta = &book.metadata;
    assert_eq!(meta.title, "Rust para la imprenta");
    assert_eq!(meta.subtitle.as_deref(), Some("Ejemplos de código"));
    assert_eq!(meta.authors, ["Lucía Ferrer", "Tomás Ibarra"]);
    assert_eq!(meta.language, "es");
    assert_eq!(meta.date.as_deref(), Some("2025-03-14"));
    assert_eq!(
        meta.description.as_deref(),
        Some("Un libro escrito para mdBook.")
    );
}

/// Includes are expanded: an anchor's lines, one line, a whole file; what mdBook hides
/// in Rust examples and the anchors' markers are left out; an escaped directive is text.
#[test]
fn includes_are_expanded() {
    let hola = chapter(3);
    assert!(
        hola.contains("<pre><code class=\"language-rust\">fn main() {\n    println!(\"¡Hola, mundo!\");\n}</code></pre>"),
        "{hola}"
    );
    assert!(hola.contains(
        "<p>Su primera línea:</p>\n<pre><code class=\"language-rust\">fn main() {</code></pre>"
    ));
    assert!(hola.contains("<code>{{#include hola.rs}}</code>"));
    let whole = chapter(5);
    assert!(whole.contains("<pre><code class=\"language-rust\">fn main() {\n    println!(\"¡Hola, mundo!\");\n}</code></pre>"), "{whole}");
    for xhtml in [&hola, &whole] {
        assert!(
            !xhtml.contains("oculto") && !xhtml.contains("ANCHOR"),
            "{xhtml}"
        );
    }
    if let Some(pdftotext) = common::tool("pdftotext") {
        let pdf = common::fixture(FIXTURE).pdf();
        let (ok, text, err) = common::run(&pdftotext, &[pdf.path.as_os_str(), OsStr::new("-")]);
        assert!(ok, "{err}");
        assert!(text.contains("println!(\"¡Hola, mundo!\");"));
        assert!(text.contains("{{#include hola.rs}}"));
        assert!(
            !text.contains("oculto") && !text.contains("ANCHOR") && !text.contains("{{#rustdoc")
        );
    }
}

/// Links to mdBook's pages and anchors, and an image beside its chapter in a subfolder.
#[test]
fn links_and_images_resolve_as_mdbook_reads_them() {
    assert!(chapter(1)
        .contains("<a href=\"cap-03.xhtml#el-programa_principal\">el primer programa</a>"));
    assert!(chapter(3).contains("<a href=\"cap-03.xhtml\">Hola, mundo</a>"));
    // SUMMARY.md lists it as `./agradecimientos.md`, as `mdbook init` writes entries.
    assert!(chapter(3).contains("<a href=\"cap-06.xhtml\">agradecimientos</a>"));
    let book = common::fixture(FIXTURE).book();
    assert_eq!(book.images.len(), 1);
    assert_eq!(book.images[0].path, "cap1/mapa.png");
}

/// An entry nested under another in SUMMARY.md is a section of its chapter: its title a
/// level-2 heading inside the chapter's page (no page, label or nav entry of its own), its
/// ids kept unique, its notes numbered after the chapter's, links to it taken there; in
/// the PDF it follows the chapter's text on the same page run.
#[test]
fn nested_entries_are_sections_of_their_chapter() {
    let hola = chapter(3);
    let at = |needle: &str| {
        hola.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {hola}"))
    };
    assert!(
        at("<h2 id=\"el-programa_principal\">") < at("<h2 id=\"las-variables\">Las variables</h2>")
    );
    assert!(at("<h2 id=\"las-variables\">") < at("<h3 id=\"el-programa_principal-2\">"));
    assert!(hola.contains(
        "href=\"#nota.2\" id=\"ref.2\">2</a></sup> Vea <a href=\"#el-programa_principal-2\">"
    ));
    assert!(hola.contains("id=\"nota.1\">\n<p><a class=\"nota-num\" href=\"#ref.1\" role=\"doc-backlink\">1</a> La primera nota"));
    assert!(hola.contains("id=\"nota.2\">\n<p><a class=\"nota-num\" href=\"#ref.2\" role=\"doc-backlink\">2</a> La nota de «Las variables»"));
    let adivinanzas = chapter(5);
    assert!(adivinanzas.contains("<a href=\"cap-03.xhtml#las-variables\">variables</a>"));
    assert!(adivinanzas.contains("<a href=\"cap-03.xhtml#el-programa_principal-2\">su ejemplo</a>"));
    let fixture = common::fixture(FIXTURE);
    let nav = common::text_of(&fixture.epub().bytes, "OEBPS/nav.xhtml");
    let toc: String = nav.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        toc.contains("<a href=\"cap-02.xhtml\">Primera parte</a> <ol> <li> <a href=\"cap-03.xhtml\">Hola, mundo</a> <ol> <li><a href=\"cap-03.xhtml#el-programa_principal\">El programa_principal</a></li> <li><a href=\"cap-03.xhtml#las-variables\">Las variables</a></li> </ol> </li> <li><a href=\"cap-05.xhtml\">Adivinanzas</a></li> </ol>"),
        "{toc}"
    );
    if let Some(pdftotext) = common::tool("pdftotext") {
        let pdf = fixture.pdf();
        let (ok, text, err) = common::run(&pdftotext, &[pdf.path.as_os_str(), OsStr::new("-")]);
        assert!(ok, "{err}");
        // One label («capítulo 1» over Hola, mundo): the section has none, Adivinanzas is 2.
        assert_eq!(text.matches("capítulo 1").count(), 1, "{text}");
        assert!(!text.contains("capítulo 3"), "{text}");
        let section = text
            .find("Una variable se declara")
            .expect("the section's text");
        assert!(
            text[..section].contains("Las variables"),
            "its heading before it"
        );
        assert!(
            text[..section].contains("Una nota del capítulo"),
            "the section follows the chapter's text"
        );
        assert!(text.contains("La primera nota"), "the chapter's note");
    }
}

/// A place after an include is told at the line the author wrote, not the line of the
/// expanded text; `check` proofreads the file as written.
#[test]
fn places_are_told_in_the_file_as_written() {
    let warnings = common::messages(&common::fixture(FIXTURE).parse_warnings);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("src/cap1/hola.md:23:41: link to `nada.md`")),
        "{warnings:?}"
    );
    let scratch = common::Scratch::new("mdbook-check");
    let out = scratch.run(&[
        "check",
        "--manuscript",
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mdbook"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("src/cap1/hola.md:21:111"), "{stderr}");
}

/// An include outside the book's folder, or of a file that is not there, stops the build
/// with the chapter's file, line and column; nothing is written.
#[test]
fn a_bad_include_is_an_error_at_its_place() {
    for (line, says) in [
        (
            "{{#include ../../../etc/passwd}}",
            "is outside the book's folder",
        ),
        ("{{#include nada.rs}}", "`nada.rs` does not exist"),
        (
            "{{#include ../../listings/hola.rs:nadie}}",
            "has no anchor `nadie`",
        ),
    ] {
        let scratch = common::Scratch::new("mdbook-include");
        scratch.write("libro/book.toml", "[book]\ntitle = \"T\"\n[output.html]\n");
        scratch.write("libro/src/SUMMARY.md", "- [Uno](cap/uno.md)\n");
        scratch.write("libro/listings/hola.rs", "fn main() {}\n");
        scratch.write(
            "libro/src/cap/uno.md",
            format!("# Uno\n\nTexto.\n\n{line}\n"),
        );
        let out = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out", "-q"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(stderr.contains("libro/src/cap/uno.md:5:1"), "{stderr}");
        assert!(!scratch.path("out").exists(), "nothing is written");
    }
}

/// EPUBCheck and Ace by DAISY find nothing in the book.
#[test]
fn the_validators_pass_the_book() {
    common::assert_validators_pass(&common::fixture(FIXTURE).epub().path);
}

/// The chapters' folder given as `--manuscript`, relative to where imprenta runs, is the
/// book too.
#[test]
fn the_chapters_folder_names_the_book() {
    let scratch = common::Scratch::new("mdbook-src");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"es\"\n",
    );
    scratch.write("libro/src/SUMMARY.md", "- [Uno](./uno.md)\n");
    scratch.write("libro/src/uno.md", "# Uno\n\nTexto.\n");
    let out = scratch.run(&[
        "epub",
        "--manuscript",
        "libro/src",
        "-o",
        "libro.epub",
        "-q",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(scratch.path("libro.epub").is_file());
}

//! Print production: the interior fitted to each printer (trim, margins by page count,
//! bleed on the outer edges, page range, even page count), written as PDF/X-1a and
//! checked against ISO 15930-1 (`pdfx`), and the screen PDF set from the same pages.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use imprenta::diag::Warnings;
use imprenta::typeset::page::PageKind;
use lopdf::{Document, Object};

use crate::common::{self, Scratch};
use crate::pdfx::{assert_conforms, Standard};

const INCH: f32 = 72.0;
const MM: f32 = 72.0 / 25.4;

/// The sample manuscript copied to `scratch/libro`, its fonts found where they are,
/// with `extra` in place of its `[print]` table.
pub fn sample_with(scratch: &Scratch, extra: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    for entry in std::fs::read_dir(&from)
        .unwrap()
        .chain(std::fs::read_dir(from.join("images")).unwrap())
    {
        let path = entry.unwrap().path();
        if path.is_file() {
            let relative = path
                .strip_prefix(&from)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            scratch.write(&format!("libro/{relative}"), std::fs::read(&path).unwrap());
        }
    }
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let toml = std::fs::read_to_string(from.join("book.toml"))
        .unwrap()
        .replace("../fonts", fonts.to_str().unwrap());
    // The sample's own [print] (its last table) gives way to the test's.
    let toml = toml.split("\n[print]").next().unwrap();
    scratch.write("libro/book.toml", format!("{toml}\n{extra}\n"));
    scratch.path("libro")
}

/// A manuscript of about `pages` A5 pages of running text, `extra` in its book.toml.
pub fn long_book(scratch: &Scratch, pages: usize, extra: &str) -> PathBuf {
    scratch.write(
        "libro/book.toml",
        format!("[book]\ntitle = \"Largo\"\nauthors = [\"Ana\"]\n{extra}\n"),
    );
    let sentence = "La ciudad amanece entre el humo de los buses y el ruido del mercado, \
        y los mineros bajan por la ladera con la paciencia de quien conoce el frío. ";
    // About 440 words an A5 page at 10.5/13.5 with a narrow gutter.
    let chapters = 10;
    for c in 0..chapters {
        let mut text = format!("# Capítulo {}\n\n", c + 1);
        for p in 0..(pages * 440 / 28 / chapters / 6) {
            text.push_str(&sentence.repeat(6));
            text.push_str(&format!("Fin del párrafo {p}.\n\n"));
        }
        scratch.write(&format!("libro/{:02}-cap.md", c + 1), text);
    }
    scratch.path("libro")
}

/// The print interior and the screen PDF of the manuscript at `root`.
fn both(root: &Path) -> (Vec<u8>, Vec<u8>, imprenta::print::Fitting) {
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(root, Some(0), &warnings).expect("parses");
    let pdfs = imprenta::render_pdfs(&parsed, &warnings, true, true).expect("builds");
    (pdfs.print.unwrap(), pdfs.screen.unwrap(), pdfs.fitting)
}

fn boxes(doc: &Document, page: lopdf::ObjectId, name: &[u8]) -> [f32; 4] {
    let dict = doc.get_dictionary(page).unwrap();
    let values = dict
        .get(name)
        .or_else(|_| dict.get(b"MediaBox"))
        .and_then(Object::as_array)
        .unwrap_or_else(|_| panic!("no {}", String::from_utf8_lossy(name)));
    let mut out = [0.0; 4];
    for (slot, v) in out.iter_mut().zip(values) {
        *slot = v.as_float().unwrap();
    }
    out
}

/// Every page's text, as `pdftotext` reads it, one string a page.
fn pages_text(path: &Path) -> Option<Vec<String>> {
    let pdftotext = common::tool("pdftotext")?;
    let (ok, out, err) = common::run(&pdftotext, &[path.as_os_str(), OsStr::new("-")]);
    assert!(ok, "pdftotext failed: {err}");
    Some(out.split('\u{c}').map(str::to_string).collect())
}

#[test]
fn every_printer_takes_the_sample_book_with_its_bleed() {
    for printer in ["kdp", "ingramspark", "lulu", "generic"] {
        let scratch = Scratch::new(&format!("print-{printer}"));
        let root = sample_with(
            &scratch,
            &format!("[pdf]\nbleed = \"3mm\"\n[print]\nprinter = \"{printer}\"\n"),
        );
        let (print, _, fitting) = both(&root);
        assert_conforms(&print, Standard::X1a2001);
        let doc = Document::load_mem(&print).unwrap();
        let pages: Vec<_> = doc.get_pages().into_values().collect();
        assert_eq!(pages.len(), fitting.pages);
        assert_eq!(pages.len() % 2, 0, "{printer}: an even page count");
        let (w, h) = (148.0 * MM, 210.0 * MM);
        let bleed = if printer == "generic" {
            3.0 * MM
        } else {
            0.125 * INCH
        };
        for (i, &page) in pages.iter().enumerate() {
            let media = boxes(&doc, page, b"MediaBox");
            let trim = boxes(&doc, page, b"TrimBox");
            let bleed_box = boxes(&doc, page, b"BleedBox");
            assert_eq!(bleed_box, media, "{printer}: the bleed box is the sheet");
            assert!((trim[2] - trim[0] - w).abs() < 0.01 && (trim[3] - trim[1] - h).abs() < 0.01);
            assert!(
                (trim[1] - bleed).abs() < 0.01,
                "{printer}: bleed at the foot"
            );
            assert!(
                (media[3] - trim[3] - bleed).abs() < 0.01,
                "{printer}: bleed at the head"
            );
            let recto = i % 2 == 0;
            let (left, right) = (trim[0] - media[0], media[2] - trim[2]);
            if printer == "generic" || printer == "lulu" {
                // Lulu asks for bleed on every side, as an author's own setting has it.
                assert!((left - bleed).abs() < 0.01 && (right - bleed).abs() < 0.01);
            } else if recto {
                assert!(
                    left.abs() < 0.01 && (right - bleed).abs() < 0.01,
                    "{printer} p{}: {media:?} {trim:?}",
                    i + 1
                );
            } else {
                assert!(
                    (left - bleed).abs() < 0.01 && right.abs() < 0.01,
                    "{printer} p{}: {media:?} {trim:?}",
                    i + 1
                );
            }
        }
        let warnings = Warnings::new();
        let parsed = imprenta::parse_book(&root, Some(0), &warnings).unwrap();
        let layout = imprenta::layout(&parsed, &warnings).unwrap();
        assert_eq!(
            layout.pages.len(),
            pages.len(),
            "{printer}: the layout is the file"
        );
        let last = layout.pages.last().unwrap();
        if printer == "ingramspark" {
            assert!(
                last.kind == PageKind::Blank && last.items.is_empty(),
                "IngramSpark's last page is blank"
            );
        }
    }
}

#[test]
fn the_screen_pdf_and_the_print_interior_share_every_page() {
    let scratch = Scratch::new("print-screen");
    let root = sample_with(&scratch, "[print]\nprinter = \"kdp\"\n");
    let (print, screen, _) = both(&root);
    assert!(print.starts_with(b"%PDF-1.3"));
    assert!(screen.starts_with(b"%PDF-1.7"));
    let p = Document::load_mem(&print).unwrap();
    let s = Document::load_mem(&screen).unwrap();
    assert_eq!(p.get_pages().len(), s.get_pages().len());
    // What a reader of the screen file uses, and a printer refuses in an interior.
    assert!(
        s.catalog().unwrap().get(b"Outlines").is_ok(),
        "the screen PDF has bookmarks"
    );
    assert!(p.catalog().unwrap().get(b"Outlines").is_err());
    let annots = |d: &Document| {
        d.get_pages()
            .values()
            .filter(|&&id| d.get_dictionary(id).unwrap().get(b"Annots").is_ok())
            .count()
    };
    assert!(annots(&s) > 0, "the screen PDF has links");
    assert_eq!(annots(&p), 0);
    // Both number their pages as the folios do: roman, then arabic from chapter 1.
    let labels = |d: &Document| format!("{:?}", d.catalog().unwrap().get(b"PageLabels").unwrap());
    assert_eq!(labels(&p), labels(&s));
    assert_eq!(labels(&p), "<</Nums [0 <</S /r>> 6 <</S /D>>]>>");
    let (pp, sp) = (scratch.path("print.pdf"), scratch.path("screen.pdf"));
    std::fs::write(&pp, &print).unwrap();
    std::fs::write(&sp, &screen).unwrap();
    if let (Some(a), Some(b)) = (pages_text(&pp), pages_text(&sp)) {
        // The same words on every page. Their order is pdftotext's guess from the
        // gaps, which the tagged screen file's space glyphs change (a table's cells
        // read by rows rather than by columns), so each page's words are compared
        // sorted.
        let words = |pages: &[String]| -> Vec<Vec<String>> {
            pages
                .iter()
                .map(|page| {
                    let mut words: Vec<String> =
                        page.split_whitespace().map(str::to_string).collect();
                    words.sort();
                    words
                })
                .collect()
        };
        assert_eq!(words(&a), words(&b), "the same words on every page");
        assert!(a.iter().any(|page| page.contains("Huanuni")));
    } else {
        common::missing("pdftotext");
    }
}

#[test]
fn a_black_and_white_interior_is_gray_and_a_colour_one_cmyk() {
    let operators = |bytes: &[u8]| {
        let doc = Document::load_mem(bytes).unwrap();
        let mut found = std::collections::BTreeSet::new();
        for (_, object) in doc.objects.iter() {
            if let Object::Stream(stream) = object {
                // An image's space, a name or an array (`[/Indexed /DeviceGray …]`).
                match stream.dict.get(b"ColorSpace") {
                    Ok(Object::Name(space)) => {
                        found.insert(String::from_utf8_lossy(space).into_owned());
                    }
                    Ok(Object::Array(parts)) => {
                        for part in parts {
                            if let Object::Name(space) = part {
                                found.insert(String::from_utf8_lossy(space).into_owned());
                            }
                        }
                    }
                    _ => {}
                }
                let is_content = stream.dict.get(b"Subtype").and_then(Object::as_name).ok()
                    != Some(b"Image".as_slice());
                if let (true, Ok(content)) = (is_content, stream.decompressed_content()) {
                    if let Ok(ops) = lopdf::content::Content::decode(&content) {
                        for op in ops.operations {
                            if ["k", "K", "g", "G", "rg", "RG"].contains(&op.operator.as_str()) {
                                found.insert(op.operator);
                            }
                        }
                    }
                }
            }
        }
        found
    };
    // The sample book's figures are a colour PNG and an SVG.
    let scratch = Scratch::new("print-colour");
    let bw = sample_with(&scratch, "[print]\ninterior = \"bw\"\n");
    let (print, _, _) = both(&bw);
    assert_conforms(&print, Standard::X1a2001);
    let seen = operators(&print);
    assert!(
        !seen.contains("DeviceCMYK") && !seen.contains("k") && !seen.contains("K"),
        "{seen:?}"
    );
    assert!(
        seen.contains("DeviceGray"),
        "the figures are gray: {seen:?}"
    );

    let scratch = Scratch::new("print-colour-cmyk");
    let colour = sample_with(&scratch, "[print]\ninterior = \"color\"\n");
    let (print, _, _) = both(&colour);
    assert_conforms(&print, Standard::X1a2001);
    let seen = operators(&print);
    assert!(
        seen.contains("DeviceCMYK"),
        "the photograph is CMYK: {seen:?}"
    );
}

#[test]
fn a_long_book_gets_the_gutter_each_printer_asks_for_its_page_count() {
    // A 10 mm gutter, narrower than every printer's minimum for 400 pages: KDP's band
    // for 301–500 pages is 0.625 in, IngramSpark's and Lulu's 0.5 in on every side;
    // `generic` keeps the author's.
    for (printer, inner) in [
        ("kdp", 0.625 * INCH),
        ("ingramspark", 0.5 * INCH),
        ("lulu", 0.5 * INCH),
        ("generic", 10.0 * MM),
    ] {
        let scratch = Scratch::new(&format!("print-long-{printer}"));
        let root = long_book(
            &scratch,
            400,
            &format!("[pdf]\nmargin_inner = \"10mm\"\n[print]\nprinter = \"{printer}\"\n"),
        );
        let (print, _, fitting) = both(&root);
        assert_conforms(&print, Standard::X1a2001);
        assert!(
            (301..=500).contains(&fitting.pages),
            "{printer}: the test wants a book in KDP's 301–500 band, not {} pages",
            fitting.pages
        );
        let doc = Document::load_mem(&print).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), fitting.pages, "{printer}");
        assert_eq!(pages.len() % 2, 0, "{printer}: an odd page count");
        for id in pages.values() {
            let trim = boxes(&doc, *id, b"TrimBox");
            let (w, h) = (trim[2] - trim[0], trim[3] - trim[1]);
            assert!((w - 148.0 * MM).abs() < 0.01 && (h - 210.0 * MM).abs() < 0.01);
            assert_eq!(
                boxes(&doc, *id, b"BleedBox"),
                trim,
                "{printer}: no bleed asked"
            );
        }
        match fitting.widened {
            Some((from, to)) => {
                assert!((from.inner - 10.0 * MM).abs() < 0.01, "{printer}");
                assert!(
                    (to.inner - inner).abs() < 0.01,
                    "{printer}: {} mm",
                    to.inner / MM
                );
            }
            None => assert_eq!(printer, "generic", "the 10 mm gutter is widened"),
        }
        let path = scratch.path("long.pdf");
        std::fs::write(&path, &print).unwrap();
        if !crate::poppler::gutter_measures(&path, fitting.pages, inner) {
            return;
        }
    }
}

#[test]
fn a_book_outside_the_printer_s_page_range_is_refused_with_its_line() {
    let scratch = Scratch::with_book("print-range");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Corto\"\nauthors = [\"Ana\"]\n\n[print]\nprinter = \"kdp\"\n",
    );
    let out = scratch.run(&["pdf", "--manuscript", "libro"]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(err.contains("book.toml:6"), "{err}");
    assert!(err.contains("fewer than the 24 it binds at least"), "{err}");
    assert!(!scratch.path("build").exists(), "nothing written");

    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Corto\"\n[pdf]\nwidth = \"100mm\"\nheight = \"100mm\"\nmargin_inner = \"10mm\"\nmargin_outer = \"10mm\"\nmargin_top = \"5mm\"\nmargin_bottom = \"5mm\"\n[print]\nprinter = \"lulu\"\n",
    );
    let out = scratch.run(&["pdf", "--manuscript", "libro"]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(
        err.contains("Lulu does not print a 100 × 100 mm page"),
        "{err}"
    );
    // `check` knows it too, without setting a page, at the printer's line.
    let out = scratch.run(&["check", "--manuscript", "libro"]);
    assert_eq!(out.status.code(), Some(1));
    let err = common::stderr(&out);
    assert!(
        err.contains("book.toml:11: Lulu does not print a 100 × 100 mm page"),
        "{err}"
    );
}

#[test]
fn print_settings_are_checked_with_their_lines() {
    for (toml, expected) in [
        (
            "[print]\nprinter = \"kpd\"\n",
            "book.toml:6: `printer` in [print] is `kpd`",
        ),
        (
            "[print]\ninterior = \"sepia\"\n",
            "book.toml:6: `interior` in [print] is `sepia`",
        ),
        (
            "[print]\nstandard = \"x-3\"\n",
            "book.toml:6: `standard` in [print] is `x-3`",
        ),
        (
            "[print]\nisbn = \"978-84-0000-000-0\"\n",
            "whose check digit is wrong",
        ),
        (
            "[print]\nspine_width = \"-1in\"\n",
            "book.toml:6: `spine_width` in [print] must be a length between 0 and 4in",
        ),
    ] {
        let scratch = Scratch::with_book("print-settings");
        scratch.write(
            "libro/book.toml",
            format!("[book]\ntitle = \"T\"\nauthors = [\"Ana\"]\n\n{toml}"),
        );
        let out = scratch.run(&["pdf", "--manuscript", "libro"]);
        assert_eq!(out.status.code(), Some(1), "{toml}");
        let err = common::stderr(&out);
        assert!(err.contains(expected), "{toml}: {err}");
    }
}

#[test]
fn build_writes_the_epub_the_interior_and_the_screen_pdf() {
    let scratch = Scratch::with_book("print-build");
    let out = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let print = std::fs::read(scratch.path("out/prueba.pdf")).unwrap();
    let screen = std::fs::read(scratch.path("out/prueba-screen.pdf")).unwrap();
    assert!(scratch.path("out/prueba.epub").exists());
    assert_conforms(&print, Standard::X1a2001);
    assert!(screen.starts_with(b"%PDF-1.7"));
    assert_eq!(Document::load_mem(&print).unwrap().get_pages().len() % 2, 0);
}

#[test]
fn every_fixture_s_interior_is_pdf_x_1a_and_well_formed() {
    let qpdf = common::tool("qpdf");
    if qpdf.is_none() {
        common::missing("qpdf");
    }
    for name in common::FIXTURES {
        let pdf = common::fixture(name).pdf();
        assert_conforms(&pdf.bytes, Standard::X1a2001);
        if let Some(qpdf) = &qpdf {
            let (ok, out, err) = common::run(qpdf, &[OsStr::new("--check"), pdf.path.as_os_str()]);
            assert!(
                ok && !out.contains("WARNING"),
                "{name}: qpdf --check:\n{out}\n{err}"
            );
        }
    }
}

#[test]
fn a_raster_below_300_ppi_at_its_printed_size_is_named_with_its_line() {
    let scratch = Scratch::with_book("print-ppi");
    let mut png = Vec::new();
    image::RgbImage::from_pixel(600, 400, image::Rgb([200, 30, 30]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    scratch.write("libro/images/foto.png", png);
    scratch.write(
        "libro/01-uno.md",
        "# Uno\n\nAntes.\n\n![Una foto](images/foto.png)\n",
    );
    let out = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let err = common::stderr(&out);
    // Never enlarged past 150 ppi: 600 pixels print 4 in wide.
    assert!(
        err.contains("libro/01-uno.md:5: images/foto.png prints at 150 ppi, below the 300 ppi printers ask for"),
        "{err}"
    );
    assert!(err.contains("give it at least 1200 pixels across"), "{err}");
}

#[test]
fn status_lines_say_what_fitting_the_interior_changed() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let scratch = Scratch::new("print-status");
    let out = scratch.run(&[
        "pdf",
        "--manuscript",
        sample.to_str().unwrap(),
        "-o",
        "libro.pdf",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let pages = Document::load(scratch.path("libro.pdf"))
        .unwrap()
        .get_pages()
        .len();
    let err = String::from_utf8_lossy(&out.stderr);
    // The sample's chapters end on page 35: one blank page makes the count even.
    assert!(
        err.contains(&format!(
            "Padded the interior with 1 blank page to {pages} pages"
        )),
        "{err}"
    );

    let root = long_book(
        &scratch,
        400,
        "[pdf]\nmargin_inner = \"10mm\"\n[print]\nprinter = \"kdp\"\n",
    );
    let out = scratch.run(&[
        "pdf",
        "--manuscript",
        root.to_str().unwrap(),
        "-o",
        "largo.pdf",
    ]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Widened the margins to Amazon KDP's minimum for")
            && err.contains("(inside 10.0 → 15.9 mm); the book was set again"),
        "{err}"
    );
}

//! The printed cover: its size from the interior's final page count and paper for each
//! printer, its spine text, front and back, the barcode read back by a scanner, and the
//! same PDF/X-1a rules as the interior.

use std::ffi::OsStr;
use std::path::Path;

use imprenta::diag::Warnings;
use imprenta::typeset::page::{Direction, Item, Page};
use lopdf::Document;

use crate::common::{self, Scratch};
use crate::pdfx::{assert_conforms, Standard};
use crate::print::{long_book, sample_with};

const INCH: f32 = 72.0;
const MM: f32 = 72.0 / 25.4;
/// A5, the sample's and the long book's trim.
const TRIM: (f32, f32) = (148.0 * MM, 210.0 * MM);

/// The spine each printer's published figures give, in inches (written here from the
/// specifications, apart from the code under test).
fn spine_inches(printer: &str, paper: &str, pages: usize) -> f32 {
    let pages = pages as f32;
    match (printer, paper) {
        ("lulu", _) => pages / 444.0 + 0.06,
        (_, "cream") => pages * 0.0025,
        (_, "color") => pages * 0.002347,
        _ => pages * 0.002252,
    }
}

/// The interior's page count, the cover's bytes and the warnings of a build of `root`.
fn build(root: &Path) -> (usize, Vec<u8>, Vec<String>) {
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(root, Some(0), &warnings).expect("parses");
    let all = imprenta::render_all(&parsed, &warnings, false).expect("builds");
    let interior = Document::load_mem(all.pdfs.print.as_ref().unwrap()).unwrap();
    let pages = interior.get_pages().len();
    assert_eq!(pages, all.pdfs.fitting.pages);
    let cover = all.pdfs.cover.expect("a book with [print] has a cover");
    (pages, cover, common::messages(&warnings))
}

/// A box of the cover's one page, `[x0, y0, x1, y1]`.
fn page_box(doc: &Document, name: &[u8]) -> [f32; 4] {
    let page = *doc.get_pages().values().next().unwrap();
    let values = doc
        .get_dictionary(page)
        .unwrap()
        .get(name)
        .and_then(lopdf::Object::as_array)
        .unwrap();
    let mut out = [0.0; 4];
    for (slot, v) in out.iter_mut().zip(values) {
        *slot = v.as_float().unwrap();
    }
    out
}

/// The cover's one page as laid out, and the warnings.
pub fn cover_page(root: &Path) -> (Page, Vec<String>) {
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(root, Some(0), &warnings).expect("parses");
    let (layout, _) = imprenta::cover_layout(&parsed, &warnings).expect("lays out");
    let page = (*layout.pages[0]).clone();
    (page, common::messages(&warnings))
}

/// Every text run on the page with its direction.
fn runs(page: &Page) -> Vec<(String, Direction)> {
    page.items
        .iter()
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some((run.text.to_string(), run.direction)),
            _ => None,
        })
        .collect()
}

#[test]
fn every_printer_s_cover_wraps_its_interior() {
    let qpdf = common::tool("qpdf");
    let pdffonts = common::tool("pdffonts");
    for (printer, paper) in [
        ("kdp", "cream"),
        ("ingramspark", "white"),
        ("lulu", "white"),
        ("generic", "color"),
    ] {
        let extra = format!(
            "[print]\nprinter = \"{printer}\"\npaper = \"{paper}\"\nisbn = \"978-84-0000-000-4\"\n"
        );
        let sample = Scratch::new(&format!("cover-sample-{printer}"));
        let long = Scratch::new(&format!("cover-long-{printer}"));
        for (book, root) in [
            ("sample", sample_with(&sample, &extra)),
            ("400 pages", long_book(&long, 400, &extra)),
        ] {
            let (pages, cover, said) = build(&root);
            let what = format!("{printer} on {paper}, {book} ({pages} pages)");
            let doc = Document::load_mem(&cover).unwrap();
            assert_eq!(doc.get_pages().len(), 1, "{what}");
            let media = page_box(&doc, b"MediaBox");
            let trim = page_box(&doc, b"TrimBox");
            let bleed = page_box(&doc, b"BleedBox");
            let spine = spine_inches(printer, paper, pages);
            let width = (media[2] - media[0]) / INCH;
            let want = 2.0 * TRIM.0 / INCH + spine + 2.0 * 0.125;
            assert!(
                (width - want).abs() < 0.01,
                "{what}: {width} in, not {want}"
            );
            let height = (media[3] - media[1]) / INCH;
            let want = TRIM.1 / INCH + 2.0 * 0.125;
            assert!((height - want).abs() < 0.01, "{what}: {height} in tall");
            // The trim inside the bleed by 0.125 in on all four edges.
            for (i, inset) in [9.0, 9.0, -9.0, -9.0].into_iter().enumerate() {
                assert!(
                    (trim[i] - media[i] - inset).abs() < 0.01,
                    "{what}: {trim:?}"
                );
            }
            assert_eq!(bleed, media, "{what}");
            assert_conforms(&cover, Standard::X1a2001);
            // IngramSpark's width is estimated, and the author told so.
            let estimated = said.iter().any(|m| m.contains("is an estimate"));
            assert_eq!(estimated, printer == "ingramspark", "{what}: {said:?}");
            // The sample's cover image is large enough for print.
            assert!(
                !said.iter().any(|m| m.contains("cover image")),
                "{what}: {said:?}"
            );

            let path = root.join("cover.pdf");
            std::fs::write(&path, &cover).unwrap();
            if let Some(qpdf) = &qpdf {
                let (ok, out, err) = common::run(qpdf, &[OsStr::new("--check"), path.as_os_str()]);
                assert!(ok && !out.contains("WARNING"), "{what}: {out}\n{err}");
            }
            if let Some(pdffonts) = &pdffonts {
                let (ok, out, _) = common::run(pdffonts, &[path.as_os_str()]);
                assert!(ok);
                for line in out.lines().skip(2) {
                    let emb = line.split_whitespace().rev().nth(4);
                    assert_eq!(emb, Some("yes"), "{what}: a font not embedded: {line}");
                }
            }
        }
    }
}

#[test]
fn the_spine_carries_text_from_80_pages_turned_as_the_language_reads() {
    let scratch = Scratch::new("cover-spine");
    let kdp = "[print]\nprinter = \"kdp\"\n";
    // A thin book: a bare spine.
    let thin = long_book(&scratch, 40, kdp);
    let (page, _) = cover_page(&thin);
    assert!(
        !runs(&page).iter().any(|(_, d)| *d != Direction::Across),
        "{:?}",
        runs(&page)
    );

    // Spanish spines read from the foot up; English ones from the head down; the
    // author's word overrides either.
    let thick = long_book(&scratch, 300, kdp);
    let toml = std::fs::read_to_string(thick.join("book.toml")).unwrap();
    for (language, spine, want) in [
        ("es", "", Direction::Up),
        ("en", "", Direction::Down),
        (
            "es",
            "[cover]\nspine = \"top-to-bottom\"\n",
            Direction::Down,
        ),
    ] {
        let edited = toml.replace("[book]\n", &format!("[book]\nlanguage = \"{language}\"\n"));
        std::fs::write(thick.join("book.toml"), format!("{edited}{spine}")).unwrap();
        let (page, _) = cover_page(&thick);
        let turned: Vec<(String, Direction)> = runs(&page)
            .into_iter()
            .filter(|(_, d)| *d != Direction::Across)
            .collect();
        let texts: Vec<&str> = turned.iter().map(|(t, _)| t.as_str()).collect();
        assert!(
            texts.contains(&"Largo") && texts.contains(&"Ana"),
            "{texts:?}"
        );
        assert!(
            turned.iter().all(|(_, d)| *d == want),
            "{language}: {turned:?}"
        );
        let cover = thick.join("cover.pdf");
        let (_, bytes, _) = build(&thick);
        // The writer turns the text matrix a quarter the way the layout says.
        let doc = Document::load_mem(&bytes).unwrap();
        let page_id = *doc.get_pages().values().next().unwrap();
        let content = String::from_utf8_lossy(&doc.get_page_content(page_id)).into_owned();
        let turn = match want {
            Direction::Up => "0 1 -1 0 ",
            _ => "0 -1 1 0 ",
        };
        assert!(content.contains(turn), "{language}: no `{turn}Tm`");
        std::fs::write(&cover, bytes).unwrap();
        // The ink of the spine's text stays inside its safety margins (0.0625 in from
        // each fold), as the printed page shows it.
        let dpi = 200;
        let Some((width, height, gray)) =
            crate::poppler::gray_page(&cover, 1, dpi, &cover.with_extension(""))
        else {
            continue;
        };
        let dpi = dpi as f32;
        let px = |points: f32| ((points + 0.125 * INCH) / INCH * dpi).round() as usize;
        let fold = (px(TRIM.0), px(page.width - TRIM.0));
        let margin = (0.0625 * dpi).floor() as usize;
        let inked = |columns: std::ops::Range<usize>| {
            columns
                .flat_map(|x| (0..height).map(move |y| (x, y)))
                .filter(|&(x, y)| gray[y * width + x] < 128)
                .count()
        };
        assert!(
            inked(fold.0 + margin..fold.1 - margin) > 100,
            "no text on the spine"
        );
        assert_eq!(
            inked(fold.0 - margin..fold.0 + margin),
            0,
            "{language}: ink at the back's fold"
        );
        assert_eq!(
            inked(fold.1 - margin..fold.1 + margin),
            0,
            "{language}: ink at the front's fold"
        );
    }
}

#[test]
fn the_barcode_scans_as_the_isbn() {
    let scratch = Scratch::new("cover-barcode");
    let root = long_book(
        &scratch,
        100,
        "[print]\nprinter = \"kdp\"\nisbn = \"978-84-9838-211-2\"\n",
    );
    let (_, cover, _) = build(&root);
    let pdf = root.join("cover.pdf");
    std::fs::write(&pdf, &cover).unwrap();
    // The symbol's text layer: the ISBN as written above the bars, the digits below.
    let (page, _) = cover_page(&root);
    let texts: Vec<String> = runs(&page).into_iter().map(|(t, _)| t).collect();
    for want in ["ISBN 978-84-9838-211-2", "9", "788498", "382112"] {
        assert!(texts.iter().any(|t| t == want), "{want}: {texts:?}");
    }
    // A scanner reads the bars from the printed page.
    let (Some(pdftoppm), Some(zbarimg)) = (common::tool("pdftoppm"), common::tool("zbarimg"))
    else {
        return;
    };
    let png = root.join("cover");
    let (ok, _, err) = common::run(
        &pdftoppm,
        &[
            OsStr::new("-r"),
            OsStr::new("300"),
            OsStr::new("-gray"),
            OsStr::new("-png"),
            OsStr::new("-singlefile"),
            pdf.as_os_str(),
            png.as_os_str(),
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = common::run(
        &zbarimg,
        &[
            OsStr::new("-q"),
            OsStr::new("--raw"),
            root.join("cover.png").as_os_str(),
        ],
    );
    assert!(ok, "zbarimg read nothing: {err}");
    assert_eq!(out.trim(), "9788498382112");
}

#[test]
fn the_front_is_the_cover_image_or_the_title_in_type() {
    let scratch = Scratch::new("cover-front");
    let root = long_book(&scratch, 40, "[print]\nprinter = \"lulu\"\n");
    let toml = std::fs::read_to_string(root.join("book.toml")).unwrap();
    // No image: the title, subtitle-less, and the author, across the front panel.
    let (page, _) = cover_page(&root);
    let front = page.width - TRIM.0;
    let across: Vec<(String, f32)> = page
        .placed_lines()
        .into_iter()
        .map(|line| (line.text, line.at.x))
        .collect();
    for word in ["Largo", "Ana"] {
        let (_, x) = across
            .iter()
            .find(|(t, _)| t == word)
            .unwrap_or_else(|| panic!("{word}: {across:?}"));
        assert!(*x > front, "{word} at {x}, left of the front at {front}");
    }

    // An image: it fills the front and its bleed, cut at the spine; its resolution is
    // checked at that size.
    for (width, outcome) in [
        (1800, None),
        (
            1200,
            Some("prints at 202 ppi on the front, below the 300 ppi"),
        ),
        (
            600,
            Some("prints at 101 ppi on the front, too coarse to print"),
        ),
    ] {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(width, width * 3 / 2, image::Rgb([20, 60, 120]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        scratch.write("libro/images/tapa.png", png);
        std::fs::write(
            root.join("book.toml"),
            toml.replace("[book]\n", "[book]\ncover = \"images/tapa.png\"\n"),
        )
        .unwrap();
        let warnings = Warnings::new();
        let parsed = imprenta::parse_book(&root, Some(0), &warnings).expect("parses");
        let laid = imprenta::cover_layout(&parsed, &warnings);
        let said = common::messages(&warnings);
        match outcome {
            None => {
                assert!(said.is_empty(), "{said:?}");
                let (layout, _) = laid.expect("lays out");
                let (corner, w, h) = layout.pages[0]
                    .items
                    .iter()
                    .find_map(|p| match &p.item {
                        Item::Image { clip, .. } => *clip,
                        _ => None,
                    })
                    .expect("the image, cut to the front");
                let bleed = 0.125 * INCH;
                assert!((corner.x - front).abs() < 0.01 && (corner.y + bleed).abs() < 0.01);
                assert!((w - (TRIM.0 + bleed)).abs() < 0.01);
                assert!((h - (TRIM.1 + 2.0 * bleed)).abs() < 0.01);
            }
            Some(message) if message.contains("too coarse") => {
                let error = laid.expect_err("refused").to_string();
                assert!(error.contains(message), "{error}");
                assert!(error.contains("book.toml:2:"), "{error}");
                // `check` says so too, before any page is set.
                let report = imprenta::check::check(&root, &Warnings::new());
                let errors: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
                assert!(errors.iter().any(|e| e.contains(message)), "{errors:?}");
            }
            Some(message) => {
                assert!(laid.is_ok());
                assert!(
                    said.iter()
                        .any(|m| m.contains(message) && m.contains("book.toml:2:")),
                    "{said:?}"
                );
            }
        }
    }
}

#[test]
fn cover_settings_are_checked_with_their_lines() {
    for (table, wrong, message) in [
        (
            "[print]",
            "paper = \"glossy\"",
            "`paper` in [print] is `glossy`",
        ),
        (
            "[print]",
            "spine_width = \"9in\"",
            "`spine_width` in [print] must be",
        ),
        (
            "[cover]",
            "spine = \"sideways\"",
            "`spine` in [cover] is `sideways`",
        ),
        ("[cover]", "back = \" \"", "`back` in [cover] is empty"),
        (
            "[print]",
            "isbn = \"978-84-0000-000-5\"",
            "whose check digit is wrong",
        ),
    ] {
        let scratch = Scratch::with_book("cover-settings");
        scratch.write(
            "libro/book.toml",
            format!("[book]\ntitle = \"Prueba\"\n{table}\n{wrong}\n"),
        );
        let out = scratch.run(&["cover", "--manuscript", "libro", "-o", "out/c.pdf"]);
        assert_eq!(out.status.code(), Some(1), "{wrong}");
        let err = common::stderr(&out);
        assert!(err.contains("libro/book.toml:4:"), "{wrong}: {err}");
        assert!(err.contains(message), "{wrong}: {err}");
        assert!(!scratch.path("out/c.pdf").exists());
    }
}

#[test]
fn build_writes_the_cover_when_the_book_has_a_printer() {
    let scratch = Scratch::with_book("cover-build");
    let out = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(!scratch.path("out/prueba-cover.pdf").exists());

    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n[print]\n",
    );
    let out = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let cover = std::fs::read(scratch.path("out/prueba-cover.pdf")).unwrap();
    assert_conforms(&cover, Standard::X1a2001);
    // From the command line, `cover` alone writes the cover `build` writes.
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_imprenta"))
            .args(args)
            .current_dir(scratch.path(""))
            .env("SOURCE_DATE_EPOCH", "0")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
    };
    run(&["build", "--manuscript", "libro", "--out-dir", "same"]);
    run(&["cover", "--manuscript", "libro", "-o", "same/alone.pdf"]);
    assert_eq!(
        std::fs::read(scratch.path("same/prueba-cover.pdf")).unwrap(),
        std::fs::read(scratch.path("same/alone.pdf")).unwrap()
    );
    // `cover` alone makes the same cover as `build`, byte for byte, run after run.
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), Some(0), &warnings).unwrap();
    let alone = imprenta::render_cover(&parsed, &warnings)
        .unwrap()
        .cover
        .unwrap();
    let again = imprenta::render_cover(&parsed, &warnings)
        .unwrap()
        .cover
        .unwrap();
    let built = imprenta::render_all(&parsed, &warnings, false).unwrap();
    assert_eq!(alone, again);
    assert_eq!(Some(alone), built.pdfs.cover);
}

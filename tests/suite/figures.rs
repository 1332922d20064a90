//! Figures in the print edition: every format the EPUB accepts is in the PDF. Rasters
//! the PDF cannot copy (GIF, WebP, PNG with alpha or 16 bits, CMYK JPEG) are decoded, at
//! their own size, with a soft mask for alpha (`pdfimages`); SVG is drawn as vectors
//! inside the figure's box, its text extractable (`pdftoppm`, `pdftotext`); the file is
//! clean (`qpdf --check`) and rebuilds byte for byte. An SVG that cannot be drawn
//! is framed, with a warning that names it.

use std::ffi::OsStr;
use std::path::Path;

use imprenta::diag::Warnings;
use imprenta::typeset::page::Item;

use crate::common;

const FIXTURE: &str = "tests/fixtures/figuras";

/// Parses and typesets the manuscript at `root`, afresh.
fn build(root: &Path) -> (Vec<u8>, imprenta::Parsed, Warnings) {
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(root, None, &warnings)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", root.display()));
    let bytes = imprenta::render_pdf(&parsed, &warnings)
        .map(|(bytes, _)| bytes)
        .expect("the book typesets");
    (bytes, parsed, warnings)
}

/// Where the layout put image `path`: its page (from 1) and box (x, y from the top,
/// width, height) in points.
fn placed(fixture: &common::Fixture, path: &str) -> (usize, [f32; 4]) {
    let id = fixture
        .book()
        .images
        .iter()
        .position(|i| i.path == path)
        .unwrap_or_else(|| panic!("{path} is not in the book"));
    for (n, page) in fixture.layout().pages.iter().enumerate() {
        for p in &page.items {
            if let Item::Image {
                image,
                width,
                height,
                ..
            } = &p.item
            {
                if *image == id {
                    return (n + 1, [p.at.x, p.at.y, *width, *height]);
                }
            }
        }
    }
    panic!("{path} is not placed as an image");
}

/// One `pdfimages -list` row: type (`image`, `smask`), width, height, color, bits.
type Listed = (String, u32, u32, String, u32);

/// The images `pdfimages -list` finds on page `page`, or on every page.
fn images(pdf: &Path, page: Option<usize>) -> Option<Vec<Listed>> {
    let tool = common::tool("pdfimages")?;
    let mut args: Vec<String> = vec!["-list".into()];
    if let Some(n) = page {
        args.extend(["-f".into(), n.to_string(), "-l".into(), n.to_string()]);
    }
    args.push(pdf.display().to_string());
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    let (ok, out, err) = common::run(&tool, &args);
    assert!(ok, "pdfimages failed: {err}");
    Some(
        out.lines()
            .skip(2)
            .map(|row| {
                let c: Vec<&str> = row.split_whitespace().collect();
                let num = |i: usize| c[i].parse::<u32>().unwrap_or_else(|_| panic!("{row}"));
                (c[2].to_string(), num(3), num(4), c[5].to_string(), num(7))
            })
            .collect(),
    )
}

#[test]
fn every_format_is_in_the_pdf() {
    let figuras = common::fixture(FIXTURE);
    let pdf = figuras.pdf().path.as_path();
    let warned = [
        common::messages(&figuras.parse_warnings),
        common::messages(&figuras.pdf().warnings),
    ]
    .concat();
    // The fixture's rasters are a few dozen pixels across: each prints far below the
    // 300 ppi a printer asks for, and is named; nothing else is wrong.
    let (low, other): (Vec<&String>, Vec<&String>) = warned
        .iter()
        .partition(|m| m.contains(" ppi, below the 300 ppi printers ask for"));
    assert!(other.is_empty(), "{other:?}");
    assert_eq!(low.len(), 5, "one warning per raster: {low:?}");
    let items = figuras.layout().pages.iter().flat_map(|p| &p.items);
    let (mut shown, mut framed) = (0, 0);
    for p in items {
        match p.item {
            Item::Image { .. } => shown += 1,
            Item::Frame { .. } => framed += 1,
            _ => {}
        }
    }
    assert_eq!((shown, framed), (6, 0), "six figures, none framed");

    // Each raster at its own pixel size, in 8 bits; only the PNG with alpha has a mask
    // (in the screen PDF: the print interior's are gray, their alpha flattened on paper).
    let screen = figuras.screen().path.as_path();
    if let Some(mut found) = images(pdf, None) {
        found.sort();
        let gray = |w, h| ("image".to_string(), w, h, "gray".to_string(), 8);
        let mut expected = vec![
            gray(48, 32),
            gray(64, 40),
            gray(60, 40),
            gray(50, 30),
            gray(40, 40),
        ];
        expected.sort();
        assert_eq!(found, expected, "pdfimages -list (print interior)");
    }
    if let Some(mut found) = images(screen, None) {
        found.sort();
        let row = |kind: &str, w, h, color: &str| (kind.to_string(), w, h, color.to_string(), 8);
        let mut expected = vec![
            row("image", 48, 32, "rgb"), // mapa.gif, its first frame
            row("image", 64, 40, "rgb"), // altiplano.webp
            row("image", 60, 40, "rgb"), // sello.png, RGBA
            row("smask", 60, 40, "gray"),
            row("image", 50, 30, "rgb"), // perfil.png, 16 bits, interlaced
            row("image", 40, 40, "rgb"), // tinta.jpg, CMYK
        ];
        expected.sort();
        assert_eq!(found, expected, "pdfimages -list (screen PDF)");
    }

    // The SVG: no raster on its page, yet ink inside its box and paper just around it.
    let (page, [x, y, w, h]) = placed(figuras, "images/ilustracion.svg");
    assert!(
        (w / h - 2.0).abs() < 0.01,
        "the SVG keeps its 240×120 shape: {w}×{h}"
    );
    if let Some(rows) = images(pdf, Some(page)) {
        assert!(rows.is_empty(), "the SVG became a raster: {rows:?}");
    }
    let dpi = 50;
    let out = common::scratch_dir().join(format!("figuras-page-{page}"));
    if let Some((width, _, gray)) = crate::poppler::gray_page(pdf, page, dpi, &out) {
        let px = |v: f32| (v * dpi as f32 / 72.0).round() as usize;
        let at = |col: usize, row: usize| gray[row * width + col];
        let (left, top, right, bottom) = (px(x), px(y), px(x + w), px(y + h));
        let inside: Vec<u8> = (top + 1..bottom - 1)
            .flat_map(|r| (left + 1..right - 1).map(move |c| (c, r)))
            .map(|(c, r)| at(c, r))
            .collect();
        let dark = inside.iter().filter(|&&v| v < 128).count();
        assert!(
            dark * 2 > inside.len(),
            "the drawing is mostly dark: {dark} of {} pixels",
            inside.len()
        );
        // Two pixels outside the box on each side: the drawing fills the box, no more.
        for c in left..right {
            assert!(
                at(c, top - 2) > 240 && at(c, bottom + 2) > 240,
                "ink outside, column {c}"
            );
        }
        for r in top..bottom {
            assert!(
                at(left - 2, r) > 240 && at(right + 2, r) > 240,
                "ink outside, row {r}"
            );
        }
    }
    if let Some(pdftotext) = common::tool("pdftotext") {
        let page = page.to_string();
        let (ok, text, err) = common::run(
            &pdftotext,
            &[
                OsStr::new("-f"),
                OsStr::new(&page),
                OsStr::new("-l"),
                OsStr::new(&page),
                pdf.as_os_str(),
                OsStr::new("-"),
            ],
        );
        assert!(ok, "{err}");
        // Set in the text face (for an unknown family) and in the mono face.
        for words in ["Montaña Illimani", "6438 m"] {
            assert!(
                text.contains(words),
                "«{words}» not in the SVG's text: {text}"
            );
        }
    }
    if let Some(qpdf) = common::tool("qpdf") {
        let (ok, out, err) = common::run(&qpdf, &[OsStr::new("--check"), pdf.as_os_str()]);
        assert!(ok, "qpdf --check failed:\n{out}\n{err}");
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        assert!(!out.contains("WARNING"), "{out}");
    }
    // The SVG's text comes with its own subset of the book's face.
    if let Some(pdffonts) = common::tool("pdffonts") {
        let (ok, out, err) = common::run(&pdffonts, &[pdf.as_os_str()]);
        assert!(ok && err.is_empty(), "{err}");
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(
            rows.len() >= 4,
            "body, captions and the SVG's two faces:\n{out}"
        );
        for row in rows {
            let name = row.split_whitespace().next().unwrap_or("");
            assert!(
                name.len() > 7 && name.as_bytes()[6] == b'+',
                "not a subset: {row}"
            );
            assert!(
                row.contains(" yes yes yes "),
                "not embedded, subset, with a Unicode map: {row}"
            );
        }
    }
}

#[test]
fn figures_rebuild_byte_for_byte() {
    let figuras = common::fixture(FIXTURE);
    let first = &figuras.pdf().bytes;
    let (second, _, _) = build(&figuras.root);
    assert!(*first == second, "two builds in one process differ");
    // Another process: other hash seeds, other addresses.
    let out = common::scratch_dir().join("figuras-cli.pdf");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["pdf", "-q", "--manuscript"])
        .arg(&figuras.root)
        .arg("-o")
        .arg(&out)
        .status()
        .expect("imprenta runs");
    assert!(status.success());
    assert!(
        std::fs::read(&out).unwrap() == *first,
        "the command's PDF differs"
    );
}

#[test]
fn the_epub_still_takes_every_format() {
    let figuras = common::fixture(FIXTURE);
    let book = figuras.book();
    assert_eq!(
        book.images
            .iter()
            .map(|i| (i.path.as_str(), i.width, i.height))
            .collect::<Vec<_>>(),
        [
            ("images/mapa.gif", 48, 32),
            ("images/altiplano.webp", 64, 40),
            ("images/sello.png", 60, 40),
            ("images/perfil.png", 50, 30),
            ("images/tinta.jpg", 40, 40),
            ("images/ilustracion.svg", 240, 120),
        ]
    );
    common::assert_epubcheck_clean(&figuras.epub().path);
}

#[test]
fn an_svg_that_cannot_be_drawn_is_framed_and_named() {
    let dir = common::scratch_dir().join("rotas");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Rotas\"\n").unwrap();
    std::fs::write(
        dir.join("01.md"),
        "# Rotas\n\n![Un plano](images/roto.svg)\n\n![Un pozo](images/hondo.svg)\n",
    )
    .unwrap();
    // Groups nested 600 deep: refused, where copying them once overflowed the stack.
    let depth = 600;
    let hondo = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">{}{}</svg>",
        "<g opacity=\"0.9\"><rect width=\"1\" height=\"1\"/>".repeat(depth),
        "</g>".repeat(depth)
    );
    std::fs::write(dir.join("images/hondo.svg"), hondo).unwrap();
    std::fs::write(
        dir.join("images/roto.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\"><path d=\"M0 0\"</svg>",
    )
    .unwrap();
    let (_, parsed, warnings) = build(&dir);
    let layout = imprenta::layout(&parsed, &Warnings::new()).expect("lays out");
    let frames = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|p| matches!(p.item, Item::Frame { .. }))
        .count();
    assert_eq!(frames, 2);
    let messages = common::messages(&warnings);
    // A placeholder is wide enough for its description, however small the image.
    assert!(
        !messages.iter().any(|m| m.contains("past the margin")),
        "{messages:?}"
    );
    for name in ["images/roto.svg", "images/hondo.svg"] {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(name) && m.contains("is not drawn in the PDF")),
            "no warning names {name}: {messages:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

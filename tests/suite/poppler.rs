//! What poppler sees on a page: its ink (`pdftoppm`), its words' boxes (`pdftotext
//! -bbox`), for tests that measure what was printed.

use std::ffi::OsStr;
use std::path::Path;

use crate::common::{self, run};

/// Page `page` (from 1) of `pdf` rendered in gray at `dpi` by poppler's `pdftoppm` into
/// `out`.pgm: width, height and one byte a pixel; `None` when pdftoppm is missing
/// (reported as a skip, or a failure in CI).
pub fn gray_page(pdf: &Path, page: usize, dpi: u32, out: &Path) -> Option<(usize, usize, Vec<u8>)> {
    let pdftoppm = common::tool("pdftoppm")?;
    let (page, dpi) = (page.to_string(), dpi.to_string());
    let (ok, _, err) = run(
        &pdftoppm,
        &[
            OsStr::new("-gray"),
            OsStr::new("-r"),
            OsStr::new(&dpi),
            OsStr::new("-f"),
            OsStr::new(&page),
            OsStr::new("-l"),
            OsStr::new(&page),
            OsStr::new("-singlefile"),
            pdf.as_os_str(),
            out.as_os_str(),
        ],
    );
    assert!(ok, "pdftoppm failed: {err}");
    let pgm = std::fs::read(out.with_extension("pgm")).expect("pdftoppm wrote the page");
    // "P5\n<width> <height>\n255\n", then the samples.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P5", "255"));
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let samples = pgm[at + 1..].to_vec();
    assert_eq!(samples.len(), w * h, "a whole page of samples");
    Some((w, h, samples))
}

/// The text block's inner edge, measured with `pdftotext -bbox` on a full recto and the
/// verso after it, is `inner` from the spine; false when pdftotext is missing.
pub fn gutter_measures(path: &Path, pages: usize, inner: f32) -> bool {
    let Some(pdftotext) = common::tool("pdftotext") else {
        return false;
    };
    let page_edges = |page: usize| {
        let n = page.to_string();
        let (ok, html, err) = run(
            &pdftotext,
            &[
                OsStr::new("-bbox"),
                OsStr::new("-f"),
                OsStr::new(&n),
                OsStr::new("-l"),
                OsStr::new(&n),
                path.as_os_str(),
                OsStr::new("-"),
            ],
        );
        assert!(ok, "{err}");
        let number = |line: &str, key: &str| -> Option<f32> {
            let at = line.find(&format!(" {key}=\""))? + key.len() + 3;
            line[at..].split('"').next()?.parse().ok()
        };
        let words: Vec<(f32, f32)> = html
            .lines()
            .filter(|l| l.contains("<word"))
            .filter_map(|l| Some((number(l, "xMin")?, number(l, "xMax")?)))
            .collect();
        let left = words.iter().map(|w| w.0).fold(f32::MAX, f32::min);
        let right = words.iter().map(|w| w.1).fold(0.0, f32::max);
        (words.len(), left, right)
    };
    // The interiors measured are A5.
    let width = 148.0 * 72.0 / 25.4;
    // A full recto of running text past the front matter, and the verso after it.
    let recto = (21..pages)
        .step_by(2)
        .find(|&p| page_edges(p).0 > 150 && page_edges(p + 1).0 > 150)
        .expect("two full facing pages");
    let (_, recto_left, _) = page_edges(recto);
    let (_, _, verso_right) = page_edges(recto + 1);
    assert!(
        (recto_left - inner).abs() < 1.0,
        "recto's inner edge at {recto_left}, wanted {inner}"
    );
    assert!(
        (width - verso_right - inner).abs() < 1.0,
        "verso's inner edge at {}, wanted {inner}",
        width - verso_right
    );
    true
}

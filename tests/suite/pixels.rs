//! Pages as poppler draws them, for tests that look at the ink.

use std::ffi::OsStr;
use std::path::Path;

use crate::common::run;

/// A one-page PDF rendered in gray at `dpi` by poppler's `pdftoppm`: width, height and
/// one byte a pixel.
pub fn gray_page(pdftoppm: &Path, pdf: &Path, dpi: f32) -> (usize, usize, Vec<u8>) {
    let out = pdf.with_extension("");
    let (ok, _, err) = run(
        pdftoppm,
        &[
            OsStr::new("-r"),
            OsStr::new(&dpi.to_string()),
            OsStr::new("-gray"),
            OsStr::new("-singlefile"),
            pdf.as_os_str(),
            out.as_os_str(),
        ],
    );
    assert!(ok, "{err}");
    let pgm = std::fs::read(out.with_extension("pgm")).unwrap();
    // P5: the magic, width, height and maximum, each ended by one whitespace byte.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let end = at + pgm[at..].iter().position(u8::is_ascii_whitespace).unwrap();
        fields.push(String::from_utf8_lossy(&pgm[at..end]).to_string());
        at = end + 1;
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, pgm[at..at + w * h].to_vec())
}

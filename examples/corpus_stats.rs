//! The typesetter's counts for a manuscript, usually a large one: pages, lines, hyphens,
//! loose and overfull lines, the PDF's size and the time taken; then, from the layout's
//! own dump of each page, widows, orphans, overlong pages and spreads whose last lines
//! do not stand level. A measurement, not a test: it prints and asserts nothing.
//!
//! ```sh
//! cargo run --release --example corpus_stats -- ../shared/corpora/quijote-es
//! ```
//!
//! Without an argument it measures the sample book, `manuscript/`.

#[path = "../tests/suite/spreads.rs"]
mod spreads;

use std::path::Path;
use std::time::Instant;

use imprenta::diag::Warnings;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "manuscript".into());
    let warnings = Warnings::new();
    let started = Instant::now();
    let parsed = match imprenta::parse_book(Path::new(&dir), None, &warnings) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    };
    let (bytes, stats) = match imprenta::render_pdf(&parsed, &warnings) {
        Ok(rendered) => rendered,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    };
    println!(
        "{dir}: {stats:?}, {} bytes, {:.2} s",
        bytes.len(),
        started.elapsed().as_secs_f64()
    );

    let layout = imprenta::layout(&parsed, &Warnings::new()).expect("it laid out just now");
    let pages = &layout.pages;
    let widows = pages
        .iter()
        .filter(|p| {
            p.lines
                .first()
                .is_some_and(|l| l.count > 1 && l.index + 1 == l.count)
        })
        .count();
    let orphans = pages
        .iter()
        .filter(|p| p.lines.last().is_some_and(|l| l.count > 1 && l.index == 0))
        .count();
    let long = pages.iter().filter(|p| p.lines.len() > 36).count();
    println!("widows {widows}, orphans {orphans}, pages with more than 36 lines {long}");
    let uneven = spreads::uneven_spreads(pages);
    println!(
        "{} of {} spreads' last lines do not stand level: {uneven:?}",
        uneven.len(),
        pages.len() / 2
    );
}

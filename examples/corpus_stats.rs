//! The typesetter's counts for a manuscript, usually a large one: pages, lines, hyphens,
//! loose and overfull lines, the PDF's size and the time taken; then, from the layout's
//! own pages, the measures of `tests/suite/measure.rs`: uneven spreads, long and short
//! pages, widows, orphans, lines off the grid, hyphens and their runs, short chapter
//! endings, word gaps. A measurement, not a test: it prints and asserts nothing.
//!
//! ```sh
//! cargo run --release --example corpus_stats -- ../shared/corpora/quijote-es
//! ```
//!
//! Without an argument it measures the sample book, `manuscript/`.

#[path = "../tests/suite/measure.rs"]
mod measure;

use std::path::Path;
use std::time::Instant;

use imprenta::diag::Warnings;
use imprenta::typeset::page::PageKind;

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
    let m = measure::measure(&layout.pages);
    println!("{m}");
    // Each long or short page with its chapter (by its opening page) and its place there.
    let openings: Vec<usize> = (0..layout.pages.len())
        .filter(|&j| layout.pages[j].kind == PageKind::Opening)
        .collect();
    for &(i, off, left) in &m.off_pages {
        let nth = openings.partition_point(|&o| o <= i);
        let opening = nth.checked_sub(1).map_or(0, |k| openings[k]);
        println!(
            "off page {i} {off:+}: opening #{nth} page {} of {}",
            i - opening,
            i - opening + left + 1
        );
    }
    let uneven = measure::uneven_spreads(&layout.pages);
    println!("uneven spreads at (verso index): {uneven:?}");
}

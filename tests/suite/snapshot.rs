//! The laid-out pages of `tests/fixtures/layout-libro` as text, compared with
//! `tests/snapshots/layout-libro.txt`: for each page a header (physical page from 1,
//! label, kind), then its lines as `Page::text_lines` reads them, running heads and
//! folios included. Any change to the breaking of lines or pages shows here as a diff.
//!
//! When a change is meant, rewrite the snapshot and review it with `git diff` (refused
//! under `CI=true`):
//!
//! ```sh
//! IMPRENTA_BLESS=1 cargo test --test suite snapshot
//! ```

use std::path::Path;

use imprenta::typeset::Layout;

use crate::common;

const FIXTURE: &str = "tests/fixtures/layout-libro";
const SNAPSHOT: &str = "tests/snapshots/layout-libro.txt";

/// The pages, one header line each followed by their text lines.
fn dump(layout: &Layout) -> String {
    let mut out = String::new();
    for (i, page) in layout.pages.iter().enumerate() {
        out.push_str(&format!(
            "== page {} (label {}, {:?})\n",
            i + 1,
            page.label,
            page.kind
        ));
        for line in page.text_lines() {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn layout_libro_matches_its_snapshot() {
    let actual = dump(common::fixture(FIXTURE).layout());
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("IMPRENTA_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        // CI compares; a blessing there would pass whatever the pages became.
        assert!(!common::in_ci(), "IMPRENTA_BLESS is set in CI (CI=true)");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("tests/snapshots");
        std::fs::write(&path, &actual).expect("write the snapshot");
        eprintln!("blessed {SNAPSHOT}");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("cannot read {SNAPSHOT} ({e}); write it with IMPRENTA_BLESS=1 cargo test")
    });
    if expected != actual {
        panic!(
            "the pages of {FIXTURE} differ from {SNAPSHOT}\n{}\n\
             If the change is meant: IMPRENTA_BLESS=1 cargo test --test suite snapshot",
            diff(&expected, &actual)
        );
    }
}

/// The first differing lines of two dumps: a few lines of context, then the snapshot's
/// lines (`-`) and the current ones (`+`), each with its page.
fn diff(expected: &str, actual: &str) -> String {
    const CONTEXT: usize = 3;
    const SHOWN: usize = 12;
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    let same = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[same..]
        .iter()
        .rev()
        .zip(new[same..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let pages_old = page_numbers(&old);
    let pages_new = page_numbers(&new);
    let mut out = format!(
        "first difference at line {} (page {} of the snapshot, page {} now):\n",
        same + 1,
        pages_old.get(same).copied().unwrap_or(0),
        pages_new.get(same).copied().unwrap_or(0)
    );
    for i in same.saturating_sub(CONTEXT)..same {
        out.push_str(&format!("  p{:<3} {}\n", pages_old[i], old[i]));
    }
    for (sign, lines, pages) in [
        ('-', &old[same..old.len() - tail], &pages_old[same..]),
        ('+', &new[same..new.len() - tail], &pages_new[same..]),
    ] {
        for (line, page) in lines.iter().zip(pages).take(SHOWN) {
            out.push_str(&format!("{sign} p{page:<3} {line}\n"));
        }
        if lines.len() > SHOWN {
            out.push_str(&format!("{sign} … {} more lines\n", lines.len() - SHOWN));
        }
    }
    out
}

/// The page each line of a dump belongs to (0 before the first header).
fn page_numbers(lines: &[&str]) -> Vec<usize> {
    let mut page = 0;
    lines
        .iter()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("== page ") {
                page = rest
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(page);
            }
            page
        })
        .collect()
}

#[test]
fn a_snapshot_diff_names_the_pages() {
    let old = "== page 1 (label i, Display)\nTítulo\n== page 2 (label ii, Blank)\n\
               == page 3 (label 1, Opening)\nUna línea\notra línea\n";
    let new = old.replace("otra línea", "otra línea más");
    let diff = diff(old, &new);
    assert!(
        diff.starts_with("first difference at line 6 (page 3 of the snapshot, page 3 now):"),
        "{diff}"
    );
    assert!(diff.contains("\n- p3   otra línea\n"), "{diff}");
    assert!(diff.contains("\n+ p3   otra línea más\n"), "{diff}");
    assert!(diff.contains("\n  p3   Una línea\n"), "{diff}");
}

//! The table of contents as pages: entries on the grid, turned lines hanging, and where
//! its pages break.

use crate::common;

/// The contents set entry after entry on the grid, with no space between them; an entry
/// too long for its line hangs, its later lines one em further in, its page number on
/// its last line.
#[test]
fn contents_entries_follow_each_other_and_long_ones_hang() {
    use imprenta::typeset::page::{Item, Role};
    let scratch = common::Scratch::new("layout-contents");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Índices\"\n");
    let long = "Que trata de la condición y ejercicio del famoso hidalgo don Quijote de la Mancha y de otras cosas dignas de ser contadas";
    for (i, title) in ["Uno", long, "Tres", "Cuatro"].iter().enumerate() {
        scratch.write(
            &format!("libro/{:02}.md", i + 1),
            format!("# {title}\n\nTexto.\n\n## Una sección\n\nMás texto.\n"),
        );
    }
    let layout = scratch.layout();
    let page = layout
        .pages
        .iter()
        .find(|p| p.items.iter().any(|i| i.role == Role::TocEntry))
        .expect("a contents page");
    // Each line's baseline, left edge and text.
    let mut lines: Vec<(f32, f32, String)> = Vec::new();
    let mut items: Vec<_> = page
        .items
        .iter()
        .filter(|i| i.role == Role::TocEntry)
        .filter_map(|i| match &i.item {
            Item::Text(run) if !run.text.trim_matches(['.', ' ']).is_empty() => {
                Some((i.at.y, i.at.x, run))
            }
            _ => None,
        })
        .collect();
    items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (y, x, run) in items {
        match lines.last_mut() {
            // Runs are pieces of words; a space comes where the text has one.
            Some(line) if (line.0 - y).abs() < 0.5 => {
                if run.spaced {
                    line.2.push(' ');
                }
                line.2.push_str(&run.text);
            }
            _ => lines.push((y, x, run.text.to_string())),
        }
    }
    // Four chapters with a section each; the long title takes two or more lines.
    assert!(lines.len() > 8, "{lines:?}");
    let leading = 13.5;
    for pair in lines.windows(2) {
        let step = pair[1].0 - pair[0].0;
        assert!((step - leading).abs() < 0.01, "a gap between {pair:?}");
    }
    let first = lines
        .iter()
        .position(|l| l.2.starts_with("Que trata"))
        .unwrap_or_else(|| panic!("{lines:?}"));
    let next = &lines[first + 1];
    assert!(
        (next.1 - lines[first].1 - 10.5).abs() < 0.01,
        "the turned line hangs one em in: {:?} / {next:?}",
        lines[first]
    );
    assert!(
        !lines[first].2.ends_with(" 1"),
        "the number is not on the first line"
    );
    let last = lines[first + 1..]
        .iter()
        .find(|l| l.2.ends_with(|c: char| c.is_ascii_digit()))
        .unwrap();
    assert!(
        last.2.contains("contadas"),
        "the number on the title's last line: {last:?}"
    );
}

/// The contents break as a compositor breaks them: never with a chapter's entry at a
/// page's foot and its first section overleaf, and never leaving fewer than five lines on
/// its last page (or it stays on one page). Books of 10 to 20 chapters, a section each,
/// put the break everywhere in the contents' second half.
#[test]
fn contents_pages_keep_a_chapter_with_its_section_and_five_lines_overleaf() {
    use imprenta::typeset::page::{Item, Role};
    let mut turned = 0;
    for chapters in 10..=20 {
        let scratch = common::Scratch::new(&format!("layout-contents-{chapters}"));
        scratch.write("libro/book.toml", "[book]\ntitle = \"Índices\"\n");
        for i in 1..=chapters {
            scratch.write(
                &format!("libro/{i:02}.md"),
                format!("# Capítulo {i}\n\nTexto.\n\n## Sección {i}\n\nMás texto.\n"),
            );
        }
        let layout = scratch.layout();
        // Each contents page's lines, top to bottom: (baseline, whether a section's).
        let pages: Vec<Vec<(f32, bool)>> = layout
            .pages
            .iter()
            .map(|page| {
                let mut lines: Vec<(f32, f32)> = Vec::new();
                for placed in page.items.iter().filter(|i| i.role == Role::TocEntry) {
                    let Item::Text(run) = &placed.item else {
                        continue;
                    };
                    if run.text.trim_matches(['.', ' ']).is_empty() {
                        continue;
                    }
                    match lines.iter_mut().find(|l| (l.0 - placed.at.y).abs() < 0.5) {
                        Some(line) => line.1 = line.1.min(placed.at.x),
                        None => lines.push((placed.at.y, placed.at.x)),
                    }
                }
                lines.sort_by(|a, b| a.0.total_cmp(&b.0));
                let left = lines.iter().map(|l| l.1).fold(f32::INFINITY, f32::min);
                lines.iter().map(|l| (l.0, l.1 > left + 1.0)).collect()
            })
            .filter(|lines: &Vec<(f32, bool)>| !lines.is_empty())
            .collect();
        let entries: usize = pages.iter().map(Vec::len).sum();
        assert_eq!(entries, 2 * chapters, "{pages:?}");
        if pages.len() > 1 {
            turned += 1;
            let last = pages.last().expect("pages");
            assert!(
                last.len() >= 5,
                "{chapters} chapters: {last:?} alone overleaf"
            );
            for page in &pages[..pages.len() - 1] {
                let foot = page.last().expect("lines");
                assert!(foot.1, "{chapters} chapters: a chapter's entry ends a page");
            }
        }
    }
    // Some of these contents run over a page.
    assert!(turned > 0);
}

/// A part's entry in the contents stays on the page of its first chapter's: books of
/// three parts of 22 to 28 chapters each (at 25, a part's entry fell at a page's foot
/// without the rule).
#[test]
fn contents_keep_a_part_with_its_first_chapter() {
    use imprenta::typeset::page::{Item, Role};
    let mut turned = 0;
    for chapters in 22..=28 {
        let scratch = common::Scratch::new(&format!("layout-contents-parts-{chapters}"));
        scratch.write(
            "libro/book.toml",
            "[book]\ntitle = \"Partes\"\nnumbering = \"by-part\"\n",
        );
        for part in 1..=3 {
            scratch.write(
                &format!("libro/{part}-p/_parte.md"),
                format!("# Parte {part}\n"),
            );
            for i in 1..=chapters {
                scratch.write(
                    &format!("libro/{part}-p/{i:02}.md"),
                    format!("# Capítulo {i}\n\nTexto.\n"),
                );
            }
        }
        let layout = scratch.layout();
        // The text of each contents page's last line.
        let feet: Vec<String> = layout
            .pages
            .iter()
            .filter_map(|page| {
                let runs = page.items.iter().filter(|i| i.role == Role::TocEntry);
                let runs: Vec<(f32, &str)> = runs
                    .filter_map(|i| match &i.item {
                        Item::Text(run) => Some((i.at.y, &*run.text)),
                        _ => None,
                    })
                    .collect();
                let foot = runs.iter().map(|r| r.0).reduce(f32::max)?;
                Some(
                    runs.iter()
                        .filter(|r| (r.0 - foot).abs() < 0.5)
                        .map(|r| r.1)
                        .collect(),
                )
            })
            .collect();
        if feet.len() > 1 {
            turned += 1;
        }
        for foot in &feet[..feet.len().saturating_sub(1)] {
            assert!(
                !foot.to_lowercase().contains("parte"),
                "{chapters} chapters a part: a page of the contents ends on «{foot}»"
            );
        }
    }
    assert!(turned > 0);
}

//! The book's pages: front matter, chapter openings on rectos, running heads and folios,
//! page labels and bookmarks in the PDF, and the compositor's rules read from the
//! layout's own text dump (no widows, no orphans, notes on the page of their reference).

use std::ffi::OsStr;

use imprenta::typeset::page::{Anchor, Item, PageKind, Role, Target};
use imprenta::typeset::Layout;

use crate::common;

const FIXTURE: &str = "tests/fixtures/layout-libro";

/// A fixture's tree and pages, from the run's cache.
fn layout(manuscript: &str) -> (&'static imprenta::ir::Book, &'static Layout) {
    let fixture = common::fixture(manuscript);
    (fixture.book(), fixture.layout())
}

#[test]
fn pages_openings_and_labels() {
    let (book, layout) = layout(FIXTURE);
    let pages = &layout.pages;
    // Half-title, blank, title, copyright, contents, blank: six pages of front matter.
    assert_eq!(layout.front_pages, 6, "{:?}", kinds(layout));
    // Eleven pages of chapters, and a blank one so that the count is even, as a bound
    // book's is.
    assert_eq!(pages.len(), 6 + 11 + 1, "{:?}", kinds(layout));
    assert_eq!(pages.last().unwrap().kind, PageKind::Blank);
    let labels: Vec<&str> = pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(&labels[..6], ["i", "ii", "iii", "iv", "v", "vi"]);
    assert_eq!(labels[6], "1");
    // Every chapter opens on a recto: an odd physical page.
    let openings: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(i, p)| *i >= layout.front_pages && p.kind == PageKind::Opening)
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(openings.len(), book.chapters.len());
    assert!(openings.iter().all(|n| n % 2 == 1), "{openings:?}");
    // Blank pages and openings carry neither running head nor folio.
    for page in pages {
        let furniture = page
            .items
            .iter()
            .any(|p| matches!(p.role, Role::RunningHead | Role::Folio));
        assert_eq!(furniture, page.kind == PageKind::Body, "{}", page.label);
    }
}

fn kinds(layout: &Layout) -> Vec<(String, PageKind)> {
    layout
        .pages
        .iter()
        .map(|p| (p.label.clone(), p.kind))
        .collect()
}

#[test]
fn no_widows_no_orphans_in_the_dump() {
    for manuscript in [FIXTURE, "manuscript"] {
        let (_, layout) = layout(manuscript);
        // The rule is exercised: paragraphs do run across pages.
        let split = layout
            .pages
            .iter()
            .filter(|p| p.lines.first().is_some_and(|l| l.index > 0))
            .count();
        assert!(
            split >= 3,
            "{manuscript}: only {split} pages continue a paragraph"
        );
        for (n, page) in layout.pages.iter().enumerate() {
            let (Some(first), Some(last)) = (page.lines.first(), page.lines.last()) else {
                continue;
            };
            assert!(
                !(first.count > 1 && first.index + 1 == first.count),
                "{manuscript} page {n}: starts with a paragraph's last line alone: {}",
                first.text
            );
            assert!(
                !(last.count > 1 && last.index == 0),
                "{manuscript} page {n}: ends with a paragraph's first line alone: {}",
                last.text
            );
            // A scene break is never first or last on a page.
            assert_ne!(first.role, Role::SceneBreak, "{manuscript} page {n}");
            assert_ne!(last.role, Role::SceneBreak, "{manuscript} page {n}");
        }
    }
}

#[test]
fn footnotes_sit_on_the_page_of_their_reference() {
    for manuscript in [FIXTURE, "manuscript"] {
        let (book, layout) = layout(manuscript);
        let page_of = |anchor: &Anchor| {
            layout.pages.iter().position(|p| {
                p.items
                    .iter()
                    .any(|i| matches!(&i.item, Item::Destination(a) if a == anchor))
            })
        };
        let mut notes = 0;
        for (c, chapter) in book.chapters.iter().enumerate() {
            for note in &chapter.footnotes {
                let at = |id: String| Anchor {
                    chapter: c,
                    id: Some(id),
                };
                let reference = page_of(&at(imprenta::ir::noteref_id(note.number)));
                let text = page_of(&at(note.id()));
                assert!(
                    reference.is_some(),
                    "{manuscript}: note {} unplaced",
                    note.number
                );
                assert_eq!(
                    reference, text,
                    "{manuscript}: chapter {c} note {}",
                    note.number
                );
                notes += 1;
            }
        }
        assert!(notes >= 3, "{manuscript}: only {notes} notes");
    }
}

#[test]
fn links_and_outline_in_the_layout() {
    let (_, layout) = layout(FIXTURE);
    let links: Vec<&Target> = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|p| match &p.item {
            Item::Link { target, .. } => Some(target),
            _ => None,
        })
        .collect();
    assert!(links.contains(&&Target::Uri("https://example.org/libro".into())));
    assert!(links.contains(&&Target::Anchor(Anchor {
        chapter: 0,
        id: None
    })));
    let outline = common::outline(layout);
    assert_eq!(
        outline,
        [
            (1, "Primer capítulo"),
            (2, "Una sección"),
            (2, "Otra sección"),
            (1, "Segundo capítulo"),
            (2, "La tabla"),
            (1, "Tercer capítulo"),
        ]
    );

    // A level-3 heading is in neither the outline nor the contents, but a link to it
    // lands on it: its page holds a destination for it, above its line.
    let apartado = Anchor {
        chapter: 2,
        id: Some("un-apartado".into()),
    };
    assert!(links.contains(&&Target::Anchor(apartado.clone())));
    let (page, dest_y) = layout
        .pages
        .iter()
        .enumerate()
        .find_map(|(i, p)| {
            p.items.iter().find_map(|it| match &it.item {
                Item::Destination(a) if *a == apartado => Some((i, it.at.y)),
                _ => None,
            })
        })
        .expect("a destination for the level-3 heading");
    let heading_y = layout.pages[page]
        .items
        .iter()
        .find_map(|it| match &it.item {
            Item::Text(run) if &*run.text == "Un" && it.role == Role::Heading(3) => Some(it.at.y),
            _ => None,
        })
        .expect("the heading's first word on the destination's page");
    assert!(
        dest_y < heading_y && heading_y - dest_y < 20.0,
        "{dest_y} {heading_y}"
    );
    let contents: String = layout.pages[..layout.front_pages]
        .iter()
        .flat_map(|p| p.text_lines())
        .collect();
    assert!(!contents.contains("Un apartado"), "{contents}");
}

#[test]
fn table_repeats_its_header_row() {
    let (_, layout) = layout(FIXTURE);
    let with_header: Vec<usize> = layout
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.text_lines()
                .iter()
                .any(|l| l.starts_with("Número Palabras"))
        })
        .map(|(i, _)| i)
        .collect();
    assert!(with_header.len() >= 2, "header on pages {with_header:?}");

    // Every page the table runs onto is closed by a rule under its last row.
    for &i in &with_header {
        let page = &layout.pages[i];
        let lowest_text = page
            .items
            .iter()
            .filter(|p| p.role == Role::TableCell && matches!(p.item, Item::Text(_)))
            .map(|p| p.at.y)
            .fold(f32::MIN, f32::max);
        let closing = page.items.iter().any(|p| {
            p.role == Role::TableCell
                && matches!(p.item, Item::Rule { thickness, .. } if thickness >= 0.6)
                && p.at.y > lowest_text
        });
        assert!(
            closing,
            "page {i}: the table's last row has no closing rule"
        );
    }
}

#[test]
fn pdf_page_labels_outline_heads_and_folios() {
    let arg = common::fixture(FIXTURE).screen().path.as_os_str();
    if let Some(qpdf) = common::tool("qpdf") {
        let (ok, out, err) = common::run(&qpdf, &[OsStr::new("--check"), arg]);
        assert!(ok && !out.contains("WARNING"), "{out}{err}");
        let (ok, json, err) = common::run(&qpdf, &[OsStr::new("--json"), arg]);
        assert!(ok, "{err}");
        // Page labels: roman from page 0, arabic from the first chapter (page 6).
        let labels = &json[json.find("\"pagelabels\"").expect("page labels")..];
        assert!(
            labels.contains("/r"),
            "{}",
            &labels[..400.min(labels.len())]
        );
        assert!(
            labels.contains("/D"),
            "{}",
            &labels[..400.min(labels.len())]
        );
        let outlines = &json[json.find("\"outlines\"").expect("outlines")..];
        for title in [
            "Primer capítulo",
            "Una sección",
            "La tabla",
            "Tercer capítulo",
        ] {
            assert!(outlines.contains(title), "{title} not in the outline");
        }
        // Sections nest under their chapter.
        assert!(outlines.contains("\"kids\": [\n        {"), "flat outline");
    }
    if let Some(pdftotext) = common::tool("pdftotext") {
        let page = |n: usize| {
            let n = n.to_string();
            let (ok, out, err) = common::run(
                &pdftotext,
                &[
                    OsStr::new("-f"),
                    OsStr::new(&n),
                    OsStr::new("-l"),
                    OsStr::new(&n),
                    arg,
                    OsStr::new("-"),
                ],
            );
            assert!(ok, "{err}");
            out
        };
        // Physical page 8 is arabic 2, a verso: the book's title and folio 2.
        let verso = page(8);
        let lines: Vec<&str> = verso.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.first().copied(),
            Some("prueba de compaginación"),
            "{verso}"
        );
        assert_eq!(lines.last().copied(), Some("2"), "{verso}");
        // Physical page 9, arabic 3, a recto: the chapter's title and folio 3.
        let recto = page(9);
        let lines: Vec<&str> = recto.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.first().copied(), Some("primer capítulo"), "{recto}");
        assert_eq!(lines.last().copied(), Some("3"), "{recto}");
        // The contents list the chapters with their page numbers.
        let contents = page(5);
        assert!(contents.contains("Índice"), "{contents}");
        assert!(contents.contains("Segundo capítulo"), "{contents}");
    }
}

/// Struck-through text gets a rule across its words and the space between them, through
/// the middle of the lowercase letters, and nothing else on the line is struck.
#[test]
fn strikethrough_draws_a_rule_across_the_words() {
    use imprenta::typeset::page::Item;
    let dir = std::env::temp_dir().join(format!("imprenta-strike-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Tachado\"\n").unwrap();
    std::fs::write(dir.join("01.md"), "# Uno\n\nYo ~~dos palabras~~ ya.\n").unwrap();
    let warnings = imprenta::diag::Warnings::new();
    let book = imprenta::parse_book(&dir, None, &warnings).unwrap();
    let layout = imprenta::layout(&book, &warnings).unwrap();
    let page = layout
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(&i.item, Item::Text(r) if r.text.contains("dos")))
        })
        .expect("a page with the struck words");
    let word = |w: &str| {
        page.items
            .iter()
            .find_map(|i| match &i.item {
                Item::Text(r) if r.text.contains(w) => {
                    Some((i.at.x, i.at.x + r.width, i.at.y, r.size))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no «{w}»"))
    };
    let (dos_x0, dos_x1, baseline, size) = word("dos");
    let (antes_x0, antes_x1, _, _) = word("Yo");
    let (despues_x0, _, _, _) = word("ya");
    let rules: Vec<(f32, f32, f32)> = page
        .items
        .iter()
        .filter_map(|i| match &i.item {
            Item::Rule { to, .. }
                if (i.at.y - to.y).abs() < 0.01
                    && (baseline - i.at.y) > 0.0
                    && (baseline - i.at.y) < size =>
            {
                Some((i.at.x, to.x, i.at.y))
            }
            _ => None,
        })
        .collect();
    let from = rules.iter().map(|r| r.0).fold(f32::MAX, f32::min);
    let to = rules.iter().map(|r| r.1).fold(f32::MIN, f32::max);
    assert!(!rules.is_empty(), "no strike rule near the line");
    assert!((from - dos_x0).abs() < 0.5, "starts at «dos»: {rules:?}");
    assert!(from > antes_x1 && antes_x0 < from, "«Yo» is not struck");
    let space = despues_x0 - to;
    assert!(
        to > dos_x1 + 2.0 * size && space > 0.5 && space < size,
        "ends at «palabras»: {rules:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Headings of levels 2 to 6 each look their own: bold, bold italic, italic, small caps,
/// italic small caps (a face or the glyphs differ from every other level's).
#[test]
fn each_heading_level_has_its_own_look() {
    use imprenta::typeset::page::{Item, Role};
    let scratch = common::Scratch::new("layout-heading-levels");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Niveles\"\n");
    let mut text = String::from("# Uno\n\n");
    for level in 2..=6 {
        text.push_str(&format!(
            "{} Nivel {level}\n\nTexto.\n\n",
            "#".repeat(level)
        ));
    }
    scratch.write("libro/01.md", text);
    let warnings = imprenta::diag::Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).unwrap();
    let layout = imprenta::layout(&parsed, &warnings).unwrap();
    let mut looks = std::collections::BTreeMap::new();
    for page in &layout.pages {
        for p in &page.items {
            if let (Role::Heading(level @ 2..=6), Item::Text(run)) = (p.role, &p.item) {
                if run.text.as_ref() == "Nivel" {
                    let gids: Vec<u16> = run.glyphs.iter().map(|g| g.gid).collect();
                    looks.insert(level, (run.face, gids));
                }
            }
        }
    }
    assert_eq!(looks.len(), 5, "{looks:?}");
    let distinct: std::collections::BTreeSet<_> = looks.values().collect();
    assert_eq!(distinct.len(), 5, "two levels look alike: {looks:?}");
}

/// A section heading straight after a chapter's title shares the opening's space: the two
/// baselines within four lines of each other (they were five and a half apart), and
/// never closer than two.
#[test]
fn a_heading_after_the_title_keeps_to_the_opening() {
    use imprenta::typeset::page::{Item, Role};
    let layout = common::fixture("manuscript").layout();
    let leading = 13.5;
    let mut checked = 0;
    for page in &layout.pages {
        let baseline = |level: u8| {
            page.items
                .iter()
                .filter(|p| p.role == Role::Heading(level))
                .filter_map(|p| match &p.item {
                    Item::Text(run) if level > 1 || run.size > 12.0 => Some(p.at.y),
                    _ => None,
                })
                .reduce(f32::max)
        };
        let (Some(title), Some(heading)) = (baseline(1), baseline(2)) else {
            continue;
        };
        let gap = heading - title;
        assert!(
            gap <= 4.0 * leading + 0.01 && gap >= 2.0 * leading - 0.01,
            "page {}: the heading {gap} pt below the title",
            page.label
        );
        checked += 1;
    }
    // Every chapter of the sample opens with a section heading.
    assert_eq!(checked, 6);
}

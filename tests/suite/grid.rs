//! The page grid measured on whole books: facing pages ending level, chapter endings,
//! no widow or orphan, every line on the grid, hyphens never three in a row.

use imprenta::diag::Warnings;

use crate::{common, measure};

const FIXTURE: &str = "tests/fixtures/layout-libro";

fn layout(manuscript: &str) -> &'static imprenta::typeset::Layout {
    common::fixture(manuscript).layout()
}

/// Facing pages of running text end on the same line: both full, both one line long or
/// both one line short. The second manuscript is generated: paragraphs of every length,
/// many of one to three lines, which leave pages short or long when set one by one.
#[test]
fn facing_pages_end_level() {
    // The verso of footnotes 1 and 2 ends on its notes' last line, on the grid's last,
    // whatever room its text leaves above them: it is full when no further line fits
    // there, and a paragraph set a line longer makes its recto full too (before, the
    // builder asked its text to end on a grid line and set the spread unevenly).
    let fixture = layout(FIXTURE);
    let m = measure::measure(&fixture.pages);
    assert_eq!((m.uneven, m.long, m.short), (0, 0, 0), "{m}");
    assert!(m.spreads >= 2, "{m}");

    let dir = std::env::temp_dir().join(format!("imprenta-spreads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Pliegos\"\n").unwrap();
    let words = [
        "la",
        "casa",
        "del",
        "molino",
        "estaba",
        "junto",
        "al",
        "río",
        "y",
        "nadie",
        "sabía",
        "quién",
        "la",
        "había",
        "levantado",
        "cuando",
        "llegó",
        "el",
        "invierno",
        "con",
        "sus",
        "nieblas",
        "largas",
        "sobre",
        "los",
        "campos",
        "de",
        "trigo",
    ];
    let mut next = numbers(7);
    for chapter in 1..=3 {
        let mut text = format!("# Pliego {chapter}\n\n");
        for _ in 0..90 {
            let length = match next(4) {
                0 => 4 + next(10),
                1 => 18 + next(20),
                _ => 40 + next(90),
            };
            let paragraph: Vec<&str> = (0..length).map(|_| words[next(28) as usize]).collect();
            text.push_str(&paragraph.join(" "));
            text.push_str(".\n\n");
        }
        std::fs::write(dir.join(format!("{chapter:02}.md")), text).unwrap();
    }
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&dir, None, &warnings).expect("the manuscript parses");
    let generated = imprenta::layout(&parsed, &warnings).expect("the manuscript lays out");
    let body_pages = generated.pages.len() - generated.front_pages;
    assert!(body_pages > 30, "{body_pages} pages");
    // Set page by page, 9 of its 18 spreads were uneven.
    // One spread was left where no depth suits both pages (a long verso would leave a
    // widow, a short recto an orphan); paragraphs set a line shorter or longer level it,
    // and give each chapter's last page its five lines (the contents count as one).
    let m = measure::measure(&generated.pages);
    assert_eq!(m.uneven, 0, "{m}");
    assert_eq!((m.short_endings, m.chapters), (0, 4), "{m}");
    assert_eq!(
        (m.widows, m.orphans, m.off_grid, m.too_deep),
        (0, 0, 0, 0),
        "{m}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The words of the generated chapters below.
const WORDS: [&str; 24] = [
    "la", "ciudad", "sube", "por", "las", "laderas", "del", "Illimani", "mientras", "los",
    "mineros", "de", "Huanuni", "llegan", "con", "sus", "cascos", "y", "el", "mercado", "hierve",
    "voces", "colores", "frutas",
];

/// A reproducible run of numbers, each below the bound asked for, from `seed` (a linear
/// congruential generator).
fn numbers(mut seed: u32) -> impl FnMut(u32) -> u32 {
    move |n| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) % n
    }
}

/// `length` of [`WORDS`], as `next` picks them.
fn sentence(length: u32, next: &mut impl FnMut(u32) -> u32) -> String {
    let words: Vec<&str> = (0..length)
        .map(|_| WORDS[next(WORDS.len() as u32) as usize])
        .collect();
    words.join(" ")
}

/// A list's items are paragraphs a compositor may set a line shorter or longer too: a
/// chapter that is all list, its thirty items of two to eight lines, ends every spread
/// level and full (with only its paragraphs to move, four of its pages ran a line
/// short), and an item set otherwise still hangs its bullet.
#[test]
fn a_list_levels_its_spreads_with_its_items() {
    use imprenta::typeset::page::{Item, Role};
    let scratch = common::Scratch::new("grid-list");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Listas\"\n");
    let mut next = numbers(4);
    let mut text = String::from("# Una lista\n\n");
    for _ in 0..30 {
        let length = 25 + next(86);
        text.push_str(&format!("- {}.\n", sentence(length, &mut next)));
    }
    scratch.write("libro/01.md", text);
    let layout = scratch.layout();
    let m = measure::measure(&layout.pages);
    assert!(m.spreads >= 2, "{m}");
    assert_eq!((m.uneven, m.long, m.short), (0, 0, 0), "{m}");
    assert_eq!((m.widows, m.orphans, m.off_grid), (0, 0, 0), "{m}");
    // Each bullet on an item's line: beside text on its baseline.
    let mut bullets = 0;
    for page in &layout.pages {
        let text = |i: &&imprenta::typeset::page::Placed| {
            i.role == Role::ListItem && matches!(&i.item, Item::Text(run) if &*run.text != "•")
        };
        for bullet in page
            .items
            .iter()
            .filter(|i| matches!(&i.item, Item::Text(run) if &*run.text == "•"))
        {
            let beside = page
                .items
                .iter()
                .filter(text)
                .any(|i| (i.at.y - bullet.at.y).abs() < 0.01 && i.at.x > bullet.at.x);
            assert!(beside, "a bullet with no text beside it at {:?}", bullet.at);
            bullets += 1;
        }
    }
    assert_eq!(bullets, 30);
}

/// The rules every book keeps, measured on the layout: no widow, no orphan, every line
/// of text on the grid, no line below the grid's last but on a page run one line long,
/// never three hyphenated lines in a row.
#[test]
fn the_grid_and_the_hyphens_hold_in_every_book() {
    for manuscript in [FIXTURE, "manuscript"] {
        let layout = layout(manuscript);
        let m = measure::measure(&layout.pages);
        assert_eq!((m.widows, m.orphans), (0, 0), "{manuscript}: {m}");
        assert_eq!((m.off_grid, m.too_deep), (0, 0), "{manuscript}: {m}");
        assert_eq!(m.hyphen_runs, 0, "{manuscript}: {m}");
        assert!(m.lines > 100, "{manuscript}: {m}");
    }
}

/// An opening of short speeches, none of which sets a line longer or shorter, comes out
/// full with its title and text a line lower or higher than the book's sink: sixteen
/// chapters of one- to three-line speeches, every opening full, every title within a
/// line of the commonest height, some of them moved.
#[test]
fn an_opening_of_short_speeches_moves_its_sink_to_come_out_full() {
    use imprenta::typeset::page::{PageKind, Role};
    let scratch = common::Scratch::new("grid-openings");
    scratch.write("libro/book.toml", "[book]\ntitle = \"Diálogos\"\n");
    let mut next = numbers(7);
    for chapter in 1..=16 {
        let mut text = format!("# Capítulo {chapter}\n\n");
        for _ in 0..70 {
            let length = 4 + next(30);
            text.push_str(&format!("—{}.\n\n", sentence(length, &mut next)));
        }
        scratch.write(&format!("libro/{chapter:02}.md"), text);
    }
    let layout = scratch.layout();
    let m = measure::measure(&layout.pages);
    let openings: Vec<_> = layout
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Opening)
        .filter(|(_, p)| p.lines.iter().any(|l| l.role == Role::Paragraph))
        .collect();
    assert_eq!(openings.len(), 16);
    let off: Vec<usize> = m.off_pages.iter().map(|&(i, _, _)| i).collect();
    for (i, _) in &openings {
        assert!(
            !off.contains(i),
            "the opening page {i} is long or short: {m}"
        );
    }
    assert_eq!((m.widows, m.orphans, m.off_grid), (0, 0, 0), "{m}");
    // The chapter title's baseline on each opening, against the commonest.
    let titles: Vec<f32> = openings
        .iter()
        .map(|(_, p)| {
            p.items
                .iter()
                .filter(|i| i.role == Role::Heading(1))
                .map(|i| i.at.y)
                .fold(f32::MIN, f32::max)
        })
        .collect();
    let count = |y: f32| titles.iter().filter(|&&t| (t - y).abs() < 0.1).count();
    let commonest = titles.iter().copied().max_by_key(|&y| count(y)).unwrap();
    // The default design's leading (10.5 on 13.5).
    let leading = 13.5;
    let moved = titles
        .iter()
        .filter(|&&y| (y - commonest).abs() > 0.1)
        .inspect(|&&y| {
            let lines = (y - commonest) / leading;
            assert!(
                (lines.abs() - 1.0).abs() < 0.01,
                "a title {lines} lines off the commonest: {titles:?}"
            );
        })
        .count();
    assert!((1..16).contains(&moved), "{moved} titles moved: {titles:?}");
}

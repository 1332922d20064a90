//! Verse and lines set as written (`tests/fixtures/verso`): a poem of twelve stanzas
//! across a page break, one line turning over, one stanza of seven lines; a dateline and
//! a signature flush right; two centred lines; a poem quoted in a plain block quote.

use std::collections::BTreeMap;

use imprenta::typeset::page::{Item, Role};

use crate::common;

const FIXTURE: &str = "tests/fixtures/verso";

/// Each line set in the role of `Role::Lines`: (page, its text, its left and right edge).
fn lines() -> Vec<(usize, String, f32, f32)> {
    let layout = common::fixture(FIXTURE).layout();
    let mut found = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        let mut by_y: BTreeMap<i64, (String, f32, f32)> = BTreeMap::new();
        for p in page.items.iter().filter(|p| p.role == Role::Lines) {
            if let Item::Text(run) = &p.item {
                let line = by_y.entry((p.at.y * 10.0).round() as i64).or_insert((
                    String::new(),
                    f32::MAX,
                    0.0,
                ));
                if !line.0.is_empty() && !run.spaced {
                    line.0.push(' ');
                }
                line.0.push_str(&run.text);
                line.1 = line.1.min(p.at.x);
                line.2 = line.2.max(p.at.x + run.width);
            }
        }
        found.extend(by_y.into_values().map(|(t, l, r)| (i, t, l, r)));
    }
    found
}

fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(' ', "")
}

/// The poem's lines stand as written, ragged, never hyphenated; a line too long for the
/// measure turns over hung under itself; a stanza of up to six lines never breaks across
/// pages, the longer one leaves at least two lines on each side.
#[test]
fn verse_keeps_its_lines_and_its_stanzas() {
    let lines = lines();
    let verse: Vec<&(usize, String, f32, f32)> =
        lines.iter().filter(|l| l.2 < lines[0].2 + 40.0).collect();
    assert!(
        verse
            .iter()
            .all(|(_, t, _, _)| !t.trim_end().ends_with('-')),
        "{verse:?}"
    );
    let find = |needle: &str| {
        lines
            .iter()
            .position(|(_, t, _, _)| squeeze(t).contains(&squeeze(needle)))
            .unwrap_or_else(|| panic!("«{needle}» not set as a line: {lines:?}"))
    };
    // Each stanza opens «Baja el minero» and its fourth line says which it is.
    for n in 1..=12 {
        let end = find(&format!("la copla {n} no tiene fin."));
        let start = (0..=end)
            .rev()
            .find(|&i| squeeze(&lines[i].1).starts_with("Bajaelminero"))
            .expect("the stanza's first line");
        let pages: Vec<usize> = lines[start..=end].iter().map(|l| l.0).collect();
        if n == 6 {
            // Seven lines: broken, if at all, with two or more on each side.
            let last = find("y el minero ya no escucha");
            let on_first = lines[start..=last]
                .iter()
                .filter(|l| l.0 == lines[start].0)
                .count();
            assert!(
                (2..=5).contains(&on_first) || on_first == 7,
                "{on_first} lines before the break"
            );
        } else {
            assert!(
                pages.iter().all(|&p| p == pages[0]),
                "stanza {n} split: {pages:?}"
            );
        }
    }
    let poem_pages: Vec<usize> = (1..=12)
        .map(|n| lines[find(&format!("la copla {n} no tiene fin."))].0)
        .collect();
    assert!(
        poem_pages.first() != poem_pages.last(),
        "the poem crosses a page: {poem_pages:?}"
    );
    // The long line: its turnover hangs further in than the verse's lines.
    let long = find("y aunque la montaña le pese en los hombros");
    let (left, turnover) = (lines[long].2, lines[long + 1].2);
    assert!(
        squeeze(&lines[long + 1].1).contains("trabajobajotierra"),
        "{:?}",
        lines[long + 1]
    );
    assert!(turnover > left + 10.0, "hung: {left} then {turnover}");
    assert!(
        (lines[long - 1].2 - left).abs() < 0.5,
        "verse lines share their left edge"
    );
}

/// Flush-right lines end on the measure's right edge; centred ones sit on its middle; a
/// poem in a plain block quote is still a quotation (its lines run on).
#[test]
fn centred_and_flush_right_lines() {
    let lines = lines();
    let layout = common::fixture(FIXTURE).layout();
    let line = |needle: &str| {
        lines
            .iter()
            .find(|(_, t, _, _)| squeeze(t).contains(&squeeze(needle)))
            .unwrap_or_else(|| panic!("«{needle}» not set: {lines:?}"))
    };
    let date = line("Potosí, 3 de mayo de 1905");
    let signature = line("Tu hermano, Juan");
    assert!(
        (date.3 - signature.3).abs() < 0.5,
        "one right edge: {date:?} {signature:?}"
    );
    assert!(
        signature.2 > date.2,
        "the shorter line starts further right"
    );
    let width = layout.pages[date.0].width;
    assert!(date.3 > width / 2.0 + 100.0, "flush right: {date:?}");
    let toast = line("¡Por la veta y por el Tío!");
    let other = line("¡Por los que bajan y no suben!");
    let middle = |l: &(usize, String, f32, f32)| (l.2 + l.3) / 2.0;
    assert!((middle(toast) - middle(other)).abs() < 0.5, "one centre");
    assert!(other.2 < toast.2, "the longer line starts further left");
    assert!(!lines
        .iter()
        .any(|(_, t, _, _)| t.contains("sube cantando a la luz")));

    let epub = common::fixture(FIXTURE).epub();
    let xhtml = common::text_of(&epub.bytes, "OEBPS/cap-01.xhtml");
    assert!(xhtml.contains("<div class=\"verso\">\n<p class=\"estrofa\"><span class=\"verso\">Baja el minero a la veta,</span><br/>\n<span class=\"verso\">sube cantando a el socavón,</span><br/>"), "{xhtml}");
    assert!(xhtml.contains("<div class=\"derecha\">\n<p>Potosí, 3 de mayo de 1905</p>\n<p>Tu hermano, <em>Juan</em></p>\n</div>"), "{xhtml}");
    assert!(xhtml.contains("<div class=\"centrado\">\n<p>¡Por la veta y por el Tío!<br/>\n¡Por los que bajan y no suben!</p>\n</div>"), "{xhtml}");
    assert!(
        xhtml.contains("<blockquote>\n<p>Baja el minero a la veta,\nsube cantando a la luz.</p>"),
        "{xhtml}"
    );
    common::assert_validators_pass(&epub.path);
}

//! The finer points of the page, read from the layout of `tests/fixtures/tipografia`:
//! running heads in letterspaced small caps, a task's check box drawn to the capitals'
//! height, URLs broken only at their separators, and a quoted speech indented first too.

use std::str::FromStr;

use imprenta::typeset::page::{Item, Page, Placed, Role, Tag, TextRun};
use imprenta::typeset::structure::{Kind, NodeId};
use imprenta::typeset::Layout;
use rustybuzz::ttf_parser::GlyphId;
use rustybuzz::{Face, Feature, UnicodeBuffer};

use crate::common;

const FIXTURE: &str = "tests/fixtures/tipografia";

fn layout() -> &'static Layout {
    common::fixture(FIXTURE).layout()
}

/// The bundled text face, which sets the fixture.
fn charis() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/CharisSIL-Regular.ttf");
    std::fs::read(path).expect("the bundled face")
}

fn runs(page: &Page) -> impl Iterator<Item = (&Placed, &TextRun)> {
    page.items.iter().filter_map(|p| match &p.item {
        Item::Text(run) => Some((p, run)),
        _ => None,
    })
}

/// Small caps want 5 to 10 % of their size between letters: the running head's glyphs
/// stand each where Charis SIL's small caps (kerning included) put it, plus the tracking,
/// and nothing is added after the last letter (the head is centred on its letters).
#[test]
fn running_heads_are_letterspaced_small_caps() {
    let data = charis();
    let face = Face::from_slice(&data, 0).expect("a face");
    let smcp = Feature::from_str("smcp").expect("a feature");
    let heads: Vec<&TextRun> = layout()
        .pages
        .iter()
        .flat_map(|page| runs(page).filter(|(p, _)| p.role == Role::RunningHead))
        .map(|(_, run)| run)
        .collect();
    assert!(
        !heads.is_empty(),
        "the fixture has a page with a running head"
    );
    for run in heads {
        assert_eq!(&*run.text, "detalles de imprenta");
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&run.text);
        let solid = rustybuzz::shape(&face, &[smcp], buffer);
        let gids: Vec<u16> = solid
            .glyph_infos()
            .iter()
            .map(|i| i.glyph_id as u16)
            .collect();
        let set: Vec<u16> = run.glyphs.iter().map(|g| g.gid).collect();
        assert_eq!(gids, set, "the head is set in the face's small caps");
        let scale = run.size / face.units_per_em() as f32;
        let advances: Vec<f32> = solid
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as f32 * scale)
            .collect();
        for (i, pair) in run.glyphs.windows(2).enumerate() {
            let tracking = (pair[1].x - pair[0].x - advances[i]) / run.size;
            assert!(
                (0.05..=0.10).contains(&tracking),
                "{tracking} em after glyph {i} of «{}»",
                run.text
            );
        }
        let (last, advance) = (run.glyphs.last().unwrap(), advances.last().unwrap());
        assert!(
            (run.width - (last.x + advance)).abs() < 0.01,
            "{}",
            run.width
        );
    }
}

/// A drawn check box: its corners, the weight of its strokes, and the items drawing it.
struct CheckBox<'a> {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    weight: f32,
    tag: Tag,
    check: Option<(&'a Placed, &'a TextRun)>,
}

/// The check boxes of `page`: each four rules of a list item, with the check inside it.
fn check_boxes(page: &Page) -> Vec<CheckBox<'_>> {
    let rules: Vec<(&Placed, f32, f32, f32)> = page
        .items
        .iter()
        .filter(|p| p.role == Role::ListItem)
        .filter_map(|p| match p.item {
            Item::Rule { to, thickness } => Some((p, to.x, to.y, thickness)),
            _ => None,
        })
        .collect();
    assert_eq!(rules.len() % 4, 0, "four strokes a box");
    rules
        .chunks(4)
        .map(|sides| {
            let (p, _, _, weight) = sides[0];
            let xs = sides.iter().flat_map(|(p, x, _, _)| [p.at.x, *x]);
            let ys = sides.iter().flat_map(|(p, _, y, _)| [p.at.y, *y]);
            let (left, right) = (xs.clone().fold(f32::MAX, f32::min), xs.fold(0.0, f32::max));
            let (top, bottom) = (ys.clone().fold(f32::MAX, f32::min), ys.fold(0.0, f32::max));
            assert!(sides.iter().all(|s| s.0.tag == p.tag), "one label");
            let check = runs(page).find(|(c, _)| c.tag == p.tag);
            CheckBox {
                left,
                right,
                top,
                bottom,
                weight,
                tag: p.tag,
                check,
            }
        })
        .collect()
}

/// A task's box is drawn, not typed («[ ]»): a square as tall as Charis SIL's capitals on
/// the item's baseline, hung in the indent before the text, stroked as heavy as the
/// face's underline; a done task's ✓ sits inside it. Box and check are the label's content,
/// and the label reads as ☑ or ☐.
#[test]
fn a_task_is_a_drawn_box_hung_in_the_indent() {
    let data = charis();
    let face = Face::from_slice(&data, 0).expect("a face");
    let em = face.units_per_em() as f32;
    let size = 10.5;
    let cap = f32::from(face.capital_height().unwrap()) / em * size;
    let weight = f32::from(face.underline_metrics().unwrap().thickness) / em * size;
    let layout = layout();
    let page = layout
        .pages
        .iter()
        .find(|p| p.items.iter().any(|i| i.role == Role::ListItem))
        .expect("the list's page");
    let boxes = check_boxes(page);
    assert_eq!(boxes.len(), 2, "one box a task");
    let lines = page.placed_lines();
    for (b, (done, words)) in boxes.iter().zip([(true, "Ver la"), (false, "Escuchar")]) {
        let baseline = lines
            .iter()
            .find(|l| l.text.contains(words))
            .expect("the item's first line")
            .at
            .y;
        // Where the item's text begins: its leftmost run on the line but the box's.
        let start = runs(page)
            .filter(|(p, _)| (p.at.y - baseline).abs() < 0.01 && p.tag != b.tag)
            .map(|(p, _)| p.at.x)
            .fold(f32::MAX, f32::min);
        assert!((b.weight - weight).abs() < 0.01, "{}", b.weight);
        // The square's outer edges: as tall and as wide as the capitals, on the baseline.
        let (outer_top, outer_bottom) = (b.top, b.bottom);
        assert!((outer_bottom - baseline).abs() < 0.01, "on the baseline");
        assert!(
            (outer_bottom - outer_top - cap).abs() < 0.01,
            "capital height"
        );
        assert!((b.right - b.left - cap).abs() < 0.01, "square");
        let gap = start - b.right;
        assert!(
            (0.3 * size..0.5 * size).contains(&gap),
            "hung {gap} pt before the text"
        );
        let Tag::Content(node) = b.tag else {
            panic!("the box is content: {:?}", b.tag)
        };
        let label = label_of(layout, node);
        assert_eq!(label, if done { "☑" } else { "☐" });
        match (done, b.check) {
            (true, Some((at, run))) => {
                assert_eq!(&*run.text, "✓");
                // The check's ink, from the face, inside the box's strokes.
                let glyph = run.glyphs[0];
                let ink = face.glyph_bounding_box(GlyphId(glyph.gid)).unwrap();
                let s = run.size / em;
                let x0 = at.at.x + glyph.x + f32::from(ink.x_min) * s;
                let x1 = at.at.x + glyph.x + f32::from(ink.x_max) * s;
                let y0 = at.at.y - glyph.rise - f32::from(ink.y_max) * s;
                let y1 = at.at.y - glyph.rise - f32::from(ink.y_min) * s;
                let inside = (b.left + b.weight, b.right - b.weight);
                assert!(x0 > inside.0 && x1 < inside.1, "{x0}..{x1} in {inside:?}");
                let inside = (b.top + b.weight, b.bottom - b.weight);
                assert!(y0 > inside.0 && y1 < inside.1, "{y0}..{y1} in {inside:?}");
                assert!((at.at.y - baseline).abs() < 0.01, "raised, on the line");
            }
            (false, None) => {}
            (done, check) => panic!("done {done}, check {:?}", check.map(|c| &c.1.text)),
        }
    }
    for page in &layout.pages {
        for line in page.text_lines() {
            assert!(!line.contains(['[', '☐', '☑']), "a typed box: {line}");
        }
    }
}

/// The text a label's node carries (a check box's character).
fn label_of(layout: &Layout, node: NodeId) -> String {
    let tree = &layout.structure[node.tree as usize];
    let label = tree.get(node.index).expect("the node");
    assert_eq!(label.kind, Kind::Label);
    label.alt.clone().expect("a drawn label says what it is")
}

/// Separators a URL breaks before: none of them ends a line.
const BEFORE: &[char] = &['.', ',', '-', '_', '?', '#', '~', '%', '@'];

/// The fixture's URLs in a paragraph and in a quote's narrower one break only after a
/// slash, a double slash or a colon, before a period and its kin, and before or after `=`
/// and `&`; a line never ends with a period of the address, and nothing is added to it.
#[test]
fn urls_break_only_at_their_separators() {
    let fixture = common::fixture(FIXTURE);
    let source = std::fs::read_to_string(fixture.root.join("01-detalles.md")).unwrap();
    let urls: Vec<&str> = source
        .split_whitespace()
        .filter(|t| t.contains("://") || t.starts_with("mailto:"))
        .map(|t| t.trim_end_matches([',', '.', ';']))
        .collect();
    assert_eq!(urls.len(), 4, "{urls:?}");
    // The running text without its line ends, and where each line ended in it.
    let mut text = String::new();
    let mut ends = Vec::new();
    for line in fixture.layout().pages.iter().flat_map(|p| &p.lines) {
        text.push_str(&line.text);
        ends.push(text.len());
    }
    let mut breaks = 0;
    for url in urls {
        let start = text
            .find(url)
            .unwrap_or_else(|| panic!("{url} is not whole"));
        for &end in ends.iter().filter(|&&e| e > start && e < start + url.len()) {
            let (before, after) = (&text[start..end], &text[end..start + url.len()]);
            let a = before.chars().next_back().unwrap();
            let b = after.chars().next().unwrap();
            let allowed = (matches!(a, '/' | ':') && b != '/')
                || BEFORE.contains(&b)
                || matches!(a, '=' | '&')
                || matches!(b, '=' | '&');
            assert!(
                allowed && !BEFORE.contains(&a) && a != b,
                "{url} broken as «{before}» / «{after}»"
            );
            breaks += 1;
        }
    }
    assert!(breaks >= 6, "only {breaks} breaks inside the addresses");
}

/// A quote's first paragraph is set flush, but a speech is indented even first: the
/// rayas of the exchange stand one under the other, at the quote's paragraph indent.
#[test]
fn a_quoted_speech_is_indented_even_first() {
    let layout = layout();
    let page = layout
        .pages
        .iter()
        .find(|p| p.text_lines().iter().any(|l| l.starts_with("—Mañana")))
        .expect("the page of the second quote");
    let lines = page.placed_lines();
    let x = |start: &str| {
        lines
            .iter()
            .find(|l| l.text.starts_with(start))
            .unwrap_or_else(|| panic!("no line starts with «{start}»"))
            .at
            .x
    };
    let quote_size = 10.5 - 1.0;
    let flush = x("Una crónica");
    assert!(
        (x("de su pirámide") - flush).abs() < 0.01,
        "a quote's lines align"
    );
    for speech in ["—¿Qué va a llevar", "—Mañana ya no", "—¿Y si vuelvo"] {
        let indent = x(speech) - flush;
        assert!(
            (indent - quote_size).abs() < 0.01,
            "{speech}: indented {indent} pt"
        );
    }
}

/// The e-book says the same: a quoted speech is marked so its stylesheet indents it
/// first too, the tasks keep their ballot boxes as characters, and EPUBCheck passes.
#[test]
fn the_ebook_marks_quoted_speech_and_keeps_its_ballot_boxes() {
    let epub = common::fixture(FIXTURE).epub();
    let chapter = common::text_of(&epub.bytes, "OEBPS/cap-01.xhtml");
    for s in [
        "<blockquote>\n<p>Una crónica",
        "<p class=\"dialogo\">—¿Qué va a llevar",
        "<p class=\"dialogo\">—Mañana ya no",
        "<span class=\"casilla\">☑</span> Ver la película",
        "<span class=\"casilla\">☐</span> Escuchar",
    ] {
        assert!(chapter.contains(s), "cap-01.xhtml lacks {s}\n{chapter}");
    }
    assert!(
        !chapter.contains("<p class=\"dialogo\">Al día"),
        "{chapter}"
    );
    let css = common::text_of(&epub.bytes, "OEBPS/stylesheet.css");
    assert!(
        css.contains("blockquote > p.dialogo {\n  text-indent: 1em;"),
        "{css}"
    );
    common::assert_epubcheck_clean(&epub.path);
}

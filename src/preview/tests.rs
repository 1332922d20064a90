//! The preview's pages drawn from real layouts of the fixtures, read back as XML.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::*;
use crate::diag::Warnings;
use crate::typeset::page::Placed;
use crate::Parsed;

mod sheet;

/// A fixture's book, and its layout (each built once per test run).
pub(super) fn fixture(name: &str) -> &'static (Parsed, Layout) {
    static TODO: OnceLock<(Parsed, Layout)> = OnceLock::new();
    static FIGURAS: OnceLock<(Parsed, Layout)> = OnceLock::new();
    static LIBRO: OnceLock<(Parsed, Layout)> = OnceLock::new();
    let cell = match name {
        "todo" => &TODO,
        "figuras" => &FIGURAS,
        "layout-libro" => &LIBRO,
        _ => unreachable!("no such fixture in these tests: {name}"),
    };
    cell.get_or_init(|| laid_out(name))
}

fn laid_out(name: &str) -> (Parsed, Layout) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let warnings = Warnings::new();
    let parsed = crate::parse_book(&root, None, &warnings).expect("the fixture parses");
    let layout = crate::layout(&parsed, &warnings).expect("the fixture lays out");
    (parsed, layout)
}

fn href(id: crate::ir::ImageId) -> String {
    format!("/imagen/{id}?v=1&x=\"2\"")
}

pub(super) fn options(bleed: f32) -> SvgOptions<'static> {
    SvgOptions {
        sheets: crate::pdf::Sheets {
            bleed,
            outer_edges_only: false,
        },
        image_href: &href,
    }
}

fn all_pages(layout: &Layout, bleed: f32) -> Vec<String> {
    let destinations = Destinations::of(layout);
    (0..layout.pages.len())
        .map(|i| page_svg(layout, i, &destinations, &options(bleed)))
        .collect()
}

pub(super) fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
}

pub(super) fn elements<'a>(
    doc: &'a roxmltree::Document,
    tag: &str,
) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == tag)
        .collect()
}

pub(super) fn number(node: roxmltree::Node, attr: &str) -> f32 {
    node.attribute(attr)
        .unwrap_or_else(|| panic!("no {attr} on {node:?}"))
        .parse()
        .unwrap_or_else(|e| panic!("{attr} of {node:?}: {e}"))
}

#[test]
fn every_glyph_a_page_uses_is_defined_once_with_its_outline() {
    let (parsed, layout) = fixture("todo");
    let defs = glyph_defs(layout, &Outlines::new(&parsed.book.fonts));
    let doc = parse(&defs);
    let paths = elements(&doc, "path");
    let ids: Vec<&str> = paths.iter().map(|p| p.attribute("id").unwrap()).collect();
    let defined: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(defined.len(), ids.len(), "a glyph defined twice");
    assert!(
        paths.iter().all(|p| p.attribute("d").is_some()),
        "the bundled faces outline every glyph the fixture sets"
    );
    let mut uses = 0;
    for svg in all_pages(layout, 0.0) {
        let doc = parse(&svg);
        for u in elements(&doc, "use") {
            let href = u.attribute("href").expect("a use names its glyph");
            assert!(defined.contains(&href[1..]), "{href} is not defined");
            uses += 1;
        }
    }
    // Spaces draw nothing: fewer uses than placed glyphs, but most of them.
    let placed: usize = layout
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .map(|p| match &p.item {
            Item::Text(run) => run.glyphs.len(),
            _ => 0,
        })
        .sum();
    assert!(
        uses * 10 > placed * 8 && uses <= placed,
        "{uses} of {placed}"
    );
    // Charis has 2048 units per em: its paths are scaled to the pages' thousandths.
    let regular = paths
        .iter()
        .find(|p| p.attribute("id").is_some_and(|id| id.starts_with("g0-")));
    let transform = regular.and_then(|p| p.attribute("transform"));
    assert_eq!(transform, Some("scale(0.48828125)"), "{defs:.400}");
}

/// The definitions a preview writes from the glyphs shaped hold every glyph drawn, each
/// with the same outline as the definitions from the pages.
#[test]
fn the_shaped_glyphs_define_every_glyph_drawn() {
    let (parsed, layout) = fixture("figuras");
    let outlines = Outlines::new(&parsed.book.fonts);
    let from_pages = glyph_defs(layout, &outlines);
    let shaped = shaped_glyph_defs(layout, &outlines);
    let paths = |defs: &str| -> std::collections::BTreeMap<String, String> {
        let doc = parse(defs);
        elements(&doc, "path")
            .iter()
            .map(|p| {
                let id = p.attribute("id").unwrap_or_default().to_string();
                (id, p.attribute("d").unwrap_or_default().to_string())
            })
            .collect()
    };
    let (drawn, shaped) = (paths(&from_pages), paths(&shaped));
    assert!(!drawn.is_empty());
    for (id, d) in &drawn {
        assert_eq!(shaped.get(id), Some(d), "{id}");
    }
}

/// Each glyph is drawn where the layout placed it: the group's matrix takes its `<use>`
/// from thousandths of an em back to the run's origin plus the glyph's offset.
#[test]
fn glyphs_land_where_the_layout_put_them() {
    let (_, layout) = fixture("todo");
    let page = layout
        .pages
        .iter()
        .position(|p| p.text_lines().iter().any(|l| l.starts_with("Dijo")))
        .expect("the first paragraph is set");
    let svg = page_svg(layout, page, &Destinations::of(layout), &options(0.0));
    let doc = parse(&svg);
    let mut drawn = Vec::new();
    for u in elements(&doc, "use") {
        let group = u.parent().unwrap();
        let matrix: Vec<f32> = group
            .attribute("transform")
            .unwrap()
            .trim_start_matches("matrix(")
            .trim_end_matches(')')
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        let (k, x0, y0) = (matrix[0], matrix[4], matrix[5]);
        assert_eq!(matrix[3], -k, "y is flipped");
        let x = u.attribute("x").map_or(0.0, |v| v.parse().unwrap());
        let y = u.attribute("y").map_or(0.0, |v| v.parse().unwrap());
        let gid: u16 = u
            .attribute("href")
            .unwrap()
            .split('-')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        drawn.push((gid, x0 + x * k, y0 - y * k));
    }
    let mut placed = Vec::new();
    let blank = Blank::of(layout);
    for p in &layout.pages[page].items {
        if let Item::Text(run) = &p.item {
            for g in run
                .glyphs
                .iter()
                .filter(|g| !blank.contains(run.face.index(), g.gid))
            {
                placed.push((g.gid, p.at.x + g.x, p.at.y - g.rise));
            }
        }
    }
    assert_eq!(drawn.len(), placed.len());
    for (d, p) in drawn.iter().zip(&placed) {
        assert_eq!(d.0, p.0);
        // A thousandth of an em of an 11-point face, and the origin's hundredth.
        assert!(
            (d.1 - p.1).abs() < 0.02 && (d.2 - p.2).abs() < 0.02,
            "{d:?} vs {p:?}"
        );
    }
}

#[test]
fn the_text_layer_is_the_page_s_text() {
    for name in ["todo", "figuras"] {
        let (_, layout) = fixture(name);
        for (i, svg) in all_pages(layout, 0.0).iter().enumerate() {
            let doc = parse(svg);
            let expected = layout.pages[i].text_lines().join("\n");
            let layer = doc
                .descendants()
                .find(|n| n.attribute("class") == Some("text"));
            let Some(layer) = layer else {
                assert_eq!(expected, "", "{name}, page {i}: no text layer");
                continue;
            };
            let text: String = layer
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(text, expected, "{name}, page {i}");
            let lines = layer.children().filter(|n| n.is_element()).count();
            assert_eq!(lines, layout.pages[i].text_lines().len());
        }
    }
}

#[test]
fn placed_lines_stand_at_their_first_run() {
    let (_, layout) = fixture("todo");
    for page in &layout.pages {
        let lines = page.placed_lines();
        for line in &lines {
            let first = page
                .items
                .iter()
                .find(|p| p.at == line.at && matches!(p.item, Item::Text(_)));
            assert!(first.is_some(), "{line:?}");
            assert!(line.end > line.at.x, "{line:?}");
        }
        assert!(lines.windows(2).all(|w| w[0].at.y <= w[1].at.y));
    }
}

#[test]
fn fingerprints_change_with_what_is_drawn() {
    let (_, layout) = fixture("todo");
    let again = laid_out("todo").1;
    for (a, b) in layout.pages.iter().zip(&again.pages) {
        assert_eq!(fingerprint(a), fingerprint(b));
    }
    let distinct: BTreeSet<u64> = layout.pages.iter().map(|p| fingerprint(p)).collect();
    assert_eq!(distinct.len(), layout.pages.len());

    let page = layout
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .filter(|i| matches!(i.item, Item::Text(_)))
                .count()
                > 3
        })
        .expect("a page of text");
    let before = fingerprint(page);
    let mut moved = Page::clone(page);
    let text = moved
        .items
        .iter_mut()
        .rposition(|p| matches!(p.item, Item::Text(_)))
        .unwrap();
    moved.items[text].translate(0.01, 0.0);
    assert_ne!(fingerprint(&moved), before, "a run moved");
    let mut glyph = Page::clone(page);
    if let Item::Text(run) = &mut glyph.items[text].item {
        let mut glyphs = run.glyphs.to_vec();
        glyphs[0].x += 0.001;
        run.glyphs = glyphs.into();
    }
    assert_ne!(fingerprint(&glyph), before, "a glyph moved within its run");
    let mut relabelled = Page::clone(page);
    relabelled.label.push('x');
    assert_ne!(fingerprint(&relabelled), before);
}

#[test]
fn the_output_is_deterministic() {
    let (parsed, layout) = fixture("todo");
    let (parsed2, layout2) = laid_out("todo");
    assert_eq!(
        glyph_defs(layout, &Outlines::new(&parsed.book.fonts)),
        glyph_defs(&layout2, &Outlines::new(&parsed2.book.fonts))
    );
    // A second call takes the outlines from the cache: the same text.
    let outlines = Outlines::new(&parsed.book.fonts);
    assert_eq!(glyph_defs(layout, &outlines), glyph_defs(layout, &outlines));
    assert_eq!(all_pages(layout, 9.0), all_pages(&layout2, 9.0));
}

#[test]
fn images_are_fetched_from_the_address_given() {
    let (_, layout) = fixture("figuras");
    let svgs = all_pages(layout, 0.0);
    let mut seen = 0;
    for (page, svg) in layout.pages.iter().zip(&svgs) {
        let doc = parse(svg);
        let drawn = elements(&doc, "image");
        let placed: Vec<&Placed> = page
            .items
            .iter()
            .filter(|p| matches!(p.item, Item::Image { .. }))
            .collect();
        assert_eq!(drawn.len(), placed.len());
        for (node, p) in drawn.iter().zip(placed) {
            let Item::Image {
                image,
                width,
                height,
                alt,
                ..
            } = &p.item
            else {
                unreachable!()
            };
            assert_eq!(node.attribute("href"), Some(href(*image).as_str()));
            assert!((number(*node, "x") - p.at.x).abs() < 0.01);
            assert!((number(*node, "y") - p.at.y).abs() < 0.01);
            assert!((number(*node, "width") - width).abs() < 0.01);
            assert!((number(*node, "height") - height).abs() < 0.01);
            assert_eq!(node.attribute("preserveAspectRatio"), Some("none"));
            let title = node.children().find(|n| n.has_tag_name("title"));
            assert_eq!(title.and_then(|t| t.text()).unwrap_or(""), alt.as_str());
            seen += 1;
        }
    }
    assert!(seen >= 3, "the fixture places its figures: {seen}");
}

#[test]
fn links_go_to_the_page_of_their_anchor_or_out_of_the_book() {
    let (_, layout) = fixture("todo");
    let destinations = Destinations::of(layout);
    let mut internal = 0;
    let mut web = Vec::new();
    for (i, svg) in all_pages(layout, 0.0).iter().enumerate() {
        let doc = parse(svg);
        for a in elements(&doc, "a") {
            let href = a.attribute("href").unwrap();
            let area = a.first_element_child().expect("a clickable area");
            assert_eq!(area.attribute("fill"), Some("transparent"));
            if let Some(n) = href.strip_prefix("#page-") {
                let n: usize = n.parse().unwrap();
                assert!(n < layout.pages.len());
                internal += 1;
            } else {
                assert_eq!(a.attribute("target"), Some("_blank"), "page {i}");
                web.push(href.to_string());
            }
        }
    }
    assert_eq!(web, ["https://example.org"]);
    assert!(internal >= 2, "{internal}");
    // The section's own page; a missing id goes to its chapter.
    let section = Anchor {
        chapter: 1,
        id: Some("seccion-dos".into()),
    };
    let chapter = Anchor {
        chapter: 1,
        id: None,
    };
    let on = destinations
        .page(&section)
        .expect("the section is a destination");
    assert!(layout.pages[on]
        .text_lines()
        .iter()
        .any(|l| l == "Sección dos"));
    let missing = Anchor {
        chapter: 1,
        id: Some("nada".into()),
    };
    assert_eq!(destinations.page(&missing), destinations.page(&chapter));
    assert!(destinations.page(&chapter).is_some());
}

#[test]
fn pages_of_a_book_are_small() {
    let (parsed, layout) = fixture("layout-libro");
    let svgs = all_pages(layout, 9.0);
    let total: usize = svgs.iter().map(String::len).sum();
    let largest = svgs.iter().map(String::len).max().unwrap();
    let defs = glyph_defs(layout, &Outlines::new(&parsed.book.fonts)).len();
    eprintln!(
        "layout-libro: {} pages, {} bytes per page on average, {largest} at most; glyph defs {defs} bytes",
        svgs.len(),
        total / svgs.len()
    );
    assert!(largest < 80_000, "{largest}");
}

#[test]
fn numbers_are_short() {
    let mut s = String::new();
    for (v, places) in [
        (0.0, 2),
        (12.5, 2),
        (-3.456, 2),
        (-0.004, 2),
        (0.0105, 6),
        (1.0, 0),
    ] {
        num(&mut s, v, places);
        s.push(' ');
    }
    assert_eq!(s, "0 12.5 -3.46 0 0.0105 1 ");
}

/// Bytes per page and the time of a whole novel's fingerprints and pages: run with
/// `cargo test --release --lib preview::tests::quijote -- --ignored --nocapture`.
#[test]
#[ignore = "lays out a whole novel"]
fn quijote() {
    let root = std::path::Path::new("/work/shared/corpora/quijote-es");
    let warnings = Warnings::new();
    let parsed = crate::parse_book(root, None, &warnings).expect("parses");
    let layout = crate::layout(&parsed, &warnings).expect("lays out");
    let prints: Vec<u64> = layout.pages.iter().map(|p| fingerprint(p)).collect();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let again: Vec<u64> = layout.pages.iter().map(|p| fingerprint(p)).collect();
        eprintln!("fingerprints of {} pages: {:?}", again.len(), t.elapsed());
        assert_eq!(prints, again);
    }
    let t = std::time::Instant::now();
    let svgs = all_pages(&layout, 0.0);
    let drawing = t.elapsed();
    let outlines = Outlines::new(&parsed.book.fonts);
    let t = std::time::Instant::now();
    let defs = glyph_defs(&layout, &outlines);
    let defining = t.elapsed();
    let t = std::time::Instant::now();
    assert_eq!(glyph_defs(&layout, &outlines), defs);
    let redefining = t.elapsed();
    let total: usize = svgs.iter().map(String::len).sum();
    eprintln!(
        "{} pages ({} distinct): drawn in {drawing:?}, {} bytes per page on average, {} at \
         most; glyph defs {} bytes in {defining:?}, {redefining:?} from the cache",
        svgs.len(),
        prints.iter().collect::<BTreeSet<_>>().len(),
        total / svgs.len(),
        svgs.iter().map(String::len).max().unwrap(),
        defs.len()
    );
}

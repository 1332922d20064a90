//! The sheet a page is drawn on: its size, the trim and the bleed around it.

use super::*;

#[test]
fn bleed_grows_the_sheet_and_draws_the_trim() {
    let (_, layout) = fixture("todo");
    let page = &layout.pages[0];
    let (w, h) = (page.width, page.height);
    let with = page_svg(layout, 0, &Destinations::of(layout), &options(9.0));
    let doc = parse(&with);
    let svg = doc.root_element();
    let view: Vec<f32> = svg
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(view.len(), 4);
    assert_eq!((view[0], view[1]), (-9.0, -9.0));
    assert!((view[2] - (w + 18.0)).abs() < 0.01 && (view[3] - (h + 18.0)).abs() < 0.01);
    assert_eq!(svg.attribute("class"), Some("sheet"));
    assert_eq!(svg.attribute("id"), Some("page-0"));
    assert_eq!(svg.attribute("data-label"), Some(page.label.as_str()));
    let class = |c: &str| {
        doc.descendants()
            .find(|n| n.attribute("class") == Some(c))
            .unwrap_or_else(|| panic!("no {c} in {with:.600}"))
    };
    let trim = class("trim");
    assert_eq!((number(trim, "x"), number(trim, "y")), (0.0, 0.0));
    assert!((number(trim, "width") - w).abs() < 0.01);
    assert!((number(trim, "height") - h).abs() < 0.01);
    assert!(class("bleed").attribute("stroke-dasharray").is_some());
    assert_eq!(number(class("paper"), "x"), -9.0);

    let without = page_svg(layout, 0, &Destinations::of(layout), &options(0.0));
    let doc = parse(&without);
    assert!(doc
        .descendants()
        .all(|n| !matches!(n.attribute("class"), Some("trim" | "bleed"))));
    let view = doc.root_element().attribute("viewBox").unwrap();
    assert!(view.starts_with("0 0 "), "{view}");
}

/// A print-on-demand interior bleeds on its three outer edges: a recto's sheet starts at
/// its trim's left edge (the spine), a verso's ends at its trim's right edge.
#[test]
fn bleed_on_the_outer_edges_leaves_the_spine_edge_at_the_trim() {
    let (_, layout) = fixture("todo");
    let page = &layout.pages[0];
    let options = SvgOptions {
        sheets: crate::pdf::Sheets {
            bleed: 9.0,
            outer_edges_only: true,
        },
        image_href: &href,
    };
    let view = |i: usize| -> Vec<f32> {
        let svg = page_svg(layout, i, &Destinations::of(layout), &options);
        let doc = parse(&svg);
        let view = doc.root_element().attribute("viewBox").unwrap().to_string();
        view.split(' ').map(|n| n.parse().unwrap()).collect()
    };
    let (recto, verso) = (view(0), view(1));
    assert_eq!(
        (recto[0], recto[1]),
        (0.0, -9.0),
        "the recto's spine edge is its trim"
    );
    assert_eq!(
        (verso[0], verso[1]),
        (-9.0, -9.0),
        "the verso bleeds on its left"
    );
    for v in [&recto, &verso] {
        assert!(
            (v[2] - (page.width + 9.0)).abs() < 0.01 && (v[3] - (page.height + 18.0)).abs() < 0.01
        );
    }
}

/// A cover's parts drawn as the PDF draws them: a run turned up the spine is a group
/// whose matrix turns the glyphs a quarter (baseline up the page, tops to the left), and
/// a cut image sits in a viewport of the cut's size, in the page's coordinates.
#[test]
fn turned_runs_and_cut_images_are_drawn_as_the_pdf_draws_them() {
    use crate::typeset::page::{Direction, Item, Point, Role};
    let (_, layout) = fixture("todo");
    let mut layout = layout.clone();
    let mut page = (*layout.pages[0]).clone();
    let run = page
        .items
        .iter()
        .find_map(|p| match &p.item {
            Item::Text(run) if !run.glyphs.is_empty() => Some(run.clone()),
            _ => None,
        })
        .expect("a run of text");
    let size = run.size;
    page.items = vec![
        Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point { x: 40.0, y: 300.0 },
            role: Role::FrontMatter,
            item: Item::Text(crate::typeset::page::TextRun {
                direction: Direction::Up,
                ..run
            }),
        },
        Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point { x: 10.0, y: -20.0 },
            role: Role::Figure,
            item: Item::Image {
                image: 0,
                width: 200.0,
                height: 400.0,
                alt: String::new(),
                clip: Some((Point { x: 20.0, y: -9.0 }, 150.0, 320.0)),
            },
        },
    ];
    layout.pages = vec![std::sync::Arc::new(page)];
    let svg = page_svg(&layout, 0, &Destinations::of(&layout), &options(9.0));
    let doc = parse(&svg);
    let k = size / 1000.0;
    let turned = doc
        .descendants()
        .filter_map(|n| n.attribute("transform"))
        .find(|t| t.starts_with("matrix(0 "))
        .unwrap_or_else(|| panic!("no turned group in {svg:.2000}"));
    let m: Vec<f32> = turned["matrix(".len()..turned.len() - 1]
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        (m[1] + k).abs() < 1e-4 && (m[2] + k).abs() < 1e-4,
        "{turned}"
    );
    assert_eq!(
        (m[0], m[3], m[4], m[5]),
        (0.0, 0.0, 40.0, 300.0),
        "{turned}"
    );

    let image = doc
        .descendants()
        .find(|n| n.has_tag_name("image"))
        .expect("the image");
    let cut = image.parent_element().unwrap();
    assert!(cut.has_tag_name("svg"), "{svg:.2000}");
    assert_eq!(cut.attribute("viewBox"), Some("20 -9 150 320"));
    assert_eq!(
        [
            number(cut, "x"),
            number(cut, "y"),
            number(cut, "width"),
            number(cut, "height")
        ],
        [20.0, -9.0, 150.0, 320.0]
    );
    assert_eq!((number(image, "x"), number(image, "width")), (10.0, 200.0));
}

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

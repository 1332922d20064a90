//! One laid-out page → one `<svg>` element: the sheet, its guides, the drawing in the
//! order the PDF paints it (graphics, then text), the text layer and the links on top.

use super::{num, push_int, Blank, Destinations, SvgOptions, EM};
use crate::typeset::page::{Direction, Item, Page, Target, TextRun};
use crate::typeset::Layout;
use crate::xml;

/// Page `index` of `layout` as one `<svg>` element, to be inserted into an HTML page that
/// also holds [`glyph_defs`](super::glyph_defs)' output. The element's id is
/// `page-{index}`, which links to an anchor on it name.
pub fn page_svg(
    layout: &Layout,
    index: usize,
    destinations: &Destinations,
    options: &SvgOptions,
) -> String {
    let Some(page) = layout.pages.get(index) else {
        return String::new();
    };
    let mut out = String::with_capacity(64 * 1024);
    sheet(&mut out, page, index, &options.sheets);
    graphics(&mut out, page, options);
    glyphs(&mut out, page, &Blank::of(layout));
    text_layer(&mut out, page);
    links(&mut out, page, destinations);
    out.push_str("</svg>");
    out
}

/// The opening tag, the paper, and the trim and bleed guides.
fn sheet(out: &mut String, page: &Page, index: usize, sheets: &crate::pdf::Sheets) {
    let sheet = sheets.of(index, page);
    let (w, h) = (f64::from(page.width), f64::from(page.height));
    let (sw, sh) = (f64::from(sheet.width), f64::from(sheet.height));
    // The trim's top-left corner is the drawing's origin: the sheet starts left of it
    // and above it by its bleed there (none at the spine when the printer wants none).
    let (left, top) = (-f64::from(sheet.x), -(sh - f64::from(sheet.y) - h));
    out.push_str(r#"<svg xmlns="http://www.w3.org/2000/svg" id="page-"#);
    out.push_str(&index.to_string());
    out.push_str(r#"" class="sheet" data-label=""#);
    out.push_str(&xml::attr(&page.label));
    out.push_str(r#"" viewBox=""#);
    for v in [left, top, sw, sh] {
        num(out, v, 2);
        out.push(' ');
    }
    out.pop();
    out.push_str(r#"" width=""#);
    num(out, sw, 2);
    out.push_str(r#"pt" height=""#);
    num(out, sh, 2);
    out.push_str("pt\">\n");
    // The paper runs to the bleed's edge: what bleeds is printed there, then cut off.
    rect(out, "paper", left, top, sw, sh);
    out.push_str(" fill=\"#fff\"/>\n");
    if sheets.bleed > 0.0 {
        // Guides, faint so as not to be read as part of the page.
        rect(out, "trim", 0.0, 0.0, w, h);
        out.push_str(" fill=\"none\" stroke=\"#b0b0b0\" stroke-width=\".25\"/>\n");
        // Inset by half its stroke, so that all of it is on the sheet.
        rect(
            out,
            "bleed",
            left + 0.125,
            top + 0.125,
            sw - 0.25,
            sh - 0.25,
        );
        out.push_str(
            " fill=\"none\" stroke=\"#c8c8c8\" stroke-width=\".25\" stroke-dasharray=\"3 2\"/>\n",
        );
    }
}

/// Opens `<rect class=.. x y width height` (the caller adds its paint and closes it).
fn rect(out: &mut String, class: &str, x: f64, y: f64, width: f64, height: f64) {
    out.push_str("<rect");
    if !class.is_empty() {
        out.push_str(" class=\"");
        out.push_str(class);
        out.push('"');
    }
    attrs(
        out,
        &[("x", x), ("y", y), ("width", width), ("height", height)],
    );
}

/// Appends ` name="value"` for each pair, values to the hundredth of a point.
fn attrs(out: &mut String, pairs: &[(&str, f64)]) {
    for (name, v) in pairs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        num(out, *v, 2);
        out.push('"');
    }
}

/// `<title>` with `alt`, which browsers show on hover (and screen readers read).
fn title(out: &mut String, alt: &str) {
    out.push_str("<title>");
    xml::push_text(out, alt);
    out.push_str("</title>");
}

/// Rules, frames and images, in the order the layout placed them.
fn graphics(out: &mut String, page: &Page, options: &SvgOptions) {
    for p in &page.items {
        let (x, y) = (f64::from(p.at.x), f64::from(p.at.y));
        match &p.item {
            Item::Rule { to, thickness } => {
                out.push_str("<line");
                attrs(
                    out,
                    &[
                        ("x1", x),
                        ("y1", y),
                        ("x2", f64::from(to.x)),
                        ("y2", f64::from(to.y)),
                        ("stroke-width", f64::from(*thickness)),
                    ],
                );
                out.push_str(" stroke=\"#000\"/>\n");
            }
            Item::Frame { width, height, alt } => {
                rect(out, "", x, y, f64::from(*width), f64::from(*height));
                out.push_str(" fill=\"none\" stroke=\"#000\" stroke-width=\".5\">");
                title(out, alt);
                out.push_str("</rect>\n");
            }
            Item::Image {
                image,
                width,
                height,
                alt,
                clip,
            } => {
                // A cut image sits in a viewport of its own, in the page's coordinates.
                if let Some((corner, cw, ch)) = clip {
                    out.push_str("<svg");
                    attrs(
                        out,
                        &[
                            ("x", f64::from(corner.x)),
                            ("y", f64::from(corner.y)),
                            ("width", f64::from(*cw)),
                            ("height", f64::from(*ch)),
                        ],
                    );
                    out.push_str(" viewBox=\"");
                    for (i, v) in [corner.x, corner.y, *cw, *ch].into_iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        num(out, f64::from(v), 2);
                    }
                    out.push_str("\">");
                }
                out.push_str("<image href=\"");
                out.push_str(&xml::attr(&(options.image_href)(*image)));
                out.push('"');
                attrs(
                    out,
                    &[
                        ("x", x),
                        ("y", y),
                        ("width", f64::from(*width)),
                        ("height", f64::from(*height)),
                    ],
                );
                out.push_str(" preserveAspectRatio=\"none\"");
                if alt.is_empty() {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    title(out, alt);
                    out.push_str("</image>");
                }
                if clip.is_some() {
                    out.push_str("</svg>");
                }
                out.push('\n');
            }
            Item::Text(_) | Item::Link { .. } | Item::Destination(_) => {}
        }
    }
}

/// The glyphs, in black: the runs that follow one another on one baseline in one face
/// and size share a group (a line's words), each glyph a `<use>` of its outline placed
/// in thousandths of an em from the group's origin.
fn glyphs(out: &mut String, page: &Page, blank: &Blank) {
    let runs = page.items.iter().filter_map(|p| match &p.item {
        Item::Text(run) if run.size > 0.0 && run.size.is_finite() => Some((p.at, run)),
        _ => None,
    });
    let start = out.len();
    out.push_str("<g fill=\"#000\">");
    let drawn = out.len();
    let mut group: Option<Group> = None;
    for (at, run) in runs {
        let face = run.face.index();
        let origin = match &group {
            Some(g)
                if g.face == face
                    && g.size == run.size
                    && g.y == at.y
                    && run.direction == Direction::Across
                    && g.direction == Direction::Across =>
            {
                g.x
            }
            _ => {
                if let Some(g) = group.take() {
                    g.close(out);
                }
                group = Some(Group::open(out, face, run, at.x, at.y));
                at.x
            }
        };
        let per_point = EM / f64::from(run.size);
        for g in run.glyphs.iter() {
            if blank.contains(face, g.gid) {
                continue;
            }
            out.push_str("<use href=\"#g");
            push_int(out, face as i64);
            out.push('-');
            push_int(out, i64::from(g.gid));
            out.push('"');
            let x = (f64::from(at.x - origin + g.x) * per_point).round();
            let y = (f64::from(g.rise) * per_point).round();
            for (name, v) in [("x", x), ("y", y)] {
                if v != 0.0 {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    num(out, v, 0);
                    out.push('"');
                }
            }
            out.push_str("/>");
        }
    }
    if let Some(g) = group {
        g.close(out);
    }
    if out.len() == drawn {
        out.truncate(start);
    } else {
        out.push_str("</g>\n");
    }
}

/// An open group of runs: their face, size and origin, and where it stands in the output.
struct Group {
    face: usize,
    direction: Direction,
    size: f32,
    x: f32,
    y: f32,
    /// Where its opening tag begins and ends.
    tag: usize,
    body: usize,
}

impl Group {
    /// Opens a group scaled from thousandths of an em to points, y up as in a font.
    fn open(out: &mut String, face: usize, run: &TextRun, x: f32, y: f32) -> Group {
        let tag = out.len();
        let k = f64::from(run.size) / EM;
        // Font units (x along the baseline, y up) to the page's (y down), turned for a
        // run up or down a spine.
        let matrix = match run.direction {
            Direction::Across => [k, 0.0, 0.0, -k],
            Direction::Up => [0.0, -k, -k, 0.0],
            Direction::Down => [0.0, k, k, 0.0],
        };
        out.push_str("\n<g transform=\"matrix(");
        for (i, v) in matrix.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            num(out, v, 6);
        }
        out.push(' ');
        num(out, f64::from(x), 2);
        out.push(' ');
        num(out, f64::from(y), 2);
        out.push_str(")\">");
        Group {
            face,
            direction: run.direction,
            size: run.size,
            x,
            y,
            tag,
            body: out.len(),
        }
    }

    /// Closes the group, or takes it back when it drew nothing (a run of spaces).
    fn close(self, out: &mut String) {
        if out.len() == self.body {
            out.truncate(self.tag);
        } else {
            out.push_str("</g>");
        }
    }
}

/// The page's lines as text, invisible over the glyphs, stretched to their width: the
/// browser selects, copies and finds them where the glyphs are. Lines are parted by a
/// newline, so that the layer's text is the page's text.
fn text_layer(out: &mut String, page: &Page) {
    let lines = page.placed_lines();
    if lines.is_empty() {
        return;
    }
    out.push_str("<g class=\"text\" fill=\"transparent\" style=\"white-space:pre\">");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("<text class=\"line\"");
        let (x, y) = (f64::from(line.at.x), f64::from(line.at.y));
        attrs(
            out,
            &[("x", x), ("y", y), ("font-size", f64::from(line.size))],
        );
        let length = f64::from(line.end) - x;
        if length > 0.0 {
            attrs(out, &[("textLength", length)]);
            out.push_str(" lengthAdjust=\"spacingAndGlyphs\"");
        }
        out.push('>');
        xml::push_text(out, &line.text);
        out.push_str("</text>");
    }
    out.push_str("</g>\n");
}

/// The clickable areas, last so that nothing covers them: a web address opens beside
/// the preview, an anchor scrolls to its page (left out when the book has no such
/// anchor, as the PDF leaves out its annotation).
fn links(out: &mut String, page: &Page, destinations: &Destinations) {
    for p in &page.items {
        let Item::Link {
            width,
            height,
            target,
        } = &p.item
        else {
            continue;
        };
        match target {
            Target::Uri(uri) => {
                out.push_str("<a href=\"");
                out.push_str(&xml::attr(uri));
                out.push_str("\" target=\"_blank\" rel=\"noopener\">");
            }
            Target::Anchor(anchor) => {
                let Some(n) = destinations.page(anchor) else {
                    continue;
                };
                out.push_str("<a href=\"#page-");
                out.push_str(&n.to_string());
                out.push_str("\">");
            }
        }
        let (x, y) = (f64::from(p.at.x), f64::from(p.at.y));
        rect(out, "", x, y, f64::from(*width), f64::from(*height));
        out.push_str(" fill=\"transparent\"/></a>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{elements, fixture, number, options, parse};
    use super::*;
    use crate::typeset::page::{Anchor, Placed, Point, Role};

    /// Items no fixture places: a framed placeholder with its description, a rule, and a
    /// link to an anchor the book lacks (drawn without a link, as in the PDF).
    #[test]
    fn frames_rules_and_lost_links() {
        let (_, layout) = fixture("todo");
        let mut layout = layout.clone();
        std::sync::Arc::make_mut(&mut layout.pages[0]).items = vec![
            Placed {
                tag: crate::typeset::page::Tag::Artifact,
                at: Point { x: 10.0, y: 20.0 },
                role: Role::Figure,
                item: Item::Frame {
                    width: 100.0,
                    height: 50.5,
                    alt: "Un mapa <roto> & perdido".into(),
                },
            },
            Placed {
                tag: crate::typeset::page::Tag::Artifact,
                at: Point { x: 10.0, y: 80.0 },
                role: Role::Note,
                item: Item::Rule {
                    to: Point { x: 70.0, y: 80.0 },
                    thickness: 0.4,
                },
            },
            Placed {
                tag: crate::typeset::page::Tag::Artifact,
                at: Point { x: 10.0, y: 90.0 },
                role: Role::Paragraph,
                item: Item::Link {
                    width: 30.0,
                    height: 10.0,
                    target: Target::Anchor(Anchor {
                        chapter: 99,
                        id: None,
                    }),
                },
            },
        ];
        let svg = page_svg(&layout, 0, &Destinations::of(&layout), &options(0.0));
        let doc = parse(&svg);
        let frame = doc
            .descendants()
            .find(|n| n.has_tag_name("rect") && n.attribute("stroke-width") == Some(".5"))
            .expect("the frame is drawn");
        assert_eq!(frame.attribute("fill"), Some("none"));
        assert_eq!(number(frame, "height"), 50.5);
        let title = frame.first_element_child().and_then(|t| t.text());
        assert_eq!(title, Some("Un mapa <roto> & perdido"));
        let line = elements(&doc, "line");
        assert_eq!(line.len(), 1);
        assert_eq!(
            ["x1", "y1", "x2", "y2", "stroke-width"].map(|a| number(line[0], a)),
            [10.0, 80.0, 70.0, 80.0, 0.4]
        );
        assert!(elements(&doc, "a").is_empty());
        assert!(elements(&doc, "g").is_empty(), "no glyphs, no text: {svg}");
        assert_eq!(
            page_svg(&layout, 999, &Destinations::of(&layout), &options(0.0)),
            ""
        );
    }
}

//! What an SVG figure would cost to convert, counted on its XML before usvg and svg2pdf
//! see it. Their work grows with things a small file can multiply: `<use>` references
//! that each copy a subtree (five uses of five uses … of a shape), text (usvg lays it out
//! in time quadratic in its length), nested groups with opacity, masks or filters (each
//! an offscreen layer), and plain element count. A figure over any budget is drawn as a
//! placeholder, with the reason; the check itself is linear in the file.

use roxmltree::{Document, Node, NodeId};
use rustc_hash::FxHashMap;

/// The budgets, set so the worst case of each costs well under two seconds and 500 MB
/// (benches/README.md), while a large technical drawing (an Inkscape map, a chart with
/// thousands of points) stays far inside them.
pub(super) const MAX_NODES: u32 = crate::xml::MAX_FIGURE_NODES;
pub(super) const MAX_ELEMENTS: u64 = 100_000;
pub(super) const MAX_DEPTH: usize = 96;
pub(super) const MAX_TEXT_CHARS: u64 = 20_000;
pub(super) const MAX_EFFECTS: u64 = 2_000;
pub(super) const MAX_EFFECT_DEPTH: usize = 24;

/// Pixels of the rasters inside a drawing (`data:` URLs), which usvg decodes: the same
/// limit as for an image of the book.
pub(super) const MAX_EMBEDDED_PIXELS: u64 = crate::manuscript::assets::MAX_IMAGE_PIXELS;

use crate::xml::{SVG_NS, XLINK_NS};

/// `Err` with the reason (the count and its limit) when converting the SVG `text` would
/// cost more than a figure may.
pub(super) fn check(text: &str) -> Result<(), String> {
    let doc = crate::xml::parse_bounded(text, MAX_NODES)?;
    let ids: FxHashMap<&str, NodeId> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| Some((n.attribute("id")?, n.id())))
        .collect();
    let mut expansion = Expansion {
        doc: &doc,
        ids,
        tallies: FxHashMap::default(),
    };
    let root = doc.root_element();
    let drawn = expansion.tally(root, 0)?;
    if drawn.elements > MAX_ELEMENTS {
        return Err(format!(
            "it draws {} elements once its <use> references and markers are expanded, over the limit of {MAX_ELEMENTS}",
            count(drawn.elements, MAX_ELEMENTS)
        ));
    }
    if drawn.text > MAX_TEXT_CHARS {
        return Err(format!(
            "it sets {} characters of text (each use counted), over the limit of {MAX_TEXT_CHARS}",
            count(drawn.text, MAX_TEXT_CHARS)
        ));
    }
    if drawn.effects > MAX_EFFECTS {
        return Err(format!(
            "it has {} groups with opacity, masks or filters (each use counted), over the limit of {MAX_EFFECTS}",
            count(drawn.effects, MAX_EFFECTS)
        ));
    }
    for node in root
        .descendants()
        .filter(|n| n.is_element() && is_effect(*n))
    {
        let depth = node
            .ancestors()
            .filter(|a| a.is_element() && is_effect(*a))
            .count();
        if depth > MAX_EFFECT_DEPTH {
            return Err(format!(
                "it nests groups with opacity, masks or filters {depth} deep, over the limit of {MAX_EFFECT_DEPTH}"
            ));
        }
    }
    let pixels = embedded_pixels(root);
    if pixels > MAX_EMBEDDED_PIXELS {
        return Err(format!(
            "the images inside it have {:.1} megapixels in all, over the limit of {}",
            pixels as f64 / 1e6,
            MAX_EMBEDDED_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// A count for a message: counting stops at four times its limit ([`Tally::capped`]).
fn count(n: u64, limit: u64) -> String {
    if n >= limit * 4 {
        format!("at least {n}")
    } else {
        n.to_string()
    }
}

/// What a subtree makes usvg draw: elements, characters of text, and offscreen layers.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    elements: u64,
    text: u64,
    effects: u64,
}

impl Tally {
    fn add(&mut self, other: Tally, times: u64) {
        self.elements = self
            .elements
            .saturating_add(other.elements.saturating_mul(times));
        self.text = self.text.saturating_add(other.text.saturating_mul(times));
        self.effects = self
            .effects
            .saturating_add(other.effects.saturating_mul(times));
    }

    /// Past every budget the exact figures do not matter: stop them growing.
    fn capped(self) -> Tally {
        Tally {
            elements: self.elements.min(MAX_ELEMENTS * 4),
            text: self.text.min(MAX_TEXT_CHARS * 4),
            effects: self.effects.min(MAX_EFFECTS * 4),
        }
    }
}

/// Each subtree's [`Tally`] once `<use>` references and markers are expanded, memoised per
/// node so the count stays linear in the file.
struct Expansion<'a, 'input> {
    doc: &'a Document<'input>,
    ids: FxHashMap<&'a str, NodeId>,
    /// `None` while a node is being counted: met again, it is a reference cycle.
    tallies: FxHashMap<NodeId, Option<Tally>>,
}

impl<'a> Expansion<'a, '_> {
    fn tally(&mut self, node: Node<'a, '_>, depth: usize) -> Result<Tally, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "its elements nest more than {MAX_DEPTH} deep, the limit for a figure"
            ));
        }
        match self.tallies.get(&node.id()) {
            Some(Some(tally)) => return Ok(*tally),
            Some(None) => return Err("a <use> refers to itself through its own content".into()),
            None => {}
        }
        self.tallies.insert(node.id(), None);
        let mut tally = Tally {
            elements: 1,
            effects: u64::from(is_effect(node)),
            text: 0,
        };
        for child in node.children() {
            if child.is_element() {
                tally.add(self.tally(child, depth + 1)?, 1);
            } else if child.is_text() && inside_text(child) {
                tally.text += child.text().map_or(0, |t| t.chars().count() as u64);
            }
        }
        if node.tag_name().name() == "use" {
            if let Some(target) = href(node).and_then(|h| self.target(h)) {
                tally.add(self.tally(target, depth + 1)?, 1);
            }
        }
        // A marker is drawn at each vertex it is set on (`marker-mid` on a long path).
        for (marker, at) in markers(node) {
            if let Some(target) = self.target(marker) {
                let times = vertices(node, at);
                tally.add(self.tally(target, depth + 1)?, times);
            }
        }
        let tally = tally.capped();
        self.tallies.insert(node.id(), Some(tally));
        Ok(tally)
    }

    /// The element a `#id` or `url(#id)` reference names.
    fn target(&self, reference: &str) -> Option<Node<'a, 'a>> {
        let reference = reference.trim();
        let id = reference
            .strip_prefix("url(")
            .and_then(|r| r.strip_suffix(')'))
            .unwrap_or(reference)
            .trim()
            .trim_matches(['"', '\''])
            .strip_prefix('#')?;
        self.doc.get_node(*self.ids.get(id)?)
    }
}

/// Where on a shape a marker goes.
#[derive(Clone, Copy)]
enum MarkerAt {
    Ends,
    Vertices,
}

/// The markers set on an element, by attribute or in its `style`.
fn markers<'a>(node: Node<'a, '_>) -> Vec<(&'a str, MarkerAt)> {
    let mut found = Vec::new();
    for (name, at) in [
        ("marker-start", MarkerAt::Ends),
        ("marker-end", MarkerAt::Ends),
        ("marker-mid", MarkerAt::Vertices),
        ("marker", MarkerAt::Vertices),
    ] {
        if let Some(value) = node.attribute(name) {
            found.push((value, at));
        }
        if let Some(style) = node.attribute("style") {
            for declaration in style.split(';') {
                if let Some((key, value)) = declaration.split_once(':') {
                    if key.trim() == name {
                        found.push((value, at));
                    }
                }
            }
        }
    }
    found
}

/// How many times a marker is drawn on `node`: once for an end, at most once a vertex
/// for the middle (counted from the path's commands or the points' numbers).
fn vertices(node: Node, at: MarkerAt) -> u64 {
    match at {
        MarkerAt::Ends => 1,
        MarkerAt::Vertices => {
            let commands = node.attribute("d").map_or(0, |d| {
                d.bytes().filter(u8::is_ascii_alphabetic).count()
                    + d.split(|c: char| c == ',' || c.is_whitespace()).count() / 2
            });
            let points = node.attribute("points").map_or(0, |p| {
                p.split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|n| !n.is_empty())
                    .count()
                    / 2
            });
            (commands + points).max(2) as u64
        }
    }
}

/// The pixels of every raster inside the drawing, read from each `data:` URL's header
/// (a few bytes decoded, not the image), so an over-large one is named in the warning.
/// (The converter takes rasters only, within the same limit: `svg::rasters_only`.)
fn embedded_pixels(root: Node) -> u64 {
    use base64::Engine as _;
    let mut pixels = 0u64;
    for node in root.descendants().filter(|n| n.is_element()) {
        let Some(url) = href(node) else { continue };
        let Some((kind, payload)) = url
            .trim_start()
            .get(5..)
            .filter(|_| url.trim_start()[..5].eq_ignore_ascii_case("data:"))
            .and_then(|rest| rest.split_once(','))
        else {
            continue;
        };
        // Enough of the start for any format's header (a JPEG's may follow its EXIF).
        let head: Vec<u8> = if kind.to_ascii_lowercase().ends_with(";base64") {
            let text: String = payload
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(64 * 1024)
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(&text[..text.len() / 4 * 4])
                .unwrap_or_default()
        } else {
            let end = payload.len().min(64 * 1024);
            let end = (0..=end)
                .rev()
                .find(|&i| payload.is_char_boundary(i))
                .unwrap_or(0);
            percent_encoding::percent_decode_str(&payload[..end]).collect()
        };
        if let Ok(size) = imagesize::blob_size(&head) {
            pixels = pixels.saturating_add((size.width as u64).saturating_mul(size.height as u64));
        }
    }
    pixels
}

fn href<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XLINK_NS, "href"))
        .or_else(|| node.attribute("href"))
}

fn inside_text(node: Node) -> bool {
    node.ancestors()
        .any(|a| a.is_element() && a.tag_name().name() == "text")
}

/// Whether the element makes usvg and svg2pdf draw an offscreen layer.
fn is_effect(node: Node) -> bool {
    if node.tag_name().namespace() != Some(SVG_NS) {
        return false;
    }
    let translucent = node
        .attribute("opacity")
        .and_then(|o| o.trim().parse::<f32>().ok())
        .is_some_and(|o| o < 1.0);
    let styled = node.attribute("style").is_some_and(|s| {
        s.contains("opacity") || s.contains("mask") || s.contains("filter") || s.contains("clip")
    });
    translucent
        || styled
        || node.has_attribute("mask")
        || node.has_attribute("filter")
        || node.has_attribute("clip-path")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(body: &str) -> String {
        format!(
            "<svg xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\" width=\"100\" height=\"100\">{body}</svg>"
        )
    }

    #[test]
    fn an_ordinary_drawing_passes() {
        let body = "<defs><circle id=\"c\" r=\"2\"/></defs>".to_string()
            + &"<use xlink:href=\"#c\" x=\"5\"/>".repeat(200)
            + "<text x=\"1\" y=\"10\">Illimani, 6438 m</text><g opacity=\"0.5\"><rect width=\"3\" height=\"3\"/></g>";
        assert_eq!(check(&svg(&body)), Ok(()));
    }

    #[test]
    fn use_fan_out_is_counted_expanded() {
        // Each level uses the one below five times: 5¹⁰ rectangles from a few hundred bytes.
        let mut body = String::from("<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
        for level in 1..=10 {
            body.push_str(&format!("<g id=\"l{level}\">"));
            for _ in 0..5 {
                body.push_str(&format!("<use xlink:href=\"#l{}\"/>", level - 1));
            }
            body.push_str("</g>");
        }
        body.push_str("</defs><use xlink:href=\"#l10\"/>");
        let e = check(&svg(&body)).unwrap_err();
        assert!(
            e.contains("<use> references and markers are expanded"),
            "{e}"
        );
    }

    #[test]
    fn text_nesting_effects_and_cycles_have_limits() {
        let long = format!("<text>{}</text>", "palabra ".repeat(4000));
        assert!(check(&svg(&long))
            .unwrap_err()
            .contains("characters of text"));

        let nested = "<g opacity=\"0.9\">".repeat(40) + &"</g>".repeat(40);
        assert!(check(&svg(&nested)).unwrap_err().contains("nests groups"));

        let deep = "<g>".repeat(200) + &"</g>".repeat(200);
        assert!(check(&svg(&deep)).unwrap_err().contains("nest more than"));

        let cycle = "<g id=\"a\"><use xlink:href=\"#a\"/></g>";
        assert!(check(&svg(cycle)).unwrap_err().contains("refers to itself"));

        // A PNG header claiming 30 000 × 30 000 pixels, inside the drawing.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(30_000u32.to_be_bytes());
        png.extend(30_000u32.to_be_bytes());
        png.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        use base64::Engine as _;
        let url = base64::engine::general_purpose::STANDARD.encode(&png);
        let bomb =
            format!("<image width=\"10\" height=\"10\" href=\"data:image/png;base64,{url}\"/>");
        assert!(check(&svg(&bomb))
            .unwrap_err()
            .contains("megapixels in all"));
        let upper = bomb.replace(";base64", ";BASE64");
        assert!(check(&svg(&upper))
            .unwrap_err()
            .contains("megapixels in all"));

        // Text and effects are counted at each use of them, markers at each vertex.
        let used = format!(
            "<defs><text id=\"t\">{}</text></defs>{}",
            "x".repeat(1000),
            "<use href=\"#t\"/>".repeat(50)
        );
        assert!(check(&svg(&used))
            .unwrap_err()
            .contains("characters of text (each use"));
        let faded = "<defs><g id=\"f\" opacity=\"0.5\"><rect/></g></defs>".to_string()
            + &"<use href=\"#f\"/>".repeat(3000);
        assert!(check(&svg(&faded))
            .unwrap_err()
            .contains("opacity, masks or filters (each use"));
        let points: String = (0..40_000).map(|i| format!("{i},{i} ")).collect();
        let marked = format!(
            "<defs><marker id=\"m\"><g><rect/><rect/><rect/></g></marker></defs><polyline marker-mid=\"url(#m)\" points=\"{points}\"/>"
        );
        assert!(check(&svg(&marked))
            .unwrap_err()
            .contains("and markers are expanded"));

        let many = "<rect width=\"1\" height=\"1\"/>".repeat(MAX_NODES as usize);
        assert!(check(&svg(&many)).unwrap_err().contains("XML nodes"));
    }
}

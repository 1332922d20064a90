//! What an SVG figure would cost to convert, counted on its XML before usvg and svg2pdf
//! see it. Their work grows with things a small file can multiply: `<use>` references
//! that each copy a subtree (five uses of five uses … of a shape), text (usvg lays it out
//! in time quadratic in its length), nested groups with opacity, masks or filters (each
//! an offscreen layer), and plain element count. A figure over any budget is drawn as a
//! placeholder, with the reason; the check itself is linear in the file.

use roxmltree::{Document, Node, NodeId, ParsingOptions};
use rustc_hash::FxHashMap;

/// The budgets, set so the worst case of each costs well under two seconds and 500 MB
/// (benches/README.md), while a large technical drawing (an Inkscape map, a chart with
/// thousands of points) stays far inside them.
pub(super) const MAX_NODES: u32 = 300_000;
pub(super) const MAX_ELEMENTS: u64 = 100_000;
pub(super) const MAX_DEPTH: usize = 96;
pub(super) const MAX_TEXT_CHARS: u64 = 20_000;
pub(super) const MAX_EFFECTS: u64 = 2_000;
pub(super) const MAX_EFFECT_DEPTH: usize = 24;

/// Pixels of the rasters inside a drawing (`data:` URLs), which usvg decodes: the same
/// limit as for an image of the book.
pub(super) const MAX_EMBEDDED_PIXELS: u64 = crate::manuscript::assets::MAX_IMAGE_PIXELS;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// `Err` with the reason (the count and its limit) when converting the SVG `text` would
/// cost more than a figure may.
pub(super) fn check(text: &str) -> Result<(), String> {
    let options = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            format!("it has more than {MAX_NODES} XML nodes, the limit for a figure")
        }
        e => format!("it is not well-formed XML ({e})"),
    })?;
    let ids: FxHashMap<&str, NodeId> = doc
        .descendants()
        .filter(|n| n.is_element())
        .filter_map(|n| Some((n.attribute("id")?, n.id())))
        .collect();
    let mut cost = Costs {
        doc: &doc,
        ids,
        expanded: FxHashMap::default(),
    };
    let root = doc.root_element();
    let elements = cost.expanded(root, 0)?;
    if elements > MAX_ELEMENTS {
        return Err(format!(
            "it draws {elements} elements once its <use> references are expanded, over the limit of {MAX_ELEMENTS}"
        ));
    }
    let mut text_chars = 0u64;
    let mut effects = 0u64;
    for node in root.descendants() {
        if node.is_text() && inside_text(node) {
            text_chars += node.text().map_or(0, |t| t.chars().count() as u64);
        }
        if node.is_element() && is_effect(node) {
            effects += 1;
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
    }
    let pixels = embedded_pixels(root)?;
    if pixels > MAX_EMBEDDED_PIXELS {
        return Err(format!(
            "the images inside it have {:.1} megapixels in all, over the limit of {}",
            pixels as f64 / 1e6,
            MAX_EMBEDDED_PIXELS / 1_000_000
        ));
    }
    if text_chars > MAX_TEXT_CHARS {
        return Err(format!(
            "it holds {text_chars} characters of text, over the limit of {MAX_TEXT_CHARS}"
        ));
    }
    if effects > MAX_EFFECTS {
        return Err(format!(
            "it has {effects} groups with opacity, masks or filters, over the limit of {MAX_EFFECTS}"
        ));
    }
    Ok(())
}

/// Element counts after `<use>` expansion, memoised per node so the count is linear.
struct Costs<'a, 'input> {
    doc: &'a Document<'input>,
    ids: FxHashMap<&'a str, NodeId>,
    /// `None` while a node is being counted: met again, it is a reference cycle.
    expanded: FxHashMap<NodeId, Option<u64>>,
}

impl<'a> Costs<'a, '_> {
    fn expanded(&mut self, node: Node<'a, '_>, depth: usize) -> Result<u64, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "its elements nest more than {MAX_DEPTH} deep, the limit for a figure"
            ));
        }
        match self.expanded.get(&node.id()) {
            Some(Some(count)) => return Ok(*count),
            Some(None) => return Err("a <use> refers to itself through its own content".into()),
            None => {}
        }
        self.expanded.insert(node.id(), None);
        let mut count = 1u64;
        for child in node.children().filter(|c| c.is_element()) {
            count = count.saturating_add(self.expanded(child, depth + 1)?);
        }
        if node.tag_name().name() == "use" {
            let target = href(node)
                .and_then(|h| h.strip_prefix('#'))
                .and_then(|id| self.ids.get(id).copied())
                .and_then(|id| self.doc.get_node(id));
            if let Some(target) = target {
                count = count.saturating_add(self.expanded(target, depth + 1)?);
            }
        }
        // Stop counting early: past the budget the exact figure does not matter.
        let count = count.min(MAX_ELEMENTS.saturating_mul(4));
        self.expanded.insert(node.id(), Some(count));
        Ok(count)
    }
}

/// The pixels of every raster inside the drawing, read from each `data:` URL's header
/// (a few bytes decoded, not the image); an SVG inside is refused, being a drawing whose
/// cost this count cannot see.
fn embedded_pixels(root: Node) -> Result<u64, String> {
    use base64::Engine as _;
    let mut pixels = 0u64;
    for node in root.descendants().filter(|n| n.is_element()) {
        let Some(url) = href(node) else { continue };
        let Some(rest) = url.trim_start().strip_prefix("data:") else {
            continue;
        };
        let (kind, payload) = rest.split_once(',').unwrap_or((rest, ""));
        if kind.to_ascii_lowercase().contains("svg") {
            return Err("it holds another SVG drawing as an image".into());
        }
        if !kind.ends_with(";base64") {
            continue;
        }
        // Enough of the start for any format's header (a JPEG's may follow its EXIF).
        let head: String = payload
            .chars()
            .filter(|c| !c.is_whitespace())
            .take(64 * 1024)
            .collect();
        let head = &head[..head.len() / 4 * 4];
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(head)
            .unwrap_or_default();
        if let Ok(size) = imagesize::blob_size(&bytes) {
            pixels = pixels.saturating_add((size.width as u64).saturating_mul(size.height as u64));
        }
    }
    Ok(pixels)
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
        assert!(e.contains("<use> references are expanded"), "{e}");
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
        let bomb = format!("<image width=\"10\" height=\"10\" href=\"data:image/png;base64,{url}\"/>");
        assert!(check(&svg(&bomb)).unwrap_err().contains("megapixels in all"));
        let nested = "<image href=\"data:image/svg+xml;base64,PHN2Zy8+\"/>";
        assert!(check(&svg(nested)).unwrap_err().contains("another SVG"));

        let many = "<rect width=\"1\" height=\"1\"/>".repeat(MAX_NODES as usize);
        assert!(check(&svg(&many)).unwrap_err().contains("XML nodes"));
    }
}

//! SVG figures as the EPUB carries them: re-written from their parsed tree, keeping the
//! drawing and dropping whatever would make a reading system run code or fetch a file.
//!
//! An SVG is a document that can script, link and embed: copied as the author wrote it,
//! `href="file:///etc/passwd"`, an external entity, a `<script>` or a `<foreignObject>`
//! loading a URL make EPUBCheck fail (RSC-030, HTM-003, RSC-016, OPF-073, OPF-014) and
//! ask the reader's device to fetch local or remote files. So the EPUB gets the tree
//! written back without: the prolog and any DTD (entities are expanded by the parser),
//! processing instructions and comments; `<script>`, `<foreignObject>` and elements of
//! unknown namespaces; event attributes (`on…`); references that leave the file (an
//! `href` other than `#id` or an image `data:` URL; `url(…)` in styles likewise, and
//! `@import`). Hyperlinks on `<a>` to the web stay: following them is the reader's choice.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use roxmltree::{Node, NodeType};

use crate::xml::{attr as escape_attr, push_text};

use crate::xml::{SVG_NS, XLINK_NS};
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Namespaces whose elements and attributes stay: SVG's own, XLink, and the metadata
/// vocabularies drawing programs write inside `<metadata>` (RDF, Dublin Core, Creative
/// Commons) and as attributes (Inkscape's and Sodipodi's, which readers ignore).
const KEPT_NS: [&str; 7] = [
    SVG_NS,
    XLINK_NS,
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
];

/// The nodes a figure's XML may have: the limit the PDF's conversion has, so a drawing too
/// large for one book is an empty frame in both (and no e-reader lays out more).
const MAX_NODES: u32 = crate::xml::MAX_FIGURE_NODES;

/// The SVG `data` made safe for the EPUB, and what was removed (for a warning), or the
/// parser's reason when it is not well-formed XML.
pub fn sanitise(data: &[u8]) -> Result<(Vec<u8>, Vec<String>), String> {
    let text = std::str::from_utf8(data).map_err(|_| "it is not UTF-8".to_string())?;
    let doc = crate::xml::parse_bounded(text, MAX_NODES)?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err("its root element is not <svg> in the SVG namespace".into());
    }
    let mut writer = Writer {
        out: String::with_capacity(text.len()),
        prefixes: BTreeMap::new(),
        removed: BTreeMap::new(),
    };
    if text.contains("<!DOCTYPE") || text.contains("<!doctype") {
        writer.note("the DOCTYPE (entities are written out)");
    }
    writer
        .out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    writer.element(root, true);
    let removed = writer
        .removed
        .into_iter()
        .map(|(what, n)| if n > 1 { format!("{what} ×{n}") } else { what })
        .collect();
    Ok((writer.out.into_bytes(), removed))
}

struct Writer {
    out: String,
    /// Prefix of each kept namespace other than SVG's, declared on the root element.
    prefixes: BTreeMap<&'static str, &'static str>,
    /// What was removed, counted.
    removed: BTreeMap<String, usize>,
}

impl Writer {
    fn note(&mut self, what: impl Into<String>) {
        *self.removed.entry(what.into()).or_default() += 1;
    }

    fn prefix(&mut self, ns: &str) -> Option<&'static str> {
        let known = KEPT_NS.iter().find(|k| **k == ns)?;
        if *known == SVG_NS {
            return Some("");
        }
        let prefix = match *known {
            XLINK_NS => "xlink",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#" => "rdf",
            "http://purl.org/dc/elements/1.1/" => "dc",
            "http://creativecommons.org/ns#" => "cc",
            "http://www.inkscape.org/namespaces/inkscape" => "inkscape",
            _ => "sodipodi",
        };
        self.prefixes.insert(known, prefix);
        Some(prefix)
    }

    fn element(&mut self, node: Node, is_root: bool) {
        let tag = node.tag_name();
        let name = tag.name();
        let Some(prefix) = tag.namespace().and_then(|ns| self.prefix(ns)) else {
            self.note(format!("<{name}> of an unknown namespace"));
            return;
        };
        if prefix.is_empty() && matches!(name, "script" | "foreignObject" | "handler") {
            self.note(format!("<{name}>"));
            return;
        }
        // An animation that sets a reference could point it anywhere.
        if prefix.is_empty()
            && matches!(name, "set" | "animate")
            && node
                .attribute("attributeName")
                .is_some_and(|a| a.ends_with("href"))
        {
            self.note(format!("<{name}> of a reference"));
            return;
        }
        let qualified = qualify(prefix, name);
        let at = self.out.len();
        self.out.push('<');
        self.out.push_str(&qualified);
        for attribute in node.attributes() {
            self.attribute(name, &attribute);
        }
        let mut has_content = false;
        let mut body = String::new();
        std::mem::swap(&mut self.out, &mut body);
        for child in node.children() {
            match child.node_type() {
                NodeType::Element => self.element(child, false),
                NodeType::Text => {
                    let text = child.text().unwrap_or_default();
                    if name == "style" {
                        let clean = self.style(text);
                        push_text(&mut self.out, &clean);
                    } else {
                        push_text(&mut self.out, text);
                    }
                }
                NodeType::PI => self.note("a processing instruction"),
                NodeType::Comment | NodeType::Root => {}
            }
        }
        std::mem::swap(&mut self.out, &mut body);
        if !body.is_empty() {
            has_content = true;
        }
        if is_root {
            // Every namespace the kept nodes use, declared once, here.
            let mut declarations = format!(" xmlns=\"{SVG_NS}\"");
            for (ns, prefix) in &self.prefixes {
                let _ = write!(declarations, " xmlns:{prefix}=\"{ns}\"");
            }
            self.out.insert_str(at + 1 + qualified.len(), &declarations);
        }
        if has_content {
            self.out.push('>');
            self.out.push_str(&body);
            let _ = write!(self.out, "</{qualified}>");
        } else {
            self.out.push_str("/>");
        }
    }

    fn attribute(&mut self, element: &str, attribute: &roxmltree::Attribute) {
        let name = attribute.name();
        let prefix = match attribute.namespace() {
            None => "",
            Some(XML_NS) => "xml",
            Some(ns) => match self.prefix(ns) {
                Some(prefix) => prefix,
                None => {
                    self.note(format!("attribute {name} of an unknown namespace"));
                    return;
                }
            },
        };
        let value = attribute.value();
        if prefix.is_empty() && name.len() > 2 && name.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
            self.note("event attributes (on…)");
            return;
        }
        if name == "href" && !is_inside_reference(element, value) {
            self.note(format!("the reference `{}`", shorten(value)));
            return;
        }
        let lower = value.to_ascii_lowercase();
        let value = if lower.contains("url(") || lower.contains("@import") {
            self.style(value)
        } else {
            value.to_string()
        };
        self.out.push(' ');
        self.out.push_str(&qualify(prefix, name));
        self.out.push_str("=\"");
        self.out.push_str(&escape_attr(&value));
        self.out.push('"');
    }

    /// CSS (a `<style>` element or a `style`, `fill` … attribute) with every `url(…)` that
    /// leaves the file made `none` and every `@import` dropped.
    fn style(&mut self, css: &str) -> String {
        // CSS names ignore case (`URL(`, `@IMPORT`); ASCII lowercase keeps the offsets.
        let lower = css.to_ascii_lowercase();
        let mut out = String::with_capacity(css.len());
        let mut at = 0;
        while at < css.len() {
            let next = |needle: &str| lower[at..].find(needle).map(|i| at + i);
            let (start, is_import) = match (next("url("), next("@import")) {
                (Some(u), Some(i)) if i < u => (i, true),
                (Some(u), _) => (u, false),
                (None, Some(i)) => (i, true),
                (None, None) => break,
            };
            out.push_str(&css[at..start]);
            if is_import {
                self.note("an @import");
                at = css[start..]
                    .find(';')
                    .map_or(css.len(), |end| start + end + 1);
                continue;
            }
            let inner = start + 4;
            let end = css[inner..].find(')').map_or(css.len(), |i| inner + i);
            let target = css[inner..end].trim().trim_matches(['"', '\'']);
            if target.starts_with('#') || is_image_data(target) {
                out.push_str(&css[start..end]);
                at = end;
            } else {
                self.note(format!("the reference `{}`", shorten(target)));
                out.push_str("none");
                at = (end + 1).min(css.len());
            }
        }
        out.push_str(&css[at.min(css.len())..]);
        out
    }
}

fn qualify(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}:{name}")
    }
}

/// Whether an `href` on `element` stays inside the file: a fragment, an image's `data:`
/// URL, or (on a hyperlink) a web or mail address, which is followed only if the reader
/// chooses to.
fn is_inside_reference(element: &str, value: &str) -> bool {
    let value = value.trim();
    value.starts_with('#')
        || is_image_data(value)
        || (element == "a"
            && ["https://", "http://", "mailto:"]
                .iter()
                .any(|scheme| value.to_ascii_lowercase().starts_with(scheme)))
}

/// A `data:` URL of a raster image (not of SVG, which could carry script itself).
fn is_image_data(value: &str) -> bool {
    let lower = value.trim().to_ascii_lowercase();
    ["png", "jpeg", "jpg", "gif", "webp"]
        .iter()
        .any(|kind| lower.starts_with(&format!("data:image/{kind}")))
}

fn shorten(value: &str) -> String {
    let clean: String = value.chars().filter(|c| !c.is_control()).take(60).collect();
    if value.chars().count() > 60 {
        format!("{clean}…")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> (String, Vec<String>) {
        let (bytes, removed) = sanitise(svg.as_bytes()).expect("parses");
        (String::from_utf8(bytes).unwrap(), removed)
    }

    #[test]
    fn a_plain_drawing_keeps_its_shapes_text_and_inner_references() {
        let (out, removed) = clean(
            r##"<?xml version="1.0"?>
<!-- made by hand -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10" viewBox="0 0 20 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/></linearGradient></defs>
  <rect width="20" height="10" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <text x="1" y="9" xml:space="preserve">Illimani &amp; «Huayna»</text>
</svg>"##,
        );
        assert!(removed.is_empty(), "{removed:?}");
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"20\""), "{out}");
        assert!(out.contains("fill=\"url(#g)\""), "{out}");
        assert!(out.contains("<use xlink:href=\"#g\"/>"), "{out}");
        assert!(
            out.contains("xml:space=\"preserve\">Illimani &amp; «Huayna»</text>"),
            "{out}"
        );
        assert!(!out.contains("made by hand"));
        roxmltree::Document::parse(&out).expect("the result is well-formed");
    }

    #[test]
    fn scripts_events_and_outside_references_are_removed() {
        let (out, removed) = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
  <script>alert(2)</script>
  <image xlink:href="file:///etc/passwd" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <image href="https://example.com/a.png" width="1" height="1"/>
  <foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://example.com/"/></foreignObject>
  <style>@import url(https://example.com/x.css); rect { fill: url(http://example.com/p.svg#q) } @IMPORT "https://example.com/y.css"; circle { fill: URL(file:///x) }</style>
  <rect style="fill:url('file:///tmp/x#y')" onclick="x()" €x="1" 中文="2"/>
  <a xlink:href="https://es.wikipedia.org/wiki/Illimani"><text>Illimani</text></a>
  <set attributeName="href" to="https://example.com/"/>
</svg>"##,
        );
        for gone in [
            "alert",
            "passwd",
            "example.com",
            "iframe",
            "foreignObject",
            "onclick",
            "file:",
        ] {
            assert!(!out.contains(gone), "{gone} stayed: {out}");
        }
        assert!(
            out.contains("href=\"data:image/png;base64,iVBORw0KGgo=\""),
            "{out}"
        );
        assert!(
            out.contains("https://es.wikipedia.org/wiki/Illimani"),
            "{out}"
        );
        assert!(out.contains("fill: none"), "{out}");
        assert!(out.contains("style=\"fill:none\""), "{out}");
        let said = removed.join("; ");
        for what in [
            "<script>",
            "<foreignObject>",
            "event attributes",
            "file:///etc/passwd",
            "@import",
            "<set>",
        ] {
            assert!(said.contains(what), "{what} not reported: {said}");
        }
        roxmltree::Document::parse(&out).expect("the result is well-formed");
    }

    #[test]
    fn entities_are_written_out_and_the_dtd_dropped() {
        let (out, removed) = clean(
            r#"<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY nombre "Illimani"> ]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&nombre;</text></svg>"#,
        );
        assert!(out.contains("<text>Illimani</text>"), "{out}");
        assert!(!out.contains("ENTITY"));
        assert!(removed.iter().any(|r| r.contains("DOCTYPE")));
        // An entity that names an outside file is refused by the parser.
        assert!(sanitise(
            br#"<!DOCTYPE svg [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"#
        )
        .map(|(bytes, _)| !String::from_utf8(bytes).unwrap().contains("root:"))
        .unwrap_or(true));
    }

    #[test]
    fn not_svg_or_not_xml_is_refused() {
        assert!(sanitise(b"<svg xmlns='http://www.w3.org/2000/svg'><path").is_err());
        assert!(sanitise(b"<html/>").is_err());
    }
}

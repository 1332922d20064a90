//! Text made safe for XML 1.0: character data and attribute values, for every XML file
//! the backends write (the EPUB's documents, the PDF's XMP metadata).
//!
//! Escaping alone is not enough: XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF
//! outright, even as character references, so a stray one from the manuscript would make
//! the whole file unreadable. Every function here drops them while it escapes.

/// Whether `c` may appear in an XML 1.0 document (the `Char` production; surrogates
/// cannot occur in a Rust `char`).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `s` escaped as XML character data.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // `]]>` may not appear in text; escaping every `>` keeps it out.
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// `s` escaped as XML character data.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped for a double- or single-quoted attribute value (newlines and tabs kept as
/// references, since attribute-value normalisation would turn them into spaces).
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
    out
}

/// `s` without the characters XML forbids, unescaped: for a writer that escapes itself
/// (epub-builder) but does not drop them.
pub fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// SVG's namespace.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// XLink's namespace, of SVG 1.1's `xlink:href`.
pub const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// The most nodes an author's XML (an SVG figure) may have, for either book.
pub const MAX_FIGURE_NODES: u32 = 300_000;

/// The most text an author's XML (an SVG figure) may expand to through its entities.
const MAX_ENTITY_EXPANSION: usize = 4 << 20;

/// Parses an XML document the author supplied (an SVG figure) at a bounded cost: at most
/// `nodes` nodes, and no entities that could expand a few kilobytes into gigabytes.
///
/// roxmltree expands each reference to at most 255 nested ones, but counts no top-level
/// references: a thousand `&big;` of a kilobyte each would all be expanded. DTDs stay
/// allowed, since drawing programs declare their namespaces as entities.
pub fn parse_bounded(text: &str, nodes: u32) -> Result<roxmltree::Document<'_>, String> {
    if let Some(subset_start) = text.find("<!ENTITY") {
        let longest = entity_values(&text[subset_start..])
            .map(str::len)
            .max()
            .unwrap_or(0);
        let references = text
            .match_indices('&')
            .filter(|(at, _)| {
                let name = &text[at + 1..];
                !name.starts_with('#')
                    && !["amp;", "lt;", "gt;", "quot;", "apos;"]
                        .iter()
                        .any(|known| name.starts_with(known))
            })
            .count();
        let worst = references.saturating_mul(256).saturating_mul(longest);
        if worst > MAX_ENTITY_EXPANSION {
            return Err(format!(
                "its entities could expand it to {} MiB, over the limit of {} MiB",
                worst >> 20,
                MAX_ENTITY_EXPANSION >> 20
            ));
        }
    }
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: nodes,
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => {
            format!("it has more than {nodes} XML nodes, the limit for a figure")
        }
        e => format!("it is not well-formed XML ({e})"),
    })
}

/// The quoted values of the `<!ENTITY …>` declarations in `dtd`.
fn entity_values(dtd: &str) -> impl Iterator<Item = &str> {
    dtd.match_indices("<!ENTITY").filter_map(move |(at, _)| {
        let rest = &dtd[at..];
        let open = rest.find(['"', '\''])?;
        let quote = rest[open..].chars().next()?;
        let close = rest[open + 1..].find(quote)?;
        Some(&rest[open + 1..open + 1 + close])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a < b & c > d"), "a &lt; b &amp; c &gt; d");
        assert_eq!(text("]]>"), "]]&gt;");
        assert_eq!(text("\"comillas\" 'simples'"), "\"comillas\" 'simples'");
        let mut out = String::from("<p>");
        push_text(&mut out, "Año & día");
        assert_eq!(out, "<p>Año &amp; día");
    }

    #[test]
    fn attributes_are_escaped_for_either_quote() {
        assert_eq!(
            attr("\"x\" & 'y'\n"),
            "&quot;x&quot; &amp; &apos;y&apos;&#10;"
        );
        assert_eq!(attr("a\tb\r\nc<>"), "a&#9;b&#13;&#10;c&lt;&gt;");
    }

    #[test]
    fn characters_xml_forbids_are_dropped() {
        let forbidden = "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}";
        assert_eq!(text(&format!("a{forbidden}b")), "ab");
        assert_eq!(attr(&format!("a{forbidden}b")), "ab");
        assert_eq!(clean(&format!("a{forbidden}&b")), "a&b");
        // Allowed: the three whitespace controls, DEL and C1 (discouraged, not forbidden),
        // the last BMP character before U+FFFE, and the astral planes.
        let allowed = "\t\n\r\u{7F}\u{85}\u{FFFD}\u{10000}\u{1F600}\u{10FFFF}";
        assert_eq!(text(allowed), allowed);
        assert_eq!(clean(allowed), allowed);
    }

    #[test]
    fn entity_bombs_are_refused_before_parsing_but_namespace_entities_pass() {
        let bomb = format!(
            "<!DOCTYPE svg [<!ENTITY a \"{}\">]><svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            "x".repeat(1000),
            "&a;".repeat(20_000)
        );
        let e = parse_bounded(&bomb, 1000).unwrap_err();
        assert!(e.contains("entities could expand"), "{e}");
        let illustrator = r#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY ns_svg "http://www.w3.org/2000/svg"><!ENTITY ns_xlink 'http://www.w3.org/1999/xlink'>]>
<svg xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;"><text>a &amp; b</text></svg>"#;
        let doc = parse_bounded(illustrator, 1000).expect("parses");
        assert_eq!(
            doc.root_element().tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert!(parse_bounded("<a><b/><b/><b/></a>", 3)
            .unwrap_err()
            .contains("more than 3 XML nodes"));
    }
}

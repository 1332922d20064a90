//! Making the manuscript's text safe for XML: character data, attribute values, ids and
//! URLs. Nothing from the manuscript reaches the EPUB except through these functions.

use std::fmt::Write as _;

/// Whether `c` may appear in an XML 1.0 document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `s` escaped as XML character data.
pub(crate) fn push_text(out: &mut String, s: &str) {
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// `s` escaped as XML character data.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped for a double- or single-quoted attribute value (newlines kept as references,
/// since attribute-value normalisation would turn them into spaces).
pub(crate) fn attr(s: &str) -> String {
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

/// Text without the characters XML forbids (for strings the packager escapes itself).
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// A valid XML id for a heading id or link anchor of the tree. Tree ids are slugs and
/// usually valid already; a slug that starts with a digit (`1984`) gets a prefix, applied
/// the same way to the heading and to every link and nav entry that targets it.
pub(crate) fn xml_id(id: &str) -> String {
    let mut chars = id.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if valid {
        return id.to_string();
    }
    let mut out = String::from("id-");
    for c in id.chars() {
        out.push(
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            },
        );
    }
    out
}

/// `url` with every byte a URL may not hold as it is (spaces, `<`, `"`, non-ASCII …)
/// percent-encoded; existing `%XX` escapes are kept. EPUBCheck rejects such URLs (RSC-020).
pub(crate) fn url_safe(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &byte in url.as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(text("a < b & c > d \u{1}"), "a &lt; b &amp; c &gt; d ");
        assert_eq!(
            attr("\"x\" & 'y'\n"),
            "&quot;x&quot; &amp; &apos;y&apos;&#10;"
        );
    }

    #[test]
    fn ids_are_made_valid() {
        assert_eq!(xml_id("la-banda"), "la-banda");
        assert_eq!(xml_id("1984"), "id-1984");
        assert_eq!(xml_id("a b"), "id-a_b");
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            url_safe("https://x.org/?a=1&b=<2> ñ"),
            "https://x.org/?a=1&b=%3C2%3E%20%C3%B1"
        );
        assert_eq!(url_safe("https://x.org/a%20b"), "https://x.org/a%20b");
    }
}

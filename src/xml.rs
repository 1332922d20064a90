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
}

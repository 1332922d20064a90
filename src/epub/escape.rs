//! The EPUB's names for the tree's targets: XML ids for headings and anchors, and hrefs
//! EPUBCheck accepts for external links. Text and attribute escaping is `crate::xml`'s.

use std::fmt::Write as _;

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
/// percent-encoded; existing `%XX` escapes are kept, and a `%` that starts none becomes
/// `%25`. EPUBCheck rejects such URLs (RSC-020).
pub(crate) fn url_safe(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = byte == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if escape || byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&byte) {
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
    fn ids_are_made_valid() {
        assert_eq!(xml_id("la-banda"), "la-banda");
        assert_eq!(xml_id("1984"), "id-1984");
        assert_eq!(xml_id("a b"), "id-a_b");
        assert_eq!(xml_id("_nota.1"), "_nota.1");
        assert_eq!(xml_id(""), "id-");
        assert_eq!(xml_id("año"), "id-a_o");
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            url_safe("https://x.org/?a=1&b=<2> ñ"),
            "https://x.org/?a=1&b=%3C2%3E%20%C3%B1"
        );
        assert_eq!(url_safe("https://x.org/a%20b"), "https://x.org/a%20b");
        assert_eq!(
            url_safe("https://es.wikipedia.org/wiki/Tel%C3%A9ferico_(Bolivia).jpg"),
            "https://es.wikipedia.org/wiki/Tel%C3%A9ferico_(Bolivia).jpg"
        );
        assert_eq!(
            url_safe("mailto:ana@x.org?subject=Hola, qué tal"),
            "mailto:ana@x.org?subject=Hola,%20qu%C3%A9%20tal"
        );
        assert_eq!(url_safe("a\\b|c^d`e{f}\"g"), "a%5Cb%7Cc%5Ed%60e%7Bf%7D%22g");
        assert_eq!(url_safe("tel:+34 600\t000"), "tel:+34%20600%09000");
    }

    #[test]
    fn a_percent_sign_that_escapes_nothing_is_escaped() {
        assert_eq!(url_safe("https://x.org/50%"), "https://x.org/50%25");
        assert_eq!(url_safe("https://x.org/a%zz%4"), "https://x.org/a%25zz%254");
        assert_eq!(
            url_safe("https://x.org/%2f%E2%82%AC"),
            "https://x.org/%2f%E2%82%AC"
        );
    }
}

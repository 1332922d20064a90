//! Ids from text: lowercase ASCII letters, digits, hyphens and underscores, accents
//! dropped. GitHub's rule but for the accents (an XML id in an EPUB stays ASCII for the
//! readers that mishandle others) and runs of spaces or hyphens (one hyphen); links
//! written against GitHub's ids are respelled by this rule when they are checked.

use unicode_normalization::UnicodeNormalization;

/// Makes an id from heading text: `«La banda sonora»` → `la-banda-sonora`, `Año 1` → `ano-1`,
/// `mi_mod` → `mi_mod`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.nfd() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '—' || c == '–' {
            pending_hyphen = true;
        } else if c == 'ß' {
            slug.push_str("ss");
        }
        // Combining accents and other punctuation are dropped.
    }
    slug
}

/// Whether `id` can be used as an XML id as written (`[A-Za-z_][A-Za-z0-9_.-]*`).
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_accents_and_punctuation() {
        assert_eq!(slugify("La banda sonora"), "la-banda-sonora");
        assert_eq!(slugify("¿Quién es Max?"), "quien-es-max");
        assert_eq!(slugify("Año 2021 — El Alto"), "ano-2021-el-alto");
        assert_eq!(slugify("Pingüino  ñandú"), "pinguino-nandu");
        assert_eq!(slugify("«»"), "");
        assert_eq!(slugify("El módulo `mi_mod`"), "el-modulo-mi_mod");
    }

    #[test]
    fn ids_must_start_with_a_letter() {
        assert!(is_valid_id("banda-sonora"));
        assert!(is_valid_id("nota.3"));
        assert!(!is_valid_id("1-intro"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
    }
}

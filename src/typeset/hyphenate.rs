//! Where a word may be hyphenated: TeX's patterns (through `hypher`) for the book's
//! language, with TeX's \lefthyphenmin and \righthyphenmin of 2.
//!
//! The Spanish rules that need context (no hyphenation in URLs, code or words with
//! digits; the repeated hyphen of broken compounds) live in `flow.rs`, which knows it.

use std::cell::RefCell;

use hypher::Lang;

use rustc_hash::FxHashMap;

/// Letters that must stay before and after a hyphen.
const LEFT_MIN: usize = 2;
const RIGHT_MIN: usize = 2;

/// Words remembered at most (a book has a few tens of thousands of distinct ones).
const CACHE_WORDS: usize = 200_000;

/// Hyphenation points for one language (none for a language without patterns).
#[derive(Debug, Clone)]
pub struct Hyphenator {
    lang: Option<Lang>,
    /// Points of the words seen (one `Hyphenator` per chapter, on one thread): words
    /// repeat, and the patterns cost more than a look-up.
    cache: RefCell<FxHashMap<String, Vec<usize>>>,
}

impl Hyphenator {
    /// The hyphenator for a BCP 47 tag (`es`, `es-BO`, `en-GB` …).
    pub fn for_language(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        let lang = match primary.to_ascii_lowercase().as_bytes() {
            [a, b] => Lang::from_iso([*a, *b]),
            _ => None,
        };
        Hyphenator {
            lang,
            cache: RefCell::default(),
        }
    }

    /// Whether the language has patterns.
    pub fn is_active(&self) -> bool {
        self.lang.is_some()
    }

    /// Byte offsets inside `word` where a hyphen may go. `word` must be letters only;
    /// anything else (digits, punctuation, all capitals) gets no points.
    pub fn points(&self, word: &str) -> Vec<usize> {
        let Some(lang) = self.lang else {
            return Vec::new();
        };
        if let Some(hit) = self.cache.borrow().get(word) {
            return hit.clone();
        }
        let points = self.points_uncached(lang, word);
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        cache.insert(word.to_string(), points.clone());
        points
    }

    fn points_uncached(&self, lang: Lang, word: &str) -> Vec<usize> {
        if word.chars().count() < LEFT_MIN + RIGHT_MIN
            || !word.chars().all(char::is_alphabetic)
            || word.chars().all(char::is_uppercase)
        {
            return Vec::new();
        }
        let mut points = Vec::new();
        let mut offset = 0;
        let syllables: Vec<&str> =
            hypher::hyphenate_bounded(word, lang, LEFT_MIN, RIGHT_MIN).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            offset += syllable.len();
            points.push(offset);
        }
        points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(word: &str) -> String {
        let h = Hyphenator::for_language("es");
        let mut out = String::new();
        let mut last = 0;
        for p in h.points(word) {
            out.push_str(&word[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn spanish_syllables() {
        assert_eq!(split("respiración"), "res-pi-ra-ción");
        assert_eq!(split("ciudad"), "ciu-dad");
        assert_eq!(split("paceños"), "pa-ce-ños");
    }

    #[test]
    fn two_letters_each_side() {
        // «a-ire» and «ai-re» would leave one letter or a diphthong split.
        for word in ["aéreo", "oído", "atrás"] {
            for p in Hyphenator::for_language("es").points(word) {
                assert!(word[..p].chars().count() >= 2, "{word} at {p}");
                assert!(word[p..].chars().count() >= 2, "{word} at {p}");
            }
        }
    }

    #[test]
    fn no_points_in_digits_acronyms_or_unknown_languages() {
        let h = Hyphenator::for_language("es-BO");
        assert!(h.points("16mm").is_empty());
        assert!(h.points("UNESCO").is_empty());
        assert!(Hyphenator::for_language("qu")
            .points("respiración")
            .is_empty());
    }
}

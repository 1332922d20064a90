//! Where a line may not end, under the rules of Spanish orthotypography (RAE, *Ortografía*
//! 2010, and Martínez de Sousa's *Ortografía y ortotipografía del español actual*): signs
//! that open or close a phrase, the raya of dialogue, a number and its unit, an
//! abbreviation and its word; and URLs, which break only at their separators.

/// A token that is a URL or an address: broken only where [`url_breaks`] says, never
/// hyphenated.
pub fn looks_like_url(token: &str) -> bool {
    let t = token.trim_start_matches(['<', '(', '«', '"', '“']);
    t.contains("://") || t.starts_with("www.") || t.starts_with("mailto:")
}

/// Separators a URL is broken before: they begin the next line, where no reader takes
/// them for the sentence's punctuation (a period at a line's end would read as its end).
const URL_BREAK_BEFORE: &[char] = &['.', ',', '-', '_', '?', '#', '~', '%', '@'];

/// Where a URL may be broken: the byte offsets in `token` each next line would start at.
///
/// The *Chicago Manual of Style* (17th ed., 6.17), as Spanish usage follows it: after a
/// slash or a double slash (never between the two), a line ending in `/` saying that the
/// address goes on, and after a colon but the one of `://`; before a period, comma, hyphen,
/// underscore, question mark, number sign, tilde, percent sign or at sign; before or after
/// an equals sign or an ampersand.
/// No line ends on a separator that goes before, nor inside a character written as several
/// `%` bytes, and nothing is added (no hyphen: it would be taken for part of the address).
/// What opens or closes the address (a bracket, a quotation mark, the sentence's period)
/// is never broken from it.
pub fn url_breaks(token: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = token.char_indices().collect();
    let alphanumeric = |&(_, c): &(usize, char)| c.is_alphanumeric();
    let (Some(first), Some(last)) = (
        chars.iter().position(alphanumeric),
        chars.iter().rposition(alphanumeric),
    ) else {
        return Vec::new();
    };
    let either = |c: char| matches!(c, '=' | '&');
    let before = |c: char| URL_BREAK_BEFORE.contains(&c);
    (first + 1..=last)
        .filter(|&i| {
            let (a, b) = (chars[i - 1].1, chars[i].1);
            // A byte 80 to BF is the rest of a character (`%C3%A9` is «é»): not parted.
            let continues = b == '%'
                && chars
                    .get(i + 1)
                    .is_some_and(|&(_, c)| matches!(c, '8' | '9' | 'A' | 'B' | 'a' | 'b'));
            let after = matches!(a, '/' | ':') && b != '/';
            let allowed = after || before(b) || either(a) || either(b);
            allowed && a != b && !before(a) && !continues
        })
        .map(|i| chars[i].0)
        .collect()
}

/// A word of three letters or figures at most («de», «la», «don», «San», «3»): in a
/// display line it goes with the word after it.
pub fn is_short_word(token: &str) -> bool {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric());
    !word.is_empty()
        && word.chars().count() <= 3
        && word.chars().all(char::is_alphanumeric)
        && !token.ends_with([',', '.', ';', ':'])
}

/// Abbreviations that stay with the word that follows them.
const ABBREVIATIONS: &[&str] = &[
    "Sr.", "Sra.", "Srta.", "Sres.", "Dr.", "Dra.", "D.", "Dña.", "Ud.", "Uds.", "Vd.", "St.",
    "Sto.", "Sta.", "Fr.", "pág.", "págs.", "núm.", "n.º", "art.", "cap.", "vol.", "fig.",
];

/// Units that are never separated from the number before them.
const UNITS: &[&str] = &[
    "m", "km", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "h", "min", "s", "ms", "%", "‰", "°",
    "°C", "ºC", "°F", "K", "€", "$", "£", "km/h", "m²", "m³", "km²", "ha", "Hz", "kHz", "MHz",
    "GHz", "W", "kW", "V", "A", "B", "kB", "KB", "MB", "GB", "TB", "fps", "dpi", "pt", "px", "mm²",
    "a.", "a. C.", "d. C.", "p.", "pp.",
];

/// Whether a line may end at the space between two tokens (Spanish orthotypography).
pub fn may_break_between(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return true;
    };
    let Some(first) = next.chars().next() else {
        return true;
    };
    // ¿ ¡ « ( never end a line; » ) ? ! and the like never start one.
    if matches!(last, '¿' | '¡' | '«' | '“' | '‘' | '(' | '[' | '{') {
        return false;
    }
    if matches!(
        first,
        '»' | '”' | '’' | ')' | ']' | '}' | '?' | '!' | '.' | ',' | ';' | ':' | '…'
    ) {
        return false;
    }
    // The raya that opens a dialogue stays with the speech.
    if prev == "—" || prev == "–" {
        return false;
    }
    // A number and its unit, and thousands grouped with a space (16 000).
    let number = prev.chars().last().is_some_and(|c| c.is_ascii_digit());
    if number {
        let unit = next.trim_end_matches([',', '.', ';', ':', ')', '»']);
        if UNITS.contains(&unit) || UNITS.contains(&next) {
            return false;
        }
        if next.len() == 3 && next.chars().all(|c| c.is_ascii_digit()) && prev.len() <= 3 {
            return false;
        }
    }
    if ABBREVIATIONS.contains(&prev) {
        return false;
    }
    true
}

/// Whether the space between two tokens separates groups of a number's digits (`16 000`,
/// `1 234 567`), which the RAE sets with a thin space (*Ortografía* 2010, §8.1.2.2).
pub fn is_digit_group(prev: &str, next: &str) -> bool {
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    let (prev, next) = (prev.as_bytes(), next.as_bytes());
    (1..=3).contains(&prev.len())
        && digits(prev)
        && next.len() >= 3
        && digits(&next[..3])
        && !next.get(3).is_some_and(u8::is_ascii_digit)
}

/// `text` with each space a line may not break at made non-breaking for the e-book: a
/// narrow no-break space (U+202F) between a number's digit groups, a no-break space
/// (U+00A0) elsewhere (a number and its unit, an abbreviation and its word). The
/// typesetter ties the same spaces with penalties; a reading system only knows characters.
/// Each space stays one character, so offsets counted in characters do not move.
pub fn tied(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(' ') {
        return text.into();
    }
    let mut out: Option<String> = None;
    let mut prev_start = 0;
    let mut from = 0;
    for (at, _) in text.match_indices(' ') {
        let prev = &text[prev_start..at];
        let next_end = text[at + 1..].find(' ').map_or(text.len(), |n| at + 1 + n);
        let next = &text[at + 1..next_end];
        prev_start = at + 1;
        if prev.is_empty() || next.is_empty() || may_break_between(prev, next) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
        out.push_str(&text[from..at]);
        out.push(if is_digit_group(prev, next) {
            '\u{202F}'
        } else {
            '\u{A0}'
        });
        from = at + 1;
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[from..]);
            out.into()
        }
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub fn spanish_no_break_rules() {
        assert!(!may_break_between("4000", "m,"));
        assert!(!may_break_between("25", "°C"));
        assert!(!may_break_between("50", "%"));
        assert!(!may_break_between("16", "000"));
        assert!(!may_break_between("Sr.", "Pérez"));
        assert!(!may_break_between("«", "hola"));
        assert!(!may_break_between("hola", "»"));
        assert!(!may_break_between("¿", "Vienes?"));
        assert!(!may_break_between("—", "Vienes"));
        assert!(may_break_between("tarde.", "Otra"));
        assert!(may_break_between("1927", "como"));
    }

    #[test]
    pub fn urls_are_recognised() {
        assert!(looks_like_url("<https://es.wikipedia.org/wiki/La_Paz>."));
        assert!(looks_like_url("www.ejemplo.org"));
        assert!(!looks_like_url("franco-boliviano"));
    }

    /// The address's pieces, one a line at every break the rule allows.
    fn url_pieces(token: &str) -> Vec<&str> {
        let mut pieces = Vec::new();
        let mut from = 0;
        for at in url_breaks(token).into_iter().chain([token.len()]) {
            pieces.push(&token[from..at]);
            from = at;
        }
        pieces
    }

    #[test]
    fn urls_break_after_slashes_and_before_periods() {
        assert_eq!(
            url_pieces("https://es.wikipedia.org/wiki/La_Paz"),
            [
                "https://",
                "es",
                ".wikipedia",
                ".org/",
                "wiki/",
                "La",
                "_Paz"
            ]
        );
        // Before or after `=` and `&`, before `?`, `#`, `%`, `~`, `-`, `@`; the line never
        // ends on a separator that goes before, nor between two alike.
        assert_eq!(
            url_pieces("https://x.org/~ana/a-b?q=1&r=2#fin"),
            [
                "https://", "x", ".org/", "~ana/", "a", "-b", "?q", "=", "1", "&", "r", "=", "2",
                "#fin"
            ]
        );
        assert_eq!(
            url_pieces("mailto:ana.perez@x.org"),
            ["mailto:", "ana", ".perez", "@x", ".org"]
        );
        assert_eq!(
            url_pieces("http://a.b/..//c%C3%A9"),
            ["http://", "a", ".b/", "..//", "c", "%C3%A9"]
        );
        // What closes the address stays with it: no line starts with the sentence's period.
        assert_eq!(
            url_pieces("<https://x.org/a>."),
            ["<https://", "x", ".org/", "a>."]
        );
        assert!(url_pieces("https://x.org/.").iter().all(|p| *p != "."));
        assert_eq!(url_breaks("://"), Vec::<usize>::new());
    }
}

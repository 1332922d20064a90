//! Numbers in words for chapter labels: Spanish ordinals («Capítulo primero», as the
//! classics number them), English cardinals («Chapter One»).

/// `n` in words as a chapter label writes it in `language`, when imprenta has them.
pub fn in_words(language: &str, n: usize) -> Option<String> {
    match language {
        "es" => spanish_ordinal(n),
        "en" => english_cardinal(n),
        _ => None,
    }
}

const UNITS_ES: [&str; 10] = [
    "", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno",
];
const TENS_ES: [&str; 10] = [
    "",
    "décimo",
    "vigésimo",
    "trigésimo",
    "cuadragésimo",
    "quincuagésimo",
    "sexagésimo",
    "septuagésimo",
    "octogésimo",
    "nonagésimo",
];

/// Spanish ordinals to 99 (RAE, *Ortografía* 2010: «undécimo», «duodécimo», then
/// «decimotercero» in one word, «vigésimo primero» in two).
fn spanish_ordinal(n: usize) -> Option<String> {
    Some(match n {
        1..=9 => UNITS_ES[n].to_string(),
        10 => "décimo".into(),
        11 => "undécimo".into(),
        12 => "duodécimo".into(),
        // «decimoctavo»: the compound drops the repeated o.
        18 => "decimoctavo".into(),
        13..=19 => format!("decimo{}", UNITS_ES[n - 10]),
        20..=99 if n.is_multiple_of(10) => TENS_ES[n / 10].to_string(),
        21..=99 => format!("{} {}", TENS_ES[n / 10], UNITS_ES[n % 10]),
        _ => return None,
    })
}

const UNITS_EN: [&str; 20] = [
    "",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const TENS_EN: [&str; 10] = [
    "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety",
];

/// English cardinals to 99, hyphenated as English writes them («Twenty-One»).
fn english_cardinal(n: usize) -> Option<String> {
    Some(match n {
        1..=19 => UNITS_EN[n].to_string(),
        20..=99 if n.is_multiple_of(10) => TENS_EN[n / 10].to_string(),
        21..=99 => format!("{}-{}", TENS_EN[n / 10], UNITS_EN[n % 10]),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn chapter_numbers_in_words() {
        let es = |n| in_words("es", n).unwrap_or_default();
        assert_eq!(es(1), "primero");
        assert_eq!(es(10), "décimo");
        assert_eq!(es(11), "undécimo");
        assert_eq!(es(13), "decimotercero");
        assert_eq!(es(17), "decimoséptimo");
        assert_eq!(es(18), "decimoctavo");
        assert_eq!(es(20), "vigésimo");
        assert_eq!(es(21), "vigésimo primero");
        assert_eq!(es(52), "quincuagésimo segundo");
        assert_eq!(in_words("es", 100), None);
        assert_eq!(in_words("en", 21).as_deref(), Some("Twenty-One"));
        assert_eq!(in_words("en", 3).as_deref(), Some("Three"));
        assert_eq!(in_words("fr", 3), None);
    }
}

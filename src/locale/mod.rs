//! The book's own words in its language: what both backends print around the author's
//! text (the contents' title, the chapter label, the copyright page's phrases, the
//! names of the e-book's pages and landmarks). One table, so an English book says
//! «Contents» in its PDF and in its EPUB alike.
//!
//! Languages with no table of their own get English, the lingua franca of reading
//! systems. A book's language is its BCP 47 tag; only the primary subtag chooses.

mod credits;
mod numbers;
mod titles;
mod words;

pub use credits::{credits, decimal, printed, typefaces, Credit};
pub use titles::{chapter_labels, chapter_labels_as, division, part_label, Division};
pub use words::{is_known, words, Words};

/// A date written `YYYY-MM-DD` as the language writes it in running text («24 de
/// noviembre de 2026», «24 November 2026»); anything else as it is.
pub fn long_date(date: &str, words: &Words) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return date.to_string();
    };
    let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return date.to_string();
    };
    let Some(month) = m.checked_sub(1).and_then(|m| words.months.get(m)) else {
        return date.to_string();
    };
    let mut out = words
        .date
        .replace("{d}", &d.to_string())
        .replace("{y}", y)
        .replace("{m}", month);
    // Catalan elides «de» before a vowel: «3 d’abril».
    if words.language == "ca" && month.starts_with(['a', 'o']) {
        out = out.replace(&format!("de {month}"), &format!("d’{month}"));
    }
    out
}

/// `names` as a list in the language: «Ana», «Ana y Luis», «Ana, Luis y Eva».
pub fn join_names(names: &[String], words: &Words) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), words.and),
    }
}

/// Lower-case roman numerals (the front matter's folios; a part's number in capitals).
pub fn roman(mut n: usize) -> String {
    const TABLE: &[(usize, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for &(value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        assert_eq!(
            long_date("2026-11-04", words("es")),
            "4 de noviembre de 2026"
        );
        assert_eq!(long_date("2026-11-04", words("en")), "4 November 2026");
        assert_eq!(long_date("2026-11-04", words("de")), "4. November 2026");
        assert_eq!(long_date("2026-04-03", words("ca")), "3 d’abril de 2026");
        assert_eq!(long_date("2026", words("es")), "2026");
        assert_eq!(long_date("2026-13-01", words("es")), "2026-13-01");
    }

    #[test]
    fn names_are_joined_by_the_language_s_conjunction() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(join_names(&names(&[]), words("es")), "");
        assert_eq!(join_names(&names(&["Ana"]), words("es")), "Ana");
        assert_eq!(
            join_names(&names(&["Ana", "Luis", "Eva"]), words("es")),
            "Ana, Luis y Eva"
        );
        assert_eq!(
            join_names(&names(&["Ann", "Lou"]), words("en")),
            "Ann and Lou"
        );
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
    }
}

//! Abbreviations, which end with a period (RAE, *Ortografía* 2010, «Las abreviaturas»;
//! its list of abbreviations). Only a closed list is judged, and each only where it can
//! be nothing else: a title before a name, a word of reference before a number.

use super::{finding, is_placeholder, word_after, word_before, Prose};
use crate::check::prose::Finding;

/// Titles, written before a name (`Sr. Pérez`), with the form to write.
const TITLES: &[(&str, &str)] = &[
    ("Sr", "Sr."),
    ("Sra", "Sra."),
    ("Srta", "Srta."),
    ("Sres", "Sres."),
    ("Sras", "Sras."),
    ("Dr", "Dr."),
    ("Dra", "Dra."),
    ("Dres", "Dres."),
    ("Dña", "Dña."),
    ("Dª", "D.ª"),
    ("Lic", "Lic."),
    ("Ldo", "Ldo."),
    ("Lda", "Lda."),
    ("Prof", "Prof."),
    ("Profa", "Profa."),
    ("Excmo", "Excmo."),
    ("Excma", "Excma."),
    ("Ilmo", "Ilmo."),
    ("Ilma", "Ilma."),
    ("Sto", "Sto."),
    ("Sta", "Sta."),
    ("Avda", "Avda."),
];

/// Forms of address, written before a verb or a word of any case (`Ud sabe`).
const ADDRESS: &[&str] = &["Ud", "Uds", "Vd", "Vds"];

/// Words of reference, written before a number (`pág. 12`).
const REFERENCES: &[&str] = &[
    "pág", "págs", "núm", "núms", "art", "arts", "cap", "caps", "vol", "vols", "fig", "figs",
];

/// Other abbreviations whose period a following period would stand for; with the above,
/// the words after which a period is the abbreviation's, not the sentence's.
const OTHERS: &[&str] = &[
    "etc", "p", "pp", "ej", "vv", "fol", "fols", "cf", "cfr", "vid", "ed", "eds", "trad", "coord",
    "dir", "col", "ca", "aprox", "tel", "apdo", "admón", "dpto", "Ilmos", "Excmos", "Mons", "Pbro",
    "Fr", "Sor", "D", "Da", "Dn", "av", "avda", "c", "n", "a", "s", "ss", "id", "ib", "ibid", "op",
    "cit", "loc", "vs", "Ud", "Uds", "Vd", "Vds", "EE", "UU", "FF", "AA", "CC", "OO", "RR", "HH",
    "JJ",
];

/// Whether the period at byte `dot` ends an abbreviation rather than a sentence: a word
/// of the lists, one letter (`J. R. R.`), or the end of a dotted one (`a.m.`, `S.A.`).
pub(super) fn ends_abbreviation(text: &str, dot: usize) -> bool {
    let word = word_before(text, dot);
    if word.is_empty() || word.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let before_word = text[..dot - word.len()].chars().next_back();
    let known =
        |w: &str| TITLES.iter().any(|t| t.0 == w) || in_list(REFERENCES, w) || in_list(OTHERS, w);
    word.chars().count() == 1 || before_word == Some('.') || known(word)
}

/// Whether `word` is in `list` as it is or with a capital (`Pág` for `pág`).
fn in_list(list: &[&str], word: &str) -> bool {
    list.iter()
        .any(|&entry| entry == word || capitalised(entry, word))
}

/// Whether `word` is `lower` with its first letter in capitals.
fn capitalised(lower: &str, word: &str) -> bool {
    let (mut l, mut w) = (lower.chars(), word.chars());
    match (l.next(), w.next()) {
        (Some(a), Some(b)) => {
            b.is_uppercase() && b.to_lowercase().eq(std::iter::once(a)) && l.eq(w)
        }
        _ => false,
    }
}

/// `es::abreviatura-punto`: a listed abbreviation typed without its period.
pub(super) fn check(prose: &Prose, out: &mut Vec<Finding>) {
    let text = prose.text;
    let bytes = text.as_bytes();
    for (start, &b) in bytes.iter().enumerate() {
        // Every listed abbreviation opens with one of these letters and is short.
        let initial = matches!(b, b'A' | b'C'..=b'F' | b'I' | b'L' | b'N' | b'P' | b'S')
            || matches!(
                b,
                b'U' | b'V' | b'a' | b'c' | b'e' | b'f' | b'n' | b'p' | b'v'
            );
        if !initial || (start > 0 && bytes[start - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let word = word_after(text, start);
        if word.len() > 6 || !listed(word) {
            continue;
        }
        let end = start + word.len();
        let prev = prose.before(start);
        if prev
            .is_some_and(|c| c.is_alphanumeric() || is_placeholder(c) || ".-–/@#_'’&".contains(c))
            || prose.in_address(start)
        {
            continue;
        }
        let Some(right) = missing_period(text, word, end) else {
            continue;
        };
        out.push(finding(
            "es::abreviatura-punto",
            start..end,
            format!("abbreviation `{word}` without its period"),
            "an abbreviation ends with a period (RAE): Sr. Pérez, pág. 12, etc.",
            Some(right),
        ));
    }
}

/// Whether `word` is one of the abbreviations judged: a quick test, the one every word
/// goes through (the lists above, spelt out for the compiler's string match).
fn listed(word: &str) -> bool {
    matches!(
        word,
        "etc"
            | "Sr"
            | "Sra"
            | "Srta"
            | "Sres"
            | "Sras"
            | "Dr"
            | "Dra"
            | "Dres"
            | "Dña"
            | "Dª"
            | "Lic"
            | "Ldo"
            | "Lda"
            | "Prof"
            | "Profa"
            | "Excmo"
            | "Excma"
            | "Ilmo"
            | "Ilma"
            | "Sto"
            | "Sta"
            | "Avda"
            | "Ud"
            | "Uds"
            | "Vd"
            | "Vds"
            | "pág"
            | "págs"
            | "núm"
            | "núms"
            | "art"
            | "arts"
            | "cap"
            | "caps"
            | "vol"
            | "vols"
            | "fig"
            | "figs"
            | "Pág"
            | "Págs"
            | "Núm"
            | "Núms"
            | "Art"
            | "Arts"
            | "Cap"
            | "Caps"
            | "Vol"
            | "Vols"
            | "Fig"
            | "Figs"
    )
}

/// The right form of `word`, ending at byte `end`, when it is a listed abbreviation that
/// lacks its period where it stands.
fn missing_period(text: &str, word: &str, end: usize) -> Option<String> {
    let rest = &text[end..];
    let next = rest.chars().next();
    // The word that follows one space.
    let following = rest.strip_prefix(' ').map(|r| r.chars().next());
    if word == "etc" {
        return next
            .is_none_or(|c| c.is_whitespace() || ",;:)»”…".contains(c))
            .then(|| "etc.".to_string());
    }
    let following = following.flatten()?;
    if let Some((_, right)) = TITLES.iter().find(|t| t.0 == word) {
        return following.is_uppercase().then(|| right.to_string());
    }
    if ADDRESS.contains(&word) {
        return following.is_alphabetic().then(|| format!("{word}."));
    }
    let reference = REFERENCES
        .iter()
        .find(|&&r| r == word || capitalised(r, word))?;
    let number = following.is_ascii_digit()
        || (matches!(*reference, "cap" | "caps" | "vol" | "vols" | "art" | "arts")
            && roman(rest.trim_start()));
    number.then(|| format!("{word}."))
}

/// Whether `text` opens with a roman numeral in capitals followed by a non-letter.
fn roman(text: &str) -> bool {
    let letters = text
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>();
    !letters.is_empty() && letters.len() <= 7 && letters.chars().all(|c| "IVXLCDM".contains(c))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, spanish};
    use super::ends_abbreviation;

    #[test]
    fn abbreviations_without_their_period() {
        assert_eq!(
            spanish(
                "es::abreviatura-punto",
                "El Sr Pérez y Dª Carmen, pág 12, Pág 3, cap IV, etc, y Ud sabe etc"
            ),
            vec![
                at("Sr", Some("Sr.")),
                at("Dª", Some("D.ª")),
                at("pág", Some("pág.")),
                at("Pág", Some("Pág.")),
                at("cap", Some("cap.")),
                at("etc", Some("etc.")),
                at("Ud", Some("Ud.")),
                at("etc", Some("etc.")),
            ]
        );
    }

    #[test]
    fn words_that_only_look_like_abbreviations() {
        for right in [
            "El Sr. Pérez, la pág. 12, etc.",
            "El Sr es un metal; el art de Nueva York; una cap roja.",
            "Dr Jekyll no; el dr. sí.",
            "Sto. Domingo y la Sta. María.",
            "La etcétera, un /etc/passwd, Sra.Pérez",
            "Un art \u{FFFC} y pág \u{FFFC}",
        ] {
            let found = spanish("es::abreviatura-punto", right);
            if right.starts_with("Dr Jekyll") {
                assert_eq!(found, vec![at("Dr", Some("Dr."))]);
            } else {
                assert_eq!(found, vec![], "{right}");
            }
        }
    }

    #[test]
    fn the_quick_test_knows_every_listed_abbreviation() {
        use super::{capitalised, listed, ADDRESS, REFERENCES, TITLES};
        let mut all: Vec<String> = TITLES.iter().map(|t| t.0.to_string()).collect();
        all.extend(ADDRESS.iter().map(|a| a.to_string()));
        for r in REFERENCES {
            let mut chars = r.chars();
            let first = chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default();
            let capital = first + chars.as_str();
            assert!(capitalised(r, &capital), "{capital}");
            all.push(r.to_string());
            all.push(capital);
        }
        all.push("etc".to_string());
        for word in &all {
            assert!(listed(word), "{word}");
        }
        assert!(!listed("Señor") && !listed("para"));
    }

    #[test]
    fn periods_of_abbreviations() {
        let ends = |text: &str| ends_abbreviation(text, text.len() - 1);
        assert!(ends("Fue a EE. UU."));
        assert!(ends("Vino el Sr."));
        assert!(ends("Tolkien, J. R. R."));
        assert!(ends("a las 5 p.m."));
        assert!(ends("Ver Pág."));
        assert!(!ends("Se fue."));
        assert!(!ends("Eran 5."));
    }
}

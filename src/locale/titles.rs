//! What a chapter's title says it is, and the label over it.

use super::{is_known, words};

/// The label over each chapter of a book in `language`, its titles in reading order:
/// «Capítulo 3» over the third chapter that is one. A title that names its division
/// («Capítulo VI», «XV: Chowder») gets no label but is counted; front or back matter
/// («Dedicatoria», «Prólogo», «Agradecimientos») gets none and is not counted. No label in
/// a language imprenta has no words for (rather than an English one). Both books print it.
pub fn chapter_labels<S: AsRef<str>>(
    language: &str,
    titles: impl IntoIterator<Item = S>,
) -> Vec<Option<String>> {
    chapter_labels_as(language, titles, crate::ir::LabelForm::Figures)
}

/// The labels as [`chapter_labels`] counts them, the number given in `form`: «Capítulo
/// 3», «Capítulo tercero» (figures past the words the language has), «Capítulo III»;
/// none at all for [`LabelForm::None`](crate::ir::LabelForm::None).
pub fn chapter_labels_as<S: AsRef<str>>(
    language: &str,
    titles: impl IntoIterator<Item = S>,
    form: crate::ir::LabelForm,
) -> Vec<Option<String>> {
    use crate::ir::LabelForm;
    let known = is_known(language) && form != LabelForm::None;
    let primary = language
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut count = 0;
    titles
        .into_iter()
        .map(|title| match division(title.as_ref()) {
            Division::Matter => None,
            Division::Named => {
                count += 1;
                None
            }
            Division::Plain => {
                count += 1;
                let number = match form {
                    LabelForm::Words => super::numbers::in_words(&primary, count)
                        .unwrap_or_else(|| count.to_string()),
                    LabelForm::Roman => super::roman(count).to_uppercase(),
                    LabelForm::Figures | LabelForm::None => count.to_string(),
                };
                known.then(|| format!("{} {number}", words(language).chapter))
            }
        })
        .collect()
}

/// The label over part `number`'s title («Parte II»), unless the title names its division
/// already («Primera parte», «Part Two», «Libro I») or the language has no words here.
pub fn part_label(language: &str, title: &str, number: usize) -> Option<String> {
    let slug = crate::ir::slugify(title);
    // «Parte I», «Libro primero», «Primera parte», «Zweiter Teil»: the word opens the
    // title, or follows an ordinal; «El libro de arena» is a title like any other.
    let said: Vec<&str> = slug.split('-').collect();
    let named = said.first().is_some_and(|w| PART_WORDS.contains(w))
        || (said.len() > 1 && ORDINALS.contains(&said[0]) && PART_WORDS.contains(&said[1]));
    (is_known(language) && !named && division(title) != Division::Named).then(|| {
        format!(
            "{} {}",
            words(language).part,
            super::roman(number).to_uppercase()
        )
    })
}

/// Words that name a part («Parte», «Teil»).
const PART_WORDS: &[&str] = &["parte", "part", "partie", "teil", "libro", "book", "livre"];

/// Ordinals that come before a part's word («Primera parte», «Second Book»).
const ORDINALS: &[&str] = &[
    "primera",
    "segunda",
    "tercera",
    "cuarta",
    "quinta",
    "primer",
    "segundo",
    "tercer",
    "cuarto",
    "quinto",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "premiere",
    "deuxieme",
    "troisieme",
    "prima",
    "seconda",
    "terza",
    "erster",
    "zweiter",
    "dritter",
    "primeira",
    "terceira",
];

/// What a chapter's title says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Division {
    /// Front or back matter, or a part: no label, not counted («Prólogo», «Parte I»).
    Matter,
    /// A chapter whose title says so («Capítulo VI», «XV: Chowder», «3. El mercado»).
    Named,
    /// A chapter with a title of its own, labelled «Capítulo N».
    Plain,
}

/// What a chapter title says it is, in any language imprenta has words for.
pub fn division(title: &str) -> Division {
    let slug = crate::ir::slugify(title);
    let first = slug.split('-').next().unwrap_or_default();
    if MATTER_WORDS.contains(&first) || MATTER_PHRASES.iter().any(|p| slug.starts_with(p)) {
        return Division::Matter;
    }
    if CHAPTER_WORDS.contains(&first) || opens_with_a_number(title) {
        return Division::Named;
    }
    Division::Plain
}

/// Whether `title` opens with a number in figures or capital roman numerals standing for
/// the chapter's: alone, or followed by a colon, a period, a bracket or a dash
/// («XV: Chowder», «3. El mercado», «IV — La mina»), not «I Remember».
fn opens_with_a_number(title: &str) -> bool {
    let title = title.trim();
    let end = title
        .find(|c: char| !(c.is_ascii_digit() || "IVXLCDM".contains(c)))
        .unwrap_or(title.len());
    let (number, rest) = title.split_at(end);
    let roman = number.chars().all(|c| "IVXLCDM".contains(c));
    let figures = number.chars().all(|c| c.is_ascii_digit());
    let rest = rest.trim_start();
    !number.is_empty()
        && (roman || figures)
        && (rest.is_empty()
            || rest.starts_with([':', '.', ')', '—', '–'])
            || (rest.starts_with('-') && title[end..].starts_with(' ')))
}

/// First words of titles that name a chapter, without accents, in lower case.
const CHAPTER_WORDS: &[&str] = &[
    "capitulo",
    "capitol",
    "chapter",
    "chapitre",
    "capitolo",
    "kapitel",
    "hoofdstuk",
];

/// First words of the titles of front and back matter and of parts.
const MATTER_WORDS: &[&str] = &[
    "parte",
    "part",
    "partie",
    "teil",
    "libro",
    "book",
    "livre",
    "prologo",
    "prologue",
    "prolog",
    "preface",
    "prefacio",
    "prefazione",
    "vorwort",
    "presentacion",
    "epilogo",
    "epilogue",
    "epilog",
    "introduccion",
    "introduction",
    "introduccio",
    "introducao",
    "introduzione",
    "einleitung",
    "apendice",
    "appendix",
    "annexe",
    "anexo",
    "dedicatoria",
    "dedication",
    "dedicace",
    "widmung",
    "agradecimientos",
    "acknowledgements",
    "acknowledgments",
    "agradecimentos",
    "remerciements",
    "ringraziamenti",
    "danksagung",
    "colofon",
    "colophon",
    "bibliografia",
    "bibliography",
    "glosario",
    "glossary",
    "epigrafe",
    "epigraph",
    "tasa",
];

/// Opening phrases (as ids) of the titles of back matter named in several words.
const MATTER_PHRASES: &[&str] = &[
    "sobre-el-autor",
    "sobre-la-autora",
    "acerca-del-autor",
    "acerca-de-la-autora",
    "about-the-author",
    "nota-del-autor",
    "nota-de-la-autora",
    "otros-titulos",
    "also-by",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_say_what_they_are() {
        assert_eq!(division("Capítulo VI"), Division::Named);
        assert_eq!(division("CHAPTER 3"), Division::Named);
        assert_eq!(division("XV: Chowder"), Division::Named);
        assert_eq!(division("3. El mercado"), Division::Named);
        assert_eq!(division("IV — La mina"), Division::Named);
        assert_eq!(division("Prólogo"), Division::Matter);
        assert_eq!(division("Dedication"), Division::Matter);
        assert_eq!(division("Sobre el autor"), Division::Matter);
        assert_eq!(division("Una ciudad sin aire"), Division::Plain);
        assert_eq!(division("I Remember"), Division::Plain);
        assert_eq!(division("MIX"), Division::Named, "a roman numeral alone");
        assert_eq!(division("Mix"), Division::Plain);
        assert_eq!(division(""), Division::Plain);
    }

    #[test]
    fn labels_count_chapters_not_files() {
        let titles = [
            "Dedicatoria",
            "Prólogo",
            "La ciudad",
            "XV: Chowder",
            "El puerto",
        ];
        assert_eq!(
            chapter_labels("es", titles),
            [
                None,
                None,
                Some("Capítulo 1".into()),
                None,
                Some("Capítulo 3".into())
            ]
        );
        assert_eq!(
            chapter_labels("en", ["Preface", "The Harbour"]),
            [None, Some("Chapter 1".into())]
        );
        assert_eq!(chapter_labels("qu", ["Wasi"]), [None]);
    }

    #[test]
    fn parts_are_labelled_unless_their_titles_name_them() {
        assert_eq!(
            part_label("es", "La ciudad", 2).as_deref(),
            Some("Parte II")
        );
        assert_eq!(part_label("en", "The Mine", 1).as_deref(), Some("Part I"));
        assert_eq!(part_label("es", "Primera parte", 1), None);
        assert_eq!(
            part_label("es", "Segunda parte del ingenioso caballero", 2),
            None
        );
        assert_eq!(part_label("en", "Book One", 1), None);
        assert_eq!(part_label("es", "III. La mina", 3), None);
        assert_eq!(
            part_label("es", "El libro de arena", 2).as_deref(),
            Some("Parte II")
        );
        assert_eq!(part_label("qu", "Wasi", 1), None);
    }
}

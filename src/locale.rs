//! The book's own words in its language: what both backends print around the author's
//! text (the contents' title, the chapter label, the copyright page's phrases, the
//! names of the e-book's pages and landmarks). One table, so an English book says
//! «Contents» in its PDF and in its EPUB alike.
//!
//! Languages with no table of their own get English, the lingua franca of reading
//! systems. A book's language is its BCP 47 tag; only the primary subtag chooses.

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The primary language subtag these words are for (`es`).
    pub language: &'static str,
    /// The table of contents' title (and its running head).
    pub contents: &'static str,
    /// The label over a chapter's title, before its number: «Capítulo» 3.
    pub chapter: &'static str,
    /// The cover page's name.
    pub cover: &'static str,
    /// The copyright page's name.
    pub credits: &'static str,
    /// The name of the e-book's landmarks navigation.
    pub landmarks: &'static str,
    /// The name of the e-book's list of the printed edition's pages.
    pub pages: &'static str,
    /// The heading of the e-book's accessibility statement.
    pub accessibility: &'static str,
    /// «First edition», before the date on the printed copyright page.
    pub edition: &'static str,
    /// «First digital edition», on the e-book's copyright page.
    pub digital_edition: &'static str,
    /// «Identifier», before the book's identifier.
    pub identifier: &'static str,
    /// «Set in», before the text face's name in the colophon.
    pub set_in: &'static str,
    /// «with», before the fallback faces' names in the colophon (other scripts).
    pub with: &'static str,
    /// «code in», before the monospace face's name in the colophon.
    pub code_in: &'static str,
    /// The conjunction that joins the last two of a list of names.
    pub and: &'static str,
    /// «by», between a title and its authors.
    pub by: &'static str,
}

const SPANISH: Words = Words {
    language: "es",
    contents: "Índice",
    chapter: "Capítulo",
    cover: "Cubierta",
    credits: "Créditos",
    landmarks: "Puntos de referencia",
    pages: "Páginas",
    accessibility: "Accesibilidad",
    edition: "Primera edición",
    digital_edition: "Primera edición digital",
    identifier: "Identificador",
    set_in: "Compuesto en",
    with: "con",
    code_in: "el código en",
    and: "y",
    by: "de",
};

const GALICIAN: Words = Words {
    language: "gl",
    contents: "Índice",
    chapter: "Capítulo",
    cover: "Cuberta",
    credits: "Créditos",
    landmarks: "Puntos de referencia",
    pages: "Páxinas",
    accessibility: "Accesibilidade",
    edition: "Primeira edición",
    digital_edition: "Primeira edición dixital",
    identifier: "Identificador",
    set_in: "Composto en",
    with: "con",
    code_in: "o código en",
    and: "e",
    by: "de",
};

const PORTUGUESE: Words = Words {
    language: "pt",
    contents: "Índice",
    chapter: "Capítulo",
    cover: "Capa",
    credits: "Créditos",
    landmarks: "Pontos de referência",
    pages: "Páginas",
    accessibility: "Acessibilidade",
    edition: "Primeira edição",
    digital_edition: "Primeira edição digital",
    identifier: "Identificador",
    set_in: "Composto em",
    with: "com",
    code_in: "o código em",
    and: "e",
    by: "de",
};

const CATALAN: Words = Words {
    language: "ca",
    contents: "Índex",
    chapter: "Capítol",
    cover: "Coberta",
    credits: "Crèdits",
    landmarks: "Punts de referència",
    pages: "Pàgines",
    accessibility: "Accessibilitat",
    edition: "Primera edició",
    digital_edition: "Primera edició digital",
    identifier: "Identificador",
    set_in: "Compost en",
    with: "amb",
    code_in: "el codi en",
    and: "i",
    by: "de",
};

const FRENCH: Words = Words {
    language: "fr",
    contents: "Table des matières",
    chapter: "Chapitre",
    cover: "Couverture",
    credits: "Crédits",
    landmarks: "Repères",
    pages: "Pages",
    accessibility: "Accessibilité",
    edition: "Première édition",
    digital_edition: "Première édition numérique",
    identifier: "Identifiant",
    set_in: "Composé en",
    with: "avec",
    code_in: "le code en",
    and: "et",
    by: "de",
};

const ITALIAN: Words = Words {
    language: "it",
    contents: "Indice",
    chapter: "Capitolo",
    cover: "Copertina",
    credits: "Crediti",
    landmarks: "Punti di riferimento",
    pages: "Pagine",
    accessibility: "Accessibilità",
    edition: "Prima edizione",
    digital_edition: "Prima edizione digitale",
    identifier: "Identificativo",
    set_in: "Composto in",
    with: "con",
    code_in: "il codice in",
    and: "e",
    by: "di",
};

const GERMAN: Words = Words {
    language: "de",
    contents: "Inhalt",
    chapter: "Kapitel",
    cover: "Umschlag",
    credits: "Impressum",
    landmarks: "Orientierungspunkte",
    pages: "Seiten",
    accessibility: "Barrierefreiheit",
    edition: "Erste Auflage",
    digital_edition: "Erste digitale Auflage",
    identifier: "Kennung",
    set_in: "Gesetzt in",
    with: "mit",
    code_in: "der Code in",
    and: "und",
    by: "von",
};

const ENGLISH: Words = Words {
    language: "en",
    contents: "Contents",
    chapter: "Chapter",
    cover: "Cover",
    credits: "Credits",
    landmarks: "Landmarks",
    pages: "Pages",
    accessibility: "Accessibility",
    edition: "First edition",
    digital_edition: "First digital edition",
    identifier: "Identifier",
    set_in: "Set in",
    with: "with",
    code_in: "code in",
    and: "and",
    by: "by",
};

/// Every language with words of its own.
const ALL: [&Words; 8] = [
    &SPANISH,
    &GALICIAN,
    &PORTUGUESE,
    &CATALAN,
    &FRENCH,
    &ITALIAN,
    &GERMAN,
    &ENGLISH,
];

/// The words for a BCP 47 `language` tag (`es-BO` → Spanish); English for the rest.
pub fn words(language: &str) -> &'static Words {
    let primary = language.split(['-', '_']).next().unwrap_or_default();
    ALL.iter()
        .find(|w| w.language.eq_ignore_ascii_case(primary))
        .copied()
        .unwrap_or(&ENGLISH)
}

/// Whether `language` has words of its own (a chapter label is printed only then).
pub fn is_known(language: &str) -> bool {
    words(language).language != "en" || language.to_ascii_lowercase().starts_with("en")
}

/// The label over chapter `index` (0-based) of a book in `language`: «Capítulo 3». None
/// when the title already names its division («Capítulo VI», «Prólogo»), or in a language
/// imprenta has no words for (no label rather than an English one). Both books print it.
pub fn chapter_label(language: &str, title: &str, index: usize) -> Option<String> {
    (is_known(language) && !names_its_division(title))
        .then(|| format!("{} {}", words(language).chapter, index + 1))
}

/// `names` as a list in the language: «Ana», «Ana y Luis», «Ana, Luis y Eva».
pub fn join_names(names: &[String], words: &Words) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), words.and),
    }
}

/// Whether a chapter title starts with a word that names a division of a book
/// («Capítulo VI», «Prólogo»), in any language: such a title needs no label over it.
pub fn names_its_division(title: &str) -> bool {
    let first = crate::ir::slugify(title.split_whitespace().next().unwrap_or_default());
    DIVISION_WORDS.contains(&first.as_str())
}

/// The first words of titles that name their division, without accents, in lower case.
const DIVISION_WORDS: &[&str] = &[
    "capitulo",
    "capitol",
    "chapter",
    "chapitre",
    "capitolo",
    "kapitel",
    "parte",
    "part",
    "libro",
    "book",
    "prologo",
    "prologue",
    "epilogo",
    "epilogue",
    "introduccion",
    "introduction",
    "apendice",
    "appendix",
    "tasa",
    "dedicatoria",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_primary_subtag_chooses() {
        assert_eq!(words("es-BO").contents, "Índice");
        assert_eq!(words("ES").chapter, "Capítulo");
        assert_eq!(words("ca").chapter, "Capítol");
        assert_eq!(words("en-GB").contents, "Contents");
        assert_eq!(words("qu").contents, "Contents", "unknown: English");
        assert!(is_known("fr-CA"));
        assert!(is_known("en"));
        assert!(!is_known("qu"));
    }

    #[test]
    fn titles_that_name_their_division_get_no_label() {
        assert!(names_its_division("Capítulo VI"));
        assert!(names_its_division("Prólogo"));
        assert!(names_its_division("CHAPTER 3"));
        assert!(!names_its_division("Una ciudad sin aire"));
        assert!(!names_its_division(""));
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
}

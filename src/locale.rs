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
    /// The months' names, as a date in running text writes them.
    pub months: [&'static str; 12],
    /// How a date is written: `{d}` the day, `{m}` the month's name, `{y}` the year.
    pub date: &'static str,
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
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    date: "{d} de {m} de {y}",
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
    months: [
        "xaneiro", "febreiro", "marzo", "abril", "maio", "xuño", "xullo", "agosto", "setembro",
        "outubro", "novembro", "decembro",
    ],
    date: "{d} de {m} de {y}",
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
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    date: "{d} de {m} de {y}",
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
    months: [
        "gener", "febrer", "març", "abril", "maig", "juny", "juliol", "agost", "setembre",
        "octubre", "novembre", "desembre",
    ],
    date: "{d} de {m} de {y}",
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
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    date: "{d} {m} {y}",
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
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    date: "{d} {m} {y}",
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
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    date: "{d}. {m} {y}",
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
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: "{d} {m} {y}",
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

/// The label over each chapter of a book in `language`, its titles in reading order:
/// «Capítulo 3» over the third chapter that is one. A title that names its division
/// («Capítulo VI», «XV: Chowder») gets no label but is counted; front or back matter
/// («Dedicatoria», «Prólogo», «Agradecimientos») gets none and is not counted. No label in
/// a language imprenta has no words for (rather than an English one). Both books print it.
pub fn chapter_labels<S: AsRef<str>>(
    language: &str,
    titles: impl IntoIterator<Item = S>,
) -> Vec<Option<String>> {
    let known = is_known(language);
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
                known.then(|| format!("{} {count}", words(language).chapter))
            }
        })
        .collect()
}

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

/// The copyright page's lines, the same in the e-book and in print: title, authors,
/// rights, edition and date, publisher, and the identifier when it is one a reader can
/// use (an ISBN, a DOI, a URL; never the UUID derived when book.toml names none).
pub fn credits(meta: &crate::ir::Metadata, digital: bool) -> Vec<(Credit, String)> {
    let words = words(&meta.language);
    let mut lines = Vec::new();
    match &meta.subtitle {
        Some(subtitle) => lines.push((Credit::Title, format!("{}. {subtitle}", meta.title))),
        None => lines.push((Credit::Title, meta.title.clone())),
    }
    if !meta.authors.is_empty() {
        lines.push((Credit::Authors, join_names(&meta.authors, words)));
    }
    if let Some(rights) = &meta.rights {
        lines.push((Credit::Rights, rights.clone()));
    }
    let edition = if digital {
        words.digital_edition
    } else {
        words.edition
    };
    let edition = match &meta.date {
        Some(date) => format!("{edition}: {}", long_date(date, words)),
        None => edition.to_string(),
    };
    lines.push((Credit::Edition, edition));
    if let Some(publisher) = &meta.publisher {
        lines.push((Credit::Publisher, publisher.clone()));
    }
    if let Some(identifier) = readable_identifier(&meta.identifier) {
        lines.push((Credit::Identifier, identifier));
    }
    lines
}

/// What a line of the copyright page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    Title,
    Authors,
    Rights,
    Edition,
    Publisher,
    Identifier,
}

/// An identifier as a reader reads it: `urn:isbn:978…` → `ISBN 978…`; a UUID (made by
/// imprenta or not) means nothing to a reader and is left out.
fn readable_identifier(identifier: &str) -> Option<String> {
    let lower = identifier.to_ascii_lowercase();
    let bare = lower.strip_prefix("urn:uuid:").unwrap_or(&lower);
    let is_uuid = bare.len() == 36
        && bare.chars().enumerate().all(|(i, c)| {
            matches!(i, 8 | 13 | 18 | 23) == (c == '-') && (c == '-' || c.is_ascii_hexdigit())
        });
    if is_uuid {
        return None;
    }
    if let Some(isbn) = lower.strip_prefix("urn:isbn:") {
        return Some(format!("ISBN {isbn}"));
    }
    Some(identifier.to_string())
}

/// `names` as a list in the language: «Ana», «Ana y Luis», «Ana, Luis y Eva».
pub fn join_names(names: &[String], words: &Words) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), words.and),
    }
}

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
    fn credits_print_no_uuid() {
        let meta = crate::ir::Metadata {
            title: "T".into(),
            authors: vec!["Ann".into(), "Lou".into()],
            language: "en".into(),
            identifier: "urn:uuid:0b6f3c2e-8d4a-5e1f-9a7b-3c2d1e0f4a5b".into(),
            date: Some("2024-05-01".into()),
            ..Default::default()
        };
        let lines: Vec<String> = credits(&meta, true).into_iter().map(|(_, l)| l).collect();
        assert_eq!(
            lines,
            ["T", "Ann and Lou", "First digital edition: 1 May 2024"]
        );
        let isbn = crate::ir::Metadata {
            identifier: "urn:isbn:9780000000000".into(),
            ..meta
        };
        assert_eq!(
            credits(&isbn, false).last().unwrap(),
            &(Credit::Identifier, "ISBN 9780000000000".to_string())
        );
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

//! The tables: each language's words.

/// The words of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The primary language subtag these words are for (`es`).
    pub language: &'static str,
    /// The table of contents' title (and its running head).
    pub contents: &'static str,
    /// The label over a chapter's title, before its number: «Capítulo» 3.
    pub chapter: &'static str,
    /// The label over a part's title, before its number: «Parte» II.
    pub part: &'static str,
    /// The titles of front and back matter that has no heading of its own, in the order
    /// of `Matter::ALL`: «Dedicatoria», «Epígrafe», «Prólogo»…
    pub matter: [&'static str; 8],
    /// The colophon's sentence of the printing: its opening, then the words before the
    /// date, the printer and the place alone («Este libro se terminó de imprimir», «el»,
    /// «en», «en»).
    pub printed: [&'static str; 4],
    /// «Papel»: before the paper the colophon names.
    pub paper: &'static str,
    /// The title of the page listing the press's other books.
    pub other_titles: &'static str,
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
    part: "Parte",
    matter: [
        "Dedicatoria",
        "Epígrafe",
        "Prólogo",
        "Introducción",
        "Epílogo",
        "Agradecimientos",
        "Sobre el autor",
        "Colofón",
    ],
    printed: ["Este libro se terminó de imprimir", "el", "en", "en"],
    paper: "Papel",
    other_titles: "Otros títulos",
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
    part: "Parte",
    matter: [
        "Dedicatoria",
        "Epígrafe",
        "Prólogo",
        "Introdución",
        "Epílogo",
        "Agradecementos",
        "Sobre o autor",
        "Colofón",
    ],
    printed: ["Este libro rematou de imprimirse", "o", "en", "en"],
    paper: "Papel",
    other_titles: "Outros títulos",
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
    part: "Parte",
    matter: [
        "Dedicatória",
        "Epígrafe",
        "Prefácio",
        "Introdução",
        "Epílogo",
        "Agradecimentos",
        "Sobre o autor",
        "Colofão",
    ],
    printed: ["Este livro acabou de se imprimir", "a", "em", "em"],
    paper: "Papel",
    other_titles: "Outros títulos",
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
    part: "Part",
    matter: [
        "Dedicatòria",
        "Epígraf",
        "Pròleg",
        "Introducció",
        "Epíleg",
        "Agraïments",
        "Sobre l’autor",
        "Colofó",
    ],
    printed: ["Aquest llibre s’acabà d’imprimir", "el", "a", "a"],
    paper: "Paper",
    other_titles: "Altres títols",
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
    part: "Partie",
    matter: [
        "Dédicace",
        "Épigraphe",
        "Préface",
        "Introduction",
        "Épilogue",
        "Remerciements",
        "À propos de l’auteur",
        "Colophon",
    ],
    printed: ["Achevé d’imprimer", "le", "par", "à"],
    paper: "Papier",
    other_titles: "Du même éditeur",
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
    part: "Parte",
    matter: [
        "Dedica",
        "Epigrafe",
        "Prefazione",
        "Introduzione",
        "Epilogo",
        "Ringraziamenti",
        "L’autore",
        "Colophon",
    ],
    printed: ["Finito di stampare", "il", "presso", "a"],
    paper: "Carta",
    other_titles: "Altri titoli",
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
    part: "Teil",
    matter: [
        "Widmung",
        "Motto",
        "Vorwort",
        "Einleitung",
        "Nachwort",
        "Danksagung",
        "Über den Autor",
        "Impressum",
    ],
    printed: ["Gedruckt", "am", "bei", "in"],
    paper: "Papier",
    other_titles: "Weitere Titel",
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
    part: "Part",
    matter: [
        "Dedication",
        "Epigraph",
        "Preface",
        "Introduction",
        "Epilogue",
        "Acknowledgements",
        "About the Author",
        "Colophon",
    ],
    printed: ["Printed", "on", "by", "in"],
    paper: "Paper",
    other_titles: "Also available",
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
}

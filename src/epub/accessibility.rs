//! The e-book's accessibility claims (EPUB Accessibility 1.1): the features that hold for
//! this book, the conformance the author claims and who stands behind it, the summary in
//! the book's language, and the same said in words on the copyright page, as the W3C
//! Publishing Community Group's display guide for accessibility metadata suggests.
//!
//! imprenta never certifies a book itself: `a11y:certifiedBy` names the party that
//! evaluated it (the author's `certifier`, else the publisher, else the first author:
//! a self-declaration, which the specification allows).

use crate::ir::{Block, Book};
use crate::manuscript::config::AccessibilitySettings;
use crate::xml::push_text;

/// The claim made when `[accessibility]` names none and every image has a description.
pub const DEFAULT_CONFORMANCE: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// What the book's metadata says of its accessibility, worked out once for the package
/// document and for the copyright page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Claims {
    pub access_modes: Vec<&'static str>,
    pub features: Vec<&'static str>,
    pub conforms_to: Option<String>,
    pub certifier: Option<String>,
    pub certifier_credential: Option<String>,
    pub contact_email: Option<String>,
    pub exemption: Option<String>,
    pub summary: String,
    /// The copyright page's statement, one paragraph each.
    pub statement: Vec<String>,
}

impl Claims {
    /// The claims for `book`; `page_source` names the printed edition when the e-book
    /// carries its page breaks.
    pub fn of(book: &Book, settings: &AccessibilitySettings, page_source: Option<&str>) -> Self {
        let alts: Vec<&str> = book
            .all_blocks()
            .filter_map(|block| match block {
                Block::Figure { alt, .. } => Some(alt.as_str()),
                _ => None,
            })
            .collect();
        let images = alts.len();
        let undescribed = alts.iter().filter(|alt| alt.trim().is_empty()).count();

        let mut access_modes = vec!["textual"];
        if images > undescribed {
            access_modes.push("visual");
        }
        let mut features = vec![
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "displayTransformability",
        ];
        if images > 0 && undescribed == 0 {
            features.push("alternativeText");
        }
        if page_source.is_some() {
            features.extend(["printPageNumbers", "pageBreakMarkers", "pageNavigation"]);
        }

        // An exemption replaces the conformance claim; an image without a description
        // holds back the default claim (it may be decorative, but imprenta cannot know).
        // The party that stands behind a claim: the evaluator the author names, else the
        // publisher, else the first author (a self-declaration). With nobody to name, no
        // claim is made by default.
        let meta = &book.metadata;
        let evaluator = settings
            .certifier
            .clone()
            .or_else(|| meta.publisher.clone())
            .or_else(|| meta.authors.first().cloned());
        let conforms_to = match (&settings.exemption, &settings.conforms_to) {
            (Some(_), _) => None,
            (None, Some(claim)) => claim.clone(),
            (None, None) if undescribed == 0 && evaluator.is_some() => {
                Some(DEFAULT_CONFORMANCE.to_string())
            }
            (None, None) => None,
        };
        let certifier = conforms_to.as_ref().and(evaluator);
        let certifier_credential = certifier
            .as_ref()
            .and_then(|_| settings.certifier_credential.clone());

        let say = phrases(&meta.primary_language());
        let mut summary = vec![say.reading.to_string()];
        if book.chapters.iter().any(|c| !c.footnotes.is_empty()) {
            summary.push(say.notes.to_string());
        }
        if let Some(source) = page_source {
            summary.push(say.pages.replace("{source}", &readable_source(source)));
        }
        if undescribed > 0 {
            summary.push(
                say.undescribed
                    .replace("{n}", &undescribed.to_string())
                    .replace("{total}", &images.to_string()),
            );
        }
        if let Some(email) = &settings.contact_email {
            summary.push(say.contact.replace("{email}", email));
        }
        let summary = settings
            .summary
            .clone()
            .unwrap_or_else(|| summary.join(" "));

        let mut statement = vec![summary.clone()];
        if images > 0 && undescribed == 0 {
            statement.push(say.described.to_string());
        }
        statement.push(match (&settings.exemption, &conforms_to, &certifier) {
            (Some(exemption), _, _) => say.exempt.replace("{exemption}", exemption),
            (None, Some(claim), Some(by)) => {
                say.conforms.replace("{claim}", claim).replace("{by}", by)
            }
            // An explicit claim in a book that names nobody (book.toml refuses it).
            (None, Some(claim), None) => say.conforms_unsigned.replace("{claim}", claim),
            (None, None, _) => say.no_claim.to_string(),
        });
        if settings.summary.is_some() {
            if let Some(email) = &settings.contact_email {
                statement.push(say.contact.replace("{email}", email));
            }
        }
        Claims {
            access_modes,
            features,
            conforms_to,
            certifier,
            certifier_credential,
            contact_email: settings.contact_email.clone(),
            exemption: settings.exemption.clone(),
            summary,
            statement,
        }
    }

    /// The package document's `<meta>` elements: (property, value, id, refines).
    pub fn metadata(
        &self,
    ) -> Vec<(
        &'static str,
        String,
        Option<&'static str>,
        Option<&'static str>,
    )> {
        let mut out = Vec::new();
        for mode in &self.access_modes {
            out.push(("schema:accessMode", mode.to_string(), None, None));
        }
        out.push(("schema:accessModeSufficient", "textual".into(), None, None));
        for feature in &self.features {
            out.push((
                "schema:accessibilityFeature",
                feature.to_string(),
                None,
                None,
            ));
        }
        out.push(("schema:accessibilityHazard", "none".into(), None, None));
        out.push((
            "schema:accessibilitySummary",
            self.summary.clone(),
            None,
            None,
        ));
        if let Some(claim) = &self.conforms_to {
            out.push(("dcterms:conformsTo", claim.clone(), None, None));
        }
        if let Some(by) = &self.certifier {
            out.push(("a11y:certifiedBy", by.clone(), Some("certificador"), None));
            if let Some(credential) = &self.certifier_credential {
                out.push((
                    "a11y:certifierCredential",
                    credential.clone(),
                    None,
                    Some("#certificador"),
                ));
            }
        }
        if let Some(exemption) = &self.exemption {
            out.push(("a11y:exemption", exemption.clone(), None, None));
        }
        out
    }

    /// The copyright page's section saying the same in words, for every reader.
    pub fn section(&self, heading: &str) -> String {
        let mut out = String::from(
            "<section class=\"accesibilidad\" aria-labelledby=\"accesibilidad\">\n<h2 id=\"accesibilidad\">",
        );
        push_text(&mut out, heading);
        out.push_str("</h2>\n");
        for paragraph in &self.statement {
            out.push_str("<p>");
            push_text(&mut out, paragraph);
            out.push_str("</p>\n");
        }
        out.push_str("</section>\n");
        out
    }
}

/// The printed edition as a reader is told of it: « (ISBN 9788400000000)» after its
/// name; nothing for an identifier that is not an ISBN (a UUID means nothing to a reader).
fn readable_source(source: &str) -> String {
    match source.strip_prefix("urn:isbn:") {
        Some(isbn) => format!(" (ISBN {isbn})"),
        None => String::new(),
    }
}

/// The sentences of the summary and statement in one language; `{…}` are filled in.
struct Phrases {
    reading: &'static str,
    notes: &'static str,
    pages: &'static str,
    undescribed: &'static str,
    described: &'static str,
    contact: &'static str,
    conforms: &'static str,
    conforms_unsigned: &'static str,
    no_claim: &'static str,
    exempt: &'static str,
}

fn phrases(language: &str) -> &'static Phrases {
    match language {
        "es" => &SPANISH,
        "gl" => &GALICIAN,
        "ca" => &CATALAN,
        "pt" => &PORTUGUESE,
        "fr" => &FRENCH,
        "it" => &ITALIAN,
        "de" => &GERMAN,
        _ => &ENGLISH,
    }
}

const SPANISH: Phrases = Phrases {
    reading: "El texto se adapta a la pantalla y al tamaño de letra que elija quien lee, y un lector de pantalla lo recorre en orden por sus encabezados.",
    notes: "Cada nota enlaza con su llamada y vuelve a ella.",
    pages: "Lleva marcado dónde empieza cada página de la edición impresa{source}, para citarla o seguir una clase con el libro en papel.",
    undescribed: "{n} de {total} imágenes no tienen descripción y se presentan como decorativas.",
    described: "Todas las imágenes tienen una descripción para quien no puede verlas.",
    contact: "Consultas sobre accesibilidad: {email}.",
    conforms: "Cumple {claim}, según declara {by}.",
    conforms_unsigned: "Declara cumplir {claim}.",
    no_claim: "No se declara conformidad con ninguna norma de accesibilidad.",
    exempt: "Está exento de los requisitos de accesibilidad de la Unión Europea ({exemption}).",
};

const GALICIAN: Phrases = Phrases {
    reading: "O texto adáptase á pantalla e ao tamaño de letra que escolla quen le, e un lector de pantalla percórreo en orde polos seus encabezados.",
    notes: "Cada nota enlaza coa súa chamada e volve a ela.",
    pages: "Leva marcado onde comeza cada páxina da edición impresa{source}, para citala ou seguir unha clase co libro en papel.",
    undescribed: "{n} de {total} imaxes non teñen descrición e preséntanse como decorativas.",
    described: "Todas as imaxes teñen unha descrición para quen non pode velas.",
    contact: "Consultas sobre accesibilidade: {email}.",
    conforms: "Cumpre {claim}, segundo declara {by}.",
    conforms_unsigned: "Declara cumprir {claim}.",
    no_claim: "Non se declara conformidade con ningunha norma de accesibilidade.",
    exempt: "Está exento dos requisitos de accesibilidade da Unión Europea ({exemption}).",
};

const CATALAN: Phrases = Phrases {
    reading: "El text s'adapta a la pantalla i a la mida de lletra que triï qui llegeix, i un lector de pantalla el recorre en ordre pels seus encapçalaments.",
    notes: "Cada nota enllaça amb la seva crida i hi torna.",
    pages: "Porta marcat on comença cada pàgina de l'edició impresa{source}, per citar-la o seguir una classe amb el llibre en paper.",
    undescribed: "{n} de {total} imatges no tenen descripció i es presenten com a decoratives.",
    described: "Totes les imatges tenen una descripció per a qui no les pot veure.",
    contact: "Consultes sobre accessibilitat: {email}.",
    conforms: "Compleix {claim}, segons declara {by}.",
    conforms_unsigned: "Declara complir {claim}.",
    no_claim: "No es declara conformitat amb cap norma d'accessibilitat.",
    exempt: "Està exempt dels requisits d'accessibilitat de la Unió Europea ({exemption}).",
};

const PORTUGUESE: Phrases = Phrases {
    reading: "O texto adapta-se ao ecrã e ao tamanho de letra que o leitor escolher, e um leitor de ecrã percorre-o em ordem pelos seus títulos.",
    notes: "Cada nota liga à sua chamada e volta a ela.",
    pages: "Marca onde começa cada página da edição impressa{source}, para a citar ou acompanhar uma aula com o livro em papel.",
    undescribed: "{n} de {total} imagens não têm descrição e apresentam-se como decorativas.",
    described: "Todas as imagens têm uma descrição para quem não as pode ver.",
    contact: "Questões sobre acessibilidade: {email}.",
    conforms: "Cumpre {claim}, segundo declara {by}.",
    conforms_unsigned: "Declara cumprir {claim}.",
    no_claim: "Não se declara conformidade com nenhuma norma de acessibilidade.",
    exempt: "Está isento dos requisitos de acessibilidade da União Europeia ({exemption}).",
};

const FRENCH: Phrases = Phrases {
    reading: "Le texte s'adapte à l'écran et à la taille de caractères choisie par le lecteur, et un lecteur d'écran le parcourt dans l'ordre par ses titres.",
    notes: "Chaque note renvoie à son appel et y revient.",
    pages: "Le début de chaque page de l'édition imprimée{source} est marqué, pour la citer ou suivre un cours avec le livre papier.",
    undescribed: "{n} images sur {total} n'ont pas de description et sont présentées comme décoratives.",
    described: "Toutes les images ont une description pour qui ne peut pas les voir.",
    contact: "Questions sur l'accessibilité : {email}.",
    conforms: "Conforme à {claim}, selon {by}.",
    conforms_unsigned: "Se déclare conforme à {claim}.",
    no_claim: "Aucune conformité à une norme d'accessibilité n'est déclarée.",
    exempt: "Exempté des exigences d'accessibilité de l'Union européenne ({exemption}).",
};

const ITALIAN: Phrases = Phrases {
    reading: "Il testo si adatta allo schermo e alla dimensione dei caratteri scelta da chi legge, e un lettore di schermo lo percorre in ordine attraverso i suoi titoli.",
    notes: "Ogni nota rimanda al suo richiamo e vi ritorna.",
    pages: "È segnato dove comincia ogni pagina dell'edizione a stampa{source}, per citarla o seguire una lezione con il libro di carta.",
    undescribed: "{n} immagini su {total} non hanno descrizione e sono presentate come decorative.",
    described: "Tutte le immagini hanno una descrizione per chi non può vederle.",
    contact: "Domande sull'accessibilità: {email}.",
    conforms: "È conforme a {claim}, secondo quanto dichiara {by}.",
    conforms_unsigned: "Dichiara di essere conforme a {claim}.",
    no_claim: "Non si dichiara la conformità ad alcuna norma di accessibilità.",
    exempt: "È esente dai requisiti di accessibilità dell'Unione europea ({exemption}).",
};

const GERMAN: Phrases = Phrases {
    reading: "Der Text passt sich dem Bildschirm und der gewählten Schriftgröße an, und ein Bildschirmleser folgt ihm der Reihe nach über seine Überschriften.",
    notes: "Jede Fußnote verweist auf ihre Stelle im Text und zurück.",
    pages: "Der Beginn jeder Seite der Druckausgabe{source} ist markiert, um sie zu zitieren oder einem Unterricht mit dem gedruckten Buch zu folgen.",
    undescribed: "{n} von {total} Bildern haben keine Beschreibung und gelten als dekorativ.",
    described: "Alle Bilder haben eine Beschreibung für Menschen, die sie nicht sehen können.",
    contact: "Fragen zur Barrierefreiheit: {email}.",
    conforms: "Erfüllt {claim}, laut Erklärung von {by}.",
    conforms_unsigned: "Erklärt, {claim} zu erfüllen.",
    no_claim: "Es wird keine Konformität mit einer Norm für Barrierefreiheit erklärt.",
    exempt: "Von den Anforderungen der Europäischen Union an die Barrierefreiheit ausgenommen ({exemption}).",
};

const ENGLISH: Phrases = Phrases {
    reading: "The text reflows to the screen and to the type size the reader chooses, and a screen reader follows it in order by its headings.",
    notes: "Each note links to its reference and back.",
    pages: "It marks where each page of the printed edition{source} begins, to cite it or follow a class with the paper book.",
    undescribed: "{n} of {total} images have no description and are presented as decorative.",
    described: "Every image has a description for readers who cannot see it.",
    contact: "Accessibility enquiries: {email}.",
    conforms: "It meets {claim}, as declared by {by}.",
    conforms_unsigned: "It declares that it meets {claim}.",
    no_claim: "No conformance with an accessibility standard is claimed.",
    exempt: "It is exempt from the European Union's accessibility requirements ({exemption}).",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_fills_every_placeholder() {
        for say in [
            &SPANISH,
            &GALICIAN,
            &CATALAN,
            &PORTUGUESE,
            &FRENCH,
            &ENGLISH,
        ] {
            assert!(say.pages.contains("{source}"));
            assert!(say.undescribed.contains("{n}") && say.undescribed.contains("{total}"));
            assert!(say.contact.contains("{email}"));
            assert!(say.conforms.contains("{claim}") && say.conforms.contains("{by}"));
            assert!(say.exempt.contains("{exemption}"));
        }
        assert_eq!(
            readable_source("urn:isbn:9788400000000"),
            " (ISBN 9788400000000)"
        );
        assert_eq!(readable_source("urn:uuid:1"), "");
    }
}

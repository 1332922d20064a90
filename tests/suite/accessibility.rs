//! The EPUB's accessibility claims are the author's own: each combination of
//! `[accessibility]` settings gives the package metadata EPUB Accessibility 1.1 asks for
//! (read from the parsed OPF), a copyright page that says the same in words, and a book
//! EPUBCheck and Ace pass; a wrong value is an error naming its book.toml line.

use std::collections::BTreeMap;

use imprenta::diag::Warnings;

use crate::common::{self, Scratch};

/// The OPF's `<meta property>` values, by property (each property's values in order),
/// with `refines` written as `property@refines`.
fn package_metadata(epub: &[u8]) -> BTreeMap<String, Vec<String>> {
    let opf = common::text_of(epub, "OEBPS/content.opf");
    let doc = roxmltree::Document::parse(&opf).expect("the OPF parses");
    let mut metadata: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for meta in doc.descendants().filter(|n| n.has_tag_name("meta")) {
        let Some(property) = meta.attribute("property") else {
            continue;
        };
        let key = match meta.attribute("refines") {
            Some(refines) => format!("{property}@{refines}"),
            None => property.to_string(),
        };
        metadata
            .entry(key)
            .or_default()
            .push(meta.text().unwrap_or_default().to_string());
    }
    metadata
}

/// Builds a one-chapter book whose book.toml ends with `extra`; `chapter` is its text.
fn build(name: &str, book: &str, extra: &str, chapter: &str) -> (Scratch, Vec<u8>) {
    let scratch = Scratch::new(name);
    scratch.write("libro/book.toml", format!("[book]\n{book}\n{extra}"));
    scratch.write("libro/01-uno.md", chapter);
    scratch.write(
        "libro/images/dibujo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"><rect width=\"40\" height=\"30\"/></svg>",
    );
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).expect("parses");
    let epub = imprenta::render_epub(&parsed, None, &warnings).expect("builds");
    (scratch, epub)
}

const CHAPTER: &str =
    "# Uno\n\nTexto con nota.[^1]\n\n![Un rectángulo negro](images/dibujo.svg)\n\n[^1]: La nota.\n";

/// One combination: what book.toml says, and what the OPF must then hold and lack.
struct Case {
    name: &'static str,
    book: &'static str,
    extra: &'static str,
    chapter: &'static str,
    has: &'static [(&'static str, &'static str)],
    lacks: &'static [&'static str],
    /// Words the copyright page's accessibility section must say.
    says: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "default",
        book: "title = \"Claro\"\nauthors = [\"Ana Pérez\"]\npublisher = \"Ediciones Luz\"",
        extra: "",
        chapter: CHAPTER,
        has: &[
            (
                "dcterms:conformsTo",
                "EPUB Accessibility 1.1 - WCAG 2.2 Level AA",
            ),
            ("a11y:certifiedBy", "Ediciones Luz"),
            ("schema:accessibilityFeature", "alternativeText"),
            ("schema:accessibilityFeature", "printPageNumbers"),
            ("schema:accessibilityFeature", "tableOfContents"),
            ("schema:accessMode", "visual"),
        ],
        lacks: &["a11y:exemption", "a11y:certifierCredential"],
        says: &[
            "Accesibilidad",
            "según declara Ediciones Luz",
            "edición impresa",
        ],
    },
    Case {
        name: "self-declared",
        book: "title = \"Claro\"\nauthors = [\"Ana Pérez\", \"Luis Gil\"]",
        extra: "",
        chapter: CHAPTER,
        has: &[("a11y:certifiedBy", "Ana Pérez")],
        lacks: &["a11y:exemption"],
        says: &["según declara Ana Pérez"],
    },
    Case {
        name: "nobody to stand behind a claim",
        book: "title = \"Claro\"",
        extra: "",
        chapter: CHAPTER,
        has: &[],
        lacks: &["dcterms:conformsTo", "a11y:certifiedBy"],
        says: &["No se declara conformidad"],
    },
    Case {
        name: "certified",
        book: "title = \"Claro\"\npublisher = \"Ediciones Luz\"",
        extra: "[accessibility]\nconforms_to = \"EPUB Accessibility 1.1 - WCAG 2.1 Level AA\"\n\
                certifier = \"Laboratorio de Accesibilidad\"\n\
                certifier_credential = \"Acreditación 42\"\n\
                contact_email = \"accesibilidad@luz.example\"\n",
        chapter: CHAPTER,
        has: &[
            (
                "dcterms:conformsTo",
                "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
            ),
            ("a11y:certifiedBy", "Laboratorio de Accesibilidad"),
            ("a11y:certifierCredential@#certificador", "Acreditación 42"),
        ],
        lacks: &["a11y:exemption"],
        says: &["accesibilidad@luz.example", "Laboratorio de Accesibilidad"],
    },
    Case {
        name: "exempt",
        book: "title = \"Claro\"\npublisher = \"Ediciones Luz\"",
        extra: "[accessibility]\nexemption = \"eaa-microenterprise\"\n",
        chapter: CHAPTER,
        has: &[("a11y:exemption", "eaa-microenterprise")],
        lacks: &["dcterms:conformsTo", "a11y:certifiedBy"],
        says: &["exento", "eaa-microenterprise"],
    },
    Case {
        name: "no claim, own summary, no page list",
        book: "title = \"Claro\"\npublisher = \"Ediciones Luz\"",
        extra: "[epub]\npage_list = false\n[accessibility]\nconforms_to = \"none\"\n\
                summary = \"Un libro breve, sin tablas, leído en voz alta por su autora.\"\n",
        chapter: CHAPTER,
        has: &[(
            "schema:accessibilitySummary",
            "Un libro breve, sin tablas, leído en voz alta por su autora.",
        )],
        lacks: &["dcterms:conformsTo", "a11y:certifiedBy", "pageBreakSource"],
        says: &["leído en voz alta", "No se declara conformidad"],
    },
    Case {
        name: "an image without a description",
        book: "title = \"Claro\"\npublisher = \"Ediciones Luz\"",
        extra: "",
        chapter: "# Uno\n\nTexto.\n\n![](images/dibujo.svg)\n",
        has: &[],
        lacks: &["dcterms:conformsTo"],
        says: &["1 de 1 imágenes no tienen descripción"],
    },
    Case {
        name: "English",
        book: "title = \"Clear\"\nlanguage = \"en\"\npublisher = \"Light Books\"",
        extra: "",
        chapter: CHAPTER,
        has: &[("a11y:certifiedBy", "Light Books")],
        lacks: &[],
        says: &[
            "Accessibility",
            "as declared by Light Books",
            "printed edition",
        ],
    },
    Case {
        name: "Catalan",
        book: "title = \"Clar\"\nlanguage = \"ca\"\npublisher = \"Edicions Llum\"",
        extra: "",
        chapter: CHAPTER,
        has: &[],
        lacks: &[],
        says: &["Accessibilitat", "segons declara Edicions Llum"],
    },
    Case {
        name: "Portuguese",
        book: "title = \"Claro\"\nlanguage = \"pt\"\npublisher = \"Edições Luz\"",
        extra: "",
        chapter: CHAPTER,
        has: &[],
        lacks: &[],
        says: &["Acessibilidade", "segundo declara Edições Luz"],
    },
    Case {
        name: "French",
        book: "title = \"Clair\"\nlanguage = \"fr\"\npublisher = \"Éditions Lumière\"",
        extra: "",
        chapter: CHAPTER,
        has: &[],
        lacks: &[],
        says: &["Accessibilité", "selon Éditions Lumière"],
    },
];

#[test]
fn each_combination_of_settings_gives_the_metadata_the_specification_asks_for() {
    for case in CASES {
        let (scratch, epub) = build("a11y", case.book, case.extra, case.chapter);
        let name = case.name;
        let metadata = package_metadata(&epub);
        for (property, value) in case.has {
            let values = metadata.get(*property).map(Vec::as_slice).unwrap_or(&[]);
            assert!(
                values.iter().any(|v| v == value),
                "{name}: {property} should be «{value}», is {values:?}"
            );
        }
        for property in case.lacks {
            assert!(
                !metadata.contains_key(*property),
                "{name}: {property} is claimed"
            );
        }
        // Never claimed by imprenta: only the party that evaluated the book certifies it.
        assert!(
            !metadata
                .values()
                .flatten()
                .any(|v| v.eq_ignore_ascii_case("imprenta")),
            "{name}: {metadata:?}"
        );
        for never in ["ruby", "MathML", "describedMath"] {
            assert!(
                !metadata["schema:accessibilityFeature"]
                    .iter()
                    .any(|f| f == never),
                "{name}: {never}"
            );
        }
        // The summary speaks the book's language and is present once.
        assert_eq!(metadata["schema:accessibilitySummary"].len(), 1, "{name}");
        let credits = common::text_of(&epub, "OEBPS/creditos.xhtml");
        let section = &credits[credits
            .find("class=\"accesibilidad\"")
            .expect("the section")..];
        for words in case.says {
            assert!(
                section.contains(words),
                "{name}: «{words}» not in\n{section}"
            );
        }
        let path = scratch.path("libro.epub");
        std::fs::write(&path, &epub).unwrap();
        common::assert_epubcheck_clean(&path);
        if let Some(violations) = common::ace_violations(&path) {
            assert_eq!(violations, 0, "{name}: Ace found violations");
        }
    }
}

#[test]
fn a_wrong_value_names_its_line() {
    for (extra, line, expected) in [
        (
            "[accessibility]\nexemption = \"eaa-small\"\n",
            5,
            "`exemption` is `eaa-small`, not a known exemption",
        ),
        (
            "[accessibility]\ncontact_email = \"accesibilidad at luz\"\n",
            5,
            "`contact_email` is `accesibilidad at luz`, not an email address",
        ),
        (
            "[accessibility]\nconforms_to = \"WCAG 2.2\"\n",
            5,
            "`conforms_to` is `WCAG 2.2`, not a conformance claim",
        ),
        (
            "[accessibility]\ncertifier_credential = \"X\"\n",
            5,
            "no `certifier` holds it",
        ),
        (
            "[accessibility]\nsummary = \"  \"\n",
            5,
            "`summary` in [accessibility] is empty",
        ),
        (
            "[print]\nisbn = \"978-84-0000-000-5\"\n",
            5,
            "whose check digit is wrong",
        ),
        ("[epub]\npage_list = \"sí\"\n", 5, "must be true or false"),
        (
            "[print]\nisbn = \"123-45-0000-000-3\"\n",
            5,
            "does not begin with 978 or 979",
        ),
        (
            "[accessibility]\nconforms_to = \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\"\n\
             exemption = \"eaa-microenterprise\"\n",
            5,
            "but `exemption` says the book is exempt",
        ),
        (
            "[accessibility]\nconforms_to = \"none\"\ncertifier = \"Lab\"\n",
            6,
            "`certifier` is given, but no conformance is claimed",
        ),
        ("[accesibility]\n", 4, "did you mean [accessibility]?"),
    ] {
        let scratch = Scratch::with_book("a11y-wrong");
        scratch.write(
            "libro/book.toml",
            format!("[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n{extra}"),
        );
        common::assert_refused(&scratch, &format!("book.toml:{line}:"));
        let output = scratch.run(&["epub", "--manuscript", "libro", "-o", "x.epub"]);
        let message = common::stderr(&output);
        assert!(message.contains(expected), "{extra}: {message}");
    }
    // A claim with nobody behind it: no certifier, publisher or author.
    let scratch = Scratch::with_book("a11y-nobody");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\n[accessibility]\n\
         conforms_to = \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\"\n",
    );
    common::assert_refused(
        &scratch,
        "book.toml:4: `conforms_to` claims conformance, but nobody",
    );
}

//! The package document's metadata: Dublin Core, refinements and EPUB Accessibility 1.1.

use epub_builder::{EpubBuilder, EpubVersion, PageDirection, ZipLibrary};

use super::accessibility::Claims;
use super::fixups::meta;
use crate::ir::{Book, Metadata};
use crate::xml::{clean, text};

/// Languages written right to left (primary subtags).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
];

/// `rtl` or `ltr` for the book's language.
pub(crate) fn direction(metadata: &Metadata) -> &'static str {
    if RTL.contains(&metadata.primary_language().as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The uuid epub-builder writes as the identifier: the book's own when it is a
/// `urn:uuid:`, else one derived from it (the fixups then write the real identifier).
fn uuid(identifier: &str) -> uuid::Uuid {
    identifier
        .strip_prefix("urn:uuid:")
        .and_then(|u| uuid::Uuid::parse_str(u).ok())
        .unwrap_or_else(|| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, identifier.as_bytes()))
}

/// "Apellidos, Nombre" for `file-as`, when the name's shape makes it safe to guess: two
/// words (`Ana Pérez`), or, in Spanish, Portuguese, Catalan and Galician, three words
/// without particles, read as one given name and two surnames (`Elena Choque Aramayo`).
/// Anything else (`María José Sánchez de la Vega`) gets no `file-as`: a wrong sort key is
/// worse than none, and book.toml has no field for it yet.
pub(crate) fn file_as(name: &str, language: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let plain = words.iter().all(|w| {
        w.chars().all(char::is_alphabetic) && w.chars().next().is_some_and(char::is_uppercase)
    });
    let iberian = matches!(language, "es" | "pt" | "ca" | "gl");
    match words.as_slice() {
        [given, surname] if plain => Some(format!("{surname}, {given}")),
        [given, first, second] if plain && iberian => Some(format!("{first} {second}, {given}")),
        _ => None,
    }
}

/// Sets the builder's metadata; returns OPF markup for what it has no API for.
pub(crate) fn metadata(
    builder: &mut EpubBuilder<ZipLibrary>,
    book: &Book,
    claims: &Claims,
    page_source: Option<&str>,
) -> String {
    let m = &book.metadata;
    builder.epub_version(EpubVersion::V33);
    builder.epub_direction(if direction(m) == "rtl" {
        PageDirection::Rtl
    } else {
        PageDirection::Ltr
    });
    builder.set_title(clean(&m.title));
    for author in &m.authors {
        builder.add_author(clean(author));
    }
    builder.add_language(clean(&m.language));
    builder.set_generator("imprenta");
    builder.set_toc_name(crate::locale::words(&book.metadata.language).contents);
    if let Some(description) = &m.description {
        builder.add_description(clean(description));
    }
    for subject in &m.subjects {
        builder.add_subject(clean(subject));
    }
    if let Some(rights) = &m.rights {
        builder.set_license(clean(rights));
    }
    let date = m
        .date
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc());
    if let Some(date) = date {
        builder.set_publication_date(date);
    }
    builder.set_modified_date(chrono::DateTime::from_timestamp(m.timestamp, 0).unwrap_or_default());
    builder.set_uuid(uuid(&m.identifier));

    let primary = m.primary_language();
    for (i, author) in m.authors.iter().enumerate() {
        if let Some(sort_key) = file_as(author, &primary) {
            let refines = format!("#epub-creator-{i}");
            builder.add_metadata_opf(Box::new(meta("file-as", &sort_key, Some(&refines))));
        }
    }
    if m.subtitle.is_some() {
        builder.add_metadata_opf(Box::new(meta("title-type", "subtitle", Some("#subtitulo"))));
    }
    accessibility(builder, claims, page_source);

    let mut extra = String::new();
    if let Some(subtitle) = &m.subtitle {
        extra.push_str(&format!(
            "<dc:title id=\"subtitulo\">{}</dc:title>\n    ",
            text(subtitle)
        ));
    }
    if let Some(publisher) = &m.publisher {
        extra.push_str(&format!(
            "<dc:publisher>{}</dc:publisher>\n    ",
            text(publisher)
        ));
    }
    extra
}

/// The accessibility metadata, and the printed edition the page breaks come from.
fn accessibility(
    builder: &mut EpubBuilder<ZipLibrary>,
    claims: &Claims,
    page_source: Option<&str>,
) {
    for (property, value, id, refines) in claims.metadata() {
        let mut m = meta(property, &value, refines);
        m.id = id.map(str::to_string);
        builder.add_metadata_opf(Box::new(m));
    }
    // EPUB Accessibility 1.1's page source (the W3C's pageBreakSource, which EPUBCheck 5
    // accepts): the edition whose page numbers the markers carry.
    if let Some(source) = page_source {
        builder.add_metadata_opf(Box::new(meta("pageBreakSource", source, None)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_as_puts_surnames_first() {
        assert_eq!(
            file_as("Elena Choque Aramayo", "es").as_deref(),
            Some("Choque Aramayo, Elena")
        );
        assert_eq!(file_as("Ana Pérez", "es").as_deref(), Some("Pérez, Ana"));
        assert_eq!(file_as("Jane Ann Doe", "en"), None);
        assert_eq!(file_as("María José Sánchez de la Vega", "es"), None);
        assert_eq!(file_as("Homero", "es"), None);
    }

    #[test]
    fn identifiers_become_uuids() {
        let u = "urn:uuid:1ca633dd-7222-564b-a7c5-7618f973bcda";
        assert_eq!(uuid(u).urn().to_string(), u);
        assert_eq!(uuid("urn:isbn:1"), uuid("urn:isbn:1"));
    }
}

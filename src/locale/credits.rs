//! The copyright page's lines, said the same in both books.

use super::{join_names, long_date, words};

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
    /// The title, with the subtitle after a period.
    Title,
    /// The authors, joined as the language joins names.
    Authors,
    /// The rights statement.
    Rights,
    /// The edition, with its date.
    Edition,
    /// The publisher.
    Publisher,
    /// The identifier a reader can use (an ISBN).
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

/// The sentence naming the faces the book is set in, as the copyright page and the
/// colophon print it: «Compuesto en Charis SIL 10,5/13,5 pt, con Gentium Plus; el código
/// en Noto Sans Mono.»
pub fn typefaces(fonts: &crate::ir::Fonts, size: f32, leading: f32, language: &str) -> String {
    let w = words(language);
    // Every face the book prints in is named, those of other scripts too.
    let mut others: Vec<String> = Vec::new();
    for extra in &fonts.extra {
        let family = &extra.file.family;
        if *family != fonts.regular.family && !others.contains(family) {
            others.push(family.clone());
        }
    }
    let with = match others.is_empty() {
        true => String::new(),
        false => format!(", {} {}", w.with, join_names(&others, w)),
    };
    format!(
        "{} {} {}/{} pt{with}; {} {}.",
        w.set_in,
        fonts.regular.family,
        decimal(size, language),
        decimal(leading, language),
        w.code_in,
        fonts.mono.family
    )
}

/// A number with the decimal separator of the language (10,5 in Spanish).
pub fn decimal(value: f32, language: &str) -> String {
    let text = format!("{value}");
    if language.starts_with("en") {
        text
    } else {
        text.replace('.', ",")
    }
}

/// The colophon's sentence of the printing: «Este libro se terminó de imprimir el 1 de
/// diciembre de 2026 en Imprenta Don Bosco, La Paz.», from what `[colophon]` says.
pub fn printed(
    language: &str,
    date: Option<&str>,
    printer: Option<&str>,
    place: Option<&str>,
) -> String {
    let w = words(language);
    let [opening, on, by, at] = w.printed;
    let mut line = opening.to_string();
    if let Some(date) = date {
        line.push_str(&format!(" {on} {}", long_date(date, w)));
    }
    match (printer, place) {
        (Some(printer), Some(place)) => line.push_str(&format!(" {by} {printer}, {place}")),
        (Some(printer), None) => line.push_str(&format!(" {by} {printer}")),
        (None, Some(place)) => line.push_str(&format!(" {at} {place}")),
        (None, None) => {}
    }
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

//! `[book]` → the tree's [`Metadata`]: the identifier derived when none is given, and
//! the build's timestamp.

use crate::ir::Metadata;

use super::config::BookConfig;

/// The timestamp used when neither `SOURCE_DATE_EPOCH` nor `[book] date` gives one:
/// 2000-01-01T00:00:00Z (zip files cannot record dates before 1980).
pub const FIXED_EPOCH: i64 = 946_684_800;

/// Namespace for identifiers derived from title and authors (a fixed, random UUID).
const IDENTIFIER_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x6c1f_3a52_9d0e_4b7a_8e21_54f0_c3d9_a7b6);

/// The book's metadata; `source_date_epoch` is the value of `SOURCE_DATE_EPOCH`, if set.
pub fn metadata(book: &BookConfig, source_date_epoch: Option<i64>) -> Metadata {
    let identifier = book.identifier.clone().unwrap_or_else(|| {
        let name = format!("{}\n{}", book.title, book.authors.join("\n"));
        format!(
            "urn:uuid:{}",
            uuid::Uuid::new_v5(&IDENTIFIER_NAMESPACE, name.as_bytes())
        )
    });
    let from_date = book.date.as_deref().and_then(|d| {
        chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc().timestamp())
    });
    let timestamp = source_date_epoch
        .or(from_date)
        .unwrap_or(FIXED_EPOCH)
        .max(FIXED_EPOCH);
    Metadata {
        title: book.title.clone(),
        subtitle: book.subtitle.clone(),
        authors: book.authors.clone(),
        language: book.language.clone(),
        identifier,
        publisher: book.publisher.clone(),
        date: book.date.clone(),
        rights: book.rights.clone(),
        description: book.description.clone(),
        subjects: book.subjects.clone(),
        timestamp,
    }
}

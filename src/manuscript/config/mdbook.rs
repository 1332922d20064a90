//! The shapes of an mdBook `book.toml`: mdBook's `[book]`, and imprenta's own tables
//! under `[output.imprenta]`. Read from the same text, so every span still names the
//! author's line.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::{Spanned, Value};

use super::raw::{RawBook, RawConfig};
use super::read::Reader;
use crate::diag::Result;

/// The whole file as imprenta reads it; mdBook's other tables are skipped unread.
#[derive(Debug, Deserialize)]
struct RawMdBook {
    book: Option<RawBook>,
    #[serde(default)]
    output: Outputs<RawConfig>,
}

/// `[output]`: each renderer's table; imprenta's is its own configuration.
#[derive(Debug, Deserialize)]
struct Outputs<T> {
    imprenta: Option<T>,
}

impl<T> Default for Outputs<T> {
    fn default() -> Self {
        Outputs { imprenta: None }
    }
}

/// `[output.imprenta]` as tables (for their names), and as tables of keys (for theirs).
#[derive(Debug, Deserialize)]
struct Named<T> {
    #[serde(default = "Outputs::default")]
    output: Outputs<T>,
}

type Tables = BTreeMap<Spanned<String>, Value>;
type Keys = BTreeMap<String, BTreeMap<Spanned<String>, IgnoredAny>>;

/// The names of the tables in `[output.imprenta]`, then each one's keys, to be checked as
/// an imprenta book.toml's are.
pub(super) fn imprenta_tables(reader: &Reader, text: &str) -> Result<(Tables, Keys)> {
    let top: Named<Tables> = toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    let top = top.output.imprenta.unwrap_or_default();
    // Only once every name is a table can the keys be read as tables of keys.
    if top.values().any(|v| !v.is_table()) {
        return Ok((top, Keys::new()));
    }
    let nested: Named<Keys> = toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    Ok((top, nested.output.imprenta.unwrap_or_default()))
}

/// The configuration in imprenta's raw shape: `[output.imprenta]`'s tables, with a
/// `[book]` of mdBook's keys under `[output.imprenta.book]`'s.
pub(super) fn raw(reader: &Reader, text: &str) -> Result<RawConfig> {
    let file: RawMdBook = toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    let mut config = file.output.imprenta.unwrap_or_else(empty);
    config.book = match (file.book, config.book.take()) {
        (Some(mdbook), Some(ours)) => Some(over(ours, mdbook)),
        (mdbook, ours) => ours.or(mdbook),
    };
    Ok(config)
}

/// An imprenta configuration with no table.
fn empty() -> RawConfig {
    toml::from_str("").expect("every table of book.toml is optional")
}

/// `ours` with each key it lacks taken from `theirs`.
fn over(ours: RawBook, theirs: RawBook) -> RawBook {
    RawBook {
        title: ours.title.or(theirs.title),
        subtitle: ours.subtitle.or(theirs.subtitle),
        authors: ours.authors.or(theirs.authors),
        language: ours.language.or(theirs.language),
        identifier: ours.identifier.or(theirs.identifier),
        publisher: ours.publisher.or(theirs.publisher),
        date: ours.date.or(theirs.date),
        rights: ours.rights.or(theirs.rights),
        description: ours.description.or(theirs.description),
        subjects: ours.subjects.or(theirs.subjects),
        cover: ours.cover.or(theirs.cover),
        chapters: ours.chapters.or(theirs.chapters),
        parts: ours.parts.or(theirs.parts),
        numbering: ours.numbering.or(theirs.numbering),
        dedication: ours.dedication.or(theirs.dedication),
        other_titles: ours.other_titles.or(theirs.other_titles),
        quotes: ours.quotes.or(theirs.quotes),
    }
}

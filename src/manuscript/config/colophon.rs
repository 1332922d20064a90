//! `[colophon]`: the printing a colophon records (printer, place, date, paper), and
//! `[book] other_titles`: the press's other books, listed or in a shared file.

use serde::Deserialize;

use super::raw::{describe, Checked, Field};
use super::Reader;
use crate::diag::{Pos, Result};

/// `[colophon]` as written.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawColophon {
    pub(super) printer: Field<String>,
    pub(super) place: Field<String>,
    pub(super) date: Field<String>,
    pub(super) paper: Field<String>,
}

/// What the colophon says of the printing; `None` when book.toml has no `[colophon]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColophonConfig {
    /// Who printed the book.
    pub printer: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// When the printing ended, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// On which paper.
    pub paper: Option<String>,
}

/// The press's other titles: listed in book.toml, or one per line of a file several
/// books share (which may lie outside the manuscript folder, as a press's fonts do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtherTitles {
    /// Listed in book.toml.
    Listed(Vec<String>),
    /// One a line of the file at this path, named at this line of book.toml.
    File(String, Pos),
}

/// `other_titles` as written: a list, or a file's path.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawOtherTitles {
    Listed(Vec<String>),
    File(String),
}

pub(super) fn read(reader: &Reader, raw: Option<RawColophon>) -> Result<Option<ColophonConfig>> {
    let Some(raw) = raw else { return Ok(None) };
    let text = |field, key: &str| -> Result<Option<String>> {
        Ok(reader
            .string(field, "colophon", key)?
            .map(|(t, _)| t)
            .filter(|t| !t.trim().is_empty()))
    };
    let date = match reader.string(raw.date, "colophon", "date")? {
        Some((date, line)) if !super::read::is_calendar_date(&date) => {
            return Err(reader
                .at(
                    line,
                    format!("`date` in [colophon] is `{date}`, not a date"),
                )
                .with_hint("write the day the printing ended as YYYY-MM-DD, e.g. \"2026-12-01\""))
        }
        found => found.map(|(d, _)| d),
    };
    Ok(Some(ColophonConfig {
        printer: text(raw.printer, "printer")?,
        place: text(raw.place, "place")?,
        date,
        paper: text(raw.paper, "paper")?,
    }))
}

/// `[book] other_titles`.
pub(super) fn other_titles(
    reader: &Reader,
    field: Field<RawOtherTitles>,
) -> Result<Option<OtherTitles>> {
    let Some(field) = field else { return Ok(None) };
    let line = reader.line_of(&field);
    match field.into_inner() {
        Checked::Ok(RawOtherTitles::Listed(titles)) => {
            if titles.iter().any(|t| t.trim().is_empty()) {
                return Err(reader
                    .at(line, "`other_titles` has an empty item")
                    .with_hint("remove the empty \"\" from the list"));
            }
            Ok((!titles.is_empty()).then_some(OtherTitles::Listed(titles)))
        }
        Checked::Ok(RawOtherTitles::File(path)) => Ok(Some(OtherTitles::File(path, line))),
        Checked::Wrong(other) => Err(reader
            .at(
                line,
                format!(
                    "`other_titles` in [book] must list titles or name a file, not {}",
                    describe(&other)
                ),
            )
            .with_hint(
                "write other_titles = [\"Título\", …] or other_titles = \"../catalogo.md\"",
            )),
    }
}

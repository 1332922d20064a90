//! `[book] parts` and `[book] numbering`: the chapters grouped into parts, and whether
//! their numbers start again in each.

use super::raw::{describe, Checked, Field, RawPart};
use super::Reader;
use crate::diag::{Pos, Result};
use crate::ir::Numbering;

/// One part as `[book] parts` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartConfig {
    /// The part's title, as its title page prints it.
    pub title: String,
    /// Its chapter files, in reading order.
    pub chapters: Vec<String>,
    /// A file with the part's opening text (set on its title page after the title).
    pub file: Option<String>,
    /// The line of `parts`, for messages.
    pub line: Pos,
}

/// The parts `[book] parts` lists: `[{ title = "…", chapters = ["…"] }, …]`.
pub(super) fn parts(reader: &Reader, field: Field<Vec<RawPart>>) -> Result<Vec<PartConfig>> {
    let Some(field) = field else {
        return Ok(Vec::new());
    };
    let line = reader.line_of(&field);
    let shape = "write parts = [{ title = \"Primera parte\", chapters = [\"01-inicio.md\"] }, …]";
    let raw = match field.into_inner() {
        Checked::Ok(raw) => raw,
        Checked::Wrong(other) => {
            return Err(reader
                .at(
                    line,
                    format!(
                        "`parts` in [book] must list tables with a title and chapters (and \
                         maybe a file), not {}",
                        describe(&other)
                    ),
                )
                .with_hint(shape))
        }
    };
    raw.into_iter()
        .map(|part| {
            if part.title.trim().is_empty() {
                return Err(reader
                    .at(line, "a part in `parts` has an empty title")
                    .with_hint(shape));
            }
            if part.chapters.is_empty() {
                return Err(reader
                    .at(line, format!("part «{}» has no chapters", part.title))
                    .with_hint("list its chapter files in its `chapters`"));
            }
            if part.chapters.iter().any(|c| c.trim().is_empty()) {
                return Err(reader
                    .at(
                        line,
                        format!("part «{}» lists an empty chapter", part.title),
                    )
                    .with_hint("remove the empty \"\" from its chapters"));
            }
            Ok(PartConfig {
                title: part.title,
                chapters: part.chapters,
                file: part.file.filter(|f| !f.trim().is_empty()),
                line,
            })
        })
        .collect()
}

/// `[book] numbering`: "continuous" (the default) or "by-part".
pub(super) fn numbering(reader: &Reader, field: Field<String>) -> Result<Numbering> {
    match reader.string(field, "book", "numbering")? {
        None => Ok(Numbering::Continuous),
        Some((word, _)) if word == "continuous" => Ok(Numbering::Continuous),
        Some((word, _)) if word == "by-part" => Ok(Numbering::ByPart),
        Some((other, line)) => Err(reader
            .at(
                line,
                format!("`numbering` is `{other}`, which it cannot be"),
            )
            .with_hint(
                "use \"continuous\" (chapters numbered through the book) or \"by-part\" \
                 (from 1 in each part)",
            )),
    }
}

//! `[matter]`: which chapter files are front and back matter (a dedication, a prologue,
//! the colophon…), for files whose names do not say so already.

use serde::Deserialize;

use super::raw::Field;
use super::Reader;
use crate::diag::{Pos, Result};
use crate::ir::Matter;

/// `[matter]`, one file per kind.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawMatter {
    pub(super) dedication: Field<String>,
    pub(super) epigraph: Field<String>,
    pub(super) preface: Field<String>,
    pub(super) introduction: Field<String>,
    pub(super) epilogue: Field<String>,
    pub(super) acknowledgements: Field<String>,
    pub(super) about_author: Field<String>,
    pub(super) colophon: Field<String>,
}

/// The files `[matter]` names: each with its kind and line.
pub(super) fn read(reader: &Reader, raw: RawMatter) -> Result<Vec<(Matter, String, Pos)>> {
    let fields = [
        raw.dedication,
        raw.epigraph,
        raw.preface,
        raw.introduction,
        raw.epilogue,
        raw.acknowledgements,
        raw.about_author,
        raw.colophon,
    ];
    let mut files = Vec::new();
    for (kind, field) in Matter::ALL.into_iter().zip(fields) {
        if let Some((file, line)) = reader.string(field, "matter", kind.key())? {
            if file.trim().is_empty() {
                return Err(reader
                    .at(line, format!("`{}` in [matter] is empty", kind.key()))
                    .with_hint("name a chapter file, or remove the line"));
            }
            files.push((kind, file, line));
        }
    }
    Ok(files)
}

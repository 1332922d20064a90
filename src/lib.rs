//! imprenta: a folder of Markdown chapters in, an EPUB 3 and a print-ready PDF out.
//!
//! The pipeline is the module layout: [`manuscript`] reads the folder, [`ir`] lowers it
//! into one tree, and the [`epub`] and [`pdf`] backends turn that same tree into files.

pub mod diag;
pub mod epub;
pub mod ir;
pub mod manuscript;
pub mod output;
pub mod pdf;
pub mod xml;

use std::path::Path;

use diag::{Result, Warnings};

/// Reads and lowers the manuscript at `root`: the one parse both backends share.
pub fn parse_book(
    root: &Path,
    source_date_epoch: Option<i64>,
    warnings: &Warnings,
) -> Result<ir::Book> {
    let manuscript = manuscript::load(root, warnings)?;
    ir::build(&manuscript, source_date_epoch, warnings)
}

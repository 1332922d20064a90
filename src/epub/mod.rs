//! The EPUB 3 backend: the tree → an EPUB file's bytes.

use crate::diag::{Diagnostic, Result, Warnings};
use crate::ir::Book;

/// Builds the EPUB for `book`.
pub fn write(book: &Book, warnings: &Warnings) -> Result<Vec<u8>> {
    let _ = (book, warnings);
    Err(Diagnostic::general("the EPUB backend is not written yet"))
}

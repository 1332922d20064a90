//! The PDF backend: the tree → a typeset PDF file's bytes.

use crate::diag::{Diagnostic, Result, Warnings};
use crate::ir::Book;

/// Typesets `book` and returns the PDF.
pub fn write(book: &Book, warnings: &Warnings) -> Result<Vec<u8>> {
    let _ = (book, warnings);
    Err(Diagnostic::general("the PDF backend is not written yet"))
}

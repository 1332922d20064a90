//! The font files both books are set in: the five faces and the fallback faces chosen for
//! the characters they lack.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::Loc;

/// One font file, loaded and checked to be a font.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Where it came from, for messages and the colophon (`fonts/CharisSIL-Regular.ttf`).
    pub path: PathBuf,
    /// The family name read from the font (`Charis SIL`).
    pub family: String,
    /// The file's bytes.
    pub data: Arc<[u8]>,
    /// The line of book.toml that chose it (`None` for a bundled face), for messages.
    pub named_at: Option<Loc>,
    /// Which face of the file, when it is a collection (`.ttc`); 0 otherwise.
    pub index: u32,
}

impl FontFile {
    /// Where to name the face in a message: the book.toml line that chose it, else its file.
    pub fn loc(&self) -> Loc {
        self.named_at
            .clone()
            .unwrap_or_else(|| Loc::file(&self.path))
    }
}

/// The fonts a book is set in.
#[derive(Debug, Clone)]
pub struct Fonts {
    pub regular: FontFile,
    pub italic: FontFile,
    pub bold: FontFile,
    pub bold_italic: FontFile,
    /// For code.
    pub mono: FontFile,
    /// For each of the five (in the order of [`Fonts::all`]), a face to take characters
    /// it lacks from before any other: the bundled face of the same style, when the
    /// author chose a face of their own.
    pub fallback: [Option<FontFile>; 5],
    /// Faces for the characters none of the ten has (another script: Greek, Hebrew,
    /// Devanagari …), chosen for this book from `[fonts] fallback`, the bundled ones and
    /// the system's, in the order they were chosen.
    pub extra: Vec<ExtraFace>,
    /// For a character in a style (the position in [`Fonts::all`]), the extra face
    /// chosen for it (its index in `extra`).
    pub assigned: BTreeMap<(u8, char), u16>,
    /// Whether the EPUB embeds the extra faces (`[fonts] epub_fallback`).
    pub extra_in_epub: bool,
}

/// A face chosen for characters the book's own faces lack.
#[derive(Debug, Clone)]
pub struct ExtraFace {
    pub file: FontFile,
    /// The face's own style, as its `OS/2` table says.
    pub italic: bool,
    pub bold: bool,
    /// The book's characters set in it.
    pub chars: BTreeSet<char>,
}

/// Where face `index` of [`Fonts::file`] begins for the extra faces.
pub const FIRST_EXTRA: usize = 10;

impl Fonts {
    /// Face `index`: the five of [`Fonts::all`], then the fallback of each (5 + its
    /// index), then the extra faces ([`FIRST_EXTRA`] + theirs).
    pub fn file(&self, index: usize) -> Option<&FontFile> {
        match index {
            0..5 => Some(self.all()[index]),
            5..FIRST_EXTRA => self.fallback.get(index - 5)?.as_ref(),
            _ => self.extra.get(index - FIRST_EXTRA).map(|e| &e.file),
        }
    }

    /// How many face indices [`Fonts::file`] answers for (some may be `None`).
    pub fn count(&self) -> usize {
        FIRST_EXTRA + self.extra.len()
    }

    /// All five faces, in a fixed order: regular, italic, bold, bold italic, mono.
    pub fn all(&self) -> [&FontFile; 5] {
        [
            &self.regular,
            &self.italic,
            &self.bold,
            &self.bold_italic,
            &self.mono,
        ]
    }
}

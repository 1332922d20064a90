//! The fonts installed on the machine (with `fontdb`), read only when the book has a
//! character that neither its faces, nor `[fonts] fallback`, nor the bundled extra faces
//! have: a book in Spanish never pays for the scan.

use std::path::PathBuf;
use std::sync::Arc;

use rustybuzz::ttf_parser::{Face, Permissions};

use super::choose::{Kind, Shape};
use crate::ir::FontFile;

/// One face of an installed font file.
pub(super) struct SystemFace {
    id: fontdb::ID,
    pub shape: Shape,
    pub path: PathBuf,
    pub index: u32,
}

/// The installed faces that can be set and embedded: outlines (TrueType or CFF), not
/// colour bitmaps, which a PDF cannot show as text, and licensed to be embedded subset.
pub(super) struct SystemFonts {
    db: fontdb::Database,
    pub faces: Vec<SystemFace>,
}

impl SystemFonts {
    /// Scans the system's font folders. The faces come sorted by family, file and index,
    /// so the choice among equals is the same on every run.
    pub fn load() -> Self {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Self::from_db(db)
    }

    /// The faces of an already filled database (the tests give it font files).
    pub fn from_db(db: fontdb::Database) -> Self {
        let mut faces: Vec<SystemFace> = db
            .faces()
            .filter_map(|info| {
                let path = match &info.source {
                    fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => {
                        path.clone()
                    }
                    fontdb::Source::Binary(_) => return None,
                };
                let family = info.families.first()?.0.clone();
                let kind = Kind::of(&family, info.monospaced);
                Some(SystemFace {
                    id: info.id,
                    shape: Shape {
                        family,
                        italic: info.style != fontdb::Style::Normal,
                        bold: info.weight.0 >= 600,
                        kind,
                    },
                    path,
                    index: info.index,
                })
            })
            .collect();
        faces.sort_by(|a, b| {
            (&a.shape.family, &a.path, a.index).cmp(&(&b.shape.family, &b.path, b.index))
        });
        SystemFonts { db, faces }
    }

    /// Which of `chars` face `i` has, if it has outlines.
    pub fn covered(&self, i: usize, chars: &[char]) -> Vec<char> {
        self.db
            .with_face_data(self.faces[i].id, |data, index| {
                let Ok(face) = Face::parse(data, index) else {
                    return Vec::new();
                };
                let tables = face.tables();
                if tables.glyf.is_none() && tables.cff.is_none() {
                    return Vec::new();
                }
                // A face whose licence forbids embedding it, or embedding a subset, is
                // never put in a book (OpenType's OS/2 fsType; the bundled and listed
                // faces are the author's choice).
                let restricted = face.permissions() == Some(Permissions::Restricted);
                if restricted || !face.is_subsetting_allowed() {
                    return Vec::new();
                }
                chars
                    .iter()
                    .copied()
                    .filter(|&c| face.glyph_index(c).is_some_and(|g| g.0 != 0))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Face `i` read as a book's font file; `None` when the file cannot be read now.
    pub fn file(&self, i: usize) -> Option<FontFile> {
        let face = &self.faces[i];
        let data = std::fs::read(&face.path).ok()?;
        Some(FontFile {
            path: face.path.clone(),
            family: face.shape.family.clone(),
            data: Arc::from(data),
            named_at: None,
            index: face.index,
        })
    }
}

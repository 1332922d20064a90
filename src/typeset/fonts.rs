//! The book's five faces, parsed for shaping, and the fallback from one face to another.
//!
//! A character the chosen face lacks is set in its fallback (the bundled face of the same
//! style, when the author chose another), else in the extra face chosen for it (another
//! script's: `manuscript::fonts::choose_extra`), else in the first other face that has
//! it, and the face is reported with the characters it lacks; one that no face has is
//! reported once per character and left out (the caller warns).

use std::collections::{BTreeMap, HashSet};

use rustybuzz::Face;

use crate::diag::{Diagnostic, Result};
use crate::ir::{Fonts, FIRST_EXTRA};

/// Which of the book's faces a piece of text is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaceId {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    Mono,
    /// The fallback of the face at this position of [`FaceId::ALL`].
    Fallback(u8),
    /// The book's extra face at this position of [`Fonts::extra`].
    Extra(u16),
}

impl FaceId {
    /// Every face, in the order of [`Fonts::all`].
    pub const ALL: [FaceId; 5] = [
        FaceId::Regular,
        FaceId::Italic,
        FaceId::Bold,
        FaceId::BoldItalic,
        FaceId::Mono,
    ];

    /// Position in [`FaceId::ALL`]; a fallback's is 5 + its face's, an extra face's
    /// [`FIRST_EXTRA`] + its own (as [`Fonts::file`]).
    pub fn index(self) -> usize {
        match self {
            FaceId::Regular => 0,
            FaceId::Italic => 1,
            FaceId::Bold => 2,
            FaceId::BoldItalic => 3,
            FaceId::Mono => 4,
            FaceId::Fallback(of) => 5 + usize::from(of),
            FaceId::Extra(n) => FIRST_EXTRA + usize::from(n),
        }
    }

    /// The face of index `i` (the inverse of [`FaceId::index`]).
    pub fn at(i: usize) -> FaceId {
        match i {
            0..5 => FaceId::ALL[i],
            5..FIRST_EXTRA => FaceId::Fallback((i - 5) as u8),
            _ => FaceId::Extra(u16::try_from(i - FIRST_EXTRA).expect("few extra faces")),
        }
    }

    /// The serif face for a combination of bold and italic.
    pub fn serif(bold: bool, italic: bool) -> FaceId {
        match (bold, italic) {
            (false, false) => FaceId::Regular,
            (false, true) => FaceId::Italic,
            (true, false) => FaceId::Bold,
            (true, true) => FaceId::BoldItalic,
        }
    }
}

/// The five faces, parsed once and shared by every chapter's shaper.
pub struct FontSet<'a> {
    /// By [`FaceId::index`]; `None` for a fallback the book does not have.
    faces: Vec<Option<Face<'a>>>,
    names: Vec<String>,
    /// The extra face chosen for a character in a style (see [`Fonts::assigned`]).
    assigned: &'a BTreeMap<(u8, char), u16>,
    /// Per face, whether it has each character below [`TABLED`]: `has` is asked for
    /// every character of the book, and a cmap look-up costs far more than this.
    tabled: Vec<Vec<bool>>,
}

/// Characters below this (Latin, Greek, Cyrillic, general punctuation) are tabled.
const TABLED: u32 = 0x2100;

impl<'a> FontSet<'a> {
    /// Parses the book's font files; an unreadable one is an error naming the file.
    pub fn load(fonts: &'a Fonts) -> Result<Self> {
        let mut faces = Vec::new();
        let mut names = Vec::new();
        for index in 0..fonts.count() {
            let Some(file) = fonts.file(index) else {
                faces.push(None);
                names.push(String::new());
                continue;
            };
            let face = Face::from_slice(&file.data, file.index).ok_or_else(|| {
                Diagnostic::general(format!(
                    "{}: not a font that can be set (rustybuzz cannot read it)",
                    file.path.display()
                ))
            })?;
            names.push(postscript_name(&face, &file.family));
            faces.push(Some(face));
        }
        let tabled = faces
            .iter()
            .map(|face| match face {
                Some(face) => (0..TABLED)
                    .map(|u| {
                        char::from_u32(u)
                            .and_then(|c| face.glyph_index(c))
                            .is_some_and(|g| g.0 != 0)
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        Ok(FontSet {
            faces,
            names,
            assigned: &fonts.assigned,
            tabled,
        })
    }

    /// The parsed face.
    pub fn face(&self, id: FaceId) -> &Face<'a> {
        self.faces[id.index()]
            .as_ref()
            .expect("only faces the book has are resolved to")
    }

    /// Font units per em of a face.
    pub fn units_per_em(&self, id: FaceId) -> f32 {
        self.face(id).units_per_em() as f32
    }

    /// The PostScript name (no spaces), for the PDF's `/BaseFont`.
    pub fn postscript_name(&self, id: FaceId) -> &str {
        &self.names[id.index()]
    }

    /// The PostScript name of face index `i` (empty for a fallback the book lacks).
    pub fn name_at(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// How many face indices the book has (see [`Fonts::count`]).
    pub fn count(&self) -> usize {
        self.faces.len()
    }

    /// Whether `id` has a glyph for `c`.
    pub fn has(&self, id: FaceId, c: char) -> bool {
        let Some(face) = &self.faces[id.index()] else {
            return false;
        };
        if let Some(&has) = self.tabled[id.index()].get(c as usize) {
            return has;
        }
        face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }

    /// The face to set `c` in: `preferred` when it has the character, else its fallback,
    /// else the extra face chosen for it in that style, else the first other face that
    /// does (serif faces before the monospace, the five before the fallbacks, the extra
    /// faces last), else `None`.
    pub fn resolve(&self, preferred: FaceId, c: char) -> Option<FaceId> {
        if is_invisible(c) || self.has(preferred, c) {
            return Some(preferred);
        }
        let style = match preferred {
            FaceId::Fallback(of) => Some(of),
            FaceId::Extra(_) => None,
            face => Some(face.index() as u8),
        };
        let own = match preferred {
            FaceId::Fallback(_) | FaceId::Extra(_) => None,
            face => Some(FaceId::Fallback(face.index() as u8)),
        };
        let chosen = style
            .and_then(|style| self.assigned.get(&(style, c)))
            .map(|&n| FaceId::Extra(n));
        let extra = (FIRST_EXTRA..self.faces.len()).map(FaceId::at);
        own.into_iter()
            .chain(chosen)
            .chain(FaceId::ALL)
            .chain((0..5).map(FaceId::Fallback))
            .chain(extra)
            .filter(|&id| id != preferred)
            .find(|&id| self.has(id, c))
    }

    /// The face to set all of `text` in as one run: `face` when it has every character,
    /// else its fallback when that has them all, else `face` still.
    pub fn whole_in(&self, face: FaceId, text: &str) -> FaceId {
        let covers = |id: FaceId| {
            text.chars()
                .all(|c| c == ' ' || is_invisible(c) || self.has(id, c))
        };
        match face {
            FaceId::Fallback(_) | FaceId::Extra(_) => face,
            _ if covers(face) => face,
            _ => {
                let fallback = FaceId::Fallback(face.index() as u8);
                if self.faces[fallback.index()].is_some() && covers(fallback) {
                    fallback
                } else {
                    face
                }
            }
        }
    }

    /// The width of a word space in `face`, in points at `size`: from the face that sets
    /// the space when `face` has none (a face without one would glue the words together).
    pub fn space_width(&self, face: FaceId, size: f32) -> f32 {
        let face = self.resolve(face, ' ').unwrap_or(face);
        match self.advance(face, ' ') {
            0.0 => size / 4.0,
            advance => advance * size / self.units_per_em(face),
        }
    }

    /// The first of `candidates` that `id` can set, for marks and ornaments.
    pub fn first_available<'c>(&self, id: FaceId, candidates: &[&'c str]) -> &'c str {
        candidates
            .iter()
            .copied()
            .find(|s| s.chars().all(|c| c == ' ' || self.has(id, c)))
            .unwrap_or("*")
    }

    /// The height of the face's capitals, in ems (from its `OS/2` table; 0.7 em, a
    /// common one, when the face does not say).
    pub fn cap_height(&self, id: FaceId) -> f32 {
        let face = self.face(id);
        face.capital_height()
            .filter(|&h| h > 0)
            .map_or(0.7, |h| f32::from(h) / self.units_per_em(id))
    }

    /// The height of the face's lower-case letters, in ems (from its `OS/2` table; half
    /// an em when the face does not say).
    pub fn x_height(&self, id: FaceId) -> f32 {
        let face = self.face(id);
        face.x_height()
            .filter(|&h| h > 0)
            .map_or(0.5, |h| f32::from(h) / self.units_per_em(id))
    }

    /// The weight of the face's own rules (its underline's), in ems: a rule drawn beside
    /// the letters as heavy as the face would draw it (0.05 em when the face does not say).
    pub fn rule_weight(&self, id: FaceId) -> f32 {
        let face = self.face(id);
        face.underline_metrics()
            .filter(|m| m.thickness > 0)
            .map_or(0.05, |m| f32::from(m.thickness) / self.units_per_em(id))
    }

    /// Where the glyph of `c` puts ink, in ems from its origin, y up: `[x_min, y_min,
    /// x_max, y_max]`; none when the face lacks it or it draws nothing.
    pub fn ink(&self, id: FaceId, c: char) -> Option<[f32; 4]> {
        let face = self.face(id);
        let rect = face.glyph_bounding_box(face.glyph_index(c)?)?;
        let em = self.units_per_em(id);
        Some([rect.x_min, rect.y_min, rect.x_max, rect.y_max].map(|v| f32::from(v) / em))
    }

    /// Advance width of a character in font units (0 when the face lacks it).
    pub fn advance(&self, id: FaceId, c: char) -> f32 {
        let face = self.face(id);
        face.glyph_index(c)
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(0.0, f32::from)
    }
}

/// What the faces could not set as asked, gathered over the whole book (chapters are set
/// in parallel) and reported once at the end.
#[derive(Debug, Default, Clone)]
pub struct Coverage {
    /// Characters no face has: left out (each reported where first met).
    pub no_glyph: HashSet<char>,
    /// For each face asked for, the characters it lacks and the face that set them.
    pub lacking: BTreeMap<FaceId, BTreeMap<char, FaceId>>,
}

/// Characters that take no glyph: joiners and the soft hyphen when not broken at.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn postscript_name(face: &Face<'_>, family: &str) -> String {
    let from_table = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string());
    let name = from_table.unwrap_or_else(|| family.to_string());
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

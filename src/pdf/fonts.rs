//! The faces the pages use, each subset to the glyphs it shows (`subset`), with the text
//! each glyph stands for. Text is black in DeviceGray (PDF's default), never RGB.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::subset::{subset, Subset};
use crate::diag::Result;
use crate::ir::Fonts;
use crate::typeset::fonts::FaceId;
use crate::typeset::page::Item;
use crate::typeset::Layout;

/// A face as written: its resource name and its glyphs renumbered by the subset.
pub struct FaceOut {
    /// The font's resource name (`F<n>`).
    pub name: String,
    /// Glyph id in the font file → glyph id in the subset.
    pub remap: FxHashMap<u16, u16>,
    /// `/W` width of each new glyph id, in 1/1000 em, as the font dictionary says it.
    pub widths: FxHashMap<u16, f32>,
    /// The new glyph id of the face's space, when the file's text needs one (see
    /// [`subsets`]).
    pub space: Option<u16>,
}

/// One face the pages use, subset.
pub struct FaceSubset {
    pub face: FaceId,
    /// The font file, for messages.
    pub file: String,
    pub subset: Subset,
    /// Each new glyph id and the text it shows (`None`: the writer's own fallback).
    pub shown: BTreeMap<u16, Option<String>>,
    /// The new glyph id of the face's space, if it was asked for.
    pub space: Option<u16>,
}

/// Every face the layout's pages use, subset to its glyphs, in face order; with
/// `spaces`, each with its space glyph too.
///
/// Word spaces are drawn as pen moves, not glyphs; a reader of the text (a screen
/// reader, a tagged PDF's structure) finds the words run together. A tagged file shows
/// an invisible space glyph where the text has a space.
pub fn subsets(layout: &Layout, fonts: &Fonts, spaces: bool) -> Result<Vec<FaceSubset>> {
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for page in &layout.pages {
        for p in &page.items {
            if let Item::Text(run) = &p.item {
                used.entry(run.face)
                    .or_default()
                    .extend(run.glyphs.iter().map(|g| g.gid));
            }
        }
    }
    used.into_iter()
        .map(|(face, glyphs)| {
            let font = fonts
                .file(face.index())
                .expect("the layout sets text only in the book's faces");
            let file = font.path.display().to_string();
            let space = spaces
                .then(|| space_glyph(&font.data, font.index))
                .flatten();
            let glyphs: BTreeSet<u16> = glyphs.into_iter().chain(space).collect();
            let sub = subset(&font.data, &glyphs, &layout.font_names[face.index()], font)?;
            let shown = glyphs
                .iter()
                .map(|gid| {
                    let code = sub.remap.get(gid).copied().unwrap_or(0);
                    let text = match layout.glyph_text.get(&(face, *gid)) {
                        None if Some(*gid) == space => Some(" ".to_string()),
                        other => other.cloned(),
                    };
                    (code, text)
                })
                .collect();
            Ok(FaceSubset {
                face,
                file,
                space: space.and_then(|gid| sub.remap.get(&gid).copied()),
                subset: sub,
                shown,
            })
        })
        .collect()
}

/// The glyph the font maps the space to, if it has one.
fn space_glyph(data: &[u8], index: u32) -> Option<u16> {
    let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
    face.glyph_index(' ').map(|g| g.0)
}

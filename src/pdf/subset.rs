//! Font subsetting with `subsetter` (printpdf without its `text_layout` feature embeds
//! whole fonts): only the glyphs the book uses, renumbered from 1, under a subset name
//! (`ABCDEF+CharisSIL`) so that readers and `pdffonts` know the font is a subset.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher;

use subsetter::GlyphRemapper;

use crate::diag::{Diagnostic, Result};

/// A subset font program and how the old glyph ids map to its new ones.
pub struct Subset {
    /// The subset's sfnt bytes.
    pub data: Vec<u8>,
    /// Old glyph id → new glyph id.
    pub remap: HashMap<u16, u16>,
    /// `TAG+PostScriptName`, the tag derived from the glyph set (reproducible).
    pub name: String,
}

/// Subsets `data` (one face, not a collection) to `glyphs`.
pub fn subset(
    data: &[u8],
    glyphs: &BTreeSet<u16>,
    postscript_name: &str,
    font: &crate::ir::FontFile,
) -> Result<Subset> {
    let list: Vec<u16> = glyphs.iter().copied().collect();
    let mapper = GlyphRemapper::new_from_glyphs_sorted(&list);
    let bytes = subsetter::subset(data, font.index, &mapper).map_err(|e| {
        let loc = font.loc();
        Diagnostic::at(
            loc,
            format!("cannot subset the font {}: {e:?}", font.path.display()),
        )
        .with_hint("re-export the font, or choose another in [fonts]")
    })?;
    let remap = list
        .iter()
        .chain(std::iter::once(&0))
        .filter_map(|&g| mapper.get(g).map(|n| (g, n)))
        .collect();
    Ok(Subset {
        data: bytes,
        remap,
        name: format!("{}+{postscript_name}", tag(postscript_name, &list)),
    })
}

/// Six capital letters from a hash of the name and the glyph set, as the PDF
/// specification asks, and the same for the same input on every platform (FNV-1a).
fn tag(name: &str, glyphs: &[u16]) -> String {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(name.as_bytes());
    for g in glyphs {
        hasher.write(&g.to_be_bytes());
    }
    let hash = hasher.finish();
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_is_six_capitals_and_stable() {
        let t = tag("CharisSIL", &[1, 2, 3]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, tag("CharisSIL", &[1, 2, 3]));
        assert_ne!(t, tag("CharisSIL", &[1, 2, 4]));
    }
}

//! The extra faces (other scripts: Greek, Hebrew, Devanagari …) in the EPUB: each subset
//! to the book's characters it sets, declared with a `unicode-range` so a reader takes
//! only those from it; none with `[fonts] epub_fallback = false`, which leaves those
//! scripts to the reader's own fonts.

use epub_builder::{EpubBuilder, ZipLibrary};

use super::{archive, css, fonts, packaging};
use crate::diag::{Diagnostic, Kind, Result, Warnings};
use crate::ir::Book;

/// Warning for an extra face the EPUB leaves to the reader's fonts.
pub const EXTRA_NOT_EMBEDDED: Kind = Kind::new(
    "fallback font could not be subset for the EPUB (left to the reader's fonts)",
    "fallback fonts could not be subset for the EPUB (left to the reader's fonts)",
);

/// Embeds the extra faces and adds their `@font-face` to `faces`; returns the families
/// the stylesheet lists after the book's own, in the order the faces were chosen.
pub(super) fn extra_faces(
    book: &Book,
    builder: &mut EpubBuilder<ZipLibrary>,
    resources: &mut archive::Resources,
    faces: &mut Vec<css::FontFace>,
    warnings: &Warnings,
) -> Result<Vec<String>> {
    let mut families: Vec<String> = Vec::new();
    if !book.fonts.extra_in_epub {
        return Ok(families);
    }
    for (n, extra) in book.fonts.extra.iter().enumerate() {
        let file = &extra.file;
        // An extra face may be a whole system font (a CJK collection of 20 MB): the
        // subset is the only copy worth carrying, even with subsetting turned off.
        let data = match fonts::subset_face(&file.data, file.index, &extra.chars) {
            Ok(data) => data,
            Err(e) => {
                warnings.push(
                    EXTRA_NOT_EMBEDDED,
                    Diagnostic::at(file.loc(), format!("{} ({e})", file.path.display())),
                );
                continue;
            }
        };
        let href = format!("fuentes/extra-{}.ttf", n + 1);
        builder
            .add_resource(&href, resources.hold(&href, data), "font/ttf")
            .map_err(packaging)?;
        let family = css::family_name(&file.family);
        faces.push(css::FontFace {
            family: family.clone(),
            style: if extra.italic { "italic" } else { "normal" },
            weight: if extra.bold { "bold" } else { "normal" },
            href,
            unicode_range: Some(fonts::unicode_range(&extra.chars)),
        });
        if !families.contains(&family) {
            families.push(family);
        }
    }
    Ok(families)
}

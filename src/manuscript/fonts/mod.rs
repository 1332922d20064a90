//! The book's five faces: the files `[fonts]` names, else the bundled ones, each checked
//! to be a font, with the bundled face of the same style kept as its fallback; and the
//! faces for the characters they lack (`choose`), from `[fonts] fallback`, the bundled
//! Gentium Plus and Noto Serif Hebrew, then the system's fonts.

mod choose;
mod needs;
mod system;

pub use choose::{choose_extra, settle_ornament};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::FontsConfig;
use super::files::{self, MAX_FONT_BYTES};
use crate::diag::{Diagnostic, Loc, Result};
use crate::ir::{FontFile, Fonts};

/// Bundled faces, used where `[fonts]` names none.
const BUNDLED: [(&str, &[u8]); 5] = [
    (
        "fonts/CharisSIL-Regular.ttf",
        include_bytes!("../../../fonts/CharisSIL-Regular.ttf"),
    ),
    (
        "fonts/CharisSIL-Italic.ttf",
        include_bytes!("../../../fonts/CharisSIL-Italic.ttf"),
    ),
    (
        "fonts/CharisSIL-Bold.ttf",
        include_bytes!("../../../fonts/CharisSIL-Bold.ttf"),
    ),
    (
        "fonts/CharisSIL-BoldItalic.ttf",
        include_bytes!("../../../fonts/CharisSIL-BoldItalic.ttf"),
    ),
    (
        "fonts/NotoSansMono-Regular.ttf",
        include_bytes!("../../../fonts/NotoSansMono-Regular.ttf"),
    ),
];

/// Bundled faces for the scripts the five lack: tried after `[fonts] fallback`, before
/// the system's fonts, so that Greek, Hebrew and Cyrillic print on any machine.
const BUNDLED_EXTRA: [(&str, &[u8]); 3] = [
    (
        "fonts/GentiumPlus-Regular.ttf",
        include_bytes!("../../../fonts/GentiumPlus-Regular.ttf"),
    ),
    // Greek in italic text is italic too: the choice prefers the face of the text's style.
    (
        "fonts/GentiumPlus-Italic.ttf",
        include_bytes!("../../../fonts/GentiumPlus-Italic.ttf"),
    ),
    (
        "fonts/NotoSerifHebrew-Regular.ttf",
        include_bytes!("../../../fonts/NotoSerifHebrew-Regular.ttf"),
    ),
];

/// The bundled extra faces, as files.
fn bundled_extra() -> Vec<FontFile> {
    BUNDLED_EXTRA
        .iter()
        .map(|(path, data)| FontFile {
            path: PathBuf::from(path),
            family: font_family(data, 0).expect("the bundled faces are fonts"),
            data: Arc::from(*data),
            named_at: None,
            index: 0,
        })
        .collect()
}

/// The fonts `[fonts] fallback` lists, in its order, each checked to be a font.
pub fn load_listed(root: &Path, toml: &Path, config: &FontsConfig) -> Result<Vec<FontFile>> {
    config
        .fallback
        .iter()
        .map(|(relative, line)| {
            let path = root.join(relative);
            let loc = Loc::at(&toml.into(), *line);
            let data = files::read_regular(&path, MAX_FONT_BYTES).map_err(|e| {
                Diagnostic::at(
                    loc.clone(),
                    format!("fallback font file {} {}", path.display(), e.reason()),
                )
                .with_hint("fix the path in [fonts] fallback, or remove it from the list")
            })?;
            let family = font_family(&data, 0).ok_or_else(|| {
                Diagnostic::at(
                    loc.clone(),
                    format!("{} is not a font imprenta can read", path.display()),
                )
                .with_hint("use a TrueType (.ttf) or OpenType (.otf) font")
            })?;
            Ok(FontFile {
                path,
                family,
                data: Arc::from(data),
                named_at: Some(loc),
                index: 0,
            })
        })
        .collect()
}

/// Loads the five faces: the files `[fonts]` names (relative to the manuscript), else the
/// bundled ones. `toml` is `book.toml`'s path, for messages.
pub fn load_fonts(root: &Path, toml: &Path, config: &FontsConfig) -> Result<Fonts> {
    let chosen = [
        &config.regular,
        &config.italic,
        &config.bold,
        &config.bold_italic,
        &config.mono,
    ];
    let mut faces = Vec::with_capacity(5);
    let mut fallback: [Option<FontFile>; 5] = Default::default();
    for (i, (setting, (bundled_path, bundled_data))) in chosen.into_iter().zip(BUNDLED).enumerate()
    {
        let bundled = || FontFile {
            path: PathBuf::from(bundled_path),
            family: font_family(bundled_data, 0).expect("the bundled faces are fonts"),
            data: Arc::from(bundled_data),
            named_at: None,
            index: 0,
        };
        let (path, data, named_at): (PathBuf, Arc<[u8]>, Option<Loc>) = match setting {
            None => (PathBuf::from(bundled_path), Arc::from(bundled_data), None),
            Some((relative, line)) => {
                let path = root.join(relative);
                let loc = Loc::at(&toml.into(), *line);
                // Fonts, unlike chapters and images, may live outside the manuscript (a
                // press keeps one folder of them for all its books); still only regular
                // files, read within their limit.
                let data = files::read_regular(&path, MAX_FONT_BYTES).map_err(|e| {
                    Diagnostic::at(
                        loc.clone(),
                        format!("font file {} {}", path.display(), e.reason()),
                    )
                    .with_hint(
                        "fix the path in [fonts], or remove the line to use the bundled font",
                    )
                })?;
                // A character the author's face lacks (ñ, ¿, even the space) is taken
                // from the bundled face of the same style before any other face.
                fallback[i] = Some(bundled());
                (path, Arc::from(data), Some(loc))
            }
        };
        let family = font_family(&data, 0).ok_or_else(|| {
            Diagnostic::at(
                Loc::file(&path),
                "this file is not a font imprenta can read",
            )
            .with_hint("use a TrueType (.ttf) or OpenType (.otf) font")
        })?;
        faces.push(FontFile {
            path,
            family,
            data,
            named_at,
            index: 0,
        });
    }
    let mut faces = faces.into_iter();
    let mut next = || faces.next().expect("five faces were loaded");
    Ok(Fonts {
        regular: next(),
        italic: next(),
        bold: next(),
        bold_italic: next(),
        mono: next(),
        fallback,
        extra: Vec::new(),
        assigned: Default::default(),
        extra_in_epub: config.epub_fallback,
    })
}

/// The font's family name, or `None` when the bytes are not a usable font.
fn font_family(data: &[u8], index: u32) -> Option<String> {
    let face = rustybuzz::ttf_parser::Face::parse(data, index).ok()?;
    if face.number_of_glyphs() < 2 || face.units_per_em() == 0 {
        return None;
    }
    let names = face.names();
    let find = |id: u16| {
        names
            .into_iter()
            .filter(|n| n.name_id == id && n.is_unicode())
            .find_map(|n| n.to_string())
    };
    find(16)
        .or_else(|| find(1))
        .or_else(|| Some("Unknown".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_fonts_load() {
        let fonts = load_fonts(
            Path::new("."),
            Path::new("book.toml"),
            &FontsConfig::default(),
        )
        .unwrap();
        assert_eq!(fonts.regular.family, "Charis SIL");
        assert_eq!(fonts.mono.family, "Noto Sans Mono");
    }
}

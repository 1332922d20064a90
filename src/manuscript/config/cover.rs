//! `[cover]`: the printed cover's own text (the back cover's file) and the way its spine
//! reads.

use serde::Deserialize;

use super::raw::Field;
use super::read::Reader;
use crate::diag::{Pos, Result};

/// `[cover]`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawCover {
    pub(super) back: Field<String>,
    pub(super) spine: Field<String>,
}

/// Which way the spine's text runs when the book stands upright on a shelf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpineDirection {
    /// Read with the head tilted right: the British and American convention.
    #[default]
    TopToBottom,
    /// Read with the head tilted left: the continental European one (Spain, France,
    /// Italy, Germany).
    BottomToTop,
}

/// The cover's settings, from `[cover]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CoverSettings {
    /// The back cover's text, a Markdown file relative to the manuscript folder, with the
    /// line naming it; without it the back carries `[book] description`.
    pub back: Option<(String, Pos)>,
    /// The spine's direction, the language's custom unless written.
    pub spine: SpineDirection,
    /// The line of `[book] cover`, for messages about how the image prints.
    pub image_line: Option<Pos>,
}

impl SpineDirection {
    /// The custom of the book's language. Spanish, Catalan, Galician, Basque,
    /// Portuguese, French, Italian and German spines read from the foot up (the
    /// ISO 6357 «descending» title, top-to-bottom, is the English-speaking one).
    pub fn of_language(language: &str) -> SpineDirection {
        let primary = language
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "es" | "ca" | "gl" | "eu" | "pt" | "fr" | "it" | "de" | "oc" | "ast" => {
                SpineDirection::BottomToTop
            }
            _ => SpineDirection::TopToBottom,
        }
    }
}

/// `[cover]`, the spine's direction defaulting to the custom of `language`.
pub(super) fn read(
    reader: &Reader,
    raw: Option<RawCover>,
    book: &super::BookConfig,
) -> Result<CoverSettings> {
    let raw = raw.unwrap_or_default();
    let mut settings = CoverSettings {
        back: None,
        spine: SpineDirection::of_language(&book.language),
        image_line: book.cover.as_ref().map(|(_, line)| *line),
    };
    if let Some((path, line)) = reader.string(raw.back, "cover", "back")? {
        if path.trim().is_empty() {
            return Err(reader.at(line, "`back` in [cover] is empty").with_hint(
                "name the back cover's Markdown file, as back = \"contracubierta.md\"",
            ));
        }
        settings.back = Some((path, line));
    }
    if let Some((text, line)) = reader.string(raw.spine, "cover", "spine")? {
        settings.spine = match text.trim().to_ascii_lowercase().as_str() {
            "top-to-bottom" => SpineDirection::TopToBottom,
            "bottom-to-top" => SpineDirection::BottomToTop,
            _ => {
                return Err(reader
                    .at(
                        line,
                        format!("`spine` in [cover] is `{text}`, which is not one imprenta knows"),
                    )
                    .with_hint("write \"bottom-to-top\" or \"top-to-bottom\""))
            }
        };
    }
    Ok(settings)
}

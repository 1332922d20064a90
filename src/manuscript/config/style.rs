//! `[style]`: the book's design by name, and the choices written beside it that change it.

use serde::Deserialize;

use super::raw::Field;
use super::Reader;
use crate::diag::{Pos, Result};
use crate::ir::{DropCap, FolioPlace, HeadFace, HeadPlace, LabelForm, Style};

/// `[style]` as written.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawStyle {
    pub(super) name: Field<String>,
    pub(super) label: Field<String>,
    pub(super) ornament: Field<String>,
    pub(super) running_head: Field<String>,
    pub(super) head_position: Field<String>,
    pub(super) folio: Field<String>,
    pub(super) drop_cap: Field<String>,
    pub(super) drop_cap_face: Field<String>,
    pub(super) first_line: Field<String>,
    pub(super) ornament_image: Field<String>,
}

/// `[style] ornament_image`, as written (the image is read with the book's others).
pub(super) fn scene_image(reader: &Reader, field: Field<String>) -> Result<Option<(String, Pos)>> {
    reader.string(field, "style", "ornament_image")
}

/// The design `[style]` chooses (the house design without one).
pub(super) fn read(reader: &Reader, raw: RawStyle) -> Result<Style> {
    let mut style = match reader.string(raw.name, "style", "name")? {
        None => Style::default(),
        Some((name, line)) => Style::named(&name).ok_or_else(|| {
            reader
                .at(line, format!("`{name}` is not a style imprenta has"))
                .with_hint(format!("use one of {}", quoted(&Style::NAMES)))
        })?,
    };
    let choose = |field, key: &str, choices: &[&str]| -> Result<Option<(usize, Pos)>> {
        let Some((value, line)) = reader.string(field, "style", key)? else {
            return Ok(None);
        };
        match choices.iter().position(|c| *c == value) {
            Some(at) => Ok(Some((at, line))),
            None => Err(reader
                .at(line, format!("`{key}` is `{value}`, which it cannot be"))
                .with_hint(format!("use one of {}", quoted(choices)))),
        }
    };
    if let Some((at, _)) = choose(raw.label, "label", &["words", "figures", "roman", "none"])? {
        style.label = [
            LabelForm::Words,
            LabelForm::Figures,
            LabelForm::Roman,
            LabelForm::None,
        ][at];
    }
    if let Some((at, _)) = choose(raw.running_head, "running_head", &["small-caps", "italic"])? {
        style.head_face = [HeadFace::SmallCaps, HeadFace::Italic][at];
    }
    if let Some((at, _)) = choose(raw.head_position, "head_position", &["centre", "outer"])? {
        style.head_place = [HeadPlace::Centre, HeadPlace::Outer][at];
    }
    if let Some((at, _)) = choose(raw.folio, "folio", &["foot", "foot-centre", "head"])? {
        style.folio = [
            FolioPlace::FootOuter,
            FolioPlace::FootCentre,
            FolioPlace::Head,
        ][at];
    }
    let lines = ["none", "two-lines", "three-lines"];
    if let Some((at, _)) = choose(raw.drop_cap, "drop_cap", &lines)? {
        let bold = style.opening.drop_cap.is_some_and(|d| d.bold);
        style.opening.drop_cap = (at > 0).then_some(DropCap {
            lines: u8::try_from(at + 1).unwrap_or(3),
            bold,
        });
    }
    if let Some((at, line)) = choose(raw.drop_cap_face, "drop_cap_face", &["regular", "bold"])? {
        let Some(drop) = &mut style.opening.drop_cap else {
            return Err(reader
                .at(line, "`drop_cap_face` is set but the style has no drop cap")
                .with_hint(
                    "set drop_cap to \"three-lines\" or \"two-lines\", or remove drop_cap_face",
                ));
        };
        drop.bold = at == 1;
    }
    if let Some((at, _)) = choose(raw.first_line, "first_line", &["plain", "small-caps"])? {
        style.opening.small_caps = at == 1;
    }
    if let Some((ornament, line)) = reader.string(raw.ornament, "style", "ornament")? {
        let ornament = ornament.trim().to_string();
        if ornament.is_empty()
            || ornament.chars().count() > 12
            || ornament.contains(char::is_control)
        {
            return Err(reader
                .at(line, "`ornament` must be a short mark between scenes")
                .with_hint("write one such as \"⁂\", \"❧\" or \"* * *\""));
        }
        style.ornaments = vec![ornament];
    }
    Ok(style)
}

fn quoted(choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    quoted.join(", ")
}

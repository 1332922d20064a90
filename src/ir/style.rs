//! The book's design (`[style]`): a named set of choices for chapter openings, scene
//! breaks and page furniture, which both books follow.

use super::{DropCap, Opening};

/// How a chapter's label gives its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelForm {
    /// «Capítulo primero», «Chapter One» (figures past what the language has words for).
    Words,
    /// «Capítulo 3».
    Figures,
    /// «Capítulo III».
    Roman,
    /// No label.
    None,
}

/// Where a chapter's label and title stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleAlign {
    Centre,
    Left,
}

/// How the running heads are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadFace {
    SmallCaps,
    Italic,
}

/// Where the running head stands on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadPlace {
    Centre,
    /// At the outer edge (the folio, when it is beside the head, at the other side).
    Outer,
}

/// Where the folio stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolioPlace {
    /// At the foot, on the outer side.
    FootOuter,
    /// At the foot, centred.
    FootCentre,
    /// On the running head's line, at the outer edge.
    Head,
}

/// A design: what `[style] name` chooses, with the keys written beside it changing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    /// The design's name, as `[style] name` writes it.
    pub name: &'static str,
    pub label: LabelForm,
    pub title_align: TitleAlign,
    /// How far down the text block a chapter's opening starts, as a fraction of it.
    pub sink: f32,
    /// The ornament between scenes: the first of `ornaments` the text face has, chosen
    /// once the faces are read (so the e-book shows the printed one).
    pub ornament: String,
    /// The ornaments the design prefers, best first.
    pub ornaments: Vec<String>,
    pub head_face: HeadFace,
    pub head_place: HeadPlace,
    pub folio: FolioPlace,
    /// How a chapter's first paragraph opens: a drop cap, its first line in small caps.
    pub opening: super::Opening,
    /// An image from the manuscript drawn between scenes instead of the ornament.
    pub scene_image: Option<super::ImageId>,
}

impl Default for Style {
    /// The house design: «Capítulo 3» in small caps over a centred title a third down,
    /// ⁂ (or * * *) between scenes, running heads in small caps centred, folios at the
    /// outer foot.
    fn default() -> Self {
        Style {
            name: "imprenta",
            label: LabelForm::Figures,
            title_align: TitleAlign::Centre,
            sink: 1.0 / 3.0,
            ornament: "* * *".into(),
            ornaments: vec!["⁂".into(), "* * *".into()],
            head_face: HeadFace::SmallCaps,
            head_place: HeadPlace::Centre,
            folio: FolioPlace::FootOuter,
            opening: super::Opening::default(),
            scene_image: None,
        }
    }
}

impl Style {
    /// The designs `[style] name` may choose.
    pub const NAMES: [&'static str; 4] = ["imprenta", "clásico", "moderno", "sobrio"];

    /// The design called `name` (accents optional).
    pub fn named(name: &str) -> Option<Style> {
        let base = Style::default();
        Some(match super::slugify(name).as_str() {
            "imprenta" => base,
            // A novel of the old school: the number in words, a fleuron (or dots)
            // between scenes.
            // The first paragraph opens with a three-line initial and its first line in
            // small caps, as the old presses opened a chapter.
            "clasico" => Style {
                name: "clásico",
                label: LabelForm::Words,
                opening: Opening {
                    drop_cap: Some(DropCap {
                        lines: 3,
                        bold: false,
                    }),
                    small_caps: true,
                },
                ornaments: vec!["❧".into(), "⁂".into(), "· · ·".into()],
                ..base
            },
            // Flush left, higher on the page, a bold two-line initial, the head in italic
            // at the outer edge with the folio beside it.
            "moderno" => Style {
                name: "moderno",
                opening: Opening {
                    drop_cap: Some(DropCap {
                        lines: 2,
                        bold: true,
                    }),
                    small_caps: false,
                },
                label: LabelForm::Figures,
                title_align: TitleAlign::Left,
                sink: 1.0 / 5.0,
                ornaments: vec!["* * *".into()],
                head_face: HeadFace::Italic,
                head_place: HeadPlace::Outer,
                folio: FolioPlace::Head,
                ..base
            },
            // Quiet: a roman numeral, the first line in small caps, a bullet between
            // scenes, the folio centred at the foot.
            "sobrio" => Style {
                name: "sobrio",
                opening: Opening {
                    drop_cap: None,
                    small_caps: true,
                },
                label: LabelForm::Roman,
                ornaments: vec!["•".into()],
                folio: FolioPlace::FootCentre,
                ..base
            },
            _ => return None,
        })
    }
}

impl Style {
    /// Settles the ornament: the first the design prefers that `has` says the text face
    /// sets whole (spaces aside), else asterisks.
    pub fn settle_ornament(&mut self, has: impl Fn(char) -> bool) {
        self.ornament = self
            .ornaments
            .iter()
            .find(|o| o.chars().all(|c| c == ' ' || has(c)))
            .cloned()
            .unwrap_or_else(|| "* * *".into());
    }
}

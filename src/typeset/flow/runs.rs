//! Text → shaped runs in the book's faces: each character in the face its style asks
//! for, or in a fallback face that has it (recorded, and given to the book's coverage
//! report when the flow is done).

use std::sync::Arc;

use super::{Flow, Style};
use crate::diag::{char_name, Diagnostic, Kind, Loc};
use crate::typeset::fonts::{is_invisible, FaceId};
use crate::typeset::page::{Direction, TextRun};

pub(in crate::typeset) const MISSING_GLYPH: Kind = Kind::new(
    "character has no glyph in any font",
    "characters have no glyph in any font",
);

impl Flow<'_, '_, '_> {
    /// The width of text set on one line in one style.
    pub(super) fn text_width(&mut self, text: &str, style: Style, loc: &Loc) -> f32 {
        self.runs(text, style, loc).iter().map(|r| r.width).sum()
    }

    /// Shapes text in one style into one run per face (falling back per character).
    pub(super) fn runs(&mut self, text: &str, style: Style, loc: &Loc) -> Vec<TextRun> {
        let fonts = self.shaper.fonts();
        let preferred = style.face();
        let mut groups: Vec<(FaceId, String)> = Vec::new();
        for c in text.chars() {
            if c == '\u{2028}' {
                continue;
            }
            // A mark, or a joiner inside a word of another script (Devanagari's
            // half-forms), is shaped with the letter before it when that face has it:
            // set apart, it would not sit on its letter.
            if let Some((face, run)) = groups.last_mut() {
                if keeps_with_letter(c) && (fonts.has(*face, c) || is_invisible(c)) {
                    if !is_invisible(c) || matches!(face, FaceId::Extra(_)) {
                        run.push(c);
                    }
                    continue;
                }
            }
            if is_invisible(c) {
                continue;
            }
            let Some(face) = fonts.resolve(preferred, c) else {
                let first = self
                    .coverage
                    .lock()
                    .expect("a thread panicked while holding the coverage")
                    .no_glyph
                    .insert(c);
                if first {
                    self.warnings.push(
                        MISSING_GLYPH,
                        Diagnostic::at(
                            loc.clone(),
                            format!("{} has no glyph in any font", char_name(c)),
                        ),
                    );
                }
                continue;
            };
            if face != preferred {
                self.lacking
                    .entry(preferred)
                    .or_default()
                    .entry(c)
                    .or_insert(face);
            }
            match groups.last_mut() {
                Some((f, s)) if *f == face => s.push(c),
                _ => groups.push((face, c.to_string())),
            }
        }
        let count = groups.len();
        groups
            .into_iter()
            .enumerate()
            .map(|(i, (face, text))| {
                let small_caps = style.small_caps && face != FaceId::Mono;
                let shaped = self.shaper.shape(face, small_caps, &text);
                let scale = style.size / fonts.units_per_em(face);
                let tracking = if small_caps { style.tracking() } else { 0.0 };
                let (glyphs, mut width) = shaped.place(scale, style.rise, tracking);
                // The next run goes on with the same letters: the space between them is
                // the last letter's.
                if i + 1 < count {
                    width += style.tracking();
                }
                TextRun {
                    face,
                    size: style.size,
                    glyphs,
                    width,
                    text: text.into(),
                    strike: style.strike,
                    direction: Direction::Across,
                    spaced: false,
                    letterspacing: 0.0,
                }
            })
            .collect()
    }

    /// One run for a short text (markers, hyphens); several faces are merged by offset.
    pub(super) fn plain_run(&mut self, text: &str, style: Style, loc: &Loc) -> TextRun {
        let mut runs = self.runs(text, style, loc);
        if runs.len() == 1 {
            return runs.pop().expect("one run");
        }
        // Rare (a marker needing two faces): keep the first face's run only.
        runs.into_iter().next().unwrap_or(TextRun {
            face: style.face(),
            size: style.size,
            glyphs: Arc::from([]),
            width: 0.0,
            text: Arc::from(""),
            strike: false,
            direction: Direction::Across,
            spaced: false,
            letterspacing: 0.0,
        })
    }
}

/// Whether `c` belongs to the letter before it: a combining mark, or a zero-width
/// joiner or non-joiner.
fn keeps_with_letter(c: char) -> bool {
    use unicode_script::UnicodeScript;
    !c.is_ascii()
        && (matches!(c, '\u{200C}' | '\u{200D}') || c.script() == unicode_script::Script::Inherited)
}

/// The characters a flow set in another face than the one asked for ([`Flow::runs`]) are
/// given to the book's coverage once, when the flow is done.
impl Drop for Flow<'_, '_, '_> {
    fn drop(&mut self) {
        let mut coverage = self
            .coverage
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (face, chars) in std::mem::take(&mut self.lacking) {
            let known = coverage.lacking.entry(face).or_default();
            for (c, set_in) in chars {
                known.entry(c).or_insert(set_in);
            }
        }
    }
}

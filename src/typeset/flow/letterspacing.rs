//! Letterspacing as part of justification: which boxes of a paragraph may take it, and
//! how a justified line's slack is shared between its word spaces and its letters.

use super::PItem;
use crate::typeset::fonts::FaceId;
use crate::typeset::linebreak::{self, Item as K, INFINITE};

/// Letterspacing a justified line takes between its words' letters at an adjustment
/// ratio of 1, in ems (twice that at the looser pass's 2; see `linebreak::TRACK_SHRINK`
/// for the tightest). A touch spread over every letter takes part of the slack where
/// the eye cannot see it, so the spaces vary less and fewer words are broken: what
/// InDesign's letter-spacing justification and pdfTeX's font expansion do.
pub const LETTERSPACING: f32 = 0.015;

/// Gives each box of a justified paragraph its letterspacing (`track`): not the
/// small-caps first line (`first_line_by_hand`), letterspaced by hand already; not code,
/// whose letters keep their pitch; not a right-to-left run, whose marks come before their
/// letters and whose letters may join. Letters either side of a break point inside a word
/// (its pieces) stay as shaped.
pub(super) fn give(items: &mut [PItem], first_line_by_hand: bool) {
    let first_line = match first_line_by_hand {
        true => items
            .iter()
            .position(|p| matches!(p.k, K::Penalty { penalty, .. } if penalty <= -INFINITE))
            .unwrap_or(items.len()),
        false => 0,
    };
    for item in &mut items[first_line..] {
        if let (K::Box { track, .. }, Some(run)) = (&mut item.k, &item.run) {
            if run.face != FaceId::Mono && !super::place::reads_right_to_left(&run.text) {
                *track = run.letter_gaps() as f32 * LETTERSPACING * run.size;
            }
        }
    }
}

/// How a justified line's slack is shared out: the ratio its word spaces are set at and
/// the one its letterspacing is. Past the looser pass's ratio (a loose line, from the
/// emergency pass) the letters keep the most that pass gives them and the spaces take
/// the rest.
pub(super) fn shares(items: &[PItem], ratio: f32) -> (f32, f32) {
    let most = linebreak::TOLERANCES[1];
    if ratio < 0.0 {
        return (ratio, ratio * linebreak::TRACK_SHRINK);
    }
    if ratio <= most {
        return (ratio, ratio);
    }
    let (glue, track) = items.iter().fold((0.0, 0.0), |(g, t), p| match p.k {
        K::Glue { stretch, .. } => (g + stretch, t),
        K::Box { track, .. } => (g, t + track),
        K::Penalty { .. } => (g, t),
    });
    // Nothing else to stretch (a lone word, a URL's pieces): the line stays short rather
    // than spread its letters.
    if glue <= 0.0 {
        return (ratio, ratio.min(most));
    }
    (ratio + (ratio - most) * track / glue, most)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> Vec<PItem> {
        let word = |track| PItem::bare(K::Box { width: 20.0, track });
        let space = PItem::bare(K::Glue {
            width: 3.0,
            stretch: 1.5,
            shrink: 1.0,
        });
        vec![word(0.5), space, word(1.5)]
    }

    #[test]
    fn a_lines_slack_is_shared_by_its_spaces_and_its_letters() {
        let items = line();
        // Within the looser pass's ratio, one ratio for both; shrunk, the letters give
        // half as much.
        assert_eq!(shares(&items, 1.5), (1.5, 1.5));
        assert_eq!(shares(&items, -0.8), (-0.8, -0.8 * linebreak::TRACK_SHRINK));
        // A loose line (ratio 4, from the emergency pass): the letters stop at 2 and the
        // space takes the rest, the line as wide as the ratio makes it.
        let (space, letters) = shares(&items, 4.0);
        assert_eq!(letters, linebreak::TOLERANCES[1]);
        let stretch = 1.5 + 0.5 + 1.5;
        let set = space * 1.5 + letters * (0.5 + 1.5);
        assert!((set - 4.0 * stretch).abs() < 1e-4, "{space} {letters}");
    }
}

//! A chapter's opening paragraph as the design sets it: a drop cap cut into its first
//! lines, its first line in small caps.

use super::breaks::Ties;
use super::paragraph::Setting;
use super::{Env, Flow, Span, Style};
use crate::diag::Loc;
use crate::ir::Inline;
use crate::typeset::fonts::FaceId;
use crate::typeset::linebreak::{Hang, Item as K, FIL, INFINITE, TOLERANCES};
use crate::typeset::page::{Item, Placed, Point};
use crate::typeset::structure::Kind;

/// Between a drop cap and the text beside it, in ems of the text.
const INITIAL_GAP: f32 = 0.25;
/// The size of the marks that open a dropped paragraph («, —, ¿), to the letter's.
const MARK_SCALE: f32 = 0.6;

impl Flow<'_, '_, '_> {
    /// Sets the chapter's first paragraph as the design opens it.
    pub(super) fn opening_paragraph(&mut self, content: &[Inline], env: Env, loc: &Loc) {
        self.opening_next = false;
        let opening = self.book.style.opening;
        let parent = self.open(Kind::Paragraph);
        let mut spans = Vec::new();
        self.spans(content, self.base(env.size), &mut spans);
        let mut how = Setting::justified(env, 0.0);
        if let Some(drop) = opening.drop_cap {
            self.drop_cap(drop, content, &mut spans, &mut how, loc);
        }
        if opening.small_caps {
            small_caps_line(self, &mut spans, &mut how, loc);
        }
        self.lines(&spans, how, loc, env.role, false);
        self.initial.clear();
        self.close(parent);
        self.no_indent = false;
    }

    /// Cuts the paragraph's initial out of its first span and sets it as a drop cap of
    /// `drop.lines` lines: its capital as tall as from the first line's cap height to the
    /// last line's baseline, standing on that baseline, its ink at the margin. A paragraph
    /// too short to reach past the letter keeps it.
    fn drop_cap(
        &mut self,
        drop: crate::ir::DropCap,
        content: &[Inline],
        spans: &mut [Span],
        how: &mut Setting,
        loc: &Loc,
    ) {
        let (Some(cut), Some(first)) = (crate::ir::initial(content), spans.first()) else {
            return;
        };
        if first.object.is_some() || first.text.len() < cut {
            return;
        }
        let env = how.env;
        let lines = u32::from(drop.lines.max(2));
        let face = FaceId::serif(drop.bold, false);
        let fonts = self.shaper.fonts();
        let reach = (lines - 1) as f32 * env.leading + fonts.cap_height(FaceId::Regular) * env.size;
        let size = reach / fonts.cap_height(face);
        let text = first.text[..cut].to_string();
        let letter_at = text.find(char::is_alphanumeric).unwrap_or(0);
        let (marks, letter) = text.split_at(letter_at);
        let first_char = |s: &str| s.chars().next();
        let bearing = |s: &str, size: f32| {
            first_char(s)
                .and_then(|c| fonts.ink(face, c))
                .map_or(0.0, |ink| ink[0] * size)
        };
        // A letter with a tail below its baseline (Q, J in many faces) narrows one line
        // more, as lettrine's `depth` does, so the tail does not run into the text.
        let tail = first_char(letter)
            .and_then(|c| fonts.ink(face, c))
            .is_some_and(|ink| ink[1] * size < -0.2 * env.size);
        // The opening marks drop with the letter, smaller: at its full size a raya or a
        // guillemet outweighs it. They stand with their middle at the capital's middle.
        let mark_size = MARK_SCALE * size;
        let mark_rise = (fonts.cap_height(face) * size - fonts.x_height(face) * mark_size) / 2.0;
        let mark_bearing = bearing(marks, mark_size);
        let letter_bearing = if marks.is_empty() {
            bearing(letter, size)
        } else {
            0.0
        };
        let style = Style {
            bold: drop.bold,
            size,
            ..first.style
        };
        let baseline = (lines - 1) as f32 * env.leading;
        let mut initial = Vec::new();
        let mut x = -mark_bearing;
        if !marks.is_empty() {
            let run = self.plain_run(
                marks,
                Style {
                    size: mark_size,
                    ..style
                },
                loc,
            );
            initial.push((x, baseline - mark_rise, run.clone()));
            x += run.width;
        }
        let run = self.plain_run(letter, style, loc);
        initial.push((x - letter_bearing, baseline, run.clone()));
        x += run.width - letter_bearing;
        let hang = Hang {
            lines: lines + u32::from(tail),
            indent: x + INITIAL_GAP * env.size,
        };
        let rest = Span {
            text: first.text[cut..].to_string(),
            from: first
                .from
                .map(|f| f.saturating_add(crate::ir::text_len(&text))),
            ..first.clone()
        };
        let trial = Setting { hang, ..*how };
        let mut cut_spans = spans.to_vec();
        cut_spans[0] = rest.clone();
        let quiet = std::mem::replace(&mut self.quiet, true);
        let count = self.set(&cut_spans, trial, loc).len();
        self.quiet = quiet;
        if count < lines as usize {
            return;
        }
        spans[0] = rest;
        how.hang = hang;
        let tag = self.here();
        self.initial = initial
            .into_iter()
            .map(|(x, y, run)| Placed {
                at: Point { x, y },
                role: env.role,
                item: Item::Text(run),
                tag,
            })
            .collect();
    }
}

/// Sets the paragraph's first line in small caps: the words that fill it so set (the
/// best spaced of the ways to end it, as a compositor sets such a line by hand, spacing
/// its letters a little as well as its words), the line then ending there, justified.
fn small_caps_line(flow: &mut Flow, spans: &mut Vec<Span>, how: &mut Setting, loc: &Loc) {
    let caps = in_small_caps(spans);
    let items = flow.paragraph_items(&caps, *how, loc, Ties::Kept);
    let measure = how.env.measure
        - if how.hang.lines > 0 {
            how.hang.indent
        } else {
            0.0
        };
    let full: String = spans.iter().map(|s| s.text.as_str()).collect();
    let letters = |space: Option<usize>| {
        let to = space
            .and_then(|n| word_space(&full, n))
            .unwrap_or(full.len());
        full[..to].chars().filter(|c| !c.is_whitespace()).count()
    };
    let most = MAX_EXTRA_TRACKING * how.env.size;
    let Some(end) = first_line_end(items.iter().map(|p| p.k), measure, letters, most) else {
        return;
    };
    let split = match end.space {
        Some(space) => match word_space(&full, space) {
            Some(at) => at,
            None => return,
        },
        None => usize::MAX,
    };
    let caps: Vec<Span> = caps
        .into_iter()
        .map(|s| Span {
            style: Style {
                extra_tracking: end.tracking,
                ..s.style
            },
            ..s
        })
        .collect();
    *spans = split_caps(&caps, spans, split);
    how.first_line_ends = end.space;
}

/// At most this much letterspacing is added to a line of small caps, in ems: past it the
/// letters fall apart into a row of separate signs.
const MAX_EXTRA_TRACKING: f32 = 0.04;

/// How a line of small caps set by hand ends.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineEnd {
    /// At which word space (counted from 1); none when the paragraph's text ends on the
    /// line or an author's line break ends it first.
    space: Option<usize>,
    /// Letterspacing added to each letter, in points.
    tracking: f32,
}

/// Where a line of these items on `measure` ends best: the way that leaves its word
/// spaces nearest their natural width once up to `most` points of letterspacing per letter
/// (of `letters(space)`) have taken up what they can. None when no way of ending it sets
/// the line within the looser pass's tolerance.
fn first_line_end(
    items: impl Iterator<Item = K>,
    measure: f32,
    letters: impl Fn(Option<usize>) -> usize,
    most: f32,
) -> Option<LineEnd> {
    let (mut width, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32);
    let mut spaces = 0;
    let mut best: Option<(f32, LineEnd)> = None;
    let mut before = None;
    for k in items {
        match k {
            K::Box { width: w } => width += w,
            K::Glue {
                width: w,
                stretch: st,
                shrink: sh,
            } if st < FIL => {
                spaces += 1;
                if matches!(before, Some(K::Box { .. })) {
                    if width > measure + shrink {
                        break;
                    }
                    let count = letters(Some(spaces)).max(1) as f32;
                    let tracking = ((measure - width) / count).clamp(0.0, most);
                    let filled = width + tracking * count;
                    let ratio = if filled >= measure {
                        if shrink > 0.0 {
                            (measure - filled) / shrink
                        } else {
                            0.0
                        }
                    } else if stretch > 0.0 {
                        (measure - filled) / stretch
                    } else {
                        f32::INFINITY
                    };
                    // The least badness, the fuller line on a tie; small caps want air,
                    // so a squeezed line counts double.
                    let score = if ratio < 0.0 { -2.0 * ratio } else { ratio };
                    if ratio <= TOLERANCES[1] && best.is_none_or(|(s, _)| score <= s) {
                        let end = LineEnd {
                            space: Some(spaces),
                            tracking,
                        };
                        best = Some((score, end));
                    }
                }
                width += w;
                stretch += st;
                shrink += sh;
            }
            K::Penalty { penalty, .. } if penalty <= -INFINITE => {
                // The text, or the line the author ended, fits whole: set as it is.
                if width <= measure {
                    return Some(LineEnd {
                        space: None,
                        tracking: 0.0,
                    });
                }
                break;
            }
            _ => {}
        }
        before = Some(k);
    }
    best.map(|(_, end)| end)
}

/// The byte offset in `full` (the paragraph's text) of the `n`-th word space (counted
/// from 1) as the paragraph's items count them: a run of spaces between two words, not
/// one with an author's line break.
fn word_space(full: &str, n: usize) -> Option<usize> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{2028}');
    let mut count = 0;
    let mut run: Option<(usize, bool)> = None;
    let mut seen_word = false;
    for (i, c) in full.char_indices() {
        if is_space(c) {
            if seen_word {
                let start = run.map_or(i, |r| r.0);
                let forced = run.is_some_and(|r| r.1) || c == '\u{2028}';
                run = Some((start, forced));
            }
        } else {
            if let Some((start, forced)) = run.take() {
                if !forced {
                    count += 1;
                    if count == n {
                        return Some(start);
                    }
                }
            }
            seen_word = true;
        }
    }
    None
}

/// The spans, set in small caps.
fn in_small_caps(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|s| Span {
            style: Style {
                small_caps: true,
                ..s.style
            },
            ..s.clone()
        })
        .collect()
}

/// The spans with their text before byte `split` (of their text joined) taken from
/// `caps`, in small caps, and the rest as they were.
fn split_caps(caps: &[Span], spans: &[Span], split: usize) -> Vec<Span> {
    let mut out = Vec::with_capacity(spans.len() + 1);
    let mut at = 0;
    for (cap, span) in caps.iter().zip(spans) {
        let end = at + span.text.len();
        if end <= split {
            out.push(cap.clone());
        } else if at >= split {
            out.push(span.clone());
        } else {
            let (head, tail) = span.text.split_at(split - at);
            out.push(Span {
                text: head.to_string(),
                ..cap.clone()
            });
            out.push(Span {
                text: tail.to_string(),
                from: span
                    .from
                    .map(|f| f.saturating_add(crate::ir::text_len(head))),
                ..span.clone()
            });
        }
        at = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(w: f32) -> K {
        K::Box { width: w }
    }

    fn space() -> K {
        K::Glue {
            width: 1.0,
            stretch: 0.5,
            shrink: 0.3,
        }
    }

    /// A paragraph of words this wide, a space between each, ended as a paragraph is.
    fn words(widths: &[f32]) -> Vec<K> {
        let mut items = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                items.push(space());
            }
            items.push(boxed(*w));
        }
        items.extend(crate::typeset::linebreak::LINE_END);
        items
    }

    /// Four letters a word.
    fn letters(space: Option<usize>) -> usize {
        4 * space.unwrap_or(5)
    }

    fn space_at(end: Option<LineEnd>) -> Option<Option<usize>> {
        end.map(|e| e.space)
    }

    #[test]
    fn the_first_line_ends_at_its_best_spaced_word_space() {
        // Words of 4 on a measure of 14: «w w w» is 14 natural (ratio 0) at the 3rd
        // space; «w w» is 9 (ratio 10).
        let items = words(&[4.0, 4.0, 4.0, 4.0, 4.0]);
        let end = first_line_end(items.into_iter(), 14.0, letters, 0.0);
        assert_eq!(
            end,
            Some(LineEnd {
                space: Some(3),
                tracking: 0.0
            })
        );
    }

    #[test]
    fn letterspacing_takes_up_what_the_spaces_cannot() {
        // On 17, «w w w» is 3 short: its two spaces stretch 1 at most, so without
        // letterspacing no end is strict enough; with 0.25 a letter (12 letters) it is.
        let items = words(&[4.0, 4.0, 4.0, 9.0, 4.0]);
        assert_eq!(
            first_line_end(items.clone().into_iter(), 17.0, letters, 0.0),
            None
        );
        let end = first_line_end(items.into_iter(), 17.0, letters, 0.25).expect("an end");
        assert_eq!(end.space, Some(3));
        assert!((end.tracking - 0.25).abs() < 1e-6, "{end:?}");
    }

    #[test]
    fn a_paragraph_that_fits_is_all_one_line() {
        let items = words(&[4.0, 4.0]);
        let end = first_line_end(items.into_iter(), 14.0, letters, 0.0);
        assert_eq!(space_at(end), Some(None));
    }

    #[test]
    fn a_word_wider_than_the_line_leaves_it_plain() {
        let items = words(&[40.0, 4.0]);
        assert_eq!(first_line_end(items.into_iter(), 14.0, letters, 0.0), None);
    }

    #[test]
    fn word_spaces_are_counted_as_the_items_count_them() {
        let span = |t: &str| Span {
            text: t.into(),
            style: Style {
                bold: false,
                italic: false,
                mono: false,
                small_caps: false,
                size: 10.0,
                rise: 0.0,
                link: None,
                strike: false,
                extra_tracking: 0.0,
            },
            from: Some(0),
            object: None,
        };
        let spans = [
            span("La mina  de"),
            span(" estaño\u{2028}y el"),
            span(" río"),
        ];
        let full: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(word_space(&full, 1), Some(2));
        assert_eq!(word_space(&full, 2), Some(7));
        assert_eq!(word_space(&full, 3), Some(11));
        // The line break is no word space: the next is after «y».
        assert_eq!(word_space(&full, 4), Some(" estaño\u{2028}y".len() + 11));
        let split = split_caps(&in_small_caps(&spans), &spans, 7);
        let texts: Vec<(&str, bool)> = split
            .iter()
            .map(|s| (s.text.as_str(), s.style.small_caps))
            .collect();
        assert_eq!(
            texts,
            [
                ("La mina", true),
                ("  de", false),
                (" estaño\u{2028}y el", false),
                (" río", false)
            ]
        );
        assert_eq!(split[1].from, Some(7));
    }
}

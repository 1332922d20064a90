//! A chapter's opening paragraph as the design sets it: a drop cap cut into its first
//! lines, its first line in small caps.

use super::breaks::is_word_break_space;
use super::breaks::Ties;
use super::paragraph::Setting;
use super::{Env, Flow, Span, Style};
use crate::diag::Loc;
use crate::ir::Inline;
use crate::typeset::fonts::FaceId;
use crate::typeset::linebreak::{Hang, Item as K, FIL, INFINITE, TOLERANCES};
use crate::typeset::page::{Item, Placed, Point, Role};
use crate::typeset::structure::Kind;

/// A paragraph's drop cap: its runs (the opening marks, the letter), which the first
/// line carries, and whether a space follows it in the text.
pub(super) struct Initial {
    pub runs: Vec<Placed>,
    pub spaced: bool,
}

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
        let first = self.out.len();
        let variants = self.variants.len();
        self.lines(&spans, how, loc, env.role, false);
        self.initial = None;
        // A paragraph shorter than its drop cap: what follows starts below the letter,
        // whole lines down (the e-book's `clear`), and the paragraph keeps its setting.
        let set = self.out.len() - first;
        let hung = how.hang.lines as usize;
        if set < hung {
            self.variants.truncate(variants);
            self.out
                .push(super::VItem::Space((hung - set) as f32 * env.leading));
        }
        self.close(parent);
        self.no_indent = false;
    }

    /// Cuts the paragraph's initial out of its first span and sets it as a drop cap of
    /// `drop.lines` lines: its capital as tall as from the first line's cap height to the
    /// last line's baseline, standing on that baseline, its ink at the margin.
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
        if first.object.is_some() {
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
        // A word of one letter («A la mañana»): the space after it is read.
        let spaced = rest.text.starts_with(char::is_whitespace);
        spans[0] = rest;
        how.hang = hang;
        let tag = self.here();
        let runs = initial
            .into_iter()
            .map(|(x, y, run)| Placed {
                at: Point { x, y },
                role: Role::Initial,
                item: Item::Text(run),
                tag,
            })
            .collect();
        self.initial = Some(Initial { runs, spaced });
    }
}

/// Sets the paragraph's first line in small caps: the words that fill it so set (the
/// best spaced of the ways to end it, as a compositor sets such a line by hand, spacing
/// its letters a little as well as its words), the line then ending there, justified.
fn small_caps_line(flow: &mut Flow, spans: &mut Vec<Span>, how: &mut Setting, loc: &Loc) {
    let caps = in_small_caps(spans);
    let items = flow.paragraph_items(&caps, *how, loc, Ties::Kept);
    let measure = how.hang.measure(how.env.measure, 0);
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
    // Ended by a word space, by the author's line break, or by the text itself.
    let split = match end.space {
        Some(space) => match word_space(&full, space) {
            Some(at) => at,
            None => return,
        },
        None => full.find('\u{2028}').unwrap_or(usize::MAX),
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
/// (of `letters(space)`) have taken up what they can, a line within the strict pass's
/// tolerance before any looser one (a looser first line would send the whole paragraph to
/// the looser pass). None only when its first word is wider than the line.
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
            K::Box { width: w, .. } => width += w,
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
                    let score = if ratio < 0.0 {
                        -2.0 * ratio
                    } else if ratio <= TOLERANCES[0] {
                        ratio
                    } else {
                        ratio + 10.0
                    };
                    if ratio.is_finite() && best.is_none_or(|(s, _)| score <= s) {
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
    let mut count = 0;
    let mut run: Option<(usize, bool)> = None;
    let mut seen_word = false;
    for (i, c) in full.char_indices() {
        if is_word_break_space(c) {
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
#[path = "tests/opening.rs"]
mod tests;

//! A paragraph's boxes, glue and penalties: where a line may end under the rules of
//! Spanish typography (hyphenation, compounds, URLs, numbers and units, abbreviations).

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::paragraph::Setting;
use super::{letterspacing, Align, Env, Flow, PItem, Span, Style};
use crate::diag::Loc;
use crate::ortho::ties::{
    is_digit_group, is_short_word, looks_like_url, may_break_between, url_breaks,
};
use crate::typeset::linebreak::{Item as K, INFINITE, LINE_END};
use crate::typeset::page::TextRun;

/// Hyphenation and explicit-hyphen penalties (TeX's `\hyphenpenalty`, `\exhyphenpenalty`).
const HYPHEN_PENALTY: f32 = 50.0;
/// Breaking a URL at a separator ([`url_breaks`]): allowed, but spaces are better.
const URL_PENALTY: f32 = 100.0;
/// Whether the Spanish no-break rules between words are absolute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ties {
    /// No break between tied words (the rule).
    Kept,
    /// A break is allowed at a heavy cost (the fallback when the rule forces an overfull line).
    Breakable,
}

/// What breaking a tie costs in the fallback: dearer than any ordinary break.
const TIE_PENALTY: f32 = 9_000.0;

/// A character that parts two words of a paragraph: a space, or a line break the author
/// typed (U+2028).
pub(super) fn is_word_break_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{2028}')
}

/// Breaking inside a word with no other break point: the last resort before overfull.
const EMERGENCY_PENALTY: f32 = 1000.0;

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    /// The Knuth–Plass items of a paragraph.
    pub(super) fn paragraph_items(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
        ties: Ties,
    ) -> Vec<PItem> {
        let Setting {
            env,
            align,
            indent,
            display,
            first_line_ends,
            ..
        } = how;
        let mut word_spaces = 0;
        let mut full = String::new();
        let mut bounds = Vec::with_capacity(spans.len());
        // Each span's start in `full`, in bytes and in characters.
        let mut starts = Vec::with_capacity(spans.len());
        let mut chars_before = 0u32;
        // The images set in the text, by the byte offset of their U+FFFC.
        let mut objects: Vec<(usize, super::Object)> = Vec::new();
        for span in spans {
            let start = full.len();
            if let Some(object) = span.object {
                objects.push((start, object));
            }
            full.push_str(&span.text);
            bounds.push((start, full.len(), span.style));
            starts.push((start, chars_before));
            chars_before = chars_before.saturating_add(crate::ir::text_len(&span.text));
        }
        // Where the last token started, in bytes and characters: tokens come in order, so
        // each one's character offset is counted from the one before.
        let mut counted = (0usize, 0u32);
        let fallback_style = bounds.last().map_or(self.base(env.size), |b| b.2);
        let style_at = |i: usize| -> Style {
            overlapping(&bounds, i, i + 1)
                .first()
                .map_or(fallback_style, |b| b.2)
        };
        // Ascending byte offsets, looked up by binary search.
        let opportunities: Vec<usize> = linebreaks(&full)
            .filter(|(_, o)| *o == BreakOpportunity::Allowed)
            .map(|(i, _)| i)
            .collect();

        let mut items: Vec<PItem> = Vec::new();
        if indent > 0.0 {
            items.push(PItem::bare(K::Box {
                width: indent,
                track: 0.0,
            }));
        }
        // Tokens: runs of non-space characters.
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut token_start: Option<usize> = None;
        for (i, c) in full.char_indices() {
            // An image is a word of its own, but no space parts it from the text it
            // touches (`la marca![m](m.svg).`).
            if c == '\u{FFFC}' && objects.iter().any(|(at, _)| *at == i) {
                if let Some(s) = token_start.take() {
                    tokens.push((s, i));
                }
                tokens.push((i, i + c.len_utf8()));
                continue;
            }
            let space = is_word_break_space(c);
            match (space, token_start) {
                (true, Some(s)) => {
                    tokens.push((s, i));
                    token_start = None;
                }
                (false, None) => token_start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = token_start {
            tokens.push((s, full.len()));
        }

        let justify = align == Align::Justify;
        let mut prev_end = 0;
        for (t, &(s, e)) in tokens.iter().enumerate() {
            // What lies between the previous token and this one: spaces or a forced break.
            if t > 0 {
                let gap = &full[prev_end..s];
                if !gap.is_empty() && !gap.contains('\u{2028}') {
                    word_spaces += 1;
                }
                if gap.is_empty() {
                    // An image against a word: no break, no space between them.
                } else if gap.contains('\u{2028}') {
                    for k in LINE_END {
                        items.push(PItem::bare(k));
                    }
                } else if Some(word_spaces) == first_line_ends {
                    // The first line ends here, justified: no `\parfillskip` before it.
                    items.push(PItem::bare(K::Penalty {
                        width: 0.0,
                        post_width: 0.0,
                        penalty: -INFINITE,
                        flagged: false,
                    }));
                } else {
                    let style = style_at(prev_end);
                    let face = style.face();
                    let fonts = self.shaper.fonts();
                    let space = fonts.space_width(face, style.size);
                    if !fonts.has(face, ' ') {
                        if let Some(other) = fonts.resolve(face, ' ') {
                            self.lacking.entry(face).or_default().insert(' ', other);
                        }
                    }
                    let prev_token = &full[tokens[t - 1].0..tokens[t - 1].1];
                    let this_token = &full[s..e];
                    // A display line keeps a short word (an article, a preposition, «don»,
                    // «San», a number) with the word after it, as a compositor would.
                    let tied = display && is_short_word(prev_token);
                    if tied || !may_break_between(prev_token, this_token) {
                        items.push(PItem::bare(K::Penalty {
                            width: 0.0,
                            post_width: 0.0,
                            penalty: match ties {
                                Ties::Kept => INFINITE,
                                Ties::Breakable => TIE_PENALTY,
                            },
                            flagged: false,
                        }));
                    }
                    // A number's digit groups sit a thin space apart (a sixth of an em, as
                    // TeX's \, sets it), which neither stretches nor shrinks.
                    let thin = is_digit_group(prev_token, this_token);
                    let width = if thin { style.size / 6.0 } else { space };
                    let flexible = justify && !thin;
                    items.push(PItem::bare(K::Glue {
                        width,
                        stretch: if flexible { space / 2.0 } else { 0.0 },
                        shrink: if flexible { space / 3.0 } else { 0.0 },
                    }));
                }
            }
            prev_end = e;
            let first = items.len();
            if let Some((_, object)) = objects.iter().find(|(at, _)| *at == s) {
                items.push(PItem {
                    object: Some(*object),
                    from: None,
                    k: K::Box {
                        width: object.width,
                        track: 0.0,
                    },
                    run: None,
                    post: None,
                    link: style_at(s).link,
                });
                continue;
            }
            self.token_items(
                &full,
                s,
                e,
                &bounds,
                &opportunities,
                env,
                !display,
                loc,
                &mut items,
            );
            // Every box of the word knows where the word starts in the book.
            counted = (
                s,
                counted
                    .1
                    .saturating_add(crate::ir::text_len(&full[counted.0..s])),
            );
            let from = word_start(&starts, spans, counted);
            for item in &mut items[first..] {
                item.from = from;
            }
        }

        // `\parfillskip`: the last line is set ragged.
        while matches!(
            items.last(),
            Some(PItem {
                object: None,
                k: K::Glue { .. },
                ..
            })
        ) {
            items.pop();
        }
        if items.is_empty() {
            return items;
        }
        if justify && !display {
            letterspacing::give(&mut items, first_line_ends.is_some());
        }
        for k in LINE_END {
            items.push(PItem::bare(k));
        }
        items
    }

    /// The boxes and penalties of one word (a token between spaces).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn token_items(
        &mut self,
        full: &str,
        s: usize,
        e: usize,
        bounds: &[(usize, usize, Style)],
        opportunities: &[usize],
        env: Env,
        hyphenate: bool,
        loc: &Loc,
        items: &mut Vec<PItem>,
    ) {
        // Only the spans this word touches (a paragraph may have tens of thousands).
        let bounds = overlapping(bounds, s, e);
        let token = &full[s..e];
        let chars: Vec<(usize, char)> = token.char_indices().map(|(i, c)| (s + i, c)).collect();
        let char_before = |i: usize| full[..i].chars().next_back();
        let char_after = |i: usize| full[i..].chars().next();
        let all_mono = bounds
            .iter()
            .filter(|(bs, be, _)| *bs < e && *be > s)
            .all(|(_, _, st)| st.mono);
        let is_url = looks_like_url(token);

        // Candidate breaks: (position, flagged, penalty, hyphen shown, repeated after).
        let mut candidates: Vec<(usize, bool, f32, bool, bool)> = Vec::new();
        if is_url {
            for at in url_breaks(token) {
                candidates.push((s + at, false, URL_PENALTY, false, false));
            }
        } else {
            for &(p, c) in &chars {
                if p == s {
                    continue;
                }
                if c == '\u{00AD}' {
                    candidates.push((p, true, HYPHEN_PENALTY, true, false));
                    continue;
                }
                if opportunities.binary_search(&p).is_err() {
                    continue;
                }
                let (Some(c0), Some(c1)) = (char_before(p), char_after(p)) else {
                    continue;
                };
                let c00 = char_before(p - c0.len_utf8());
                let letters = c1.is_alphabetic() && c00.is_some_and(char::is_alphabetic);
                match c0 {
                    '-' | '\u{2010}' if letters => {
                        candidates.push((p, true, HYPHEN_PENALTY, false, self.repeat_hyphen));
                    }
                    '\u{200B}' => candidates.push((p, false, 0.0, false, false)),
                    '—' | '–' | '/' if letters => {
                        candidates.push((p, false, HYPHEN_PENALTY, false, false));
                    }
                    _ => {}
                }
            }
            let has_shy = token.contains('\u{00AD}');
            let has_digit = token.chars().any(|c| c.is_ascii_digit());
            if !all_mono && !has_shy && !has_digit && hyphenate && self.hyphenator.is_active() {
                // Each run of letters, hyphenated by the patterns.
                let mut run_start: Option<usize> = None;
                let mut letter_runs = Vec::new();
                for &(p, c) in chars.iter().chain(std::iter::once(&(e, ' '))) {
                    let letter = c.is_alphabetic();
                    match (letter, run_start) {
                        (true, None) => run_start = Some(p),
                        (false, Some(r)) => {
                            letter_runs.push((r, p));
                            run_start = None;
                        }
                        _ => {}
                    }
                }
                for (r0, r1) in letter_runs {
                    let mono_inside = overlapping(bounds, r0, r1).iter().any(|(_, _, st)| st.mono);
                    if mono_inside {
                        continue;
                    }
                    for point in self.hyphenator.points(&full[r0..r1]) {
                        candidates.push((r0 + point, true, HYPHEN_PENALTY, true, false));
                    }
                }
            }
        }
        candidates.sort_by_key(|c| c.0);
        candidates.dedup_by_key(|c| c.0);

        // Pieces between candidates, split further where the style changes.
        let mut cuts: Vec<usize> = candidates.iter().map(|c| c.0).collect();
        for (bs, be, _) in bounds {
            for b in [*bs, *be] {
                if b > s && b < e {
                    cuts.push(b);
                }
            }
        }
        cuts.push(e);
        cuts.sort_unstable();
        cuts.dedup();
        // Every lookup below is a binary search: one token may be a whole paragraph of
        // hundreds of thousands of characters, styles and candidates (a chapter of code
        // spans written without spaces), and a linear scan per cut made that quadratic.
        let is_candidate = |at: usize| candidates.binary_search_by_key(&at, |c| c.0).is_ok();
        // The width of each stretch between two break candidates: a stretch wider than the
        // measure (style changes inside a word do not break it) gets character breaks.
        let style_from = |from: usize| {
            let i = bounds.partition_point(|b| b.1 <= from);
            bounds.get(i).filter(|b| b.0 <= from).map(|b| b.2)
        };
        let mut stretches: Vec<(usize, f32)> = Vec::new();
        let mut stretch_width = 0.0;
        let mut piece_from = s;
        // Each piece is shaped once: its runs give the stretch's width, then its boxes.
        let mut shaped: Vec<Vec<TextRun>> = Vec::with_capacity(cuts.len());
        for &cut in &cuts {
            if cut > piece_from {
                let style = style_from(piece_from).unwrap_or_else(|| self.base(env.size));
                let mut runs = self.runs(&full[piece_from..cut], style, loc);
                // A piece the word goes on after keeps the letterspacing before the next.
                if let Some(last) = runs.last_mut().filter(|_| cut < e) {
                    last.width += style.tracking();
                }
                stretch_width += runs.iter().map(|r| r.width).sum::<f32>();
                shaped.push(runs);
            }
            if cut == e || is_candidate(cut) {
                stretches.push((cut, stretch_width));
                stretch_width = 0.0;
            }
            piece_from = cut;
        }
        let stretch_too_wide = |at: usize| {
            let i = stretches.partition_point(|(end, _)| *end <= at);
            stretches
                .get(i)
                .is_some_and(|(_, width)| *width > env.measure)
        };

        let mut from = s;
        let mut shaped = shaped.into_iter();
        for cut in cuts {
            if cut > from {
                let style = style_from(from).unwrap_or_else(|| self.base(env.size));
                let runs = shaped.next().unwrap_or_default();
                if stretch_too_wide(from) {
                    // An unbreakable stretch wider than the measure: give it a break
                    // between every two characters rather than run past the margin.
                    let piece = &full[from..cut];
                    let mut first = true;
                    for (i, c) in piece.char_indices() {
                        if !first {
                            items.push(PItem::bare(K::Penalty {
                                width: 0.0,
                                post_width: 0.0,
                                penalty: EMERGENCY_PENALTY,
                                flagged: false,
                            }));
                        }
                        first = false;
                        let at = from + i;
                        for run in self.runs(&full[at..at + c.len_utf8()], style, loc) {
                            items.push(PItem {
                                object: None,
                                from: None,
                                k: K::Box {
                                    width: run.width,
                                    track: 0.0,
                                },
                                run: Some(run),
                                post: None,
                                link: style.link,
                            });
                        }
                    }
                } else {
                    for run in runs {
                        items.push(PItem {
                            object: None,
                            from: None,
                            k: K::Box {
                                width: run.width,
                                track: 0.0,
                            },
                            run: Some(run),
                            post: None,
                            link: style.link,
                        });
                    }
                }
            }
            if let Ok(at) = candidates.binary_search_by_key(&cut, |c| c.0) {
                let (_, flagged, penalty, show, repeat) = candidates[at];
                let i = bounds.partition_point(|b| b.1 < cut);
                let style = bounds
                    .get(i)
                    .filter(|b| b.0 < cut)
                    .map_or(self.base(env.size), |b| b.2);
                let hyphen = (show || repeat).then(|| self.plain_run("-", style, loc));
                let pre = if show { hyphen.clone() } else { None };
                let post = if repeat { hyphen.map(Box::new) } else { None };
                items.push(PItem {
                    object: None,
                    from: None,
                    k: K::Penalty {
                        width: pre.as_ref().map_or(0.0, |r| r.width),
                        post_width: post.as_ref().map_or(0.0, |r| r.width),
                        penalty,
                        flagged,
                    },
                    run: pre,
                    post,
                    link: None,
                });
            }
            from = cut;
        }
    }
}

/// The spans (sorted, contiguous `(start, end, style)`) that overlap `from..to`.
fn overlapping(
    bounds: &[(usize, usize, Style)],
    from: usize,
    to: usize,
) -> &[(usize, usize, Style)] {
    let first = bounds.partition_point(|b| b.1 <= from);
    let last = first + bounds[first..].partition_point(|b| b.0 < to);
    &bounds[first..last]
}

/// Where the word at `at` (its byte and character offsets in the paragraph) starts in its
/// block's text: the offset of the span holding it plus the characters before it in that
/// span (none for text with no place, such as a note's number).
fn word_start(starts: &[(usize, u32)], spans: &[Span], at: (usize, u32)) -> Option<u32> {
    let i = starts.partition_point(|&(s, _)| s <= at.0).checked_sub(1)?;
    let from = spans.get(i)?.from?;
    Some(from.saturating_add(at.1.saturating_sub(starts[i].1)))
}

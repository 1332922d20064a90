//! A paragraph's boxes, glue and penalties: where a line may end under the rules of
//! Spanish typography (hyphenation, compounds, URLs, numbers and units, abbreviations).

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::paragraph::Setting;
use super::{Align, Env, Flow, PItem, Span, Style};
use crate::diag::Loc;
use crate::typeset::linebreak::{Item as K, INFINITE, LINE_END};

/// Hyphenation and explicit-hyphen penalties (TeX's `\hyphenpenalty`, `\exhyphenpenalty`).
const HYPHEN_PENALTY: f32 = 50.0;
/// Breaking a URL after `/` and the like: allowed, but spaces are better.
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
        let Setting { env, align, indent } = how;
        let mut full = String::new();
        let mut bounds = Vec::with_capacity(spans.len());
        for span in spans {
            let start = full.len();
            full.push_str(&span.text);
            bounds.push((start, full.len(), span.style));
        }
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
            items.push(PItem {
                k: K::Box { width: indent },
                run: None,
                post: None,
                link: None,
            });
        }
        // Tokens: runs of non-space characters.
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut token_start: Option<usize> = None;
        for (i, c) in full.char_indices() {
            let space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{2028}');
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
                if gap.contains('\u{2028}') {
                    for k in LINE_END {
                        items.push(PItem {
                            k,
                            run: None,
                            post: None,
                            link: None,
                        });
                    }
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
                    if !may_break_between(prev_token, this_token) {
                        items.push(PItem {
                            k: K::Penalty {
                                width: 0.0,
                                post_width: 0.0,
                                penalty: match ties {
                                    Ties::Kept => INFINITE,
                                    Ties::Breakable => TIE_PENALTY,
                                },
                                flagged: false,
                            },
                            run: None,
                            post: None,
                            link: None,
                        });
                    }
                    items.push(PItem {
                        k: K::Glue {
                            width: space,
                            stretch: if justify { space / 2.0 } else { 0.0 },
                            shrink: if justify { space / 3.0 } else { 0.0 },
                        },
                        run: None,
                        post: None,
                        link: None,
                    });
                }
            }
            prev_end = e;
            self.token_items(&full, s, e, &bounds, &opportunities, env, loc, &mut items);
        }

        // `\parfillskip`: the last line is set ragged.
        while matches!(
            items.last(),
            Some(PItem {
                k: K::Glue { .. },
                ..
            })
        ) {
            items.pop();
        }
        if items.is_empty() {
            return items;
        }
        for k in LINE_END {
            items.push(PItem {
                k,
                run: None,
                post: None,
                link: None,
            });
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
            for w in chars.windows(2) {
                let (_, c0) = w[0];
                let (p, c1) = w[1];
                if matches!(c0, '/' | '.' | '-' | '?' | '&' | '=' | '_' | '#' | '~')
                    && c1 != c0
                    && p + c1.len_utf8() < e
                {
                    candidates.push((p, false, URL_PENALTY, false, false));
                }
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
            if !all_mono && !has_shy && !has_digit && self.hyphenator.is_active() {
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
        for &cut in &cuts {
            if cut > piece_from {
                let style = style_from(piece_from).unwrap_or_else(|| self.base(env.size));
                stretch_width += self.text_width(&full[piece_from..cut], style, loc);
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
        for cut in cuts {
            if cut > from {
                let style = style_from(from).unwrap_or_else(|| self.base(env.size));
                let runs = self.runs(&full[from..cut], style, loc);
                if stretch_too_wide(from) {
                    // An unbreakable stretch wider than the measure: give it a break
                    // between every two characters rather than run past the margin.
                    let piece = &full[from..cut];
                    let mut first = true;
                    for (i, c) in piece.char_indices() {
                        if !first {
                            items.push(PItem {
                                k: K::Penalty {
                                    width: 0.0,
                                    post_width: 0.0,
                                    penalty: EMERGENCY_PENALTY,
                                    flagged: false,
                                },
                                run: None,
                                post: None,
                                link: None,
                            });
                        }
                        first = false;
                        let at = from + i;
                        for run in self.runs(&full[at..at + c.len_utf8()], style, loc) {
                            items.push(PItem {
                                k: K::Box { width: run.width },
                                run: Some(run),
                                post: None,
                                link: style.link,
                            });
                        }
                    }
                } else {
                    for run in runs {
                        items.push(PItem {
                            k: K::Box { width: run.width },
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

/// A token that is a URL or an address: broken after `/`, `.` and the like, never
/// hyphenated.
pub(super) fn looks_like_url(token: &str) -> bool {
    let t = token.trim_start_matches(['<', '(', '«', '"', '“']);
    t.contains("://") || t.starts_with("www.") || t.starts_with("mailto:")
}

/// Abbreviations that stay with the word that follows them.
const ABBREVIATIONS: &[&str] = &[
    "Sr.", "Sra.", "Srta.", "Sres.", "Dr.", "Dra.", "D.", "Dña.", "Ud.", "Uds.", "Vd.", "St.",
    "Sto.", "Sta.", "Fr.", "pág.", "págs.", "núm.", "n.º", "art.", "cap.", "vol.", "fig.",
];

/// Units that are never separated from the number before them.
const UNITS: &[&str] = &[
    "m", "km", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "h", "min", "s", "ms", "%", "‰", "°",
    "°C", "ºC", "°F", "K", "€", "$", "£", "km/h", "m²", "m³", "km²", "ha", "Hz", "kHz", "MHz",
    "GHz", "W", "kW", "V", "A", "B", "kB", "KB", "MB", "GB", "TB", "fps", "dpi", "pt", "px", "mm²",
    "a.", "a. C.", "d. C.", "p.", "pp.",
];

/// Whether a line may end at the space between two tokens (Spanish orthotypography).
pub(super) fn may_break_between(prev: &str, next: &str) -> bool {
    let Some(last) = prev.chars().next_back() else {
        return true;
    };
    let Some(first) = next.chars().next() else {
        return true;
    };
    // ¿ ¡ « ( never end a line; » ) ? ! and the like never start one.
    if matches!(last, '¿' | '¡' | '«' | '“' | '‘' | '(' | '[' | '{') {
        return false;
    }
    if matches!(
        first,
        '»' | '”' | '’' | ')' | ']' | '}' | '?' | '!' | '.' | ',' | ';' | ':' | '…'
    ) {
        return false;
    }
    // The raya that opens a dialogue stays with the speech.
    if prev == "—" || prev == "–" {
        return false;
    }
    // A number and its unit, and thousands grouped with a space (16 000).
    let number = prev.chars().last().is_some_and(|c| c.is_ascii_digit());
    if number {
        let unit = next.trim_end_matches([',', '.', ';', ':', ')', '»']);
        if UNITS.contains(&unit) || UNITS.contains(&next) {
            return false;
        }
        if next.len() == 3 && next.chars().all(|c| c.is_ascii_digit()) && prev.len() <= 3 {
            return false;
        }
    }
    if ABBREVIATIONS.contains(&prev) {
        return false;
    }
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn spanish_no_break_rules() {
        assert!(!may_break_between("4000", "m,"));
        assert!(!may_break_between("25", "°C"));
        assert!(!may_break_between("50", "%"));
        assert!(!may_break_between("16", "000"));
        assert!(!may_break_between("Sr.", "Pérez"));
        assert!(!may_break_between("«", "hola"));
        assert!(!may_break_between("hola", "»"));
        assert!(!may_break_between("¿", "Vienes?"));
        assert!(!may_break_between("—", "Vienes"));
        assert!(may_break_between("tarde.", "Otra"));
        assert!(may_break_between("1927", "como"));
    }

    #[test]
    pub(super) fn urls_are_recognised() {
        assert!(looks_like_url("<https://es.wikipedia.org/wiki/La_Paz>."));
        assert!(looks_like_url("www.ejemplo.org"));
        assert!(!looks_like_url("franco-boliviano"));
    }
}

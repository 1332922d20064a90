//! Knuth–Plass line breaking: the paragraph as boxes, glue and penalties, broken where the
//! sum of the demerits of all its lines is least (Knuth & Plass, "Breaking paragraphs into
//! lines", 1981; TeX's `\linebreak` with its parameters).
//!
//! Passes as TeX makes them: first without hyphenation (TeX's `\pretolerance`: a
//! paragraph that sets well without breaking words is not hyphenated at all), then a
//! strict one with hyphens (adjustment ratio ≤ 1), a looser one (≤ 2) and an emergency one
//! with extra stretch that accepts any loose line, so a paragraph always gets set. A line
//! is never shrunk past what its glue and its letters give (ratio ≥ −1): no overfull
//! lines, provided no unbreakable stretch of the paragraph is wider than the measure,
//! which the caller guarantees by giving such stretches break points of their own.

mod others;
mod pass;

pub use others::tails;
use pass::{Pass, Sums};

/// What a box's letterspacing gives back when its line is shrunk, as a share of what it
/// takes when the line is stretched: letters set closer than the face's fitting show
/// sooner than letters set apart.
pub const TRACK_SHRINK: f32 = 0.5;

/// A penalty this large forbids a break; its negative forces one.
pub const INFINITE: f32 = 10_000.0;

/// Stretch that fills any line (TeX's `fil`).
pub const FIL: f32 = 100_000.0;

/// How a paragraph, or a forced line break, ends: no break before the filling glue, the
/// glue (`\parfillskip`), then a forced break. The line before it is set ragged.
pub const LINE_END: [Item; 3] = [
    Item::Penalty {
        width: 0.0,
        post_width: 0.0,
        penalty: INFINITE,
        flagged: false,
    },
    Item::Glue {
        width: 0.0,
        stretch: FIL,
        shrink: 0.0,
    },
    Item::Penalty {
        width: 0.0,
        post_width: 0.0,
        penalty: -INFINITE,
        flagged: false,
    },
];

/// One element of a paragraph, as Knuth and Plass define them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something of fixed width (a piece of a word, an indent), save for the
    /// letterspacing `track` it may take or give at an adjustment ratio of 1 (the
    /// compositor's last resort for an even line, after the word spaces).
    Box { width: f32, track: f32 },
    /// Space that may stretch or shrink, and where a line may end if a box precedes it.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break. `width` is set at the end of the line when it is taken (a
    /// hyphen), `post_width` at the start of the next (the repeated hyphen of a broken
    /// Spanish compound). `flagged` marks hyphen breaks, which should not stack.
    Penalty {
        width: f32,
        post_width: f32,
        penalty: f32,
        flagged: bool,
    },
}

impl Item {
    pub(super) fn width(&self) -> f32 {
        match *self {
            Item::Box { width, .. } | Item::Glue { width, .. } => width,
            Item::Penalty { .. } => 0.0,
        }
    }
}

/// How to break: the measure and TeX's demerit parameters.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The line width.
    pub measure: f32,
    /// Extra stretch at each line's end for ragged setting (`\rightskip` plus), or 0.
    pub ragged_stretch: f32,
    /// Added to every line's badness (`\linepenalty`).
    pub line_penalty: f32,
    /// Two hyphenated lines in a row (`\doublehyphendemerits`).
    pub double_hyphen_demerits: f32,
    /// A hyphen on the next-to-last line (`\finalhyphendemerits`).
    pub final_hyphen_demerits: f32,
    /// Adjacent lines of very different tightness (`\adjdemerits`).
    pub adj_demerits: f32,
    /// Stretch added to every line in the emergency pass (`\emergencystretch`).
    pub emergency_stretch: f32,
    /// A third hyphenated line in a row: so high that it happens only when the paragraph
    /// cannot be set otherwise (DESIGN.md allows two).
    pub triple_hyphen_demerits: f32,
    /// Try the paragraph without hyphenation first, taking that setting when every line's
    /// ratio stays within this (TeX's `\pretolerance`).
    pub pretolerance: Option<f32>,
    /// The paragraph's first lines set narrower, their left edge indented (TeX's
    /// `\hangindent` with a negative `\hangafter`): room for a drop cap.
    pub hang: Hang,
}

/// The first `lines` lines of a paragraph are `indent` narrower than the measure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Hang {
    pub lines: u32,
    pub indent: f32,
}

impl Hang {
    /// The width of line `line` (from 0) of a paragraph set on `measure`.
    pub fn measure(&self, measure: f32, line: u32) -> f32 {
        if line < self.lines {
            measure - self.indent
        } else {
            measure
        }
    }
}

impl Params {
    /// TeX's plain defaults for a justified measure, but a lower `pretolerance`
    /// ([`PRETOLERANCE`]).
    pub fn justified(measure: f32, em: f32) -> Self {
        Params {
            measure,
            ragged_stretch: 0.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            adj_demerits: 10_000.0,
            emergency_stretch: 3.0 * em,
            triple_hyphen_demerits: 1e9,
            pretolerance: Some(PRETOLERANCE),
            hang: Hang::default(),
        }
    }

    /// The width of the line that follows `lines` lines of the paragraph.
    pub(super) fn measure_after(&self, lines: u32) -> f32 {
        self.hang.measure(self.measure, lines)
    }

    /// Ragged right: the same algorithm with 3 em of stretch at each line's end (always
    /// allowed to hyphenate: a ragged line has no spaces to stretch).
    pub fn ragged(measure: f32, em: f32) -> Self {
        Params {
            ragged_stretch: 3.0 * em,
            pretolerance: None,
            ..Params::justified(measure, em)
        }
    }
}

/// The first pass's tolerance: a ratio of 0.7 (badness 34; TeX's plain `\pretolerance`
/// is 100, a ratio of 1). Letterspacing takes part of every line's slack, so a paragraph
/// that needs more than this without hyphens sets more evenly with them: measured on the
/// Quijote, 7.8 % of lines hyphenated and a word-gap p95 of 1.27, against 5.6 % and 1.32
/// at 1 (benches/README.md).
pub const PRETOLERANCE: f32 = 0.7;

/// Ratio of the passes with hyphenation: a strict one, then a looser one.
pub const TOLERANCES: [f32; 2] = [1.0, 2.0];

/// A chosen break and how the line that ends there is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// Index of the glue or penalty item where the line ends.
    pub position: usize,
    /// The adjustment ratio of the line (−1 ≤ r; infinite when it has nothing to stretch).
    pub ratio: f32,
    /// The line ends with a hyphen.
    pub flagged: bool,
    /// Set looser than the looser pass allows (emergency pass): worth a warning.
    pub loose: bool,
    /// Wider than the measure: only when an unbreakable stretch was wider than the measure.
    pub overfull: bool,
}

/// Paragraphs of more items than this are broken a window at a time ([`break_long`]); a
/// real book's longest paragraph has a few thousand.
pub const LONG: usize = 30_000;
/// Items in a window of a long paragraph.
const WINDOW: usize = 20_000;

/// A paragraph's best setting and, when asked for, its best settings one line shorter
/// and one line longer (TeX's `\looseness` of −1 and +1), which a page builder may take
/// to make facing pages end level.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Broken {
    pub best: Vec<Break>,
    pub shorter: Option<Alternative>,
    pub longer: Option<Alternative>,
}

/// Another setting of a paragraph and what it costs over the best: its demerits less the
/// best's.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub breaks: Vec<Break>,
    pub cost: f64,
}

/// Breaks a paragraph into lines; the items must end with a forced break (−[`INFINITE`]).
#[cfg(test)]
pub fn break_lines(items: &[Item], params: &Params) -> Vec<Break> {
    break_paragraph(items, params, None).best
}

/// Breaks a paragraph into lines (the items must end with a forced break, −[`INFINITE`]);
/// with `looseness`, also finds its best settings one line shorter and longer among those
/// whose every line stays within the looser pass's tolerance (no line is set loose this
/// way) and whose last line is at least `looseness` wide and holds two words (a word
/// left alone on the last line reads as a mistake). A paragraph of more than
/// [`others::WHOLE_ITEMS`] items varies only in its last lines; one of more than [`LONG`]
/// has no other setting.
pub fn break_paragraph(items: &[Item], params: &Params, looseness: Option<f32>) -> Broken {
    if items.is_empty() {
        return Broken::default();
    }
    if items.len() > LONG {
        return Broken {
            best: break_long(items, params),
            ..Broken::default()
        };
    }
    let sums = Sums::new(items);
    let strict = |hyphens| Pass::new(TOLERANCES[0], hyphens);
    let first = (0.0, false);
    let plain = params
        .pretolerance
        .and_then(|tolerance| pass::run(items, &sums, params, Pass::new(tolerance, false), first));
    let hyphenated = match plain {
        Some(_) => None,
        None => pass::run(items, &sums, params, strict(true), first),
    };
    let Some((outcome, end)) = plain
        .as_ref()
        .or(hyphenated.as_ref())
        .and_then(|o| Some((o, o.best()?)))
    else {
        return Broken {
            best: break_all(items, &sums, params, first),
            ..Broken::default()
        };
    };
    let mut best = outcome.breaks(end);
    let mut looser_taken = false;
    if hyphen_run(&best) {
        // Three hyphens in a row: looser lines are the better price, if they avoid them.
        let looser = break_all(items, &sums, params, first);
        if !hyphen_run(&looser) {
            best = looser;
            looser_taken = true;
        }
    }
    // Other settings are counted from the best's lines and demerits (not the looser
    // pass's).
    let (shorter, longer) = match looseness.filter(|_| !looser_taken) {
        Some(min_last) => others::settings(items, &sums, params, (outcome, end), &best, min_last),
        None => (None, None),
    };
    Broken {
        best,
        shorter,
        longer,
    }
}

/// Whether three lines in a row end with a hyphen.
pub fn hyphen_run(breaks: &[Break]) -> bool {
    breaks.windows(3).any(|w| w.iter().all(|b| b.flagged))
}

/// The looser passes over a whole paragraph, after the strict ones failed: ratio ≤ 2,
/// then the emergency pass. The first line starts after a break with `post_width` (a
/// repeated hyphen) and `flagged`.
fn break_all(items: &[Item], sums: &Sums, params: &Params, first: (f32, bool)) -> Vec<Break> {
    let looser = Pass::new(TOLERANCES[1], true);
    if let Some(o) = pass::run(items, sums, params, looser, first) {
        if let Some(end) = o.best() {
            return o.breaks(end);
        }
    }
    let emergency = Pass {
        tolerance: f32::INFINITY,
        emergency: params.emergency_stretch,
        last_resort: true,
        ..looser
    };
    let o = pass::run(items, sums, params, emergency, first)
        .expect("the emergency pass always finds breaks");
    o.breaks(o.best().expect("the emergency pass always ends"))
}

/// Every pass over a stretch of a huge paragraph (see [`break_long`]).
fn break_window(items: &[Item], params: &Params, first: (f32, bool)) -> Vec<Break> {
    let sums = Sums::new(items);
    let plain = params.pretolerance.map(|t| (t, false));
    for (tolerance, hyphens) in plain.into_iter().chain([(TOLERANCES[0], true)]) {
        if let Some(o) = pass::run(items, &sums, params, Pass::new(tolerance, hyphens), first) {
            if let Some(end) = o.best() {
                return o.breaks(end);
            }
        }
    }
    break_all(items, &sums, params, first)
}

/// A huge paragraph (a 10 MB one has millions of items): Knuth–Plass over a window of
/// [`WINDOW`] items, ended as a paragraph ends; the lines that end in its first four
/// fifths are kept and the next window starts after the last of them. Time and the
/// breaker's memory stay linear and bounded per window, and each kept line is still
/// chosen with a long look ahead. (Without a break in those four fifths, the window
/// grows.)
fn break_long(items: &[Item], params: &Params) -> Vec<Break> {
    let mut out: Vec<Break> = Vec::new();
    let mut from = 0;
    let mut window = WINDOW;
    let mut window_items = Vec::new();
    loop {
        let (post_width, flagged) = match out.last().map(|b| items[b.position]) {
            Some(Item::Penalty {
                post_width,
                flagged,
                ..
            }) => (post_width, flagged),
            _ => (0.0, false),
        };
        let shift = |b: Break| Break {
            position: b.position + from,
            ..b
        };
        // Only the paragraph's first lines hang: those the windows so far have not set.
        let window_params = Params {
            hang: Hang {
                lines: params
                    .hang
                    .lines
                    .saturating_sub(u32::try_from(out.len()).unwrap_or(u32::MAX)),
                ..params.hang
            },
            ..*params
        };
        if items.len() - from <= window {
            let rest = break_window(&items[from..], &window_params, (post_width, flagged));
            out.extend(rest.into_iter().map(shift));
            return out;
        }
        window_items.clear();
        window_items.extend_from_slice(&items[from..from + window]);
        window_items.extend_from_slice(&LINE_END);
        let keep = window * 4 / 5;
        let breaks = break_window(&window_items, &window_params, (post_width, flagged));
        let before = out.len();
        out.extend(
            breaks
                .into_iter()
                .take_while(|b| b.position < keep)
                .map(shift),
        );
        match out.get(before..).and_then(<[Break]>::last) {
            Some(last) => {
                from = line_start(items, last.position);
                window = WINDOW;
            }
            None => window *= 2,
        }
    }
}

pub(super) fn is_forced(item: &Item) -> bool {
    matches!(item, Item::Penalty { penalty, .. } if *penalty <= -INFINITE)
}

/// The first item after a break at `b` that a line can start with.
pub fn line_start(items: &[Item], b: usize) -> usize {
    let mut j = b + 1;
    while j < items.len() {
        match items[j] {
            Item::Box { .. } => break,
            _ if is_forced(&items[j]) => break,
            _ => j += 1,
        }
    }
    j
}

#[cfg(test)]
mod tests;

//! Knuth–Plass line breaking: the paragraph as boxes, glue and penalties, broken where the
//! sum of the demerits of all its lines is least (Knuth & Plass, "Breaking paragraphs into
//! lines", 1981; TeX's `\linebreak` with its parameters).
//!
//! Three passes, as TeX does: a strict one (adjustment ratio ≤ 1), a looser one (≤ 2) and
//! an emergency one with extra stretch that accepts any loose line, so a paragraph always
//! gets set. A line is never shrunk past its glue's shrink (ratio ≥ −1): no overfull lines,
//! provided no unbreakable stretch of the paragraph is wider than the measure, which the
//! caller guarantees by giving such stretches break points of their own.

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
    /// Something of fixed width: a piece of a word, an indent.
    Box { width: f32 },
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
    fn width(&self) -> f32 {
        match *self {
            Item::Box { width } | Item::Glue { width, .. } => width,
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
}

impl Params {
    /// TeX's plain defaults for a justified measure.
    pub fn justified(measure: f32, em: f32) -> Self {
        Params {
            measure,
            ragged_stretch: 0.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            adj_demerits: 10_000.0,
            emergency_stretch: 3.0 * em,
        }
    }

    /// Ragged right: the same algorithm with 3 em of stretch at each line's end.
    pub fn ragged(measure: f32, em: f32) -> Self {
        Params {
            ragged_stretch: 3.0 * em,
            ..Params::justified(measure, em)
        }
    }
}

/// Ratio of the passes: TeX's `\pretolerance`-like strict pass, then a looser one.
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

/// Running totals from the paragraph's start, in f64: a paragraph of a million points has
/// f32 sums too coarse to tell whether a line fits to a tenth of a point.
struct Sums {
    width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
}

impl Sums {
    fn new(items: &[Item]) -> Self {
        let n = items.len() + 1;
        let (mut width, mut stretch, mut shrink) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut w, mut st, mut sh) = (0.0f64, 0.0f64, 0.0f64);
        for item in items {
            width.push(w);
            stretch.push(st);
            shrink.push(sh);
            w += f64::from(item.width());
            if let Item::Glue {
                stretch: s,
                shrink: k,
                ..
            } = *item
            {
                st += f64::from(s);
                sh += f64::from(k);
            }
        }
        width.push(w);
        stretch.push(st);
        shrink.push(sh);
        Sums {
            width,
            stretch,
            shrink,
        }
    }
}

#[derive(Debug, Clone)]
struct Node {
    /// Item index of the break (0 for the paragraph's start).
    position: usize,
    /// First item of the line after this break (discardable items skipped).
    start: usize,
    fitness: u8,
    demerits: f64,
    prev: Option<usize>,
    flagged: bool,
    post_width: f32,
    ratio: f32,
    loose: bool,
    overfull: bool,
}

/// Paragraphs of more items than this are broken a window at a time ([`break_long`]); a
/// real book's longest paragraph has a few thousand.
const LONG: usize = 30_000;
/// Items in a window of a long paragraph.
const WINDOW: usize = 20_000;

/// Breaks a paragraph into lines; the items must end with a forced break (−[`INFINITE`]).
pub fn break_lines(items: &[Item], params: &Params) -> Vec<Break> {
    if items.is_empty() {
        return Vec::new();
    }
    if items.len() > LONG {
        return break_long(items, params);
    }
    break_all(items, params, 0.0, false)
}

/// The three passes over a whole paragraph whose first line starts after a break with
/// `post_width` (a repeated hyphen) and `flagged`.
fn break_all(items: &[Item], params: &Params, post_width: f32, flagged: bool) -> Vec<Break> {
    let sums = Sums::new(items);
    let first = (post_width, flagged);
    for tolerance in TOLERANCES {
        if let Some(breaks) = pass(items, &sums, params, tolerance, 0.0, false, first) {
            return breaks;
        }
    }
    pass(
        items,
        &sums,
        params,
        f32::INFINITY,
        params.emergency_stretch,
        true,
        first,
    )
    .expect("the emergency pass always finds breaks")
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
        if items.len() - from <= window {
            let rest = break_all(&items[from..], params, post_width, flagged);
            out.extend(rest.into_iter().map(shift));
            return out;
        }
        window_items.clear();
        window_items.extend_from_slice(&items[from..from + window]);
        window_items.extend_from_slice(&LINE_END);
        let keep = window * 4 / 5;
        let breaks = break_all(&window_items, params, post_width, flagged);
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

fn is_forced(item: &Item) -> bool {
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

fn fitness(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

fn badness(ratio: f32) -> f32 {
    if !ratio.is_finite() {
        return INFINITE;
    }
    (100.0 * ratio.abs().powi(3)).min(INFINITE)
}

/// The adjustment ratio of a line of natural `width` with `stretch` and `shrink`.
fn adjustment_ratio(measure: f32, width: f32, stretch: f32, shrink: f32) -> f32 {
    let slack = measure - width;
    if slack.abs() < 1e-3 {
        0.0
    } else if slack > 0.0 {
        if stretch > 0.0 {
            slack / stretch
        } else {
            f32::INFINITY
        }
    } else if shrink > 0.0 {
        slack / shrink
    } else {
        f32::NEG_INFINITY
    }
}

fn pass(
    items: &[Item],
    sums: &Sums,
    params: &Params,
    tolerance: f32,
    emergency: f32,
    last_resort: bool,
    (first_post_width, first_flagged): (f32, bool),
) -> Option<Vec<Break>> {
    let mut nodes = vec![Node {
        position: 0,
        start: 0,
        fitness: 1,
        demerits: 0.0,
        prev: None,
        flagged: first_flagged,
        post_width: first_post_width,
        ratio: 0.0,
        loose: false,
        overfull: false,
    }];
    let mut active: Vec<usize> = vec![0];
    let last = items.len() - 1;

    for b in 0..items.len() {
        let (pen_width, penalty, flagged, post_width) = match items[b] {
            Item::Penalty {
                width,
                post_width,
                penalty,
                flagged,
            } if penalty < INFINITE => (width, penalty, flagged, post_width),
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
                (0.0, 0.0, false, 0.0)
            }
            _ => continue,
        };
        let forced = penalty <= -INFINITE;
        let mut best: [Option<(f64, usize, f32, bool)>; 4] = [None; 4];
        let mut last_dropped: Option<(usize, f32)> = None;
        let mut keep = Vec::with_capacity(active.len());
        for &a_idx in &active {
            let a = &nodes[a_idx];
            let width = (sums.width[b] - sums.width[a.start]) as f32 + pen_width + a.post_width;
            let stretch = (sums.stretch[b] - sums.stretch[a.start]) as f32 + params.ragged_stretch;
            let shrink = (sums.shrink[b] - sums.shrink[a.start]) as f32;
            let ratio = adjustment_ratio(params.measure, width, stretch, shrink);
            let judged = adjustment_ratio(params.measure, width, stretch + emergency, shrink);
            if ratio < -1.0 {
                last_dropped = Some((a_idx, ratio));
            } else if !forced {
                keep.push(a_idx);
            }
            if !(-1.0..=tolerance).contains(&judged) {
                continue;
            }
            let mut d = f64::from(params.line_penalty + badness(judged)).powi(2);
            if penalty >= 0.0 {
                d += f64::from(penalty).powi(2);
            } else if !forced {
                d -= f64::from(penalty).powi(2);
            }
            if flagged && a.flagged {
                d += f64::from(params.double_hyphen_demerits);
            }
            if b == last && a.flagged {
                d += f64::from(params.final_hyphen_demerits);
            }
            let c = fitness(judged);
            if c.abs_diff(a.fitness) > 1 {
                d += f64::from(params.adj_demerits);
            }
            d += a.demerits;
            let loose = ratio > TOLERANCES[1];
            if best[c as usize].is_none_or(|(bd, ..)| d < bd) {
                best[c as usize] = Some((d, a_idx, ratio, loose));
            }
        }
        active = keep;
        let start = line_start(items, b);
        let mut added = false;
        for (c, slot) in best.iter().enumerate() {
            if let Some((demerits, prev, ratio, loose)) = *slot {
                nodes.push(Node {
                    position: b,
                    start,
                    fitness: c as u8,
                    demerits,
                    prev: Some(prev),
                    flagged,
                    post_width,
                    ratio,
                    loose,
                    overfull: false,
                });
                active.push(nodes.len() - 1);
                added = true;
            }
        }
        if active.is_empty() && !added {
            if !last_resort {
                return None;
            }
            // Nothing fits: an unbreakable stretch wider than the measure. Break here
            // anyway, overfull, rather than lose the paragraph.
            let (prev, ratio) = last_dropped.unwrap_or((0, -1.0));
            let demerits = nodes[prev].demerits + f64::from(INFINITE);
            nodes.push(Node {
                position: b,
                start,
                fitness: 0,
                demerits,
                prev: Some(prev),
                flagged,
                post_width,
                ratio,
                loose: false,
                overfull: true,
            });
            active.push(nodes.len() - 1);
        }
    }

    let best = active
        .iter()
        .copied()
        .filter(|&n| nodes[n].position == last)
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut breaks = Vec::new();
    let mut cursor = Some(best);
    while let Some(n) = cursor {
        let node = &nodes[n];
        if node.prev.is_none() {
            break;
        }
        breaks.push(Break {
            position: node.position,
            ratio: node.ratio,
            flagged: node.flagged,
            loose: node.loose,
            overfull: node.overfull,
        });
        cursor = node.prev;
    }
    breaks.reverse();
    Some(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items for plain text in a fixed-pitch "font": every character 1 unit wide, spaces
    /// 1 unit stretching by ½ and shrinking by ⅓, as the flow sets them.
    fn items(text: &str) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                items.push(Item::Glue {
                    width: 1.0,
                    stretch: 0.5,
                    shrink: 1.0 / 3.0,
                });
            }
            items.push(Item::Box {
                width: word.chars().count() as f32,
            });
        }
        items.push(Item::Penalty {
            width: 0.0,
            post_width: 0.0,
            penalty: INFINITE,
            flagged: false,
        });
        items.push(Item::Glue {
            width: 0.0,
            stretch: 100_000.0,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            post_width: 0.0,
            penalty: -INFINITE,
            flagged: false,
        });
        items
    }

    /// Widths of the set lines (glue adjusted by each line's ratio).
    fn set_widths(items: &[Item], breaks: &[Break]) -> Vec<f32> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let mut w = 0.0;
            for item in &items[start..b.position] {
                w += match *item {
                    Item::Box { width } => width,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        width
                            + if b.ratio >= 0.0 {
                                b.ratio * stretch
                            } else {
                                b.ratio * shrink
                            }
                    }
                    Item::Penalty { .. } => 0.0,
                };
            }
            if let Item::Penalty { width, .. } = items[b.position] {
                w += width;
            }
            out.push(w);
            start = line_start(items, b.position);
        }
        out
    }

    const FROG: &str = "In olden times when wishing still helped one there lived a king whose \
        daughters were all beautiful and the youngest was so beautiful that the sun itself \
        which has seen so much was astonished whenever it shone in her face";

    #[test]
    fn known_paragraph_breaks_and_ratios() {
        let items = items(FROG);
        let measure = 40.0;
        let breaks = break_lines(&items, &Params::justified(measure, 1.0));
        // 220 characters on a 40-unit measure: six lines, every one but the last full.
        assert_eq!(breaks.len(), 6);
        let words_per_line: Vec<usize> = {
            let mut start = 0;
            breaks
                .iter()
                .map(|b| {
                    let n = items[start..b.position]
                        .iter()
                        .filter(|i| matches!(i, Item::Box { .. }))
                        .count();
                    start = line_start(&items, b.position);
                    n
                })
                .collect()
        };
        assert_eq!(words_per_line, [7, 7, 7, 7, 7, 5]);
        let widths = set_widths(&items, &breaks);
        for (i, (b, w)) in breaks.iter().zip(&widths).enumerate() {
            assert!(
                b.ratio >= -1.0 && b.ratio <= TOLERANCES[1],
                "line {i}: {b:?}"
            );
            assert!(*w <= measure + 1e-3, "line {i} is {w} wide");
            if i + 1 < breaks.len() {
                assert!((w - measure).abs() < 1e-3, "line {i} is not justified: {w}");
            }
            assert!(!b.loose && !b.overfull);
        }
        // The break positions are glue items (odd indices in this item list).
        let positions: Vec<usize> = breaks.iter().map(|b| b.position).collect();
        assert!(positions[..4].iter().all(|p| p % 2 == 1), "{positions:?}");
        assert_eq!(*positions.last().unwrap(), items.len() - 1);
    }

    #[test]
    fn total_fit_beats_first_fit() {
        // Greedy filling would leave a very loose line; total fit evens them out.
        let items = items("aaa bb cc ddddd");
        let breaks = break_lines(&items, &Params::justified(6.0, 1.0));
        let widths = set_widths(&items, &breaks);
        assert_eq!(breaks.len(), 3, "{breaks:?}");
        assert!(widths.iter().all(|w| *w <= 6.0 + 1e-3));
    }

    #[test]
    fn hyphen_penalty_width_counts_and_hyphens_do_not_stack() {
        // «aaaa-bbbb» as a discretionary: its width appears only when broken.
        let mut items = Vec::new();
        for _ in 0..6 {
            items.push(Item::Box { width: 4.0 });
            items.push(Item::Penalty {
                width: 1.0,
                post_width: 0.0,
                penalty: 50.0,
                flagged: true,
            });
            items.push(Item::Box { width: 4.0 });
            items.push(Item::Glue {
                width: 1.0,
                stretch: 0.5,
                shrink: 0.33,
            });
        }
        items.pop();
        items.extend(self::items("")[1..].iter().copied());
        let breaks = break_lines(&items, &Params::justified(14.0, 1.0));
        let widths = set_widths(&items, &breaks);
        assert!(widths.iter().all(|w| *w <= 14.0 + 1e-3), "{widths:?}");
        for pair in breaks.windows(2) {
            assert!(!(pair[0].flagged && pair[1].flagged), "{breaks:?}");
        }
    }

    #[test]
    fn repeated_hyphen_counts_on_the_next_line() {
        // «franco-» / «-boliviano»: the post-break width is charged to the next line.
        let mut items = vec![
            Item::Box { width: 7.0 },
            Item::Penalty {
                width: 0.0,
                post_width: 1.0,
                penalty: 50.0,
                flagged: true,
            },
            Item::Box { width: 9.0 },
        ];
        items.extend(LINE_END);
        // 7 + 9 do not fit in 12; 1 + 9 do.
        let breaks = break_lines(&items, &Params::ragged(12.0, 1.0));
        assert_eq!(breaks.len(), 2);
        assert_eq!(breaks[0].position, 1);
        // 11.5 does not leave room for «-» + 9 + … = 10 ≤ 11.5, but 9.5 would not fit.
        let breaks = break_lines(&items, &Params::ragged(9.5, 1.0));
        assert!(breaks.iter().any(|b| b.overfull), "{breaks:?}");
    }

    #[test]
    fn emergency_pass_sets_loose_rather_than_overfull() {
        // Two long words that cannot share a line: the first line must be very loose.
        let items = items("aaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbb cc");
        let breaks = break_lines(&items, &Params::justified(22.0, 1.0));
        let widths = set_widths(&items, &breaks);
        assert!(widths.iter().all(|w| *w <= 22.0 + 1e-3), "{widths:?}");
        assert!(breaks.iter().all(|b| !b.overfull));
        assert!(breaks.iter().any(|b| b.loose), "{breaks:?}");
    }

    #[test]
    fn long_paragraphs_are_broken_window_by_window() {
        let items = items(&FROG.repeat(400));
        assert!(items.len() > LONG);
        let measure = 40.0;
        let breaks = break_lines(&items, &Params::justified(measure, 1.0));
        assert!(breaks.windows(2).all(|w| w[0].position < w[1].position));
        assert_eq!(breaks.last().unwrap().position, items.len() - 1);
        for (b, w) in breaks.iter().zip(set_widths(&items, &breaks)) {
            assert!(w <= measure + 1e-3 && !b.overfull, "{b:?}: {w}");
        }
    }

    #[test]
    fn no_line_is_ever_wider_than_the_measure() {
        let text = FROG.repeat(3);
        let items = items(&text);
        for measure in [20.0, 27.0, 33.0, 45.0, 60.0] {
            let breaks = break_lines(&items, &Params::justified(measure, 1.0));
            for (b, w) in breaks.iter().zip(set_widths(&items, &breaks)) {
                assert!(w <= measure + 1e-3, "{measure}: {w}");
                assert!(b.ratio >= -1.0);
            }
        }
    }
}

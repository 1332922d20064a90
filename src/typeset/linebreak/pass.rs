//! One pass of Knuth–Plass over a paragraph: every feasible break, the best way to reach
//! it per fitness class (and, when asked, per number of lines), and the lines back from
//! the paragraph's end.

use super::{is_forced, line_start, Break, Item, Params, INFINITE, TOLERANCES};

/// Running totals from the paragraph's start, in f64: a paragraph of a million points has
/// f32 sums too coarse to tell whether a line fits to a tenth of a point.
pub(super) struct Sums {
    width: Vec<f64>,
    stretch: Vec<f64>,
    shrink: Vec<f64>,
}

impl Sums {
    pub fn new(items: &[Item]) -> Self {
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
            if let Item::Box { track, .. } = *item {
                st += f64::from(track);
                sh += f64::from(track * super::TRACK_SHRINK);
            }
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

/// How a pass judges lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pass {
    /// The largest adjustment ratio a line may have.
    pub tolerance: f32,
    /// Stretch added to every line when judging it (the emergency pass).
    pub emergency: f32,
    /// Break overfull rather than fail when nothing fits.
    pub last_resort: bool,
    /// Whether the breaks that add a hyphen are tried: TeX's first pass does without the
    /// patterns' hyphens; this one does without the author's soft hyphens too, which
    /// show a hyphen as the patterns' do.
    pub hyphens: bool,
    /// Keep the best way to each break per number of lines too, so that the paragraph's
    /// best settings one line shorter and longer can be read back (TeX's `\looseness`).
    pub by_lines: bool,
    /// The narrowest natural width the paragraph's last line may have; when above 0,
    /// that line must hold two words too.
    pub min_last: f32,
}

impl Pass {
    /// A pass at `tolerance`, with or without the breaks that add a hyphen, that fails
    /// rather than set a line overfull and keeps one way to each break per fitness.
    pub fn new(tolerance: f32, hyphens: bool) -> Self {
        Pass {
            tolerance,
            emergency: 0.0,
            last_resort: false,
            hyphens,
            by_lines: false,
            min_last: 0.0,
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
    /// Lines from the paragraph's start to this break.
    lines: u32,
    /// This break ends the second hyphenated line in a row.
    second_hyphen: bool,
    demerits: f64,
    prev: Option<usize>,
    flagged: bool,
    post_width: f32,
    ratio: f32,
    loose: bool,
    overfull: bool,
}

/// The breaks a pass found: every node, and those at the paragraph's end.
pub(super) struct Outcome {
    nodes: Vec<Node>,
    ends: Vec<usize>,
}

impl Outcome {
    /// The end reached with the least demerits.
    pub fn best(&self) -> Option<usize> {
        self.best_where(|_| true)
    }

    /// The end reached in `lines` lines with the least demerits.
    pub fn best_in(&self, lines: u32) -> Option<usize> {
        self.best_where(|n| n.lines == lines)
    }

    fn best_where(&self, keep: impl Fn(&Node) -> bool) -> Option<usize> {
        self.ends
            .iter()
            .copied()
            .filter(|&n| keep(&self.nodes[n]))
            .min_by(|&x, &y| self.nodes[x].demerits.total_cmp(&self.nodes[y].demerits))
    }

    pub fn lines(&self, end: usize) -> u32 {
        self.nodes[end].lines
    }

    pub fn demerits(&self, end: usize) -> f64 {
        self.nodes[end].demerits
    }

    /// The lines of the setting ending at `end`, first to last.
    pub fn breaks(&self, end: usize) -> Vec<Break> {
        let mut breaks = Vec::new();
        let mut cursor = Some(end);
        while let Some(n) = cursor {
            let node = &self.nodes[n];
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
        breaks
    }
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

/// The best way found so far to a break, for one key (fitness class, lines, second
/// hyphen in a row).
#[derive(Clone, Copy)]
struct Candidate {
    key: (u8, u32, bool),
    lines: u32,
    demerits: f64,
    prev: usize,
    ratio: f32,
    loose: bool,
}

/// The nodes made at one break whose next line has one measure (consecutive in the
/// node list): they share that line, so a break measures them once and drops them
/// together. A pass by line count makes several nodes at most breaks, and most of a
/// break's work was measuring lines that were still too short.
#[derive(Clone, Copy)]
struct Group {
    first: usize,
    end: usize,
}

/// Runs one pass; none when some stretch of the paragraph fits no line (unless it is the
/// last resort). The paragraph's first line starts after a break with
/// `first_post_width` (a repeated hyphen) and `first_flagged`.
pub(super) fn run(
    items: &[Item],
    sums: &Sums,
    params: &Params,
    how: Pass,
    (first_post_width, first_flagged): (f32, bool),
) -> Option<Outcome> {
    let mut nodes = vec![Node {
        position: 0,
        start: 0,
        fitness: 1,
        lines: 0,
        second_hyphen: false,
        demerits: 0.0,
        prev: None,
        flagged: first_flagged,
        post_width: first_post_width,
        ratio: 0.0,
        loose: false,
        overfull: false,
    }];
    let mut active = vec![Group { first: 0, end: 1 }];
    let last = items.len() - 1;
    let mut best: Vec<Candidate> = Vec::new();
    let mut keep = Vec::new();
    // A last line held to a width must hold two words at least: it starts before the
    // paragraph's last space (its end is the line end: a penalty, the filling glue, the
    // forced break).
    let last_space = items[..last.saturating_sub(2)]
        .iter()
        .rposition(|i| matches!(i, Item::Glue { .. }));
    let short_last = |start: usize, width: f32| {
        how.min_last > 0.0 && (width < how.min_last || last_space.is_none_or(|s| start > s))
    };

    for b in 0..items.len() {
        let (pen_width, penalty, flagged, post_width) = match items[b] {
            Item::Penalty {
                width,
                post_width,
                penalty,
                flagged,
            } if penalty < INFINITE && (how.hyphens || !flagged || width == 0.0) => {
                (width, penalty, flagged, post_width)
            }
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
                (0.0, 0.0, false, 0.0)
            }
            _ => continue,
        };
        let forced = penalty <= -INFINITE;
        best.clear();
        let mut last_dropped: Option<(usize, f32)> = None;
        keep.clear();
        for &group in &active {
            let a = &nodes[group.first];
            let width = (sums.width[b] - sums.width[a.start]) as f32 + pen_width + a.post_width;
            let stretch = (sums.stretch[b] - sums.stretch[a.start]) as f32 + params.ragged_stretch;
            let shrink = (sums.shrink[b] - sums.shrink[a.start]) as f32;
            let measure = params.measure_after(a.lines);
            let ratio = adjustment_ratio(measure, width, stretch, shrink);
            let judged = adjustment_ratio(measure, width, stretch + how.emergency, shrink);
            if ratio < -1.0 {
                last_dropped = Some((group.end - 1, ratio));
            } else if !forced {
                keep.push(group);
            }
            if !(-1.0..=how.tolerance).contains(&judged)
                || (b == last && short_last(a.start, width))
            {
                continue;
            }
            let mut line = f64::from(params.line_penalty + badness(judged)).powi(2);
            if penalty >= 0.0 {
                line += f64::from(penalty).powi(2);
            } else if !forced {
                line -= f64::from(penalty).powi(2);
            }
            let c = fitness(judged);
            for (a_idx, a) in nodes.iter().enumerate().take(group.end).skip(group.first) {
                let mut d = line;
                let second_hyphen = flagged && a.flagged;
                if second_hyphen {
                    d += f64::from(params.double_hyphen_demerits);
                    if a.second_hyphen {
                        d += f64::from(params.triple_hyphen_demerits);
                    }
                }
                if b == last && a.flagged {
                    d += f64::from(params.final_hyphen_demerits);
                }
                if c.abs_diff(a.fitness) > 1 {
                    d += f64::from(params.adj_demerits);
                }
                d += a.demerits;
                let lines = a.lines + 1;
                // Breaks before a narrower line differ by what follows them: kept apart
                // by their line count, as TeX keeps them apart under a `\parshape`.
                let counted = how.by_lines || lines < params.hang.lines;
                let key = (c, if counted { lines } else { 0 }, second_hyphen);
                let candidate = Candidate {
                    key,
                    lines,
                    demerits: d,
                    prev: a_idx,
                    ratio,
                    loose: ratio > TOLERANCES[1],
                };
                match best.iter_mut().find(|k| k.key == key) {
                    Some(k) if d < k.demerits => *k = candidate,
                    Some(_) => {}
                    None => best.push(candidate),
                }
            }
        }
        std::mem::swap(&mut active, &mut keep);
        let start = line_start(items, b);
        let born = nodes.len();
        for k in &best {
            nodes.push(Node {
                position: b,
                start,
                fitness: k.key.0,
                lines: k.lines,
                second_hyphen: k.key.2,
                demerits: k.demerits,
                prev: Some(k.prev),
                flagged,
                post_width,
                ratio: k.ratio,
                loose: k.loose,
                overfull: false,
            });
            let made = nodes.len() - 1;
            // A node joins the group made before it at this break when its next line
            // has the same measure (a hanging indent ends after some line count).
            match active.last_mut() {
                Some(g)
                    if g.end == made
                        && g.first >= born
                        && params.measure_after(nodes[g.first].lines)
                            == params.measure_after(k.lines) =>
                {
                    g.end += 1;
                }
                _ => active.push(Group {
                    first: made,
                    end: made + 1,
                }),
            }
        }
        if active.is_empty() {
            if !how.last_resort {
                return None;
            }
            // Nothing fits: an unbreakable stretch wider than the measure. Break here
            // anyway, overfull, rather than lose the paragraph.
            let (prev, ratio) = last_dropped.unwrap_or((0, -1.0));
            let demerits = nodes[prev].demerits + f64::from(INFINITE);
            let lines = nodes[prev].lines + 1;
            nodes.push(Node {
                position: b,
                start,
                fitness: 0,
                lines,
                second_hyphen: false,
                demerits,
                prev: Some(prev),
                flagged,
                post_width,
                ratio,
                loose: false,
                overfull: true,
            });
            active.push(Group {
                first: nodes.len() - 1,
                end: nodes.len(),
            });
        }
    }
    debug_assert!(is_forced(&items[last]));
    let ends: Vec<usize> = active
        .iter()
        .flat_map(|g| g.first..g.end)
        .filter(|&n| nodes[n].position == last)
        .collect();
    if ends.is_empty() {
        return None;
    }
    Some(Outcome { nodes, ends })
}

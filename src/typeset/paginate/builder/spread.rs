//! Spreads: a verso and the recto facing it set together, so that their last lines
//! stand level, as a compositor makes them; the chapter's opening page and its spreads
//! chosen together.

use std::collections::HashSet;

use super::looseness::Change;
use super::{Builder, Filled, NoteLine, Placement, Plan, Source};
use crate::typeset::flow::VItem;

/// What the builder has placed so far, saved while looking a page ahead.
#[derive(Clone)]
struct State {
    pos: usize,
    noted: HashSet<u32>,
    carry: Vec<NoteLine>,
    floats: Vec<usize>,
}

/// How many partial layouts of a chapter are kept while choosing its pages; more near
/// its end, where how many lines are left decides whether the last page is a good one.
/// A paragraph set otherwise on one spread often pays only on a later one, so a few
/// layouts that did so are kept beside the cheapest (on the Quijote, 2 leave 5.7 % of
/// the pages long or short, 4 leave 5.2 %, 8 no fewer).
const BEAM: usize = 4;
const BEAM_AT_END: usize = 8;

/// How many of a step's paragraphs, the cheapest to set otherwise, are tried.
const CANDIDATES: usize = 6;

/// Cost of a spread whose pages do not end on the same line.
const UNEVEN: f64 = 12.0;

/// Cost of a page run one line long or short to keep a spread level: more than two
/// paragraphs set otherwise, which a reader does not see, where a page off the grid
/// shows at the foot of the spread; and a spread of two such pages more than a chapter
/// given a page more and four paragraphs a line longer to fill its last page (at 3, the
/// Quijote ran a spread long in one chapter rather than do so).
const OFF_GRID: f64 = 4.0;

/// Cost of a spread whose two pages end `depth` lines below (or above) the grid's last.
fn depth_cost(depth: i8) -> f64 {
    if depth == 0 {
        0.0
    } else {
        2.0 * OFF_GRID
    }
}

/// Cost of a paragraph set a line shorter or longer to keep a spread level and full: less
/// than two pages off the grid, plus a measure of its demerits over its best setting
/// (which run from tens to millions, hence the logarithm), so the cheapest paragraph of
/// the spread is the one changed.
const LOOSE: f64 = 0.6;
const LOOSE_DEMERITS: f64 = 0.04;
const LOOSE_MOST: f64 = 0.6;

/// The cost of setting a paragraph otherwise, from its demerits over its best setting.
fn loose_cost(demerits: f64) -> f64 {
    LOOSE + (LOOSE_DEMERITS * demerits.max(0.0).ln_1p()).min(LOOSE_MOST)
}

/// Cost of a chapter whose last page holds fewer than [`ENDING_LINES`] lines: more
/// than a spread run long or short to give it lines or take them.
const SHORT_ENDING: f64 = 10.0;

/// The fewest lines a chapter's last page should carry, unless the chapter is one page.
const ENDING_LINES: usize = 5;

/// Cost of each page, so that of two layouts as good the shorter wins.
const PAGE: f64 = 2.0;

/// Cost of an opening page whose title and text stand a line lower (or higher) than the
/// design's sink, so that the page comes out full: a compositor's remedy when no
/// paragraph on it can be set a line longer or shorter (an opening of short speeches),
/// or when the line the opening gives or takes lets a later spread stand full. The foot
/// of the page stays on the grid and level with the book; the title's drop, seen only
/// beside another opening, moves by a line. Less than a page off the grid, more than a
/// page more (at 2, the Quijote moved two more titles, each to save a page).
const SINK_MOVED: f64 = 3.0;

/// A way to set the chapter's pages up to some point.
struct Path {
    state: State,
    /// How far down the opening page's title starts (the sink, moved or not).
    sink: Option<f32>,
    plans: Vec<Plan>,
    changes: Vec<Change>,
    cost: f64,
}

/// A way to set the next step: its pages, what it costs, and the paragraphs it sets a
/// line shorter or longer.
struct Choice {
    plans: Vec<Plan>,
    /// The opening page's sink, for an opening (the book's, or moved by a line).
    sink: Option<f32>,
    cost: f64,
    change: Vec<Change>,
}

/// What the search sets next: the chapter's opening recto, its title and text starting
/// this far down (the design's sink), or a verso and the recto facing it.
#[derive(Clone, Copy)]
enum Step {
    Opening(Option<f32>),
    Spread,
}

impl Builder<'_> {
    /// Fills all the chapter's pages: the opening recto (its title and text from `sink`
    /// down, or a line lower or higher), full where it can be, then spreads whose last lines stand level: both pages full, or
    /// both one line long or short. The pages are chosen together, keeping the few best
    /// partial layouts step by step, since where one spread ends decides what the next
    /// can do; a spread where no depth suits both pages costs more than one run long or
    /// short, and one that only levels with a paragraph set a line shorter or longer
    /// costs less. A flow that opens on a verso (the copyright page) is set page by page.
    pub fn pages(&mut self, sink: Option<f32>, opens_on_verso: bool) -> Vec<Filled> {
        let mut pages = Vec::new();
        if !opens_on_verso {
            let start = self.state();
            let (plans, opening) = self.choose_pages(sink);
            self.restore(start);
            for (i, plan) in plans.into_iter().enumerate() {
                // The opening recto, then versos at odd places and rectos at even.
                self.verso = i % 2 == 1;
                pages.push(self.commit(plan, if i == 0 { opening } else { None }));
            }
        }
        // Whatever is left (all of a flow that opens on a verso, or what the search gave
        // up on: a list that will not progress) is set page by page.
        self.page_by_page(&mut pages, sink, opens_on_verso);
        pages
    }

    /// Sets the rest of the flow one page at a time, each as the side it falls on.
    fn page_by_page(&mut self, pages: &mut Vec<Filled>, sink: Option<f32>, opens_on_verso: bool) {
        while !self.done() {
            self.verso = pages.len().is_multiple_of(2) == opens_on_verso;
            let sink = if pages.is_empty() { sink } else { None };
            let plan = self.plan(sink);
            pages.push(self.commit(plan, sink));
        }
        self.verso = false;
    }

    /// The chapter's pages from the builder's current state: its opening recto, its title
    /// and text from `sink` down (or a line lower or higher), then two by two; the list is left
    /// with the paragraphs' settings the chosen pages take. Returns the pages and the
    /// opening's sink.
    fn choose_pages(&mut self, sink: Option<f32>) -> (Vec<Plan>, Option<f32>) {
        let mut beam = vec![Path {
            state: self.state(),
            sink,
            plans: Vec::new(),
            changes: Vec::new(),
            cost: 0.0,
        }];
        // Every step moves on by an item or a note line at least.
        let most = self.flow.vlist.len() + self.flow.notes.iter().map(Vec::len).sum::<usize>();
        for _ in 0..=most {
            let mut next: Vec<Path> = Vec::new();
            let mut open = false;
            let mut near_end = false;
            for path in beam {
                self.configure(&path.changes);
                self.restore(path.state.clone());
                if self.done() {
                    next.push(path);
                    continue;
                }
                open = true;
                near_end |= self.near_end();
                let step = if path.plans.is_empty() {
                    Step::Opening(sink)
                } else {
                    Step::Spread
                };
                for choice in self.options(step) {
                    let mut changes = path.changes.clone();
                    changes.extend(&choice.change);
                    self.configure(&changes);
                    self.restore(path.state.clone());
                    let mut cost = path.cost + choice.cost + PAGE * choice.plans.len() as f64;
                    for (i, plan) in choice.plans.iter().enumerate() {
                        match step {
                            // A chapter of one page is not one that ends short.
                            Step::Opening(_) => self.advance(*plan, choice.sink),
                            Step::Spread => {
                                self.verso = i == 0;
                                if i + 1 == choice.plans.len() && self.ends_short(*plan) {
                                    cost += SHORT_ENDING;
                                }
                                self.advance(*plan, None);
                            }
                        }
                    }
                    self.verso = false;
                    let mut plans = path.plans.clone();
                    plans.extend(&choice.plans);
                    next.push(Path {
                        state: self.state(),
                        sink: match step {
                            Step::Opening(_) => choice.sink,
                            Step::Spread => path.sink,
                        },
                        plans,
                        changes,
                        cost,
                    });
                }
            }
            // The cheapest first, ties in the order the options were made; of paths
            // that reached the same place, only the cheapest is worth going on with.
            next.sort_by(|a, b| a.cost.total_cmp(&b.cost));
            let width = if near_end { BEAM_AT_END } else { BEAM };
            // Where a path stands in the text: its place in its list less the lines its
            // changes added, and the changes that reach past it.
            let mut kept: Vec<(Path, (isize, Vec<Change>))> = Vec::with_capacity(width);
            for path in next {
                if kept.len() == width {
                    break;
                }
                let added: isize = path.changes.iter().map(|c| isize::from(c.1)).sum();
                let place = path.state.pos as isize - added;
                let live = (place, self.live(&path.changes, path.state.pos));
                let same = kept.iter().any(|(k, k_live)| {
                    k.state.carry == path.state.carry
                        && k.state.floats == path.state.floats
                        && *k_live == live
                });
                if !same {
                    kept.push((path, live));
                }
            }
            let kept: Vec<Path> = kept.into_iter().map(|(p, _)| p).collect();
            beam = kept;
            if !open {
                break;
            }
        }
        let best = beam.into_iter().next();
        let changes = best.as_ref().map(|p| p.changes.clone()).unwrap_or_default();
        self.configure(&changes);
        best.map_or((Vec::new(), sink), |p| (p.plans, p.sink))
    }

    /// Whether the chapter's end is within a few pages: there the search keeps more ways
    /// to reach it.
    fn near_end(&self) -> bool {
        let left = self.flow.vlist.len().saturating_sub(self.pos);
        left <= 4 * self.geo.lines
    }

    /// Whether the page `plan` describes ends the chapter with fewer than
    /// [`ENDING_LINES`] lines.
    fn ends_short(&self, plan: Plan) -> bool {
        if plan.stop < self.flow.vlist.len() {
            return false;
        }
        let sim = self.simulate(plan.stop, plan.extra, None);
        if !sim.carry_out.is_empty() || !sim.floats_out.is_empty() {
            return false;
        }
        let lines = sim
            .placed
            .iter()
            .filter(|p| {
                matches!(p, Placement::Item(Source::Vlist(i), _)
                    if matches!(self.flow.vlist[*i], VItem::Line { .. }))
            })
            .count();
        lines < ENDING_LINES
    }

    /// The ways to set the next step, with their costs. A spread: level at each depth
    /// the breaks allow, level and full with one paragraph set a line shorter or longer
    /// (two when no one paragraph makes it full, or near the chapter's end), and the
    /// two pages set each as it would be alone. The opening page: full, full with a
    /// paragraph set otherwise, full with its sink a line lower or higher, or as it
    /// would be alone. A paragraph is tried otherwise even on a spread that is full
    /// already: pages further on may need its line.
    fn options(&mut self, step: Step) -> Vec<Choice> {
        let saved = self.state();
        let (depths, sink): (&[i8], _) = match step {
            Step::Opening(sink) => (&[0], sink),
            Step::Spread => (&[0, -1, 1], None),
        };
        let mut options = Vec::new();
        for &depth in depths {
            if let Some(plans) = self.fit(step, depth) {
                options.push(Choice {
                    plans,
                    sink,
                    cost: depth_cost(depth),
                    change: Vec::new(),
                });
            }
            self.restore(saved.clone());
        }
        let full = options.first().is_some_and(|o| o.cost == 0.0);
        options.extend(self.moved_sinks(sink));
        let alone = self.alone(step, full);
        let end = alone.plans.last().map_or(self.pos, |p| p.stop);
        let mut candidates = self.changes_before(end);
        // The cheapest few: a page of short dialogue paragraphs offers dozens, and every
        // one tried (and every two) sets the list again.
        candidates.sort_by(|a, b| a.1.total_cmp(&b.1));
        candidates.truncate(CANDIDATES);
        let before = self.changed();
        let tried = |with: &[(Change, f64)], flow: &mut Self| {
            let mut changes = before.clone();
            changes.extend(with.iter().map(|c| c.0));
            flow.configure(&changes);
            // Full if it can be; else (a spread) both pages a line long or short, which
            // still beats facing pages that end apart.
            let level = depths.iter().find_map(|&depth| {
                flow.restore(saved.clone());
                flow.fit(step, depth)
                    .map(|plans| (plans, depth_cost(depth)))
            });
            flow.configure(&before);
            flow.restore(saved.clone());
            level.map(|(plans, off)| Choice {
                plans,
                sink,
                cost: off + with.iter().map(|(_, d)| loose_cost(*d)).sum::<f64>(),
                change: with.iter().map(|c| c.0).collect(),
            })
        };
        let singles: Vec<Choice> = candidates
            .iter()
            .filter_map(|c| tried(std::slice::from_ref(c), self))
            .collect();
        // When no one paragraph makes the pages full, two may; near the chapter's end,
        // two may also give its last page lines or take them. (A paragraph set otherwise
        // costs less than a page off the grid: a cheap single is a full one.)
        let made_full = singles.iter().any(|o| o.cost < depth_cost(1));
        if (!full && !made_full) || self.near_end() {
            for (i, a) in candidates.iter().enumerate() {
                for b in &candidates[i + 1..] {
                    if a.0 .0 != b.0 .0 {
                        options.extend(tried(&[*a, *b], self));
                    }
                }
            }
        }
        options.extend(singles);
        options.push(alone);
        options
    }

    /// The opening page full with its sink a line lower or higher than `sink`, the
    /// chapter's title never rising above the top of the text block.
    fn moved_sinks(&mut self, sink: Option<f32>) -> Vec<Choice> {
        let Some(sink) = sink else {
            return Vec::new();
        };
        let saved = self.state();
        let mut choices = Vec::new();
        for lines in [1.0, -1.0] {
            let moved = sink + lines * self.geo.leading;
            if moved < 0.0 {
                continue;
            }
            if let Some(plans) = self.fit(Step::Opening(Some(moved)), 0) {
                choices.push(Choice {
                    plans,
                    sink: Some(moved),
                    cost: SINK_MOVED,
                    change: Vec::new(),
                });
            }
            self.restore(saved.clone());
        }
        choices
    }

    /// The pages of `step` ending `depth` lines below (or above) the grid's last, when the
    /// breaks allow it; the builder is left past them.
    fn fit(&mut self, step: Step, depth: i8) -> Option<Vec<Plan>> {
        match step {
            Step::Opening(sink) => {
                self.verso = false;
                self.plan_at(depth, sink).map(|plan| vec![plan])
            }
            Step::Spread => self.level_at(depth),
        }
    }

    /// The pages of `step` each set as it would be alone: a spread's verso, and its
    /// recto unless the chapter ends there, costing an uneven spread; the opening page,
    /// costing a page off the grid unless it is `full` or holds the whole chapter.
    fn alone(&mut self, step: Step, full: bool) -> Choice {
        let saved = self.state();
        let choice = match step {
            Step::Opening(sink) => {
                self.verso = false;
                let plan = self.plan(sink);
                let off = !full && !self.rest_fits(sink);
                Choice {
                    plans: vec![plan],
                    sink,
                    cost: if off { OFF_GRID } else { 0.0 },
                    change: Vec::new(),
                }
            }
            Step::Spread => {
                self.verso = true;
                let verso = self.plan(None);
                self.advance(verso, None);
                self.verso = false;
                let mut plans = vec![verso];
                if !self.done() {
                    plans.push(self.plan(None));
                }
                Choice {
                    sink: None,
                    cost: if plans.len() == 2 { UNEVEN } else { 0.0 },
                    plans,
                    change: Vec::new(),
                }
            }
        };
        self.restore(saved);
        choice
    }

    /// The verso and its recto level `depth` lines below (or above) the grid's last, when
    /// the breaks allow it; the builder is left past them.
    fn level_at(&mut self, depth: i8) -> Option<Vec<Plan>> {
        self.verso = true;
        let verso = self.plan_at(depth, None);
        self.verso = false;
        let verso = verso?;
        self.verso = true;
        self.advance(verso, None);
        self.verso = false;
        let recto = if self.rest_fits(None) {
            Some(self.plan(None))
        } else {
            self.plan_at(depth, None)
        };
        recto.map(|recto| vec![verso, recto])
    }

    /// The next page (its text from `sink` down) ending at a good break on the line `depth`
    /// lines below (or above) the grid's last, when the chapter goes on past it: its last
    /// line there, or its footnotes' (see `Candidate::full`). The page's foot moves
    /// with it: a page run short carries its footnotes a line higher too, so that its
    /// last line stands level with the facing page's.
    fn plan_at(&self, depth: i8, sink: Option<f32>) -> Option<Plan> {
        let leading = self.geo.leading;
        let extra = f32::from(depth) * leading;
        let sim = self.simulate(self.flow.vlist.len(), extra, sink);
        sim.overflow?;
        sim.candidates
            .iter()
            .rev()
            .find(|c| c.full(leading))
            .map(|c| Plan {
                stop: c.boundary,
                extra,
            })
    }

    /// Whether the rest of the chapter, notes and figures included, fits on the next
    /// page (its text from `sink` down).
    fn rest_fits(&self, sink: Option<f32>) -> bool {
        let sim = self.simulate(self.flow.vlist.len(), 0.0, sink);
        sim.overflow.is_none() && sim.carry_out.is_empty() && sim.floats_out.is_empty()
    }

    /// Moves past the page `plan` describes without setting it (for looking ahead).
    fn advance(&mut self, plan: Plan, sink: Option<f32>) {
        let sim = self.simulate(plan.stop, plan.extra, sink);
        self.pos = plan.stop.max(self.pos);
        self.noted.extend(&sim.noted);
        self.carry = sim.carry_out;
        self.floats = sim.floats_out;
    }

    fn state(&self) -> State {
        State {
            pos: self.pos,
            noted: self.noted.clone(),
            carry: self.carry.clone(),
            floats: self.floats.clone(),
        }
    }

    fn restore(&mut self, state: State) {
        self.pos = state.pos;
        self.noted = state.noted;
        self.carry = state.carry;
        self.floats = state.floats;
    }
}

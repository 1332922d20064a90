//! Spreads: a verso and the recto facing it set together, so that their last lines
//! stand level, as a compositor makes them, the chapter's spreads chosen together.

use std::collections::HashSet;

use super::{Builder, Filled, NoteLine, Plan};

/// What the builder has placed so far, saved while looking a page ahead.
#[derive(Clone)]
struct State {
    pos: usize,
    noted: HashSet<u32>,
    carry: Vec<NoteLine>,
    floats: Vec<usize>,
}

/// How many partial layouts of a chapter are kept while choosing its spreads.
const BEAM: usize = 2;

/// Cost of a spread whose pages do not end on the same line.
const UNEVEN: u32 = 10;

/// Cost of a page run one line long or short to keep a spread level.
const OFF_GRID: u32 = 1;

/// Cost of each page, so that of two layouts as good the shorter wins.
const PAGE: u32 = 2;

/// A way to set the chapter's pages up to some point.
struct Path {
    state: State,
    plans: Vec<Plan>,
    cost: u32,
}

impl Builder<'_> {
    /// Fills all the chapter's pages: the opening recto (from `sink`), then spreads whose
    /// last lines stand level: both pages full, or both one line long or short. The spreads
    /// are chosen together, keeping the few best partial layouts spread by spread, since
    /// where one spread ends decides what the next can do; a spread where no depth
    /// suits both pages costs more than one run long or short. A flow that opens on a
    /// verso (the copyright page) is set page by page.
    pub fn pages(&mut self, sink: Option<f32>, opens_on_verso: bool) -> Vec<Filled> {
        let mut pages = Vec::new();
        if !opens_on_verso {
            let start = self.state();
            let opening = self.plan(sink);
            self.advance(opening, sink);
            let spreads = self.choose_spreads();
            self.restore(start);
            pages.push(self.commit(opening, sink));
            for (i, plan) in spreads.into_iter().enumerate() {
                self.verso = i % 2 == 0;
                pages.push(self.commit(plan, None));
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

    /// The pages after the opening, two by two, from the builder's current state.
    fn choose_spreads(&mut self) -> Vec<Plan> {
        let mut beam = vec![Path {
            state: self.state(),
            plans: Vec::new(),
            cost: 0,
        }];
        // Every spread moves on by an item or a note line at least.
        let most = self.flow.vlist.len() + self.flow.notes.iter().map(Vec::len).sum::<usize>();
        for _ in 0..=most {
            let mut next: Vec<Path> = Vec::new();
            let mut open = false;
            for path in beam {
                self.restore(path.state.clone());
                if self.done() {
                    next.push(path);
                    continue;
                }
                open = true;
                for (plans, cost) in self.spread_options() {
                    self.restore(path.state.clone());
                    for (i, plan) in plans.iter().enumerate() {
                        self.verso = i == 0;
                        self.advance(*plan, None);
                    }
                    self.verso = false;
                    let mut all = path.plans.clone();
                    all.extend(&plans);
                    next.push(Path {
                        state: self.state(),
                        plans: all,
                        cost: path.cost + cost + PAGE * plans.len() as u32,
                    });
                }
            }
            // The cheapest first, ties in the order the options were made; of paths
            // that reached the same place, only the cheapest is worth going on with.
            next.sort_by_key(|p| p.cost);
            let mut kept: Vec<Path> = Vec::with_capacity(BEAM);
            for path in next {
                let same = kept.iter().any(|k| {
                    k.state.pos == path.state.pos
                        && k.state.carry == path.state.carry
                        && k.state.floats == path.state.floats
                });
                if !same && kept.len() < BEAM {
                    kept.push(path);
                }
            }
            beam = kept;
            if !open {
                break;
            }
        }
        beam.into_iter().next().map(|p| p.plans).unwrap_or_default()
    }

    /// The ways to set the next verso and its recto, with their costs: level at each
    /// depth the breaks allow, and the two pages set each as it would be alone.
    fn spread_options(&mut self) -> Vec<(Vec<Plan>, u32)> {
        let saved = self.state();
        let mut options = Vec::new();
        for depth in [0i8, -1, 1] {
            self.verso = true;
            let Some(verso) = self.plan_at(depth) else {
                continue;
            };
            self.advance(verso, None);
            self.verso = false;
            let recto = if self.rest_fits() {
                Some(self.plan(None))
            } else {
                self.plan_at(depth)
            };
            self.restore(saved.clone());
            if let Some(recto) = recto {
                let cost = if depth == 0 { 0 } else { 2 * OFF_GRID };
                options.push((vec![verso, recto], cost));
            }
        }
        // Alone: the verso, and the recto after it unless the chapter ends there.
        self.verso = true;
        let verso = self.plan(None);
        self.advance(verso, None);
        self.verso = false;
        let mut plans = vec![verso];
        if !self.done() {
            plans.push(self.plan(None));
        }
        self.restore(saved);
        let cost = if plans.len() == 2 { UNEVEN } else { 0 };
        options.push((plans, cost));
        options
    }

    /// The next page (not a chapter's first) ending at a good break on the line `depth`
    /// lines below (or above) the grid's last, when the chapter goes on past it.
    fn plan_at(&self, depth: i8) -> Option<Plan> {
        let leading = self.geo.leading;
        let extra = f32::from(depth.max(0)) * leading;
        let sim = self.simulate(self.flow.vlist.len(), extra, None);
        sim.overflow?;
        let room = f32::from((-depth).max(0)) * leading;
        sim.candidates
            .iter()
            .rev()
            .find(|c| (c.room - room).abs() < 0.5 * leading)
            .map(|c| Plan {
                stop: c.boundary,
                extra,
            })
    }

    /// Whether the rest of the chapter, notes and figures included, fits on the next
    /// page.
    fn rest_fits(&self) -> bool {
        let sim = self.simulate(self.flow.vlist.len(), 0.0, None);
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

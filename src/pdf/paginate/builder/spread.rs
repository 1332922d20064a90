//! Spreads: a verso and the recto facing it set together, so that their last lines
//! stand level, as a compositor makes them.

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

impl Builder<'_> {
    /// Fills a verso and the recto facing it, their last lines level: both pages full,
    /// or both one line long, or both one line short, whichever good breaks allow first
    /// in that order (a recto that ends the chapter is as short as its text). When no
    /// depth suits both, each page is set as it would be alone.
    pub fn next_spread(&mut self) -> (Filled, Option<Filled>) {
        let saved = self.state();
        let mut chosen = None;
        for depth in [0, -1, 1] {
            self.verso = true;
            let Some(verso) = self.plan_at(depth) else {
                continue;
            };
            self.advance(verso);
            self.verso = false;
            let recto = if self.rest_fits() {
                Some(self.plan(None))
            } else {
                self.plan_at(depth)
            };
            self.restore(saved.clone());
            if let Some(recto) = recto {
                chosen = Some((verso, recto));
                break;
            }
        }
        self.verso = true;
        let (verso, recto) = match chosen {
            Some((v, r)) => (v, Some(r)),
            None => (self.plan(None), None),
        };
        let first = self.commit(verso, None);
        self.verso = false;
        if self.done() {
            return (first, None);
        }
        let recto = recto.unwrap_or_else(|| self.plan(None));
        let second = self.commit(recto, None);
        (first, Some(second))
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
    fn advance(&mut self, plan: Plan) {
        let sim = self.simulate(plan.stop, plan.extra, None);
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

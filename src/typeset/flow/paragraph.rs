//! Setting a paragraph: its items broken by Knuth–Plass, each line's glyphs placed, and
//! loose or overfull lines reported.

use super::breaks::Ties;
use super::rebreak::{Galley, KEPT_LINES};
use super::{Align, Env, Flow, SetLine, Span, VItem, Variants};
use crate::diag::Loc;
use crate::ir::{Place, TextPos};
use crate::typeset::linebreak::{self, Hang, Item as K, Params};
use crate::typeset::page::{Role, Tag};

/// A paragraph's lines as the flow chose them, and as it could be set one line shorter
/// and longer, each with what it costs over the best (in demerits).
#[derive(Default)]
pub(super) struct Settings {
    pub best: Vec<SetLine>,
    pub shorter: Option<(Vec<SetLine>, f64)>,
    pub longer: Option<(Vec<SetLine>, f64)>,
    /// A long paragraph's items before breaking, its breaks, and what it was broken with.
    pub unbroken: Option<Galley>,
}

/// How a paragraph is set: on which measure and type, aligned how, its first line
/// indented by how much, and whether it is a display line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Setting {
    pub env: Env,
    pub align: Align,
    pub indent: f32,
    /// A title or heading, set as a compositor sets one by hand: never hyphenated, a
    /// short word kept with the word after it, the lines balanced.
    pub display: bool,
    /// The first lines set narrower, beside a drop cap.
    pub hang: Hang,
    /// The first line ends, justified, at the paragraph's n-th word space (counted from
    /// 1): its words were chosen to fill it in small caps.
    pub first_line_ends: Option<usize>,
}

impl Setting {
    /// Running text on `env`, justified, its first line indented by `indent`.
    pub fn justified(env: Env, indent: f32) -> Self {
        Setting {
            env,
            indent,
            ..Setting::new(env, Align::Justify)
        }
    }

    /// A display line (a title, a heading) on `env`, aligned by `align`.
    pub fn display(env: Env, align: Align) -> Self {
        Setting {
            display: true,
            ..Setting::new(env, align)
        }
    }

    /// Set on `env`, aligned by `align`, without indent.
    pub fn new(env: Env, align: Align) -> Self {
        Setting {
            env,
            align,
            indent: 0.0,
            display: false,
            hang: Hang::default(),
            first_line_ends: None,
        }
    }
}

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    /// Sets spans as a paragraph and pushes its lines to the vertical list; a paragraph
    /// of running text also leaves its settings a line shorter and longer for the page
    /// builder.
    pub(super) fn lines(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
        role: Role,
        keep_with_next: bool,
    ) {
        let Setting { env, .. } = how;
        // Text at the body's leading sits on the baseline grid, so facing pages line up.
        let grid = (env.leading - self.design.leading).abs() < 0.01 && role != Role::Note;
        // Only a paragraph on the grid (a list's item's too) moves the lines after it by
        // whole lines.
        let loose = grid
            && matches!(role, Role::Paragraph | Role::ListItem)
            && how.align == Align::Justify
            && !how.display;
        let set = if how.display {
            Settings {
                best: self.set_balanced(spans, how, loc),
                ..Settings::default()
            }
        } else {
            self.set_loose(spans, how, loc, loose)
        };
        let first = self.out.len();
        let lines = set.best.len();
        let best = self.line_items(set.best, how, role, keep_with_next, grid);
        self.out.extend(best);
        // Lines beside a drop cap are all there in any setting: the letter reaches down
        // to the last of them.
        let shorter = set
            .shorter
            .filter(|(l, _)| l.len() >= how.hang.lines as usize);
        let unbroken = set
            .unbroken
            .map(|u| self.keep_unbroken(u, how, loc, (role, keep_with_next, grid)));
        if shorter.is_some() || set.longer.is_some() || unbroken.is_some() {
            let other = |alt: Option<(Vec<SetLine>, f64)>| {
                alt.map(|(l, cost)| (self.line_items(l, how, role, keep_with_next, grid), cost))
            };
            self.variants.push(Variants {
                first,
                lines,
                shorter: other(shorter),
                longer: other(set.longer),
                unbroken,
            });
        }
    }

    /// A paragraph's lines as items of the vertical list.
    pub(super) fn line_items(
        &self,
        lines: Vec<SetLine>,
        how: Setting,
        role: Role,
        keep_with_next: bool,
        grid: bool,
    ) -> Vec<VItem> {
        let env = how.env;
        let count = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        lines
            .into_iter()
            .enumerate()
            .map(|(index, (mut items, _, from))| {
                for p in &mut items {
                    p.translate(env.left, 0.0);
                    if p.role != Role::Initial {
                        p.role = role;
                    }
                    // An ornament between scenes is decoration, not text to read.
                    if role == Role::SceneBreak {
                        p.tag = Tag::Artifact;
                    }
                }
                // A drop cap's lines stay on one page, under its letter.
                let beside_initial = index + 1 < how.hang.lines as usize;
                VItem::Line {
                    items,
                    advance: env.leading,
                    ascent: 0.8 * env.size,
                    keep_with_next: keep_with_next || beside_initial,
                    role,
                    index: u16::try_from(index).unwrap_or(u16::MAX),
                    count,
                    grid,
                    from: self.place(from),
                }
            })
            .collect()
    }

    /// Sets a display line's spans as [`Flow::set`] does, in as few lines as the measure
    /// takes, on the narrowest measure that keeps that count: the lines come out even
    /// («El ingenioso hidalgo / don Quijote de la Mancha», not «El ingenioso hidalgo don
    /// / Quijote de la Mancha»). Centred lines stay centred on the whole measure.
    pub(super) fn set_balanced(&mut self, spans: &[Span], how: Setting, loc: &Loc) -> Vec<SetLine> {
        // The trials are quiet: only the setting kept is counted and warned about.
        self.quiet = true;
        let count = self.set(spans, how, loc).len();
        let mut chosen = how;
        // Narrower by a twentieth at a time, down to half, while the count holds and no
        // line runs past the narrower measure.
        for step in 1..=10 {
            if count < 2 {
                break;
            }
            let measure = how.env.measure * (1.0 - 0.05 * step as f32);
            let narrower = Setting {
                env: Env { measure, ..how.env },
                ..how
            };
            let set = self.set(spans, narrower, loc);
            if set.len() != count || set.iter().any(|(_, natural, _)| *natural > measure + 0.01) {
                break;
            }
            chosen = narrower;
        }
        self.quiet = false;
        let mut best = self.set(spans, chosen, loc);
        // Centred lines stay centred, flush-right ones flush, on the whole measure.
        let inset = match how.align {
            Align::Center => (how.env.measure - chosen.env.measure) / 2.0,
            Align::Right => how.env.measure - chosen.env.measure,
            Align::Left | Align::Justify => 0.0,
        };
        if inset > 0.0 {
            for (items, _, _) in &mut best {
                for p in items.iter_mut() {
                    p.translate(inset, 0.0);
                }
            }
        }
        best
    }

    /// Sets spans on `env.measure`: each line's items (x from the measure's left, y = 0 on
    /// the baseline), its natural width, and where its first word starts in its block.
    pub(super) fn set(&mut self, spans: &[Span], how: Setting, loc: &Loc) -> Vec<SetLine> {
        self.set_loose(spans, how, loc, false).best
    }

    /// Sets spans as [`Flow::set`] does; with `loose`, also the paragraph's settings one
    /// line shorter and longer when it has them (see [`linebreak::break_paragraph`]).
    pub(super) fn set_loose(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
        loose: bool,
    ) -> Settings {
        let Setting { env, align, .. } = how;
        let params = Params {
            hang: how.hang,
            ..match align {
                Align::Justify => Params::justified(env.measure, env.size),
                _ => Params::ragged(env.measure, env.size),
            }
        };
        // A setting made to level pages ends on a line of two words at least and two ems,
        // twice a paragraph's indent (the Spanish rule wants the last line longer than
        // the indent; a word or a word's end alone reads as a mistake). A quarter of the
        // measure, asked before, left the Quijote 4.7 % of its pages long or short
        // against 3.3 % (benches/README.md).
        let looseness = loose.then_some(2.0 * env.size);
        let mut items = self.paragraph_items(spans, how, loc, Ties::Kept);
        if items.is_empty() {
            return Settings::default();
        }
        let mut ks: Vec<K> = items.iter().map(|p| p.k).collect();
        let mut broken = linebreak::break_paragraph(&ks, &params, looseness);
        if broken.best.iter().any(|b| b.overfull) {
            // Words tied together (« and its word, a number and its unit) can make a
            // stretch wider than the measure; rather than run past the margin, such a
            // paragraph is set again with its ties as strong penalties, not prohibitions.
            items = self.paragraph_items(spans, how, loc, Ties::Breakable);
            ks = items.iter().map(|p| p.k).collect();
            broken = linebreak::break_paragraph(&ks, &params, None);
        }
        let quiet = std::mem::replace(&mut self.quiet, true);
        let other = |alt: Option<linebreak::Alternative>, flow: &mut Self| {
            alt.map(|alt| {
                let mut copy = items.clone();
                (
                    flow.place_lines(&mut copy, &ks, &alt.breaks, how, loc),
                    alt.cost,
                )
            })
        };
        let shorter = other(broken.shorter, self);
        let longer = other(broken.longer, self);
        self.quiet = quiet;
        let unbroken = looseness
            .filter(|_| broken.best.len() >= KEPT_LINES && ks.len() <= linebreak::LONG)
            .map(|min_last| Galley {
                items: items.clone(),
                ks: ks.clone(),
                breaks: broken.best.clone(),
                params,
                min_last,
            });
        Settings {
            best: self.place_lines(&mut items, &ks, &broken.best, how, loc),
            shorter,
            longer,
            unbroken,
        }
    }

    /// The place in the book of a line whose first word starts `offset` characters into
    /// the text of the block being set.
    pub(super) fn place(&self, offset: Option<u32>) -> Option<Place> {
        if let Some(fixed) = &self.fixed {
            return Some(fixed.clone());
        }
        Some(Place::Text(TextPos {
            chapter: crate::ir::to_u32(self.chapter),
            block: self.text_block?,
            offset: offset?,
        }))
    }
}

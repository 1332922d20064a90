//! Setting a paragraph: its items broken by Knuth–Plass, each line's glyphs placed, and
//! loose or overfull lines reported.

use super::breaks::Ties;
use super::{Align, Env, Flow, Span, VItem};
use crate::diag::{Diagnostic, Kind, Loc};
use crate::ir::{Place, TextPos};
use crate::typeset::linebreak::{self, Item as K, Params};
use crate::typeset::page::{Item, Placed, Point, Role, Tag, TextRun};

const LOOSE_LINE: Kind = Kind::new("line had to be set loose", "lines had to be set loose");
const OVERFULL_LINE: Kind = Kind::new(
    "line is wider than the measure",
    "lines are wider than the measure",
);

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
}

impl Setting {
    /// Running text on `env`, justified, its first line indented by `indent`.
    pub fn justified(env: Env, indent: f32) -> Self {
        Setting {
            env,
            align: Align::Justify,
            indent,
            display: false,
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
        }
    }
}

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    /// Sets spans as a paragraph and pushes its lines to the vertical list.
    pub(super) fn lines(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
        role: Role,
        keep_with_next: bool,
    ) {
        let Setting { env, .. } = how;
        let lines = if how.display {
            self.set_balanced(spans, how, loc)
        } else {
            self.set(spans, how, loc)
        };
        let count = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        // Text at the body's leading sits on the baseline grid, so facing pages line up.
        let grid = (env.leading - self.design.leading).abs() < 0.01 && role != Role::Note;
        for (index, (mut items, _, from)) in lines.into_iter().enumerate() {
            for p in &mut items {
                p.translate(env.left, 0.0);
                p.role = role;
                // An ornament between scenes is decoration, not text to read.
                if role == Role::SceneBreak {
                    p.tag = Tag::Artifact;
                }
            }
            self.out.push(VItem::Line {
                items,
                advance: env.leading,
                ascent: 0.8 * env.size,
                keep_with_next,
                role,
                index: u16::try_from(index).unwrap_or(u16::MAX),
                count,
                grid,
                from: self.place(from),
            });
        }
    }

    /// Sets a display line's spans as [`Flow::set`] does, in as few lines as the measure
    /// takes, on the narrowest measure that keeps that count: the lines come out even
    /// («El ingenioso hidalgo / don Quijote de la Mancha», not «El ingenioso hidalgo don
    /// / Quijote de la Mancha»). Centred lines stay centred on the whole measure.
    pub(super) fn set_balanced(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
    ) -> Vec<(Vec<Placed>, f32, Option<u32>)> {
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
        let inset = (how.env.measure - chosen.env.measure) / 2.0;
        if how.align == Align::Center && inset > 0.0 {
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
    pub(super) fn set(
        &mut self,
        spans: &[Span],
        how: Setting,
        loc: &Loc,
    ) -> Vec<(Vec<Placed>, f32, Option<u32>)> {
        let Setting { env, align, .. } = how;
        let params = match align {
            Align::Justify => Params::justified(env.measure, env.size),
            _ => Params::ragged(env.measure, env.size),
        };
        let mut items = self.paragraph_items(spans, how, loc, Ties::Kept);
        if items.is_empty() {
            return Vec::new();
        }
        let mut ks: Vec<K> = items.iter().map(|p| p.k).collect();
        let mut breaks = linebreak::break_lines(&ks, &params);
        if breaks.iter().any(|b| b.overfull) {
            // Words tied together (« and its word, a number and its unit) can make a
            // stretch wider than the measure; rather than run past the margin, such a
            // paragraph is set again with its ties as strong penalties, not prohibitions.
            items = self.paragraph_items(spans, how, loc, Ties::Breakable);
            ks = items.iter().map(|p| p.k).collect();
            breaks = linebreak::break_lines(&ks, &params);
        }
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        let mut carry: Option<TextRun> = None;
        let here = self.here();
        let added = match here {
            Tag::Content(node) => Tag::Added(node),
            other => other,
        };
        // The line break took a space (not a hyphen, a dash or a slash): the next line's
        // first word follows a space in the text.
        let mut broke_at_space = false;
        for brk in &breaks {
            let mut placed = Vec::new();
            let mut x = 0.0;
            let ratio = if brk.ratio.is_finite() && align == Align::Justify {
                brk.ratio
            } else {
                0.0
            };
            if let Some(run) = carry.take() {
                let w = run.width;
                placed.push(text_at(x, run, env.role, added));
                x += w;
            }
            // Each link's extent on this line: (link, first x, last x, tallest size).
            let mut spans: Vec<(u32, f32, f32, f32)> = Vec::new();
            // Where the struck-through text before this box ends, to strike the space too.
            let mut struck_to: Option<f32> = None;
            let from = items[start..brk.position]
                .iter()
                .find(|p| matches!(p.k, K::Box { .. }) && p.from.is_some())
                .and_then(|p| p.from);
            // Each item belongs to one line: its runs are moved there, not copied.
            let mut spaced = std::mem::take(&mut broke_at_space);
            for p in &mut items[start..brk.position] {
                match p.k {
                    K::Box { width } => {
                        if let Some(mut run) = p.run.take() {
                            run.spaced = std::mem::take(&mut spaced);
                            if let Some(link) = p.link {
                                match spans.iter_mut().find(|s| s.0 == link) {
                                    Some(s) => {
                                        s.2 = x + width;
                                        s.3 = s.3.max(run.size);
                                    }
                                    None => spans.push((link, x, x + width, run.size)),
                                }
                            }
                            if run.strike {
                                let from = struck_to.unwrap_or(x);
                                placed.push(strike_rule(from, x + width, run.size, env.role));
                                struck_to = Some(x + width);
                            } else {
                                struck_to = None;
                            }
                            let tag = p.link.and_then(|l| self.link_tag(l)).unwrap_or(here);
                            placed.push(text_at(x, run, env.role, tag));
                        }
                        x += width;
                    }
                    K::Glue {
                        width,
                        stretch,
                        shrink,
                    } => {
                        spaced = true;
                        x += width
                            + if ratio >= 0.0 {
                                ratio * stretch
                            } else {
                                ratio * shrink
                            };
                    }
                    K::Penalty { .. } => {}
                }
            }
            // A space the break took: the glue broken at, one dropped after a broken tie,
            // or a forced break (a line break the author typed reads as a space).
            let next = linebreak::line_start(&ks, brk.position);
            broke_at_space = ks[brk.position..next.min(ks.len())].iter().any(|k| {
                matches!(k, K::Glue { .. })
                    || matches!(k, K::Penalty { penalty, .. } if *penalty <= -linebreak::INFINITE)
            });
            let end = &mut items[brk.position];
            let end_shows_hyphen = end.run.is_some();
            if let K::Penalty { width, .. } = end.k {
                if let Some(run) = end.run.take() {
                    placed.push(text_at(x, run, env.role, added));
                }
                x += width;
                carry = end.post.take().map(|run| *run);
            }
            for (link, x0, x1, size) in spans {
                let Some(spec) = self.links.get(link as usize) else {
                    continue;
                };
                // The rectangle covers the type's height: from a cap above the baseline of
                // the body size to its descender, so superscript note numbers are easy to hit.
                let top = env.size.max(size);
                placed.push(Placed {
                    at: Point { x: x0, y: -top },
                    role: env.role,
                    item: Item::Link {
                        width: x1 - x0,
                        height: top + 0.3 * env.size,
                        target: spec.target.clone(),
                    },
                    tag: Tag::Content(self.tree.id_of(spec.node)),
                });
                if let Some(anchor) = &spec.destination {
                    placed.push(Placed {
                        at: Point { x: x0, y: -top },
                        role: env.role,
                        item: Item::Destination(anchor.clone()),
                        tag: Tag::Artifact,
                    });
                }
            }
            let natural = x;
            match align {
                Align::Center => {
                    let shift = ((env.measure - natural) / 2.0).max(0.0);
                    for p in &mut placed {
                        p.translate(shift, 0.0);
                    }
                }
                Align::Left | Align::Justify => {}
            }
            lines.push((placed, natural, from));
            start = linebreak::line_start(&ks, brk.position);
            if self.quiet {
                continue;
            }
            let (placed, natural) = {
                let last = lines.last().expect("just pushed");
                (&last.0, last.1)
            };
            self.stats.lines += 1;
            if brk.flagged && end_shows_hyphen {
                self.stats.hyphenated += 1;
            }
            if brk.loose && align == Align::Justify {
                self.stats.loose += 1;
                self.warnings.push(
                    LOOSE_LINE,
                    Diagnostic::at(
                        loc.clone(),
                        format!(
                            "a line of this paragraph could only be set loose: «{}»",
                            line_text(placed)
                        ),
                    ),
                );
            }
            if natural > env.measure + 0.01 || brk.overfull {
                self.stats.overfull += 1;
                self.warnings.push(
                    OVERFULL_LINE,
                    Diagnostic::at(
                        loc.clone(),
                        format!(
                            "a line runs {:.1} pt past the margin: «{}»",
                            natural - env.measure,
                            line_text(placed)
                        ),
                    ),
                );
            }
        }
        lines
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

pub(super) fn text_at(x: f32, run: TextRun, role: Role, tag: Tag) -> Placed {
    Placed {
        at: Point { x, y: 0.0 },
        role,
        item: Item::Text(run),
        tag,
    }
}

/// A line through text at about half its x-height.
fn strike_rule(from: f32, to: f32, size: f32, role: Role) -> Placed {
    let y = -0.28 * size;
    Placed {
        at: Point { x: from, y },
        role,
        item: Item::Rule {
            to: Point { x: to, y },
            thickness: 0.05 * size,
        },
        tag: Tag::Artifact,
    }
}

pub(super) fn line_text(items: &[Placed]) -> String {
    let mut s = String::new();
    let mut end: Option<f32> = None;
    for p in items {
        if let Item::Text(run) = &p.item {
            if end.is_some_and(|e| p.at.x > e + 0.5) {
                s.push(' ');
            }
            s.push_str(&run.text);
            end = Some(p.at.x + run.width);
        }
    }
    s
}

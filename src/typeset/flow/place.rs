//! A paragraph's lines placed: each line's runs at their x, its glue set by the line's
//! ratio, hyphens shown where a word was broken, links and struck text drawn over it.

use super::paragraph::Setting;
use super::{letterspacing, Align, Flow, PItem, SetLine};
use crate::diag::{Diagnostic, Kind, Loc};
use crate::typeset::linebreak::{self, Item as K};
use crate::typeset::page::{Item, Placed, Point, Role, Tag, TextRun};

const LOOSE_LINE: Kind = Kind::new("line had to be set loose", "lines had to be set loose");
const OVERFULL_LINE: Kind = Kind::new(
    "line is wider than the measure",
    "lines are wider than the measure",
);
const HYPHEN_RUN: Kind = Kind::new(
    "paragraph ends three lines in a row with a hyphen",
    "paragraphs end three lines in a row with a hyphen",
);

impl Flow<'_, '_, '_> {
    /// Places a paragraph's lines broken at `breaks`: its runs are moved out of `items`
    /// onto the lines. Counted and warned about unless the flow is quiet.
    pub(super) fn place_lines(
        &mut self,
        items: &mut [PItem],
        ks: &[K],
        breaks: &[linebreak::Break],
        how: Setting,
        loc: &Loc,
    ) -> Vec<SetLine> {
        let Setting { env, align, .. } = how;
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
        // Hyphenated lines in a row so far: DESIGN.md allows two.
        let mut run = 0;
        for brk in breaks {
            let mut placed = Vec::new();
            let mut x = 0.0;
            let (ratio, tracking) = if brk.ratio.is_finite() && align == Align::Justify {
                letterspacing::shares(&items[start..brk.position], brk.ratio)
            } else {
                (0.0, 0.0)
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
                    K::Box { width, track } => {
                        let width = width + tracking * track;
                        if let Some(mut run) = p.run.take() {
                            if track > 0.0 {
                                run.track(tracking * track / run.letter_gaps().max(1) as f32);
                            }
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
                        if let Some(object) = p.object {
                            if let Some(link) = p.link {
                                match spans.iter_mut().find(|s| s.0 == link) {
                                    Some(s) => s.2 = x + width,
                                    None => spans.push((link, x, x + width, env.size)),
                                }
                            }
                            placed.push(self.object_at(x, object, env.role));
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
            let next = linebreak::line_start(ks, brk.position);
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
            reorder_right_to_left(&mut placed);
            let natural = x;
            match align {
                Align::Center => {
                    let shift = ((env.measure - natural) / 2.0).max(0.0);
                    for p in &mut placed {
                        p.translate(shift, 0.0);
                    }
                }
                Align::Right => {
                    let shift = (env.measure - natural).max(0.0);
                    for p in &mut placed {
                        p.translate(shift, 0.0);
                    }
                }
                Align::Left | Align::Justify => {}
            }
            // The lines beside a drop cap start after it; the first carries the letter,
            // first in reading order.
            if lines.len() < how.hang.lines as usize {
                for p in &mut placed {
                    p.translate(how.hang.indent, 0.0);
                }
            }
            if lines.is_empty() {
                if let Some(initial) = &self.initial {
                    if let Some(Item::Text(run)) = placed.first_mut().map(|p| &mut p.item) {
                        run.spaced = initial.spaced;
                    }
                    placed.splice(0..0, initial.runs.iter().cloned());
                }
            }
            lines.push((placed, natural, from));
            start = linebreak::line_start(ks, brk.position);
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
            run = if brk.flagged { run + 1 } else { 0 };
            if run == 3 {
                self.warnings.push(
                    HYPHEN_RUN,
                    Diagnostic::at(
                        loc.clone(),
                        format!(
                            "this paragraph cannot be set without three hyphenated lines in a \
                             row, the third ending «{}»",
                            line_text(placed)
                        ),
                    ),
                );
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
}

impl Flow<'_, '_, '_> {
    /// An image set in a line at `x`, its top where the object says; a frame with its
    /// description where the PDF cannot draw it (as a figure would have).
    fn object_at(&self, x: f32, object: super::Object, role: Role) -> Placed {
        let alt = self
            .tree
            .nodes
            .get(object.node as usize)
            .and_then(|n| n.alt.clone())
            .unwrap_or_default();
        let item = match self.figures.can_show(object.image) {
            Ok(()) => Item::Image {
                image: object.image,
                width: object.width,
                height: object.height,
                alt,
                clip: None,
            },
            Err(_) => Item::Frame {
                width: object.width,
                height: object.height,
                alt,
            },
        };
        Placed {
            at: Point { x, y: object.top },
            role,
            item,
            tag: Tag::Content(self.tree.id_of(object.node)),
        }
    }
}

/// Which way a run of text reads: by its first letter with a direction of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    LeftToRight,
    RightToLeft,
    /// Digits, punctuation, symbols: the way of the words around it.
    Either,
}

/// Whether a run of text reads right to left (its first strong letter does).
pub(super) fn reads_right_to_left(text: &str) -> bool {
    reading(text) == Reading::RightToLeft
}

fn reading(text: &str) -> Reading {
    use unicode_bidi::BidiClass::{AL, L, R};
    text.chars()
        .find_map(|c| match unicode_bidi::bidi_class(c) {
            L => Some(Reading::LeftToRight),
            R | AL => Some(Reading::RightToLeft),
            _ => None,
        })
        .unwrap_or(Reading::Either)
}

/// Sets the words of a right-to-left phrase on a left-to-right line in their order: the
/// first word rightmost (the Unicode bidirectional algorithm's reordering, rule L2, for a
/// paragraph that runs left to right; a sign or an image between two such words goes
/// with them, rule N1). Each word was shaped right to left already; here the places of
/// what the phrase holds (words, images, link areas, rules) are mirrored within it. The
/// runs stay in the text's order in the page's content, so what reads the text (a screen
/// reader, a copy) gets it as written.
fn reorder_right_to_left(placed: &mut [Placed]) {
    // The line's words and images, in order, with the way each reads.
    let runs: Vec<(f32, f32, Reading)> = placed
        .iter()
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some((p.at.x, run.width, reading(&run.text))),
            Item::Image { width, .. } | Item::Frame { width, .. } => {
                Some((p.at.x, *width, Reading::Either))
            }
            _ => None,
        })
        .collect();
    let mut at = 0;
    while at < runs.len() {
        if runs[at].2 != Reading::RightToLeft {
            at += 1;
            continue;
        }
        // The phrase: right-to-left runs, and neutral ones between two of them.
        let mut last = at;
        let mut next = at + 1;
        while next < runs.len() && runs[next].2 != Reading::LeftToRight {
            if runs[next].2 == Reading::RightToLeft {
                last = next;
            }
            next += 1;
        }
        if last > at {
            let (left, right) = (runs[at].0, runs[last].0 + runs[last].1);
            for p in placed.iter_mut() {
                let width = match &p.item {
                    Item::Text(run) => run.width,
                    Item::Image { width, .. }
                    | Item::Frame { width, .. }
                    | Item::Link { width, .. } => *width,
                    Item::Rule { to, .. } => to.x - p.at.x,
                    _ => 0.0,
                };
                let inside = p.at.x >= left - 0.01 && p.at.x + width <= right + 0.01;
                if !inside {
                    continue;
                }
                let x = left + right - (p.at.x + width);
                if let Item::Rule { to, .. } = &mut p.item {
                    to.x = x + width;
                }
                p.at.x = x;
            }
        }
        at = last + 1;
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

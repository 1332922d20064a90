//! A book's typography measured from the layout's own pages: whether facing pages end
//! level, long and short pages, widows, orphans, lines off the grid, hyphens and their
//! runs, short chapter endings and the spread of word gaps. Shared by the layout tests
//! and `examples/corpus_stats.rs`, which includes this file by path.

use std::collections::BTreeMap;
use std::sync::Arc;

use imprenta::typeset::page::{Item, Page, PageKind, Placed, Role};

/// The depth of a page: its lowest baseline of text, running heads and folios aside
/// (footnotes count: they end the page); none for a page that ends with a table or a
/// figure, whose heights are not whole lines.
fn depth(page: &Page) -> Option<f32> {
    let bottom = |p: &Placed| match p.item {
        Item::Image { height, .. } | Item::Frame { height, .. } => p.at.y + height,
        _ => p.at.y,
    };
    let lowest = page
        .items
        .iter()
        .filter(|p| !matches!(p.role, Role::RunningHead | Role::Folio))
        .filter(|p| {
            matches!(
                p.item,
                Item::Text(_) | Item::Image { .. } | Item::Frame { .. }
            )
        })
        .max_by(|a, b| bottom(a).total_cmp(&bottom(b)))?;
    let on_grid = matches!(lowest.item, Item::Text(_))
        && !matches!(lowest.role, Role::TableCell | Role::Caption | Role::Figure);
    on_grid.then_some(lowest.at.y)
}

/// Whether page `i` is a page of running text (a chapter's opening included).
fn text_page(pages: &[Arc<Page>], i: usize) -> bool {
    pages
        .get(i)
        .is_some_and(|p| matches!(p.kind, PageKind::Body | PageKind::Opening))
}

/// Whether page `i` is the last of its chapter: running text not followed by more.
fn chapter_end(pages: &[Arc<Page>], i: usize) -> bool {
    text_page(pages, i) && pages.get(i + 1).is_none_or(|p| p.kind != PageKind::Body)
}

/// The spreads (0-based index of the verso) of running text whose last lines do not
/// stand level: a verso and the recto facing it, both pages of running text, the recto
/// not its chapter's last page.
pub fn uneven_spreads(pages: &[Arc<Page>]) -> Vec<usize> {
    let body = |i: usize| pages.get(i).is_some_and(|p| p.kind == PageKind::Body);
    (1..pages.len())
        .step_by(2)
        .filter(|&v| body(v) && body(v + 1) && body(v + 2))
        .filter(|&v| match (depth(&pages[v]), depth(&pages[v + 1])) {
            (Some(a), Some(b)) => (a - b).abs() > 1.0,
            _ => false,
        })
        .collect()
}

/// A book's typography in figures.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Measures {
    /// Spreads of running text (a verso and its recto, the recto not a chapter's last).
    pub spreads: usize,
    /// Of those, the ones whose pages end on different lines.
    pub uneven: usize,
    /// Pages inside chapters (not a chapter's last) one line or more below or above the
    /// depth of a full page.
    pub long: usize,
    pub short: usize,
    /// Of the long and short pages, those whose facing page is as long or as short.
    pub paired: usize,
    /// The long (+1) and short (-1) pages by index, each with the pages left in its
    /// chapter after it.
    pub off_pages: Vec<(usize, i8, usize)>,
    /// Pages inside chapters whose depth is judged (not ending with a figure or table).
    pub judged: usize,
    /// Pages inside chapters with a line of text (a heading's too) more than a line below
    /// the grid's last.
    pub too_deep: usize,
    pub widows: usize,
    pub orphans: usize,
    /// Lines of running text (paragraphs, quotations, lists).
    pub lines: usize,
    /// Of the paragraphs' lines, those whose baseline is off the grid.
    pub off_grid: usize,
    /// Lines ending with a hyphen that breaks a word.
    pub hyphenated: usize,
    /// Runs of three or more hyphenated lines in a row.
    pub hyphen_runs: usize,
    /// Flows of running text (the chapters, and the contents) whose last page holds fewer
    /// than five lines, a flow of one page aside.
    pub short_endings: usize,
    pub chapters: usize,
    /// Word gaps on justified lines over the book's median gap: the 95th percentile and
    /// the coefficient of variation.
    pub gap_p95: f32,
    pub gap_cv: f32,
}

impl std::fmt::Display for Measures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pct = |a: usize, b: usize| 100.0 * a as f32 / b.max(1) as f32;
        writeln!(
            f,
            "uneven spreads {} of {}; long pages {}, short {} ({} in level pairs) of {} ({:.1} %)",
            self.uneven,
            self.spreads,
            self.long,
            self.short,
            self.paired,
            self.judged,
            pct(self.long + self.short, self.judged)
        )?;
        writeln!(
            f,
            "widows {}, orphans {}, lines off the grid {} of {}, pages deeper than the grid {}",
            self.widows, self.orphans, self.off_grid, self.lines, self.too_deep
        )?;
        writeln!(
            f,
            "hyphenated lines {} ({:.1} %), runs of 3 {}; chapter endings under 5 lines {} of {}",
            self.hyphenated,
            pct(self.hyphenated, self.lines),
            self.hyphen_runs,
            self.short_endings,
            self.chapters
        )?;
        write!(f, "word gap p95 {:.3}, cv {:.3}", self.gap_p95, self.gap_cv)
    }
}

/// The roles whose lines are running text on the grid.
fn running(role: Role) -> bool {
    matches!(role, Role::Paragraph | Role::BlockQuote | Role::ListItem)
}

/// A line of running text on a page: its baseline, its runs left to right.
struct Line<'p> {
    y: f32,
    role: Role,
    runs: Vec<(f32, &'p imprenta::typeset::page::TextRun)>,
}

fn lines_of(page: &Page) -> Vec<Line<'_>> {
    let mut by_y: BTreeMap<i64, Line<'_>> = BTreeMap::new();
    for p in &page.items {
        if let (Item::Text(run), true) = (&p.item, running(p.role)) {
            let key = (p.at.y * 10.0).round() as i64;
            by_y.entry(key)
                .or_insert_with(|| Line {
                    y: p.at.y,
                    role: p.role,
                    runs: Vec::new(),
                })
                .runs
                .push((p.at.x, run));
        }
    }
    let mut lines: Vec<Line<'_>> = by_y.into_values().collect();
    for l in &mut lines {
        l.runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    lines
}

/// Measures a laid-out book.
pub fn measure(pages: &[Arc<Page>]) -> Measures {
    let mut m = Measures::default();
    // The depth of a full page: the commonest depth of pages inside chapters.
    let inside: Vec<usize> = (0..pages.len())
        .filter(|&i| text_page(pages, i) && !chapter_end(pages, i))
        .collect();
    let mut depths: BTreeMap<i64, usize> = BTreeMap::new();
    for &i in &inside {
        if let Some(d) = depth(&pages[i]) {
            *depths.entry(d.round() as i64).or_default() += 1;
        }
    }
    let full = depths
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(d, _)| *d as f32)
        .unwrap_or(0.0);
    let off = |i: usize| {
        depth(&pages[i]).map(|d| {
            if d > full + 1.0 {
                1
            } else if d < full - 1.0 {
                -1
            } else {
                0
            }
        })
    };
    for &i in &inside {
        let Some(o) = off(i) else { continue };
        m.judged += 1;
        match o {
            1 => m.long += 1,
            -1 => m.short += 1,
            _ => continue,
        }
        let left = (i + 1..pages.len())
            .take_while(|&j| pages[j].kind == PageKind::Body)
            .count();
        m.off_pages.push((i, o, left));
        // The facing page, in the same chapter: a verso (odd index) faces the page
        // after it, a recto the page before.
        let facing = if i % 2 == 1 {
            Some(i + 1)
        } else {
            i.checked_sub(1)
        };
        let same_chapter = |f: usize| {
            pages[f.min(i)..=f.max(i)]
                .iter()
                .skip(1)
                .all(|p| p.kind == PageKind::Body)
        };
        if facing.is_some_and(|f| text_page(pages, f) && same_chapter(f) && off(f) == Some(o)) {
            m.paired += 1;
        }
    }
    m.uneven = uneven_spreads(pages).len();
    let body = |i: usize| pages.get(i).is_some_and(|p| p.kind == PageKind::Body);
    m.spreads = (1..pages.len())
        .step_by(2)
        .filter(|&v| body(v) && body(v + 1) && body(v + 2))
        .count();

    m.widows = pages
        .iter()
        .filter(|p| {
            p.lines
                .first()
                .is_some_and(|l| l.count > 1 && l.index + 1 == l.count)
        })
        .count();
    m.orphans = pages
        .iter()
        .filter(|p| p.lines.last().is_some_and(|l| l.count > 1 && l.index == 0))
        .count();

    // The grid: the commonest leading between consecutive lines of running text, from
    // the commonest first baseline.
    let mut firsts: BTreeMap<i64, usize> = BTreeMap::new();
    let mut steps: BTreeMap<i64, usize> = BTreeMap::new();
    let text: Vec<(usize, Vec<Line<'_>>)> = (0..pages.len())
        .filter(|&i| text_page(pages, i))
        .map(|i| (i, lines_of(&pages[i])))
        .collect();
    for (_, lines) in &text {
        if let Some(l) = lines.first() {
            *firsts.entry((l.y * 10.0).round() as i64).or_default() += 1;
        }
        for w in lines.windows(2) {
            *steps
                .entry(((w[1].y - w[0].y) * 100.0).round() as i64)
                .or_default() += 1;
        }
    }
    let commonest =
        |map: &BTreeMap<i64, usize>| map.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k);
    let first = commonest(&firsts).map_or(0.0, |k| k as f32 / 10.0);
    let leading = commonest(&steps).map_or(1.0, |k| k as f32 / 100.0);

    // Headings and text alike (notes have their own leading below the text).
    for &i in &inside {
        let deepest = pages[i]
            .items
            .iter()
            .filter(|p| matches!(p.item, Item::Text(_)))
            .filter(|p| !matches!(p.role, Role::RunningHead | Role::Folio | Role::Note))
            .map(|p| p.at.y)
            .fold(f32::MIN, f32::max);
        if deepest > full + leading + 0.5 {
            m.too_deep += 1;
        }
    }

    let mut gaps: Vec<f32> = Vec::new();
    let mut run = 0;
    for (i, lines) in &text {
        // A justified line reaches the page's right edge of the text.
        let right = lines
            .iter()
            .filter_map(|l| l.runs.last().map(|(x, r)| x + r.width))
            .fold(f32::MIN, f32::max);
        for l in lines {
            m.lines += 1;
            // Quotations are set smaller on a leading of their own.
            let steps = (l.y - first) / leading;
            if l.role == Role::Paragraph && (steps - steps.round()).abs() > 0.02 {
                m.off_grid += 1;
            }
            let Some((x, last)) = l.runs.last() else {
                continue;
            };
            if last.text.ends_with('-') && !last.text.ends_with("--") {
                m.hyphenated += 1;
                run += 1;
                if run == 3 {
                    m.hyphen_runs += 1;
                }
            } else {
                run = 0;
            }
            if x + last.width > right - 0.5 && l.runs.len() > 2 {
                for w in l.runs.windows(2) {
                    let gap = w[1].0 - (w[0].0 + w[0].1.width);
                    if w[1].1.spaced && gap > 0.3 {
                        gaps.push(gap);
                    }
                }
            }
        }
        if chapter_end(pages, *i) {
            m.chapters += 1;
            let only = pages[*i].kind == PageKind::Opening;
            if !only && pages[*i].lines.len() < 5 {
                m.short_endings += 1;
            }
        }
    }
    if !gaps.is_empty() {
        gaps.sort_by(f32::total_cmp);
        let median = gaps[gaps.len() / 2];
        let ratios: Vec<f32> = gaps.iter().map(|g| g / median).collect();
        m.gap_p95 = ratios[(ratios.len() * 95 / 100).min(ratios.len() - 1)];
        let mean = ratios.iter().sum::<f32>() / ratios.len() as f32;
        let var = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f32>() / ratios.len() as f32;
        m.gap_cv = var.sqrt() / mean;
    }
    m
}

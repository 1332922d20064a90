//! Whether facing pages end level: shared by the layout tests and
//! `examples/corpus_stats.rs`, which includes this file by path.

use imprenta::typeset::page::{Item, Page, PageKind, Placed, Role};

/// The spreads (0-based index of the verso) of running text whose last lines do not
/// stand level: a verso and the recto facing it, both pages of running text, the recto
/// not its chapter's last page. The depth of a page is its lowest baseline of text,
/// running heads and folios aside (footnotes count: they end the page); a page that
/// ends with a table or a figure, whose heights are not whole lines, is not judged.
pub fn uneven_spreads(pages: &[std::sync::Arc<Page>]) -> Vec<usize> {
    let bottom = |p: &Placed| match p.item {
        Item::Image { height, .. } | Item::Frame { height, .. } => p.at.y + height,
        _ => p.at.y,
    };
    let depth = |page: &Page| {
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
    };
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

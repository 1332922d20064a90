//! The typesetter's pages as SVG, for a live preview in a browser.
//!
//! The preview draws the same pages the PDF draws, from the same [`Layout`]: every glyph
//! where the PDF puts it, the same rules, frames and images, and the links. What the
//! author sees while writing is then what the printer will get, with no PDF viewer in
//! between and no second layout in CSS that would break lines differently.
//!
//! The glyph outlines go once into the HTML page ([`glyph_defs`]), and each page points
//! at them ([`page_svg`]); a transparent text layer over the glyphs makes the page
//! selectable and searchable. [`fingerprint`] tells which pages changed since the last
//! build, so the browser redraws only those. Limits: no crop marks, and no colour (the
//! book has none).

mod glyphs;
mod sheet;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::hash::Hasher;

use rustc_hash::{FxHashSet, FxHasher};

use crate::typeset::page::{Anchor, Item, Page, Target};
use crate::typeset::Layout;

pub use glyphs::{glyph_defs, shaped_glyph_defs, Outlines};
pub use sheet::page_svg;

/// How pages are drawn.
pub struct SvgOptions<'a> {
    /// Where each page sits on its sheet: the print interior's bleed.
    pub sheets: crate::pdf::Sheets,
    /// Where the browser fetches image N of the book.
    pub image_href: &'a (dyn Fn(crate::ir::ImageId) -> String + Sync),
}

/// Which page each link anchor lands on (built once per layout from Destination items).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Destinations {
    pages: BTreeMap<Anchor, usize>,
}

impl Destinations {
    /// The first page each anchor of `layout` stands on.
    pub fn of(layout: &Layout) -> Self {
        let mut pages = BTreeMap::new();
        for (i, page) in layout.pages.iter().enumerate() {
            for p in &page.items {
                if let Item::Destination(anchor) = &p.item {
                    pages.entry(anchor.clone()).or_insert(i);
                }
            }
        }
        Destinations { pages }
    }

    /// The page `anchor` lands on; a heading without a destination of its own goes to
    /// its chapter, as in the PDF.
    pub fn page(&self, anchor: &Anchor) -> Option<usize> {
        self.pages.get(anchor).copied().or_else(|| {
            self.pages
                .get(&Anchor {
                    chapter: anchor.chapter,
                    id: None,
                })
                .copied()
        })
    }
}

/// A cheap hash of everything drawn on a page (items, geometry, label): equal pages give
/// equal values, a moved glyph a different one.
///
/// What is drawn from outside the page is not in it: the bleed, the images' addresses,
/// and the page a link to an anchor goes to (compare the [`Destinations`] too).
pub fn fingerprint(page: &Page) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(u64::from(page.width.to_bits()) << 32 | u64::from(page.height.to_bits()));
    h.write(page.label.as_bytes());
    h.write_usize(page.items.len());
    for p in &page.items {
        let at = u64::from(p.at.x.to_bits()) << 32 | u64::from(p.at.y.to_bits());
        match &p.item {
            Item::Text(run) => {
                h.write_u8(0);
                h.write_u64(at);
                h.write_u8(run.direction as u8);
                h.write_u64((run.face.index() as u64) << 32 | u64::from(run.size.to_bits()));
                h.write_u32(run.width.to_bits());
                h.write_usize(run.glyphs.len());
                for g in run.glyphs.iter() {
                    h.write_u64(u64::from(g.gid) << 32 | u64::from(g.x.to_bits()));
                    // Marks alone are raised: one write for every other glyph.
                    if g.rise != 0.0 {
                        h.write_u32(g.rise.to_bits());
                    }
                }
                // The text layer shows it.
                h.write(run.text.as_bytes());
            }
            Item::Rule { to, thickness } => {
                h.write_u8(1);
                h.write_u64(at);
                h.write_u64(u64::from(to.x.to_bits()) << 32 | u64::from(to.y.to_bits()));
                h.write_u32(thickness.to_bits());
            }
            Item::Image {
                image,
                width,
                height,
                alt,
                clip,
            } => {
                h.write_u8(2);
                h.write_u64(at);
                h.write_usize(*image);
                h.write_u64(u64::from(width.to_bits()) << 32 | u64::from(height.to_bits()));
                h.write(alt.as_bytes());
                h.write_u8(0xff);
                if let Some((corner, w, ch)) = clip {
                    h.write_u64(
                        u64::from(corner.x.to_bits()) << 32 | u64::from(corner.y.to_bits()),
                    );
                    h.write_u64(u64::from(w.to_bits()) << 32 | u64::from(ch.to_bits()));
                }
            }
            Item::Frame { width, height, alt } => {
                h.write_u8(3);
                h.write_u64(at);
                h.write_u64(u64::from(width.to_bits()) << 32 | u64::from(height.to_bits()));
                h.write(alt.as_bytes());
                h.write_u8(0xff);
            }
            Item::Link {
                width,
                height,
                target,
            } => {
                h.write_u8(4);
                h.write_u64(at);
                h.write_u64(u64::from(width.to_bits()) << 32 | u64::from(height.to_bits()));
                match target {
                    Target::Uri(uri) => h.write(uri.as_bytes()),
                    Target::Anchor(anchor) => {
                        h.write_usize(anchor.chapter);
                        h.write(anchor.id.as_deref().unwrap_or_default().as_bytes());
                    }
                }
                h.write_u8(0xff);
            }
            // Draws nothing on its own page.
            Item::Destination(_) => h.write_u8(5),
        }
    }
    h.finish()
}

/// Pages set glyphs on a grid of this many units per em (PDF's glyph space): they are
/// drawn without the faces, so without each face's own units per em.
const EM: f64 = 1000.0;

/// The glyphs that stand for white space (the layout records the text of each glyph):
/// they have no outline, and a page draws nothing for them.
struct Blank(FxHashSet<(usize, u16)>);

impl Blank {
    fn of(layout: &Layout) -> Self {
        Blank(
            layout
                .glyph_text
                .iter()
                .filter(|(_, text)| !text.is_empty() && text.chars().all(char::is_whitespace))
                .map(|((face, gid), _)| (face.index(), *gid))
                .collect(),
        )
    }

    fn contains(&self, face: usize, gid: u16) -> bool {
        self.0.contains(&(face, gid))
    }
}

/// Appends `v` to at most `places` decimals, without trailing zeros (`12.5`, `-3`, `0`).
fn num(out: &mut String, v: f64, places: u32) {
    // Within ±10¹² units: no page or font coordinate comes near, and the product stays
    // exact in an i64.
    let unit = 10i64.pow(places);
    let scaled = (v * unit as f64).round().clamp(-1e12, 1e12) as i64;
    if scaled < 0 {
        out.push('-');
    }
    let abs = scaled.unsigned_abs();
    push_int(out, (abs / unit as u64) as i64);
    let mut frac = abs % unit as u64;
    if frac != 0 {
        out.push('.');
        let mut digits = places as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let text = frac.to_string();
        out.extend(std::iter::repeat_n('0', digits - text.len()));
        out.push_str(&text);
    }
}

/// Appends `v` in decimal.
fn push_int(out: &mut String, v: i64) {
    use std::fmt::Write;
    write!(out, "{v}").expect("writing to a String cannot fail");
}

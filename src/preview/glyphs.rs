//! The glyphs the pages use, drawn once as SVG paths that every page's `<use>` points at.
//!
//! A page then costs one short `<use>` per glyph instead of its outline: a novel's page
//! shows some two thousand glyphs but its whole book only a few hundred different ones.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use rustybuzz::ttf_parser::{Face, GlyphId, OutlineBuilder};

use super::{num, push_int, Blank, EM};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::Item;
use crate::typeset::Layout;

/// The book's faces parsed once for their glyph outlines (and each outline drawn once:
/// make a new one when the book's fonts change).
pub struct Outlines {
    /// By [`FaceId::index`]: the font file and its units per em, or `None` for a face
    /// the book lacks or that cannot be parsed.
    faces: Vec<Option<Parsed>>,
    /// Path data already drawn, by face index and glyph: a rebuild of the preview uses
    /// the same glyphs as the one before, and the fonts do not change between them.
    drawn: Mutex<Drawn>,
}

/// A face's file, its index in the file (a collection) and its units per em.
type Parsed = (Arc<[u8]>, u32, u16);

/// Path data by face index and glyph (`None`: the glyph has no outline).
type Drawn = FxHashMap<(usize, u16), Option<Box<str>>>;

impl Outlines {
    /// Parses the faces of `fonts`; a face that cannot be parsed draws no glyphs (no panic).
    pub fn new(fonts: &crate::ir::Fonts) -> Self {
        let faces = (0..fonts.count())
            .map(|i| {
                let file = fonts.file(i)?;
                let units = Face::parse(&file.data, file.index).ok()?.units_per_em();
                Some((file.data.clone(), file.index, units))
            })
            .collect();
        Outlines {
            faces,
            drawn: Mutex::new(FxHashMap::default()),
        }
    }

    /// The path data of each of `glyphs` (all of face `face`), in font units, y up;
    /// `None` for a glyph without an outline.
    fn paths(&self, face: usize, glyphs: &[u16]) -> Vec<Option<Box<str>>> {
        let mut drawn = self.drawn.lock().unwrap_or_else(|p| p.into_inner());
        let parsed = match self.faces.get(face) {
            Some(Some((data, index, _)))
                if glyphs.iter().any(|g| !drawn.contains_key(&(face, *g))) =>
            {
                Face::parse(data, *index).ok()
            }
            _ => None,
        };
        glyphs
            .iter()
            .map(|&gid| {
                drawn
                    .entry((face, gid))
                    .or_insert_with(|| parsed.as_ref().and_then(|f| outline(f, gid)))
                    .clone()
            })
            .collect()
    }

    /// Face `face`'s units per em, if the book has it.
    fn units_per_em(&self, face: usize) -> Option<u16> {
        self.faces.get(face)?.as_ref().map(|(_, _, units)| *units)
    }
}

/// The outline of glyph `gid` as SVG path data, if it has one.
fn outline(face: &Face, gid: u16) -> Option<Box<str>> {
    let mut path = PathData::default();
    face.outline_glyph(GlyphId(gid), &mut path)?;
    Some(path.d.into_boxed_str())
}

/// Every glyph the layout uses, once: `<svg xmlns=.. width="0" height="0"
/// style="position:absolute"><defs><path id="g{face}-{gid}" d="…"/>…</defs></svg>`, path
/// data in font units, y up, integer or 1-decimal coordinates, in order of face and glyph.
///
/// Pages set glyphs in thousandths of an em (as PDF's glyph space), since they are drawn
/// without the faces: a face of another size of em has its paths scaled to that. A glyph
/// without an outline that is not a space still gets an (empty) path, so that every
/// `<use>` of a page finds its glyph.
pub fn glyph_defs(layout: &Layout, outlines: &Outlines) -> String {
    // A bit per glyph of each face: a long novel places millions of glyphs, and a set
    // of them would cost more than the drawing.
    let mut used = vec![Vec::<u64>::new(); layout.font_names.len()];
    for page in &layout.pages {
        for placed in &page.items {
            let Item::Text(run) = &placed.item else {
                continue;
            };
            for g in run.glyphs.iter() {
                mark(&mut used, run.face, g.gid);
            }
        }
    }
    defs(&used, layout, outlines)
}

/// Every glyph the typesetter shaped for `layout` (its `glyph_text`), once, as
/// [`glyph_defs`] writes them: the glyphs drawn and perhaps a few more, without walking
/// the pages. For a preview that redraws a long book on every change.
pub fn shaped_glyph_defs(layout: &Layout, outlines: &Outlines) -> String {
    let mut used = vec![Vec::<u64>::new(); layout.font_names.len()];
    for &(face, gid) in layout.glyph_text.keys() {
        mark(&mut used, face, gid);
    }
    defs(&used, layout, outlines)
}

fn mark(used: &mut [Vec<u64>], face: FaceId, gid: u16) {
    let bits = &mut used[face.index()];
    let (word, bit) = (usize::from(gid) / 64, gid % 64);
    if word >= bits.len() {
        bits.resize(word + 1, 0);
    }
    bits[word] |= 1 << bit;
}

fn defs(used: &[Vec<u64>], layout: &Layout, outlines: &Outlines) -> String {
    let blank = Blank::of(layout);
    let mut out = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" style="position:absolute"><defs>"#,
    );
    for (face, bits) in used.iter().enumerate() {
        let glyphs: Vec<u16> = bits
            .iter()
            .enumerate()
            .flat_map(|(word, &b)| {
                (0..64u16)
                    .filter(move |bit| b & (1 << bit) != 0)
                    .map(move |bit| word as u16 * 64 + bit)
            })
            .filter(|&gid| !blank.contains(face, gid))
            .collect();
        if glyphs.is_empty() {
            continue;
        }
        let scale = match outlines.units_per_em(face) {
            Some(units) if units != EM as u16 => {
                let mut s = String::from(r#" transform="scale("#);
                num(&mut s, EM / f64::from(units), 8);
                s.push_str(")\"");
                s
            }
            _ => String::new(),
        };
        for (gid, d) in glyphs.iter().zip(outlines.paths(face, &glyphs)) {
            out.push_str("\n<path id=\"g");
            push_int(&mut out, face as i64);
            out.push('-');
            push_int(&mut out, i64::from(*gid));
            out.push('"');
            if let Some(d) = d {
                out.push_str(&scale);
                out.push_str(" d=\"");
                out.push_str(&d);
                out.push('"');
            }
            out.push_str("/>");
        }
    }
    out.push_str("</defs></svg>");
    out
}

/// SVG path data from a glyph outline: relative commands on a grid of tenths of a font
/// unit, a command's letter left out when it repeats. Each point is rounded where it
/// stands and the steps taken between rounded points, so rounding never adds up along
/// a contour.
#[derive(Default)]
struct PathData {
    d: String,
    /// The pen and the current contour's start, in tenths of a font unit.
    pen: (i64, i64),
    start: (i64, i64),
    /// The last command written (`b'z'` after a close: the next must name itself).
    last: u8,
    /// Nothing written since that command's letter.
    fresh: bool,
}

impl PathData {
    fn command(&mut self, c: u8) {
        // After `m`, further pairs would be read as `l`: only other repeats go implicit.
        if c != self.last || c == b'm' || c == b'z' {
            self.d.push(char::from(c));
            self.last = c;
            self.fresh = true;
        }
    }

    /// Appends `(x, y)` relative to the pen, and returns it rounded.
    fn point(&mut self, x: f32, y: f32) -> (i64, i64) {
        let at = (tenths(x), tenths(y));
        for v in [at.0 - self.pen.0, at.1 - self.pen.1] {
            // A command's letter or a minus sign separates numbers by itself.
            if !self.fresh && v >= 0 {
                self.d.push(' ');
            }
            self.fresh = false;
            push_tenths(&mut self.d, v);
        }
        at
    }

    fn segment(&mut self, c: u8, points: &[(f32, f32)]) {
        self.command(c);
        let mut end = self.pen;
        for &(x, y) in points {
            end = self.point(x, y);
        }
        self.pen = end;
    }
}

impl OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        self.segment(b'm', &[(x, y)]);
        self.start = self.pen;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.segment(b'l', &[(x, y)]);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.segment(b'q', &[(x1, y1), (x, y)]);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.segment(b'c', &[(x1, y1), (x2, y2), (x, y)]);
    }

    fn close(&mut self) {
        self.command(b'z');
        self.pen = self.start;
    }
}

/// `v` in tenths, rounded, within any font's coordinates (±2¹⁵ units).
fn tenths(v: f32) -> i64 {
    ((f64::from(v) * 10.0).round() as i64).clamp(-1 << 20, 1 << 20)
}

/// Appends a number of tenths as decimal: `125` → `12.5`, `-30` → `-3`.
fn push_tenths(out: &mut String, t: i64) {
    if t < 0 {
        out.push('-');
    }
    push_int(out, t.abs() / 10);
    if t.abs() % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (t.abs() % 10) as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(f: impl FnOnce(&mut PathData)) -> String {
        let mut p = PathData::default();
        f(&mut p);
        p.d
    }

    #[test]
    fn paths_are_relative_and_rounded_to_a_tenth() {
        let d = drawn(|p| {
            p.move_to(10.0, 20.0);
            p.line_to(30.0, 20.0);
            p.line_to(30.04, 5.5);
            p.quad_to(20.0, -3.0, 10.0, 20.0);
            p.close();
            p.move_to(12.0, 22.0);
            p.curve_to(13.0, 23.0, 14.0, 24.0, 15.0, 25.0);
            p.close();
        });
        assert_eq!(d, "m10 20l20 0 0-14.5q-10-8.5-20 14.5zm2 2c1 1 2 2 3 3z");
    }

    /// Each point is rounded where it stands: a contour of many small steps of a
    /// twentieth of a unit ends where it should, not a rounding per step away.
    #[test]
    fn rounding_does_not_add_up_along_a_contour() {
        let d = drawn(|p| {
            p.move_to(0.0, 0.0);
            for i in 1..=100 {
                p.line_to(i as f32 * 0.05, 0.0);
            }
        });
        let steps = &d[d.find('l').expect("lines were drawn") + 1..];
        let sum: f64 = steps
            .split(' ')
            .step_by(2)
            .map(|n| n.parse::<f64>().unwrap())
            .sum();
        assert!((sum - 5.0).abs() < 1e-9, "{sum}: {d}");
    }

    #[test]
    fn numbers_are_short() {
        let mut s = String::new();
        for t in [0, 5, -5, 120, -125, 10] {
            push_tenths(&mut s, t);
            s.push(',');
        }
        assert_eq!(s, "0,0.5,-0.5,12,-12.5,1,");
    }

    #[test]
    fn a_face_that_cannot_be_parsed_draws_nothing() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/todo");
        let warnings = crate::diag::Warnings::new();
        let mut parsed = crate::parse_book(&root, None, &warnings).expect("the fixture parses");
        let layout = crate::layout(&parsed, &warnings).expect("lays out");
        let good = Outlines::new(&parsed.book.fonts);
        parsed.book.fonts.regular.data = Arc::from(&b"not a font"[..]);
        let broken = Outlines::new(&parsed.book.fonts);
        let (good, broken) = (glyph_defs(&layout, &good), glyph_defs(&layout, &broken));
        let outlined = |defs: &str, face: &str| {
            defs.lines()
                .filter(|l| l.starts_with(&format!("<path id=\"g{face}-")))
                .map(|l| l.contains(" d=\""))
                .collect::<Vec<bool>>()
        };
        // The same glyphs are defined (pages point at them), without outlines.
        assert_eq!(outlined(&good, "0").len(), outlined(&broken, "0").len());
        assert!(outlined(&good, "0").iter().all(|&d| d));
        assert!(outlined(&broken, "0").iter().all(|&d| !d));
        assert_eq!(outlined(&good, "1"), outlined(&broken, "1"));
    }
}

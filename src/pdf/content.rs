//! A laid-out page → its PDF content stream, written as bytes directly.
//!
//! printpdf turns operators into lopdf objects and lopdf formats them, each number
//! through the general float formatter; for a novel that was a quarter of the PDF's
//! time. The stream here uses a handful of operators (`Tf Tm TJ Ts Tc`, `m l h S w`,
//! `q cm Do Q`, `re W n` to cut a cover's image), coordinates to 1/100 pt and TJ offsets in whole 1/1000 em, the
//! rounding error carried from glyph to glyph so that it never adds up along a line,
//! and the words of a line in one TJ array.
//! Resource names are those printpdf gives the document (`F<n>` fonts, `Im<n>` images).

use super::fonts::FaceOut;
use super::tags::{Mark, Tagging};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Direction, Item, Page, Placed, TextRun};
use crate::typeset::structure::NodeId;
use rustc_hash::FxHashMap;

/// The content stream of `page`, its trim's lower-left corner at `(x, y)` on the sheet;
/// with `tagging`, every item in a marked-content sequence, and the node of each MCID
/// with the index of its first item on the page (see [`Marker`]).
pub fn page_stream(
    page: &Page,
    faces: &FxHashMap<FaceId, FaceOut>,
    (x, y): (f32, f32),
    tagging: Option<&Tagging<'_>>,
) -> (Vec<u8>, Vec<(NodeId, usize)>) {
    let mut out = Stream(Vec::with_capacity(8 * 1024));
    let mut marker = Marker {
        tagging,
        open: None,
        marks: Vec::new(),
    };
    let moved = x != 0.0 || y != 0.0;
    if moved {
        out.op("q 1 0 0 1 ");
        out.num(x);
        out.num(y);
        out.op("cm\n");
    }
    let h = page.height;
    // Graphics first, then all the text in one text object.
    let mut width = None;
    for (i, p) in page.items.iter().enumerate() {
        if matches!(
            p.item,
            Item::Rule { .. } | Item::Frame { .. } | Item::Image { .. }
        ) {
            marker.mark(&mut out, None, p, i);
        }
        match &p.item {
            Item::Rule { to, thickness } => {
                out.line_width(&mut width, *thickness);
                out.num(p.at.x);
                out.num(h - p.at.y);
                out.op("m ");
                out.num(to.x);
                out.num(h - to.y);
                out.op("l S\n");
            }
            Item::Frame {
                width: w,
                height: fh,
                ..
            } => {
                out.line_width(&mut width, 0.5);
                let (x, y) = (p.at.x, h - p.at.y);
                out.num(x);
                out.num(y);
                out.op("m ");
                for (px, py) in [(x + w, y), (x + w, y - fh), (x, y - fh)] {
                    out.num(px);
                    out.num(py);
                    out.op("l ");
                }
                out.op("h S\n");
            }
            Item::Image {
                image,
                width: w,
                height: ih,
                clip,
                ..
            } => {
                out.op("q ");
                if let Some((corner, cw, ch)) = clip {
                    for v in [corner.x, h - corner.y - ch, *cw, *ch] {
                        out.num(v);
                    }
                    out.op("re W n ");
                }
                for v in [*w, 0.0, 0.0, *ih, p.at.x, h - p.at.y - ih] {
                    out.num(v);
                }
                out.op("cm /Im");
                out.int(*image as i64);
                out.op(" Do Q\n");
            }
            // Links and destinations are annotations (finish.rs, outline.rs).
            Item::Text(_) | Item::Link { .. } | Item::Destination(_) => {}
        }
    }
    marker.close(&mut out, None);
    out.op("BT\n");
    let mut text = TextState::default();
    for (i, p) in page.items.iter().enumerate() {
        let Item::Text(run) = &p.item else { continue };
        let Some(face) = faces.get(&run.face) else {
            continue;
        };
        marker.mark(&mut out, Some(&mut text), p, i);
        out.run(&mut text, run, face, p.at.x, h - p.at.y);
    }
    marker.close(&mut out, Some(&mut text));
    if text.open {
        out.op("]TJ\n");
    }
    out.op("ET");
    if moved {
        out.op("\nQ");
    }
    (out.0, marker.marks)
}

/// Opens and closes the marked-content sequences of a tagged page: consecutive items
/// marked alike share one sequence (a line's words, a paragraph's lines), and each
/// sequence of content gets the page's next MCID.
struct Marker<'t> {
    tagging: Option<&'t Tagging<'t>>,
    open: Option<Mark>,
    /// Each MCID's node and the index of its first item on the page.
    marks: Vec<(NodeId, usize)>,
}

impl Marker<'_> {
    /// Puts item `i` in the sequence its mark asks for, closing the one open before if
    /// it differs (and the TJ array open in `text`: a sequence may not cut one).
    fn mark(&mut self, out: &mut Stream, text: Option<&mut TextState>, placed: &Placed, i: usize) {
        let Some(tagging) = self.tagging else { return };
        let mark = tagging.mark(placed);
        if self.open == Some(mark) {
            return;
        }
        self.close(out, text);
        match mark {
            Mark::Content { node, kind } => {
                let mcid = self.marks.len();
                self.marks.push((node, i));
                out.op("/");
                out.op(kind);
                out.op(" <</MCID ");
                out.int(mcid as i64);
                out.op(">> BDC\n");
            }
            Mark::Artifact(properties) => {
                out.op("/Artifact ");
                out.op(properties);
                out.op(" BDC\n");
            }
        }
        self.open = Some(mark);
    }

    /// Closes the open sequence, if any.
    fn close(&mut self, out: &mut Stream, text: Option<&mut TextState>) {
        if self.open.take().is_none() {
            return;
        }
        if let Some(text) = text {
            if text.open {
                out.op("]TJ\n");
                text.open = false;
            }
        }
        out.op("EMC\n");
    }
}

/// `v` in hundredths, rounded, within ±10¹⁵ (no page coordinate comes near; the bound
/// keeps every later negation in range).
fn hundredths(v: f32) -> i64 {
    const BOUND: i64 = 1_000_000_000_000_000;
    ((f64::from(v) * 100.0).round() as i64).clamp(-BOUND, BOUND)
}

struct Stream(Vec<u8>);

impl Stream {
    fn op(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn line_width(&mut self, current: &mut Option<f32>, w: f32) {
        if *current != Some(w) {
            self.num(w);
            self.op("w ");
            *current = Some(w);
        }
    }

    fn int(&mut self, v: i64) {
        if v < 0 {
            self.0.push(b'-');
        }
        let mut u = v.unsigned_abs();
        let mut digits = [0u8; 20];
        let mut n = 0;
        loop {
            digits[n] = b'0' + (u % 10) as u8;
            n += 1;
            u /= 10;
            if u == 0 {
                break;
            }
        }
        self.0.extend(digits[..n].iter().rev());
    }

    /// `v` to four decimals, without trailing zeros, and a space.
    fn fine(&mut self, v: f32) {
        let parts = (f64::from(v) * 10_000.0).round() as i64;
        if parts < 0 {
            self.0.push(b'-');
        }
        let abs = parts.unsigned_abs();
        self.int((abs / 10_000) as i64);
        let mut frac = abs % 10_000;
        if frac != 0 {
            self.0.push(b'.');
            let mut digits = 4;
            while frac.is_multiple_of(10) {
                frac /= 10;
                digits -= 1;
            }
            let s = format!("{frac:0digits$}");
            self.0.extend_from_slice(s.as_bytes());
        }
        self.0.push(b' ');
    }

    /// `v` to two decimals, without trailing zeros, and a space.
    fn num(&mut self, v: f32) {
        let hundredths = hundredths(v);
        if hundredths < 0 {
            self.0.push(b'-');
        }
        let abs = hundredths.abs();
        self.int(abs / 100);
        let frac = abs % 100;
        if frac != 0 {
            self.0.push(b'.');
            self.0.push(b'0' + (frac / 10) as u8);
            if frac % 10 != 0 {
                self.0.push(b'0' + (frac % 10) as u8);
            }
        }
        self.0.push(b' ');
    }

    fn hex(&mut self, gid: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.0.push(b'<');
        for shift in [12, 8, 4, 0] {
            self.0.push(HEX[usize::from((gid >> shift) & 0xF)]);
        }
        self.0.push(b'>');
    }

    /// The run's glyphs, each where shaping put it: the TJ offsets correct the advance
    /// a viewer takes from the font's `/W` widths. A run on the baseline of the one
    /// before, in the same font and letterspacing, continues its TJ array (the word space
    /// is an offset),
    /// and a change of rise (a raised mark) starts a new array after a `Ts`.
    fn run(&mut self, text: &mut TextState, run: &TextRun, face: &FaceOut, x: f32, y: f32) {
        let Some(first) = run.glyphs.first() else {
            return;
        };
        let font = (run.face, run.size.to_bits());
        // The size as `Tf` writes it, to the hundredth: the viewer scales advances by it.
        let per_em = 1000.0 / (hundredths(run.size) as f64 / 100.0);
        // Only runs across the page continue a line: a turned run (a spine's) is alone.
        let across = run.direction == Direction::Across;
        // A space before the run, in a file whose text needs one: shown where the pen
        // stands (the start of the gap, on a continued line; one space's width before
        // the glyph, on a new one), then the pen moves on to the run's first glyph.
        let space = face
            .space
            .filter(|_| run.spaced && across)
            .map(|gid| (gid, face.widths.get(&gid).copied().unwrap_or(0.0)));
        let space_width = space.map_or(0.0, |(_, w)| w * run.size / 1000.0);
        // A justified line's letterspacing is character spacing (`Tc`, written to a
        // ten-thousandth so that a word's letters need no offset of their own); a viewer
        // adds it after every glyph, marks and shown spaces too, which the pen follows.
        // A run without gaps between letters (a one-letter word, a hyphen) keeps the
        // spacing set: changing it would cut the line's TJ array for nothing.
        let tc = match run.letter_gaps() {
            0 => text.tc,
            _ => (run.letterspacing * 10_000.0).round() / 10_000.0,
        };
        if tc != text.tc {
            if text.open {
                self.op("]TJ ");
                text.open = false;
            }
            self.fine(tc);
            self.op("Tc ");
            text.tc = tc;
        }
        let tc_units = f64::from(tc) * per_em;
        let same_line =
            text.open && text.font == Some(font) && text.y == y && across && text.across;
        if !same_line {
            if text.open {
                self.op("]TJ\n");
                text.open = false;
            }
            if text.font != Some(font) {
                self.op("/");
                self.op(&face.name);
                self.op(" ");
                self.num(run.size);
                self.op("Tf\n");
                text.font = Some(font);
            }
            text.origin = f64::from(x + first.x - space_width);
            text.y = y;
            text.across = across;
            text.pen = 0.0;
            // The text matrix turns the baseline a quarter either way for a spine.
            let (matrix, tx, ty) = match run.direction {
                Direction::Across => ("1 0 0 1 ", x + first.x - space_width, y),
                Direction::Up => ("0 1 -1 0 ", x, y + first.x),
                Direction::Down => ("0 -1 1 0 ", x, y - first.x),
            };
            self.op(matrix);
            self.num(tx);
            self.num(ty);
            self.op("Tm ");
        }
        if let Some((gid, width)) = space {
            if !text.open {
                self.0.push(b'[');
                text.open = true;
            }
            self.hex(gid);
            text.pen += f64::from(width) + tc_units;
        }
        for g in run.glyphs.iter() {
            if g.rise != text.rise {
                if text.open {
                    self.op("]TJ ");
                    text.open = false;
                }
                self.num(g.rise);
                self.op("Ts ");
                text.rise = g.rise;
            }
            if !text.open {
                self.0.push(b'[');
                text.open = true;
            }
            let wanted = (f64::from(x + g.x) - text.origin) * per_em;
            let offset = (text.pen - wanted).round();
            if offset != 0.0 {
                self.int(offset as i64);
                text.pen -= offset;
            }
            let gid = face.remap.get(&g.gid).copied().unwrap_or(0);
            self.hex(gid);
            text.pen += f64::from(face.widths.get(&gid).copied().unwrap_or(0.0)) + tc_units;
        }
    }
}

/// The text state carried from run to run inside the page's text object.
#[derive(Default)]
struct TextState {
    /// Face and size (bits) set by the last `Tf`.
    font: Option<(FaceId, u32)>,
    /// Rise set by the last `Ts`.
    rise: f32,
    /// A TJ array is open.
    open: bool,
    /// The current line runs across the page (not up or down a spine).
    across: bool,
    /// Start of the current line of text (x, in points) and its baseline.
    origin: f64,
    y: f32,
    /// The viewer's pen from `origin`, in 1/1000 em.
    pen: f64,
    /// Character spacing set by the last `Tc`, in points.
    tc: f32,
}

#[cfg(test)]
mod tests;

//! Shaping with rustybuzz: a piece of text in one face → positioned glyph ids.
//!
//! Kerning and standard ligatures are on (rustybuzz's defaults), small caps come from the
//! font's `smcp` feature and are letterspaced when placed ([`SMALL_CAPS_TRACKING`]).
//! Words repeat a lot in a book, so every shaped piece is cached.
//! The shaper also remembers the text each glyph stands for, which becomes the PDF's
//! ToUnicode map (one text per glyph, as PDF allows).

use std::collections::BTreeMap;
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use rustybuzz::{script, Feature, Language, Script, ShapePlan, UnicodeBuffer};

use super::fonts::{FaceId, FontSet};
use super::page::PlacedGlyph;

/// The letterspacing of small caps, in ems of their size: capitals and small capitals set
/// solid crowd one another, and want 5 to 10 % of the size between letters (Bringhurst,
/// *The Elements of Typographic Style*, 3.2.2; the EPUB's stylesheet spaces them too).
pub const SMALL_CAPS_TRACKING: f32 = 0.07;

/// One shaped glyph, in font units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// How far the pen moves after the glyph (kerning included).
    pub advance: i32,
    /// Displacement of this glyph alone (marks).
    pub dx: i32,
    pub dy: i32,
}

/// A shaped piece of text.
#[derive(Debug, Clone)]
pub struct Shaped {
    pub glyphs: Vec<Glyph>,
    /// Sum of the advances, in font units.
    pub width: i32,
}

impl Shaped {
    /// The glyphs placed from the run's origin at `scale` points per font unit, `rise`
    /// points above the baseline, with `tracking` points more before each glyph that moves
    /// the pen (none before the first, none after the last, none between a letter and its
    /// marks); and the run's width.
    pub fn place(&self, scale: f32, rise: f32, tracking: f32) -> (Arc<[PlacedGlyph]>, f32) {
        // The pen in font units, scaled once per glyph as before tracking was added: a run
        // without it is placed to the bit as it always was.
        let mut units = 0;
        let mut spaced = 0.0;
        let mut first = true;
        let glyphs = self
            .glyphs
            .iter()
            .map(|g| {
                if g.advance != 0 && !std::mem::take(&mut first) {
                    spaced += tracking;
                }
                let placed = PlacedGlyph {
                    gid: g.gid,
                    x: (units + g.dx) as f32 * scale + spaced,
                    rise: rise + g.dy as f32 * scale,
                    advancing: g.advance != 0,
                };
                units += g.advance;
                placed
            })
            .collect();
        (glyphs, self.width as f32 * scale + spaced)
    }
}

/// Shaped words by their text. The word cache is looked up once per word piece: the Fx
/// hash (rustc's) rather than SipHash, whose resistance to flooding is not needed here
/// and which showed in profiles.
type WordCache = FxHashMap<String, Rc<Shaped>>;

/// Shapes pieces of text and caches them; one per thread.
pub struct Shaper<'f, 'a> {
    fonts: &'f FontSet<'a>,
    language: Option<Language>,
    /// Shaped pieces per (face, small caps), looked up by `&str` without allocating.
    cache: FxHashMap<(FaceId, bool), WordCache>,
    /// Shape plans per (face, small caps, script): building one is far costlier than
    /// shaping a word, and `rustybuzz::shape` would build one on every call.
    plans: FxHashMap<(FaceId, bool, Option<Script>), ShapePlan>,
    /// The text each glyph was shaped from, per face (see [`record_glyph_text`]).
    pub to_unicode: BTreeMap<(FaceId, u16), String>,
}

impl<'f, 'a> Shaper<'f, 'a> {
    /// A shaper for text in `language` (a BCP 47 tag).
    pub fn new(fonts: &'f FontSet<'a>, language: &str) -> Self {
        Shaper {
            fonts,
            language: Language::from_str(language).ok(),
            cache: FxHashMap::default(),
            plans: FxHashMap::default(),
            to_unicode: BTreeMap::new(),
        }
    }

    /// The fonts this shaper sets with.
    pub fn fonts(&self) -> &'f FontSet<'a> {
        self.fonts
    }

    /// Shapes `text` in `face`; the caller has made sure the face has every character.
    pub fn shape(&mut self, face: FaceId, small_caps: bool, text: &str) -> Rc<Shaped> {
        if let Some(hit) = self
            .cache
            .get(&(face, small_caps))
            .and_then(|m| m.get(text))
        {
            return Rc::clone(hit);
        }
        let shaped = Rc::new(self.shape_uncached(face, small_caps, text));
        self.cache
            .entry((face, small_caps))
            .or_default()
            .insert(text.to_string(), Rc::clone(&shaped));
        shaped
    }

    fn shape_uncached(&mut self, face: FaceId, small_caps: bool, text: &str) -> Shaped {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        if let Some(lang) = &self.language {
            buffer.set_language(lang.clone());
        }
        // What `rustybuzz::shape` does, with the plan cached: the same script guess
        // (none when the text has no letters of a script) and the same features. The
        // direction follows the script (a Hebrew or Arabic word right to left), so it
        // needs no key of its own in the plans.
        buffer.guess_segment_properties();
        let guessed = buffer.script();
        let script = (guessed != script::UNKNOWN).then_some(guessed);
        let direction = match buffer.direction() {
            rustybuzz::Direction::RightToLeft => rustybuzz::Direction::RightToLeft,
            _ => rustybuzz::Direction::LeftToRight,
        };
        buffer.set_direction(direction);
        let rb_face = self.fonts.face(face);
        let language = self.language.as_ref();
        let plan = self
            .plans
            .entry((face, small_caps, script))
            .or_insert_with(|| {
                let mut features = Vec::new();
                if small_caps {
                    features.push(Feature::from_str("smcp").expect("a valid feature tag"));
                }
                ShapePlan::new(rb_face, direction, script, language, &features)
            });
        let out = rustybuzz::shape_with_plan(rb_face, plan, buffer);
        let infos = out.glyph_infos();
        let positions = out.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0;
        // A cluster's text runs to the next cluster's start in the text: glyphs come in
        // visual order, which is the text's backwards for a right-to-left run.
        let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut i = 0;
        while i < infos.len() {
            // The glyphs of one cluster (a Devanagari conjunct: half form, letter, vowel
            // sign) share its text without repeating it.
            let start = infos[i].cluster as usize;
            let count = infos[i..]
                .iter()
                .take_while(|n| n.cluster as usize == start)
                .count();
            let next = starts.partition_point(|&s| s <= start);
            let end = starts.get(next).copied().unwrap_or(text.len());
            let cluster = text.get(start..end).unwrap_or_default();
            let gids: Vec<u16> = infos[i..i + count]
                .iter()
                .map(|n| u16::try_from(n.glyph_id).expect("rustybuzz glyph ids fit in u16"))
                .collect();
            for (gid, text) in cluster_texts(rb_face, &gids, cluster) {
                record_glyph_text(&mut self.to_unicode, (face, gid), &text);
            }
            i += count;
        }
        for (info, pos) in infos.iter().zip(positions) {
            let gid = u16::try_from(info.glyph_id).expect("rustybuzz glyph ids fit in u16");
            glyphs.push(Glyph {
                gid,
                advance: pos.x_advance,
                dx: pos.x_offset,
                dy: pos.y_offset,
            });
            width += pos.x_advance;
        }
        Shaped { glyphs, width }
    }
}

/// The text each glyph of one cluster stands for: all of it for a lone glyph; else each
/// glyph that is a character's own (by the face's `cmap`) that character, and what is
/// left to the first glyph that is no character's own (a conjunct's half form), or the
/// first. PDF maps text per glyph, not per cluster, so this is as near as it gets.
fn cluster_texts(face: &rustybuzz::Face, gids: &[u16], cluster: &str) -> Vec<(u16, String)> {
    if cluster.is_empty() {
        return Vec::new();
    }
    if let [gid] = gids {
        return vec![(*gid, cluster.to_string())];
    }
    let mut left: Vec<char> = cluster.chars().collect();
    let mut texts: Vec<(u16, String)> = gids.iter().map(|&g| (g, String::new())).collect();
    for (gid, text) in &mut texts {
        let own = left
            .iter()
            .position(|&c| face.glyph_index(c).is_some_and(|g| g.0 == *gid));
        if let Some(at) = own {
            text.push(left.remove(at));
        }
    }
    if !left.is_empty() {
        let rest: String = left.into_iter().collect();
        match texts.iter_mut().find(|(_, text)| text.is_empty()) {
            Some((_, text)) => *text = rest,
            None => texts[0].1.push_str(&rest),
        }
    }
    texts.retain(|(_, text)| !text.is_empty());
    texts
}

/// Records that glyph `key` stands for `text`. A glyph several characters share (a space
/// and a no-break space) keeps the smallest text, whichever was shaped first: the writers'
/// text maps must not depend on the order the threads shaped the chapters in.
pub fn record_glyph_text(
    map: &mut BTreeMap<(FaceId, u16), String>,
    key: (FaceId, u16),
    text: &str,
) {
    match map.entry(key) {
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(text.to_string());
        }
        std::collections::btree_map::Entry::Occupied(mut slot) => {
            if text < slot.get().as_str() {
                slot.insert(text.to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(gid: u16, advance: i32, dx: i32) -> Glyph {
        Glyph {
            gid,
            advance,
            dx,
            dy: 0,
        }
    }

    #[test]
    fn tracking_goes_between_letters_only() {
        // «é» as a letter and a combining mark, then two letters.
        let shaped = Shaped {
            glyphs: vec![
                glyph(1, 500, 0),
                glyph(2, 0, -300),
                glyph(3, 600, 0),
                glyph(4, 400, 0),
            ],
            width: 1500,
        };
        let (solid, width) = shaped.place(0.01, 0.0, 0.0);
        let xs: Vec<f32> = solid.iter().map(|g| g.x).collect();
        assert_eq!((xs, width), (vec![0.0, 2.0, 5.0, 11.0], 15.0));
        let (spaced, width) = shaped.place(0.01, 0.0, 1.0);
        let xs: Vec<f32> = spaced.iter().map(|g| g.x).collect();
        // The mark stays on its letter; two gaps between three letters, none after.
        assert_eq!((xs, width), (vec![0.0, 2.0, 6.0, 13.0], 17.0));
    }
}

//! Which faces the book uses, and those faces subset to the characters it sets in them.
//!
//! The subset is an e-reader's font, not a PDF's: `skera` (fontations' port of HarfBuzz's
//! subsetter) keeps `cmap`, `OS/2` and `name` and subsets `GSUB`, `GPOS` and `GDEF` with
//! the glyphs they reach, so readers still set the ligatures (fi, fl, ff, ffi, ffl),
//! kerning and mark positioning the typeface was drawn with. Its limits, as HarfBuzz's: a
//! legacy `kern` table (kerning outside GPOS) is dropped, and only TrueType outlines are
//! subset, so a CFF font (`.otf`) is embedded whole, with a warning.

use std::collections::BTreeSet;

use read_fonts::collections::IntSet;
use read_fonts::types::{NameId, Tag};
use read_fonts::FontRef;

use crate::ir::walk::{self, RunKind};
use crate::ir::{Block, Book, Inline};

/// The five faces, in the order of [`crate::ir::Fonts::all`].
pub(crate) const REGULAR: usize = 0;
pub(crate) const ITALIC: usize = 1;
pub(crate) const BOLD: usize = 2;
pub(crate) const BOLD_ITALIC: usize = 3;
pub(crate) const MONO: usize = 4;

/// Which faces the stylesheet will ask for, and the characters of code (for the mono face).
#[derive(Debug, Default)]
pub(crate) struct Usage {
    pub used: [bool; 5],
    pub mono_chars: BTreeSet<char>,
}

#[derive(Clone, Copy, Default)]
struct Style {
    italic: bool,
    bold: bool,
}

impl Usage {
    /// Walks the book the way the stylesheet styles it (`css.rs`: `em`, `h3`, `h4`,
    /// `h6`, `figcaption` and the subtitle are italic; `strong`, `th`, `h2` and `h3` bold;
    /// code mono).
    pub(crate) fn of(book: &Book) -> Usage {
        let mut usage = Usage::default();
        usage.used[REGULAR] = true;
        if book.metadata.subtitle.is_some() {
            usage.used[ITALIC] = true;
        }
        for block in book.all_blocks() {
            usage.block(block);
        }
        usage
    }

    fn mark(&mut self, style: Style) {
        let face = match (style.italic, style.bold) {
            (false, false) => REGULAR,
            (true, false) => ITALIC,
            (false, true) => BOLD,
            (true, true) => BOLD_ITALIC,
        };
        self.used[face] = true;
    }

    fn block(&mut self, block: &Block) {
        if let Block::CodeBlock { text, .. } = block {
            self.code(text);
        }
        for run in block.runs() {
            let base = match run.kind {
                // As the printed book: bold, bold italic, italic, small caps, italic
                // small caps from level 2 down.
                RunKind::Heading { level } => Style {
                    italic: matches!(level, 3 | 4 | 6),
                    bold: matches!(level, 2 | 3),
                },
                RunKind::HeaderCell => Style {
                    italic: false,
                    bold: true,
                },
                RunKind::Caption => Style {
                    italic: true,
                    bold: false,
                },
                RunKind::Paragraph | RunKind::Cell => Style::default(),
            };
            let mut inlines = walk::inlines(run.inlines);
            while let Some(inline) = inlines.next() {
                let style = inlines
                    .ancestors()
                    .iter()
                    .fold(base, |style, markup| match markup {
                        Inline::Emphasis(_) => Style {
                            italic: true,
                            ..style
                        },
                        Inline::Strong(_) => Style {
                            bold: true,
                            ..style
                        },
                        _ => style,
                    });
                match inline {
                    Inline::Text(t) if !t.trim().is_empty() => self.mark(style),
                    Inline::Code(t) => self.code(t),
                    Inline::NoteRef { .. } => self.mark(Style::default()),
                    _ => {}
                }
            }
        }
    }

    fn code(&mut self, text: &str) {
        self.used[MONO] = true;
        self.mono_chars
            .extend(text.chars().filter(|c| !c.is_control()));
    }
}

/// Characters every serif face gets besides the book's text: what the reader may draw on
/// its own (hyphens from hyphenation, list markers, digits of ordered lists, the scene
/// break ornament, the spaces).
pub(crate) const READER_CHARS: &str =
    " \u{a0}\u{2009}\u{202f}-\u{2010}\u{2011}.,:;0123456789•◦▪⁂☐☑…«»“”‘’—–";

/// `chars` plus their capitals: small caps are synthesised from capitals by readers,
/// since the subset has no `smcp` feature.
pub(crate) fn with_capitals(chars: &BTreeSet<char>) -> BTreeSet<char> {
    let mut all = chars.clone();
    for c in chars {
        all.extend(c.to_uppercase());
    }
    all
}

/// `data` (a TrueType font) reduced to the glyphs of `chars` and those its layout
/// features reach from them, with every table an e-reader needs.
pub(crate) fn subset(data: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    subset_face(data, 0, chars)
}

/// [`subset`] for face `index` of a file that may be a collection (`.ttc`).
pub(crate) fn subset_face(
    data: &[u8],
    index: u32,
    chars: &BTreeSet<char>,
) -> Result<Vec<u8>, String> {
    let font = FontRef::from_index(data, index).map_err(|e| e.to_string())?;
    if font.table_data(Tag::new(b"glyf")).is_none() {
        return Err("only TrueType outlines can be subset, not CFF".into());
    }
    let unicodes: IntSet<u32> = chars.iter().map(|&c| u32::from(c)).collect();
    let mut scripts = IntSet::empty();
    scripts.invert();
    // HarfBuzz's defaults (what browsers apply unasked: liga, kern, mark, locl …); small
    // caps and old-style figures would need their glyphs for every character kept.
    let features: IntSet<Tag> = skera::DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let drop: IntSet<Tag> = skera::DEFAULT_DROP_TABLES.iter().copied().collect();
    // Names 0–14: copyright, family, version … and the licence with its URL, which the
    // SIL Open Font License asks every copy of the font to carry.
    let mut names = IntSet::empty();
    names.insert_range(NameId::new(0)..=NameId::new(14));
    let languages = IntSet::from([0x0409]);
    // skera 0.2 still unwraps and indexes font data in places; a font the manuscript names
    // must cost a warning (embedded whole), never the build.
    std::panic::catch_unwind(|| {
        let plan = skera::Plan::new(
            &IntSet::empty(),
            &unicodes,
            &font,
            skera::SubsetFlags::default(),
            &drop,
            &scripts,
            &features,
            &names,
            &languages,
        );
        skera::subset_font(&font, &plan).map_err(|e| e.to_string())
    })
    .unwrap_or_else(|_| Err("the subsetter failed on this font".into()))
}

/// A CSS `unicode-range` for `chars`: runs of consecutive code points as ranges
/// (`U+391-3A9, U+5D0`), so a reader takes only those characters from the face.
pub(crate) fn unicode_range(chars: &BTreeSet<char>) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &c in chars {
        let c = u32::from(c);
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == c => *end = c,
            _ => ranges.push((c, c)),
        }
    }
    ranges
        .iter()
        .map(|&(start, end)| match start == end {
            true => format!("U+{start:X}"),
            false => format!("U+{start:X}-{end:X}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_unicode_range_joins_consecutive_characters() {
        let chars: BTreeSet<char> = "αβγε שׁ".chars().collect();
        assert_eq!(
            unicode_range(&chars),
            "U+20, U+3B1-3B3, U+3B5, U+5C1, U+5E9"
        );
    }

    use super::*;
    use rustybuzz::ttf_parser;

    fn charis() -> &'static [u8] {
        include_bytes!("../../fonts/CharisSIL-Regular.ttf")
    }

    #[test]
    fn subset_maps_every_character_and_is_small() {
        let chars: BTreeSet<char> = "¿Qué pasó, Begoña? «Ñandú» — fin… 𝔸".chars().collect();
        let sub = subset(charis(), &chars).expect("Charis subsets");
        assert!(sub.len() < charis().len() / 10, "{} bytes", sub.len());
        let face = ttf_parser::Face::parse(&sub, 0).expect("the subset parses");
        let full = ttf_parser::Face::parse(charis(), 0).expect("Charis parses");
        for c in chars {
            let expected = full.glyph_index(c).is_some();
            let glyph = face.glyph_index(c);
            assert_eq!(glyph.is_some(), expected, "{c:?}");
            if let (Some(g), Some(old)) = (glyph, full.glyph_index(c)) {
                assert_eq!(
                    face.glyph_hor_advance(g),
                    full.glyph_hor_advance(old),
                    "{c:?}"
                );
            }
        }
    }

    #[test]
    fn subset_keeps_the_tables_readers_need_and_the_layout() {
        let chars: BTreeSet<char> = "fin afirma".chars().collect();
        let sub = subset(charis(), &chars).expect("Charis subsets");
        let face = ttf_parser::Face::parse(&sub, 0).expect("the subset parses");
        let raw = face.raw_face();
        for tag in [
            b"cmap", b"OS/2", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"post", b"glyf",
            b"loca", b"GSUB", b"GPOS", b"GDEF",
        ] {
            let tag = ttf_parser::Tag::from_bytes(tag);
            assert!(raw.table(tag).is_some(), "no {tag} in the subset");
        }
        assert!(face.tables().gsub.is_some() && face.tables().gpos.is_some());
        let licence = face
            .names()
            .into_iter()
            .any(|name| name.name_id == ttf_parser::name_id::LICENSE_URL);
        assert!(licence, "the OFL's URL is kept");
    }

    #[test]
    fn a_font_without_truetype_outlines_is_refused_not_mangled() {
        // An sfnt header for CFF outlines, with no tables at all.
        let otto = *b"OTTO\0\0\0\0\0\0\0\0";
        let e = subset(&otto, &BTreeSet::from(['a'])).unwrap_err();
        assert!(e.contains("CFF"), "{e}");
        assert!(subset(b"not a font", &BTreeSet::from(['a'])).is_err());
    }
}

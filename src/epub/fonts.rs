//! Which faces the book uses, and those faces subset to the characters it sets in them.
//!
//! `subsetter` 0.2 is written for PDF: it renumbers glyphs and drops `cmap`, `OS/2`,
//! `GSUB`, `GPOS` and `kern`. An e-reader needs the first two, so we build a `cmap` for the
//! new glyph ids and copy `OS/2` back (Chromium's OTS sanitiser accepts the result). The
//! layout tables cannot be copied, since they name the old glyph ids. What that costs, for
//! Charis SIL: its `liga` (ff, fi, fl, ffi, ffl) is lost, so e-readers set `f`+`i` as two
//! glyphs, and its GPOS holds only `mark`/`mkmk` (no kerning), which NFC text of
//! precomposed letters (á, ñ, ü) does not use. We accept both rather than ship whole fonts
//! (1.4 MB against 0.15 MB for the sample book). Composite glyphs keep their components
//! through subsetter's glyf closure.

use std::collections::BTreeSet;

use rustybuzz::ttf_parser;

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
    /// Walks the book the way the stylesheet styles it (`css.rs`: `em`, `h3`–`h6`,
    /// `figcaption` and the subtitle are italic; `strong` and `th` bold; code mono).
    pub(crate) fn of(book: &Book) -> Usage {
        let mut usage = Usage::default();
        usage.used[REGULAR] = true;
        if book.metadata.subtitle.is_some() {
            usage.used[ITALIC] = true;
        }
        for chapter in &book.chapters {
            usage.blocks(&chapter.blocks, Style::default());
            for note in &chapter.footnotes {
                usage.blocks(&note.blocks, Style::default());
            }
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

    fn blocks(&mut self, blocks: &[Block], style: Style) {
        for block in blocks {
            match block {
                Block::Heading { level, content, .. } => {
                    let italic = *level >= 3;
                    self.inlines(content, Style { italic, ..style });
                }
                Block::Paragraph { content, .. } => self.inlines(content, style),
                Block::BlockQuote { blocks, .. } => self.blocks(blocks, style),
                Block::List { items, .. } => {
                    for item in items {
                        self.blocks(&item.blocks, style);
                    }
                }
                Block::CodeBlock { text, .. } => self.code(text),
                Block::Table { header, rows, .. } => {
                    for cell in header {
                        self.inlines(
                            cell,
                            Style {
                                bold: true,
                                ..style
                            },
                        );
                    }
                    for cell in rows.iter().flatten() {
                        self.inlines(cell, style);
                    }
                }
                Block::Figure { caption, .. } => {
                    if let Some(caption) = caption {
                        self.inlines(
                            caption,
                            Style {
                                italic: true,
                                ..style
                            },
                        );
                    }
                }
                Block::SceneBreak { .. } => {}
            }
        }
    }

    fn inlines(&mut self, inlines: &[Inline], style: Style) {
        for inline in inlines {
            match inline {
                Inline::Text(t) if !t.trim().is_empty() => self.mark(style),
                Inline::Text(_) | Inline::SoftBreak | Inline::HardBreak => {}
                Inline::Emphasis(c) => self.inlines(
                    c,
                    Style {
                        italic: true,
                        ..style
                    },
                ),
                Inline::Strong(c) => self.inlines(
                    c,
                    Style {
                        bold: true,
                        ..style
                    },
                ),
                Inline::Strikethrough(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::SmallCaps(c)
                | Inline::Link { content: c, .. } => self.inlines(c, style),
                Inline::Code(t) => self.code(t),
                Inline::NoteRef { .. } => self.mark(Style::default()),
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

/// `data` (a TrueType or CFF OpenType font) reduced to the glyphs of `chars`, with a
/// `cmap` and `OS/2` an e-reader can use.
pub(crate) fn subset(data: &[u8], chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| e.to_string())?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut mapped: Vec<(u32, u16)> = Vec::new();
    for &c in chars {
        if let Some(glyph) = face.glyph_index(c) {
            mapped.push((c as u32, remapper.remap(glyph.0)));
        }
    }
    let sub = subsetter::subset(data, 0, &remapper).map_err(|e| e.to_string())?;
    let mut tables = read_tables(&sub).ok_or("the subset font cannot be read back")?;
    tables.retain(|(tag, _)| tag != b"cmap" && tag != b"OS/2");
    tables.push((*b"cmap", cmap(&mapped)));
    let os2 = face
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .ok_or("the font has no OS/2 table")?;
    tables.push((*b"OS/2", os2.to_vec()));
    let version: [u8; 4] = sub
        .get(0..4)
        .and_then(|v| v.try_into().ok())
        .ok_or("empty subset")?;
    Ok(write_sfnt(version, tables))
}

/// The tables of an sfnt font file.
fn read_tables(data: &[u8]) -> Option<Vec<([u8; 4], Vec<u8>)>> {
    let u16_at = |i: usize| Some(u16::from_be_bytes(data.get(i..i + 2)?.try_into().ok()?));
    let u32_at = |i: usize| Some(u32::from_be_bytes(data.get(i..i + 4)?.try_into().ok()?));
    let count = u16_at(4)? as usize;
    let mut tables = Vec::with_capacity(count + 2);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(record + 8)? as usize;
        let length = u32_at(record + 12)? as usize;
        tables.push((tag, data.get(offset..offset.checked_add(length)?)?.to_vec()));
    }
    Some(tables)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt file from its tables: sorted directory, 4-byte padding, checksums, and the
/// `head` table's checksum adjustment.
fn write_sfnt(version: [u8; 4], mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|t| t.0);
    let count = tables.len() as u16;
    let selector = 15 - count.max(1).leading_zeros() as u16;
    let range = (1u16 << selector) * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&version);
    for v in [count, range, selector, count * 16 - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &mut tables {
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// A `cmap` table for `(code point, glyph)` pairs sorted by code point: a format 4
/// subtable for the BMP (Windows Unicode BMP), and format 12 for everything when some
/// code point lies beyond it.
fn cmap(mapped: &[(u32, u16)]) -> Vec<u8> {
    // Runs where code point and glyph both advance by one share a segment / group.
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in mapped {
        match runs.last_mut() {
            Some((start, end, first))
                if c == *end + 1 && u32::from(g) == u32::from(*first) + (c - *start) =>
            {
                *end = c;
            }
            _ => runs.push((c, c, g)),
        }
    }
    let mut format4 = Vec::new();
    let mut segments: Vec<(u16, u16, u16)> = runs
        .iter()
        .filter(|(start, _, _)| *start <= 0xFFFF)
        .map(|&(start, end, g)| (start as u16, end.min(0xFFFF) as u16, g))
        .filter(|&(start, _, _)| start != 0xFFFF)
        .collect();
    segments.push((0xFFFF, 0xFFFF, 0));
    let seg_count = segments.len() as u16;
    let selector = 15 - seg_count.leading_zeros() as u16;
    let range = (1u16 << selector) * 2;
    let length = 16 + 8 * seg_count;
    for v in [
        4,
        length,
        0,
        seg_count * 2,
        range,
        selector,
        seg_count * 2 - range,
    ] {
        format4.extend_from_slice(&v.to_be_bytes());
    }
    for (_, end, _) in &segments {
        format4.extend_from_slice(&end.to_be_bytes());
    }
    format4.extend_from_slice(&0u16.to_be_bytes());
    for (start, _, _) in &segments {
        format4.extend_from_slice(&start.to_be_bytes());
    }
    for &(start, end, g) in &segments {
        let delta = if (start, end) == (0xFFFF, 0xFFFF) {
            1
        } else {
            g.wrapping_sub(start)
        };
        format4.extend_from_slice(&delta.to_be_bytes());
    }
    for _ in &segments {
        format4.extend_from_slice(&0u16.to_be_bytes());
    }

    let astral = runs.iter().any(|(_, end, _)| *end > 0xFFFF);
    let mut format12 = Vec::new();
    if astral {
        let length = 16 + 12 * runs.len() as u32;
        format12.extend_from_slice(&12u16.to_be_bytes());
        format12.extend_from_slice(&0u16.to_be_bytes());
        for v in [length, 0, runs.len() as u32] {
            format12.extend_from_slice(&v.to_be_bytes());
        }
        for &(start, end, g) in &runs {
            for v in [start, end, u32::from(g)] {
                format12.extend_from_slice(&v.to_be_bytes());
            }
        }
    }

    let subtables = if astral { 2u16 } else { 1 };
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&subtables.to_be_bytes());
    let first = 4 + 8 * u32::from(subtables);
    out.extend_from_slice(&[0, 3, 0, 1]);
    out.extend_from_slice(&first.to_be_bytes());
    if astral {
        out.extend_from_slice(&[0, 3, 0, 10]);
        out.extend_from_slice(&(first + format4.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(&format4);
    out.extend_from_slice(&format12);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(face.tables().os2.is_some());
    }

    #[test]
    fn cmap_covers_the_bmp_and_beyond() {
        let table = cmap(&[(0x41, 1), (0x42, 2), (0x44, 7), (0x1F999, 3)]);
        let parsed = ttf_parser::cmap::Table::parse(&table).expect("cmap parses");
        let glyph = |c: u32| {
            parsed
                .subtables
                .into_iter()
                .find_map(|s| s.glyph_index(c))
                .map(|g| g.0)
        };
        assert_eq!(glyph(0x41), Some(1));
        assert_eq!(glyph(0x42), Some(2));
        assert_eq!(glyph(0x43), None);
        assert_eq!(glyph(0x44), Some(7));
        assert_eq!(glyph(0x1F999), Some(3));
    }
}

//! The extra faces a book needs: for each script its own faces cannot set in a style, the
//! face to set it in, from `[fonts] fallback` (in its order), the bundled Gentium Plus
//! and Noto Serif Hebrew, then the system's fonts (only if still needed).
//!
//! Within each of the three, a face that has all of the script's characters comes first
//! (a word in one face, not two), then one of the text's style (italic for italic, bold
//! for bold), then one of its kind (a serif for the serif text, so a Greek word is not
//! set in a sans when a serif has Greek), then the list's order or, for the system's,
//! family name, file and index: the same choice on every run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rustybuzz::ttf_parser::Face;
use unicode_script::Script;

use super::bundled_extra;
use super::needs::{self, Need, MONO};
use super::system::SystemFonts;
use crate::diag::{char_name, Diagnostic, LineIndex, Loc, Result};
use crate::ir::{Book, ExtraFace, FontFile};
use crate::manuscript::config::Missing;

/// What a face is drawn as, for choosing between faces that have the same characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Serif,
    Sans,
    Mono,
}

impl Kind {
    /// From the family name (fonts seldom fill in the `OS/2` classes that would say).
    pub(super) fn of(family: &str, monospaced: bool) -> Kind {
        if monospaced || family.contains("Mono") || family.contains("Code") {
            Kind::Mono
        } else if family.contains("Sans") || family.contains("Gothic") {
            Kind::Sans
        } else {
            Kind::Serif
        }
    }
}

/// A face's family, style and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shape {
    pub family: String,
    pub italic: bool,
    pub bold: bool,
    pub kind: Kind,
}

impl Shape {
    fn of(file: &FontFile) -> Option<Shape> {
        let face = Face::parse(&file.data, file.index).ok()?;
        Some(Shape {
            family: file.family.clone(),
            italic: face.is_italic() || face.is_oblique(),
            bold: face.weight().to_number() >= 600,
            kind: Kind::of(&file.family, face.is_monospaced()),
        })
    }

    /// How well this face suits text of `style`: lower is better.
    fn rank(&self, style: u8) -> (bool, bool, u8) {
        let (italic, bold) = (matches!(style, 1 | 3), matches!(style, 2 | 3));
        let kind = match (style == MONO, self.kind) {
            (false, Kind::Serif) | (true, Kind::Mono) => 0,
            (_, Kind::Sans) => 1,
            _ => 2,
        };
        (self.italic != italic, self.bold != bold, kind)
    }
}

/// Chooses the extra faces `book` needs and records them in its fonts. A character no
/// face has is an error at its first place in the manuscript, unless `missing` says to
/// warn (the typesetter then leaves it out with a warning).
pub fn choose_extra(
    book: &mut Book,
    listed: Vec<FontFile>,
    missing: Missing,
    toml: &Path,
) -> Result<()> {
    choose_with(book, listed, missing, toml, SystemFonts::load)
}

/// [`choose_extra`] with the system's fonts from `system`, called only when needed.
pub(super) fn choose_with(
    book: &mut Book,
    listed: Vec<FontFile>,
    missing: Missing,
    toml: &Path,
    system: impl FnOnce() -> SystemFonts,
) -> Result<()> {
    let ten: Vec<Option<Face>> = (0..10)
        .map(|i| {
            let file = book.fonts.file(i)?;
            Face::parse(&file.data, file.index).ok()
        })
        .collect();
    let has = |i: usize, c: char| {
        ten[i]
            .as_ref()
            .is_some_and(|face| face.glyph_index(c).is_some_and(|g| g.0 != 0))
    };
    let needs = needs::gather(book, toml, |style, c, script| {
        let style = usize::from(style);
        if has(style, c) || has(5 + style, c) {
            return false;
        }
        // A letter of another script goes to a face of that script before the book's
        // monospace (Greek in Noto Sans Mono beside Charis SIL); a sign of no script
        // (an arrow) stays in whichever of the book's faces has it.
        is_letter_script(script) || !(0..10).any(|i| has(i, c))
    });
    if needs.is_empty() {
        return Ok(());
    }
    let mut chooser = Chooser {
        listed: shaped(listed),
        bundled: shaped(bundled_extra()),
        system: None,
        load_system: Some(system),
        extra: Vec::new(),
        by_file: BTreeMap::new(),
        assigned: BTreeMap::new(),
    };
    let mut groups: BTreeMap<(u8, &str), Vec<char>> = BTreeMap::new();
    for (&(style, c), need) in &needs {
        groups
            .entry((style, need.script.full_name()))
            .or_default()
            .push(c);
    }
    let mut unset = Vec::new();
    for ((style, _), chars) in groups {
        let left = chooser.assign(style, chars);
        unset.extend(
            left.into_iter()
                .filter(|&c| !(0..10).any(|i| has(i, c)))
                .map(|c| (c, &needs[&(style, c)])),
        );
    }
    let Chooser {
        extra, assigned, ..
    } = chooser;
    drop(ten);
    book.fonts.extra = extra;
    book.fonts.assigned = assigned;
    if missing == Missing::Error && !unset.is_empty() {
        return Err(unset_error(unset));
    }
    Ok(())
}

/// Whether characters of `script` are letters of a writing system of their own.
fn is_letter_script(script: Script) -> bool {
    !matches!(script, Script::Common | Script::Inherited | Script::Unknown)
}

fn shaped(files: Vec<FontFile>) -> Vec<(Shape, FontFile)> {
    files
        .into_iter()
        .filter_map(|file| Some((Shape::of(&file)?, file)))
        .collect()
}

struct Chooser<S> {
    listed: Vec<(Shape, FontFile)>,
    bundled: Vec<(Shape, FontFile)>,
    system: Option<SystemFonts>,
    load_system: Option<S>,
    extra: Vec<ExtraFace>,
    /// Each extra face's place in `extra`, by file and index.
    by_file: BTreeMap<(PathBuf, u32), u16>,
    assigned: BTreeMap<(u8, char), u16>,
}

impl<S: FnOnce() -> SystemFonts> Chooser<S> {
    /// Gives each of `chars` (one script, one style) a face; returns those none has.
    fn assign(&mut self, style: u8, mut chars: Vec<char>) -> Vec<char> {
        for tier in 0..3 {
            while !chars.is_empty() {
                let Some(file) = self.best(tier, style, &chars) else {
                    break;
                };
                let face = Face::parse(&file.data, file.index).ok();
                let (set, left): (Vec<char>, Vec<char>) = chars.iter().partition(|&&c| {
                    face.as_ref()
                        .is_some_and(|f| f.glyph_index(c).is_some_and(|g| g.0 != 0))
                });
                if set.is_empty() {
                    break;
                }
                let index = self.register(file);
                for &c in &set {
                    self.assigned.insert((style, c), index);
                    self.extra[usize::from(index)].chars.insert(c);
                }
                chars = left;
            }
        }
        chars
    }

    /// The best face of `tier` for `chars` in `style`, among those that have any.
    fn best(&mut self, tier: u8, style: u8, chars: &[char]) -> Option<FontFile> {
        let covered = |face: &Face| chars.iter().filter(|&&c| has(face, c)).count();
        let key = |n: usize, shape: &Shape, at: usize| (n < chars.len(), shape.rank(style), at);
        match tier {
            0 | 1 => {
                let files = if tier == 0 {
                    &self.listed
                } else {
                    &self.bundled
                };
                files
                    .iter()
                    .enumerate()
                    .filter_map(|(at, (shape, file))| {
                        let face = Face::parse(&file.data, file.index).ok()?;
                        let n = covered(&face);
                        (n > 0).then(|| (key(n, shape, at), file))
                    })
                    .min_by(|a, b| a.0.cmp(&b.0))
                    .map(|(_, file)| file.clone())
            }
            _ => {
                if self.system.is_none() {
                    self.system = self.load_system.take().map(|load| load());
                }
                let system = self.system.as_ref()?;
                let (_, i) = (0..system.faces.len())
                    .filter_map(|i| {
                        let n = system.covered(i, chars).len();
                        (n > 0).then(|| (key(n, &system.faces[i].shape, i), i))
                    })
                    .min_by(|a, b| a.0.cmp(&b.0))?;
                system.file(i)
            }
        }
    }

    fn register(&mut self, file: FontFile) -> u16 {
        let key = (file.path.clone(), file.index);
        if let Some(&index) = self.by_file.get(&key) {
            return index;
        }
        let shape = Shape::of(&file).expect("a chosen face parses");
        let index = u16::try_from(self.extra.len()).expect("fewer than 65 536 extra faces");
        self.extra.push(ExtraFace {
            file,
            italic: shape.italic,
            bold: shape.bold,
            chars: BTreeSet::new(),
        });
        self.by_file.insert(key, index);
        index
    }
}

/// Chooses the style's ornament between scenes from those the text face has.
pub fn settle_ornament(book: &mut Book) {
    let face = Face::parse(&book.fonts.regular.data, book.fonts.regular.index).ok();
    book.style
        .settle_ornament(|c| face.as_ref().is_some_and(|f| has(f, c)));
}

fn has(face: &Face, c: char) -> bool {
    face.glyph_index(c).is_some_and(|g| g.0 != 0)
}

/// The error for characters no font has: at the first, naming the others.
fn unset_error(mut unset: Vec<(char, &Need)>) -> Diagnostic {
    unset.sort_by(|a, b| (&a.1.loc, a.0).cmp(&(&b.1.loc, b.0)));
    unset.dedup_by_key(|(c, _)| *c);
    let placed: Vec<(char, Loc)> = unset
        .iter()
        .map(|(c, need)| (*c, locate(*c, &need.loc)))
        .collect();
    let (c, loc) = placed[0].clone();
    let mut message = format!("{} has no glyph in any font", char_name(c));
    if placed.len() > 1 {
        let others: Vec<String> = placed[1..]
            .iter()
            .take(8)
            .map(|(c, loc)| format!("{} at {loc}", char_name(*c)))
            .collect();
        let more = placed.len() - 1 - others.len();
        message.push_str(&format!("; nor do {}", others.join(", ")));
        if more > 0 {
            message.push_str(&format!(" and {more} more"));
        }
    }
    Diagnostic::at(loc, message).with_hint(
        "add a font that has it to [fonts] fallback = [\"fonts/….ttf\"] or install one, \
         or write missing = \"warn\" under [fonts] to leave it out",
    )
}

/// The place of `c` itself: its first occurrence in the file at or after `block`'s line
/// (the tree keeps where blocks begin, not each character), else the block.
pub(super) fn locate(c: char, block: &Loc) -> Loc {
    let Ok(text) = std::fs::read_to_string(&block.file) else {
        return block.clone();
    };
    let start: usize = text
        .split_inclusive('\n')
        .take((block.line as usize).saturating_sub(1))
        .map(str::len)
        .sum();
    match text.get(start..).and_then(|rest| rest.find(c)) {
        Some(at) => Loc::at(&block.file, LineIndex::new(&text).pos(start + at)),
        None => block.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Warnings;

    /// A manuscript with `text` as its one chapter (and `fonts` under [fonts]), parsed.
    fn parse(name: &str, fonts: &str, text: &str) -> (PathBuf, Result<crate::Parsed>) {
        let dir =
            std::env::temp_dir().join(format!("imprenta-choose-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let toml = format!("[book]\ntitle = \"Prueba\"\n[fonts]\n{fonts}\n");
        std::fs::write(dir.join("book.toml"), toml).expect("written");
        std::fs::write(dir.join("01.md"), text).expect("written");
        let parsed = crate::parse_book(&dir, None, &Warnings::new());
        (dir, parsed)
    }

    fn families(parsed: &crate::Parsed) -> Vec<&str> {
        let extra = &parsed.book.fonts.extra;
        extra.iter().map(|e| e.file.family.as_str()).collect()
    }

    #[test]
    fn greek_and_hebrew_take_the_bundled_serifs_not_the_monospace() {
        let (dir, parsed) = parse("bundled", "", "# Uno\n\nλόγος y שלום, *ἀρχή*, мир.\n");
        let parsed = parsed.expect("parses");
        assert_eq!(
            families(&parsed),
            ["Gentium Plus", "Noto Serif Hebrew", "Gentium Plus"]
        );
        let fonts = &parsed.book.fonts;
        // Italic Greek takes the bundled italic Gentium, upright Greek the regular.
        assert_eq!(fonts.assigned.get(&(needs::ITALIC, 'ἀ')), Some(&2));
        assert!(fonts.extra[2].italic && !fonts.extra[0].italic);
        assert_eq!(fonts.assigned.get(&(needs::REGULAR, 'ש')), Some(&1));
        // Charis SIL has Cyrillic: no extra face for it.
        assert!(!fonts.assigned.keys().any(|&(_, c)| c == 'м'));
        std::fs::remove_dir_all(dir).expect("removed");
    }

    #[test]
    fn a_listed_fallback_comes_before_the_bundled_faces() {
        let (dir, _) = parse("listed", "", "x");
        let hebrew = std::fs::read("fonts/NotoSerifHebrew-Regular.ttf").expect("bundled");
        std::fs::write(dir.join("hebreo.ttf"), hebrew).expect("written");
        let gentium = std::fs::read("fonts/GentiumPlus-Regular.ttf").expect("bundled");
        std::fs::write(dir.join("griego.ttf"), gentium).expect("written");
        std::fs::write(
            dir.join("book.toml"),
            "[book]\ntitle = \"P\"\n[fonts]\nfallback = [\"hebreo.ttf\", \"griego.ttf\"]\n",
        )
        .expect("written");
        std::fs::write(dir.join("01.md"), "שלום λόγος\n").expect("written");
        let parsed = crate::parse_book(&dir, None, &Warnings::new()).expect("parses");
        let paths: Vec<_> = parsed
            .book
            .fonts
            .extra
            .iter()
            .map(|e| &e.file.path)
            .collect();
        assert_eq!(paths, [&dir.join("griego.ttf"), &dir.join("hebreo.ttf")]);
        std::fs::remove_dir_all(dir).expect("removed");
    }

    #[test]
    fn a_serif_of_the_text_style_is_preferred_to_a_sans() {
        let serif = Shape {
            family: "Noto Serif Hebrew".into(),
            italic: false,
            bold: false,
            kind: Kind::of("Noto Serif Hebrew", false),
        };
        let sans = Shape {
            family: "Noto Sans Hebrew".into(),
            kind: Kind::of("Noto Sans Hebrew", false),
            ..serif.clone()
        };
        let bold_sans = Shape {
            bold: true,
            ..sans.clone()
        };
        assert!(serif.rank(needs::REGULAR) < sans.rank(needs::REGULAR));
        assert!(bold_sans.rank(needs::BOLD) < serif.rank(needs::BOLD));
        assert!(sans.rank(needs::MONO) < serif.rank(needs::MONO));
        assert_eq!(Kind::of("DejaVu Sans Mono", false), Kind::Mono);
    }

    #[test]
    fn a_character_no_font_has_is_an_error_at_its_place() {
        // NAG MUNDARI LETTER O (Unicode 15): in no bundled face, nor in fonts of 2020.
        let text = "# Uno\n\nPrimera línea.\nY aquí \u{1E4D0} sola.\n";
        let (dir, parsed) = parse("missing", "", text);
        let e = parsed.expect_err("no font has it");
        let loc = e.loc.clone().expect("a place");
        assert!(loc.file.ends_with("01.md"), "{e}");
        assert_eq!((loc.line, loc.column), (4, 8), "{e}");
        assert!(e.message.starts_with("U+1E4D0 NAG MUNDARI LETTER O"), "{e}");
        // With missing = "warn" it is left out, as before.
        let (dir2, parsed) = parse("warned", "missing = \"warn\"", text);
        assert!(parsed.is_ok());
        for dir in [dir, dir2] {
            std::fs::remove_dir_all(dir).expect("removed");
        }
    }

    #[test]
    fn a_book_its_faces_cover_loads_no_system_font() {
        let (dir, parsed) = parse("latin", "", "# Uno\n\n¿Qué? «Sí» — fin… →\n");
        let mut book = parsed.expect("parses").book;
        let toml = dir.join("book.toml");
        choose_with(&mut book, Vec::new(), Missing::Error, &toml, || {
            panic!("the system's fonts were read")
        })
        .expect("covered");
        std::fs::remove_dir_all(dir).expect("removed");
    }
}

//! The characters the book sets in each style that its own faces cannot set as they
//! should, each with its script and where it is first met: what the extra faces are
//! chosen for.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use unicode_script::{Script, UnicodeScript};

use crate::diag::Loc;
use crate::ir::walk::{self, RunKind};
use crate::ir::{Block, Book, Inline};

/// The styles, as positions in [`crate::ir::Fonts::all`].
pub(super) const REGULAR: u8 = 0;
pub(super) const ITALIC: u8 = 1;
pub(super) const BOLD: u8 = 2;
pub(super) const BOLD_ITALIC: u8 = 3;
pub(super) const MONO: u8 = 4;

/// A character a style needs another face for.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Need {
    /// Its script, or the script of the letters it follows (a mark, a danda).
    pub script: Script,
    /// The block (or book.toml) where it is first met.
    pub loc: Loc,
}

/// What each (style, character) needs, in a stable order.
pub(super) type Needs = BTreeMap<(u8, char), Need>;

/// Gathers the needs of `book`. `lacks(style, c, script)` says whether the book's faces
/// leave `c` in that style to another face: it is asked once per (style, character).
pub(super) fn gather(
    book: &Book,
    toml: &Path,
    mut lacks: impl FnMut(u8, char, Script) -> bool,
) -> Needs {
    let mut gatherer = Gatherer {
        needs: Needs::new(),
        seen: FxHashMap::default(),
        ascii: [[false; 128]; 5],
        lacks: &mut lacks,
    };
    let meta = &book.metadata;
    let at_toml = Loc::file(toml);
    for text in [
        Some(&meta.title),
        meta.publisher.as_ref(),
        meta.rights.as_ref(),
    ]
    .into_iter()
    .flatten()
    .chain(&meta.authors)
    {
        gatherer.text(text, REGULAR, &at_toml);
    }
    if let Some(subtitle) = &meta.subtitle {
        gatherer.text(subtitle, ITALIC, &at_toml);
    }
    for chapter in &book.chapters {
        for block in chapter.all_blocks() {
            gatherer.block(block);
        }
    }
    for block in walk::blocks(&book.back_cover) {
        gatherer.block(block);
    }
    gatherer.needs
}

struct Gatherer<'l, L> {
    needs: Needs,
    /// Every (style, character) already judged, so each is asked about once.
    seen: FxHashMap<(u8, char), ()>,
    /// The same for ASCII, without hashing: most of a book's characters.
    ascii: [[bool; 128]; 5],
    lacks: &'l mut L,
}

impl<L: FnMut(u8, char, Script) -> bool> Gatherer<'_, L> {
    fn block(&mut self, block: &Block) {
        if let Block::CodeBlock { text, loc, .. } = block {
            self.text(text, MONO, loc);
        }
        for run in block.runs() {
            // As the printed book styles them (typeset/flow): level 2 bold, 3 bold
            // italic, 4 and 6 italic; header cells bold; captions italic.
            let (italic, bold) = match run.kind {
                RunKind::Heading { level } => (matches!(level, 3 | 4 | 6), matches!(level, 2 | 3)),
                RunKind::HeaderCell => (false, true),
                RunKind::Caption => (true, false),
                RunKind::Paragraph | RunKind::Cell => (false, false),
            };
            let mut inlines = walk::inlines(run.inlines);
            while let Some(inline) = inlines.next() {
                let (italic, bold) = inlines.ancestors().iter().fold(
                    (italic, bold),
                    |(i, b), markup| match markup {
                        Inline::Emphasis(_) => (true, b),
                        Inline::Strong(_) => (i, true),
                        _ => (i, b),
                    },
                );
                match inline {
                    Inline::Text(text) => self.text(text, style(italic, bold), block.loc()),
                    Inline::Code(text) => self.text(text, MONO, block.loc()),
                    _ => {}
                }
            }
        }
    }

    fn text(&mut self, text: &str, style: u8, loc: &Loc) {
        let mut current = Script::Common;
        for c in text.chars() {
            if c.is_ascii() {
                // ASCII is Latin or common, and never follows another script's letters
                // in a way that matters for the choice of face.
                let seen = &mut self.ascii[usize::from(style)][c as usize];
                if !*seen {
                    *seen = true;
                    if !c.is_ascii_control() && (self.lacks)(style, c, Script::Latin) {
                        self.need(style, c, Script::Latin, loc);
                    }
                }
                current = if c.is_ascii_alphabetic() {
                    Script::Latin
                } else {
                    current
                };
                continue;
            }
            let script = match c.script() {
                Script::Common | Script::Inherited | Script::Unknown => current,
                own => {
                    current = own;
                    own
                }
            };
            if c.is_control() || c.is_whitespace() {
                continue;
            }
            if self.seen.insert((style, c), ()).is_none() && (self.lacks)(style, c, script) {
                self.need(style, c, script, loc);
            }
        }
    }

    fn need(&mut self, style: u8, c: char, script: Script, loc: &Loc) {
        self.needs.entry((style, c)).or_insert_with(|| Need {
            script,
            loc: loc.clone(),
        });
    }
}

/// The style of a combination of italic and bold.
pub(super) fn style(italic: bool, bold: bool) -> u8 {
    match (italic, bold) {
        (false, false) => REGULAR,
        (true, false) => ITALIC,
        (false, true) => BOLD,
        (true, true) => BOLD_ITALIC,
    }
}

//! Diagnostics: what went wrong (or looks wrong) in the manuscript, and where.
//!
//! Errors stop the build; warnings are collected in a [`Warnings`] sink and printed once,
//! grouped and counted, when the build ends.

pub mod render;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A place in a text: a 1-based line and column (counted in characters), 0 when unknown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column in characters, or 0 when only the line is known.
    pub column: u32,
}

impl Pos {
    /// A whole line, column unknown.
    pub const fn line(line: u32) -> Self {
        Pos { line, column: 0 }
    }
}

/// A place in the manuscript: a file and, where known, a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    /// The file, as the author would name it (relative to the working directory).
    pub file: Arc<Path>,
    /// 1-based line, or 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column in characters, or 0 when only the line is known.
    pub column: u32,
    /// How many characters from `column` the problem covers (0: just the one place).
    pub width: u32,
}

impl Loc {
    /// A location at `line` of `file`.
    pub fn new(file: &Arc<Path>, line: u32) -> Self {
        Loc::at(file, Pos::line(line))
    }

    /// A location at a line and column of `file`.
    pub fn at(file: &Arc<Path>, pos: Pos) -> Self {
        Loc {
            file: Arc::clone(file),
            line: pos.line,
            column: pos.column,
            width: 0,
        }
    }

    /// A location naming a whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Loc {
            file: Arc::from(path.into().into_boxed_path()),
            line: 0,
            column: 0,
            width: 0,
        }
    }

    /// The same place, covering `width` characters.
    pub fn with_width(mut self, width: u32) -> Self {
        self.width = width;
        self
    }

    /// Line and column.
    pub fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", visible(&file)),
            (line, 0) => write!(f, "{}:{line}", visible(&file)),
            (line, column) => write!(f, "{}:{line}:{column}", visible(&file)),
        }
    }
}

/// `text` with control characters and bidirectional overrides escaped (`\u{1b}`): a file
/// name or a value in book.toml must not send escape sequences to the author's terminal,
/// nor make it show the name in another order than it has.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// A character as messages name it: `U+05E9 HEBREW LETTER SHIN («ש»)`, the glyph left
/// out when it is a mark or a control that would disturb the line.
pub fn char_name(c: char) -> String {
    use unicode_script::UnicodeScript;
    let name = unicode_names2::name(c).map_or_else(
        || format!("(a character of the {} script)", c.script().full_name()),
        |n| n.to_string(),
    );
    let code = format!("U+{:04X} {name}", c as u32);
    if c.is_control() || c.is_whitespace() || is_mark(c) {
        code
    } else {
        format!("{code} («{c}»)")
    }
}

/// Whether `c` combines with the character before it (shown alone, it would land on the
/// quote mark).
fn is_mark(c: char) -> bool {
    use unicode_script::UnicodeScript;
    !c.is_ascii() && c.script() == unicode_script::Script::Inherited
}

/// A problem in the author's input, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is, when it has a place.
    pub loc: Option<Loc>,
    /// What is wrong, in lowercase, without a trailing period.
    pub message: String,
    /// What the author can do about it, when we know.
    pub hint: Option<String>,
    /// The rule that found it, for a proofreading finding (`es::raya-espacio`).
    pub code: Option<&'static str>,
}

impl Diagnostic {
    /// A problem at a known place.
    pub fn at(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            loc: Some(loc),
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// A problem that concerns no particular file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            loc: None,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    /// Adds advice on how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the rule that found it.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.loc {
            Some(loc) => write!(f, "{loc}: {}", visible(&self.message))?,
            None => write!(f, "{}", visible(&self.message))?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  help: {}", visible(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Result type of every fallible step that reads the author's input.
pub type Result<T, E = Diagnostic> = std::result::Result<T, E>;

/// Where each line of a text starts, so byte offsets can be named as lines and columns.
///
/// Built once per text; each question is then a binary search, not a count from the start
/// (of the text, nor of the line: a paragraph is one line, and may hold 100 000 spans).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// Byte offset of each byte that continues a character (not the first of its UTF-8
    /// sequence): a column is the bytes before it less these.
    continuations: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the lines of `text` (ended by `\n`, so a CRLF ends a line too).
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        let continuations = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| !begins_char(*b))
            .map(|(at, _)| at)
            .collect();
        LineIndex {
            text,
            starts,
            continuations,
        }
    }

    /// The 1-based line holding the byte at `offset` (the last line, past the end).
    pub fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&start| start <= offset) as u32
    }

    /// The line and column of `offset`.
    pub fn pos(&self, offset: usize) -> Pos {
        let (line, column) = self.line_col(offset);
        Pos { line, column }
    }

    /// The 1-based line and column of `offset`; the column counts characters, not bytes.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let bytes = self.text.as_bytes();
        let start = self.starts[line as usize - 1];
        let end = offset.min(bytes.len());
        // Counting the bytes that begin a character needs no char boundary at `offset`:
        // an offset inside a character names that character's column.
        let continued = |at: usize| self.continuations.partition_point(|&c| c < at);
        let before = (end - start) - (continued(end) - continued(start));
        let inside = bytes.get(end).is_some_and(|&b| !begins_char(b));
        (line, (before + 1 - usize::from(inside)) as u32)
    }
}

/// Whether a byte of UTF-8 begins a character.
fn begins_char(b: u8) -> bool {
    b & 0xC0 != 0x80
}

/// The sort of a warning, named in the singular and the plural for the summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// E.g. `"image has no alt text"`.
    pub one: &'static str,
    /// E.g. `"images have no alt text"`.
    pub many: &'static str,
    /// Warnings of this kind that say the same are told once, at the first place, with
    /// how many more there are: the same raw HTML tag 390 times is one line, not 390.
    pub once: bool,
}

impl Kind {
    /// A kind named `one` in the singular and `many` in the plural.
    pub const fn new(one: &'static str, many: &'static str) -> Self {
        Kind {
            one,
            many,
            once: false,
        }
    }

    /// A kind whose warnings with the same message are told once per book.
    pub const fn once(one: &'static str, many: &'static str) -> Self {
        Kind {
            one,
            many,
            once: true,
        }
    }
}

/// A warning, with the kind used to group and count warnings of the same sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What sort of problem it is.
    pub kind: Kind,
    /// The individual finding.
    pub diagnostic: Diagnostic,
}

/// Collects warnings from every stage (possibly from several threads).
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    inner: Arc<Mutex<Vec<Warning>>>,
}

impl Warnings {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a warning of the given kind.
    pub fn push(&self, kind: Kind, diagnostic: Diagnostic) {
        self.inner
            .lock()
            .expect("a thread panicked while holding the warning sink")
            .push(Warning { kind, diagnostic });
    }

    /// Drops the warnings of `kind` (a command that reports the same in its own words).
    pub fn forget(&self, kind: Kind) {
        self.inner
            .lock()
            .expect("a thread panicked while holding the warning sink")
            .retain(|warning| warning.kind != kind);
    }

    /// Every warning so far, in a stable order (by place, then message) and without repeats;
    /// those of a [`Kind::once`] kind that say the same are one, at the first place, its
    /// message saying how many more there are.
    pub fn sorted(&self) -> Vec<Warning> {
        let all = self.every();
        let mut repeats: HashMap<(&'static str, &str), usize> = HashMap::new();
        for w in all.iter().filter(|w| w.kind.once) {
            *repeats
                .entry((w.kind.one, &w.diagnostic.message))
                .or_default() += 1;
        }
        let mut told: HashSet<(&'static str, &str)> = HashSet::new();
        let mut out = Vec::with_capacity(all.len());
        for w in &all {
            if !w.kind.once {
                out.push(w.clone());
                continue;
            }
            let key = (w.kind.one, w.diagnostic.message.as_str());
            if !told.insert(key) {
                continue;
            }
            let mut w = w.clone();
            let more = repeats[&key] - 1;
            if more > 0 {
                w.diagnostic.message = format!(
                    "{} (and {more} more {} in the book)",
                    w.diagnostic.message,
                    if more == 1 { "time" } else { "times" }
                );
            }
            out.push(w);
        }
        out
    }

    /// Every warning so far, in a stable order (by place, then message) and without repeats.
    fn every(&self) -> Vec<Warning> {
        let mut all = self
            .inner
            .lock()
            .expect("a thread panicked while holding the warning sink")
            .clone();
        all.sort_by(|a, b| {
            (&a.diagnostic.loc, &a.diagnostic.message)
                .cmp(&(&b.diagnostic.loc, &b.diagnostic.message))
        });
        all.dedup();
        all
    }

    /// How many distinct warnings there are.
    pub fn len(&self) -> usize {
        self.every().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The summary lines: one per kind, counted, e.g. `3 images have no alt text`.
    pub fn summary(&self) -> Vec<String> {
        let mut counts: Vec<(Kind, usize)> = Vec::new();
        for warning in self.every() {
            match counts.iter_mut().find(|(kind, _)| *kind == warning.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((warning.kind, 1)),
            }
        }
        counts
            .into_iter()
            .map(|(kind, n)| match n {
                1 => format!("1 {}", kind.one),
                n => format!("{n} {}", kind.many),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_and_line() {
        let file: Arc<Path> = Arc::from(Path::new("manuscript/01.md"));
        let d = Diagnostic::at(Loc::new(&file, 14), "image not found").with_hint("check the path");
        assert_eq!(
            d.to_string(),
            "manuscript/01.md:14: image not found\n  help: check the path"
        );
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let file: Arc<Path> = Arc::from(Path::new("cap\u{1b}[31m.md"));
        let d = Diagnostic::at(Loc::new(&file, 2), "title `a\u{7}b\u{202E}c`").with_hint("x\ty");
        assert_eq!(
            d.to_string(),
            "cap\\u{1b}[31m.md:2: title `a\\u{7}b\\u{202e}c`\n  help: x\\ty"
        );
    }

    #[test]
    fn line_index_names_lines_and_columns() {
        let text = "uno\r\ndós\nañoño x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(2), (1, 3));
        // The byte after a CRLF begins the next line.
        assert_eq!(index.line_col(5), (2, 1));
        // `ó` is two bytes but one column.
        assert_eq!(index.line_col(text.find("s\n").unwrap()), (2, 3));
        assert_eq!(index.line_col(text.find('x').unwrap()), (3, 7));
        // The end of the text, and past it, is after the last line ending.
        assert_eq!(index.line(text.len()), 4);
        assert_eq!(index.line_col(text.len() + 10), (4, 1));
        assert_eq!(LineIndex::new("").line_col(0), (1, 1));
        // An offset inside a character names that character's column.
        let ene = text.find('ñ').unwrap();
        assert_eq!(index.line_col(ene + 1), (3, 2));
    }

    const NO_ALT: Kind = Kind::new("image has no alt text", "images have no alt text");
    const BROKEN: Kind = Kind::new("link is broken", "links are broken");

    #[test]
    fn warnings_are_deduplicated_and_counted_by_kind() {
        let w = Warnings::new();
        let file: Arc<Path> = Arc::from(Path::new("a.md"));
        w.push(NO_ALT, Diagnostic::at(Loc::new(&file, 3), "x"));
        w.push(NO_ALT, Diagnostic::at(Loc::new(&file, 3), "x"));
        w.push(NO_ALT, Diagnostic::at(Loc::new(&file, 9), "y"));
        w.push(BROKEN, Diagnostic::at(Loc::new(&file, 1), "z"));
        assert_eq!(w.len(), 3);
        assert_eq!(
            w.summary(),
            vec!["1 link is broken", "2 images have no alt text"]
        );
    }
}

//! `book.toml`: the book's metadata, its fonts and its print design, validated with
//! messages that name the line and suggest the key the author probably meant.
//!
//! serde reads the file in three shapes, each one trusting only what the one before has
//! checked: the tables' names, then each table's keys with their places (so a mistyped key
//! is named, with the known key it is closest to), then the typed values of `raw`, each
//! with its span. The values are then checked one by one, in the order an author reads
//! them, by `read` and `design`.

mod check;
mod colophon;
mod cover;
mod design;
mod epub;
mod matter;
mod mdbook;
mod parts;
mod print;
mod raw;
mod read;
mod style;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use toml::{Spanned, Value};

use crate::diag::{LineIndex, Pos, Result};
use raw::{keys_of, RawBook, RawConfig, RawFonts, RawPdf};
use read::Reader;

pub use colophon::{ColophonConfig, OtherTitles};
pub use cover::{CoverSettings, SpineDirection};
pub use design::{parse_length, PrintDesign, VersoHead};
pub use epub::{AccessibilitySettings, EpubSettings, EXEMPTIONS};
pub use parts::PartConfig;
pub use print::{Interior, Paper, PrintSettings, Printer, Standard};

/// Everything `book.toml` says, checked but not yet resolved against the file system.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub book: BookConfig,
    pub fonts: FontsConfig,
    pub pdf: PrintDesign,
    /// `[epub]`, `[print] isbn` and `[accessibility]`.
    pub epub: EpubSettings,
    /// `[print]`: the printer and inks of the printed edition.
    pub print: PrintSettings,
    /// `[cover]`: the printed cover's back text and spine.
    pub cover: CoverSettings,
    /// `[check] allow`: proofreading rules turned off for the whole book.
    pub allow: Vec<String>,
    /// `[matter]`: the chapter files that are front or back matter, with their lines.
    pub matter: Vec<(crate::ir::Matter, String, Pos)>,
    /// `[colophon]`: the printing a generated colophon records.
    pub colophon: Option<ColophonConfig>,
    /// `[style]`: the design both books follow.
    pub style: crate::ir::Style,
    /// `[style] ornament_image`: the image drawn between scenes, with its line.
    pub scene_image: Option<(String, Pos)>,
}

/// The `[book]` table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BookConfig {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    pub language: String,
    pub identifier: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub subjects: Vec<String>,
    /// Cover image, relative to the manuscript folder, with the line that names it.
    pub cover: Option<(String, Pos)>,
    /// Explicit chapter order, each with the line that names it.
    pub chapters: Option<Vec<(String, Pos)>>,
    /// Parts and the chapters of each, when `parts` lists them.
    pub parts: Vec<PartConfig>,
    /// Whether chapter numbers start again in each part.
    pub numbering: crate::ir::Numbering,
    /// A dedication written in book.toml, set as a dedication page.
    pub dedication: Option<String>,
    /// The press's other titles, for a page of them at the back.
    pub other_titles: Option<OtherTitles>,
    pub quotes: QuoteStyle,
}

pub use crate::ir::QuoteStyle;

/// The `[fonts]` table: paths relative to the manuscript folder; `None` means the bundled face.
#[derive(Debug, Clone, PartialEq)]
pub struct FontsConfig {
    pub regular: Option<(PathBuf, Pos)>,
    pub italic: Option<(PathBuf, Pos)>,
    pub bold: Option<(PathBuf, Pos)>,
    pub bold_italic: Option<(PathBuf, Pos)>,
    pub mono: Option<(PathBuf, Pos)>,
    /// Faces for the characters the five lack, in the order to try them.
    pub fallback: Vec<(PathBuf, Pos)>,
    /// What a character no font has costs.
    pub missing: Missing,
    /// Whether the EPUB embeds the fallback faces it needs (else readers use their own).
    pub epub_fallback: bool,
}

impl Default for FontsConfig {
    fn default() -> Self {
        FontsConfig {
            regular: None,
            italic: None,
            bold: None,
            bold_italic: None,
            mono: None,
            fallback: Vec::new(),
            missing: Missing::Error,
            epub_fallback: true,
        }
    }
}

impl FontsConfig {
    /// Every font file the table names, with its line.
    pub fn files(&self) -> impl Iterator<Item = &(PathBuf, Pos)> {
        [
            &self.regular,
            &self.italic,
            &self.bold,
            &self.bold_italic,
            &self.mono,
        ]
        .into_iter()
        .flatten()
        .chain(&self.fallback)
    }
}

/// `[fonts] missing`: a character no font has stops the build, or is left out with a
/// warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    Error,
    Warn,
}

/// Parses the text of a `book.toml`; `path` is used in messages only.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let reader = Reader::new(path, LineIndex::new(text));
    let top: BTreeMap<Spanned<String>, Value> =
        toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    check_tables(&reader, &top)?;
    // Every value at the top is now a table, so the file reads as tables of keys.
    let nested: BTreeMap<String, BTreeMap<Spanned<String>, IgnoredAny>> =
        toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    let keys = check_keys(&reader, nested)?;
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        // The names are known and the tables are tables, so what is left is a key written
        // dotted inside a table (`title.x = 1`): a table, where no key takes one.
        let line = e.span().map_or(0, |span| reader.line(span.start).line);
        match keys
            .iter()
            .find(|(_, key)| reader.line_of(key).line == line)
        {
            Some((table, key)) => reader
                .at(
                    reader.line_of(key),
                    format!("`{}` in [{table}] cannot be a table", key.get_ref()),
                )
                .with_hint(format!("write it on one line: {} = …", key.get_ref())),
            None => reader.not_toml(&e),
        }
    })?;
    read_config(&reader, raw)
}

/// Parses the text of an mdBook `book.toml`: mdBook's `[book]` gives the title, authors,
/// language and description; imprenta's own tables may live in `[output.imprenta]` (as
/// mdBook's renderers keep theirs), where `[output.imprenta.book]` adds to or overrides
/// mdBook's `[book]`; mdBook's other tables are its own and are not read.
pub fn parse_mdbook(path: &Path, text: &str) -> Result<Config> {
    let reader = Reader::new(path, LineIndex::new(text));
    let (top, nested) = mdbook::imprenta_tables(&reader, text)?;
    check_tables(&reader, &top)?;
    check_keys(&reader, nested)?;
    let raw = mdbook::raw(&reader, text)?;
    let said = |f: fn(&RawBook) -> bool| raw.book.as_ref().is_some_and(f);
    let (language, quotes) = (said(|b| b.language.is_some()), said(|b| b.quotes.is_some()));
    let mut config = read_config(&reader, raw)?;
    // mdBook's language, when its book.toml names none, is English.
    if !language {
        config.book.language = "en".to_string();
        if !quotes {
            config.book.quotes = QuoteStyle::English;
        }
    }
    Ok(config)
}

/// The checked configuration from its raw shape.
fn read_config(reader: &Reader, mut raw: RawConfig) -> Result<Config> {
    let book = raw.book.ok_or_else(|| {
        reader
            .at(Pos::default(), "there is no [book] table")
            .with_hint("start the file with [book] and a line title = \"…\"")
    })?;
    let book = read::book(reader, book)?;
    let someone_named = book.publisher.is_some() || !book.authors.is_empty();
    let print = print::read(reader, raw.print)?;
    let cover = cover::read(reader, raw.cover, &book)?;
    Ok(Config {
        book,
        fonts: read::fonts(reader, raw.fonts)?,
        pdf: design::read(reader, raw.pdf)?,
        epub: EpubSettings {
            print_isbn: print.isbn.clone(),
            page_list: epub::page_list(reader, raw.epub)?,
            accessibility: epub::accessibility(reader, raw.accessibility, someone_named)?,
        },
        allow: check::allow(reader, raw.check)?,
        matter: matter::read(reader, raw.matter)?,
        colophon: colophon::read(reader, raw.colophon)?,
        scene_image: style::scene_image(reader, raw.style.ornament_image.take())?,
        style: style::read(reader, raw.style)?,
        print,
        cover,
    })
}

/// The keys each table takes.
fn keys_in(table: &str) -> &'static [&'static str] {
    match table {
        "book" => keys_of::<RawBook>(),
        "fonts" => keys_of::<RawFonts>(),
        "pdf" => keys_of::<RawPdf>(),
        "print" => keys_of::<print::RawPrint>(),
        "cover" => keys_of::<cover::RawCover>(),
        "epub" => keys_of::<epub::RawEpub>(),
        "accessibility" => keys_of::<epub::RawAccessibility>(),
        "check" => keys_of::<check::RawCheck>(),
        "matter" => keys_of::<matter::RawMatter>(),
        "colophon" => keys_of::<colophon::RawColophon>(),
        "style" => keys_of::<style::RawStyle>(),
        _ => &[],
    }
}

/// Checks the tables' names before the values: each table known and a table.
fn check_tables(reader: &Reader, top: &BTreeMap<Spanned<String>, Value>) -> Result<()> {
    let tables = keys_of::<RawConfig>();
    for (name, value) in top {
        let name_line = reader.line_of(name);
        let name = name.get_ref().as_str();
        if !tables.contains(&name) {
            let diag = reader.at(name_line, format!("unknown table or key `{name}`"));
            return Err(if keys_in("book").contains(&name) {
                diag.with_hint(format!("`{name}` belongs in the [book] table"))
            } else if let Some(near) = closest(name, tables) {
                diag.with_hint(format!("did you mean [{near}]?"))
            } else {
                diag
            });
        }
        if !value.is_table() {
            return Err(reader.at(
                name_line,
                format!("`{name}` must be a table: write `[{name}]` on a line of its own"),
            ));
        }
    }
    Ok(())
}

/// Checks each key known in its table. Returns every key with its table, to name one
/// whose value cannot be read.
fn check_keys(
    reader: &Reader,
    nested: BTreeMap<String, BTreeMap<Spanned<String>, IgnoredAny>>,
) -> Result<Vec<(String, Spanned<String>)>> {
    let mut keys = Vec::new();
    for (table, entries) in nested {
        let known = keys_in(&table);
        for key in entries.into_keys() {
            if !known.contains(&key.get_ref().as_str()) {
                let diag = reader.at(
                    reader.line_of(&key),
                    format!("unknown key `{}` in [{table}]", key.get_ref()),
                );
                return Err(match closest(key.get_ref(), known) {
                    Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                    None => diag.with_hint(format!("known keys: {}", known.join(", "))),
                });
            }
            keys.push((table.clone(), key));
        }
    }
    Ok(keys)
}

/// The known name closest to `unknown`, if any is close enough to be a likely typo.
pub fn closest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// A light BCP 47 check: a 2–3 (or 5–8) letter language, then 1–8 character subtags.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else {
        return false;
    };
    let language_ok = matches!(language.len(), 2 | 3 | 5..=8)
        && language.chars().all(|c| c.is_ascii_alphabetic());
    language_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests;

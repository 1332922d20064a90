//! `book.toml`: the book's metadata, its fonts and its print design, validated with
//! messages that name the line and suggest the key the author probably meant.
//!
//! serde reads the file in three shapes, each one trusting only what the one before has
//! checked: the tables' names, then each table's keys with their places (so a mistyped key
//! is named, with the known key it is closest to), then the typed values of `raw`, each
//! with its span. The values are then checked one by one, in the order an author reads
//! them, by `read` and `design`.

mod check;
mod design;
mod epub;
mod print;
mod raw;
mod read;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use toml::{Spanned, Value};

use crate::diag::{LineIndex, Pos, Result};
use raw::{keys_of, RawBook, RawConfig, RawFonts, RawPdf};
use read::Reader;

pub use design::{parse_length, PrintDesign};
pub use epub::{AccessibilitySettings, EpubSettings, EXEMPTIONS};
pub use print::{Interior, PrintSettings, Printer};

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
    /// `[check] allow`: proofreading rules turned off for the whole book.
    pub allow: Vec<String>,
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
    pub quotes: QuoteStyle,
}

pub use crate::ir::QuoteStyle;

/// The `[fonts]` table: paths relative to the manuscript folder; `None` means the bundled face.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FontsConfig {
    pub regular: Option<(PathBuf, Pos)>,
    pub italic: Option<(PathBuf, Pos)>,
    pub bold: Option<(PathBuf, Pos)>,
    pub bold_italic: Option<(PathBuf, Pos)>,
    pub mono: Option<(PathBuf, Pos)>,
}

/// Parses the text of a `book.toml`; `path` is used in messages only.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let reader = Reader::new(path, LineIndex::new(text));
    let keys = check_names(&reader, text)?;
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
    let book = raw.book.ok_or_else(|| {
        reader
            .at(Pos::default(), "there is no [book] table")
            .with_hint("start the file with [book] and a line title = \"…\"")
    })?;
    let book = read::book(&reader, book)?;
    let someone_named = book.publisher.is_some() || !book.authors.is_empty();
    let print = print::read(&reader, raw.print)?;
    Ok(Config {
        book,
        fonts: read::fonts(&reader, raw.fonts)?,
        pdf: design::read(&reader, raw.pdf)?,
        epub: EpubSettings {
            print_isbn: print.isbn.clone(),
            page_list: epub::page_list(&reader, raw.epub)?,
            accessibility: epub::accessibility(&reader, raw.accessibility, someone_named)?,
        },
        allow: check::allow(&reader, raw.check)?,
        print,
    })
}

/// The keys each table takes.
fn keys_in(table: &str) -> &'static [&'static str] {
    match table {
        "book" => keys_of::<RawBook>(),
        "fonts" => keys_of::<RawFonts>(),
        "pdf" => keys_of::<RawPdf>(),
        "print" => keys_of::<print::RawPrint>(),
        "epub" => keys_of::<epub::RawEpub>(),
        "accessibility" => keys_of::<epub::RawAccessibility>(),
        "check" => keys_of::<check::RawCheck>(),
        _ => &[],
    }
}

/// Checks the names before the values: each table known and a table, each key known in its
/// table. Returns every key with its table, to name one whose value cannot be read.
fn check_names(reader: &Reader, text: &str) -> Result<Vec<(String, Spanned<String>)>> {
    let tables = keys_of::<RawConfig>();
    let top: BTreeMap<Spanned<String>, Value> =
        toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
    for (name, value) in &top {
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

    // Every value at the top is now a table, so the file reads as tables of keys.
    let nested: BTreeMap<String, BTreeMap<Spanned<String>, IgnoredAny>> =
        toml::from_str(text).map_err(|e| reader.not_toml(&e))?;
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
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config> {
        parse(Path::new("book.toml"), text)
    }

    #[test]
    fn minimal_book_gets_defaults() {
        let config = parse_str("[book]\ntitle = \"Ciudad\"\n").unwrap();
        assert_eq!(config.book.title, "Ciudad");
        assert_eq!(config.book.language, "es");
        assert_eq!(config.book.quotes, QuoteStyle::Latin);
        assert_eq!(config.pdf, PrintDesign::default());
        assert_eq!(config.fonts, FontsConfig::default());
    }

    #[test]
    fn every_book_key_is_read() {
        let text = r#"[book]
title = "T"
subtitle = "S"
authors = ["A", "B"]
language = "es-BO"
identifier = "urn:isbn:9780000000000"
publisher = "P"
date = 2021-09-03
rights = "R"
description = "D"
subjects = ["x"]
cover = "images/c.png"
chapters = ["b.md", "a.md"]
quotes = "english"

[pdf]
trim = "6x9in"
font_size = 11
margin_inner = "2cm"
"#;
        let c = parse_str(text).unwrap();
        assert_eq!(c.book.authors, ["A", "B"]);
        assert_eq!(c.book.date.as_deref(), Some("2021-09-03"));
        // A value's place is where the value starts: line and column.
        let at = |line, column| Pos { line, column };
        assert_eq!(c.book.cover, Some(("images/c.png".into(), at(12, 9))));
        assert_eq!(
            c.book.chapters,
            Some(vec![
                ("b.md".into(), at(13, 12)),
                ("a.md".into(), at(13, 12))
            ])
        );
        assert_eq!(c.book.quotes, QuoteStyle::English);
        assert_eq!(c.pdf.width, 432.0);
        assert_eq!(c.pdf.font_size, 11.0);
        assert!((c.pdf.margin_inner - 56.6929).abs() < 0.01);
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let e = parse_str("[book]\ntitle = \"T\"\nautors = [\"A\"]\n").unwrap_err();
        assert_eq!(e.loc.as_ref().unwrap().line, 3);
        assert!(e.message.contains("`autors`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `authors`?"));
    }

    #[test]
    fn syntax_error_names_line() {
        let e = parse_str("[book]\ntitle = \"T\"\nauthors = [\"A\"\n").unwrap_err();
        assert!(e.message.starts_with("not valid TOML"), "{e}");
        assert!(e.loc.as_ref().unwrap().line >= 3);
    }

    #[test]
    fn wrong_types_and_values_are_explained() {
        let e = parse_str("[book]\ntitle = 3\n").unwrap_err();
        assert_eq!(
            e.message,
            "`title` in [book] must be a string, not a number"
        );
        let e = parse_str("[book]\ntitle = \"T\"\nauthors = \"Ana\"\n").unwrap_err();
        assert_eq!(e.hint.as_deref(), Some("write authors = [\"Ana\"]"));
        let e = parse_str("[book]\ntitle = \"T\"\nlanguage = \"español\"\n").unwrap_err();
        assert_eq!(e.loc.as_ref().unwrap().line, 3);
        let e = parse_str("[book]\ntitle = \"T\"\ndate = \"2021-02-30\"\n").unwrap_err();
        assert!(e.message.contains("not a valid date"));
        let e = parse_str("[book]\nsubtitle = \"x\"\n").unwrap_err();
        assert!(e.message.contains("no `title`"));
        let e = parse_str("title = \"x\"\n").unwrap_err();
        assert_eq!(
            e.hint.as_deref(),
            Some("`title` belongs in the [book] table")
        );
    }

    #[test]
    fn lines_are_those_of_the_keys_even_after_crlf() {
        let e = parse_str("[book]\r\ntitle = \"T\"\r\n\r\nautors = [\"A\"]\r\n").unwrap_err();
        assert_eq!(e.loc.as_ref().unwrap().line, 4);
        let e = parse_str("[book]\ntitle = \"  \"\n").unwrap_err();
        assert_eq!(e.to_string(), "book.toml:2:9: the title is empty");
        let e =
            parse_str("[book]\ntitle = \"T\"\n[pdf]\nfont_size = 12\nleading = 9\n").unwrap_err();
        assert_eq!(e.loc.as_ref().unwrap().line, 5);
    }

    #[test]
    fn tables_and_keys_are_named_with_their_neighbours() {
        let e = parse_str("[book]\ntitle = \"T\"\n[fnts]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "book.toml:3:2: unknown table or key `fnts`\n  help: did you mean [fonts]?"
        );
        let e = parse_str("[book]\ntitle = \"T\"\n[fonts]\nxyzzy = \"a.ttf\"\n").unwrap_err();
        assert_eq!(
            e.hint.as_deref(),
            Some("known keys: regular, italic, bold, bold_italic, mono")
        );
        let e = parse_str("pdf = 3\n[book]\ntitle = \"T\"\n").unwrap_err();
        assert_eq!(
            e.message,
            "`pdf` must be a table: write `[pdf]` on a line of its own"
        );
    }

    #[test]
    fn dotted_keys_read_as_tables() {
        let c = parse_str("book.title = \"T\"\npdf.trim = \"a4\"\n").unwrap();
        assert_eq!(c.book.title, "T");
        let a4 = parse_str("[book]\ntitle = \"T\"\n[pdf]\ntrim = \"a4\"\n").unwrap();
        assert_eq!(c.pdf, a4.pdf);
        let e = parse_str("[book]\ntitle = \"T\"\nsubtitle.x = 1\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "book.toml:3:1: `subtitle` in [book] cannot be a table\n  help: write it on one line: subtitle = …"
        );
    }

    #[test]
    fn values_of_every_kind_are_described() {
        let cases = [
            (
                "title = 2020-01-01",
                "`title` in [book] must be a string, not a date",
            ),
            (
                "title = [\"T\"]",
                "`title` in [book] must be a string, not an array",
            ),
            (
                "title = \"T\"\nquotes = true",
                "`quotes` in [book] must be a string, not true or false",
            ),
            (
                "title = \"T\"\nquotes = \"german\"",
                "`quotes` is `german`, which is not a quote style",
            ),
            (
                "title = \"T\"\nsubjects = [\"a\", 1.5]",
                "`subjects` in [book] must list strings, but one item is a number",
            ),
            (
                "title = \"T\"\nsubjects = {}",
                "`subjects` in [book] must be an array of strings, not a table",
            ),
            (
                "title = \"T\"\ndate = 20210903",
                "`date` must be a date written YYYY-MM-DD",
            ),
            (
                "title = \"T\"\n[pdf]\nbleed = -1",
                "`bleed` must lie between 0mm and 13mm",
            ),
            (
                "title = \"T\"\n[pdf]\ntrim = \"b5\"",
                "unknown trim size `b5`",
            ),
        ];
        for (body, message) in cases {
            let e = parse_str(&format!("[book]\n{body}\n")).unwrap_err();
            assert_eq!(e.message, message, "{body}");
        }
    }

    /// Every length is bounded, so no value can make the layout loop or allocate without
    /// end, or write a page PDF forbids (over 200 in).
    #[test]
    fn absurd_lengths_empty_values_and_impossible_dates_are_refused_with_their_line() {
        let cases = [
            (
                "[pdf]\nwidth = inf",
                4,
                "`width` must lie between 50mm and 1000mm",
            ),
            (
                "[pdf]\nwidth = nan",
                4,
                "`width` must lie between 50mm and 1000mm",
            ),
            (
                "[pdf]\nwidth = 1e30",
                4,
                "`width` must lie between 50mm and 1000mm",
            ),
            (
                "[pdf]\nheight = \"1000000mm\"",
                4,
                "`height` must lie between 50mm and 1000mm",
            ),
            (
                "[pdf]\nwidth = \"1000000000000000000000000000000pt\"",
                4,
                "`width` must be a length such as \"148mm\", \"6in\" or \"10.5pt\"",
            ),
            (
                "[pdf]\nwidth = \"infmm\"",
                4,
                "`width` must be a length such as \"148mm\", \"6in\" or \"10.5pt\"",
            ),
            (
                "[pdf]\nbleed = 1e30",
                4,
                "`bleed` must lie between 0mm and 13mm",
            ),
            (
                "[pdf]\nfont_size = 200",
                4,
                "`font_size` must lie between 4pt and 72pt",
            ),
            (
                "[pdf]\nmargin_top = -3",
                4,
                "`margin_top` must lie between 0mm and 1000mm",
            ),
            ("identifier = \"\"", 3, "`identifier` is empty"),
            ("cover = \" \"", 3, "`cover` is empty"),
            (
                "authors = [\"Ana\", \"\"]",
                3,
                "`authors` has an empty item",
            ),
            ("chapters = [\"\"]", 3, "`chapters` has an empty item"),
            (
                "date = \"0000-01-01\"",
                3,
                "`0000-01-01` is not a valid date",
            ),
            (
                "date = \"+000-01-01\"",
                3,
                "`+000-01-01` is not a valid date",
            ),
            (
                "date = \"-000-01-01\"",
                3,
                "`-000-01-01` is not a valid date",
            ),
            (
                "date = \" 999-01-01\"",
                3,
                "` 999-01-01` is not a valid date",
            ),
        ];
        for (body, line, message) in cases {
            let e = parse_str(&format!("[book]\ntitle = \"T\"\n{body}\n")).unwrap_err();
            assert_eq!(e.message, message, "{body}");
            assert_eq!(e.loc.as_ref().unwrap().line, line, "{body}");
        }
        let e =
            parse_str("[book]\ntitle = \"T\"\n[pdf]\nwidth = \"60mm\"\nmargin_inner = \"20mm\"\n")
                .unwrap_err();
        assert!(
            e.message.starts_with("[pdf] leaves no room for text"),
            "{e}"
        );
        assert_eq!(e.loc.as_ref().unwrap().line, 4);
        // An empty text that may be absent is absent.
        let config =
            parse_str("[book]\ntitle = \"T\"\nsubtitle = \"\"\npublisher = \" \"\nrights = \"\"\ndescription = \"\"\n")
                .unwrap();
        assert_eq!(config.book.subtitle, None);
        assert_eq!(config.book.publisher, None);
        assert_eq!(config.book.rights, None);
        assert_eq!(config.book.description, None);
    }

    #[test]
    fn lengths_and_language_tags() {
        assert_eq!(parse_length("72pt"), Some(72.0));
        assert_eq!(parse_length("1in"), Some(72.0));
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-3);
        assert_eq!(parse_length("ten"), None);
        assert!(is_language_tag("es"));
        assert!(is_language_tag("es-419"));
        assert!(!is_language_tag("es_ES"));
        assert!(!is_language_tag(""));
    }
}

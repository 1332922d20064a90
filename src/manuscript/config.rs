//! `book.toml`: the book's metadata, its fonts and its print design, validated with
//! messages that name the line and suggest the key the author probably meant.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::{Spanned, Value};

use crate::diag::{Diagnostic, Loc, Result};

/// Keys accepted in `[book]`.
const BOOK_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "authors",
    "language",
    "identifier",
    "publisher",
    "date",
    "rights",
    "description",
    "subjects",
    "cover",
    "chapters",
    "quotes",
];
/// Keys accepted in `[fonts]`.
const FONT_KEYS: &[&str] = &["regular", "italic", "bold", "bold_italic", "mono"];
/// Keys accepted in `[pdf]`.
const PDF_KEYS: &[&str] = &[
    "trim",
    "width",
    "height",
    "font_size",
    "leading",
    "margin_inner",
    "margin_outer",
    "margin_top",
    "margin_bottom",
    "bleed",
];
/// The tables a `book.toml` may have.
const TABLES: &[(&str, &[&str])] = &[("book", BOOK_KEYS), ("fonts", FONT_KEYS), ("pdf", PDF_KEYS)];

/// Everything `book.toml` says, checked but not yet resolved against the file system.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub book: BookConfig,
    pub fonts: FontsConfig,
    pub pdf: PrintDesign,
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
    pub cover: Option<(String, u32)>,
    /// Explicit chapter order, each with the line that names it.
    pub chapters: Option<Vec<(String, u32)>>,
    pub quotes: QuoteStyle,
}

/// How straight double quotes are typeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteStyle {
    /// « » outside, “ ” inside (Spanish, French, Catalan…).
    #[default]
    Latin,
    /// “ ” outside, ‘ ’ inside.
    English,
}

/// The `[fonts]` table: paths relative to the manuscript folder; `None` means the bundled face.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FontsConfig {
    pub regular: Option<(PathBuf, u32)>,
    pub italic: Option<(PathBuf, u32)>,
    pub bold: Option<(PathBuf, u32)>,
    pub bold_italic: Option<(PathBuf, u32)>,
    pub mono: Option<(PathBuf, u32)>,
}

/// The print design from `[pdf]`: trim, type size, leading, margins and bleed, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintDesign {
    /// Trim width.
    pub width: f32,
    /// Trim height.
    pub height: f32,
    /// Body type size.
    pub font_size: f32,
    /// Distance between baselines of body text.
    pub leading: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    /// Bleed added around the trim on every side (0 for none).
    pub bleed: f32,
}

const MM: f32 = 72.0 / 25.4;

impl Default for PrintDesign {
    /// The house design: A5, 10.5/13.5 pt, margins 20/15/17/22 mm.
    fn default() -> Self {
        PrintDesign {
            width: 148.0 * MM,
            height: 210.0 * MM,
            font_size: 10.5,
            leading: 13.5,
            margin_inner: 20.0 * MM,
            margin_outer: 15.0 * MM,
            margin_top: 17.0 * MM,
            margin_bottom: 22.0 * MM,
            bleed: 0.0,
        }
    }
}

/// Named trim sizes, in millimetres or inches, as (name, width, height) in points.
fn trim_size(name: &str) -> Option<(f32, f32)> {
    const IN: f32 = 72.0;
    Some(match name.to_ascii_lowercase().as_str() {
        "a5" => (148.0 * MM, 210.0 * MM),
        "a4" => (210.0 * MM, 297.0 * MM),
        "letter" => (8.5 * IN, 11.0 * IN),
        "6x9in" => (6.0 * IN, 9.0 * IN),
        "5.5x8.5in" => (5.5 * IN, 8.5 * IN),
        "5x8in" => (5.0 * IN, 8.0 * IN),
        _ => return None,
    })
}

/// Parses a length such as `148mm`, `6in`, `1.5cm` or `10.5pt` (a bare number is points).
pub fn parse_length(text: &str) -> Option<f32> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f32 = number.trim().parse().ok()?;
    let factor = match unit.trim() {
        "" | "pt" => 1.0,
        "mm" => MM,
        "cm" => 10.0 * MM,
        "in" => 72.0,
        _ => return None,
    };
    (number.is_finite() && number >= 0.0).then_some(number * factor)
}

/// Parses the text of a `book.toml`; `path` is used in messages only.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let loc_at = |offset: usize| Loc {
        file: path.into(),
        line: line_of(text, offset),
    };
    let top: BTreeMap<Spanned<String>, Spanned<Value>> = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
        Diagnostic::at(
            Loc {
                file: path.into(),
                line,
            },
            format!("not valid TOML: {}", e.message().trim().replace('\n', ", ")),
        )
    })?;

    let mut tables: BTreeMap<String, Section> = BTreeMap::new();
    for (key, value) in &top {
        let known = TABLES.iter().find(|(name, _)| name == key.get_ref());
        let Some((name, _)) = known else {
            let names: Vec<&str> = TABLES.iter().map(|(n, _)| *n).collect();
            let mut diag = Diagnostic::at(
                loc_at(key.span().start),
                format!("unknown table or key `{}`", key.get_ref()),
            );
            if BOOK_KEYS.contains(&key.get_ref().as_str()) {
                diag = diag.with_hint(format!("`{}` belongs in the [book] table", key.get_ref()));
            } else if let Some(near) = closest(key.get_ref(), &names) {
                diag = diag.with_hint(format!("did you mean [{near}]?"));
            }
            return Err(diag);
        };
        let Value::Table(_) = value.get_ref() else {
            return Err(Diagnostic::at(
                loc_at(key.span().start),
                format!("`{name}` must be a table: write `[{name}]` on a line of its own"),
            ));
        };
        tables.insert(name.to_string(), Section::default());
    }

    // A second pass keeps the positions of the keys inside each table.
    let nested: BTreeMap<String, BTreeMap<Spanned<String>, Spanned<Value>>> =
        toml::from_str(text).map_err(|e| Diagnostic::at(loc_at(0), e.message().to_string()))?;
    for (name, entries) in nested {
        let keys = TABLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
            .expect("table names were checked in the first pass");
        let section = tables
            .get_mut(&name)
            .expect("table inserted in the first pass");
        for (key, value) in entries {
            if !keys.contains(&key.get_ref().as_str()) {
                let mut diag = Diagnostic::at(
                    loc_at(key.span().start),
                    format!("unknown key `{}` in [{name}]", key.get_ref()),
                );
                diag = match closest(key.get_ref(), keys) {
                    Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                    None => diag.with_hint(format!("known keys: {}", keys.join(", "))),
                };
                return Err(diag);
            }
            let line = line_of(text, key.span().start);
            section
                .0
                .insert(key.into_inner(), (value.into_inner(), line));
        }
    }

    let file_loc = |line: u32| Loc {
        file: path.into(),
        line,
    };
    let mut book = tables.remove("book").ok_or_else(|| {
        Diagnostic::at(file_loc(0), "there is no [book] table")
            .with_hint("start the file with [book] and a line title = \"…\"")
    })?;
    let fonts = tables.remove("fonts").unwrap_or_default();
    let pdf = tables.remove("pdf").unwrap_or_default();

    let reader = Reader {
        file_loc: &file_loc,
    };
    let title = reader.string(&mut book, "book", "title")?.ok_or_else(|| {
        Diagnostic::at(file_loc(0), "[book] has no `title`")
            .with_hint("add a line title = \"…\" under [book]")
    })?;
    if title.trim().is_empty() {
        return Err(Diagnostic::at(
            file_loc(book.line("title")),
            "the title is empty",
        ));
    }
    let language_line = book.line("language");
    let language = reader
        .string(&mut book, "book", "language")?
        .unwrap_or_else(|| "es".to_string());
    if !is_language_tag(&language) {
        return Err(Diagnostic::at(
            file_loc(language_line),
            format!("`{language}` is not a BCP 47 language tag"),
        )
        .with_hint("write a tag such as \"es\", \"es-BO\" or \"en-GB\""));
    }
    let date_line = book.line("date");
    let date = match book.0.remove("date") {
        None => None,
        Some((Value::String(s), _)) => Some(s),
        Some((Value::Datetime(d), _)) => Some(d.to_string()),
        Some(_) => {
            return Err(Diagnostic::at(
                file_loc(date_line),
                "`date` must be a date written YYYY-MM-DD",
            ))
        }
    };
    if let Some(date) = &date {
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() || date.len() != 10 {
            return Err(Diagnostic::at(
                file_loc(date_line),
                format!("`{date}` is not a valid date"),
            )
            .with_hint("write the date as YYYY-MM-DD, e.g. \"2026-11-24\""));
        }
    }
    let quotes_line = book.line("quotes");
    let quotes = match reader.string(&mut book, "book", "quotes")?.as_deref() {
        None | Some("latin") => QuoteStyle::Latin,
        Some("english") => QuoteStyle::English,
        Some(other) => {
            return Err(Diagnostic::at(
                file_loc(quotes_line),
                format!("`quotes` is `{other}`, which is not a quote style"),
            )
            .with_hint("use \"latin\" for « » or \"english\" for “ ”"))
        }
    };
    let cover_line = book.line("cover");
    let chapters_line = book.line("chapters");
    let book = BookConfig {
        title,
        subtitle: reader.string(&mut book, "book", "subtitle")?,
        authors: reader.strings(&mut book, "book", "authors")?,
        identifier: reader.string(&mut book, "book", "identifier")?,
        publisher: reader.string(&mut book, "book", "publisher")?,
        rights: reader.string(&mut book, "book", "rights")?,
        description: reader.string(&mut book, "book", "description")?,
        subjects: reader.strings(&mut book, "book", "subjects")?,
        cover: reader
            .string(&mut book, "book", "cover")?
            .map(|c| (c, cover_line)),
        chapters: match book.0.contains_key("chapters") {
            true => Some(
                reader
                    .strings(&mut book, "book", "chapters")?
                    .into_iter()
                    .map(|c| (c, chapters_line))
                    .collect(),
            ),
            false => None,
        },
        language,
        date,
        quotes,
    };

    let mut fonts = fonts;
    let mut font = |key: &str| -> Result<Option<(PathBuf, u32)>> {
        let line = fonts.line(key);
        Ok(reader
            .string(&mut fonts, "fonts", key)?
            .map(|p| (PathBuf::from(p), line)))
    };
    let fonts = FontsConfig {
        regular: font("regular")?,
        italic: font("italic")?,
        bold: font("bold")?,
        bold_italic: font("bold_italic")?,
        mono: font("mono")?,
    };

    let pdf = read_pdf(pdf, &reader)?;
    Ok(Config { book, fonts, pdf })
}

fn read_pdf(mut table: Section, reader: &Reader) -> Result<PrintDesign> {
    let mut pdf = PrintDesign::default();
    let trim_line = table.line("trim");
    if let Some(trim) = reader.string(&mut table, "pdf", "trim")? {
        let (w, h) = trim_size(&trim).ok_or_else(|| {
            Diagnostic::at(
                (reader.file_loc)(trim_line),
                format!("unknown trim size `{trim}`"),
            )
            .with_hint("use a5, a4, letter, 6x9in, 5.5x8.5in or 5x8in, or give width and height")
        })?;
        pdf.width = w;
        pdf.height = h;
    }
    let fields: [(&str, &mut f32); 9] = [
        ("width", &mut pdf.width),
        ("height", &mut pdf.height),
        ("font_size", &mut pdf.font_size),
        ("leading", &mut pdf.leading),
        ("margin_inner", &mut pdf.margin_inner),
        ("margin_outer", &mut pdf.margin_outer),
        ("margin_top", &mut pdf.margin_top),
        ("margin_bottom", &mut pdf.margin_bottom),
        ("bleed", &mut pdf.bleed),
    ];
    for (key, slot) in fields {
        let line = table.line(key);
        let bad = || {
            Diagnostic::at(
                (reader.file_loc)(line),
                format!("`{key}` must be a length such as \"148mm\", \"6in\" or \"10.5pt\""),
            )
        };
        match table.0.remove(key) {
            None => {}
            Some((Value::String(s), _)) => *slot = parse_length(&s).ok_or_else(bad)?,
            Some((Value::Float(f), _)) if f >= 0.0 => *slot = f as f32,
            Some((Value::Integer(i), _)) if i >= 0 => *slot = i as f32,
            Some(_) => return Err(bad()),
        }
    }
    let text_width = pdf.width - pdf.margin_inner - pdf.margin_outer;
    let text_height = pdf.height - pdf.margin_top - pdf.margin_bottom;
    if text_width < 72.0 || text_height < 4.0 * pdf.leading || pdf.font_size < 4.0 {
        return Err(Diagnostic::at(
            (reader.file_loc)(0),
            "[pdf] leaves no room for text: the margins are larger than the page or the type too small",
        ));
    }
    if pdf.leading < pdf.font_size {
        return Err(Diagnostic::at(
            (reader.file_loc)(table.line("leading")),
            "`leading` is smaller than `font_size`: lines would overlap",
        ));
    }
    Ok(pdf)
}

/// The keys of one table, with their values and lines.
#[derive(Debug, Default)]
struct Section(BTreeMap<String, (Value, u32)>);

impl Section {
    fn line(&self, key: &str) -> u32 {
        self.0.get(key).map(|(_, line)| *line).unwrap_or(0)
    }
}

/// Reads typed values out of a section, with messages that say what type was expected.
struct Reader<'a> {
    file_loc: &'a dyn Fn(u32) -> Loc,
}

impl Reader<'_> {
    fn string(&self, section: &mut Section, table: &str, key: &str) -> Result<Option<String>> {
        match section.0.remove(key) {
            None => Ok(None),
            Some((Value::String(s), _)) => Ok(Some(s)),
            Some((other, line)) => Err(Diagnostic::at(
                (self.file_loc)(line),
                format!(
                    "`{key}` in [{table}] must be a string, not {}",
                    describe(&other)
                ),
            )
            .with_hint(format!("write it in quotes: {key} = \"…\""))),
        }
    }

    fn strings(&self, section: &mut Section, table: &str, key: &str) -> Result<Vec<String>> {
        match section.0.remove(key) {
            None => Ok(Vec::new()),
            Some((Value::Array(items), line)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s),
                    other => Err(Diagnostic::at(
                        (self.file_loc)(line),
                        format!(
                            "`{key}` in [{table}] must list strings, but one item is {}",
                            describe(&other)
                        ),
                    )),
                })
                .collect(),
            Some((Value::String(s), line)) => Err(Diagnostic::at(
                (self.file_loc)(line),
                format!("`{key}` in [{table}] must be an array of strings"),
            )
            .with_hint(format!("write {key} = [\"{s}\"]"))),
            Some((other, line)) => Err(Diagnostic::at(
                (self.file_loc)(line),
                format!(
                    "`{key}` in [{table}] must be an array of strings, not {}",
                    describe(&other)
                ),
            )),
        }
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Integer(_) => "a number",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> u32 {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u32
        + 1
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
        assert_eq!(c.book.cover, Some(("images/c.png".into(), 12)));
        assert_eq!(
            c.book.chapters,
            Some(vec![("b.md".into(), 13), ("a.md".into(), 13)])
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

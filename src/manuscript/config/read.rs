//! The checks on `[book]` and `[fonts]` values, and the [`Reader`] that turns a value's span
//! into its line and a value of the wrong type into a message in the author's terms.

use std::path::{Path, PathBuf};

use toml::{Spanned, Value};

use super::raw::{describe, Checked, Date, Field, RawBook, RawFonts};
use super::{is_language_tag, BookConfig, FontsConfig, Missing, QuoteStyle};
use crate::diag::{Diagnostic, LineIndex, Loc, Pos, Result};

/// Names places in one `book.toml` and reads typed values out of it.
pub(super) struct Reader<'a> {
    file: &'a Path,
    lines: LineIndex<'a>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(file: &'a Path, lines: LineIndex<'a>) -> Self {
        Reader { file, lines }
    }

    /// The line and column of a byte offset.
    pub(super) fn line(&self, offset: usize) -> Pos {
        self.lines.pos(offset)
    }

    /// Where a value (or key) starts.
    pub(super) fn line_of<T>(&self, spanned: &Spanned<T>) -> Pos {
        self.line(spanned.span().start)
    }

    /// A problem at `pos` of the file (line 0: the whole file).
    pub(super) fn at(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(Loc::at(&self.file.into(), pos), message)
    }

    /// A file the TOML parser refused, in one line.
    pub(super) fn not_toml(&self, e: &toml::de::Error) -> Diagnostic {
        let line = e
            .span()
            .map_or(Pos::default(), |span| self.line(span.start));
        let message = e.message().trim().replace('\n', ", ");
        self.at(line, format!("not valid TOML: {message}"))
    }

    /// A string, with its line.
    pub(super) fn string(
        &self,
        field: Field<String>,
        table: &str,
        key: &str,
    ) -> Result<Option<(String, Pos)>> {
        let Some(field) = field else { return Ok(None) };
        let line = self.line_of(&field);
        match field.into_inner() {
            Checked::Ok(text) => Ok(Some((text, line))),
            Checked::Wrong(other) => Err(self.not_a_string(line, table, key, &other)),
        }
    }

    fn not_a_string(&self, line: Pos, table: &str, key: &str, value: &Value) -> Diagnostic {
        self.at(
            line,
            format!(
                "`{key}` in [{table}] must be a string, not {}",
                describe(value)
            ),
        )
        .with_hint(format!("write it in quotes: {key} = \"…\""))
    }

    /// An array of strings, with its line.
    pub(super) fn strings(
        &self,
        field: Field<Vec<String>>,
        table: &str,
        key: &str,
    ) -> Result<Option<(Vec<String>, Pos)>> {
        let Some(field) = field else { return Ok(None) };
        let line = self.line_of(&field);
        match field.into_inner() {
            Checked::Ok(items) => Ok(Some((items, line))),
            Checked::Wrong(Value::Array(items)) => {
                let odd = items.iter().find(|item| !item.is_str());
                Err(self.at(
                    line,
                    format!(
                        "`{key}` in [{table}] must list strings, but one item is {}",
                        odd.map_or("an array", describe)
                    ),
                ))
            }
            Checked::Wrong(Value::String(text)) => Err(self
                .at(
                    line,
                    format!("`{key}` in [{table}] must be an array of strings"),
                )
                .with_hint(format!("write {key} = [\"{text}\"]"))),
            Checked::Wrong(other) => Err(self.at(
                line,
                format!(
                    "`{key}` in [{table}] must be an array of strings, not {}",
                    describe(&other)
                ),
            )),
        }
    }
}

/// Whether `date` is a day of the calendar written `YYYY-MM-DD`. chrono alone takes
/// `2021-9-3`, `+000-01-01` and ` 999-01-01`; a book's date is written in full, digits
/// only. Year 0 is no year of the calendar the OPF's dates use (EPUBCheck OPF-053).
pub(super) fn is_calendar_date(date: &str) -> bool {
    let digits_in_place = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    digits_in_place
        && !date.starts_with("0000")
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

/// `[book]`: the title first, then the values that have rules of their own, then the rest.
pub(super) fn book(reader: &Reader, book: RawBook) -> Result<BookConfig> {
    let (title, title_line) = reader.string(book.title, "book", "title")?.ok_or_else(|| {
        reader
            .at(Pos::default(), "[book] has no `title`")
            .with_hint("add a line title = \"…\" under [book]")
    })?;
    if title.trim().is_empty() {
        return Err(reader.at(title_line, "the title is empty"));
    }
    let language = match reader.string(book.language, "book", "language")? {
        None => "es".to_string(),
        Some((language, _)) if is_language_tag(&language) => language,
        Some((language, line)) => {
            return Err(reader
                .at(line, format!("`{language}` is not a BCP 47 language tag"))
                .with_hint("write a tag such as \"es\", \"es-BO\" or \"en-GB\""))
        }
    };
    let date = match book.date {
        None => None,
        Some(field) => {
            let line = reader.line_of(&field);
            let date = match field.into_inner() {
                Checked::Ok(Date::Text(text)) => text,
                Checked::Ok(Date::Toml(date)) => date.to_string(),
                Checked::Wrong(_) => {
                    return Err(reader.at(line, "`date` must be a date written YYYY-MM-DD"))
                }
            };
            if !is_calendar_date(&date) {
                return Err(reader
                    .at(line, format!("`{date}` is not a valid date"))
                    .with_hint("write the date as YYYY-MM-DD, e.g. \"2026-11-24\""));
            }
            Some(date)
        }
    };
    let quotes = match book.quotes {
        None => QuoteStyle::for_language(&language),
        Some(field) => {
            let line = reader.line_of(&field);
            match field.into_inner() {
                Checked::Ok(style) if style == "latin" => QuoteStyle::Latin,
                Checked::Ok(style) if style == "english" => QuoteStyle::English,
                Checked::Ok(style) if style == "german" => QuoteStyle::German,
                Checked::Ok(other) => {
                    return Err(reader
                        .at(
                            line,
                            format!("`quotes` is `{other}`, which is not a quote style"),
                        )
                        .with_hint(
                            "use \"latin\" for « », \"english\" for “ ” or \"german\" for „ “",
                        ))
                }
                Checked::Wrong(other) => {
                    return Err(reader.not_a_string(line, "book", "quotes", &other))
                }
            }
        }
    };
    // Text that may be absent, and lists that are empty when absent; only the paths (cover,
    // chapters) keep their lines, for the checks against the folder. An empty text means
    // "none" (`subtitle = ""`); an empty name in a list or an empty identifier or path is a
    // slip, which would otherwise write an invalid OPF (EPUBCheck RSC-005).
    let text = |field, key| -> Result<_> {
        Ok(reader
            .string(field, "book", key)?
            .filter(|(text, _)| !text.trim().is_empty())
            .map(|(text, _)| text))
    };
    let required = |field, key: &str| -> Result<_> {
        match reader.string(field, "book", key)? {
            Some((text, line)) if text.trim().is_empty() => Err(reader
                .at(line, format!("`{key}` is empty"))
                .with_hint("give it a value, or remove the line")),
            found => Ok(found),
        }
    };
    let list = |field, key: &str| -> Result<_> {
        let found = reader.strings(field, "book", key)?;
        match found {
            Some((items, line)) if items.iter().any(|i| i.trim().is_empty()) => Err(reader
                .at(line, format!("`{key}` has an empty item"))
                .with_hint("remove the empty \"\" from the list")),
            found => Ok(found.map_or_else(Vec::new, |(items, _)| items)),
        }
    };
    Ok(BookConfig {
        title,
        subtitle: text(book.subtitle, "subtitle")?,
        authors: list(book.authors, "authors")?,
        identifier: required(book.identifier, "identifier")?.map(|(text, _)| text),
        publisher: text(book.publisher, "publisher")?,
        rights: text(book.rights, "rights")?,
        description: text(book.description, "description")?,
        subjects: list(book.subjects, "subjects")?,
        cover: required(book.cover, "cover")?,
        chapters: reader
            .strings(book.chapters, "book", "chapters")?
            .map(
                |(names, line)| match names.iter().any(|n| n.trim().is_empty()) {
                    true => Err(reader
                        .at(line, "`chapters` has an empty item")
                        .with_hint("remove the empty \"\" from the list")),
                    false => Ok((names, line)),
                },
            )
            .transpose()?
            .map(|(names, line)| names.into_iter().map(|name| (name, line)).collect()),
        parts: super::parts::parts(reader, book.parts)?,
        numbering: super::parts::numbering(reader, book.numbering)?,
        dedication: text(book.dedication, "dedication")?,
        other_titles: super::colophon::other_titles(reader, book.other_titles)?,
        language,
        date,
        quotes,
    })
}

/// `[fonts]`: a path for each face and each fallback, with the line that names it.
pub(super) fn fonts(reader: &Reader, fonts: RawFonts) -> Result<FontsConfig> {
    let face = |field, key| -> Result<_> {
        let found = reader.string(field, "fonts", key)?;
        Ok(found.map(|(path, line)| (PathBuf::from(path), line)))
    };
    let fallback = match reader.strings(fonts.fallback, "fonts", "fallback")? {
        Some((paths, line)) if paths.iter().any(|p| p.trim().is_empty()) => {
            return Err(reader
                .at(line, "`fallback` has an empty item")
                .with_hint("remove the empty \"\" from the list"))
        }
        Some((paths, line)) => paths
            .into_iter()
            .map(|path| (PathBuf::from(path), line))
            .collect(),
        None => Vec::new(),
    };
    let missing = match reader.string(fonts.missing, "fonts", "missing")? {
        None => Missing::Error,
        Some((word, _)) if word == "error" => Missing::Error,
        Some((word, _)) if word == "warn" => Missing::Warn,
        Some((word, line)) => {
            return Err(reader
                .at(
                    line,
                    format!("`missing` in [fonts] is `{word}`, which is neither error nor warn"),
                )
                .with_hint("write missing = \"warn\" to leave such characters out with a warning"))
        }
    };
    let epub_fallback = match fonts.epub_fallback {
        None => true,
        Some(field) => {
            let line = reader.line_of(&field);
            match field.into_inner() {
                Checked::Ok(on) => on,
                Checked::Wrong(other) => return Err(reader
                    .at(
                        line,
                        format!(
                            "`epub_fallback` in [fonts] must be true or false, not {}",
                            describe(&other)
                        ),
                    )
                    .with_hint(
                        "write epub_fallback = false to leave those scripts to the reader's fonts",
                    )),
            }
        }
    };
    Ok(FontsConfig {
        regular: face(fonts.regular, "regular")?,
        italic: face(fonts.italic, "italic")?,
        bold: face(fonts.bold, "bold")?,
        bold_italic: face(fonts.bold_italic, "bold_italic")?,
        mono: face(fonts.mono, "mono")?,
        fallback,
        missing,
        epub_fallback,
    })
}

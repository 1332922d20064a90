//! The serde shapes of `book.toml`: the keys each table may hold, each value with its span,
//! and a value of the wrong type kept as written, so the message can say what it is.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use toml::{Spanned, Value};

/// The whole file. Every table is optional here; `[book]` is required by the checks after.
#[derive(Debug, Deserialize)]
pub(super) struct RawConfig {
    pub(super) book: Option<RawBook>,
    #[serde(default)]
    pub(super) fonts: RawFonts,
    #[serde(default)]
    pub(super) pdf: RawPdf,
    pub(super) print: Option<super::print::RawPrint>,
    pub(super) cover: Option<super::cover::RawCover>,
    #[serde(default)]
    pub(super) epub: super::epub::RawEpub,
    #[serde(default)]
    pub(super) accessibility: super::epub::RawAccessibility,
    #[serde(default)]
    pub(super) check: super::check::RawCheck,
    #[serde(default)]
    pub(super) matter: super::matter::RawMatter,
    pub(super) colophon: Option<super::colophon::RawColophon>,
    #[serde(default)]
    pub(super) style: super::style::RawStyle,
}

/// A key's value with its place in the file, when the key is there.
pub(super) type Field<T> = Option<Spanned<Checked<T>>>;

/// `[book]`, in the order the keys are listed when none is close to a mistyped one.
#[derive(Debug, Deserialize)]
pub(super) struct RawBook {
    pub(super) title: Field<String>,
    pub(super) subtitle: Field<String>,
    pub(super) authors: Field<Vec<String>>,
    pub(super) language: Field<String>,
    pub(super) identifier: Field<String>,
    pub(super) publisher: Field<String>,
    pub(super) date: Field<Date>,
    pub(super) rights: Field<String>,
    pub(super) description: Field<String>,
    pub(super) subjects: Field<Vec<String>>,
    pub(super) cover: Field<String>,
    pub(super) chapters: Field<Vec<String>>,
    pub(super) parts: Field<Vec<RawPart>>,
    pub(super) numbering: Field<String>,
    pub(super) dedication: Field<String>,
    pub(super) other_titles: Field<super::colophon::RawOtherTitles>,
    pub(super) quotes: Field<String>,
}

/// One part of `[book] parts`: its title, its chapters and the file of its opening text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPart {
    pub(super) title: String,
    pub(super) chapters: Vec<String>,
    pub(super) file: Option<String>,
}

/// `[fonts]`: a path for each face, the fallback faces and what a character none has costs.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawFonts {
    pub(super) regular: Field<String>,
    pub(super) italic: Field<String>,
    pub(super) bold: Field<String>,
    pub(super) bold_italic: Field<String>,
    pub(super) mono: Field<String>,
    pub(super) fallback: Field<Vec<String>>,
    pub(super) missing: Field<String>,
    pub(super) epub_fallback: Field<bool>,
}

/// `[pdf]`: a named trim, then lengths that override it and the house design.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawPdf {
    pub(super) trim: Field<String>,
    pub(super) width: Field<Length>,
    pub(super) height: Field<Length>,
    pub(super) font_size: Field<Length>,
    pub(super) leading: Field<Length>,
    pub(super) margin_inner: Field<Length>,
    pub(super) margin_outer: Field<Length>,
    pub(super) margin_top: Field<Length>,
    pub(super) margin_bottom: Field<Length>,
    pub(super) bleed: Field<Length>,
    pub(super) verso_head: Field<String>,
}

/// A length as written: text with a unit (`"148mm"`), or a bare number of points.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Length {
    Text(String),
    /// Kept apart from `Points` so a whole number becomes an `f32` in one rounding, not two.
    Whole(i64),
    Points(f64),
}

/// A date as written: a string, or a TOML date without quotes.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Date {
    Text(String),
    Toml(toml::value::Datetime),
}

/// A value as the author wrote it: of the type its key wants, or kept as written.
///
/// serde tries `Ok` first; a value it refuses lands in `Wrong`, so a mismatch is not an
/// error in serde's words but a value the checks can describe in the author's.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Checked<T> {
    Ok(T),
    Wrong(Value),
}

/// A value's kind, as a message names it: "must be a string, not a number".
pub(super) fn describe(value: &Value) -> &'static str {
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

/// The keys a derived `Deserialize` reads, in the order of its fields.
///
/// serde hands a struct's field names to the deserializer; one that only records them
/// lists the known keys from the struct itself, with no second list to keep in step.
pub(super) fn keys_of<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Names<'a>(&'a mut &'static [&'static str]);

    impl<'de> Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("only the field names were wanted"))
        }

        fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    let mut names: &'static [&'static str] = &[];
    // The error is the recorder's own: it stops serde once the names are known.
    let _ = T::deserialize(Names(&mut names));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_structs() {
        assert_eq!(
            keys_of::<RawConfig>(),
            [
                "book",
                "fonts",
                "pdf",
                "print",
                "cover",
                "epub",
                "accessibility",
                "check",
                "matter",
                "colophon",
                "style"
            ]
        );
        assert_eq!(
            keys_of::<RawFonts>(),
            [
                "regular",
                "italic",
                "bold",
                "bold_italic",
                "mono",
                "fallback",
                "missing",
                "epub_fallback"
            ]
        );
        assert_eq!(keys_of::<RawBook>().len(), 17);
        assert_eq!(keys_of::<RawPdf>()[0], "trim");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_kept_as_written() {
        let raw: RawFonts = toml::from_str("regular = 3\nmono = \"m.ttf\"\n").unwrap();
        let regular = raw.regular.unwrap();
        assert!(matches!(
            regular.get_ref(),
            Checked::Wrong(Value::Integer(3))
        ));
        assert_eq!(regular.span().start, 10);
        assert!(matches!(raw.mono.unwrap().into_inner(), Checked::Ok(m) if m == "m.ttf"));
    }
}

//! book.toml's checks: each value read, each mistake named with its line.

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
    // The quotes follow the language unless book.toml names them.
    let english = parse_str("[book]\ntitle = \"T\"\nlanguage = \"en-GB\"\n").unwrap();
    assert_eq!(english.book.quotes, QuoteStyle::English);
    let german = parse_str("[book]\ntitle = \"T\"\nlanguage = \"de\"\n").unwrap();
    assert_eq!(german.book.quotes, QuoteStyle::German);
    let chosen =
        parse_str("[book]\ntitle = \"T\"\nlanguage = \"de\"\nquotes = \"latin\"\n").unwrap();
    assert_eq!(chosen.book.quotes, QuoteStyle::Latin);
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
    let e = parse_str("[book]\ntitle = \"T\"\n[pdf]\nfont_size = 12\nleading = 9\n").unwrap_err();
    assert_eq!(e.loc.as_ref().unwrap().line, 5);
}

#[test]
fn fonts_fallback_missing_and_epub_fallback_are_read_with_their_lines() {
    let c = parse_str(
        "[book]\ntitle = \"T\"\n[fonts]\nfallback = [\"a.ttf\", \"b.ttf\"]\nmissing = \"warn\"\nepub_fallback = false\n",
    )
    .unwrap();
    assert_eq!(c.fonts.fallback.len(), 2);
    assert_eq!(c.fonts.fallback[1].1.line, 4);
    assert_eq!(c.fonts.missing, super::Missing::Warn);
    assert!(!c.fonts.epub_fallback);
    let e = parse_str("[book]\ntitle = \"T\"\n[fonts]\nmissing = \"quiet\"\n").unwrap_err();
    assert!(e.to_string().starts_with("book.toml:4:"), "{e}");
    let e = parse_str("[book]\ntitle = \"T\"\n[fonts]\nepub_fallback = \"no\"\n").unwrap_err();
    assert!(e.message.contains("must be true or false"), "{e}");
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
        Some("known keys: regular, italic, bold, bold_italic, mono, fallback, missing, epub_fallback")
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
            "title = \"T\"\nquotes = \"swiss\"",
            "`quotes` is `swiss`, which is not a quote style",
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
    let e = parse_str("[book]\ntitle = \"T\"\n[pdf]\nwidth = \"60mm\"\nmargin_inner = \"20mm\"\n")
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

/// The cover's settings: the paper follows the inks unless written, the spine reads as
/// the language's books do unless written, and `[print]`'s presence is what asks for a
/// cover.
#[test]
fn cover_settings_default_from_the_inks_and_the_language() {
    let bare = parse_str("[book]\ntitle = \"T\"\n").unwrap();
    assert!(!bare.print.given);
    assert_eq!(bare.cover.spine, SpineDirection::BottomToTop);

    let colour =
        parse_str("[book]\ntitle = \"T\"\nlanguage = \"en-GB\"\n[print]\ninterior = \"color\"\n")
            .unwrap();
    assert!(colour.print.given);
    assert_eq!(colour.print.paper, Paper::Color);
    assert_eq!(colour.cover.spine, SpineDirection::TopToBottom);

    let written = parse_str(
        "[book]\ntitle = \"T\"\ncover = \"c.png\"\n[print]\npaper = \"cream\"\nspine_width = \"13.2mm\"\nisbn = \"978 84 0000 000 4\"\n[cover]\nback = \"atras.md\"\nspine = \"top-to-bottom\"\n",
    )
    .unwrap();
    assert_eq!(written.print.paper, Paper::Cream);
    assert!((written.print.spine_width.unwrap() - 13.2 * 72.0 / 25.4).abs() < 0.01);
    assert_eq!(written.print.isbn.as_deref(), Some("9788400000004"));
    assert_eq!(
        written.print.isbn_written.as_deref(),
        Some("978 84 0000 000 4")
    );
    assert_eq!(
        written
            .cover
            .back
            .as_ref()
            .map(|(p, l)| (p.as_str(), l.line)),
        Some(("atras.md", 9))
    );
    assert_eq!(written.cover.spine, SpineDirection::TopToBottom);
    assert_eq!(written.cover.image_line.map(|l| l.line), Some(3));
    for (language, spine) in [
        ("ca", SpineDirection::BottomToTop),
        ("de-AT", SpineDirection::BottomToTop),
        ("nl", SpineDirection::TopToBottom),
    ] {
        assert_eq!(SpineDirection::of_language(language), spine, "{language}");
    }
}

#[test]
fn mdbook_book_toml_is_read_with_its_own_tables() {
    let text = "[book]\ntitle = \"Rust\"\nauthors = [\"Ana\"]\nsrc = \"src\"\n\n[rust]\nedition = \"2021\"\n\n\
                [output.html]\nadditional-css = [\"x.css\"]\n\n[output.html.fold]\nenable = true\n\n\
                [preprocessor.links]\n\n[output.imprenta.pdf]\ntrim = \"a5\"\n";
    let config = super::parse_mdbook(Path::new("book.toml"), text).unwrap();
    assert_eq!(config.book.title, "Rust");
    assert_eq!(config.book.authors, ["Ana"]);
    // mdBook's own default language, and the quotes that go with it.
    assert_eq!(config.book.language, "en");
    assert_eq!(config.book.quotes, QuoteStyle::English);
    // imprenta's own tables under [output.imprenta] are checked as in its book.toml.
    let wrong = text.replace("trim = \"a5\"", "trimm = \"a5\"");
    let e = super::parse_mdbook(Path::new("book.toml"), &wrong).unwrap_err();
    assert_eq!(e.loc.as_ref().unwrap().line, 18, "{e}");
    assert!(
        e.to_string().contains("unknown key `trimm` in [pdf]"),
        "{e}"
    );
    // [output.imprenta.book] adds to mdBook's [book] and wins where both say.
    let both =
        format!("{text}\n[output.imprenta.book]\ntitle = \"Rust, impreso\"\nlanguage = \"es\"\n");
    let config = super::parse_mdbook(Path::new("book.toml"), &both).unwrap();
    assert_eq!(config.book.title, "Rust, impreso");
    assert_eq!(config.book.quotes, QuoteStyle::Latin);
}

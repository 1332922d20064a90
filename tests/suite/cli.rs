//! The command line, end to end: usage, exit codes, status lines, and the catalogue of an
//! author's mistakes — each answered with a message naming the file (and line), exit code 1,
//! no panic, and no output file created or changed.

use std::path::Path;

use crate::common::{assert_refused, stderr, Scratch};

#[test]
fn help_shows_an_example_and_bad_usage_exits_2() {
    let scratch = Scratch::new("help");
    let help = scratch.run(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    for word in ["epub", "pdf", "build", "Examples:"] {
        assert!(text.contains(word), "{text}");
    }
    let sub = scratch.run(&["epub", "--help"]);
    let text = String::from_utf8_lossy(&sub.stdout);
    for flag in [
        "--manuscript",
        "--output",
        "--quiet",
        "--deny-warnings",
        "Example:",
    ] {
        assert!(text.contains(flag), "{text}");
    }
    assert_eq!(
        scratch.run(&["epub", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(scratch.run(&["novel"]).status.code(), Some(2));
    assert_eq!(scratch.run(&[]).status.code(), Some(2));
}

#[test]
fn manuscript_folder_missing_is_a_file_or_has_no_chapters() {
    let scratch = Scratch::new("folder");
    std::fs::remove_dir_all(scratch.path("libro")).unwrap();
    assert_refused(&scratch, "libro: the manuscript folder does not exist");
    scratch.write("libro", "not a folder");
    assert_refused(&scratch, "libro: this is a file, not a manuscript folder");
    std::fs::remove_file(scratch.path("libro")).unwrap();
    scratch.write("libro/book.toml", "[book]\ntitle = \"T\"\n");
    assert_refused(&scratch, "libro: the manuscript has no chapters");
}

#[test]
fn book_toml_mistakes_name_the_line() {
    let scratch = Scratch::with_book("toml");
    let cases: &[(&str, &str)] = &[
        (
            "[book]\ntitle = \"T\"\nauthors = [\"A\"\n",
            "libro/book.toml:4: not valid TOML",
        ),
        (
            "[book]\nsubtitle = \"S\"\n",
            "libro/book.toml: [book] has no `title`",
        ),
        (
            "[book]\ntitle = \"T\"\nauthors = 3\n",
            "libro/book.toml:3: `authors` in [book] must be an array of strings, not a number",
        ),
        (
            "[book]\ntitle = \"T\"\nautores = [\"A\"]\n",
            "libro/book.toml:3: unknown key `autores` in [book]\n  help: did you mean `authors`?",
        ),
        (
            "[book]\ntitle = \"T\"\nlanguage = \"castellano\"\n",
            "libro/book.toml:3: `castellano` is not a BCP 47 language tag",
        ),
        (
            "[book]\ntitle = \"T\"\ndate = \"24/11/2026\"\n",
            "libro/book.toml:3: `24/11/2026` is not a valid date",
        ),
        (
            "[libro]\ntitle = \"T\"\n",
            "libro/book.toml:1: unknown table or key `libro`",
        ),
    ];
    for (toml, expected) in cases {
        scratch.write("libro/book.toml", toml);
        assert_refused(&scratch, expected);
    }
    std::fs::remove_file(scratch.path("libro/book.toml")).unwrap();
    assert_refused(&scratch, "libro/book.toml: book.toml is missing");
}

#[test]
fn chapter_list_mistakes() {
    let scratch = Scratch::with_book("chapters");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nchapters = [\"01-uno.md\", \"02-dos.md\"]\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:3: chapter `02-dos.md` does not exist",
    );
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nchapters = [\"01-uno.md\", \"01-uno.md\"]\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:3: chapter `01-uno.md` is listed twice",
    );
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nchapters = [\"../fuera.md\"]\n",
    );
    assert_refused(
        &scratch,
        "chapter `../fuera.md` is outside the manuscript folder",
    );
}

#[test]
fn chapter_not_utf8_names_line_and_offset() {
    let scratch = Scratch::with_book("utf8");
    scratch.write("libro/02-latin1.md", b"# Dos\n\nEl ni\xf1o.\n".as_slice());
    assert_refused(
        &scratch,
        "libro/02-latin1.md:3: the file is not UTF-8 (invalid byte at offset 12)",
    );
}

#[test]
fn image_mistakes_are_refused_before_reading_the_bytes() {
    let scratch = Scratch::with_book("images");
    let outside = scratch.path("secreto.png");
    std::fs::write(&outside, b"\x89PNG\r\n\x1a\nsecret").unwrap();
    let cases: Vec<(&str, String)> = vec![
        ("![x](images/no.png)", "libro/02-img.md:3: image `images/no.png` does not exist".into()),
        ("![x](../secreto.png)", "libro/02-img.md:3: image `../secreto.png` is outside the manuscript folder".into()),
        ("![x](../../../../etc/passwd)", "is outside the manuscript folder".into()),
        (
            &*Box::leak(format!("![x]({})", outside.display()).into_boxed_str()),
            "is outside the manuscript folder".into(),
        ),
        ("![x](http://example.org/a.png)", "libro/02-img.md:3: remote image `http://example.org/a.png` refused".into()),
        ("![x](images/falso.png)", "libro/02-img.md:3: image `images/falso.png` is named as image/png but its content is image/jpeg".into()),
        ("![x](images/roto.png)", "libro/02-img.md:3: image `images/roto.png` is corrupt or truncated".into()),
        ("![x](images/texto.bmp)", "is not in a format e-books accept".into()),
        ("![x](images/enlace.png)", "is a link that leads outside the manuscript folder".into()),
    ];
    scratch.write(
        "libro/images/falso.png",
        b"\xFF\xD8\xFF\xE0rest of a jpeg\xFF\xD9".as_slice(),
    );
    scratch.write("libro/images/roto.png", png_header_only());
    scratch.write("libro/images/texto.bmp", b"BM....".as_slice());
    std::os::unix::fs::symlink(&outside, scratch.path("libro/images/enlace.png")).unwrap();
    for (reference, expected) in cases {
        scratch.write("libro/02-img.md", format!("# Dos\n\n{reference}\n"));
        assert_refused(&scratch, &expected);
    }
    // An enormous image: the limit is named.
    let big = std::fs::File::create(scratch.path("libro/images/grande.png")).unwrap();
    big.set_len(40 * 1024 * 1024).unwrap();
    scratch.write("libro/02-img.md", "# Dos\n\n![x](images/grande.png)\n");
    assert_refused(&scratch, "over the limit of 32 MiB");
}

/// A PNG signature and header chunk with nothing after it.
fn png_header_only() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&[0, 0, 0, 10, 0, 0, 0, 10, 8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn cover_missing_names_book_toml_line() {
    let scratch = Scratch::with_book("cover");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\ncover = \"images/portada.jpg\"\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:3: image `images/portada.jpg` does not exist",
    );
}

#[test]
fn font_mistakes_name_the_file() {
    let scratch = Scratch::with_book("fonts");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n\n[fonts]\nregular = \"fuentes/no.ttf\"\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:5: font file libro/fuentes/no.ttf does not exist",
    );
    scratch.write("libro/fuentes/falsa.ttf", "this is not a font");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n\n[fonts]\nitalic = \"fuentes/falsa.ttf\"\n",
    );
    assert_refused(
        &scratch,
        "libro/fuentes/falsa.ttf: this file is not a font imprenta can read",
    );
}

#[test]
fn output_folder_that_cannot_be_written_is_an_error() {
    let scratch = Scratch::with_book("unwritable");
    scratch.write("bloqueo", "a file where a folder should be");
    let output = scratch.run(&["epub", "--manuscript", "libro", "-o", "bloqueo/libro.epub"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("bloqueo/libro.epub: cannot create the output folder"),
        "{message}"
    );
    assert!(!message.contains("panicked"));
}

#[test]
fn empty_chapter_is_skipped_with_a_warning() {
    let scratch = Scratch::with_book("empty");
    scratch.write("libro/00-vacio.md", "  \n\n");
    let output = scratch.run(&[
        "epub",
        "--manuscript",
        "libro",
        "-o",
        "out.epub",
        "--deny-warnings",
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains("warning: libro/00-vacio.md: the chapter is empty; it was skipped"),
        "{message}"
    );
    assert!(
        message.contains("warning: 1 chapter is empty and was skipped"),
        "{message}"
    );
    assert!(!Path::new(&scratch.path("out.epub")).exists());
}

#[test]
fn broken_links_are_warnings_and_deny_warnings_refuses() {
    let scratch = Scratch::with_book("links");
    scratch.write(
        "libro/02-dos.md",
        "# Dos\n\nVer [uno](01-uno.md#nada) y [tres](03-tres.md).\n",
    );
    let output = scratch.run(&[
        "epub",
        "--manuscript",
        "libro",
        "-o",
        "out.epub",
        "--deny-warnings",
    ]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("libro/02-dos.md:3: link to `01-uno.md#nada`, but that chapter has no heading with id `nada`"), "{message}");
    assert!(
        message.contains(
            "libro/02-dos.md:3: link to `03-tres.md`, which is not a chapter of this book"
        ),
        "{message}"
    );
    assert!(
        message.contains("warning: 2 links point nowhere and were kept as text"),
        "{message}"
    );
    assert!(!scratch.path("out.epub").exists());
}

#[test]
fn unreadable_book_toml_and_font_are_errors() {
    let scratch = Scratch::with_book("unreadable");
    std::fs::remove_file(scratch.path("libro/book.toml")).unwrap();
    std::fs::create_dir_all(scratch.path("libro/book.toml")).unwrap();
    assert_refused(
        &scratch,
        "libro/book.toml: book.toml is a folder, not a regular file",
    );
    std::fs::remove_dir(scratch.path("libro/book.toml")).unwrap();
    std::fs::create_dir_all(scratch.path("libro/fuentes/carpeta.ttf")).unwrap();
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n\n[fonts]\nbold = \"fuentes/carpeta.ttf\"\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:5: font file libro/fuentes/carpeta.ttf is a folder, not a regular file",
    );
}

#[test]
fn missing_output_folders_are_created_and_status_goes_to_stderr() {
    let scratch = Scratch::with_book("create");
    let output = scratch.run(&["epub", "--manuscript", "libro", "-o", "a/b/c/libro.epub"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(scratch.path("a/b/c/libro.epub").is_file());
    assert!(output.stdout.is_empty());
    assert!(message.contains("Parsed 1 chapter, 3 words"), "{message}");
    assert!(message.contains("Wrote a/b/c/libro.epub ("), "{message}");
    let quiet = scratch.run(&[
        "epub",
        "-q",
        "--manuscript",
        "libro",
        "-o",
        "a/b/c/libro.epub",
    ]);
    assert!(quiet.stderr.is_empty(), "{}", stderr(&quiet));
}

#[test]
fn build_writes_both_formats_named_after_the_title() {
    let scratch = Scratch::with_book("build");
    let output = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "dist"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(scratch.path("dist/prueba.epub").is_file());
    assert!(scratch.path("dist/prueba.pdf").is_file());
    assert_eq!(
        stderr(&output).matches("Parsed").count(),
        1,
        "one parse for both"
    );
}

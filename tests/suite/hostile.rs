//! Hostile and huge manuscripts: each one finishes (no stack overflow, no quadratic
//! blow-up), and each is pinned to what it does today. All of them build: exit 0, an
//! EPUB and a PDF, the text where it belongs, and the warnings named here; none panics
//! and none stops with an error.

use std::path::PathBuf;
use std::process::Command;

use crate::common;

/// What `imprenta build` did with a one-chapter manuscript.
struct Run {
    name: &'static str,
    code: Option<i32>,
    stderr: String,
    epub: Option<Vec<u8>>,
    pdf: Option<Vec<u8>>,
}

fn scratch(name: &str, chapter: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imprenta-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Hostil\"\n").unwrap();
    std::fs::write(dir.join("01-hostil.md"), chapter).unwrap();
    dir
}

/// Builds `chapter` as the only chapter of a book titled «Hostil».
fn build(name: &'static str, chapter: &str) -> Run {
    let dir = scratch(name, chapter);
    let output = Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["build", "-q", "--manuscript"])
        .arg(&dir)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    let run = Run {
        name,
        code: output.status.code(),
        stderr: common::flatten(&String::from_utf8_lossy(&output.stderr)),
        epub: std::fs::read(dir.join("out/hostil.epub")).ok(),
        pdf: std::fs::read(dir.join("out/hostil.pdf")).ok(),
    };
    let _ = std::fs::remove_dir_all(&dir);
    run
}

impl Run {
    /// The end of stderr, for failure messages (some runs warn about thousands of lines).
    fn stderr_tail(&self) -> &str {
        let mut at = self.stderr.len().saturating_sub(2000);
        while !self.stderr.is_char_boundary(at) {
            at += 1;
        }
        &self.stderr[at..]
    }

    /// Asserts the build succeeded: exit 0, no error, no panic, a zip EPUB and a whole
    /// PDF. Returns the chapter's XHTML.
    fn assert_built(&self) -> String {
        let name = self.name;
        assert_eq!(self.code, Some(0), "{name}: {}", self.stderr_tail());
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("error:"),
            "{name}: {}",
            self.stderr_tail()
        );
        let pdf = self
            .pdf
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: no PDF"));
        assert!(pdf.starts_with(b"%PDF-"), "{name}: not a PDF");
        assert!(
            pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "{name}: the PDF is cut short"
        );
        let epub = self
            .epub
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: no EPUB"));
        common::text_of(epub, "OEBPS/cap-01.xhtml")
    }

    /// Asserts that each of `warnings` is among what the build printed.
    fn assert_warned(&self, warnings: &[&str]) {
        for warning in warnings {
            assert!(
                self.stderr.contains(warning),
                "{}: no «{warning}» in:\n{}",
                self.name,
                self.stderr_tail()
            );
        }
    }
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let run = build("quotes", &(">".repeat(10_000) + " hondo\n"));
    let chapter = run.assert_built();
    run.assert_warned(&[
        "01-hostil.md:1: block quote nested too deeply; set at the level above",
        "warning: 1 element was nested too deeply and was flattened",
    ]);
    assert!(chapter.contains("hondo</p>"), "{chapter}");
}

#[test]
fn ten_thousand_nested_lists() {
    let run = build("lists", &("- ".repeat(10_000) + "hondo\n"));
    let chapter = run.assert_built();
    run.assert_warned(&[
        "01-hostil.md:1: list nested too deeply; set at the level above",
        "warning: 1 element was nested too deeply and was flattened",
    ]);
    assert!(chapter.contains("hondo"), "{chapter}");
}

#[test]
fn a_ten_megabyte_paragraph() {
    let words = [
        "canción",
        "año",
        "pingüino",
        "«cita»",
        "—dijo—",
        "él",
        "niño",
        "vergüenza",
    ];
    let paragraph: String = (0..1_300_000)
        .map(|i| words[i * 7 % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    assert!(paragraph.len() > 10_000_000);
    let run = build("paragraph", &paragraph);
    let chapter = run.assert_built();
    // Every word reaches the e-book, and the typesetter has nothing to say about it.
    assert_eq!(run.stderr, "", "a clean build warns about nothing");
    for word in ["pingüino", "vergüenza", "«cita»"] {
        assert_eq!(
            chapter.matches(word).count(),
            paragraph.matches(word).count(),
            "{word}"
        );
    }
}

#[test]
fn a_hundred_thousand_footnotes() {
    let mut text = String::new();
    for i in 0..100_000 {
        text.push_str(&format!("Texto {i}[^{i}]. "));
    }
    text.push_str("\n\n");
    for i in 0..100_000 {
        text.push_str(&format!("[^{i}]: Nota {i}.\n"));
    }
    let run = build("notes", &text);
    let chapter = run.assert_built();
    // The note numbers set against «Texto» leave lines no break can make tight.
    run.assert_warned(&["lines had to be set loose"]);
    assert_eq!(chapter.matches("role=\"doc-footnote\"").count(), 100_000);
    assert!(chapter.contains("id=\"nota.100000\""));
    assert!(chapter.contains("Nota 99999."));
}

#[test]
fn a_one_megabyte_word() {
    let word = "a".repeat(1_000_000);
    let run = build("word", &(word.clone() + "\n"));
    let chapter = run.assert_built();
    // Cut where it must be, and only that line set loose.
    run.assert_warned(&[
        "01-hostil.md:1: a line of this paragraph could only be set loose",
        "warning: 1 line had to be set loose",
    ]);
    // Every page the word runs over begins before the whole word, where its marker is.
    let unmarked = strip_markers(&chapter);
    assert!(unmarked.contains(&format!("<p>{word}</p>")));
    assert!(chapter.contains("<p><span epub:type=\"pagebreak\""));
}

#[test]
fn script_and_control_characters() {
    let run = build(
        "markup",
        "# <script>alert(1)</script>Título\n\n<img onerror=alert(1)> a\u{1}b \u{FFFF} \
         [x](javascript:alert(1)) <iframe src=\"http://x\"></iframe> &lt;b&gt; & <\n",
    );
    let chapter = run.assert_built();
    run.assert_warned(&[
        "01-hostil.md:1: <script> dropped with its content",
        "01-hostil.md:3: <iframe> dropped with its content",
        "01-hostil.md:3: <img> without a src left out",
        "01-hostil.md:3: control character U+0001 removed",
        "01-hostil.md:3: link with scheme `javascript:` removed",
    ]);
    // Script, frame, image and link are gone; what the author typed as text is escaped.
    assert!(
        strip_markers(&chapter)
            .contains("<h1 id=\"titulo\"><span class=\"etiqueta\">Capítulo 1</span> Título</h1>"),
        "{chapter}"
    );
    let body = &chapter[chapter.find("<p>").expect("a paragraph")..];
    let body = &body[..body.find("</p>").expect("closed") + 4];
    let squeezed: Vec<&str> = body.split_whitespace().collect();
    assert_eq!(
        squeezed.join(" "),
        "<p>ab x &lt;b&gt; &amp; &lt;</p>",
        "{chapter}"
    );
    assert!(!chapter.contains("alert") && !chapter.contains('\u{FFFF}'));
}

/// A chapter's XHTML without the printed pages' markers.
fn strip_markers(xhtml: &str) -> String {
    let mut out = String::with_capacity(xhtml.len());
    let mut rest = xhtml;
    while let Some(at) = rest.find("<span epub:type=\"pagebreak\"") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("/>").expect("a marker is an empty element");
        rest = &rest[at + end + 2..];
    }
    out.push_str(rest);
    out
}

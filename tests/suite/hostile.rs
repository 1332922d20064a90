//! Hostile and huge manuscripts: each one finishes (no stack overflow, no quadratic blow-up),
//! and either builds or stops with a clear message — never a panic.

use std::path::PathBuf;
use std::process::{Command, Output};

fn scratch(name: &str, chapter: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imprenta-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.toml"), "[book]\ntitle = \"Hostil\"\n").unwrap();
    std::fs::write(dir.join("01-hostil.md"), chapter).unwrap();
    dir
}

fn build(dir: &PathBuf) -> Output {
    Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["build", "-q", "--manuscript"])
        .arg(dir)
        .arg("--out-dir")
        .arg(dir.join("out"))
        .output()
        .unwrap()
}

/// The run either succeeded with both files, or failed with exit 1 and an `error:` line.
fn assert_handled(name: &str, chapter: &str) -> Output {
    let dir = scratch(name, chapter);
    let output = build(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    match output.status.code() {
        Some(0) => {
            assert!(dir.join("out/hostil.epub").is_file(), "{name}: no EPUB");
            assert!(dir.join("out/hostil.pdf").is_file(), "{name}: no PDF");
        }
        Some(1) => assert!(stderr.contains("error:"), "{name}: {stderr}"),
        other => panic!("{name}: exit {other:?}: {stderr}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
    output
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let output = assert_handled("quotes", &(">".repeat(10_000) + " hondo\n"));
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nested too deeply"));
}

#[test]
fn ten_thousand_nested_lists() {
    let output = assert_handled("lists", &("- ".repeat(10_000) + "hondo\n"));
    assert_eq!(output.status.code(), Some(0));
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
    assert_handled("paragraph", &paragraph);
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
    assert_handled("notes", &text);
}

#[test]
fn a_one_megabyte_word() {
    assert_handled("word", &("a".repeat(1_000_000) + "\n"));
}

#[test]
fn script_and_control_characters() {
    let output = assert_handled(
        "markup",
        "# <script>alert(1)</script>Título\n\n<img src=x onerror=alert(1)> a\u{1}b \u{FFFF} \
         [x](javascript:alert(1)) <iframe src=\"http://x\"></iframe> &lt;b&gt; & <\n",
    );
    assert_eq!(output.status.code(), Some(0));
}

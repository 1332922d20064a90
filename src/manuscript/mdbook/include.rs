//! mdBook's `{{#include}}` and `{{#rustdoc_include}}`: another file's text, or some of its
//! lines, spliced into a chapter before it is read as Markdown.
//!
//! The forms are mdBook's (its guide, «mdBook-specific features»): `path` whole, `path:5`
//! its line 5, `path:2:10`, `path::10` and `path:2:` a range of lines (1-based,
//! inclusive, clamped to the file), `path:name` the lines between `ANCHOR: name` and
//! `ANCHOR_END: name`; anchor marker lines are never included. `rustdoc_include` hides the
//! rest of the file in mdBook's web pages; a printed book leaves it out. The lines mdBook
//! hides in Rust examples (`# ` at their start, in a `rust` fence or a `rustdoc_include`)
//! are left out of the printed book too, as splices that remove them. A path is read from the
//! including file's folder and must stay inside the book's root; included files may
//! include others, ten deep at most. `\{{#include …}}` is the directive written as text.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Diagnostic, LineIndex, Loc, Result};
use crate::ir::Splice;
use crate::manuscript::files::{self, MAX_CHAPTER_BYTES};

/// How deep included files may include others (mdBook's own limit).
const MAX_DEPTH: usize = 10;

/// `text` (the file `file`, relative to the book's root `root`, named `display` in
/// messages) with its directives replaced by what they include, and where each
/// replacement lies in both texts. None when it has no directive.
pub fn expand(
    text: &str,
    root: &Path,
    file: &Path,
    display: &Arc<Path>,
) -> Result<Option<(String, Vec<Splice>)>> {
    if !text.contains("{{#") && !text.contains("```") && !text.contains("~~~") {
        return Ok(None);
    }
    let lines = LineIndex::new(text);
    let mut out = String::with_capacity(text.len());
    let mut splices = Vec::new();
    // The fence a line is in (its character and length), and whether it holds Rust
    // (whose hidden lines go).
    let mut fence: Option<(char, usize, bool)> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let range = start..start + line.len();
        start = range.end;
        let trimmed = line.trim_start();
        let (marker, length) = fence_marker(trimmed);
        match fence {
            // A fence closes with a line of at least as many of its characters, alone.
            Some((c, n, _))
                if marker == Some(c)
                    && length >= n
                    && trimmed.trim_start_matches(c).trim().is_empty() =>
            {
                fence = None
            }
            None if marker.is_some() => {
                let info = trimmed.trim_start_matches(['`', '~']).trim_start();
                let language = info.split([',', ' ', '\n', '{']).next().unwrap_or("");
                fence = marker.map(|c| (c, length, language == "rust"));
            }
            Some((_, _, true)) if is_hidden(line.trim_end_matches('\n')) => {
                splices.push(Splice {
                    text: out.len()..out.len(),
                    written: range,
                });
                continue;
            }
            _ => {}
        }
        let rust = fence.is_some_and(|(_, _, rust)| rust);
        let mut from = range.start;
        for directive in directives(line) {
            let at_text = range.start + directive.range.start..range.start + directive.range.end;
            out.push_str(&text[from..at_text.start]);
            let at = out.len();
            match directive.kind {
                None => out.push_str(&text[at_text.start + 1..at_text.end]),
                Some(kind) => {
                    let loc = Loc::at(display, lines.pos(at_text.start));
                    let hide = rust || kind == Kind::RustdocInclude;
                    let included = include(root, file, hide, &directive.argument, 1, &loc)?;
                    out.push_str(&included);
                    if out.len() as u64 > MAX_CHAPTER_BYTES {
                        return Err(Diagnostic::at(
                            loc,
                            format!(
                                "with its includes the chapter is over the limit of {} MiB",
                                MAX_CHAPTER_BYTES / (1024 * 1024)
                            ),
                        )
                        .with_hint("include less, or split the chapter"));
                    }
                }
            }
            splices.push(Splice {
                text: at..out.len(),
                written: at_text.clone(),
            });
            from = at_text.end;
        }
        out.push_str(&text[from..range.end]);
    }
    Ok((!splices.is_empty()).then_some((out, splices)))
}

/// The character and length of the fence a line opens or closes with (three or more
/// backticks or tildes), if it does.
fn fence_marker(line: &str) -> (Option<char>, usize) {
    for c in ['`', '~'] {
        let n = line.chars().take_while(|&x| x == c).count();
        if n >= 3 {
            return (Some(c), n);
        }
    }
    (None, 0)
}

/// Which directive it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Include,
    RustdocInclude,
}

/// A directive in a text: where it is, which (None: escaped with `\`), and its argument.
struct Directive {
    range: Range<usize>,
    kind: Option<Kind>,
    argument: String,
}

/// Every directive of `text`, in order.
fn directives(text: &str) -> Vec<Directive> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("{{#").map(|i| from + i) {
        let Some(end) = text[at..].find("}}").map(|i| at + i + 2) else {
            break;
        };
        let inner = &text[at + 3..end - 2];
        let (name, argument) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let kind = match name {
            "include" => Some(Kind::Include),
            "rustdoc_include" => Some(Kind::RustdocInclude),
            _ => None,
        };
        from = end;
        let Some(kind) = kind else {
            continue;
        };
        let escaped = at > 0 && text.as_bytes()[at - 1] == b'\\';
        found.push(Directive {
            range: if escaped { at - 1..end } else { at..end },
            kind: (!escaped).then_some(kind),
            argument: argument.trim().to_string(),
        });
    }
    found
}

/// The text a directive with `argument`, met in `file`, includes; with `hide`, without
/// the lines mdBook hides in Rust examples.
fn include(
    root: &Path,
    file: &Path,
    hide: bool,
    argument: &str,
    depth: usize,
    loc: &Loc,
) -> Result<String> {
    if depth > MAX_DEPTH {
        return Err(Diagnostic::at(
            loc.clone(),
            format!("includes nested more than {MAX_DEPTH} deep"),
        )
        .with_hint("an included file includes itself, or a chain of them is too long"));
    }
    let (path, part) = match argument.split_once(':') {
        Some((path, part)) => (path.trim(), Some(part.trim())),
        None => (argument, None),
    };
    if path.is_empty() {
        return Err(Diagnostic::at(loc.clone(), "this include names no file")
            .with_hint("write {{#include path/to/file}}"));
    }
    let folder = file.parent().unwrap_or(Path::new(""));
    let Some(relative) = crate::paths::normalise(&folder.join(path)) else {
        return Err(Diagnostic::at(
            loc.clone(),
            format!("the included file `{path}` is outside the book's folder"),
        )
        .with_hint("copy the file into the book's folder if it belongs to the book"));
    };
    let bytes = files::read_inside(root, &relative, MAX_CHAPTER_BYTES).map_err(|e| {
        Diagnostic::at(
            loc.clone(),
            format!("the included file `{path}` {}", e.reason()),
        )
        .with_hint("an include names a file inside the book's folder, from the chapter's folder")
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::at(
            loc.clone(),
            format!("the included file `{path}` is not UTF-8"),
        )
    })?;
    // Cleaned as a chapter is: no BOM, `\n` line ends, NFC.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text: String = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect();
    let mut lines: Vec<&str> = match part {
        None | Some("") => text.lines().collect(),
        Some(part) => select(&text, part).ok_or_else(|| {
            Diagnostic::at(
                loc.clone(),
                format!("`{path}` has no anchor `{part}` (no line with `ANCHOR: {part}`)"),
            )
            .with_hint("mark the lines with // ANCHOR: name … // ANCHOR_END: name, or give line numbers as path:10:20")
        })?,
    };
    // Anchor markers are the source's bookkeeping, never the book's text.
    lines.retain(|l| anchor_of(l, "ANCHOR:").is_none() && anchor_of(l, "ANCHOR_END:").is_none());
    if hide {
        lines.retain(|line| !is_hidden(line));
    }
    let mut included = lines.join("\n");
    // What it includes is spliced in as its own text: an include inside it is expanded
    // from its folder, and told at the directive that brought it in.
    for directive in directives(&included).into_iter().rev() {
        let replacement = match directive.kind {
            None => included[directive.range.start + 1..directive.range.end].to_string(),
            Some(inner) => {
                let hide = hide || inner == Kind::RustdocInclude;
                include(root, &relative, hide, &directive.argument, depth + 1, loc)?
            }
        };
        included.replace_range(directive.range.clone(), &replacement);
        // Includes that include others twice over grow as powers of two: the whole is
        // held to a chapter's limit.
        if included.len() as u64 > MAX_CHAPTER_BYTES {
            return Err(Diagnostic::at(
                loc.clone(),
                format!(
                    "what this include brings in is over the limit of {} MiB a chapter",
                    MAX_CHAPTER_BYTES / (1024 * 1024)
                ),
            )
            .with_hint("include less, or split the chapter"));
        }
    }
    Ok(included)
}

/// The lines of `text` a part names: line numbers (`5`, `2:10`, `:10`, `2:`) or an anchor.
fn select<'t>(text: &'t str, part: &str) -> Option<Vec<&'t str>> {
    let all: Vec<&str> = text.lines().collect();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let numeric = part
        .split(':')
        .all(|s| s.trim().is_empty() || number(s).is_some());
    if numeric {
        let (start, end) = match part.split_once(':') {
            Some((a, b)) => (number(a).unwrap_or(1), number(b).unwrap_or(all.len())),
            None => {
                let line = number(part)?;
                (line, line)
            }
        };
        let start = start.max(1).min(all.len() + 1) - 1;
        let end = end.min(all.len()).max(start);
        return Some(all[start..end].to_vec());
    }
    let begin = all
        .iter()
        .position(|l| anchor_of(l, "ANCHOR:") == Some(part))?;
    let lines = all[begin + 1..]
        .iter()
        .take_while(|l| anchor_of(l, "ANCHOR_END:") != Some(part))
        .copied()
        .collect();
    Some(lines)
}

/// The anchor a marker line (`// ANCHOR: name`) names after `marker`.
fn anchor_of<'l>(line: &'l str, marker: &str) -> Option<&'l str> {
    let at = line.find(marker)?;
    line[at + marker.len()..].split_whitespace().next()
}

/// Whether mdBook hides a line of a Rust example: `#` alone, or `# ` at its start (but
/// not an attribute, `#[…]` or `#![…]`).
fn is_hidden(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed == "#" || trimmed.starts_with("# ")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("imprenta-include-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/cap")).unwrap();
        std::fs::create_dir_all(dir.join("listings")).unwrap();
        dir
    }

    fn expanded(root: &Path, text: &str) -> Result<String> {
        let display: Arc<Path> = Arc::from(Path::new("src/cap/uno.md"));
        Ok(expand(text, root, Path::new("src/cap/uno.md"), &display)?
            .map_or(text.to_string(), |(text, _)| text))
    }

    #[test]
    fn lines_ranges_and_anchors_are_included() {
        let root = scratch("forms");
        std::fs::write(
            root.join("listings/main.rs"),
            "use std::io;\n// ANCHOR: here\nfn main() {\n    // ANCHOR: inner\n# let hidden = 1;\n    println!(\"hola\");\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: here\n",
        )
        .unwrap();
        let inc = |arg: &str| expanded(&root, &format!("A\n{{{{#include {arg}}}}}\nB")).unwrap();
        assert_eq!(inc("../../listings/main.rs:1"), "A\nuse std::io;\nB");
        assert_eq!(inc("../../listings/main.rs:3:3"), "A\nfn main() {\nB");
        assert_eq!(inc("../../listings/main.rs::1"), "A\nuse std::io;\nB");
        assert_eq!(
            inc("../../listings/main.rs:here"),
            "A\nfn main() {\n# let hidden = 1;\n    println!(\"hola\");\n}\nB"
        );
        let rustdoc = expanded(
            &root,
            "{{#rustdoc_include ../../listings/main.rs:here}} \\{{#include x}}",
        )
        .unwrap();
        assert_eq!(
            rustdoc,
            "fn main() {\n    println!(\"hola\");\n} {{#include x}}"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn hidden_lines_go_in_every_rust_fence_only() {
        let root = scratch("fences");
        let text =
            "~~~ rust\nfn a() {}\n# fn hidden() {}\n~~~\n\n````\n```\n# kept\n````\n# Heading\n";
        assert_eq!(
            expanded(&root, text).unwrap(),
            "~~~ rust\nfn a() {}\n~~~\n\n````\n```\n# kept\n````\n# Heading\n"
        );
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn includes_that_multiply_are_held_to_a_chapter_s_limit() {
        let root = scratch("bomb");
        std::fs::write(root.join("src/cap/l9.md"), "x".repeat(200_000)).unwrap();
        for level in 0..9 {
            let next = format!("{{{{#include l{}.md}}}}", level + 1);
            std::fs::write(
                root.join(format!("src/cap/l{level}.md")),
                format!("{next}{next}"),
            )
            .unwrap();
        }
        let e = expanded(&root, "{{#include l0.md}}")
            .unwrap_err()
            .to_string();
        assert!(e.contains("over the limit of 64 MiB"), "{e}");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn what_is_outside_or_missing_is_an_error_at_the_directive() {
        let root = scratch("errors");
        std::fs::write(root.join("src/cap/loop.md"), "{{#include loop.md}}").unwrap();
        for (text, says) in [
            (
                "\n\n{{#include ../../../etc/passwd}}",
                "3:1: the included file `../../../etc/passwd` is outside",
            ),
            (
                "{{#include nada.rs}}",
                "1:1: the included file `nada.rs` does not exist",
            ),
            ("{{#include loop.md}}", "includes nested more than 10 deep"),
        ] {
            let e = expanded(&root, text).unwrap_err().to_string();
            assert!(e.contains(says), "{e}");
            assert!(e.starts_with("src/cap/uno.md:"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}

//! `check --fix`: the unambiguous fixes written into the chapter files, one file at a
//! time, each replaced whole as outputs are (`output::replace_source`) so an interrupted
//! fix leaves every chapter as it was or fully fixed.

use std::ops::Range;
use std::path::Path;

use super::ChapterFixes;
use crate::diag::{Diagnostic, Loc, Result};
use crate::manuscript::files::{read_regular, MAX_CHAPTER_BYTES};

/// What `--fix` did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// How many fixes went in.
    pub applied: usize,
    /// The rules whose fixes went in, with how many each.
    pub by_rule: Vec<(&'static str, usize)>,
}

/// `text` with `fixes` applied; a fix that overlaps one before it is left for the next run.
pub fn apply(text: &str, fixes: &[(Range<usize>, String, &'static str)]) -> (String, Fixed) {
    let mut order: Vec<&(Range<usize>, String, &'static str)> = fixes.iter().collect();
    order.sort_by_key(|(range, _, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut fixed = Fixed {
        applied: 0,
        by_rule: Vec::new(),
    };
    for (range, replacement, code) in order {
        let whole = text.is_char_boundary(range.start) && text.is_char_boundary(range.end);
        if range.start < at || range.end > text.len() || !whole {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
        at = range.end;
        fixed.applied += 1;
        match fixed.by_rule.iter_mut().find(|(c, _)| c == code) {
            Some((_, n)) => *n += 1,
            None => fixed.by_rule.push((code, 1)),
        }
    }
    out.push_str(&text[at..]);
    (out, fixed)
}

/// Writes the fixes of one chapter into its file, keeping what the reading normalised
/// away (a BOM, Windows line ends); nothing is written when the file changed since it was
/// read, or when there is nothing to fix.
pub fn write(chapter: &ChapterFixes) -> Result<Fixed> {
    let (fixed_text, fixed) = apply(&chapter.text, &chapter.fixes);
    if fixed.applied == 0 {
        return Ok(fixed);
    }
    let path: &Path = &chapter.path;
    let failed = |why: String| Diagnostic::at(Loc::file(path), why);
    let bytes = read_regular(path, MAX_CHAPTER_BYTES)
        .map_err(|e| failed(format!("cannot fix the chapter: it {}", e.reason())))?;
    let bom = bytes.starts_with("\u{feff}".as_bytes());
    let body = &bytes[if bom { 3 } else { 0 }..];
    let crlf = body.windows(2).any(|w| w == b"\r\n");
    let as_read = String::from_utf8_lossy(body).replace("\r\n", "\n");
    if as_read != *chapter.text {
        return Err(failed(
            "the chapter changed since it was read, or is not in NFC; it was not fixed".into(),
        )
        .with_hint("run `imprenta check --fix` again"));
    }
    let mut out = String::with_capacity(fixed_text.len() + 8);
    if bom {
        out.push('\u{feff}');
    }
    if crlf {
        out.push_str(&fixed_text.replace('\n', "\r\n"));
    } else {
        out.push_str(&fixed_text);
    }
    crate::output::replace_source(path, out.as_bytes())?;
    Ok(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_go_in_by_place_and_an_overlapping_one_waits() {
        let text = "-Hola -dijo-. Y...";
        let fixes = vec![
            (15..18, "…".to_string(), "tipo::puntos-suspensivos"),
            (0..1, "—".to_string(), "es::raya-dialogo"),
            (6..7, "—".to_string(), "es::raya-dialogo"),
            (6..8, "x".to_string(), "otra"),
            (11..12, "—".to_string(), "es::raya-dialogo"),
        ];
        let (out, fixed) = apply(text, &fixes);
        assert_eq!(out, "—Hola —dijo—. Y…");
        assert_eq!(fixed.applied, 4);
        assert_eq!(
            fixed.by_rule,
            [("es::raya-dialogo", 3), ("tipo::puntos-suspensivos", 1)]
        );
    }

    #[test]
    fn a_file_keeps_its_bom_and_line_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("01.md");
        std::fs::write(&path, "\u{feff}-Hola.\r\n\r\n`-no`\r\n").unwrap();
        let chapter = ChapterFixes {
            path: std::sync::Arc::from(path.as_path()),
            text: "-Hola.\n\n`-no`\n".into(),
            fixes: vec![(0..1, "—".into(), "es::raya-dialogo")],
        };
        write(&chapter).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "\u{feff}—Hola.\r\n\r\n`-no`\r\n"
        );
        // Changed since it was read: refused, the file as it is.
        std::fs::write(&path, "otro").unwrap();
        assert!(write(&chapter).is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "otro");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

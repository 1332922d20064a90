//! `imprenta check`: everything reading the manuscript would report (book.toml, chapters,
//! images, fonts, links), all of it at once rather than the first problem only, and a
//! proofreader's findings in the prose, each with its rule, place and fix.

pub mod fix;
pub mod prose;
pub mod rules;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, LineIndex, Loc, Warnings};
use crate::ir;
use crate::manuscript;
use prose::{Finding, Paragraph};
use rules::Rules;

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    /// What would stop a build, every one of them.
    pub errors: Vec<Diagnostic>,
    /// The proofreader's findings, in reading order, each naming its rule.
    pub findings: Vec<Diagnostic>,
    /// Each chapter's text as read and the fixes proposed in it.
    pub chapters: Vec<ChapterFixes>,
    /// How many chapters were read.
    pub chapter_count: usize,
}

/// One chapter file and the unambiguous fixes proposed in it.
#[derive(Debug, Clone)]
pub struct ChapterFixes {
    /// The file, as named in messages.
    pub path: Arc<Path>,
    /// Its text as read (NFC, `\n` line ends), which the fixes' ranges index.
    pub text: Arc<str>,
    /// Byte range in `text`, its replacement, and the rule that proposes it.
    pub fixes: Vec<(Range<usize>, String, &'static str)>,
}

/// Reads the manuscript at `root` as a build would, going past each problem to find the
/// next, then proofreads every chapter. Warnings a build would give go to `warnings`.
pub fn check(root: &Path, warnings: &Warnings) -> Report {
    let mut report = Report::default();
    let Some(manuscript) = manuscript::load_all(root, warnings, &mut report.errors) else {
        return report;
    };
    let config = &manuscript.config;
    let toml: PathBuf = manuscript.toml.clone();
    let fonts = manuscript::fonts::load_fonts(&manuscript.root, &toml, &config.fonts)
        .map_err(|e| report.errors.push(e))
        .ok();
    let listed = manuscript::fonts::load_listed(&manuscript.root, &toml, &config.fonts)
        .map_err(|e| report.errors.push(e))
        .ok();
    // A trim the printer does not print would stop the print interior: known without
    // setting a page.
    let at = Loc::at(&Arc::from(toml.as_path()), config.print.line);
    report
        .errors
        .extend(crate::print::refused_trim(&config.pdf, &config.print, &at));
    let mut images = manuscript::assets::Images::new(&manuscript.root);
    let mut cover = None;
    if let Some((path, pos)) = &config.book.cover {
        let loc = Loc::at(&Arc::from(toml.as_path()), *pos);
        match images.load(path, &loc) {
            Ok(id) => cover = Some((id, loc)),
            Err(e) => report.errors.push(e),
        }
    }
    if let Some((path, pos)) = &config.scene_image {
        let loc = Loc::at(&Arc::from(toml.as_path()), *pos);
        if let Err(e) = images.load(path, &loc) {
            report.errors.push(e);
        }
    }
    let mut image_errors = Vec::new();
    // A missing image does not stop the chapter: its problem is kept and a placeholder
    // index given, which nothing reads since nothing is rendered.
    let mut load_image = |reference: &str, loc: &Loc| match images.load(reference, loc) {
        Ok(id) => Ok(id),
        Err(e) => {
            image_errors.push(e);
            Ok(usize::MAX)
        }
    };
    let chapters = ir::lower_all(
        &manuscript.sources,
        config.book.quotes,
        &mut load_image,
        warnings,
        &mut report.errors,
    );
    // A character no font has stops a build: `check` says so too, at its place.
    if let (Some(fonts), Some(listed)) = (fonts, listed) {
        let mut book = ir::Book {
            metadata: manuscript::metadata(&config.book, None),
            chapters,
            images: Vec::new(),
            cover: None,
            back_cover: Vec::new(),
            fonts,
            numbering: config.book.numbering,
            style: config.style.clone(),
        };
        if let Err(e) =
            manuscript::fonts::choose_extra(&mut book, listed, config.fonts.missing, &toml)
        {
            report.errors.push(e);
        }
        // What stops a build in the pages made from book.toml stops `check` too.
        if let Err(e) = manuscript::add_back_pages(
            &mut book,
            config,
            &config.pdf,
            &manuscript.root,
            &toml,
            warnings,
        ) {
            report.errors.push(e);
        }
    }
    // The builds' warning about hyphens set as rayas: the findings below say it line by line.
    warnings.forget(ir::DIALOGUE_SET);
    report.errors.extend(image_errors);
    match images.into_images() {
        Ok(images) => {
            // A cover image too coarse for the printed cover stops `build`: its size on
            // the front is known from the trim alone.
            if let (true, Some((id, loc))) = (config.print.given, cover) {
                let spec = crate::print::cover::spec(
                    &config.pdf,
                    &config.print,
                    &config.cover,
                    0,
                    Some(loc),
                    &at,
                    &Warnings::new(),
                );
                if let Err(e) =
                    crate::typeset::cover::front_resolution(&images[id], &spec, warnings)
                {
                    report.errors.push(e);
                }
            }
        }
        Err(e) => report.errors.push(e),
    }

    // Only the author's files: a page made from book.toml has none to proofread or fix.
    let sources: Vec<&ir::ChapterSource> = manuscript
        .sources
        .iter()
        .filter(|s| !s.standing.generated && !s.written().is_empty())
        .collect();
    let prose: Vec<Vec<Paragraph>> = sources
        .par_iter()
        // The author's own words: what an include brings in (mdBook's listings) is not
        // proofread, and a fix is written to the file as written.
        .map(|source| ir::lower::prose(source.written()))
        .collect();
    let found = rules::check_book(&prose, Rules::for_language(&config.book.language));
    for ((source, paragraphs), findings) in sources.iter().zip(&prose).zip(found) {
        let lines = LineIndex::new(source.written());
        let mut fixes = Vec::new();
        for (index, finding) in findings {
            let paragraph = &paragraphs[index];
            // A book set with other quotes than « » nests its own outside, as it asked.
            let other_quotes = config.book.quotes != ir::QuoteStyle::Latin;
            let allowed = |code: &str| {
                (other_quotes && code == "es::comillas-orden")
                    || config
                        .allow
                        .iter()
                        .chain(&paragraph.allow)
                        .any(|a| a == code)
            };
            if allowed(finding.code) {
                continue;
            }
            let (start, end) = locate(paragraph, &finding.range);
            let width = paragraph.text[finding.range.clone()].chars().count().max(1);
            let loc = Loc::at(&source.display, lines.pos(start)).with_width(width as u32);
            if let (Some(fix), Some(end)) = (&finding.fix, end) {
                fixes.push((start..end, fix.clone(), finding.code));
            }
            let fixed = finding
                .fix
                .as_deref()
                .filter(|_| end.is_some())
                .map(|fix| suggestion(&paragraph.text, &finding.range, fix));
            report.findings.push(diagnostic(finding, loc, fixed));
        }
        report.chapters.push(ChapterFixes {
            path: Arc::clone(&source.display),
            text: Arc::from(source.written()),
            fixes,
        });
    }
    report.chapter_count = sources.len();
    report
}

/// The finding as a diagnostic at `loc`: its help, and what `--fix` would write.
fn diagnostic(finding: Finding, loc: Loc, fixed: Option<String>) -> Diagnostic {
    let mut diagnostic = Diagnostic::at(loc, finding.message).with_code(finding.code);
    diagnostic.hint = match (finding.help, fixed) {
        (Some(help), Some(fixed)) => Some(format!("{help}; --fix writes `{fixed}`")),
        (Some(help), None) => Some(help),
        (None, Some(fixed)) => Some(format!("--fix writes `{fixed}`")),
        (None, None) => None,
    };
    diagnostic
}

/// The words around `range` of `text` as they read once `fix` replaces it: `-¿Qué` →
/// `—¿Qué`, which says more than the replacement alone.
fn suggestion(text: &str, range: &Range<usize>, fix: &str) -> String {
    let start = text[..range.start]
        .rfind(char::is_whitespace)
        .map_or(0, |at| {
            at + text[at..].chars().next().map_or(1, char::len_utf8)
        });
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| range.end + at);
    let fixed = format!(
        "{}{fix}{}",
        &text[start..range.start],
        &text[range.end..end]
    );
    fixed.replace([prose::OBJECT, prose::NOTE_REF], "…")
}

/// Where `range` of a paragraph's text lies in the chapter's source: its start, and its
/// end when the whole range is the source's own bytes (only then can a fix be written).
fn locate(paragraph: &Paragraph, range: &Range<usize>) -> (usize, Option<usize>) {
    let run = paragraph
        .runs
        .iter()
        .find(|(text, _, _)| text.contains(&range.start))
        .or_else(|| paragraph.runs.last());
    let Some((text, source, exact)) = run else {
        return (0, None);
    };
    if !exact {
        return (*source, None);
    }
    let start = source + (range.start - text.start).min(text.len());
    let end = (range.end <= text.end).then(|| source + (range.end - text.start));
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::prose::BlockKind;

    #[test]
    fn a_suggestion_shows_the_words_it_changes() {
        let text = "—Bien -dijo él... Y";
        let at = text.find(" -").unwrap() + 1;
        assert_eq!(suggestion(text, &(at..at + 1), "—"), "—dijo");
        let at = text.find("...").unwrap();
        assert_eq!(suggestion(text, &(at..at + 3), "…"), "él…");
        assert_eq!(suggestion("a  b", &(1..3), " "), "a b");
    }

    #[test]
    fn a_range_is_found_in_the_source_through_its_run() {
        // "Hola `x` -dijo" → "Hola \u{FFFC} -dijo": the second run starts at byte 8.
        let paragraph = Paragraph {
            text: "Hola \u{FFFC} -dijo".to_string(),
            kind: BlockKind::Paragraph,
            quoted: false,
            runs: vec![(0..5, 0, true), (5..8, 5, false), (8..14, 8, true)],
            allow: Vec::new(),
        };
        assert_eq!(locate(&paragraph, &(9..10)), (9, Some(10)));
        // In the code span: its start, and no fix.
        assert_eq!(locate(&paragraph, &(5..8)), (5, None));
        // Across two runs: no fix.
        assert_eq!(locate(&paragraph, &(3..9)), (3, None));
    }
}

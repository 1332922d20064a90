//! Every chapter of the book lowered, and the links between chapters checked once all
//! chapters are known.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::lower::{self, Context, ImageLoader, BROKEN_LINK};
use super::lowerings::Lowerings;
use super::{Block, Chapter, ChapterKind, Inline, LinkTarget, QuoteStyle};
use crate::diag::{Diagnostic, Result, Warnings};

/// One chapter file's text, ready to lower: the manuscript reads it, the tree lowers it.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    /// Path relative to the manuscript folder (`01-ciudad.md`).
    pub relative: PathBuf,
    /// Path for messages (`manuscript/01-ciudad.md`).
    pub display: Arc<Path>,
    /// UTF-8 text without BOM, with `\n` line ends, in NFC.
    pub text: String,
    /// The file as written, when `text` has other files' text spliced into it (mdBook's
    /// `{{#include}}`): places are told in the file the author wrote.
    pub spliced: Option<Arc<Spliced>>,
    /// Where the file stands in the book: a chapter or a part, in which part, how deep.
    pub standing: Standing,
}

/// Where a chapter file stands in the book's structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Standing {
    /// A chapter, or a part's title page.
    pub kind: ChapterKind,
    /// The index (among the sources) of the part the chapter belongs to.
    pub part: Option<usize>,
    /// 0 for a chapter; 1 for a section set inside the chapter before it (an entry nested
    /// under another in mdBook's SUMMARY.md), 2 for one inside that, and so on.
    pub depth: u8,
    /// The title when the file has no heading to give one (a part folder's name, a part
    /// title in book.toml or SUMMARY.md).
    pub title: Option<String>,
    /// What it is when it is front or back matter.
    pub matter: Option<super::Matter>,
    /// Its text comes from book.toml (`[book] dedication`), not from a file of its own:
    /// `check` has no file to proofread or fix.
    pub generated: bool,
}

/// A chapter file as written, and where other text was spliced into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spliced {
    /// The file's own text.
    pub written: String,
    /// The splices, in order.
    pub splices: Vec<Splice>,
}

/// Text spliced into a chapter: where it lies in the chapter's text, and the directive it
/// replaced in the file as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// Where the spliced text lies in the chapter's text.
    pub text: std::ops::Range<usize>,
    /// Where the directive it replaced lies in the file as written.
    pub written: std::ops::Range<usize>,
}

impl Spliced {
    /// The offset in the file as written of offset `at` of the spliced text: inside a
    /// splice, the directive's start.
    pub fn written_offset(&self, at: usize) -> usize {
        let before = self.splices.partition_point(|s| s.text.start <= at);
        match before.checked_sub(1).map(|i| &self.splices[i]) {
            None => at,
            Some(s) if at < s.text.end => s.written.start,
            Some(s) => at - s.text.end + s.written.end,
        }
    }
}

impl ChapterSource {
    /// A chapter read from nowhere (the tests'): `text`, as the file `name`.
    #[cfg(test)]
    pub fn of(name: &str, text: &str) -> Self {
        ChapterSource {
            relative: PathBuf::from(name),
            display: Arc::from(Path::new(name)),
            text: text.to_string(),
            spliced: None,
            standing: Standing::default(),
        }
    }

    /// The chapter file's text as the author wrote it.
    pub fn written(&self) -> &str {
        self.spliced.as_ref().map_or(&self.text, |s| &s.written)
    }
}

/// Lowers every chapter, in reading order, and checks the links between them once all
/// are known. `load_image` turns an image reference into the book's image index.
pub fn lower_chapters(
    sources: &[ChapterSource],
    quotes: QuoteStyle,
    load_image: &mut ImageLoader,
    warnings: &Warnings,
) -> Result<Vec<Chapter>> {
    lower_chapters_with(sources, quotes, load_image, warnings, None)
}

/// Lowers every chapter as [`lower_chapters`] does, taking from `kept` each chapter whose
/// text and setting have not changed since it was lowered last (for a live preview).
pub fn lower_chapters_with(
    sources: &[ChapterSource],
    quotes: QuoteStyle,
    load_image: &mut ImageLoader,
    warnings: &Warnings,
    kept: Option<&mut Lowerings>,
) -> Result<Vec<Chapter>> {
    let mut errors = Vec::new();
    let chapters = lower_each(sources, quotes, load_image, warnings, &mut errors, kept);
    let depths: Vec<u8> = sources.iter().map(|s| s.standing.depth).collect();
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(super::sections::nest(chapters, &depths)),
    }
}

/// Lowers every chapter as [`lower_chapters`] does, going past a chapter that cannot be
/// lowered (it stays, empty, so the others keep their numbers) with its problem in
/// `errors`: `check` reports them all.
pub fn lower_all(
    sources: &[ChapterSource],
    quotes: QuoteStyle,
    load_image: &mut ImageLoader,
    warnings: &Warnings,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Chapter> {
    lower_each(sources, quotes, load_image, warnings, errors, None)
}

/// Lowers a text that stands outside the chapters (the back cover's): its blocks, set
/// as a chapter's are (rayas in dialogue), with no chapter to link to. A note is an
/// error: a cover has no foot to put it at.
pub fn lower_text(
    source: &ChapterSource,
    quotes: QuoteStyle,
    load_image: &mut ImageLoader,
    warnings: &Warnings,
) -> Result<Vec<Block>> {
    let cx = Context {
        quotes,
        chapter_files: &[],
        warnings,
    };
    let lowered = lower::lower_chapter(source, 0, &cx, load_image)?;
    if let Some(note) = lowered.footnotes.first() {
        return Err(
            Diagnostic::at(note.loc.clone(), "the back cover's text has a footnote")
                .with_hint("a cover has no foot for notes: write the note's words into the text"),
        );
    }
    let mut text = Chapter {
        id: String::new(),
        title: Vec::new(),
        title_block: None,
        source: source.relative.clone(),
        blocks: lowered.blocks,
        footnotes: Vec::new(),
        kind: ChapterKind::Chapter,
        part: None,
        matter: None,
    };
    super::dialogue::set_rayas(&mut text, warnings);
    Ok(text.blocks)
}

fn lower_each(
    sources: &[ChapterSource],
    quotes: QuoteStyle,
    load_image: &mut ImageLoader,
    warnings: &Warnings,
    errors: &mut Vec<Diagnostic>,
    mut kept: Option<&mut Lowerings>,
) -> Vec<Chapter> {
    let chapter_files: Vec<PathBuf> = sources.iter().map(|s| s.relative.clone()).collect();
    let cx = Context {
        quotes,
        chapter_files: &chapter_files,
        warnings,
    };
    if let Some(kept) = kept.as_deref_mut() {
        kept.begin(quotes, &chapter_files);
    }
    let mut chapters = Vec::with_capacity(sources.len());
    let mut ids = Vec::with_capacity(sources.len());
    let mut anchored = Vec::new();
    let mut failed = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let reused = kept
            .as_deref()
            .and_then(|kept| kept.replay(index, source, load_image, warnings));
        let one = match reused {
            Some(one) => one,
            None => match lower_one(index, source, &cx, load_image, kept.is_some()) {
                Ok(one) => {
                    if let Some(kept) = kept.as_deref_mut() {
                        kept.keep(index, source, &one);
                    }
                    for warning in &one.warnings {
                        warnings.push(warning.kind, warning.diagnostic.clone());
                    }
                    one
                }
                Err(e) => {
                    errors.push(e);
                    failed.push(index);
                    empty_chapter(index, source)
                }
            },
        };
        ids.push(one.ids);
        anchored.extend(one.anchored_links);
        chapters.push(stood(one.chapter, &source.standing));
    }

    // Links to anchors that no chapter has: warn, and keep their text. An anchor written
    // against another tool's ids (GitHub's keep accents and repeat hyphens: `#año--1`)
    // is taken to the heading whose id it spells once our rule is applied to it.
    let mut fixes: Vec<(usize, String, Option<String>)> = Vec::new();
    for (chapter, anchor, loc) in anchored {
        let exists = ids[chapter].contains(&anchor)
            || is_note_anchor(&chapters[chapter], &anchor)
            || failed.contains(&chapter);
        if exists {
            continue;
        }
        let decoded = percent_encoding::percent_decode_str(&anchor).decode_utf8_lossy();
        let respelled = super::slug::slugify(&decoded);
        if ids[chapter].contains(&respelled) {
            fixes.push((chapter, anchor, Some(respelled)));
            continue;
        }
        warnings.push(
            BROKEN_LINK,
            Diagnostic::at(
                loc,
                format!(
                    "link to `{}#{anchor}`, but that chapter has no heading with id `{anchor}`",
                    chapters[chapter].source.display()
                ),
            ),
        );
        fixes.push((chapter, anchor, None));
    }
    if !fixes.is_empty() {
        for chapter in &mut chapters {
            chapter.edit_inlines(|inlines| relink(inlines, &fixes));
        }
    }
    chapters
}

/// The chapter with its place in the book's structure, and the title its standing gives
/// when the file gives none.
fn stood(mut chapter: Chapter, standing: &Standing) -> Chapter {
    chapter.kind = standing.kind;
    chapter.part = standing.part;
    chapter.matter = standing.matter;
    if let (None, Some(title)) = (chapter.title_block, &standing.title) {
        chapter.title = vec![Inline::Text(title.clone())];
    }
    chapter
}

/// The heading a chapter opens with, if it opens with one (used when it has no `#` title).
fn opening_heading(blocks: &[Block]) -> Option<usize> {
    match blocks.first() {
        Some(Block::Heading { content, .. }) if !content.is_empty() => Some(0),
        _ => None,
    }
}

/// A readable title from a file name: `1-01-Capítulo_1.md` → `Capítulo 1`.
fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = crate::paths::unnumbered(&stem).replace('_', " ");
    match words.trim() {
        "" => stem,
        title => title.to_string(),
    }
}

fn is_note_anchor(chapter: &Chapter, anchor: &str) -> bool {
    chapter.footnotes.iter().any(|n| n.id() == anchor)
}

/// Takes links to the anchors in `fixes` (chapter, anchor as written) to the id beside
/// them, or, where there is none, replaces them by their content (which the walk then
/// visits).
fn relink(inlines: &mut Vec<Inline>, fixes: &[(usize, String, Option<String>)]) {
    let mut i = 0;
    while i < inlines.len() {
        let fix = match &inlines[i] {
            Inline::Link {
                target:
                    LinkTarget::Internal {
                        chapter,
                        anchor: Some(anchor),
                    },
                ..
            } => fixes
                .iter()
                .find(|(c, a, _)| c == chapter && a == anchor)
                .map(|(_, _, id)| id.clone()),
            _ => None,
        };
        match fix {
            Some(Some(id)) => {
                if let Inline::Link {
                    target: LinkTarget::Internal { anchor, .. },
                    ..
                } = &mut inlines[i]
                {
                    *anchor = Some(id);
                }
                i += 1;
            }
            Some(None) => {
                let Inline::Link { content, .. } = inlines.remove(i) else {
                    unreachable!("matched a link above");
                };
                inlines.splice(i..i, content);
            }
            None => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names_lose_their_numbering() {
        assert_eq!(
            title_from_file_name(Path::new("1-01-Capítulo_1.md")),
            "Capítulo 1"
        );
        assert_eq!(
            title_from_file_name(Path::new("03-el-mercado.md")),
            "el-mercado"
        );
        assert_eq!(title_from_file_name(Path::new("2024.md")), "2024");
    }
}

/// A chapter lowered on its own, with what it needs from the others and what it said.
#[derive(Clone)]
pub(super) struct LoweredChapter {
    pub chapter: Chapter,
    pub ids: std::collections::HashSet<String>,
    pub anchored_links: Vec<(usize, String, crate::diag::Loc)>,
    /// Its warnings, when kept for a preview (else they went straight to the book's).
    pub warnings: Vec<crate::diag::Warning>,
    /// The images it asked for, in order, with the index each was given.
    pub images: Vec<(String, crate::diag::Loc, super::ImageId)>,
}

/// Lowers chapter `index` and sets its dialogue. `keep`: its warnings and image references
/// are recorded (for [`Lowerings`]) rather than told at once.
fn lower_one(
    index: usize,
    source: &ChapterSource,
    cx: &Context,
    load_image: &mut ImageLoader,
    keep: bool,
) -> Result<LoweredChapter> {
    let own = Warnings::new();
    let cx = Context {
        warnings: if keep { &own } else { cx.warnings },
        ..*cx
    };
    let mut images = Vec::new();
    let mut recording = |reference: &str, loc: &crate::diag::Loc| {
        let id = load_image(reference, loc)?;
        if keep {
            images.push((reference.to_string(), loc.clone(), id));
        }
        Ok(id)
    };
    let lowered = lower::lower_chapter(source, index, &cx, &mut recording)?;
    let title_block = lowered.title.or_else(|| opening_heading(&lowered.blocks));
    let title = match title_block.map(|i| &lowered.blocks[i]) {
        Some(Block::Heading { content, .. }) => content.clone(),
        _ => vec![Inline::Text(title_from_file_name(&source.relative))],
    };
    let mut chapter = Chapter {
        id: chapter_id(index),
        title,
        title_block,
        source: source.relative.clone(),
        blocks: lowered.blocks,
        footnotes: lowered.footnotes,
        kind: ChapterKind::Chapter,
        part: None,
        matter: None,
    };
    super::dialogue::set_rayas(&mut chapter, cx.warnings);
    Ok(LoweredChapter {
        chapter,
        ids: lowered.ids,
        anchored_links: lowered.anchored_links,
        warnings: own.sorted(),
        images,
    })
}

/// The place a chapter that could not be lowered keeps, so the others keep their numbers.
fn empty_chapter(index: usize, source: &ChapterSource) -> LoweredChapter {
    LoweredChapter {
        chapter: Chapter {
            id: chapter_id(index),
            title: vec![Inline::Text(title_from_file_name(&source.relative))],
            title_block: None,
            source: source.relative.clone(),
            blocks: Vec::new(),
            footnotes: Vec::new(),
            kind: ChapterKind::Chapter,
            part: None,
            matter: None,
        },
        ids: Default::default(),
        anchored_links: Vec::new(),
        warnings: Vec::new(),
        images: Vec::new(),
    }
}

fn chapter_id(index: usize) -> String {
    format!("cap-{:02}", index + 1)
}

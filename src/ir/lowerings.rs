//! Chapters kept as lowered between readings of the same manuscript, for a live preview:
//! a chapter whose text has not changed is not lowered again.
//!
//! A chapter's tree depends on its text, its place in the book, the quotation style and
//! the chapter files (links between chapters name them), and on the images it refers to
//! (their indexes in the book). The first four are compared; the images are asked for
//! again in the same order, so the book's images come out as a full reading makes them,
//! and the kept tree is used only if each gets the index it had.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::book::{ChapterSource, LoweredChapter};
use super::lower::ImageLoader;
use super::QuoteStyle;
use crate::diag::Warnings;

/// Each chapter as last lowered, with the text it was lowered from.
#[derive(Default)]
pub struct Lowerings {
    /// The quotation style and chapter files of the last reading: when either changes,
    /// nothing kept is good.
    setting: Option<(QuoteStyle, Vec<PathBuf>)>,
    chapters: Vec<Option<Kept>>,
}

struct Kept {
    text: String,
    display: Arc<Path>,
    lowered: LoweredChapter,
}

impl Lowerings {
    /// Nothing kept yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts a reading: forgets everything when the setting changed.
    pub(super) fn begin(&mut self, quotes: QuoteStyle, chapter_files: &[PathBuf]) {
        let same =
            matches!(&self.setting, Some((q, files)) if *q == quotes && files == chapter_files);
        if !same {
            self.chapters.clear();
            self.setting = Some((quotes, chapter_files.to_vec()));
        }
    }

    /// Chapter `index` as kept, its warnings told again, if its text is the same and its
    /// images get the same indexes.
    pub(super) fn replay(
        &self,
        index: usize,
        source: &ChapterSource,
        load_image: &mut ImageLoader,
        warnings: &Warnings,
    ) -> Option<LoweredChapter> {
        let kept = self.chapters.get(index)?.as_ref()?;
        if kept.text != source.text || kept.display != source.display {
            return None;
        }
        for (reference, loc, id) in &kept.lowered.images {
            if load_image(reference, loc).ok()? != *id {
                return None;
            }
        }
        for warning in &kept.lowered.warnings {
            warnings.push(warning.kind, warning.diagnostic.clone());
        }
        Some(kept.lowered.clone())
    }

    /// Keeps chapter `index` as just lowered.
    pub(super) fn keep(&mut self, index: usize, source: &ChapterSource, lowered: &LoweredChapter) {
        if self.chapters.len() <= index {
            self.chapters.resize_with(index + 1, || None);
        }
        self.chapters[index] = Some(Kept {
            text: source.text.clone(),
            display: Arc::clone(&source.display),
            lowered: lowered.clone(),
        });
    }
}

//! How far the typesetter has got, for a progress bar drawn by another thread.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Counters the typesetter advances as chapters are set; clones share them.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<Counts>);

#[derive(Debug, Default)]
struct Counts {
    chapters: AtomicUsize,
    total: AtomicUsize,
    pages: AtomicUsize,
}

impl Progress {
    /// Fresh counters, nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Chapters set so far.
    pub fn chapters_set(&self) -> usize {
        self.0.chapters.load(Ordering::Relaxed)
    }

    /// Chapters the book has (0 until typesetting starts).
    pub fn chapters_total(&self) -> usize {
        self.0.total.load(Ordering::Relaxed)
    }

    /// Pages of the chapters set so far.
    pub fn pages(&self) -> usize {
        self.0.pages.load(Ordering::Relaxed)
    }

    pub(super) fn start(&self, chapters: usize) {
        self.0.total.store(chapters, Ordering::Relaxed);
        self.0.chapters.store(0, Ordering::Relaxed);
        self.0.pages.store(0, Ordering::Relaxed);
    }

    pub(super) fn chapter_done(&self, pages: usize) {
        self.0.pages.fetch_add(pages, Ordering::Relaxed);
        self.0.chapters.fetch_add(1, Ordering::Relaxed);
    }
}

//! The manuscript folder's changes, as the author's editor makes them: swap, backup and
//! temporary files left out, a burst of saves taken as one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::diag::{Diagnostic, Loc};

/// How long a file must be quiet before its change is taken: an editor's save (write,
/// or write a copy and rename it) is over well within it, and it adds little to the
/// time from saving to seeing the page.
const QUIET: Duration = Duration::from_millis(25);

/// The changes in a folder, batch by batch.
pub struct Changes {
    root: PathBuf,
    events: Receiver<DebounceEventResult>,
    // Watching stops when this is dropped.
    _watcher: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching `root` and everything under it.
pub fn watch(root: &Path) -> Result<Changes, Diagnostic> {
    let (tx, events) = mpsc::channel();
    let fail = |e: notify_debouncer_full::notify::Error| {
        Diagnostic::at(
            Loc::file(root),
            format!("cannot watch the folder for changes: {e}"),
        )
    };
    let mut watcher = new_debouncer(QUIET, None, tx).map_err(fail)?;
    watcher
        .watch(root, RecursiveMode::Recursive)
        .map_err(fail)?;
    // The watcher reports absolute paths: the root is made absolute to compare them (a
    // folder above the manuscript may be hidden without its files being scratch).
    let absolute = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    Ok(Changes {
        root: absolute,
        events,
        _watcher: watcher,
    })
}

impl Changes {
    /// Waits for the next change and returns the files it touched, with any others that
    /// changed meanwhile (a build that took a while is followed by one build, not many).
    /// `None` when watching has stopped.
    pub fn next(&self) -> Option<Vec<PathBuf>> {
        loop {
            let mut paths = Vec::new();
            take(self.events.recv().ok()?, &self.root, &mut paths);
            while let Ok(more) = self.events.try_recv() {
                take(more, &self.root, &mut paths);
            }
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                return Some(paths);
            }
        }
    }
}

fn take(result: DebounceEventResult, root: &Path, paths: &mut Vec<PathBuf>) {
    // An error from the watcher (an event queue overflow) loses which files changed,
    // not that something did: the folder itself stands for "anything".
    match result {
        // Reading a file is no change: the build itself opens every file it reads.
        Ok(events) => paths.extend(
            events
                .into_iter()
                .filter(|e| !e.event.kind.is_access())
                .flat_map(|e| e.event.paths)
                .filter(|p| !is_scratch(p.strip_prefix(root).unwrap_or(p))),
        ),
        Err(_) => paths.push(root.to_path_buf()),
    }
}

/// Files editors write beside the one being edited, which are never part of the book:
/// hidden files and folders (`.capitulo.md.swp`, `.#capitulo.md`, `.git/`), backups
/// (`capitulo.md~`, `capitulo.md.bak`), Emacs's `#capitulo.md#`, Vim's write test
/// `4913`, and temporary files (`*.tmp`, `*.swp`). `path` is relative to the manuscript
/// (which may itself be in a hidden folder).
pub fn is_scratch(path: &Path) -> bool {
    let hidden = path.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') && name != "." && name != ".."
    });
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    hidden
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_scratch_files_are_not_changes() {
        for scratch in [
            ".01-inicio.md.swp",
            ".#01-inicio.md",
            "#01-inicio.md#",
            "01-inicio.md~",
            "4913",
            "01-inicio.md.tmp",
            ".git/index",
            "images/foto.png.part",
        ] {
            assert!(is_scratch(Path::new(scratch)), "{scratch}");
        }
        for real in [
            "01-inicio.md",
            "book.toml",
            "images/foto.png",
            "./fonts/Tipo.ttf",
        ] {
            assert!(!is_scratch(Path::new(real)), "{real}");
        }
    }
}

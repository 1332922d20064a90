//! What the command prints on the terminal: cargo-style status lines, warnings and
//! errors, coloured on a terminal and plain when piped or with `NO_COLOR`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use imprenta::diag::render::{self, Severity};
use imprenta::diag::{Diagnostic, Warnings};
use imprenta::manuscript::files::{read_regular, MAX_CHAPTER_BYTES};
use imprenta::typeset::Progress;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: the source line, a caret under the place, the help (on stderr).
    #[default]
    Human,
    /// For editors: one JSON object a line on stdout.
    Json,
}

/// `12431` → `12 431`, as Spanish groups thousands.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    if digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A file size as people read it: `512 B`, `34 KiB`, `3.2 MiB`.
pub fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KiB", b.div_ceil(1024)),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Status lines and messages on stderr, in cargo's style.
pub struct Status {
    quiet: bool,
    color: bool,
    format: Format,
    /// The files diagnostics point into, read once each to show their lines.
    sources: RefCell<HashMap<PathBuf, Option<Arc<str>>>>,
}

impl Status {
    pub fn new(quiet: bool, format: Format) -> Self {
        Status {
            quiet,
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            format,
            sources: RefCell::default(),
        }
    }

    /// Gives the renderer a file's text already read (a chapter `check` holds).
    pub fn know_source(&self, path: &Path, text: Arc<str>) {
        self.sources
            .borrow_mut()
            .insert(path.to_path_buf(), Some(text));
    }

    /// A file's text, read from disk the first time (as a chapter is: regular files only,
    /// within the chapter's limit); none when it cannot be read as text.
    fn source(&self, path: &Path) -> Option<Arc<str>> {
        self.sources
            .borrow_mut()
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let bytes = read_regular(path, MAX_CHAPTER_BYTES).ok()?;
                // A file that is not UTF-8 is shown with U+FFFD where its bad byte is.
                let text = String::from_utf8_lossy(&bytes);
                Some(Arc::from(text.strip_prefix('\u{feff}').unwrap_or(&text)))
            })
            .clone()
    }

    /// Prints one diagnostic: rendered on stderr, or as JSON on stdout.
    pub fn diagnostic(&self, diagnostic: &Diagnostic, severity: Severity) {
        match self.format {
            Format::Human => {
                let shown =
                    render::render(diagnostic, severity, self.color, &|path| self.source(path));
                eprintln!("{shown}\n");
            }
            Format::Json => println!("{}", render::to_json(diagnostic, severity)),
        }
    }

    /// Prints what stopped the command: a diagnostic rendered with its source, or the
    /// error's message.
    pub fn report_error(&self, error: &anyhow::Error) {
        match error.downcast_ref::<Diagnostic>() {
            Some(diagnostic) => self.diagnostic(diagnostic, Severity::Error),
            None => {
                let message = format!("{error:#}");
                match self.format {
                    Format::Human => self.error(&message),
                    Format::Json => self.diagnostic(&Diagnostic::general(message), Severity::Error),
                }
            }
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[1;{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn line(&self, verb: &str, rest: &str) {
        if !self.quiet {
            eprintln!("{} {rest}", self.paint("32", &format!("{verb:>12}")));
        }
    }

    /// The line that says the manuscript was read: chapters, words and time.
    pub fn parsed(&self, chapters: usize, words: usize, took: std::time::Duration) {
        self.line(
            "Parsed",
            &format!(
                "{chapters} {}, {} {} in {:.2} s",
                if chapters == 1 { "chapter" } else { "chapters" },
                group_thousands(words),
                if words == 1 { "word" } else { "words" },
                took.as_secs_f64()
            ),
        );
    }

    /// The cover's spine: its width for the page count, and whether it carries text.
    pub fn spine(&self, cover: &imprenta::typeset::cover::CoverSpec, pages: usize) {
        let text = if cover.spine_text.is_some() {
            "with the title on it"
        } else {
            "too thin for text"
        };
        self.line(
            "Spine",
            &format!(
                "{:.3} in ({:.1} mm) for {pages} pages, {text}",
                cover.spine / imprenta::print::INCH,
                cover.spine / imprenta::print::INCH * 25.4
            ),
        );
    }

    /// What fitting the interior to its printer changed: a wider gutter, blank pages.
    pub fn fitted(&self, fitting: &imprenta::print::Fitting, printer: &str) {
        const MM: f32 = 72.0 / 25.4;
        if let Some((from, to)) = &fitting.widened {
            let changed: Vec<String> = [
                ("inside", from.inner, to.inner),
                ("outside", from.outer, to.outer),
                ("top", from.top, to.top),
                ("bottom", from.bottom, to.bottom),
            ]
            .into_iter()
            .filter(|(_, a, b)| b > a)
            .map(|(side, a, b)| format!("{side} {:.1} → {:.1} mm", a / MM, b / MM))
            .collect();
            self.line(
                "Widened",
                &format!(
                    "the margins to {printer}'s minimum for {} pages ({}); the book was set again",
                    fitting.pages,
                    changed.join(", ")
                ),
            );
        }
        if fitting.padded > 0 {
            self.line(
                "Padded",
                &format!(
                    "the interior with {} blank {} to {} pages",
                    fitting.padded,
                    if fitting.padded == 1 { "page" } else { "pages" },
                    fitting.pages
                ),
            );
        }
    }

    pub fn error(&self, message: &str) {
        eprintln!("{} {message}", self.paint("31", "error:"));
    }

    /// The warnings counted by kind, one line each, without the warnings themselves.
    pub fn print_warning_summary(&self, warnings: &Warnings) {
        if self.format == Format::Json {
            return;
        }
        let label = self.paint("33", "warning:");
        for line in warnings.summary() {
            eprintln!("{label} {line}");
        }
    }

    /// Every warning, rendered, then the count of each kind.
    pub fn print_warnings(&self, warnings: &Warnings) {
        let all = warnings.sorted();
        if all.is_empty() {
            return;
        }
        for warning in &all {
            self.diagnostic(&warning.diagnostic, Severity::Warning);
        }
        self.print_warning_summary(warnings);
    }
}

/// How long a build runs before it gets a progress bar: a short one finishes first, and a
/// bar that flashes for a moment is noise.
const BAR_AFTER: Duration = Duration::from_millis(500);

/// A progress bar drawn while a build runs; dropping it clears the bar.
pub struct Bar {
    done: Arc<AtomicBool>,
    drawer: Option<JoinHandle<()>>,
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

impl Status {
    /// Shows the typesetter's progress (chapters set of all, pages so far) once the build
    /// has run for half a second; nothing when piped, quiet or printing JSON.
    pub fn progress(&self, progress: &Progress) -> Bar {
        let done = Arc::new(AtomicBool::new(false));
        let shown = !self.quiet && self.format == Format::Human && std::io::stderr().is_terminal();
        let drawer = shown.then(|| {
            let (done, progress) = (Arc::clone(&done), progress.clone());
            std::thread::spawn(move || draw_progress(&done, &progress))
        });
        Bar { done, drawer }
    }
}

fn draw_progress(done: &AtomicBool, progress: &Progress) {
    let started = Instant::now();
    let tick = Duration::from_millis(50);
    while started.elapsed() < BAR_AFTER {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(tick);
    }
    let bar = ProgressBar::new(progress.chapters_total() as u64);
    let style = ProgressStyle::with_template(
        "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} chapters, {msg} pages",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix("Setting");
    while !done.load(Ordering::Relaxed) {
        let (set, total) = (progress.chapters_set(), progress.chapters_total());
        if total > 0 && set == total {
            // Every chapter is set: what remains is assembling and writing the files.
            bar.set_prefix("Writing");
        }
        bar.set_length(total as u64);
        bar.set_position(set as u64);
        bar.set_message(group_thousands(progress.pages()));
        std::thread::sleep(tick);
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_with_spaces_from_five_digits() {
        assert_eq!(group_thousands(7), "7");
        assert_eq!(group_thousands(6512), "6512");
        assert_eq!(group_thousands(12431), "12 431");
        assert_eq!(group_thousands(1234567), "1 234 567");
    }
}

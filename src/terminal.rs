//! What the command prints on the terminal: cargo-style status lines, warnings and
//! errors, coloured on a terminal and plain when piped or with `NO_COLOR`.

use std::io::IsTerminal;

use imprenta::diag::Warnings;

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
}

impl Status {
    pub fn new(quiet: bool) -> Self {
        Status {
            quiet,
            color: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
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

    pub fn error(&self, message: &str) {
        eprintln!("{} {message}", self.paint("31", "error:"));
    }

    /// The warnings counted by kind, one line each, without the warnings themselves.
    pub fn print_warning_summary(&self, warnings: &Warnings) {
        let label = self.paint("33", "warning:");
        for line in warnings.summary() {
            eprintln!("{label} {line}");
        }
    }

    pub fn print_warnings(&self, warnings: &Warnings) {
        let all = warnings.sorted();
        if all.is_empty() {
            return;
        }
        let label = self.paint("33", "warning:");
        for warning in &all {
            eprintln!("{label} {}", warning.diagnostic);
        }
        self.print_warning_summary(warnings);
    }
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

//! `check` and `init` on the terminal: what the proofreader found, what `--fix` changed,
//! and the commands that come after `init`.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use imprenta::check::{self, fix, Report};
use imprenta::diag::render::Severity;
use imprenta::diag::Warnings;

use crate::cli::{CheckArgs, InitArgs};
use crate::terminal::{group_thousands, Status};

/// Runs `check`: exit 1 when a build would fail, or with `--deny-warnings` when anything
/// was found.
pub fn check(args: &CheckArgs, status: &Status, warnings: &Warnings) -> ExitCode {
    let started = Instant::now();
    let root = &args.common.manuscript;
    let mut report = check::check(root, warnings);
    let mut fixed_line = None;
    // Fixes in the prose are safe whatever else is wrong (a missing image, a font).
    let mut unwritten = Vec::new();
    if args.fix {
        let (mut applied, mut files, mut by_rule) = (0, 0, BTreeMap::<&str, usize>::new());
        for chapter in &report.chapters {
            match fix::write(chapter) {
                Ok(done) if done.applied > 0 => {
                    applied += done.applied;
                    files += 1;
                    for (code, n) in done.by_rule {
                        *by_rule.entry(code).or_default() += n;
                    }
                }
                Ok(_) => {}
                Err(e) => unwritten.push(e),
            }
        }
        let rules: Vec<String> = by_rule
            .iter()
            .map(|(code, n)| format!("{code} {}", group_thousands(*n)))
            .collect();
        fixed_line = Some(format!(
            "{} {} in {files} {}{}",
            group_thousands(applied),
            if applied == 1 { "finding" } else { "findings" },
            if files == 1 { "file" } else { "files" },
            if rules.is_empty() {
                String::new()
            } else {
                format!(" ({})", rules.join(", "))
            }
        ));
        // What is left is read again from the fixed files.
        if applied > 0 {
            report = check::check(root, &Warnings::new());
        }
    }
    report.errors.extend(unwritten);
    for chapter in &report.chapters {
        status.know_source(&chapter.path, Arc::clone(&chapter.text));
    }
    let built = warnings.sorted();
    for warning in &built {
        status.diagnostic(&warning.diagnostic, Severity::Warning);
    }
    for finding in &report.findings {
        status.diagnostic(finding, Severity::Warning);
    }
    for error in &report.errors {
        status.diagnostic(error, Severity::Error);
    }
    if let Some(line) = fixed_line {
        status.line("Fixed", &line);
    }
    print_counts(&report, status);
    let found = built.len() + report.findings.len();
    status.line(
        "Checked",
        &format!(
            "{} {} in {:.2} s: {} {}, {} {}",
            report.chapter_count,
            if report.chapter_count == 1 {
                "chapter"
            } else {
                "chapters"
            },
            started.elapsed().as_secs_f64(),
            report.errors.len(),
            if report.errors.len() == 1 {
                "error"
            } else {
                "errors"
            },
            group_thousands(found),
            if found == 1 { "warning" } else { "warnings" },
        ),
    );
    let failed = !report.errors.is_empty() || (args.common.deny_warnings && found > 0);
    ExitCode::from(u8::from(failed))
}

/// The findings counted by rule, one line each.
fn print_counts(report: &Report, status: &Status) {
    let mut by_rule = BTreeMap::<&str, usize>::new();
    for finding in &report.findings {
        *by_rule.entry(finding.code.unwrap_or("")).or_default() += 1;
    }
    for (code, n) in by_rule {
        status.line("Found", &format!("{} × {code}", group_thousands(n)));
    }
}

/// Runs `init`: the files written, then what to type next.
pub fn init(args: &InitArgs, status: &Status) -> anyhow::Result<()> {
    let written = imprenta::init::init(&args.dir, &args.language)?;
    for path in &written {
        status.line("Created", &path.display().to_string());
    }
    if !args.quiet {
        let dir = args.dir.display();
        eprintln!(
            "\nNext:\n  imprenta check --manuscript {dir}\n  imprenta build --manuscript {dir}"
        );
    }
    Ok(())
}

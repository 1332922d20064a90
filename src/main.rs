//! The `imprenta` command: parse the flags, run the pipeline, report, exit 0, 1 or 2.

mod cli;
mod proofread;
mod terminal;
mod watching;

/// Typesetting allocates millions of small, short-lived values (glyph runs, line items)
/// from two threads at once; mimalloc halves the PDF's wall time against glibc's
/// allocator (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use clap::Parser as _;

use cli::{Cli, Command, CommonArgs};
use imprenta::diag::{Diagnostic, Warnings};
use imprenta::output::{OutputFile, OutputKind};
use imprenta::print::Fitting;
use imprenta::typeset::cover::CoverSpec;
use imprenta::Parsed;
use terminal::{human_size, Format, Status};

/// A file a command writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    Epub,
    /// The print interior (PDF/X).
    Print,
    /// The screen PDF.
    Screen,
    /// The printed cover (PDF/X).
    Cover,
}

impl Job {
    fn kind(self) -> OutputKind {
        match self {
            Job::Epub => OutputKind::Epub,
            Job::Print | Job::Screen | Job::Cover => OutputKind::Pdf,
        }
    }

    /// The file's name in the output folder.
    fn file_name(self, slug: &str) -> String {
        match self {
            Job::Epub => format!("{slug}.epub"),
            Job::Print => format!("{slug}.pdf"),
            Job::Screen => format!("{slug}-screen.pdf"),
            Job::Cover => format!("{slug}-cover.pdf"),
        }
    }
}

/// Each output's bytes with the time it took, what fitting the book to its printer
/// changed (when a PDF was made), and the cover's measures (when it was made).
type Rendered = (Vec<(Vec<u8>, Duration)>, Option<Fitting>, Option<CoverSpec>);

/// Renders the outputs asked for from the shared parse, each with the time it took: one
/// file alone, or all from one layout (the PDF's pages are the EPUB's page list); and
/// what fitting the book to its printer changed.
fn render(jobs: &[Job], parsed: &Parsed, warnings: &Warnings) -> Result<Rendered, Diagnostic> {
    let started = Instant::now();
    match jobs {
        [Job::Epub] => Ok((
            vec![(
                imprenta::render_epub(parsed, None, warnings)?,
                started.elapsed(),
            )],
            None,
            None,
        )),
        [pdf @ (Job::Print | Job::Screen)] => {
            let print = *pdf == Job::Print;
            let pdfs = imprenta::render_pdfs(parsed, warnings, print, !print)?;
            let bytes = pdfs.print.or(pdfs.screen).unwrap_or_default();
            Ok((vec![(bytes, started.elapsed())], Some(pdfs.fitting), None))
        }
        [Job::Cover] => {
            let pdfs = imprenta::render_cover(parsed, warnings)?;
            let bytes = pdfs.cover.unwrap_or_default();
            Ok((
                vec![(bytes, started.elapsed())],
                Some(pdfs.fitting),
                pdfs.cover_spec,
            ))
        }
        [Job::Epub, Job::Print, Job::Screen, rest @ ..] => {
            let all = imprenta::render_all(parsed, warnings, true)?;
            let took = started.elapsed();
            let pdfs = all.pdfs;
            let mut files = vec![
                (all.epub, took),
                (pdfs.print.unwrap_or_default(), took),
                (pdfs.screen.unwrap_or_default(), took),
            ];
            if rest == [Job::Cover] {
                files.push((pdfs.cover.unwrap_or_default(), took));
            }
            Ok((files, Some(pdfs.fitting), pdfs.cover_spec))
        }
        other => unreachable!("the command line asks for {other:?}"),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (quiet, format, deny_warnings) = match cli.command.common() {
        Some(common) => (common.quiet, common.format, common.deny_warnings),
        None => (
            match &cli.command {
                Command::Init(a) => a.quiet,
                Command::Watch(a) => a.quiet,
                _ => false,
            },
            Format::Human,
            false,
        ),
    };
    let status = Status::new(quiet, format);
    // An interrupted build leaves no temporary file behind (the previous outputs were never
    // touched), and exits as the shell reports a process the signal ended: 128 + its number.
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                imprenta::output::remove_pending();
                std::process::exit(128 + signal);
            }
        });
    }
    let warnings = Warnings::new();
    let result = match cli.command {
        Command::Check(args) => return proofread::check(&args, &status, &warnings),
        Command::Init(args) => proofread::init(&args, &status),
        Command::Watch(args) => watching::watch(&args, &status, source_date_epoch()),
        command => run(command, &status, &warnings),
    };
    match result {
        Ok(()) => {
            status.print_warnings(&warnings);
            ExitCode::SUCCESS
        }
        Err(error) => {
            // The error is what stopped the build: it comes last, where the eye lands,
            // after the warnings counted by kind rather than hundreds of lines of them
            // (unless the warnings are what stopped it).
            if deny_warnings {
                status.print_warnings(&warnings);
            } else {
                status.print_warning_summary(&warnings);
            }
            status.report_error(&error);
            ExitCode::from(1)
        }
    }
}

fn run(command: Command, status: &Status, warnings: &Warnings) -> anyhow::Result<()> {
    type Jobs = Vec<(Job, Option<PathBuf>)>;
    let (common, force, mut jobs): (CommonArgs, bool, Jobs) = match command {
        Command::Epub(a) => (a.common, a.force, vec![(Job::Epub, a.output)]),
        Command::Pdf(a) => {
            let job = if a.screen { Job::Screen } else { Job::Print };
            (
                a.single.common,
                a.single.force,
                vec![(job, a.single.output)],
            )
        }
        Command::Cover(a) => (a.common, a.force, vec![(Job::Cover, a.output)]),
        Command::Build(a) => {
            let dir = a.out_dir;
            (
                a.common,
                a.force,
                vec![
                    (Job::Epub, Some(dir.clone())),
                    (Job::Print, Some(dir.clone())),
                    (Job::Screen, Some(dir)),
                ],
            )
        }
        Command::Check(_) | Command::Init(_) | Command::Watch(_) => {
            unreachable!("handled in main")
        }
    };
    let is_build = jobs.len() > 1;
    let epoch = source_date_epoch()?;

    let started = Instant::now();
    let parsed = imprenta::parse_book(&common.manuscript, epoch, warnings)?;
    status.parsed(
        parsed.book.chapters.len(),
        parsed.book.word_count(),
        started.elapsed(),
    );
    // A book made for a printer gets its cover with the rest.
    if is_build && parsed.print.given {
        let dir = jobs.last().and_then(|(_, dir)| dir.clone());
        jobs.push((Job::Cover, dir));
    }

    // Render everything first, so warnings can still stop the build before any file
    // changes.
    let kinds: Vec<Job> = jobs.iter().map(|(job, _)| *job).collect();
    let bar = status.progress(&parsed.progress);
    let rendered = render(&kinds, &parsed, warnings);
    drop(bar);
    let (rendered, fitting, cover) = rendered?;
    if let Some(fitting) = &fitting {
        status.fitted(fitting, parsed.print.printer.name());
    }
    if let (Some(cover), Some(fitting)) = (&cover, &fitting) {
        status.spine(cover, fitting.pages);
    }
    let outputs: Vec<_> = jobs
        .into_iter()
        .zip(rendered)
        .map(|((job, output), (bytes, took))| {
            let name = job.file_name(&parsed.book.metadata.slug());
            let path = match (output, is_build) {
                (Some(dir), true) => dir.join(name),
                (Some(path), false) => path,
                (None, _) => Path::new("build").join(name),
            };
            (job.kind(), path, bytes, took)
        })
        .collect();
    if common.deny_warnings && !warnings.is_empty() {
        bail!(
            "{} warning(s) and --deny-warnings was given; nothing was written",
            warnings.len()
        );
    }
    // Every file is written in full before any is renamed into place: a failure leaves
    // the previous EPUB and PDF side by side, as they were.
    let files: Vec<OutputFile> = outputs
        .iter()
        .map(|(kind, path, bytes, _)| OutputFile {
            path: path.clone(),
            kind: *kind,
            bytes,
        })
        .collect();
    imprenta::output::write_all(&files, &parsed.inputs, force)?;
    for (_, path, bytes, took) in outputs {
        status.line(
            "Wrote",
            &format!(
                "{} ({}) in {:.2} s",
                path.display(),
                human_size(bytes.len()),
                took.as_secs_f64()
            ),
        );
    }
    Ok(())
}

/// `SOURCE_DATE_EPOCH`, as reproducible-builds.org defines it: whole seconds since
/// 1970, up to the end of year 9999 (the last a four-digit OPF date or a PDF date can
/// write).
fn source_date_epoch() -> anyhow::Result<Option<i64>> {
    const LAST: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
    let value = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value,
        _ => return Ok(None),
    };
    let shown = value.escape_debug();
    let seconds: i64 = value
        .trim()
        .parse()
        .with_context(|| format!("SOURCE_DATE_EPOCH is `{shown}`, not a number of seconds"))?;
    if !(0..=LAST).contains(&seconds) {
        bail!("SOURCE_DATE_EPOCH is {seconds}, outside 0 (1970) to {LAST} (the end of year 9999)");
    }
    Ok(Some(seconds))
}

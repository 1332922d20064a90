//! Every command-line flag, in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::terminal::Format;

/// Builds an EPUB 3 and a print-ready PDF from a folder of Markdown chapters.
#[derive(Debug, Parser)]
#[command(
    name = "imprenta",
    version,
    after_help = "Examples:\n  imprenta init mi-libro             # a manuscript to start from\n  imprenta check --manuscript mi-libro\n  imprenta epub                      # manuscript/ → build/<title>.epub\n  imprenta pdf --manuscript mi-libro -o libro.pdf\n  imprenta build --out-dir dist      # both formats from one parse"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// What to build.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the EPUB 3 e-book.
    #[command(
        after_help = "Example:\n  imprenta epub --manuscript manuscript -o build/libro.epub"
    )]
    Epub(SingleArgs),
    /// Write the print interior (PDF/X-1a), or with --screen the screen PDF.
    #[command(
        after_help = "Examples:\n  imprenta pdf --manuscript manuscript -o build/libro.pdf\n  imprenta pdf --screen               # bookmarks and links, no bleed: build/<title>-screen.pdf"
    )]
    Pdf(PdfArgs),
    /// Write the printed cover (PDF/X-1a): back, spine and front in one sheet, sized to
    /// the print interior's page count and paper.
    #[command(
        after_help = "Example:\n  imprenta cover --manuscript manuscript   # build/<title>-cover.pdf"
    )]
    Cover(SingleArgs),
    /// Write the EPUB, the print interior and the screen PDF from one reading of the
    /// manuscript, and the cover when book.toml has a [print] table.
    #[command(after_help = "Example:\n  imprenta build --manuscript manuscript --out-dir build")]
    Build(BuildArgs),
    /// Report everything a build would, all at once, and proofread the prose.
    #[command(
        after_help = "Examples:\n  imprenta check                      # findings with their lines; writes nothing\n  imprenta check --fix                # applies the unambiguous fixes to the chapters\n  imprenta check --format json        # one object per finding, for editors"
    )]
    Check(CheckArgs),
    /// Create a manuscript to start from.
    #[command(
        after_help = "Example:\n  imprenta init mi-libro && imprenta build --manuscript mi-libro"
    )]
    Init(InitArgs),
    /// Serve a live preview on 127.0.0.1: the printed pages and the e-book, rebuilt on
    /// every save.
    #[command(
        after_help = "Examples:\n  imprenta watch                      # http://127.0.0.1:3000/\n  imprenta watch --manuscript mi-libro --port 8080 --open"
    )]
    Watch(WatchArgs),
}

impl Command {
    /// The flags the commands that read a manuscript share.
    pub fn common(&self) -> Option<&CommonArgs> {
        match self {
            Command::Epub(a) => Some(&a.common),
            Command::Pdf(a) => Some(&a.single.common),
            Command::Cover(a) => Some(&a.common),
            Command::Build(a) => Some(&a.common),
            Command::Check(a) => Some(&a.common),
            Command::Init(_) | Command::Watch(_) => None,
        }
    }
}

/// Flags every command shares.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The manuscript folder (with book.toml and the chapters).
    #[arg(long, value_name = "DIR", default_value = "manuscript")]
    pub manuscript: PathBuf,
    /// Print nothing but errors and warnings.
    #[arg(short, long)]
    pub quiet: bool,
    /// Treat warnings as errors: write nothing and exit 1 if there are any.
    #[arg(long)]
    pub deny_warnings: bool,
    /// How to print errors and warnings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Flags of `epub`, `pdf` and `cover`.
#[derive(Debug, Args)]
pub struct SingleArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the file [default: build/<slug of the title>.<format>].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file even if imprenta did not write it.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `pdf`.
#[derive(Debug, Args)]
pub struct PdfArgs {
    #[command(flatten)]
    pub single: SingleArgs,
    /// Write the screen PDF (bookmarks, links, page labels, no bleed) instead of the
    /// print interior.
    #[arg(long)]
    pub screen: bool,
}

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The folder to write the files into.
    #[arg(long, value_name = "DIR", default_value = "build")]
    pub out_dir: PathBuf,
    /// Replace an existing output file even if imprenta did not write it.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Apply the unambiguous fixes to the chapters, in place.
    #[arg(long)]
    pub fix: bool,
}

/// Flags of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the manuscript in.
    #[arg(value_name = "DIR", default_value = "manuscript")]
    pub dir: PathBuf,
    /// The book's language: book.toml's comments and the sample chapters are in it.
    #[arg(long, value_name = "TAG", default_value = "es")]
    pub language: String,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Flags of `watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The manuscript folder (with book.toml and the chapters).
    #[arg(long, value_name = "DIR", default_value = "manuscript")]
    pub manuscript: PathBuf,
    /// The port to listen on, on 127.0.0.1 only (0: any free port).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Print nothing but the address and errors.
    #[arg(short, long)]
    pub quiet: bool,
}

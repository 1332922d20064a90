//! Every command-line flag, in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Builds an EPUB 3 and a print-ready PDF from a folder of Markdown chapters.
#[derive(Debug, Parser)]
#[command(
    name = "imprenta",
    version,
    after_help = "Examples:\n  imprenta epub                      # manuscript/ → build/<title>.epub\n  imprenta pdf --manuscript mi-libro -o libro.pdf\n  imprenta build --out-dir dist      # both formats from one parse"
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
    /// Write the print-ready PDF.
    #[command(after_help = "Example:\n  imprenta pdf --manuscript manuscript -o build/libro.pdf")]
    Pdf(SingleArgs),
    /// Write both the EPUB and the PDF from one reading of the manuscript.
    #[command(after_help = "Example:\n  imprenta build --manuscript manuscript --out-dir build")]
    Build(BuildArgs),
}

impl Command {
    /// The flags every command shares.
    pub fn common(&self) -> &CommonArgs {
        match self {
            Command::Epub(a) | Command::Pdf(a) => &a.common,
            Command::Build(a) => &a.common,
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
    /// Replace an existing output file even if imprenta did not write it.
    #[arg(long)]
    pub force: bool,
}

/// Flags of `epub` and `pdf`.
#[derive(Debug, Args)]
pub struct SingleArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Where to write the file [default: build/<slug of the title>.<format>].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// Flags of `build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// The folder to write both files into.
    #[arg(long, value_name = "DIR", default_value = "build")]
    pub out_dir: PathBuf,
}

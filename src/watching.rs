//! `imprenta watch` on the terminal: the address, a line per build, the errors.

use std::process::{Command as Process, Stdio};

use imprenta::diag::render::Severity;
use imprenta::watch::{self, Event};

use crate::cli::WatchArgs;
use crate::terminal::Status;

/// Serves the preview until the process is stopped.
pub fn watch(
    args: &WatchArgs,
    status: &Status,
    epoch: anyhow::Result<Option<i64>>,
) -> anyhow::Result<()> {
    let options = watch::Options {
        manuscript: args.manuscript.clone(),
        port: args.port,
        epoch: epoch?,
    };
    let mut report = |event: Event| match event {
        Event::Listening(address) => {
            let url = format!("http://{address}/");
            // The address is what the command is for: printed even with -q, on stdout
            // for scripts that start the server and read where it is.
            println!("{url}");
            status.line(
                "Watching",
                &format!("{} (Ctrl-C to stop)", args.manuscript.display()),
            );
            if args.open {
                open_browser(&url, status);
            }
        }
        Event::Built(pages) => status.line(
            "Rebuilt",
            &format!(
                "{} of {} {} set, {} pages, in {} ms",
                pages.chapters_set,
                pages.parsed.book.chapters.len(),
                if pages.parsed.book.chapters.len() == 1 {
                    "chapter"
                } else {
                    "chapters"
                },
                pages.layout.pages.len(),
                pages.took.as_millis()
            ),
        ),
        Event::Broken(error) | Event::EbookFailed(error) => {
            status.diagnostic(error, Severity::Error)
        }
        Event::Checked(found) => {
            let errors = found.list.iter().filter(|d| d.severity == "error").count();
            let warnings = found.list.len() - errors;
            if found.broken {
                status.line(
                    "Kept",
                    &format!("the last good pages: {errors} error(s) in the manuscript, shown in the page"),
                );
            } else if warnings > 0 {
                status.line(
                    "Checked",
                    &format!("{warnings} warning(s), shown in the page"),
                );
            }
        }
    };
    watch::run(&options, &mut report)?;
    Ok(())
}

/// Opens `url` in the desktop's browser; failing that, the address printed is enough.
fn open_browser(url: &str, status: &Status) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let opened = Process::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if opened.is_err() {
        status.error(&format!("could not start {opener}; open {url} yourself"));
    }
}

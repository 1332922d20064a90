//! `imprenta watch`: the book beside the manuscript, rebuilt on every save and shown in a
//! browser, the printed pages (drawn by [`preview`](crate::preview) from the layout) and
//! the e-book's own documents side by side, with every diagnostic.
//!
//! One thread watches the folder and builds ([`build`]), keeping the pages of the chapters
//! that did not change; the server ([`server`]) answers from whatever build is current
//! ([`state`]) and tells the open pages to update over Server-Sent Events. Nothing is
//! written to disk: `imprenta build` beside it writes the same bytes as ever.

mod build;
mod files;
mod locate;
mod server;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::diag::{Diagnostic, Warnings};

pub use build::{Diagnostics, Pages};

/// The time the browsers get to fetch a build's changed pages before the e-book is made.
const BROWSER_FIRST: std::time::Duration = std::time::Duration::from_millis(120);

/// What `watch` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The manuscript folder.
    pub manuscript: PathBuf,
    /// The port on 127.0.0.1 (0: any free one).
    pub port: u16,
    /// `SOURCE_DATE_EPOCH`, if set.
    pub epoch: Option<i64>,
}

/// What happens while watching, for the command's log.
pub enum Event<'a> {
    /// The server is up at this address.
    Listening(SocketAddr),
    /// A build's pages are ready.
    Built(&'a Pages),
    /// The manuscript does not build; the last good pages stay.
    Broken(&'a Diagnostic),
    /// The pages are ready but the e-book could not be made.
    EbookFailed(&'a Diagnostic),
    /// The diagnostics of the manuscript as it is now.
    Checked(&'a Diagnostics),
}

/// Serves the preview of the manuscript and rebuilds it on every change, until the
/// process ends. Returns only when it cannot start (the port is taken, the folder cannot
/// be watched).
pub fn run(options: &Options, report: &mut dyn FnMut(Event)) -> Result<(), Diagnostic> {
    let server = Arc::new(server::bind(options.port)?);
    let address = server::address(&server)
        .ok_or_else(|| Diagnostic::general("the server has no IP address"))?;
    // Watching starts before the first build, so that a save during it is not missed.
    let changes = files::watch(&options.manuscript)?;
    let state = Arc::new(state::State::default());
    server::serve(Arc::clone(&server), Arc::clone(&state));
    report(Event::Listening(address));

    let mut builder = build::Builder::new(&options.manuscript, options.epoch);
    let mut changed = Vec::new();
    let mut since = Instant::now();
    loop {
        rebuild(&mut builder, &changed, since, &state, report);
        let Some(next) = changes.next() else {
            return Err(Diagnostic::general(
                "watching the manuscript folder stopped",
            ));
        };
        since = Instant::now();
        changed = next;
    }
}

/// One build, published step by step: pages, e-book, diagnostics.
fn rebuild(
    builder: &mut build::Builder,
    changed: &[PathBuf],
    since: Instant,
    state: &state::State,
    report: &mut dyn FnMut(Event),
) {
    let warnings = Warnings::new();
    let stopped = match builder.pages(changed, since, &warnings) {
        build::Built::Pages(pages) => {
            state.publish("pages", |c| c.pages = Some(Arc::clone(&pages)));
            report(Event::Built(&pages));
            // The open pages now ask for the state and the changed page: they are answered
            // before the e-book's build takes both cores.
            std::thread::sleep(BROWSER_FIRST);
            match builder.ebook(&pages, &warnings) {
                Ok(ebook) => state.publish("ebook", |c| c.ebook = Some(ebook)),
                Err(e) => report(Event::EbookFailed(&e)),
            }
            None
        }
        build::Built::Broken(e) => {
            report(Event::Broken(&e));
            Some(e)
        }
    };
    let diagnostics = Arc::new(builder.diagnostics(&warnings, stopped.as_ref()));
    report(Event::Checked(&diagnostics));
    let json = serde_json::to_string(&*diagnostics).unwrap_or_default();
    state.publish("diagnostics", |c| {
        c.diagnostics = diagnostics;
        c.diagnostics_json = Arc::from(json);
    });
}

//! What the server shows: the latest pages, e-book and diagnostics, and the browsers to
//! tell when any of them changes (Server-Sent Events).

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde_json::json;

use super::build::{Diagnostics, Ebook, Pages};

/// The latest of each step, replaced whole as each build step ends.
#[derive(Default)]
pub struct Current {
    /// Counts every change published, so the browser knows what it has.
    pub generation: u64,
    pub pages: Option<Arc<Pages>>,
    pub ebook: Option<Arc<Ebook>>,
    pub diagnostics: Arc<Diagnostics>,
    /// The same as JSON, written once per check (a long book has thousands).
    pub diagnostics_json: Arc<str>,
}

/// The shared state and the browsers listening for changes.
#[derive(Default)]
pub struct State {
    current: RwLock<Current>,
    listeners: Mutex<Vec<Sender<String>>>,
}

/// How often a quiet event stream sends a comment: a closed browser tab is noticed (the
/// write fails) and proxies keep the connection open.
const HEARTBEAT: Duration = Duration::from_secs(15);

impl State {
    /// A snapshot of the current state (cheap: its parts are shared).
    pub fn current(&self) -> Current {
        let c = self.current.read().unwrap_or_else(|p| p.into_inner());
        Current {
            generation: c.generation,
            pages: c.pages.clone(),
            ebook: c.ebook.clone(),
            diagnostics: Arc::clone(&c.diagnostics),
            diagnostics_json: Arc::clone(&c.diagnostics_json),
        }
    }

    /// Changes the state with `edit` and tells every browser what changed (`what`:
    /// `pages`, `ebook` or `diagnostics`).
    pub fn publish(&self, what: &str, edit: impl FnOnce(&mut Current)) {
        let generation = {
            let mut c = self.current.write().unwrap_or_else(|p| p.into_inner());
            edit(&mut c);
            c.generation += 1;
            c.generation
        };
        let event = format!(
            "event: update\ndata: {}\n\n",
            json!({ "generation": generation, "what": what })
        );
        let mut listeners = self.listeners.lock().unwrap_or_else(|p| p.into_inner());
        listeners.retain(|l| l.send(event.clone()).is_ok());
    }

    /// Streams events to one browser until it goes away: the HTTP head, then each event
    /// as published.
    pub fn stream(&self, mut out: Box<dyn Write + Send>) {
        let (tx, rx) = mpsc::channel();
        self.listeners
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: imprenta\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        forward(&rx, &mut *out);
    }
}

fn forward(rx: &Receiver<String>, out: &mut dyn Write) {
    loop {
        let message = match rx.recv_timeout(HEARTBEAT) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

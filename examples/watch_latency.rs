//! How long `imprenta watch` takes from saving a chapter to the browser being told the
//! pages changed, and how much memory it holds while doing so. Used by benches/watch.sh.
//!
//! cargo run --release --example watch_latency -- URL CHAPTER EDITS [PID]
//!
//! It listens to the server's event stream as a browser does, rewrites CHAPTER EDITS times
//! (the original text with one sentence added, a different one each time) and times each
//! save to its `pages` event and to its `ebook` event; with PID, it reads the server's
//! resident memory after every tenth edit.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, chapter, edits, rest @ ..] = args.as_slice() else {
        eprintln!("usage: watch_latency URL CHAPTER EDITS [PID]");
        std::process::exit(2);
    };
    let edits: usize = edits.parse().expect("EDITS is a number");
    let pid = rest.first();
    let address = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let events = listen(&address);
    let original = std::fs::read_to_string(chapter).expect("the chapter can be read");
    let (mut pages, mut ebook) = (Vec::new(), Vec::new());
    let mut memory = Vec::new();
    for i in 1..=edits {
        let text = format!("{original}\nUna frase añadida para medir, la número {i}.\n");
        let saved = Instant::now();
        std::fs::write(chapter, text).expect("the chapter can be written");
        pages.push(wait_for(&events, "pages", saved));
        ebook.push(wait_for(&events, "ebook", saved));
        // The build ends with the diagnostics: the next save comes after it.
        wait_for(&events, "diagnostics", saved);
        if let Some(pid) = pid.filter(|_| i % 10 == 0) {
            memory.push((i, resident_mb(pid)));
        }
    }
    std::fs::write(chapter, original).expect("the chapter can be restored");
    report("save → pages event", &mut pages);
    report("save → e-book event", &mut ebook);
    for (i, (rss, peak)) in memory {
        println!("after {i:>3} edits: resident {rss} MB, peak {peak} MB");
    }
}

/// The event stream's `what`s, as they arrive, with their time.
fn listen(address: &str) -> mpsc::Receiver<(String, Instant)> {
    let mut stream = TcpStream::connect(address).expect("the server answers");
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: {address}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("the request is sent");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let reader = BufReader::new(stream);
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(data) = line.strip_prefix("data: ") {
                let what = data
                    .split("\"what\":\"")
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .to_string();
                if tx.send((what, Instant::now())).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// Milliseconds from `since` to the next event `what`.
fn wait_for(events: &mpsc::Receiver<(String, Instant)>, what: &str, since: Instant) -> f64 {
    loop {
        let (got, at) = events
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("no `{what}` event within 30 s"));
        if got == what && at >= since {
            return at.duration_since(since).as_secs_f64() * 1000.0;
        }
    }
}

fn report(label: &str, times: &mut [f64]) {
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label}: min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms ({} edits)",
        at(0.0),
        at(0.5),
        at(0.9),
        at(1.0),
        times.len()
    );
}

/// Resident and peak resident memory of process `pid`, in MB.
fn resident_mb(pid: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

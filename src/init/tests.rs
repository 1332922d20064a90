//! `init`'s tests: what it writes, that it parses and builds cleanly, that it never
//! replaces anything.

use super::*;

/// Each table the README documents, then its keys.
const KEYS: &str = "book title subtitle authors language identifier publisher date rights \
    description subjects cover chapters quotes
    fonts regular italic bold bold_italic mono
    pdf trim width height font_size leading margin_inner margin_outer margin_top margin_bottom bleed
    print printer interior isbn standard
    epub page_list
    accessibility conforms_to certifier certifier_credential contact_email exemption summary
    check allow";

fn tables() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    KEYS.lines().map(|l| {
        let mut words = l.split_whitespace();
        (words.next().unwrap(), words.collect())
    })
}

/// Every entry under `dir`, relative, with its bytes (none for a folder or a broken link).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Option<Vec<u8>>)> {
    let (mut out, mut folders) = (Vec::new(), vec![dir.to_path_buf()]);
    while let Some(folder) = folders.pop() {
        for path in fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()) {
            if fs::symlink_metadata(&path).unwrap().is_dir() {
                folders.push(path.clone());
            }
            out.push((
                path.strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(&path).ok(),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn writes_exactly_the_manuscript_and_creates_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nuevo/libro");
    let names = [
        "book.toml",
        "01-primeros-pasos.md",
        "02-siguientes-pasos.md",
        "images/ejemplo.svg",
        ".gitignore",
    ];
    assert_eq!(init(&dir, "es").unwrap(), names.map(|n| dir.join(n)));
    let mut expected: Vec<PathBuf> = names.iter().chain(&["images"]).map(PathBuf::from).collect();
    expected.sort();
    assert_eq!(
        snapshot(&dir)
            .into_iter()
            .map(|(p, _)| p)
            .collect::<Vec<_>>(),
        expected
    );
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "build/\n"
    );
    let svg = fs::read_to_string(dir.join("images/ejemplo.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.root_element().has_attribute("viewBox"));
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert!(names.contains(&"title") && !names.contains(&"script") && !names.contains(&"text"));
    assert!(!svg.contains("href") && !svg.contains('@'), "{svg}");
}

#[test]
fn book_toml_documents_every_key_and_parses() {
    for (tag, words) in [
        ("es", "El título"),
        ("es-MX", "El título"),
        ("en", "The book's title"),
        ("fr", "The book's title"),
    ] {
        let (_, text) = templates(tag).swap_remove(0);
        assert!(text.contains(words), "{tag}");
        let config = crate::manuscript::config::parse(Path::new("book.toml"), &text).unwrap();
        assert_eq!(config.book.language, tag);
        assert!(!config.book.authors.is_empty() && config.book.date.is_none());
        let is_key = |line: &str| {
            tables()
                .flat_map(|(_, keys)| keys)
                .any(|k| line.starts_with(&format!("{k} = ")))
        };
        for (table, keys) in tables() {
            assert!(text.contains(&format!("\n[{table}]\n")), "{tag}: [{table}]");
            for key in keys {
                let set = text
                    .lines()
                    .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key} = ")));
                assert!(set, "{tag}: {key}");
            }
        }
        // Each commented value is one the parser takes, once uncommented; an exemption
        // excludes the claim, and the rule codes are checked against the rules below.
        let uncommented: Vec<&str> = text
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(key)
                    if is_key(key)
                        && !key.starts_with("exemption")
                        && !key.starts_with("allow") =>
                {
                    key
                }
                _ => l,
            })
            .collect();
        let all = crate::manuscript::config::parse(Path::new("book.toml"), &uncommented.join("\n"));
        assert!(all.is_ok(), "{tag}: {all:?}");
    }
    for code in ["es::numeros-miles", "tipo::comillas-rectas"] {
        assert!(
            crate::check::rules::CODES.iter().any(|(c, _)| *c == code),
            "{code}"
        );
    }
}

#[test]
fn refuses_anything_in_the_way_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("libro");
    init(&dir, "es").unwrap();
    fs::write(dir.join("book.toml"), "[book]\ntitle = \"Mío\"\n").unwrap();
    let before = snapshot(&dir);
    let refused = init(&dir, "es").unwrap_err();
    assert_eq!(refused.loc.unwrap().file.as_ref(), dir.join("book.toml"));
    assert_eq!(
        refused.message,
        "`book.toml` already exists, so nothing was written"
    );
    assert_eq!(snapshot(&dir), before);

    // A folder, a file where a folder goes, a broken link, a link to a folder elsewhere.
    type Obstacle = fn(&Path);
    let make: [(&str, Obstacle); 4] = [
        ("02-siguientes-pasos.md", |p| fs::create_dir(p).unwrap()),
        ("images", |p| fs::write(p, "").unwrap()),
        (".gitignore", |p| {
            std::os::unix::fs::symlink("nowhere", p).unwrap()
        }),
        ("images", |p| std::os::unix::fs::symlink("/tmp", p).unwrap()),
    ];
    for (i, (name, make)) in make.into_iter().enumerate() {
        let dir = tmp.path().join(format!("en-el-camino-{i}"));
        fs::create_dir(&dir).unwrap();
        make(&dir.join(name));
        let before = snapshot(&dir);
        let refused = init(&dir, "es").unwrap_err();
        assert_eq!(refused.loc.unwrap().file.as_ref(), dir.join(name));
        assert_eq!(snapshot(&dir), before, "{name}");
    }

    let file = tmp.path().join("un-archivo");
    fs::write(&file, "").unwrap();
    assert!(init(&file, "es")
        .unwrap_err()
        .message
        .ends_with("un-archivo is a file, not a folder"));
    let bad = init(&tmp.path().join("nuevo"), "es_ES").unwrap_err();
    assert_eq!(bad.message, "`es_ES` is not a BCP 47 language tag");
    assert!(!tmp.path().join("nuevo").exists());
}

/// A file that appears after the look (a race) stops the writing, and what was written
/// and the folders made are taken back.
#[test]
fn a_file_appearing_meanwhile_is_not_replaced_and_the_rest_is_taken_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nuevo");
    let files = templates("es");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(".gitignore"), "mío\n").unwrap();
    let refused = write_all(&dir, &files).unwrap_err();
    assert_eq!(refused.loc.unwrap().file.as_ref(), dir.join(".gitignore"));
    assert_eq!(
        snapshot(&dir),
        [(PathBuf::from(".gitignore"), Some("mío\n".into()))]
    );
    // The folders made on the way to the manuscript folder are taken back too.
    let twice = [("uno.md", String::new()), ("uno.md", String::new())];
    assert!(write_all(&tmp.path().join("a/b"), &twice).is_err());
    assert!(!tmp.path().join("a").exists());
}

#[test]
fn each_chapter_shows_the_markdown_a_book_needs() {
    let id = |text: &str| {
        let line = text
            .lines()
            .find(|l| l.starts_with("## ") && l.ends_with('}'))
            .unwrap();
        line[line.find("{#").unwrap() + 2..line.len() - 1].to_string()
    };
    for tag in ["es", "en"] {
        let files = templates(tag);
        let chapters = &files[1..3];
        for (i, (name, text)) in chapters.iter().enumerate() {
            let (other, other_text) = &chapters[1 - i];
            assert!(
                text.starts_with("# ") && text.contains("[^1]") && text.contains("\n[^1]: "),
                "{name}"
            );
            assert!(
                text.lines()
                    .any(|l| l.starts_with("![") && l.contains("](images/") && l.ends_with("\")")),
                "{name}"
            );
            assert!(
                text.contains(&format!("]({other}#{})", id(other_text))),
                "{name}"
            );
            assert!(text.contains("`imprenta check`") || other_text.contains("`imprenta check`"));
        }
    }
    let es = &templates("es")[1].1;
    assert!(
        es.contains("—¿Vienes? —preguntó Ana—. Es tarde.") && es.contains("«") && es.contains("“")
    );
}

#[test]
fn the_manuscript_reads_without_a_warning_or_a_proofreading_finding() {
    for tag in ["es", "en", "fr"] {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), tag).unwrap();
        let warnings = crate::diag::Warnings::new();
        crate::parse_book(tmp.path(), None, &warnings).unwrap();
        assert!(warnings.is_empty(), "{tag}: {:?}", warnings.sorted());
        let report = crate::check::check(tmp.path(), &warnings);
        assert!(
            report.errors.is_empty() && warnings.is_empty(),
            "{tag}: {:?}",
            report.errors
        );
        let findings: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
        assert!(findings.is_empty(), "{tag}: {findings:#?}");
        assert_eq!(report.chapter_count, 2);
    }
}

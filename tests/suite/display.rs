//! Display lines set as a compositor sets them by hand: titles, the half-title, the title
//! page, chapter titles and headings never hyphenated, a short word kept with the word
//! after it, the lines balanced.

use imprenta::diag::Warnings;
use imprenta::typeset::page::Role;

use crate::common::Scratch;

/// The lines of each display role on every page, in order.
fn display_lines(root: &std::path::Path) -> Vec<(usize, Role, String)> {
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(root, Some(0), &warnings).expect("parses");
    let layout = imprenta::layout(&parsed, &warnings).expect("lays out");
    let mut out = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        for line in &page.lines {
            if matches!(line.role, Role::Heading(_) | Role::FrontMatter) {
                out.push((i, line.role, line.text.clone()));
            }
        }
    }
    out
}

#[test]
fn titles_and_headings_are_balanced_unhyphenated_and_keep_short_words() {
    let scratch = Scratch::new("display-lines");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"El ingenioso hidalgo don Quijote de la Mancha\"\nauthors = [\"Miguel de Cervantes Saavedra\"]\n",
    );
    scratch.write(
        "libro/01-uno.md",
        format!(
            "# Que trata de la condición y ejercicio del famoso hidalgo don Quijote de la Mancha\n\n{}\n\n## Donde se cuenta la graciosa manera que tuvo don Quijote en armarse caballero\n\n{}\n",
            "En un lugar de la Mancha vivía un hidalgo. ".repeat(40),
            "Lo que sigue es la historia. ".repeat(40)
        ),
    );
    let lines = display_lines(&scratch.path("libro"));
    let text = |role: Role| -> Vec<&str> {
        lines
            .iter()
            .filter(|(_, r, _)| *r == role)
            .map(|(_, _, t)| t.as_str())
            .collect()
    };
    // The half-title (small capitals) and the title page: two even lines where the
    // full measure would leave «de la Mancha» or «Man-/cha» alone.
    let front = text(Role::FrontMatter);
    assert_eq!(
        front[..2],
        ["el ingenioso hidalgo", "don quijote de la mancha"],
        "{front:?}"
    );
    assert!(
        front
            .windows(2)
            .any(|w| w == ["El ingenioso hidalgo", "don Quijote de la Mancha"]),
        "{front:?}"
    );
    // No display line (the half-title and title pages, the headings; not the
    // copyright page's notes) ends in a hyphen or a short word; a number may end one
    // («capítulo 1»).
    let display = lines
        .iter()
        .filter(|(page, role, _)| *page <= 2 || matches!(role, Role::Heading(_)));
    for (page, role, line) in display {
        assert!(
            !line.ends_with('-'),
            "page {page}, {role:?}: «{line}» hyphenated"
        );
        let last = line.split_whitespace().last().unwrap_or("");
        assert!(
            last.chars().count() > 3
                || last.chars().all(|c| c.is_ascii_digit())
                || line.split_whitespace().count() == 1,
            "page {page}, {role:?}: «{line}» ends on a short word"
        );
    }
    for role in [Role::Heading(1), Role::Heading(2)] {
        let heading: Vec<&str> = text(role)
            .into_iter()
            .filter(|l| !l.starts_with("capítulo"))
            .collect();
        let words: Vec<usize> = heading
            .iter()
            .map(|l| l.split_whitespace().count())
            .collect();
        assert!(heading.len() >= 2, "{role:?}: {heading:?}");
        assert!(
            words.iter().all(|&n| n >= 2),
            "{role:?}: a word alone on a line: {heading:?}"
        );
    }
}

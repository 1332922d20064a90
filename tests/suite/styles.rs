//! The named styles (`[style] name`): each builds the sample book with its own chapter
//! label, ornament and page furniture, and still without a widow, an orphan or an
//! overfull line; the e-book follows (its ornament, its titles), and EPUBCheck and Ace
//! pass.

use std::path::{Path, PathBuf};

use imprenta::diag::Warnings;
use imprenta::typeset::page::{Item, Role};

use crate::common;

/// A copy of the sample book with `[style]` set to `style`, its fonts found where they are.
fn sample_in(style: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let to = common::scratch_dir().join(format!("estilo-{style}"));
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(to.join("images")).unwrap();
    for entry in std::fs::read_dir(&from)
        .unwrap()
        .chain(std::fs::read_dir(from.join("images")).unwrap())
    {
        let path = entry.unwrap().path();
        if path.is_file() {
            let relative = path.strip_prefix(&from).unwrap();
            std::fs::copy(&path, to.join(relative)).unwrap();
        }
    }
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let toml = std::fs::read_to_string(from.join("book.toml"))
        .unwrap()
        .replace("\"../fonts/", &format!("\"{}/", fonts.display()));
    std::fs::write(
        to.join("book.toml"),
        format!("{toml}\n[style]\nname = \"{style}\"\n"),
    )
    .unwrap();
    to
}

/// The runs of `role` on page `i`, with their left edge.
fn runs(layout: &imprenta::typeset::Layout, i: usize, role: Role) -> Vec<(f32, String)> {
    layout.pages[i]
        .items
        .iter()
        .filter(|p| p.role == role)
        .filter_map(|p| match &p.item {
            Item::Text(run) => Some((p.at.x, run.text.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_style_sets_the_sample_cleanly() {
    for (style, label, ornament) in [
        // Charis SIL has no ⁂ nor ❧: each design takes the next ornament it names.
        ("imprenta", "Capítulo 1", "* * *"),
        ("clásico", "Capítulo primero", "· · ·"),
        ("moderno", "Capítulo 1", "* * *"),
        ("sobrio", "Capítulo I", "•"),
    ] {
        let root = sample_in(style);
        let warnings = Warnings::new();
        let parsed = imprenta::parse_book(&root, None, &warnings).expect("parses");
        let first = (0..parsed.book.chapters.len())
            .find_map(|i| parsed.book.chapter_label(i))
            .expect("a label");
        assert_eq!(first, label, "{style}");
        let layout = imprenta::layout(&parsed, &warnings).expect("lays out");
        assert_eq!(layout.stats.overfull, 0, "{style}: overfull lines");
        for (n, page) in layout.pages.iter().enumerate() {
            let (Some(first), Some(last)) = (page.lines.first(), page.lines.last()) else {
                continue;
            };
            assert!(
                !(first.count > 1 && first.index + 1 == first.count),
                "{style} p. {n}: widow"
            );
            assert!(
                !(last.count > 1 && last.index == 0),
                "{style} p. {n}: orphan"
            );
        }
        let scene = (0..layout.pages.len())
            .map(|i| runs(&layout, i, Role::SceneBreak))
            .find(|r| !r.is_empty())
            .map(|r| {
                r.into_iter()
                    .map(|(_, t)| t.trim().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        assert_eq!(scene.as_deref(), Some(ornament), "{style}");

        // The furniture of a body page after the first chapter's opening, a verso and a
        // recto: where the head and the folio stand.
        let verso = (layout.front_pages + 2..layout.pages.len())
            .find(|&i| i % 2 == 1 && !runs(&layout, i, Role::RunningHead).is_empty())
            .expect("a verso with a head");
        let recto = verso + 1;
        let head = |i| runs(&layout, i, Role::RunningHead)[0].0;
        let folio = |i| runs(&layout, i, Role::Folio)[0].0;
        let width = layout.pages[recto].width;
        match style {
            "moderno" => {
                // Folio at the outer edge of the head's line, the head beside it.
                assert!(folio(recto) > head(recto), "recto: head, then folio");
                assert!(folio(verso) < head(verso), "verso: folio, then head");
                assert!(folio(recto) > width * 0.75);
            }
            "sobrio" => {
                let middle = width / 2.0;
                assert!((folio(recto) - middle).abs() < 20.0, "folio centred");
                assert!((folio(verso) - middle).abs() < 20.0, "folio centred");
            }
            _ => {
                assert!(
                    folio(recto) > width * 0.75 && folio(verso) < width * 0.25,
                    "outer foot"
                );
            }
        }

        let epub = imprenta::render_epub(&parsed, Some(&layout), &warnings).expect("the EPUB");
        let css = common::text_of(&epub, "OEBPS/stylesheet.css");
        assert!(
            css.contains(&format!("content: \"{ornament}\";")),
            "{style}"
        );
        assert_eq!(
            css.contains("text-align: left;\n}\n") && style == "moderno",
            style == "moderno"
        );
        // The first paragraph as the design opens it, in both books.
        let drops = matches!(style, "clásico" | "moderno");
        let caps = matches!(style, "clásico" | "sobrio");
        let chapter = common::text_of(&epub, "OEBPS/cap-01.xhtml");
        assert_eq!(
            chapter.contains("<span class=\"capitular\">Q</span>uien"),
            drops,
            "{style}"
        );
        assert_eq!(
            chapter.contains("<p class=\"inicial versalitas\">"),
            caps,
            "{style}"
        );
        let opening = (layout.front_pages..layout.pages.len())
            .find(|&i| {
                layout.pages[i]
                    .lines
                    .iter()
                    .any(|l| l.text.contains("uien viaja"))
            })
            .expect("chapter 1's opening");
        let dropped = layout.pages[opening].items.iter().any(
            |p| matches!(&p.item, Item::Text(run) if &*run.text == "Q" && run.size > 2.0 * 10.5),
        );
        assert_eq!(dropped, drops, "{style}: the printed drop cap");
        let path = root.with_extension("epub");
        std::fs::write(&path, epub).unwrap();
        common::assert_validators_pass(&path);
    }
}

#[test]
fn an_unknown_style_is_refused_with_the_known_ones() {
    let scratch = common::Scratch::with_book("estilo-desconocido");
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n\n[style]\nname = \"barroco\"\n",
    );
    common::assert_refused(
        &scratch,
        "book.toml:6: `barroco` is not a style imprenta has",
    );
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n\n[style]\nlabel = \"letters\"\n",
    );
    common::assert_refused(
        &scratch,
        "book.toml:6: `label` is `letters`, which it cannot be",
    );
}

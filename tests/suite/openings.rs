//! A chapter's opening paragraph as the style opens it (`tests/fixtures/capitular`, in
//! clásico): a three-line drop cap standing on the third line's baseline, its capital as
//! tall as from the first line's cap height, the opening « or —¿ dropped with it; the
//! first line in small caps, filled and justified; a short paragraph keeping its letter;
//! a Q whose tail narrows a fourth line; a paragraph shorter than its drop cap, the next
//! starting below the letter; a one-letter first word; a line break ending the first line;
//! the manuscript's image between scenes. The e-book says the same with a span the drop
//! cap stylesheet floats.

use std::collections::BTreeMap;

use imprenta::typeset::page::{Item, Page, Placed, Role, Tag, TextRun};

use crate::common;

const FIXTURE: &str = "tests/fixtures/capitular";

/// The page on which the paragraph opening with `words` starts.
fn page_of<'a>(pages: &'a [std::sync::Arc<Page>], words: &str) -> &'a Page {
    pages
        .iter()
        .find(|p| {
            p.lines
                .iter()
                .any(|l| l.index == 0 && l.text.contains(words))
        })
        .unwrap_or_else(|| panic!("no page opens «{words}»"))
}

/// The running text's runs on a page (a drop cap's aside), by baseline, left to right.
fn lines(page: &Page) -> Vec<(f32, Vec<(f32, &TextRun)>)> {
    let mut by_y: BTreeMap<i64, Vec<(f32, &TextRun)>> = BTreeMap::new();
    for p in page.items.iter().filter(|p| p.role == Role::Paragraph) {
        if let Item::Text(run) = &p.item {
            if run.size > 12.0 {
                continue;
            }
            by_y.entry((p.at.y * 10.0).round() as i64)
                .or_default()
                .push((p.at.x, run));
        }
    }
    by_y.into_iter()
        .map(|(y, mut runs)| {
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            (y as f32 / 10.0, runs)
        })
        .collect()
}

/// Which of `lines` holds `words` (the runs of a line joined, without spaces).
fn line_with(lines: &[(f32, Vec<(f32, &TextRun)>)], words: &str) -> usize {
    let words = words.replace(' ', "");
    lines
        .iter()
        .position(|(_, runs)| {
            let joined: String = runs.iter().map(|(_, r)| &*r.text).collect();
            joined.replace(' ', "").contains(&words)
        })
        .unwrap_or_else(|| panic!("no line holds «{words}»"))
}

/// The drop cap's runs on a page: those set larger than twice the text, as an initial.
fn initial(page: &Page) -> Vec<&Placed> {
    page.items
        .iter()
        .filter(|p| matches!(&p.item, Item::Text(run) if run.size > 21.0))
        .filter(|p| p.role == Role::Initial)
        .collect()
}

fn text_of(p: &Placed) -> &TextRun {
    match &p.item {
        Item::Text(run) => run,
        _ => panic!("not text"),
    }
}

/// The text face's capital height, in ems.
fn cap_height() -> f32 {
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/CharisSIL-Regular.ttf"
    ))
    .expect("the bundled face");
    let face = rustybuzz::ttf_parser::Face::parse(&data, 0).expect("a font");
    f32::from(face.capital_height().expect("a cap height")) / f32::from(face.units_per_em())
}

/// Whether a run is set in small caps: its lower-case letters are not the face's own
/// lower-case glyphs (the `smcp` feature swapped them).
fn small_caps(run: &TextRun, data: &[u8]) -> bool {
    let face = rustybuzz::ttf_parser::Face::parse(data, 0).expect("a font");
    let lower: Vec<u16> = run
        .text
        .chars()
        .filter(|c| c.is_lowercase())
        .filter_map(|c| face.glyph_index(c).map(|g| g.0))
        .collect();
    !lower.is_empty() && !run.glyphs.iter().any(|g| lower.contains(&g.gid))
}

#[test]
fn a_drop_cap_sinks_three_lines_and_stands_on_the_third() {
    let fixture = common::fixture(FIXTURE);
    let layout = fixture.layout();
    let leading = 13.5;
    let text_size = 10.5;
    let cap = cap_height();
    for (opens, marks, letter, narrowed) in [
        ("adie sabe", "«", "N", 3),
        ("uién anda", "—¿", "Q", 4),
        ("uedaba la", "", "Q", 4),
    ] {
        let page = page_of(&layout.pages, opens);
        let initial = initial(page);
        let letter_run = initial
            .iter()
            .find(|p| &*text_of(p).text == letter)
            .unwrap_or_else(|| panic!("no dropped {letter} before «{opens}»: {initial:?}"));
        let lines = lines(page);
        let first = line_with(&lines, opens);
        let (y0, _) = lines[first];
        // On the third line's baseline, the top of the capital at the first line's cap
        // height.
        assert!(
            (letter_run.at.y - (y0 + 2.0 * leading)).abs() < 0.06,
            "{letter}: baseline {} for lines from {y0}",
            letter_run.at.y
        );
        let size = text_of(letter_run).size;
        let top = letter_run.at.y - cap * size;
        assert!(
            (top - (y0 - cap * text_size)).abs() < 0.05,
            "{letter}: its capital's top at {top}, the first line's at {}",
            y0 - cap * text_size
        );
        // The marks drop with it, smaller, before it.
        if !marks.is_empty() {
            let mark = initial
                .iter()
                .find(|p| &*text_of(p).text == marks)
                .unwrap_or_else(|| panic!("«{marks}» not dropped: {initial:?}"));
            assert!(mark.at.x < letter_run.at.x);
            assert!((text_of(mark).size / size - 0.6).abs() < 0.01);
        }
        // The lines beside it (one more for a Q's tail) start after it; the next at the
        // margin.
        let right = letter_run.at.x + text_of(letter_run).width;
        for (i, (y, runs)) in lines[first..first + narrowed + 1].iter().enumerate() {
            let left = runs
                .iter()
                .filter(|(_, r)| r.size < 12.0)
                .map(|(x, _)| *x)
                .fold(f32::MAX, f32::min);
            if i < narrowed {
                assert!(
                    left > right,
                    "{letter}: line {i} at {y} starts at {left}, within it"
                );
            } else {
                assert!(left < right - 10.0, "{letter}: line {i} is still narrowed");
            }
        }
    }
    // A paragraph too short for three lines keeps its letter.
    let page = page_of(&layout.pages, "errado.");
    assert!(initial(page).is_empty(), "«Cerrado.» dropped its C");
    assert_eq!(layout.stats.overfull, 0);
    // The tagged PDF reads the word whole.
    if let Some(pdfinfo) = common::tool("pdfinfo") {
        let screen = fixture.screen();
        let (ok, out, _) = common::run(
            &pdfinfo,
            &[
                std::ffi::OsStr::new("-struct-text"),
                screen.path.as_os_str(),
            ],
        );
        assert!(ok);
        assert!(
            out.contains("\"«Nadie sabe cuándo vuelve el tren»"),
            "{out}"
        );
        assert!(out.contains("\"—¿Quién anda ahí?"), "{out}");
    } else {
        common::missing("pdfinfo");
    }
}

#[test]
fn the_first_line_is_set_in_small_caps_and_filled() {
    let layout = common::fixture(FIXTURE).layout();
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/CharisSIL-Regular.ttf"
    ))
    .expect("the bundled face");
    for opens in ["adie sabe", "uién anda", "uedaba la", "errado."] {
        let page = page_of(&layout.pages, opens);
        let lines = lines(page);
        let first = line_with(&lines, opens);
        let words = |i: usize| -> Vec<&TextRun> {
            lines[i]
                .1
                .iter()
                .map(|(_, r)| *r)
                .filter(|r| r.size < 12.0 && r.text.chars().any(char::is_lowercase))
                .collect()
        };
        assert!(
            words(first).iter().all(|r| small_caps(r, &data)),
            "«{opens}»: {:?}",
            words(first).iter().map(|r| &*r.text).collect::<Vec<_>>()
        );
        if opens == "errado." {
            continue;
        }
        assert!(
            words(first + 1).iter().all(|r| !small_caps(r, &data)),
            "«{opens}»: the second line is not in small caps"
        );
        // Filled: the first line ends where the second (justified) does.
        let end = |i: usize| {
            lines[i]
                .1
                .iter()
                .map(|(x, r)| x + r.width)
                .fold(0.0f32, f32::max)
        };
        assert!(
            (end(first) - end(first + 1)).abs() < 0.2,
            "«{opens}»: the first line ends at {}, the second at {}",
            end(first),
            end(first + 1)
        );
    }
}

#[test]
fn the_scene_break_is_the_manuscript_s_image() {
    let fixture = common::fixture(FIXTURE);
    let book = fixture.book();
    let id = book.style.scene_image.expect("the style's image");
    assert!(book.images[id].path.ends_with("vineta.svg"));
    let images: Vec<&Placed> = fixture
        .layout()
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter(|p| p.role == Role::SceneBreak)
        .collect();
    assert_eq!(images.len(), 1, "{images:?}");
    assert!(matches!(images[0].item, Item::Image { image, .. } if image == id));
    assert_eq!(images[0].tag, Tag::Artifact, "decoration, not text");
    let epub = &fixture.epub().bytes;
    let chapter = common::text_of(epub, "OEBPS/cap-01.xhtml");
    let href = "img/imagen-01.svg";
    assert!(
        chapter.contains(&format!(
            "<div class=\"escena\" role=\"separator\"><img src=\"{href}\" alt=\"\"/></div>"
        )),
        "{chapter}"
    );
    assert!(!chapter.contains("<hr"));
}

#[test]
fn the_e_book_opens_with_a_span_its_own_stylesheet_floats() {
    let fixture = common::fixture(FIXTURE);
    let epub = &fixture.epub();
    let chapter = |n: u8| common::text_of(&epub.bytes, &format!("OEBPS/cap-0{n}.xhtml"));
    assert!(chapter(1)
        .contains("<p class=\"inicial versalitas\"><span class=\"capitular\">«N</span>adie sabe"));
    assert!(chapter(2).contains("<span class=\"capitular\">—¿Q</span>uién anda"));
    assert!(chapter(3).contains("<p class=\"inicial versalitas\">Cerrado.</p>"));
    for n in 1..=4 {
        assert!(chapter(n)
            .contains("<link rel=\"stylesheet\" type=\"text/css\" href=\"capitulares.css\"/>"));
    }
    let sheet = common::text_of(&epub.bytes, "OEBPS/capitulares.css");
    assert!(sheet.contains("@supports (float: left)") && sheet.contains("float: left;"));
    // The main stylesheet stays one RMSDK can read: no @supports in it.
    let css = common::text_of(&epub.bytes, "OEBPS/stylesheet.css");
    assert!(!css.contains("@supports"));
    assert!(css.contains("p.versalitas:first-line {\n  font-variant: small-caps;"));
    let opf = common::text_of(&epub.bytes, "OEBPS/content.opf");
    assert!(opf.contains("href=\"capitulares.css\""));
    common::assert_validators_pass(&epub.path);
}

#[test]
fn the_house_style_opens_plainly() {
    let sample = common::fixture("manuscript");
    let chapter = common::text_of(&sample.epub().bytes, "OEBPS/cap-01.xhtml");
    assert!(!chapter.contains("inicial") && !chapter.contains("capitulares.css"));
    assert!(initial(page_of(&sample.layout().pages, "Quien viaja")).is_empty());
}

#[test]
fn opening_keys_are_read_and_checked() {
    let scratch = common::Scratch::with_book("estilo-apertura");
    let body = "Había una vez, en un pueblo del altiplano, una mujer que tejía mantas de \
                colores para los viajeros que pasaban por la estación sin detenerse nunca.";
    scratch.write("libro/01-uno.md", format!("# Uno\n\n{body}\n"));
    let toml = |style: &str| {
        format!("[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n\n[style]\n{style}")
    };
    scratch.write(
        "libro/book.toml",
        toml("drop_cap = \"two-lines\"\ndrop_cap_face = \"bold\"\nfirst_line = \"small-caps\"\n"),
    );
    let chapter = common::text_of(&scratch.epub(), "OEBPS/cap-01.xhtml");
    assert!(
        chapter.contains("<p class=\"inicial versalitas\"><span class=\"capitular\">H</span>abía")
    );
    let epub = scratch.epub();
    let sheet = common::text_of(&epub, "OEBPS/capitulares.css");
    assert!(sheet.contains("dropped 2 lines") && sheet.contains("font-weight: bold;"));

    scratch.write("libro/book.toml", toml("drop_cap_face = \"bold\"\n"));
    common::assert_refused(
        &scratch,
        "book.toml:6: `drop_cap_face` is set but the style has no drop cap",
    );
    scratch.write("libro/book.toml", toml("drop_cap = \"four-lines\"\n"));
    common::assert_refused(
        &scratch,
        "book.toml:6: `drop_cap` is `four-lines`, which it cannot be",
    );
    scratch.write(
        "libro/book.toml",
        toml("ornament_image = \"../vineta.png\"\n"),
    );
    common::assert_refused(
        &scratch,
        "book.toml:6: image `../vineta.png` is outside the manuscript folder",
    );
}

#[test]
fn short_paragraphs_one_letter_words_and_line_breaks() {
    let fixture = common::fixture(FIXTURE);
    let layout = fixture.layout();
    let leading = 13.5;
    // A paragraph of three lines beside a Q that narrows four: the next paragraph starts
    // below the letter's last hung line, on the grid.
    let page = page_of(&layout.pages, "uien espera");
    let set = lines(page);
    let first = line_with(&set, "uien espera");
    let next = line_with(&set, "Otra cosa");
    assert_eq!(next - first, 3, "the paragraph sets in three lines");
    assert!(
        (set[next].0 - (set[first].0 + 4.0 * leading)).abs() < 0.06,
        "the next paragraph at {}, the first line at {}",
        set[next].0,
        set[first].0
    );
    assert!(initial(page).iter().any(|p| &*text_of(p).text == "Q"));
    // Both books drop it.
    let epub = &fixture.epub().bytes;
    assert!(common::text_of(epub, "OEBPS/cap-06.xhtml")
        .contains("<span class=\"capitular\">Q</span>uien espera"));

    // «A la mañana»: the letter is a word; its line reads with the space.
    let page = page_of(&layout.pages, "la mañana siguiente");
    assert!(
        page.text_lines()
            .iter()
            .any(|l| l.starts_with("A la mañana siguiente")),
        "{:?}",
        page.text_lines()
    );
    assert!(common::text_of(epub, "OEBPS/cap-05.xhtml")
        .contains("<span class=\"capitular\">A</span> la mañana"));
    // The preview's text layer reads a drop cap with its line.
    let page = page_of(&layout.pages, "adie sabe");
    assert!(
        page.text_lines()
            .iter()
            .any(|l| l.starts_with("«Nadie sabe cuándo")),
        "{:?}",
        page.text_lines()
    );
    if let Some(pdfinfo) = common::tool("pdfinfo") {
        let (ok, out, _) = common::run(
            &pdfinfo,
            &[
                std::ffi::OsStr::new("-struct-text"),
                fixture.screen().path.as_os_str(),
            ],
        );
        assert!(ok);
        assert!(out.contains("\"A la mañana siguiente"), "{out}");
    } else {
        common::missing("pdfinfo");
    }

    // «Querida madre:\» ends the first line: it alone is in small caps.
    let data = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/CharisSIL-Regular.ttf"
    ))
    .expect("the bundled face");
    let page = page_of(&layout.pages, "uerida madre");
    let set = lines(page);
    let first = line_with(&set, "uerida madre:");
    let caps = |i: usize| {
        set[i]
            .1
            .iter()
            .filter(|(_, r)| r.text.chars().any(char::is_lowercase))
            .all(|(_, r)| small_caps(r, &data))
    };
    assert!(caps(first));
    assert!(
        !caps(first + 1),
        "the line after the author's break is not in small caps"
    );
}

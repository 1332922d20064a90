//! The finer points of the page, read from the layout of `tests/fixtures/tipografia`:
//! running heads in letterspaced small caps.

use std::str::FromStr;

use imprenta::typeset::page::{Item, Page, Placed, Role, TextRun};
use imprenta::typeset::Layout;
use rustybuzz::{Face, Feature, UnicodeBuffer};

use crate::common;

const FIXTURE: &str = "tests/fixtures/tipografia";

fn layout() -> &'static Layout {
    common::fixture(FIXTURE).layout()
}

/// The bundled text face, which sets the fixture.
fn charis() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/CharisSIL-Regular.ttf");
    std::fs::read(path).expect("the bundled face")
}

fn runs(page: &Page) -> impl Iterator<Item = (&Placed, &TextRun)> {
    page.items.iter().filter_map(|p| match &p.item {
        Item::Text(run) => Some((p, run)),
        _ => None,
    })
}

/// Small caps want 5 to 10 % of their size between letters: the running head's glyphs
/// stand each where Charis SIL's small caps (kerning included) put it, plus the tracking,
/// and nothing is added after the last letter (the head is centred on its letters).
#[test]
fn running_heads_are_letterspaced_small_caps() {
    let data = charis();
    let face = Face::from_slice(&data, 0).expect("a face");
    let smcp = Feature::from_str("smcp").expect("a feature");
    let heads: Vec<&TextRun> = layout()
        .pages
        .iter()
        .flat_map(|page| runs(page).filter(|(p, _)| p.role == Role::RunningHead))
        .map(|(_, run)| run)
        .collect();
    assert!(
        !heads.is_empty(),
        "the fixture has a page with a running head"
    );
    for run in heads {
        assert_eq!(&*run.text, "detalles de imprenta");
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&run.text);
        let solid = rustybuzz::shape(&face, &[smcp], buffer);
        let gids: Vec<u16> = solid
            .glyph_infos()
            .iter()
            .map(|i| i.glyph_id as u16)
            .collect();
        let set: Vec<u16> = run.glyphs.iter().map(|g| g.gid).collect();
        assert_eq!(gids, set, "the head is set in the face's small caps");
        let scale = run.size / face.units_per_em() as f32;
        let advances: Vec<f32> = solid
            .glyph_positions()
            .iter()
            .map(|p| p.x_advance as f32 * scale)
            .collect();
        for (i, pair) in run.glyphs.windows(2).enumerate() {
            let tracking = (pair[1].x - pair[0].x - advances[i]) / run.size;
            assert!(
                (0.05..=0.10).contains(&tracking),
                "{tracking} em after glyph {i} of «{}»",
                run.text
            );
        }
        let (last, advance) = (run.glyphs.last().unwrap(), advances.last().unwrap());
        assert!(
            (run.width - (last.x + advance)).abs() < 0.01,
            "{}",
            run.width
        );
    }
}

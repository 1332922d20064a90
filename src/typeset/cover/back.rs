//! The back panel: the back cover's text and the ISBN's barcode in its box.

use super::{barcode, keep, stack, CoverSpec, Isbn, Setter};
use crate::diag::{Diagnostic, Loc, Result, Warnings};
use crate::typeset::flow::{Display, Flow};
use crate::typeset::page::{Item, Placed, Point, Role};

/// The back: its text a little larger than the book's on the panel's measure (smaller,
/// down to 8 pt, when it would not fit above the barcode's box), and the barcode.
pub(super) fn back(
    setter: &mut Setter,
    spec: &CoverSpec,
    warnings: &Warnings,
    items: &mut Vec<Placed>,
) -> Result<()> {
    let area = &spec.barcode;
    let box_top = spec.height - area.from_foot - area.height;
    if let Some(isbn) = &spec.isbn {
        let placed = setter.set(warnings, |flow| barcode_box(flow, isbn, spec));
        items.extend(placed);
    }
    let floor = box_top - spec.margin / 2.0;
    let blocks = &setter.book.back_cover;
    if blocks.is_empty() {
        return Ok(());
    }
    let design = (setter.design.font_size, setter.design.leading);
    let measure = spec.width - 2.0 * spec.margin;
    // A back cover is read at arm's length in a shop: a tenth larger than the page, set
    // an inch from the head.
    let top = 2.0 * spec.margin;
    let mut set = |size: f32| {
        let leading = size * design.1 / design.0;
        let (lines, said) =
            setter.try_set(|flow| flow.cover_blocks(blocks, measure, size, leading));
        let (placed, depth) = stack(lines, spec.margin, top);
        (placed, depth, said)
    };
    // The smallest size first: a text too long even at 8 pt (a novel named as the back
    // by mistake) is refused after one setting, not nine.
    let (smallest, depth, said) = set(SMALLEST);
    if depth > floor {
        // Where the text begins: its file's first block (the description's, at
        // book.toml, has no line of the file's).
        return Err(Diagnostic::at(
            Loc::file(&*blocks[0].loc().file),
            format!(
                "the back cover's text does not fit on the back: at 8 pt it runs {:.0} mm below the room it has",
                (depth - floor) / 72.0 * 25.4
            ),
        )
        .with_hint("shorten it, or write a shorter text for the back in [cover] back"));
    }
    let mut size = (1.1 * design.0 * 2.0).round() / 2.0;
    while size > SMALLEST {
        let (placed, depth, said) = set(size);
        if depth <= floor {
            items.extend(placed);
            keep(said, warnings);
            return Ok(());
        }
        size -= 0.5;
    }
    items.extend(smallest);
    keep(said, warnings);
    Ok(())
}

/// The smallest size the back's text is set at.
const SMALLEST: f32 = 8.0;

/// The barcode centred in its box.
fn barcode_box(flow: &mut Flow<'_, '_, '_>, isbn: &Isbn, spec: &CoverSpec) -> Vec<Placed> {
    let code = &spec.barcode;
    let box_left = spec.width - code.from_fold - code.width;
    let box_top = spec.height - code.from_foot - code.height;
    let label_size = 8.0;
    let label_gap = label_size * 1.25;
    let symbol_w = barcode::WIDTH_MODULES as f32 * barcode::MODULE;
    // As large as the box allows, between the 80 % GS1 allows and 100 %.
    let room = code.height - label_gap;
    let scale = (room / barcode::height(1.0))
        .min(code.width / symbol_w)
        .clamp(0.8, 1.0);
    let top = box_top + (code.height - label_gap - barcode::height(scale)) / 2.0 + label_gap;
    let left = box_left + (code.width - symbol_w * scale) / 2.0;
    let look = |size: f32| Display {
        size,
        leading: size,
        ..Display::default()
    };
    let mut items = Vec::new();
    let label = flow.cover_run(&format!("ISBN {}", isbn.written), look(label_size), true);
    items.push(Placed {
        tag: crate::typeset::page::Tag::Artifact,
        at: Point {
            x: left + (symbol_w * scale - label.width) / 2.0,
            y: top - 0.35 * label_size,
        },
        role: Role::Figure,
        item: Item::Text(label),
    });
    let digit_size = barcode::DIGIT_SIZE * scale;
    items.extend(barcode::draw(
        &isbn.digits,
        Point { x: left, y: top },
        scale,
        &mut |text| flow.cover_run(text, look(digit_size), true),
    ));
    items
}

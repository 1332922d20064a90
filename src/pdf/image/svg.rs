//! SVG figures as Form XObjects of vectors. usvg parses the drawing, setting its text in
//! the book's own fonts and never the system's (so every machine writes the same bytes);
//! svg2pdf turns it into a one-page PDF; that page's content and resources, with every
//! reference resolved, become a Form XObject whose `/Matrix` maps the drawing onto the
//! unit square. An `<image>` inside the SVG may only be a `data:` URL: a figure never
//! makes imprenta read another file.

use std::sync::Arc;

use lopdf::{Dictionary, Document, Object};
use svg2pdf::{ConversionOptions, PageOptions};
use usvg::{fontdb, ImageHrefResolver};

use super::{name, stream as figure, Figure};
use crate::ir::{Fonts, Image};

/// How much of svg2pdf's page may be copied: one unit an object, one a KiB of stream.
/// Shared objects (a font used by two groups) are copied once per use, so a drawing
/// built to multiply them is refused rather than filling the memory.
const COPY_BUDGET: u64 = 1 << 18;

/// How deep copied objects may nest (each group with opacity nests a form, some five
/// levels of objects): deeper drawings are refused rather than exhausting the stack.
const MAX_DEPTH: u32 = 256;

/// How far outside its own box a drawing may reach, in box sizes: farther, its shapes
/// (a circle of radius 10³⁸) would cost svg2pdf minutes and gigabytes.
const MAX_OVERFLOW: f32 = 64.0;

/// The SVG as a Form XObject's stream, or why it cannot be one; `fonts: None` drops its
/// text.
pub(super) fn form(image: &Image, fonts: Option<&Fonts>) -> Result<Figure, String> {
    let tree = usvg::Tree::from_data(&image.data, &options(fonts))
        .map_err(|e| format!("it cannot be read as SVG ({e})"))?;
    let (width, height) = (tree.size().width(), tree.size().height());
    let reach = tree.root().abs_stroke_bounding_box();
    let far = |a: f32, size: f32| !a.is_finite() || a.abs() > MAX_OVERFLOW * size.max(1.0);
    if [reach.left(), reach.right()].iter().any(|&x| far(x, width))
        || [reach.top(), reach.bottom()]
            .iter()
            .any(|&y| far(y, height))
    {
        return Err(format!(
            "its shapes reach more than {MAX_OVERFLOW} times its own size outside it"
        ));
    }
    // At 72 dpi one SVG pixel is one PDF unit and svg2pdf scales nothing itself: its
    // gradients are placed in SVG units, which a scaling of its own would not reach.
    let page = PageOptions { dpi: 72.0 };
    let convert = |embed_text| {
        let conversion = ConversionOptions {
            // The writer compresses every stream at the end; svg2pdf's fonts come deflated.
            compress: false,
            // Real text, which readers can search and copy; outlines if embedding fails.
            embed_text,
            ..ConversionOptions::default()
        };
        svg2pdf::to_pdf(&tree, conversion, page)
    };
    let pdf = match convert(fonts.is_some()) {
        Err(_) if fonts.is_some() => convert(false),
        converted => converted,
    }
    .map_err(|e| match e {
        // PDF viewers keep at most 28 graphics states saved (ISO 32000-1, annex C).
        svg2pdf::ConversionError::TooMuchNesting => {
            "its groups nest deeper than the 28 levels a PDF may".to_string()
        }
        e => format!("it cannot be converted ({e})"),
    })?;
    let unreadable = || "its conversion could not be read back".to_string();
    let doc = Document::load_mem(&pdf).map_err(|_| unreadable())?;
    let page_id = doc.page_iter().next().ok_or_else(unreadable)?;
    let page = doc.get_dictionary(page_id).map_err(|_| unreadable())?;
    let content = doc.get_page_content(page_id);

    let mut budget = Budget {
        objects: COPY_BUDGET,
        depth: MAX_DEPTH,
    };
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Form"));
    dict.set(
        "BBox",
        Object::Array(
            [0.0, 0.0, width, height]
                .into_iter()
                .map(Object::Real)
                .collect(),
        ),
    );
    dict.set(
        "Matrix",
        Object::Array(
            unit_square(width, height, image)
                .into_iter()
                .map(Object::Real)
                .collect(),
        ),
    );
    let too_big = || "its drawing is too large or too deeply nested to copy".to_string();
    let resources = match page.get(b"Resources") {
        Ok(resources) => inline(&doc, resources, &mut budget).ok_or_else(too_big)?,
        Err(_) => Object::Dictionary(Dictionary::new()),
    };
    dict.set("Resources", resources);
    // svg2pdf makes the page an isolated transparency group; the form stays one, so
    // opacity and masks composite as they did on the page.
    if let Ok(group) = page.get(b"Group") {
        dict.set(
            "Group",
            inline(&doc, group, &mut budget).ok_or_else(too_big)?,
        );
    }
    Ok(figure(dict, content, true))
}

/// usvg's options: only the book's faces (`None`: no face, so text is dropped), the
/// generic families mapped onto them, and no file read for `<image>`.
fn options(fonts: Option<&Fonts>) -> usvg::Options<'static> {
    let mut db = fontdb::Database::new();
    let mut options = usvg::Options::default();
    if let Some(fonts) = fonts {
        for face in fonts.all() {
            db.load_font_source(fontdb::Source::Binary(Arc::new(face.data.clone())));
        }
        // A family the book lacks falls back to serif (usvg's rule): the text face.
        let text = &fonts.regular.family;
        db.set_serif_family(text);
        db.set_sans_serif_family(text);
        db.set_cursive_family(text);
        db.set_fantasy_family(text);
        db.set_monospace_family(&fonts.mono.family);
        options.font_family = text.clone();
    }
    options.fontdb = Arc::new(db);
    options.image_href_resolver = ImageHrefResolver {
        resolve_data: rasters_only(),
        resolve_string: Box::new(|_, _| None),
    };
    options
}

/// A `data:` URL resolver that takes rasters only, told by their bytes whatever media
/// type the URL claims, up to the book's pixel limit in all. usvg's own would parse
/// anything else (even `text/plain`) as another SVG, a drawing the budget never counted.
fn rasters_only() -> usvg::ImageHrefDataResolverFn<'static> {
    use std::sync::atomic::{AtomicU64, Ordering};
    use usvg::ImageKind;
    let left = AtomicU64::new(super::svg_budget::MAX_EMBEDDED_PIXELS);
    Box::new(move |_, data: Arc<Vec<u8>>, _| {
        let size = imagesize::blob_size(&data).ok()?;
        let pixels = (size.width as u64).saturating_mul(size.height as u64);
        left.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            n.checked_sub(pixels)
        })
        .ok()?;
        match imagesize::image_type(&data).ok()? {
            imagesize::ImageType::Png => Some(ImageKind::PNG(data)),
            imagesize::ImageType::Jpeg => Some(ImageKind::JPEG(data)),
            imagesize::ImageType::Gif => Some(ImageKind::GIF(data)),
            imagesize::ImageType::Webp => Some(ImageKind::WEBP(data)),
            _ => None,
        }
    })
}

/// The `/Matrix` that puts a `width`×`height` drawing into the unit square, which the
/// writer stretches to the layout's box. That box has the aspect of the image's rounded
/// pixel size, so the drawing is fitted inside it, centred, rather than stretched.
fn unit_square(width: f32, height: f32, image: &Image) -> [f32; 6] {
    let aspect = if image.width > 0 && image.height > 0 {
        image.width as f32 / image.height as f32
    } else {
        width / height
    };
    // In a box `aspect` wide and 1 high, the drawing's scale; then back to the unit square.
    let scale = (aspect / width).min(1.0 / height);
    let (sx, sy) = (scale / aspect, scale);
    [
        sx,
        0.0,
        0.0,
        sy,
        (1.0 - sx * width) / 2.0,
        (1.0 - sy * height) / 2.0,
    ]
}

/// `object` with every reference replaced by what it points at, so the form carries its
/// resources itself (printpdf writes the streams among them as objects of their own).
fn inline(doc: &Document, object: &Object, budget: &mut Budget) -> Option<Object> {
    budget.objects = budget.objects.checked_sub(1)?;
    budget.depth = budget.depth.checked_sub(1)?;
    let item = inline_here(doc, object, budget);
    budget.depth += 1;
    item
}

fn inline_here(doc: &Document, object: &Object, budget: &mut Budget) -> Option<Object> {
    Some(match object {
        Object::Reference(id) => inline(doc, doc.get_object(*id).ok()?, budget)?,
        Object::Dictionary(dict) => Object::Dictionary(inline_dict(doc, dict, budget)?),
        Object::Array(items) => Object::Array(
            items
                .iter()
                .map(|item| inline(doc, item, budget))
                .collect::<Option<_>>()?,
        ),
        Object::Stream(stream) => {
            budget.objects = budget
                .objects
                .checked_sub(stream.content.len() as u64 / 1024)?;
            Object::Stream(figure(
                inline_dict(doc, &stream.dict, budget)?,
                stream.content.clone(),
                // Already-deflated fonts and profiles stay as they are.
                stream.dict.get(b"Filter").is_err(),
            ))
        }
        other => other.clone(),
    })
}

/// What is left of [`COPY_BUDGET`] and [`MAX_DEPTH`] while copying.
struct Budget {
    objects: u64,
    depth: u32,
}

fn inline_dict(doc: &Document, dict: &Dictionary, budget: &mut Budget) -> Option<Dictionary> {
    dict.iter()
        // The writer sets each stream's length from its bytes.
        .filter(|(key, _)| key.as_slice() != b"Length")
        .map(|(key, value)| Some((key.clone(), inline(doc, value, budget)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::ImageFormat;

    fn svg(text: &str, width: u32, height: u32) -> Image {
        Image {
            path: "images/x.svg".into(),
            format: ImageFormat::Svg,
            width,
            height,
            data: text.as_bytes().into(),
        }
    }

    /// Groups nested deeper than any drawing needs are refused, not copied until the
    /// stack runs out.
    #[test]
    fn deep_nesting_is_refused() {
        let depth = 600;
        let mut text =
            String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">");
        for _ in 0..depth {
            text.push_str("<g opacity=\"0.9\"><rect width=\"1\" height=\"1\"/>");
        }
        text.push_str(&"</g>".repeat(depth));
        text.push_str("</svg>");
        assert!(form(&svg(&text, 10, 10), None).is_err());
    }

    /// A shape reaching far outside the drawing would cost svg2pdf minutes.
    #[test]
    fn shapes_far_outside_the_box_are_refused() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><circle r=\"1e38\" cx=\"5\" cy=\"5\"/></svg>";
        let started = std::time::Instant::now();
        assert!(form(&svg(text, 10, 10), None).is_err());
        assert!(started.elapsed().as_secs() < 5);
    }

    fn fonts() -> Fonts {
        crate::manuscript::fonts::load_fonts(
            std::path::Path::new("."),
            std::path::Path::new("book.toml"),
            &Default::default(),
        )
        .expect("the bundled fonts load")
    }

    fn resources(form: &Figure) -> &Dictionary {
        match form.dict.get(b"Resources") {
            Ok(Object::Dictionary(map)) => map,
            other => panic!("resources: {other:?}"),
        }
    }

    fn collect_names(item: &Object, out: &mut Vec<String>) {
        match item {
            Object::Name(n) => out.push(String::from_utf8_lossy(n).into_owned()),
            Object::Array(items) => items.iter().for_each(|i| collect_names(i, out)),
            Object::Dictionary(map) => map.iter().for_each(|(_, i)| collect_names(i, out)),
            Object::Stream(stream) => stream.dict.iter().for_each(|(_, i)| collect_names(i, out)),
            _ => {}
        }
    }

    const DRAWING: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
        <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/>
        <stop offset="1" stop-color="#fc0"/></linearGradient></defs>
        <path d="M10 90 L100 10 L190 90 Z" fill="url(#g)"/>
        <text x="20" y="95" font-family="Arial" font-size="12">Illimani</text></svg>"##;

    #[test]
    fn a_drawing_fills_the_unit_square() {
        let form = form(&svg(DRAWING, 200, 100), Some(&fonts())).expect("converts");
        assert_eq!(form.dict.get(b"Subtype").ok(), Some(&name("Form")));
        let Ok(Object::Array(bbox)) = form.dict.get(b"BBox") else {
            panic!()
        };
        assert_eq!(bbox[2..], [Object::Real(200.0), Object::Real(100.0)]);
        assert_eq!(
            unit_square(200.0, 100.0, &svg("", 200, 100)),
            [0.005, 0.0, 0.0, 0.01, 0.0, 0.0]
        );
        // The gradient and the text come with the form, not by reference to svg2pdf's file.
        let res = resources(&form);
        assert!(res.has(b"Pattern"), "{res:?}");
        let Ok(fonts) = res.get(b"Font") else {
            panic!("no fonts: {res:?}")
        };
        let mut names = Vec::new();
        collect_names(fonts, &mut names);
        assert!(
            names.iter().any(|n| n.ends_with("+CharisSIL")),
            "an unknown family is set in the text face: {names:?}"
        );
        assert!(
            format!("{fonts:?}").contains("ToUnicode"),
            "the text can be extracted"
        );
        assert!(
            !format!("{form:?}").contains("Reference("),
            "every reference is inlined"
        );
    }

    #[test]
    fn without_fonts_the_text_is_dropped_but_the_drawing_stays() {
        let form = form(&svg(DRAWING, 200, 100), None).expect("converts");
        assert!(!resources(&form).has(b"Font"));
        assert!(!form.content.is_empty());
    }

    #[test]
    fn a_rounded_size_does_not_stretch_the_drawing() {
        // The layout's box is 10×3 for a 10.4×3.2 drawing: fitted by height, centred.
        let m = unit_square(10.4, 3.2, &svg("", 10, 3));
        assert!((10.0 * m[0] - 3.0 * m[3]).abs() < 1e-6, "{m:?}");
        assert!((m[3] * 3.2 - 1.0).abs() < 1e-6);
        assert!(m[4] > 0.0 && m[5].abs() < 1e-6);
    }

    #[test]
    fn files_outside_the_svg_are_never_read() {
        let path = std::fs::canonicalize("manuscript/images/portada.png").unwrap();
        let text = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image width="10" height="10" xlink:href="{}"/><rect width="5" height="5"/></svg>"#,
            path.display()
        );
        let form = form(&svg(&text, 10, 10), None).expect("converts");
        assert!(
            !resources(&form).has(b"XObject"),
            "the PNG was embedded: {:?}",
            resources(&form)
        );
    }

    #[test]
    fn broken_svg_is_refused() {
        assert!(form(
            &svg("<svg xmlns='http://www.w3.org/2000/svg'><path", 0, 0),
            None
        )
        .is_err());
        assert!(form(&svg("<html></html>", 0, 0), None).is_err());
    }
}

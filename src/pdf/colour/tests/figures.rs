//! The print conversion of figures made by the writer's own image path: passthrough
//! PNG and JPEG, decoded rasters with alpha, svg2pdf drawings.

use std::sync::Arc;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::{audit, page};
use crate::ir::{Image, ImageFormat};
use crate::pdf::colour::{decoded, inflate, space, to_process, unpredict, Process};
use crate::pdf::Figures;

/// Nested streams made objects of their own, as printpdf does with a figure's.
fn hoist(doc: &mut Document, object: Object) -> Object {
    match object {
        Object::Stream(mut stream) => {
            stream.dict = hoist_dict(doc, stream.dict);
            Object::Reference(doc.add_object(stream))
        }
        Object::Dictionary(dict) => Object::Dictionary(hoist_dict(doc, dict)),
        Object::Array(items) => Object::Array(items.into_iter().map(|i| hoist(doc, i)).collect()),
        other => other,
    }
}

fn hoist_dict(doc: &mut Document, dict: Dictionary) -> Dictionary {
    // Keys in order, as printpdf's maps have them (svg2pdf's come in hash order).
    let mut entries: Vec<(Vec<u8>, Object)> = dict.into_iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
        .into_iter()
        .map(|(k, v)| (k, hoist(doc, v)))
        .collect()
}

/// `data` as the writer's figure, drawn on a page (as an object of its own, or with
/// its streams nested as the writer hands them over); the figure's id.
fn figure_page(format: ImageFormat, data: &[u8], nested: bool) -> (Document, ObjectId) {
    let images = [Image {
        path: "images/x".into(),
        format,
        width: 20,
        height: 10,
        data: Arc::from(data),
    }];
    let fonts = crate::manuscript::fonts::load_fonts(
        std::path::Path::new("."),
        std::path::Path::new("book.toml"),
        &Default::default(),
    )
    .expect("the bundled fonts load");
    let figures = Figures::new(&images, &fonts);
    let figure = figures.get(0).expect("the figure is prepared").clone();
    let (mut doc, _) = page("q 20 0 0 10 0 0 cm /Im0 Do Q", Dictionary::new());
    let id = if nested {
        doc.add_object(figure)
    } else {
        let dict = hoist_dict(&mut doc, figure.dict.clone());
        doc.add_object(Stream { dict, ..figure })
    };
    let page = doc.page_iter().next().unwrap();
    doc.get_dictionary_mut(page).unwrap().set(
        "Resources",
        dictionary! { "XObject" => dictionary! { "Im0" => id } },
    );
    (doc, id)
}

/// The converted image `id`'s colour space and samples.
fn samples(doc: &Document, id: ObjectId) -> (String, Vec<u8>) {
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let space = stream.dict.get(b"ColorSpace").unwrap().as_name().unwrap();
    let bytes = decoded(stream, 1 << 24).unwrap();
    (String::from_utf8_lossy(space).into_owned(), bytes)
}

fn png(
    width: u32,
    height: u32,
    color: png::ColorType,
    filter: png::Filter,
    data: &[u8],
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_filter(filter);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn an_rgb_jpeg_becomes_cmyk_or_gray_samples() {
    let blue = image::RgbImage::from_pixel(20, 10, image::Rgb([0, 0, 255]));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 100)
        .encode_image(&blue)
        .unwrap();
    for (process, space, expected) in [
        (Process::Cmyk, "DeviceCMYK", vec![255, 255, 0, 0]),
        (Process::Gray, "DeviceGray", vec![28]),
    ] {
        let (mut doc, id) = figure_page(ImageFormat::Jpeg, &jpeg, false);
        to_process(&mut doc, process).unwrap();
        let (got_space, bytes) = samples(&doc, id);
        assert_eq!(got_space, space);
        assert_eq!(bytes.len(), 200 * expected.len());
        for pixel in bytes.chunks_exact(expected.len()) {
            let near = pixel
                .iter()
                .zip(&expected)
                .all(|(&a, &b)| a.abs_diff(b) <= 4);
            assert!(near, "{pixel:?} is not about {expected:?}");
        }
        assert!(audit(&doc, process).is_empty());
    }
}

/// A passthrough PNG keeps its row filters in the PDF (`/Predictor 15`); the Average
/// filter, which lopdf undoes wrongly, and a gradient, which makes it matter.
#[test]
fn an_rgb_png_behind_row_filters_is_converted_pixel_by_pixel() {
    let solid = [51u8, 102, 153].repeat(20 * 10);
    let ramp: Vec<u8> = (0..20 * 10 * 3).map(|i| (i * 7 % 256) as u8).collect();
    for (rgb, filter) in [
        (&solid, png::Filter::Sub),
        (&ramp, png::Filter::Avg),
        (&ramp, png::Filter::Paeth),
    ] {
        let file = png(20, 10, png::ColorType::Rgb, filter, rgb);
        let (mut doc, id) = figure_page(ImageFormat::Png, &file, false);
        let dict = &doc.get_object(id).unwrap().as_stream().unwrap().dict;
        assert!(
            dict.has(b"DecodeParms"),
            "not the passthrough path: {dict:?}"
        );
        to_process(&mut doc, Process::Cmyk).unwrap();
        let (space, bytes) = samples(&doc, id);
        assert_eq!(space, "DeviceCMYK");
        let expected: Vec<u8> = rgb
            .chunks_exact(3)
            .flat_map(|p| {
                let v: Vec<f32> = p.iter().map(|&c| f32::from(c) / 255.0).collect();
                space::rgb_to_cmyk(v[0], v[1], v[2]).map(space::to_byte)
            })
            .collect();
        assert_eq!(bytes, expected, "{filter:?}");
    }
    // 51 102 153: K = 1 − 0.6 = 0.4, C = 0.6 − 0.2 = 0.4, M = 0.6 − 0.4 = 0.2, Y = 0.
    let (mut doc, id) = figure_page(
        ImageFormat::Png,
        &png(20, 10, png::ColorType::Rgb, png::Filter::Up, &solid),
        false,
    );
    to_process(&mut doc, Process::Cmyk).unwrap();
    assert_eq!(samples(&doc, id).1[..4], [102, 51, 0, 102]);
}

/// lopdf 0.44 undoes PNG's Average filter as `left + up / 2` instead of
/// `(left + up) / 2`. When this fails, lopdf is fixed and its decoding could be used.
#[test]
fn bug_lopdf_png_average_predictor() {
    let ramp: Vec<u8> = (0..4 * 3 * 3).map(|i| (i * 29 % 256) as u8).collect();
    let file = png(4, 3, png::ColorType::Rgb, png::Filter::Avg, &ramp);
    let (doc, id) = figure_page(ImageFormat::Png, &file, false);
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    assert_eq!(decoded(stream, 1 << 20).unwrap(), ramp);
    assert_ne!(
        stream.decompressed_content().unwrap(),
        ramp,
        "lopdf undoes Average right now"
    );
    let raw = inflate(&stream.content, 1 << 20).unwrap();
    assert_eq!(unpredict(&raw, 3, 8, 4).unwrap(), ramp);
}

#[test]
fn a_half_transparent_red_pixel_becomes_light_red_on_paper() {
    let mut rgba = image::RgbaImage::from_pixel(20, 10, image::Rgba([255, 0, 0, 127]));
    rgba.put_pixel(1, 0, image::Rgba([0, 0, 255, 0]));
    let mut file = std::io::Cursor::new(Vec::new());
    rgba.write_to(&mut file, image::ImageFormat::Png).unwrap();
    // 127/255 red over white is (255, 128, 128): M = Y = 1 − 128/255, no K; gray
    // 0.3 + 0.7·128/255. Fully transparent is paper.
    for (process, first, second) in [
        (Process::Cmyk, vec![0, 127, 127, 0], vec![0, 0, 0, 0]),
        (Process::Gray, vec![166], vec![255]),
    ] {
        for nested in [false, true] {
            let (mut doc, id) = figure_page(ImageFormat::Png, file.get_ref(), nested);
            to_process(&mut doc, process).unwrap();
            let (_, bytes) = samples(&doc, id);
            let n = first.len();
            assert_eq!(
                (&bytes[..n], &bytes[n..2 * n]),
                (&first[..], &second[..]),
                "{process:?}"
            );
            assert!(
                audit(&doc, process).is_empty(),
                "{:?}",
                audit(&doc, process)
            );
        }
    }
}

#[test]
fn gray_images_stay_and_cmyk_images_turn_gray_for_a_gray_file() {
    let gray = png(
        20,
        10,
        png::ColorType::Grayscale,
        png::Filter::Sub,
        &[90; 200],
    );
    let (mut doc, id) = figure_page(ImageFormat::Png, &gray, false);
    let before = doc.get_object(id).unwrap().as_stream().unwrap().clone();
    to_process(&mut doc, Process::Cmyk).unwrap();
    assert_eq!(
        doc.get_object(id).unwrap().as_stream().unwrap().content,
        before.content
    );

    let (mut doc, _) = page("", Dictionary::new());
    let cmyk = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1,
        "BitsPerComponent" => 16, "ColorSpace" => "DeviceCMYK",
        "Decode" => vec![1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into(), 1.into(), 0.into()],
    };
    // Stored inverted, as Adobe writes CMYK: 0xFFFF is no ink.
    let data = [[0xFF, 0xFF, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF], [0xFF; 8]].concat();
    let id = doc.add_object(Stream::new(cmyk, data));
    to_process(&mut doc, Process::Gray).unwrap();
    assert_eq!(samples(&doc, id), ("DeviceGray".into(), vec![105, 255]));
}

#[test]
fn a_palette_png_keeps_its_indices_and_converts_its_colours() {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 2, 1);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_palette(vec![255, 0, 0, 0, 0, 0]);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[0, 1]).unwrap();
    writer.finish().unwrap();
    let (mut doc, id) = figure_page(ImageFormat::Png, &out, false);
    to_process(&mut doc, Process::Cmyk).unwrap();
    let dict = &doc.get_object(id).unwrap().as_stream().unwrap().dict;
    let Ok(Object::Array(space)) = dict.get(b"ColorSpace") else {
        panic!("{dict:?}")
    };
    assert_eq!(space[1], "DeviceCMYK".into());
    assert_eq!(space[3].as_str().unwrap(), [0, 255, 255, 0, 0, 0, 0, 255]);
}

const DRAWING: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#036"/><stop offset="0.5" stop-color="#f00" stop-opacity="0.5"/>
  <stop offset="1" stop-color="#fc0"/></linearGradient></defs>
  <rect width="20" height="5" fill="url(#g)"/>
  <g opacity="0.5"><circle cx="5" cy="5" r="4" fill="#00f"/><circle cx="8" cy="5" r="4" fill="#0f0"/></g>
  <rect x="10" width="5" height="5" fill="#f00" fill-opacity="0.4" stroke="#000" stroke-opacity="0.5"/>
  <image x="15" width="5" height="5" xlink:href="data:image/png;base64,PNG"/></svg>"##;

fn drawing() -> String {
    use base64::Engine;
    let rgba = image::RgbaImage::from_fn(4, 4, |x, y| {
        image::Rgba([200, 40 * x as u8, 9, 60 * y as u8])
    });
    let mut file = std::io::Cursor::new(Vec::new());
    rgba.write_to(&mut file, image::ImageFormat::Png).unwrap();
    DRAWING.replace(
        "PNG",
        &base64::engine::general_purpose::STANDARD.encode(file.get_ref()),
    )
}

/// A drawing with a gradient (with an alpha stop), group and fill opacity and an image
/// with alpha, through svg2pdf as the writer does it: nothing but process colour after.
#[test]
fn an_svg_drawing_keeps_nothing_but_process_colour() {
    let svg = drawing();
    for process in [Process::Cmyk, Process::Gray] {
        for nested in [false, true] {
            let (mut doc, _) = figure_page(ImageFormat::Svg, svg.as_bytes(), nested);
            let before = audit(&doc, process);
            for offence in [
                "DeviceRGB",
                "ICCBased",
                "SMask",
                "transparency group",
                "alpha 0.5",
            ] {
                assert!(
                    before.iter().any(|o| o == offence),
                    "{offence} not in the test: {before:?}"
                );
            }
            to_process(&mut doc, process).unwrap();
            // The profiles no longer referred to go (lopdf does not renumber).
            doc.prune_objects();
            let after = audit(&doc, process);
            assert!(after.is_empty(), "{process:?}, nested {nested}: {after:?}");
        }
    }
}

#[test]
fn the_same_document_converts_to_the_same_bytes() {
    let svg = drawing();
    let save = |doc: &Document| {
        let mut out = Vec::new();
        doc.clone().save_to(&mut out).unwrap();
        out
    };
    let bytes = || {
        let (mut doc, _) = figure_page(ImageFormat::Svg, svg.as_bytes(), false);
        let before = save(&doc);
        to_process(&mut doc, Process::Cmyk).unwrap();
        (before, save(&doc))
    };
    let (first, second) = (bytes(), bytes());
    let differ = |a: &[u8], b: &[u8]| {
        let at = a
            .iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        let show = |s: &[u8]| {
            String::from_utf8_lossy(&s[at.saturating_sub(80)..(at + 80).min(s.len())]).into_owned()
        };
        format!("at byte {at}:\n{}\n---\n{}", show(a), show(b))
    };
    assert!(
        first.0 == second.0,
        "the input differs {}",
        differ(&first.0, &second.0)
    );
    assert!(
        first.1 == second.1,
        "the output differs {}",
        differ(&first.1, &second.1)
    );
}

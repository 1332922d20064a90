//! Figures as PDF XObjects that fill the unit square, which is how the writer places them
//! (`q w 0 0 h x y cm /ImN Do Q`), built as lopdf streams (the document hands them to
//! printpdf). Plain PNG and JPEG go in undecoded (`passthrough`);
//! the other rasters are decoded to 8-bit samples with a soft mask for their alpha
//! (`raster`); SVG becomes a Form XObject of vectors and text (`svg`).

mod passthrough;
mod raster;
mod svg;
mod svg_budget;

use std::sync::OnceLock;

use lopdf::{Dictionary, Object};

use crate::ir::{Fonts, Image, ImageFormat, ImageId};
use crate::typeset::FigureCheck;

// For the print conversion (`pdf::colour`), which writes images the way `raster` does.
pub(super) use raster::{compress as deflate_rows, paeth};

/// A figure's XObject: its dictionary (without `/Length`, which the writer sets) and
/// its bytes, to be compressed by the writer or not.
pub type Figure = lopdf::Stream;

/// A stream's dictionary and its bytes.
type Parts = (Dictionary, Vec<u8>);

/// The book's figures as XObjects, each decoded or converted once, when the layout
/// first meets it (it draws a framed placeholder for those that could not be); the
/// writer then takes them as they are. Images no chapter shows (the cover) cost nothing.
pub struct Figures<'b> {
    images: &'b [Image],
    fonts: &'b Fonts,
    prepared: Vec<OnceLock<Result<Figure, String>>>,
}

impl<'b> Figures<'b> {
    /// Nothing prepared yet for the book's `images`; `fonts` set the text of SVGs.
    pub fn new(images: &'b [Image], fonts: &'b Fonts) -> Self {
        Figures {
            images,
            fonts,
            prepared: images.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Every figure prepared for the PDF, by image index.
    pub fn prepared(&self) -> impl Iterator<Item = (ImageId, &Figure)> {
        self.prepared
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((i, f.get()?.as_ref().ok()?)))
    }

    /// Image `id` as an XObject, or why it cannot be one.
    pub fn get(&self, id: ImageId) -> Result<&Figure, &str> {
        let image = self
            .images
            .get(id)
            .ok_or("it is not one of the book's images")?;
        self.prepared[id]
            .get_or_init(|| xobject(image, self.fonts))
            .as_ref()
            .map_err(String::as_str)
    }
}

impl FigureCheck for Figures<'_> {
    /// Whether image `id` goes into the PDF (decoded or converted now, once).
    fn can_show(&self, id: ImageId) -> Result<(), String> {
        self.get(id).map(|_| ()).map_err(str::to_string)
    }
}

/// The image as an XObject, or why not; `fonts` (the book's) set the text of an SVG.
fn xobject(image: &Image, fonts: &Fonts) -> Result<Figure, String> {
    const DAMAGED: &str = "it cannot be decoded (damaged, or too large)";
    Ok(match image.format {
        ImageFormat::Svg => {
            let text =
                std::str::from_utf8(&image.data).map_err(|_| "it is not UTF-8 text".to_string())?;
            svg_budget::check(text)?;
            // Text the book's fonts cannot set still leaves the drawing.
            svg::form(image, Some(fonts)).or_else(|_| svg::form(image, None))?
        }
        format => match passthrough::stream(format, &image.data) {
            Some((dict, content)) => stream(dict, content, false),
            None => raster::stream(image).ok_or(DAMAGED)?,
        },
    })
}

/// A stream of `content` with `dict` as it is (no `/Length`: the writer sets it).
fn stream(dict: Dictionary, content: Vec<u8>, compress: bool) -> Figure {
    lopdf::Stream {
        dict,
        content,
        allows_compression: compress,
        start_position: None,
    }
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

/// The entries every image XObject has.
fn base_dict(width: u32, height: u32, bits: u8) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", name("XObject"));
    dict.set("Subtype", name("Image"));
    dict.set("Width", Object::Integer(i64::from(width)));
    dict.set("Height", Object::Integer(i64::from(height)));
    dict.set("BitsPerComponent", Object::Integer(i64::from(bits)));
    dict
}

/// `/DecodeParms` for Flate data whose rows carry PNG filter bytes.
pub(super) fn png_predictor(colors: i64, bits: u8, width: u32) -> Object {
    let mut parms = Dictionary::new();
    parms.set("Predictor", Object::Integer(15));
    parms.set("Colors", Object::Integer(colors));
    parms.set("BitsPerComponent", Object::Integer(i64::from(bits)));
    parms.set("Columns", Object::Integer(i64::from(width)));
    Object::Dictionary(parms)
}

//! Figures as PDF XObjects that fill the unit square, which is how the writer places them
//! (`q w 0 0 h x y cm /ImN Do Q`). Plain PNG and JPEG go in undecoded (`passthrough`);
//! the other rasters are decoded to 8-bit samples with a soft mask for their alpha
//! (`raster`); SVG becomes a Form XObject of vectors and text (`svg`).

mod passthrough;
mod raster;
mod svg;

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

use std::sync::OnceLock;

use crate::ir::{Fonts, Image, ImageFormat, ImageId};
use crate::typeset::FigureCheck;

/// A stream's dictionary and its bytes.
type Stream = (BTreeMap<String, DictItem>, Vec<u8>);

/// The book's figures as XObjects, each decoded or converted once, when the layout
/// first meets it (it draws a framed placeholder for those that could not be); the
/// writer then takes them as they are. Images no chapter shows (the cover) cost nothing.
pub struct Figures<'b> {
    images: &'b [Image],
    fonts: &'b Fonts,
    prepared: Vec<OnceLock<Option<ExternalXObject>>>,
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

    /// Image `id` as an XObject, when it could be made one.
    pub fn get(&self, id: ImageId) -> Option<&ExternalXObject> {
        let image = self.images.get(id)?;
        self.prepared[id]
            .get_or_init(|| xobject(image, self.fonts))
            .as_ref()
    }
}

impl FigureCheck for Figures<'_> {
    /// Whether image `id` goes into the PDF (decoded or converted now, once).
    fn can_show(&self, id: ImageId) -> bool {
        self.get(id).is_some()
    }
}

/// The image as an XObject for printpdf; `fonts` (the book's) set the text of an SVG.
fn xobject(image: &Image, fonts: &Fonts) -> Option<ExternalXObject> {
    let stream = match image.format {
        // Text the book's fonts cannot set still leaves the drawing.
        ImageFormat::Svg => svg::form(image, Some(fonts)).or_else(|| svg::form(image, None))?,
        format => match passthrough::stream(format, &image.data) {
            Some((dict, content)) => ExternalStream {
                dict,
                content,
                compress: false,
            },
            None => raster::stream(image)?,
        },
    };
    Some(ExternalXObject {
        stream,
        width: None,
        height: None,
        dpi: None,
    })
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

/// The entries every image XObject has.
fn base_dict(width: u32, height: u32, bits: u8) -> BTreeMap<String, DictItem> {
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), name("XObject"));
    dict.insert("Subtype".into(), name("Image"));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
    dict
}

/// `/DecodeParms` for Flate data whose rows carry PNG filter bytes.
fn png_predictor(colors: i64, bits: u8, width: u32) -> DictItem {
    let mut parms = BTreeMap::new();
    parms.insert("Predictor".into(), DictItem::Int(15));
    parms.insert("Colors".into(), DictItem::Int(colors));
    parms.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
    parms.insert("Columns".into(), DictItem::Int(i64::from(width)));
    DictItem::Dict { map: parms }
}

//! Images as PDF XObjects, without decoding them: JPEG goes in as it is (DCTDecode), and a
//! PNG's compressed data goes in as it is too, since PDF's Flate predictors are PNG's row
//! filters. PNGs with an alpha channel, transparency or interlacing, and the other
//! formats, are not embedded yet (the layout draws a framed placeholder instead).

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

use crate::ir::{Image, ImageFormat};

/// Whether [`xobject`] can embed the image.
pub fn can_embed(image: &Image) -> bool {
    match image.format {
        ImageFormat::Png => png(&image.data).is_some(),
        ImageFormat::Jpeg => jpeg(&image.data).is_some(),
        _ => false,
    }
}

/// The image as an XObject for printpdf, when it can be embedded without decoding.
pub fn xobject(image: &Image) -> Option<ExternalXObject> {
    let (dict, content) = match image.format {
        ImageFormat::Png => png(&image.data)?,
        ImageFormat::Jpeg => jpeg(&image.data)?,
        _ => return None,
    };
    Some(ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn base_dict(width: u32, height: u32, bits: u8) -> BTreeMap<String, DictItem> {
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), name("XObject"));
    dict.insert("Subtype".into(), name("Image"));
    dict.insert("Width".into(), DictItem::Int(i64::from(width)));
    dict.insert("Height".into(), DictItem::Int(i64::from(height)));
    dict.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
    dict
}

type Stream = (BTreeMap<String, DictItem>, Vec<u8>);

fn png(data: &[u8]) -> Option<Stream> {
    if data.get(..8)? != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let mut i = 8;
    let mut header = None;
    let mut palette = None;
    let mut idat = Vec::new();
    while i + 8 <= data.len() {
        let len = u32::from_be_bytes(data[i..i + 4].try_into().ok()?) as usize;
        let kind = &data[i + 4..i + 8];
        let body = data.get(i + 8..i + 8 + len)?;
        match kind {
            b"IHDR" => header = Some(body.to_vec()),
            b"PLTE" => palette = Some(body.to_vec()),
            b"IDAT" => idat.extend_from_slice(body),
            // Transparency would be lost: not embedded as it is.
            b"tRNS" => return None,
            b"IEND" => break,
            _ => {}
        }
        i += 12 + len;
    }
    let h = header?;
    let width = u32::from_be_bytes(h.get(0..4)?.try_into().ok()?);
    let height = u32::from_be_bytes(h.get(4..8)?.try_into().ok()?);
    let (bits, color, interlace) = (*h.get(8)?, *h.get(9)?, *h.get(12)?);
    if interlace != 0 || bits > 8 {
        return None;
    }
    let mut dict = base_dict(width, height, bits);
    let colors = match color {
        0 => {
            dict.insert("ColorSpace".into(), name("DeviceGray"));
            1
        }
        2 => {
            dict.insert("ColorSpace".into(), name("DeviceRGB"));
            3
        }
        3 => {
            let palette = palette?;
            let entries = palette.len() / 3;
            dict.insert(
                "ColorSpace".into(),
                DictItem::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    DictItem::Int(entries as i64 - 1),
                    DictItem::String {
                        data: palette,
                        literal: false,
                    },
                ]),
            );
            1
        }
        _ => return None,
    };
    dict.insert("Filter".into(), name("FlateDecode"));
    let mut parms = BTreeMap::new();
    parms.insert("Predictor".into(), DictItem::Int(15));
    parms.insert("Colors".into(), DictItem::Int(colors));
    parms.insert("BitsPerComponent".into(), DictItem::Int(i64::from(bits)));
    parms.insert("Columns".into(), DictItem::Int(i64::from(width)));
    dict.insert("DecodeParms".into(), DictItem::Dict { map: parms });
    Some((dict, idat))
}

fn jpeg(data: &[u8]) -> Option<Stream> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        // Start of frame (baseline, extended, progressive), not DHT/JPG/DAC.
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let body = data.get(i + 4..i + 2 + len)?;
            let bits = *body.first()?;
            let height = u32::from(u16::from_be_bytes([*body.get(1)?, *body.get(2)?]));
            let width = u32::from(u16::from_be_bytes([*body.get(3)?, *body.get(4)?]));
            let space = match body.get(5)? {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                // CMYK JPEGs are often stored inverted (Adobe); not guessed at here.
                _ => return None,
            };
            let mut dict = base_dict(width, height, bits);
            dict.insert("ColorSpace".into(), name(space));
            dict.insert("Filter".into(), name("DCTDecode"));
            return Some((dict, data.to_vec()));
        }
        i += 2 + len;
    }
    None
}

//! Plain PNG and JPEG into the PDF without decoding them: JPEG goes in as it is
//! (DCTDecode), and a PNG's compressed data goes in as it is too, since PDF's Flate
//! predictors are PNG's row filters. What this cannot carry (a PNG with transparency,
//! interlacing or 16 bits; a CMYK JPEG) is left to `raster`.

use lopdf::{Object, StringFormat};

use super::{base_dict, name, png_predictor, Parts};

use crate::ir::ImageFormat;

/// The image's stream, when it can go in undecoded.
pub(super) fn stream(format: ImageFormat, data: &[u8]) -> Option<Parts> {
    match format {
        ImageFormat::Png => png(data),
        ImageFormat::Jpeg => jpeg(data),
        _ => None,
    }
}

fn png(data: &[u8]) -> Option<Parts> {
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
            // Transparency would be lost: decoded instead.
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
            dict.set("ColorSpace", name("DeviceGray"));
            1
        }
        2 => {
            dict.set("ColorSpace", name("DeviceRGB"));
            3
        }
        3 => {
            let palette = palette?;
            let entries = palette.len() / 3;
            dict.set(
                "ColorSpace",
                Object::Array(vec![
                    name("Indexed"),
                    name("DeviceRGB"),
                    Object::Integer(entries as i64 - 1),
                    Object::String(palette, StringFormat::Hexadecimal),
                ]),
            );
            1
        }
        _ => return None,
    };
    dict.set("Filter", name("FlateDecode"));
    dict.set("DecodeParms", png_predictor(colors, bits, width));
    Some((dict, idat))
}

fn jpeg(data: &[u8]) -> Option<Parts> {
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
            dict.set("ColorSpace", name(space));
            dict.set("Filter", name("DCTDecode"));
            return Some((dict, data.to_vec()));
        }
        i += 2 + len;
    }
    None
}

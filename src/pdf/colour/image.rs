//! Image XObjects in the process inks. Images already in them stay as they are (a gray
//! image is gray in both processes; a CMYK one in a CMYK file); an ICC gray or CMYK
//! space is only renamed, a palette only has its colours converted. The others are
//! decoded (Flate with PNG predictors, or JPEG through zune-jpeg, the decoder the
//! `image` crate uses), converted pixel by pixel, composited over white paper through
//! their soft mask or colour-key mask, and written as 8-bit Flate samples behind PNG row
//! filters, as `raster` writes figures. Stencil masks (`/ImageMask`) are left alone.

use lopdf::{Document, Object, Stream};

use super::space::{self, Colour, Space};
use super::{decoded, resolve, Process};
use crate::pdf::image::{deflate_rows, png_predictor};

/// The most pixels an image may have to be converted: a 7 000 × 7 000 figure.
const MAX_PIXELS: usize = 49_000_000;

/// Converts the image `stream` for `process`.
pub(super) fn convert(stream: &mut Stream, doc: &Document, process: Process) -> Result<(), String> {
    let dict = &stream.dict;
    if dict.get(b"ImageMask").and_then(Object::as_bool).ok() == Some(true) {
        return Ok(());
    }
    if filters(stream).contains(&&b"JPXDecode"[..]) {
        return Err("a JPEG 2000 image is not converted".into());
    }
    let space = space::classify(
        dict.get(b"ColorSpace")
            .map_err(|_| "an image has no colour space")?,
        doc,
    )?;
    let mask = match dict.get(b"SMask").ok().and_then(|m| resolve(m, doc)) {
        Some(Object::Stream(mask)) => Some(mask),
        _ => None,
    };
    let key = match dict.get(b"Mask").ok().and_then(|m| resolve(m, doc)) {
        Some(Object::Array(ranges)) => Some(
            ranges
                .iter()
                .map(|v| v.as_i64().ok().and_then(|v| u32::try_from(v).ok()))
                .collect::<Option<Vec<u32>>>()
                .ok_or("an image's colour-key mask is not whole numbers")?,
        ),
        _ => None,
    };
    let plain = match &space {
        Space::Plain(plain) => *plain,
        Space::Indexed { base, .. } => *base,
        Space::Pattern(_) => return Err("an image in a Pattern colour space".into()),
        Space::Spot => return Err("a spot-colour image is not converted".into()),
    };
    if mask.is_none() {
        match &space {
            Space::Plain(plain) if plain.model.kept(process) => {
                if !plain.device {
                    stream
                        .dict
                        .set("ColorSpace", plain.model.ink(process).name());
                }
                return Ok(());
            }
            // The indices (and a colour key on them) stay; only the palette changes.
            Space::Indexed { .. } => {
                if let Some(new) = space::replacement(&space, process)? {
                    stream.dict.set("ColorSpace", new);
                }
                return Ok(());
            }
            _ => {}
        }
    }
    let ink = plain.model.ink(process);
    let pixels = Raster::read(stream, components(&space))?;
    let alpha = match mask {
        Some(mask) => Some(Alpha::read(mask, &pixels)?),
        None => None,
    };
    let decode = decode_ranges(stream, &space, pixels.bits)?;

    let (width, height, n) = (pixels.width, pixels.height, components(&space));
    let mut samples = Vec::with_capacity(width * height * ink.components());
    let mut raw = [0u32; 4];
    let mut values = [0.0f32; 4];
    for y in 0..height {
        for x in 0..width {
            for (c, r) in raw.iter_mut().enumerate().take(n) {
                *r = pixels.sample(x, y, c);
            }
            for c in 0..n {
                let (low, high) = decode[c];
                values[c] = low + raw[c] as f32 / pixels.top() * (high - low);
            }
            let mut a = alpha.as_ref().map_or(1.0, |m| m.at(x, y));
            if let Some(key) = &key {
                let keyed = (0..n).all(|c| {
                    key.get(2 * c..2 * c + 2)
                        .is_some_and(|r| (r[0]..=r[1]).contains(&raw[c]))
                });
                if keyed {
                    a = 0.0;
                }
            }
            let colour = colour_at(&space, &mut values, alpha.as_ref(), a);
            let colour = if a < 1.0 {
                colour.over_paper(a)
            } else {
                colour
            };
            let inks = colour.to_ink(ink);
            samples.extend(inks[..ink.components()].iter().map(|&v| space::to_byte(v)));
        }
    }

    let dict = &mut stream.dict;
    for key in [&b"Decode"[..], b"SMask", b"SMaskInData", b"DecodeParms"] {
        dict.remove(key);
    }
    if key.is_some() {
        dict.remove(b"Mask");
    }
    dict.set("ColorSpace", ink.name());
    dict.set("BitsPerComponent", Object::Integer(8));
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let colors = ink.components();
    dict.set("DecodeParms", png_predictor(colors as i64, 8, width as u32));
    stream.set_content(deflate_rows(&samples, width * colors, colors));
    // Already compressed.
    stream.allows_compression = false;
    Ok(())
}

/// The colour of a pixel's `values` (decoded) in `space`, un-premultiplied first when
/// its soft mask has a `/Matte` colour.
fn colour_at(space: &Space, values: &mut [f32; 4], alpha: Option<&Alpha>, a: f32) -> Colour {
    match space {
        Space::Indexed {
            base,
            hival,
            lookup,
        } => {
            let index = (values[0].round().max(0.0) as usize).min(*hival);
            let n = base.model.components();
            for (c, v) in values.iter_mut().enumerate().take(n) {
                let (low, high) = base.model.range(c);
                *v = low + f32::from(lookup[index * n + c]) / 255.0 * (high - low);
            }
            base.model.colour(&values[..n])
        }
        Space::Plain(plain) => {
            let n = plain.model.components();
            if let Some(matte) = alpha.and_then(|m| m.matte.as_ref()) {
                if a > 0.0 {
                    for (v, m) in values.iter_mut().zip(matte).take(n) {
                        *v = m + (*v - m) / a;
                    }
                }
            }
            plain.model.colour(&values[..n])
        }
        _ => Colour::Gray(0.0),
    }
}

/// How many components a pixel of `space` has.
fn components(space: &Space) -> usize {
    match space {
        Space::Plain(plain) => plain.model.components(),
        _ => 1,
    }
}

/// Each component's `/Decode` range: the image's own, or the default for its space.
fn decode_ranges(stream: &Stream, space: &Space, bits: u32) -> Result<Vec<(f32, f32)>, String> {
    let n = components(space);
    if let Ok(Object::Array(items)) = stream.dict.get(b"Decode") {
        let numbers: Vec<f32> = items.iter().filter_map(|v| v.as_float().ok()).collect();
        if numbers.len() != 2 * n {
            return Err("an image's /Decode does not match its colour space".into());
        }
        return Ok(numbers.chunks_exact(2).map(|p| (p[0], p[1])).collect());
    }
    Ok(match space {
        Space::Plain(plain) => (0..n).map(|c| plain.model.range(c)).collect(),
        _ => vec![(0.0, ((1u64 << bits) - 1) as f32)],
    })
}

fn filters(stream: &Stream) -> Vec<&[u8]> {
    match stream.dict.get(b"Filter") {
        Ok(Object::Name(name)) => vec![name.as_slice()],
        Ok(Object::Array(names)) => names.iter().filter_map(|n| n.as_name().ok()).collect(),
        _ => Vec::new(),
    }
}

/// An image's samples as written, unpacked on demand.
struct Raster {
    width: usize,
    height: usize,
    components: usize,
    bits: u32,
    /// Bytes a row (rows start on a byte).
    row: usize,
    data: Vec<u8>,
}

impl Raster {
    /// The samples of the image `stream`, `components` a pixel.
    fn read(stream: &Stream, components: usize) -> Result<Raster, String> {
        let dict = &stream.dict;
        let size = |key: &[u8]| {
            dict.get(key)
                .and_then(Object::as_i64)
                .ok()
                .and_then(|v| usize::try_from(v).ok())
                .filter(|&v| v > 0)
        };
        let (Some(width), Some(height)) = (size(b"Width"), size(b"Height")) else {
            return Err("an image has no usable /Width and /Height".into());
        };
        if width.saturating_mul(height) > MAX_PIXELS {
            return Err("an image is too large to convert".into());
        }
        if filters(stream) == [&b"DCTDecode"[..]] {
            let (w, h, n, data) = jpeg(&stream.content, components)?;
            if (w, h, n) != (width, height, components) || data.len() < w * h * n {
                return Err("a JPEG image's size or components differ from its dictionary".into());
            }
            return Ok(Raster {
                width,
                height,
                components,
                bits: 8,
                row: width * components,
                data,
            });
        }
        let bits =
            dict.get(b"BitsPerComponent")
                .and_then(Object::as_i64)
                .ok()
                .filter(|b| [1, 2, 4, 8, 16].contains(b))
                .ok_or("an image's /BitsPerComponent is not 1, 2, 4, 8 or 16")? as u32;
        let row = (width * components * bits as usize).div_ceil(8);
        let data = decoded(stream, row * height)?;
        if data.len() < row * height {
            return Err("an image's data is shorter than its size".into());
        }
        Ok(Raster {
            width,
            height,
            components,
            bits,
            row,
            data,
        })
    }

    /// Component `c` of pixel (`x`, `y`), as written (0 to [`Raster::top`]).
    fn sample(&self, x: usize, y: usize, c: usize) -> u32 {
        let at = y * self.row * 8 + (x * self.components + c) * self.bits as usize;
        let byte = |i: usize| u32::from(self.data[i]);
        match self.bits {
            8 => byte(at / 8),
            16 => (byte(at / 8) << 8) | byte(at / 8 + 1),
            bits => (byte(at / 8) >> (8 - bits as usize - at % 8)) & ((1 << bits) - 1),
        }
    }

    /// The largest sample value.
    fn top(&self) -> f32 {
        ((1u64 << self.bits) - 1) as f32
    }
}

/// A soft mask: each pixel's coverage, from 0 to 1.
struct Alpha {
    mask: Raster,
    decode: (f32, f32),
    /// The colour the image was premultiplied against, if it was.
    matte: Option<Vec<f32>>,
    /// The image's size, over which the mask is stretched.
    image: (usize, usize),
}

impl Alpha {
    fn read(mask: &Stream, image: &Raster) -> Result<Alpha, String> {
        let raster = Raster::read(mask, 1)?;
        let numbers = |key: &[u8]| -> Option<Vec<f32>> {
            let items = mask.dict.get(key).ok()?.as_array().ok()?;
            items.iter().map(|v| v.as_float().ok()).collect()
        };
        let decode = match numbers(b"Decode").as_deref() {
            Some(&[low, high]) => (low, high),
            _ => (0.0, 1.0),
        };
        Ok(Alpha {
            mask: raster,
            decode,
            matte: numbers(b"Matte"),
            image: (image.width, image.height),
        })
    }

    /// The coverage at pixel (`x`, `y`) of the image (nearest mask pixel).
    fn at(&self, x: usize, y: usize) -> f32 {
        let mx = x * self.mask.width / self.image.0;
        let my = y * self.mask.height / self.image.1;
        let raw = self.mask.sample(mx, my, 0) as f32 / self.mask.top();
        (self.decode.0 + raw * (self.decode.1 - self.decode.0)).clamp(0.0, 1.0)
    }
}

/// A JPEG's size, components and 8-bit samples as PDF's DCTDecode gives them: gray,
/// RGB, or CMYK as written (Adobe's YCCK turned into that CMYK); `components` 3 for a
/// four-component JPEG declared RGB (svg2pdf does so) gives zune-jpeg's RGB of it.
fn jpeg(data: &[u8], components: usize) -> Result<(usize, usize, usize, Vec<u8>), String> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let failed =
        |e: zune_jpeg::errors::DecodeErrors| format!("a JPEG image cannot be decoded ({e:?})");
    let options = DecoderOptions::default()
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut probe = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    probe.decode_headers().map_err(failed)?;
    let (width, height) = probe.dimensions().ok_or("a JPEG image has no size")?;
    if width.saturating_mul(height) > MAX_PIXELS {
        return Err("an image is too large to convert".into());
    }
    let input = probe
        .input_colorspace()
        .ok_or("a JPEG image has no colour space")?;
    let out = match (input, components) {
        (ColorSpace::Luma, _) => ColorSpace::Luma,
        (ColorSpace::CMYK | ColorSpace::YCCK, 4) => input,
        (_, _) => ColorSpace::RGB,
    };
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(
        ZCursor::new(data),
        options.jpeg_set_out_colorspace(out),
    );
    let mut samples = decoder.decode().map_err(failed)?;
    if out == ColorSpace::YCCK {
        // As libjpeg turns YCCK into CMYK: the YCC part to RGB, then each inverted.
        for p in samples.chunks_exact_mut(4) {
            let (y, cb, cr) = (
                f32::from(p[0]),
                f32::from(p[1]) - 128.0,
                f32::from(p[2]) - 128.0,
            );
            let rgb = [
                y + 1.402 * cr,
                y - 0.344_136 * cb - 0.714_136 * cr,
                y + 1.772 * cb,
            ];
            for (s, v) in p.iter_mut().zip(rgb) {
                *s = 255 - v.round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    Ok((width, height, out.num_components(), samples))
}

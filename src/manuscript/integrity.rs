//! Whether an image's data is whole: checked once, when the image is loaded, so that a
//! damaged file is the author's error with its line rather than a stream a PDF viewer
//! reports as bad or an e-reader shows as a broken icon.
//!
//! PNG is inflated row by row (one row in memory, whatever the image's size); JPEG is
//! decoded strictly to gray; GIF and WebP, rare in books and small, are decoded.

use std::io::Cursor;

use crate::ir::ImageFormat;

/// `Err` with the reason when the image's data cannot be decoded to its end.
pub fn check(format: ImageFormat, data: &[u8]) -> Result<(), String> {
    match format {
        ImageFormat::Png => png_rows(data),
        ImageFormat::Jpeg => jpeg_blocks(data),
        ImageFormat::Gif | ImageFormat::WebP => decodes(format, data),
        // An SVG that does not parse is drawn as a placeholder with a warning (pdf::image).
        ImageFormat::Svg => Ok(()),
    }
}

fn png_rows(data: &[u8]) -> Result<(), String> {
    let mut decoder = png::Decoder::new(Cursor::new(data));
    decoder.set_limits(png::Limits { bytes: 64 << 20 });
    decoder.ignore_checksums(false);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut rows = 0u64;
    while reader.next_row().map_err(|e| e.to_string())?.is_some() {
        rows += 1;
    }
    if rows == 0 {
        return Err("it has no rows of pixels".into());
    }
    Ok(())
}

/// Decodes the JPEG in zune-jpeg's strict mode, which fails on data that ends before the
/// last block (lenient decoders fill the rest with grey, as poppler does, reporting a bad
/// stream). Gray output: every block is still entropy-decoded, at a byte a pixel.
///
/// A decoder meeting a marker before the last block fills the rest with zeros silently,
/// so the segments are walked first: each scan must carry image data of its own (headers
/// followed by the end marker are a file cut short with the marker put back).
fn jpeg_blocks(data: &[u8]) -> Result<(), String> {
    jpeg_scans_have_data(data)?;
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    use zune_core::options::DecoderOptions;
    let strict = DecoderOptions::default().set_strict_mode(true);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), strict);
    let failed = |e| format!("{e:?}");
    decoder.decode_headers().map_err(failed)?;
    // zune-jpeg maps YCbCr and gray to gray, but CMYK and YCCK only to RGB.
    let out = match decoder.input_colorspace() {
        Some(ColorSpace::CMYK | ColorSpace::YCCK) => ColorSpace::RGB,
        _ => ColorSpace::Luma,
    };
    decoder.set_options(strict.jpeg_set_out_colorspace(out));
    decoder.decode().map(|_| ()).map_err(failed)
}

/// Walks JPEG's segments to the end of image, checking that each scan's entropy-coded
/// data is not empty.
fn jpeg_scans_have_data(data: &[u8]) -> Result<(), String> {
    let short = || "it ends in the middle of its headers".to_string();
    let mut at = 2;
    let mut scans = 0;
    loop {
        // Fill bytes (0xFF) may pad before a marker.
        while data.get(at..at + 2) == Some(&[0xFF, 0xFF]) {
            at += 1;
        }
        let marker = match data.get(at..at + 2) {
            Some(&[0xFF, marker]) => marker,
            _ => return Err(short()),
        };
        at += 2;
        match marker {
            0xD9 if scans > 0 => return Ok(()),
            0xD9 => return Err("it holds no image data".into()),
            // Restart markers and TEM carry no length.
            0xD0..=0xD7 | 0x01 => continue,
            _ => {}
        }
        let length = match data.get(at..at + 2) {
            Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(short()),
        };
        if length < 2 || at + length > data.len() {
            return Err(short());
        }
        at += length;
        if marker == 0xDA {
            scans += 1;
            // The data runs to the first 0xFF not followed by a stuffed zero or a restart.
            let start = at;
            loop {
                let ff = at
                    + data[at..]
                        .iter()
                        .position(|&b| b == 0xFF)
                        .ok_or_else(short)?;
                match data.get(ff + 1) {
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => at = ff + 1,
                    Some(_) => {
                        at = ff;
                        break;
                    }
                    None => return Err(short()),
                }
            }
            if at == start {
                return Err("a scan holds no image data (the file was cut short)".into());
            }
        }
    }
}

fn decodes(format: ImageFormat, data: &[u8]) -> Result<(), String> {
    let format = match format {
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(128 << 20);
    reader.limits(limits);
    reader.decode().map(|_| ()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..width * height * 3).map(|i| (i * 7) as u8).collect();
        writer.write_image_data(&pixels).unwrap();
        writer.finish().unwrap();
        out
    }

    #[test]
    fn a_whole_png_passes_and_a_garbled_one_does_not() {
        let good = png(40, 30);
        assert_eq!(check(ImageFormat::Png, &good), Ok(()));
        // Garble the compressed data but keep every chunk's frame (and IEND) in place.
        let idat = good.windows(4).position(|w| w == b"IDAT").unwrap();
        let mut bad = good.clone();
        for b in &mut bad[idat + 6..idat + 40] {
            *b ^= 0x5A;
        }
        assert!(check(ImageFormat::Png, &bad).is_err());
    }

    #[test]
    fn a_jpeg_cut_short_is_caught_even_with_its_end_marker() {
        let photo = image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([x as u8 * 4, y as u8 * 5, (x * y) as u8])
        });
        let mut jpeg = Vec::new();
        image::DynamicImage::ImageRgb8(photo)
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        assert_eq!(check(ImageFormat::Jpeg, &jpeg), Ok(()));
        let scan = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let header_end =
            scan + 2 + usize::from(u16::from_be_bytes([jpeg[scan + 2], jpeg[scan + 3]]));
        // Cut in the middle of the image data, as an interrupted copy leaves it.
        assert!(check(ImageFormat::Jpeg, &jpeg[..header_end + 40]).is_err());
        // Cut after the headers, with the end marker put back.
        let mut headers = jpeg[..header_end].to_vec();
        headers.extend([0xFF, 0xD9]);
        assert!(check(ImageFormat::Jpeg, &headers).is_err());
        // Damaged image data.
        let mut damaged = jpeg.clone();
        for b in &mut damaged[header_end + 10..header_end + 60] {
            *b = 0xFF;
        }
        assert!(check(ImageFormat::Jpeg, &damaged).is_err());
        assert!(check(ImageFormat::Jpeg, &jpeg[..scan]).is_err());
        // Not caught: a cut inside the data with the end marker put back, which every
        // decoder fills with grey; only counting the bits each block takes would tell.
    }
}

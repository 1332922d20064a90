//! Whether an image's data is whole: checked once, when the image is loaded, so that a
//! damaged file is the author's error with its line rather than a stream a PDF viewer
//! reports as bad or an e-reader shows as a broken icon.
//!
//! PNG is inflated row by row (one row in memory, whatever the image's size); JPEG's
//! segments are walked to the end of the entropy-coded data; GIF and WebP, rare in books
//! and small, are decoded.

use std::io::Cursor;

use crate::ir::ImageFormat;

/// `Err` with the reason when the image's data cannot be decoded to its end.
pub fn check(format: ImageFormat, data: &[u8]) -> Result<(), String> {
    match format {
        ImageFormat::Png => png_rows(data),
        ImageFormat::Jpeg => jpeg_segments(data),
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

/// Walks JPEG's markers: every segment's length must lie inside the file, a frame header
/// and a scan must come, and each scan's entropy-coded data must be followed by a marker,
/// the last of them the end of image.
fn jpeg_segments(data: &[u8]) -> Result<(), String> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return Err("it does not start with a JPEG marker".into());
    }
    let mut at = 2;
    let mut frame = false;
    let mut scans = 0;
    loop {
        // Fill bytes (0xFF) may pad before any marker.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(at), data.get(at + 1)) else {
            return Err("the file ends in the middle of its headers".into());
        };
        at += 2;
        match marker {
            0xD9 => break,
            // Restart markers and TEM carry no length.
            0xD0..=0xD7 | 0x01 => continue,
            _ => {}
        }
        let length = match (data.get(at), data.get(at + 1)) {
            (Some(&hi), Some(&lo)) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err("the file ends in the middle of its headers".into()),
        };
        if length < 2 || at + length > data.len() {
            return Err("a segment runs past the end of the file".into());
        }
        at += length;
        match marker {
            // Start of frame: baseline, progressive, lossless, arithmetic (not DHT, JPG, DAC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => frame = true,
            0xDA => {
                if !frame {
                    return Err("a scan comes before the frame header".into());
                }
                scans += 1;
                at = entropy_end(data, at)
                    .ok_or("the file ends in the middle of the image data (it was cut short)")?;
            }
            _ => {}
        }
    }
    if scans == 0 {
        return Err("it holds no image data".into());
    }
    Ok(())
}

/// The offset of the first marker after entropy-coded data starting at `from`: a 0xFF
/// followed by neither a stuffed zero nor a restart marker.
fn entropy_end(data: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let ff = at + data.get(at..)?.iter().position(|&b| b == 0xFF)?;
        match data.get(ff + 1)? {
            0x00 | 0xD0..=0xD7 | 0xFF => at = ff + 1,
            _ => return Some(ff),
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
    fn a_jpeg_cut_after_its_headers_is_caught() {
        // SOI, a frame header, a Huffman table stub, a scan header, data, EOI.
        let mut jpeg = vec![0xFF, 0xD8];
        jpeg.extend([0xFF, 0xC0, 0x00, 0x0B, 8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        jpeg.extend([0xFF, 0xDA, 0x00, 0x08, 1, 1, 0, 0, 63, 0]);
        jpeg.extend([0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        let cut = jpeg.clone();
        jpeg.extend([0xFF, 0xD9]);
        assert_eq!(check(ImageFormat::Jpeg, &jpeg), Ok(()));
        assert!(check(ImageFormat::Jpeg, &cut).unwrap_err().contains("cut short"));
        assert!(check(ImageFormat::Jpeg, &jpeg[..20]).is_err());
        // Headers only, then an end marker: no image data at all.
        let mut headers = jpeg[..15].to_vec();
        headers.extend([0xFF, 0xD9]);
        assert!(check(ImageFormat::Jpeg, &headers)
            .unwrap_err()
            .contains("no image data"));
    }
}

//! Rasters PDF cannot carry as they are (GIF, WebP, PNG with alpha, transparency,
//! interlacing or 16 bits, CMYK JPEG), decoded with the `image` crate into 8-bit gray or
//! RGB samples, Flate-compressed behind PNG row filters, with an `/SMask` image for any
//! alpha that is not fully opaque. Animations give their first frame; colour profiles
//! are not carried (the samples are taken as DeviceRGB).

use std::io::Write;
use std::sync::{Condvar, Mutex};

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Dictionary, Object};

use super::{base_dict, name, png_predictor, stream as figure, Figure};
use crate::ir::{Image, ImageFormat};

/// Decoded samples, row after row, 8 bits each.
#[derive(Debug)]
struct Pixels {
    width: u32,
    height: u32,
    /// 1 (gray) or 3 (RGB) samples a pixel.
    colors: usize,
    samples: Vec<u8>,
    /// One byte a pixel; `None` when every pixel is opaque.
    alpha: Option<Vec<u8>>,
}

/// The image's XObject stream, with its soft mask inside the dictionary (printpdf writes
/// that as an object of its own).
pub(super) fn stream(image: &Image) -> Option<Figure> {
    // About what decoding and converting take at once: the decoded samples (up to four
    // bytes a pixel), their 8-bit copy, and the split samples and alpha.
    let pixels = u64::from(image.width) * u64::from(image.height);
    let _reservation = reserve(pixels.saturating_mul(12));
    let pixels = decode(image.format, &image.data)?;
    let (width, height) = (pixels.width, pixels.height);
    let space = if pixels.colors == 1 {
        "DeviceGray"
    } else {
        "DeviceRGB"
    };
    let mut dict = image_stream(width, height, pixels.colors, space);
    if let Some(alpha) = &pixels.alpha {
        let smask = figure(
            image_stream(width, height, 1, "DeviceGray"),
            compress(alpha, width as usize, 1),
            false,
        );
        dict.set("SMask", Object::Stream(smask));
    }
    Some(figure(
        dict,
        compress(
            &pixels.samples,
            width as usize * pixels.colors,
            pixels.colors,
        ),
        false,
    ))
}

/// The dictionary of an 8-bit image compressed by [`compress`].
fn image_stream(width: u32, height: u32, colors: usize, space: &str) -> Dictionary {
    let mut dict = base_dict(width, height, 8);
    dict.set("ColorSpace", name(space));
    dict.set("Filter", name("FlateDecode"));
    dict.set("DecodeParms", png_predictor(colors as i64, 8, width));
    dict
}

/// The most memory one figure's decoding may take: a 6 000 × 6 000 RGBA image, 20 inches
/// square at 300 dpi.
const MAX_DECODED: u64 = 160 << 20;

/// Decoding memory reserved across all threads: the layout sets chapters in parallel,
/// and without a common budget eight large figures in eight chapters would be decoded at
/// once (MAX_DECODED each). A figure waits until the others leave it room; one alone may
/// always go.
static IN_FLIGHT: Mutex<u64> = Mutex::new(0);
static FREED: Condvar = Condvar::new();
const MAX_IN_FLIGHT: u64 = 2 * MAX_DECODED;

/// Memory reserved for one decoding, given back when dropped.
struct Reservation(u64);

fn reserve(bytes: u64) -> Reservation {
    let bytes = bytes.min(MAX_IN_FLIGHT);
    let mut used = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
    while *used > 0 && *used + bytes > MAX_IN_FLIGHT {
        used = FREED.wait(used).unwrap_or_else(|p| p.into_inner());
    }
    *used += bytes;
    Reservation(bytes)
}

impl Drop for Reservation {
    fn drop(&mut self) {
        let mut used = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
        *used -= self.0;
        FREED.notify_all();
    }
}

fn decode(format: ImageFormat, data: &[u8]) -> Option<Pixels> {
    let format = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        ImageFormat::WebP => image::ImageFormat::WebP,
        ImageFormat::Svg => return None,
    };
    // A figure that would take more than MAX_DECODED bytes is refused rather than
    // risking the machine's memory (chapters are set in parallel): the layout draws its
    // placeholder.
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(data), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED);
    reader.limits(limits);
    let decoded = reader.decode().ok()?;
    let color = decoded.color();
    let (width, height) = (decoded.width(), decoded.height());
    if width == 0 || height == 0 {
        return None;
    }
    let (colors, interleaved) = match (color.has_color(), color.has_alpha()) {
        (false, false) => (1, decoded.into_luma8().into_raw()),
        (false, true) => (1, decoded.into_luma_alpha8().into_raw()),
        (true, false) => (3, decoded.into_rgb8().into_raw()),
        (true, true) => (3, decoded.into_rgba8().into_raw()),
    };
    let (samples, alpha) = if color.has_alpha() {
        split_alpha(&interleaved, colors)
    } else {
        (interleaved, None)
    };
    Some(Pixels {
        width,
        height,
        colors,
        samples,
        alpha,
    })
}

/// Color samples and alpha apart; the alpha is dropped when every pixel is opaque.
fn split_alpha(interleaved: &[u8], colors: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let pixel = colors + 1;
    let mut samples = Vec::with_capacity(interleaved.len() / pixel * colors);
    let mut alpha = Vec::with_capacity(interleaved.len() / pixel);
    for p in interleaved.chunks_exact(pixel) {
        samples.extend_from_slice(&p[..colors]);
        alpha.push(p[colors]);
    }
    let opaque = alpha.iter().all(|&a| a == u8::MAX);
    (samples, (!opaque).then_some(alpha))
}

/// Flate data of `samples` (rows of `row` bytes, `bpp` bytes a pixel), each row behind
/// the PNG filter that suits it best: photographs shrink by a third or more against
/// unfiltered rows, and PDF undoes the filters itself (`/Predictor 15`).
pub(in crate::pdf) fn compress(samples: &[u8], row: usize, bpp: usize) -> Vec<u8> {
    let mut filtered = Vec::with_capacity(samples.len() + samples.len() / row.max(1));
    let zero = vec![0; row];
    let mut prev: &[u8] = &zero;
    let mut candidate = vec![0; row];
    let mut best = vec![0; row];
    for cur in samples.chunks_exact(row) {
        let mut best_kind = 0;
        let mut best_cost = u64::MAX;
        for kind in 0..5u8 {
            filter_row(kind, cur, prev, bpp, &mut candidate);
            // The usual heuristic: the smallest sum of the bytes taken as signed.
            let cost = candidate
                .iter()
                .map(|&b| u64::from((b as i8).unsigned_abs()))
                .sum();
            if cost < best_cost {
                best_cost = cost;
                best_kind = kind;
                std::mem::swap(&mut best, &mut candidate);
            }
        }
        filtered.push(best_kind);
        filtered.extend_from_slice(&best);
        prev = cur;
    }
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(&filtered)
        .expect("writing into a Vec cannot fail");
    encoder.finish().expect("writing into a Vec cannot fail")
}

/// PNG filter `kind` (0 none, 1 sub, 2 up, 3 average, 4 Paeth) of row `cur` into `out`.
fn filter_row(kind: u8, cur: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) {
    for i in 0..cur.len() {
        let left = if i >= bpp { cur[i - bpp] } else { 0 };
        let up = prev[i];
        let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
        let predicted = match kind {
            0 => 0,
            1 => left,
            2 => up,
            3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
            _ => paeth(left, up, up_left),
        };
        out[i] = cur[i].wrapping_sub(predicted);
    }
}

/// PNG's Paeth predictor: of left, up and up-left, the one nearest `a + b - c`.
pub(in crate::pdf) fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes [`compress`] as a PDF reader would: inflate, then reverse each row's filter
    /// (with the print conversion's own reader, which is tested against lopdf's).
    fn unfilter(data: &[u8], row: usize, bpp: usize) -> Vec<u8> {
        let raw = crate::pdf::colour::inflate(data, usize::MAX - 1).unwrap();
        crate::pdf::colour::unpredict(&raw, bpp, 8, row / bpp).unwrap()
    }

    fn image(format: ImageFormat, data: Vec<u8>) -> Image {
        Image {
            path: "images/x".into(),
            format,
            width: 0,
            height: 0,
            data: data.into(),
        }
    }

    fn encode(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn filtered_rows_come_back_exactly() {
        let samples: Vec<u8> = (0..7 * 5 * 3).map(|i| (i * 37 % 251) as u8).collect();
        let packed = compress(&samples, 7 * 3, 3);
        assert_eq!(unfilter(&packed, 7 * 3, 3), samples);
        assert_eq!(
            compress(&samples, 7 * 3, 3),
            packed,
            "the same bytes every time"
        );
    }

    #[test]
    fn a_png_with_alpha_gets_a_soft_mask() {
        let mut rgba = image::RgbaImage::new(4, 3);
        for (x, _, p) in rgba.enumerate_pixels_mut() {
            *p = image::Rgba([200, 10, 10, if x == 0 { 0 } else { 255 }]);
        }
        let png = encode(rgba.into(), image::ImageFormat::Png);
        let img = image(ImageFormat::Png, png);
        let s = stream(&img).expect("decodes");
        assert_eq!(s.dict.get(b"ColorSpace").ok(), Some(&name("DeviceRGB")));
        assert_eq!(unfilter(&s.content, 12, 3)[..6], [200, 10, 10, 200, 10, 10]);
        let Ok(Object::Stream(mask)) = s.dict.get(b"SMask") else {
            panic!("no soft mask: {:?}", s.dict);
        };
        assert_eq!(mask.dict.get(b"Width").ok(), Some(&Object::Integer(4)));
        assert_eq!(unfilter(&mask.content, 4, 1)[..4], [0, 255, 255, 255]);
    }

    #[test]
    fn opaque_alpha_and_sixteen_bits_give_plain_samples() {
        let mut rgba = image::ImageBuffer::<image::Rgba<u16>, Vec<u16>>::new(3, 2);
        for p in rgba.pixels_mut() {
            *p = image::Rgba([65535, 32896, 0, 65535]);
        }
        let png = encode(rgba.into(), image::ImageFormat::Png);
        let s = stream(&image(ImageFormat::Png, png)).expect("decodes");
        assert!(!s.dict.has(b"SMask"));
        assert_eq!(
            s.dict.get(b"BitsPerComponent").ok(),
            Some(&Object::Integer(8))
        );
        assert_eq!(unfilter(&s.content, 9, 3)[..3], [255, 128, 0]);
    }

    #[test]
    fn gray_stays_gray() {
        let gray = image::ImageBuffer::<image::Luma<u16>, Vec<u16>>::from_pixel(
            5,
            4,
            image::Luma([0x5A5A]),
        );
        let png = encode(gray.into(), image::ImageFormat::Png);
        let s = stream(&image(ImageFormat::Png, png)).expect("decodes");
        assert_eq!(s.dict.get(b"ColorSpace").ok(), Some(&name("DeviceGray")));
        assert_eq!(s.dict.get(b"Height").ok(), Some(&Object::Integer(4)));
        assert!(unfilter(&s.content, 5, 1).iter().all(|&v| v == 0x5A));
    }

    #[test]
    fn an_animated_gif_gives_its_first_frame() {
        let mut gif = Vec::new();
        {
            let mut encoder = image::codecs::gif::GifEncoder::new(&mut gif);
            for color in [[200, 0, 0, 255], [0, 0, 200, 255]] {
                let frame = image::RgbaImage::from_pixel(6, 2, image::Rgba(color));
                encoder.encode_frame(image::Frame::new(frame)).unwrap();
            }
        }
        let s = stream(&image(ImageFormat::Gif, gif)).expect("decodes");
        assert_eq!(s.dict.get(b"Width").ok(), Some(&Object::Integer(6)));
        assert!(!s.dict.has(b"SMask"));
        assert_eq!(unfilter(&s.content, 18, 3)[..3], [200, 0, 0]);
    }

    #[test]
    fn corrupt_data_does_not_decode() {
        let mut png = encode(
            image::RgbaImage::from_pixel(8, 8, image::Rgba([1, 2, 3, 4])).into(),
            image::ImageFormat::Png,
        );
        let middle = png.len() / 2;
        png[middle..middle + 8].copy_from_slice(b"garbage!");
        assert!(stream(&image(ImageFormat::Png, png)).is_none());
        assert!(stream(&image(ImageFormat::WebP, b"RIFF\0\0\0\0WEBPVP8 ".to_vec())).is_none());
    }

    /// Reservations beyond the common budget wait for one another; each alone goes.
    #[test]
    fn decodings_share_one_memory_budget() {
        let first = reserve(MAX_IN_FLIGHT * 10);
        assert_eq!(first.0, MAX_IN_FLIGHT);
        let released = std::sync::atomic::AtomicBool::new(false);
        let got_it_early = std::thread::scope(|scope| {
            let other = scope.spawn(|| {
                let _second = reserve(MAX_DECODED);
                // Only once the first reservation is given back may the second go.
                !released.load(std::sync::atomic::Ordering::SeqCst)
            });
            std::thread::sleep(std::time::Duration::from_millis(100));
            released.store(true, std::sync::atomic::Ordering::SeqCst);
            drop(first);
            other.join().unwrap()
        });
        assert!(!got_it_early, "a second decoding started over the budget");
    }

    /// A figure whose pixels would take more than `MAX_DECODED` is refused unread: a
    /// small file can unpack into gigabytes.
    #[test]
    fn huge_pixel_counts_are_refused() {
        // 8 000 × 8 000 gray and one line of data: 64 MB as gray, 256 MB as RGBA.
        let big = image::GrayImage::new(8_000, 8_000);
        let png = encode(big.into(), image::ImageFormat::Png);
        assert!(png.len() < 1 << 20);
        assert!(decode(ImageFormat::Png, &png).is_some(), "within the limit");
        let big = image::RgbaImage::new(8_000, 8_000);
        let png = encode(big.into(), image::ImageFormat::Png);
        assert!(decode(ImageFormat::Png, &png).is_none(), "over the limit");
    }
}

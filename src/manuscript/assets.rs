//! The images the chapters and `book.toml` point at, read once and checked.
//!
//! An image path must stay inside the manuscript folder (no `..`, no absolute path, no
//! symbolic link that leads out) and is never fetched from the network; its bytes are read
//! only after those checks pass.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::files::{self, ReadError, MAX_IMAGE_BYTES};
use crate::diag::{Diagnostic, Loc, Result};
use crate::ir::{Image, ImageFormat, ImageId};

/// Nor more pixels than this on either side.
pub const MAX_IMAGE_SIDE: u32 = 20_000;
/// Nor more pixels than this in all, for both books: 25 megapixels is a 300 dpi full page
/// of A4 with bleed and more than any e-reader decodes (Apple's limit for EPUB images is
/// 5.6 Mpx for JPEG; Kindle's 5 Mpx), and decoding one costs at most 100 MB.
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// Whether a relative path stays inside the folder it is relative to.
pub fn stays_inside(path: &Path) -> bool {
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

/// Decodes `%20`-style escapes in a Markdown link destination; one that does not decode
/// to UTF-8 leaves the destination as written.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |decoded| decoded.into_owned())
}

/// The book's images, each loaded once however often the chapters use it; an image's
/// index is its place in the order first used (the cover first).
pub struct Images<'r> {
    root: &'r Path,
    images: Vec<Image>,
    /// Where each image was first used, as written there: for the message should its
    /// data prove damaged.
    first_use: Vec<(Loc, String)>,
    by_reference: HashMap<String, ImageId>,
}

impl<'r> Images<'r> {
    /// No image loaded yet from the manuscript at `root`.
    pub fn new(root: &'r Path) -> Self {
        Images {
            root,
            images: Vec::new(),
            first_use: Vec::new(),
            by_reference: HashMap::new(),
        }
    }

    /// The index of the image `reference` (as written at `loc`), loading it if new.
    pub fn load(&mut self, reference: &str, loc: &Loc) -> Result<ImageId> {
        let beside = self.beside_chapter(reference, loc);
        let reference = beside.as_deref().unwrap_or(reference);
        if let Some(&id) = self.by_reference.get(reference) {
            return Ok(id);
        }
        let image = load_image(self.root, reference, loc)?;
        let id = match self.images.iter().position(|i| i.path == image.path) {
            Some(id) => id,
            None => {
                self.images.push(image);
                self.first_use.push((loc.clone(), reference.to_string()));
                self.images.len() - 1
            }
        };
        self.by_reference.insert(reference.to_string(), id);
        Ok(id)
    }

    /// `reference` as named from the manuscript folder, when the chapter at `loc` lies in
    /// a folder of its own and the image is beside it there (Markdown's reading of a
    /// relative path, and mdBook's); else None, and the path is the folder's.
    fn beside_chapter(&self, reference: &str, loc: &Loc) -> Option<String> {
        let folder = loc.file.strip_prefix(self.root).ok()?.parent()?;
        if folder.as_os_str().is_empty() || reference.contains("://") {
            return None;
        }
        let joined = crate::paths::normalise(&folder.join(percent_decode(reference)))?;
        self.root
            .join(&joined)
            .is_file()
            .then(|| joined.to_string_lossy().replace('\\', "/"))
    }

    /// Every image loaded, by index, once each has been decoded whole (all at once, on
    /// every core: a book of photographs takes a while); the first damaged one, in the
    /// book's order, is the error.
    pub fn into_images(self) -> Result<Vec<Image>> {
        use rayon::prelude::*;
        let damaged = self
            .images
            .par_iter()
            .zip(&self.first_use)
            .map(|(image, (loc, reference))| {
                super::integrity::check(image.format, &image.data).map_err(|why| {
                    Diagnostic::at(
                        loc.clone(),
                        format!("image `{reference}` is corrupt or truncated ({why})"),
                    )
                    .with_hint("re-export the image from its original")
                })
            })
            .collect::<Vec<_>>();
        damaged.into_iter().collect::<Result<Vec<()>>>()?;
        Ok(self.images)
    }
}

/// Reads and checks the image `reference` (as written in the manuscript) found at `loc`.
pub fn load_image(root: &Path, reference: &str, loc: &Loc) -> Result<Image> {
    let lower = reference.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("//") || lower.starts_with("data:") {
        return Err(Diagnostic::at(
            loc.clone(),
            format!("remote image `{reference}` refused: imprenta never downloads"),
        )
        .with_hint("save the image into the manuscript's images/ folder and link to it there"));
    }
    let decoded = percent_decode(reference);
    let relative = PathBuf::from(&decoded);
    if !stays_inside(&relative) {
        return Err(Diagnostic::at(
            loc.clone(),
            format!("image `{reference}` is outside the manuscript folder"),
        )
        .with_hint("put the image inside the manuscript folder and use a relative path"));
    }
    let path = root.join(&relative);
    let unreadable = |e: ReadError| {
        let hint = match e {
            ReadError::TooLarge { .. } => "scale it down: 300 dpi at the printed size is plenty",
            _ => "put the image inside the manuscript folder and link to it by its path there",
        };
        Diagnostic::at(loc.clone(), format!("image `{reference}` {}", e.reason()))
            .with_hint(format!("{hint} (looked for {})", path.display()))
    };
    let data = files::read_inside(root, &relative, MAX_IMAGE_BYTES).map_err(|e| match e {
        ReadError::Outside => Diagnostic::at(
            loc.clone(),
            format!("image `{reference}` is a link that leads outside the manuscript folder"),
        ),
        e => unreadable(e),
    })?;
    let claimed = format_from_extension(&relative).ok_or_else(|| {
        Diagnostic::at(
            loc.clone(),
            format!("image `{reference}` is not in a format e-books accept"),
        )
        .with_hint("use PNG, JPEG, GIF, WebP or SVG")
    })?;
    let actual = sniff(&data);
    if actual != Some(claimed) {
        let what = match actual {
            Some(format) => format!("its content is {}", format.media_type()),
            None => "its content is not an image".to_string(),
        };
        return Err(Diagnostic::at(
            loc.clone(),
            format!(
                "image `{reference}` is named as {} but {what}",
                claimed.media_type()
            ),
        )
        .with_hint("re-export the image, or give it the right extension"));
    }
    let corrupt = |why: &str| {
        Diagnostic::at(
            loc.clone(),
            format!("image `{reference}` is corrupt or truncated ({why})"),
        )
        .with_hint("re-export the image from its original")
    };
    let (width, height) = match claimed {
        ImageFormat::Svg => svg_size(&data),
        _ => {
            let size = imagesize::blob_size(&data).map_err(|_| corrupt("no readable size"))?;
            (size.width as u32, size.height as u32)
        }
    };
    if !is_complete(claimed, &data) {
        return Err(corrupt("the file ends early"));
    }
    if claimed != ImageFormat::Svg && (width == 0 || height == 0) {
        return Err(corrupt("it has no pixels"));
    }
    // An SVG's size is only its drawing's scale, not pixels to decode.
    if claimed != ImageFormat::Svg && (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
        return Err(Diagnostic::at(
            loc.clone(),
            format!(
                "image `{reference}` is {width}×{height} pixels, over the limit of {MAX_IMAGE_SIDE} on a side"
            ),
        ));
    }
    let pixels = u64::from(width) * u64::from(height);
    if claimed != ImageFormat::Svg && pixels > MAX_IMAGE_PIXELS {
        return Err(Diagnostic::at(
            loc.clone(),
            format!(
                "image `{reference}` is {width}×{height} pixels ({:.1} megapixels), over the limit of {} megapixels",
                pixels as f64 / 1e6,
                MAX_IMAGE_PIXELS / 1_000_000
            ),
        )
        .with_hint("scale it down: 300 dpi at the printed size is plenty"));
    }
    Ok(Image {
        path: relative
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/"),
        format: claimed,
        width,
        height,
        data: Arc::from(data),
    })
}

/// An SVG's declared size in CSS pixels (its `width` and `height`, else its `viewBox`),
/// rounded; `(0, 0)` when it cannot be parsed, which only the PDF minds (it draws a
/// placeholder).
fn svg_size(data: &[u8]) -> (u32, u32) {
    let options = usvg::Options {
        // Only the size is wanted: no `<image>` may make the loader read another file.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    // The size is on the root element: usvg reads that alone, not a drawing that may be
    // megabytes of shapes (the whole drawing is parsed once, by the PDF, under a budget).
    let Some(root) = root_element(data) else {
        return (0, 0);
    };
    match usvg::Tree::from_data(root.as_bytes(), &options) {
        Ok(tree) => {
            let size = tree.size();
            // `as` saturates: an absurd size stays a large one.
            let side = |v: f32| (v.round() as u32).max(1);
            (side(size.width()), side(size.height()))
        }
        Err(_) => (0, 0),
    }
}

/// The SVG's root element alone, emptied: `<svg …attributes…/>`.
fn root_element(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    // Past the prolog: comments, processing instructions and a DOCTYPE (with its subset).
    let mut start = 0;
    loop {
        start += text[start..].find('<')?;
        let here = &text[start..];
        let skip = if here.starts_with("<!--") {
            here.find("-->")? + 3
        } else if here.starts_with("<?") {
            here.find("?>")? + 2
        } else if here.starts_with("<!") {
            let bracket = here.find('[');
            let close = here.find('>')?;
            match bracket {
                Some(open) if open < close => here.find("]>")? + 2,
                _ => close + 1,
            }
        } else {
            break;
        };
        start += skip;
    }
    let after = &text[start + 1..];
    if !(after.starts_with("svg")
        && after[3..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/'))
    {
        return None;
    }
    let mut quote = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => {
                let tag = text[start..start + i].trim_end().trim_end_matches('/');
                return Some(format!("{tag}/>"));
            }
            _ => {}
        }
    }
    None
}

fn format_from_extension(path: &Path) -> Option<ImageFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => ImageFormat::Png,
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        "gif" => ImageFormat::Gif,
        "webp" => ImageFormat::WebP,
        "svg" => ImageFormat::Svg,
        _ => return None,
    })
}

/// The format the bytes really are, from their signature.
fn sniff(data: &[u8]) -> Option<ImageFormat> {
    use imagesize::ImageType;
    match imagesize::image_type(data) {
        Ok(ImageType::Png) => Some(ImageFormat::Png),
        Ok(ImageType::Jpeg) => Some(ImageFormat::Jpeg),
        Ok(ImageType::Gif) => Some(ImageFormat::Gif),
        Ok(ImageType::Webp) => Some(ImageFormat::WebP),
        // imagesize reads only binary formats: SVG is XML with an `<svg` element early on.
        _ => {
            let head = String::from_utf8_lossy(&data[..data.len().min(4096)]);
            let head = head.trim_start_matches('\u{feff}').trim_start();
            (head.starts_with('<') && head.contains("<svg")).then_some(ImageFormat::Svg)
        }
    }
}

/// Whether the file carries its format's end marker (a cheap truncation check).
fn is_complete(format: ImageFormat, data: &[u8]) -> bool {
    match format {
        ImageFormat::Png => data.len() >= 12 && &data[data.len() - 8..data.len() - 4] == b"IEND",
        ImageFormat::Jpeg => {
            let trimmed = data
                .iter()
                .rposition(|&b| b != 0)
                .map_or(&data[..0], |end| &data[..=end]);
            trimmed.ends_with(&[0xFF, 0xD9])
        }
        ImageFormat::Gif => data.last() == Some(&0x3B),
        ImageFormat::WebP => {
            data.len() >= 12
                && u32::from_le_bytes([data[4], data[5], data[6], data[7]]) as usize + 8
                    <= data.len()
        }
        ImageFormat::Svg => String::from_utf8_lossy(data).contains("</svg>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        assert!(stays_inside(Path::new("images/a.png")));
        assert!(stays_inside(Path::new("./a.png")));
        assert!(!stays_inside(Path::new("../a.png")));
        assert!(!stays_inside(Path::new("images/../../a.png")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
        assert!(!stays_inside(Path::new("")));
    }

    #[test]
    fn formats_are_sniffed_from_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nxxxx"), Some(ImageFormat::Png));
        assert_eq!(
            sniff(b"GIF89a\x01\x00\x01\x00\x80\x00\x00"),
            Some(ImageFormat::Gif)
        );
        // Shorter than any image's header (12 bytes): no image at all.
        assert_eq!(sniff(b"GIF89a..."), None);
        assert_eq!(
            sniff(b"<?xml version='1.0'?><svg/>"),
            Some(ImageFormat::Svg)
        );
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(percent_decode("mi%20foto.png"), "mi foto.png");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn svg_size_comes_from_its_attributes_or_view_box() {
        let svg = |attrs: &str| format!("<svg xmlns='http://www.w3.org/2000/svg' {attrs}/>");
        assert_eq!(svg_size(svg("width='40' height='20'").as_bytes()), (40, 20));
        assert_eq!(
            svg_size(svg("viewBox='0 0 300 150.4'").as_bytes()),
            (300, 150)
        );
        assert_eq!(
            svg_size(svg("width='1in' height='0.5in'").as_bytes()),
            (96, 48)
        );
        assert_eq!(svg_size(b"<html><body/></html>"), (0, 0));
        assert_eq!(svg_size(b"<svg width='4"), (0, 0));
        // Only the root element is read, however large the drawing.
        let big = svg(&format!(
            "width='7' height='3'>{}</svg",
            "<rect/>".repeat(100_000)
        ));
        assert_eq!(
            svg_size(big.replace("/></svg", "></svg").as_bytes()),
            (7, 3)
        );
        assert_eq!(
            root_element(b"<?xml version='1.0'?><!-- <svg --><svg a='>' b=\"x\">..").as_deref(),
            Some("<svg a='>' b=\"x\"/>")
        );
    }
}

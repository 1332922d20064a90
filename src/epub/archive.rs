//! The EPUB's zip container (OCF), written once: `mimetype` first and stored, every entry
//! with the book's timestamp, each file deflated a single time.
//!
//! Why the detour: epub-builder 0.8.3 packages through its `Zip` trait, but declares it in
//! a private module (`mod zip`, not re-exported), so no sink of our own can be given to
//! it; the two it ships either deflate everything with the clock's time (`ZipLibrary`) or
//! shell out to a `zip` program (`ZipCommand`). So the builder gets each of our files'
//! name and media type with no bytes ([`Resources::hold`]): it still lists them in the
//! manifest, spine and tables of contents, and its archive brings back only what it
//! writes itself (container, OPF, NCX, nav: a few kilobytes), which `fixups` corrects. The
//! fonts, images, stylesheet and content documents are compressed once, here.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use rayon::prelude::*;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::diag::{Diagnostic, Result};

/// One file of the container: its path in the archive and its bytes.
#[derive(Debug)]
pub(crate) struct Entry {
    pub name: String,
    pub data: Vec<u8>,
}

/// The publication resources we write ourselves (content documents, stylesheet, fonts,
/// images), by path in the archive, kept out of epub-builder's zip.
#[derive(Default)]
pub(crate) struct Resources {
    files: BTreeMap<String, Vec<u8>>,
}

impl Resources {
    /// Keeps `data` for the archive under `href` (relative to `OEBPS/`, as the builder
    /// takes it) and returns the empty placeholder the builder gets instead.
    pub(crate) fn hold(&mut self, href: &str, data: impl Into<Vec<u8>>) -> std::io::Empty {
        self.files.insert(format!("OEBPS/{href}"), data.into());
        std::io::empty()
    }
}

/// The files of epub-builder's archive `packaged`, in its order, with each placeholder
/// filled from `resources`.
pub(crate) fn unpack(packaged: &[u8], mut resources: Resources) -> Result<Vec<Entry>> {
    let zip_error = |e: zip::result::ZipError| internal(&format!("archive ({e})"));
    let mut archive = ZipArchive::new(Cursor::new(packaged)).map_err(zip_error)?;
    let mut entries = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(zip_error)?;
        let name = file.name().to_string();
        let data = match resources.files.remove(&name) {
            Some(_) if file.size() != 0 => return Err(internal(&format!("placeholder {name}"))),
            Some(data) => data,
            None => {
                let mut data = Vec::with_capacity(file.size() as usize);
                file.read_to_end(&mut data)
                    .map_err(|e| internal(&format!("entry {name} ({e})")))?;
                data
            }
        };
        entries.push(Entry { name, data });
    }
    match resources.files.into_keys().next() {
        Some(lost) => Err(internal(&format!("archive (no entry for {lost})"))),
        None => Ok(entries),
    }
}

fn internal(what: &str) -> Diagnostic {
    Diagnostic::general(format!(
        "internal error: epub-builder's {what} is not what imprenta expects; \
         src/epub/archive.rs needs updating for this version of the crate"
    ))
}

/// The EPUB archive of `entries`: `mimetype` (which must come first) stored, images
/// stored (deflate gains nothing on them), the rest deflated, all with `timestamp`
/// (seconds since 1970) as their time, so identical books give identical bytes.
pub(crate) fn write(entries: &[Entry], timestamp: i64) -> Result<Vec<u8>> {
    if entries.first().map(|e| e.name.as_str()) != Some("mimetype") {
        return Err(internal("archive (mimetype is not first)"));
    }
    let zip_error =
        |e: zip::result::ZipError| Diagnostic::general(format!("writing the EPUB archive: {e}"));
    let size: usize = entries.iter().map(|e| e.data.len()).sum();
    let time = zip_time(timestamp);
    // Each entry is compressed on its own (deflate knows no other entry), so they are
    // compressed at once, each into a one-entry archive, and copied raw into the book's
    // in order: the same bytes as one after the other, in half the time on two cores.
    let parts: Vec<Result<Vec<u8>>> = entries
        .par_iter()
        .map(|Entry { name, data }| {
            let stored = name == "mimetype"
                || [".png", ".jpg", ".jpeg", ".gif", ".webp"]
                    .iter()
                    .any(|ext| name.ends_with(ext));
            let options = SimpleFileOptions::default()
                .compression_method(if stored {
                    CompressionMethod::Stored
                } else {
                    CompressionMethod::Deflated
                })
                .last_modified_time(time)
                .unix_permissions(0o644);
            let mut part = ZipWriter::new(Cursor::new(Vec::with_capacity(data.len() / 3 + 256)));
            part.start_file(name, options).map_err(zip_error)?;
            part.write_all(data)
                .map_err(|e| Diagnostic::general(format!("writing the EPUB archive: {e}")))?;
            Ok(part.finish().map_err(zip_error)?.into_inner())
        })
        .collect();
    let mut output = ZipWriter::new(Cursor::new(Vec::with_capacity(size / 3)));
    for part in parts {
        let mut part = ZipArchive::new(Cursor::new(part?)).map_err(zip_error)?;
        let entry = part.by_index_raw(0).map_err(zip_error)?;
        output.raw_copy_file(entry).map_err(zip_error)?;
    }
    Ok(output.finish().map_err(zip_error)?.into_inner())
}

/// A zip time from seconds since 1970, clamped to the years zip can store (1980–2107).
fn zip_time(timestamp: i64) -> DateTime {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default();
    DateTime::from_date_and_time(
        t.year().clamp(1980, 2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ZipLibrary};

    /// Why we write the archive ourselves even for the builder's own files: when this
    /// fails, `ZipLibrary` no longer takes the clock's time.
    #[test]
    fn bug_zip_times_come_from_the_clock() {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out)).unwrap();
        let time = zip.by_index(0).unwrap().last_modified().unwrap();
        // Not the 1980 epoch a fixed default would give: the build machine's clock.
        assert!(time.year() > 2020, "{time:?}");
    }

    /// A book with one image and one chapter, its bytes held back from the builder.
    fn packaged() -> (Vec<u8>, Resources) {
        let mut resources = Resources::default();
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        b.add_resource(
            "img/a.png",
            resources.hold("img/a.png", *b"png"),
            "image/png",
        )
        .unwrap();
        let chapter = "<p>uno</p>".repeat(50);
        b.add_content(EpubContent::new(
            "c.xhtml",
            resources.hold("c.xhtml", chapter),
        ))
        .unwrap();
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        (out, resources)
    }

    #[test]
    fn placeholders_are_filled_in_the_builders_order() {
        let (out, resources) = packaged();
        let entries = unpack(&out, resources).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "mimetype",
                "META-INF/container.xml",
                "META-INF/com.apple.ibooks.display-options.xml",
                "OEBPS/img/a.png",
                "OEBPS/c.xhtml",
                "OEBPS/stylesheet.css",
                "OEBPS/content.opf",
                "OEBPS/toc.ncx",
                "OEBPS/nav.xhtml",
            ]
        );
        assert_eq!(entries[3].data, b"png");
        assert_eq!(entries[4].data, "<p>uno</p>".repeat(50).as_bytes());
        let opf = String::from_utf8(entries[6].data.clone()).unwrap();
        assert!(
            opf.contains("<item media-type=\"image/png\" id=\"id_img_a.png\" href=\"img/a.png\"/>"),
            "{opf}"
        );
    }

    #[test]
    fn a_file_the_builder_did_not_write_is_an_error() {
        let (out, mut resources) = packaged();
        let _ = resources.hold("perdido.xhtml", "x");
        let e = unpack(&out, resources).unwrap_err().to_string();
        assert!(e.contains("OEBPS/perdido.xhtml"), "{e}");
    }

    #[test]
    fn the_archive_starts_with_a_stored_mimetype_and_has_fixed_times() {
        let (out, resources) = packaged();
        let bytes = write(&unpack(&out, resources).unwrap(), 1_714_521_600).unwrap();
        // Readers sniff the first bytes: a local header, then `mimetype` and its text.
        assert_eq!(&bytes[30..58], b"mimetypeapplication/epub+zip");
        let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            let stored = matches!(entry.name(), "mimetype" | "OEBPS/img/a.png");
            let method = entry.compression();
            assert_eq!(
                method == CompressionMethod::Stored,
                stored,
                "{}",
                entry.name()
            );
            let t = entry.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (2024, 5, 1));
        }
    }

    #[test]
    fn times_outside_zips_range_are_clamped() {
        assert_eq!(zip_time(0).year(), 1980);
        assert_eq!(zip_time(7_500_000_000).year(), 2107);
        assert_eq!(zip_time(i64::MAX).year(), 1980);
    }
}

//! Corrections to what epub-builder 0.8.3 writes, each naming the crate's bug.
//!
//! epub-builder stays our packager; where its output is wrong we patch the finished
//! files here, and nowhere else. Every patch looks for the exact text the crate writes and
//! fails the build (rather than silently doing nothing) if that text is gone, and each has
//! a test below that fails once the crate no longer has the bug.

use std::io::{Cursor, Read, Write};

use epub_builder::MetadataOpfV3;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::escape::{attr, text};
use crate::diag::{Diagnostic, Result};

/// What the corrections need to know about the book.
pub(crate) struct Fixes {
    /// BCP 47 language and its direction (`ltr`/`rtl`).
    pub lang: String,
    pub dir: &'static str,
    /// The book's identifier, as given (an ISBN URN, a `urn:uuid:` …).
    pub identifier: String,
    /// Metadata elements the crate has no API for, as OPF markup.
    pub extra_metadata: String,
    /// The book's title, for the NCX.
    pub title: String,
    /// Seconds since 1970 for every zip entry's time.
    pub timestamp: i64,
    /// Pages that need a landmark but are no entries of the table of contents.
    pub not_in_toc: Vec<String>,
}

fn internal(what: &str) -> Diagnostic {
    Diagnostic::general(format!(
        "internal error: epub-builder's {what} is not what imprenta expects; \
         src/epub/fixups.rs needs updating for this version of the crate"
    ))
}

/// `text` with the one occurrence of `from` replaced; an error if it is missing.
fn replace(text: &str, from: &str, to: &str, what: &str) -> Result<String> {
    if !text.contains(from) {
        return Err(internal(what));
    }
    Ok(text.replacen(from, to, 1))
}

/// A `<meta property>` for the OPF. Bug: `MetadataOpfV3` writes its content unescaped (a
/// `&` in a summary is a FATAL in EPUBCheck), and `add_refines` sets the id instead of
/// `refines`; so we escape the content ourselves and set the `refines` field directly.
pub(crate) fn meta(property: &str, content: &str, refines: Option<&str>) -> MetadataOpfV3 {
    let mut meta = MetadataOpfV3::new(property.to_string(), text(content));
    meta.refines = refines.map(str::to_string);
    meta
}

/// Corrects `content.opf`.
fn opf(opf: &str, fixes: &Fixes) -> Result<String> {
    // Bug: `<dc:language>` gets the same ids as `<dc:creator>` (`epub-creator-0`), which
    // EPUBCheck reports as RSC-005 on any book with an author and a language.
    let mut opf = opf.replace(
        "<dc:language id=\"epub-creator-",
        "<dc:language id=\"epub-language-",
    );
    // Bug: no `xml:lang` (nor `dir`) on `<package>`, so the metadata's language is unknown.
    let package = "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\"";
    opf = replace(
        &opf,
        package,
        &format!(
            "{package} xml:lang=\"{}\" dir=\"{}\"",
            attr(&fixes.lang),
            fixes.dir
        ),
        "<package> element",
    )?;
    // Bug: the identifier can only be a `urn:uuid:`; an ISBN or other URN is put back.
    let start = "<dc:identifier id=\"epub-id-1\">";
    let from = opf.find(start).ok_or_else(|| internal("<dc:identifier>"))? + start.len();
    let to = from
        + opf[from..]
            .find("</dc:identifier>")
            .ok_or_else(|| internal("<dc:identifier>"))?;
    opf.replace_range(from..to, &text(&fixes.identifier));
    // Bug: no API for `<dc:publisher>` or a second `<dc:title>` (the subtitle).
    let modified = "<meta property=\"dcterms:modified\">";
    opf = replace(
        &opf,
        modified,
        &format!("{}{modified}", fixes.extra_metadata),
        "dcterms:modified",
    )?;
    Ok(opf)
}

/// Corrects `nav.xhtml` and the visible `toc.xhtml` (the same template).
fn nav(nav: &str, fixes: &Fixes) -> Result<String> {
    // Bug: a page gets a landmark only if it has a title, and every titled page joins the
    // toc; so the cover and the contents page itself were toc entries. Only toc entries
    // are `<li><a href=…>` (landmarks carry `epub:type` first), so those lines go.
    let mut kept = String::with_capacity(nav.len());
    for line in nav.split_inclusive('\n') {
        let entry = fixes.not_in_toc.iter().any(|file| {
            line.trim_start()
                .starts_with(&format!("<li><a href=\"{file}\">"))
        });
        if !entry {
            kept.push_str(line);
        }
    }
    let nav = kept.as_str();
    // Bug: no `lang`/`xml:lang`/`dir` on the document (Ace: serious, html-has-lang).
    let html =
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"";
    let lang = attr(&fixes.lang);
    let nav = replace(
        nav,
        html,
        &format!(
            "{html} lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{}\"",
            fixes.dir
        ),
        "nav <html>",
    )?;
    // Bug: the toc nav has no `role="doc-toc"` (Ace: epub-type-has-matching-role), and
    // the two navs have no labels to tell them apart (Ace: landmark-unique); the landmarks
    // are for reading systems, so they are hidden as the EPUB spec suggests.
    let nav = replace(
        &nav,
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
        "toc <nav>",
    )?;
    replace(
        &nav,
        "<nav epub:type = \"landmarks\">",
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"Puntos de referencia\" hidden=\"hidden\">",
        "landmarks <nav>",
    )
}

/// Corrects `toc.ncx`.
fn ncx(ncx: &str, fixes: &Fixes) -> Result<String> {
    // Bug: the NCX has no `dtb:uid` and its `docTitle` is the toc's name, not the book's.
    let ncx = replace(
        ncx,
        "<head>",
        &format!(
            "<head>\n    <meta name=\"dtb:uid\" content=\"{}\" />",
            attr(&fixes.identifier)
        ),
        "NCX <head>",
    )?;
    let start = ncx
        .find("<docTitle>")
        .ok_or_else(|| internal("NCX docTitle"))?;
    let end = start
        + ncx[start..]
            .find("</docTitle>")
            .ok_or_else(|| internal("NCX docTitle"))?;
    let mut ncx = ncx;
    ncx.replace_range(
        start..end,
        &format!("<docTitle>\n    <text>{}</text>\n  ", text(&fixes.title)),
    );
    // The same toc bug as in `nav`: drop those pages' navPoints (leaves: no children)…
    for file in &fixes.not_in_toc {
        let Some(content) = ncx.find(&format!("<content src=\"{}\"/>", attr(file))) else {
            continue;
        };
        let open = ncx[..content]
            .rfind("<navPoint ")
            .ok_or_else(|| internal("NCX navPoint"))?;
        let close = content
            + ncx[content..]
                .find("</navPoint>")
                .ok_or_else(|| internal("NCX navPoint"))?;
        let line_start = ncx[..open].rfind('\n').map_or(open, |i| i + 1);
        let line_end =
            close + "</navPoint>".len() + usize::from(ncx[close..].starts_with("</navPoint>\n"));
        ncx.replace_range(line_start..line_end, "");
    }
    // …and number the rest again, since playOrder must run 1, 2, 3 …
    let mut out = String::with_capacity(ncx.len());
    let mut rest = ncx.as_str();
    let mut n = 0;
    while let Some(at) = rest.find("<navPoint playOrder=\"") {
        n += 1;
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find('>').ok_or_else(|| internal("NCX navPoint"))?;
        out.push_str(&format!("<navPoint playOrder=\"{n}\" id=\"navPoint-{n}\""));
        rest = &tail[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Rewrites the crate's archive with every correction applied. Bug: zip entries get the
/// clock's time and there is no API to fix it; we copy each entry with `fixes.timestamp`,
/// `mimetype` first and stored, so identical books give identical bytes.
pub(crate) fn rewrite(archive: &[u8], fixes: &Fixes) -> Result<Vec<u8>> {
    let zip_error =
        |e: zip::result::ZipError| Diagnostic::general(format!("rewriting the EPUB archive: {e}"));
    let mut input = ZipArchive::new(Cursor::new(archive)).map_err(zip_error)?;
    let mut output = ZipWriter::new(Cursor::new(Vec::with_capacity(archive.len())));
    let time = zip_time(fixes.timestamp);
    for i in 0..input.len() {
        let mut entry = input.by_index(i).map_err(zip_error)?;
        let name = entry.name().to_string();
        let mut data = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut data)
            .map_err(|e| Diagnostic::general(format!("rewriting the EPUB archive: {e}")))?;
        let data = match name.as_str() {
            "OEBPS/content.opf" => opf(&utf8(&data)?, fixes)?.into_bytes(),
            "OEBPS/nav.xhtml" | "OEBPS/toc.xhtml" => nav(&utf8(&data)?, fixes)?.into_bytes(),
            "OEBPS/toc.ncx" => ncx(&utf8(&data)?, fixes)?.into_bytes(),
            _ => data,
        };
        // Already-compressed images gain nothing from deflate.
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
        if i == 0 && name != "mimetype" {
            return Err(internal("archive (mimetype is not first)"));
        }
        output.start_file(name, options).map_err(zip_error)?;
        output
            .write_all(&data)
            .map_err(|e| Diagnostic::general(format!("rewriting the EPUB archive: {e}")))?;
    }
    Ok(output.finish().map_err(zip_error)?.into_inner())
}

fn utf8(data: &[u8]) -> Result<String> {
    String::from_utf8(data.to_vec()).map_err(|_| internal("output (not UTF-8)"))
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
    //! Each test shows the crate still has the bug its correction is for: when one fails,
    //! the crate was fixed and the correction (and test) can go.

    use super::*;
    use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, ZipLibrary};

    /// The crate's untouched output for a one-chapter book: name → text.
    fn raw_files() -> Vec<(String, String)> {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        b.set_title("T");
        b.add_author("A");
        b.add_language("es");
        b.add_content(
            EpubContent::new("c.xhtml", "<p/>".as_bytes())
                .title("C")
                .reftype(ReferenceType::Text),
        )
        .unwrap();
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).unwrap();
                (f.name().to_string(), s)
            })
            .collect()
    }

    fn raw(name: &str) -> String {
        raw_files().into_iter().find(|(n, _)| n == name).unwrap().1
    }

    #[test]
    fn bug_language_and_creator_share_an_id() {
        let opf = raw("OEBPS/content.opf");
        assert!(opf.contains("<dc:language id=\"epub-creator-0\">"));
        assert!(opf.contains("<dc:creator id=\"epub-creator-0\">"));
    }

    #[test]
    fn bug_package_has_no_language_and_metadata_no_publisher() {
        let opf = raw("OEBPS/content.opf");
        assert!(opf.contains(
            "<package version=\"3.0\" xmlns=\"http://www.idpf.org/2007/opf\" unique-identifier"
        ));
        assert!(!opf.contains("xml:lang") && !opf.contains("dc:publisher"));
    }

    #[test]
    fn bug_identifier_is_always_a_uuid() {
        let opf = raw("OEBPS/content.opf");
        assert!(opf.contains("<dc:identifier id=\"epub-id-1\">urn:uuid:"));
    }

    #[test]
    fn bug_metadata_opf_v3_is_unescaped_and_refines_sets_the_id() {
        use epub_builder::MetadataOpfV3;
        let mut m = MetadataOpfV3::new("p".into(), "a & b".into());
        m.add_refines("#x".into());
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        b.add_metadata_opf(Box::new(m));
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out)).unwrap();
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        assert!(
            opf.contains("<meta id=\"#x\" property=\"p\">a & b</meta>"),
            "{opf}"
        );
        // Our replacement writes what was meant.
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.add_metadata_opf(Box::new(meta("p", "a & b", Some("#x"))));
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out)).unwrap();
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        assert!(
            opf.contains("<meta refines=\"#x\" property=\"p\">a &amp; b</meta>"),
            "{opf}"
        );
    }

    #[test]
    fn bug_nav_has_no_language_roles_or_labels() {
        let nav = raw("OEBPS/nav.xhtml");
        assert!(nav.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">"));
        assert!(nav.contains("<nav epub:type = \"toc\" id=\"toc\">"));
        assert!(nav.contains("<nav epub:type = \"landmarks\">"));
    }

    #[test]
    fn bug_a_landmark_needs_a_title_and_a_title_makes_a_toc_entry() {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        b.add_content(
            EpubContent::new("cubierta.xhtml", "<p/>".as_bytes()).reftype(ReferenceType::Cover),
        )
        .unwrap();
        b.add_content(
            EpubContent::new("cubierta2.xhtml", "<p/>".as_bytes())
                .title("Cubierta")
                .reftype(ReferenceType::Cover),
        )
        .unwrap();
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(out)).unwrap();
        let mut nav = String::new();
        zip.by_name("OEBPS/nav.xhtml")
            .unwrap()
            .read_to_string(&mut nav)
            .unwrap();
        assert!(
            !nav.contains("href=\"cubierta.xhtml\""),
            "untitled: no landmark"
        );
        assert!(nav.contains("<li><a epub:type=\"cover\" href=\"cubierta2.xhtml\">"));
        assert!(
            nav.contains("<li><a href=\"cubierta2.xhtml\">Cubierta</a></li>"),
            "titled: a toc entry"
        );
    }

    #[test]
    fn bug_ncx_has_no_uid_and_names_the_toc_not_the_book() {
        let ncx = raw("OEBPS/toc.ncx");
        assert!(!ncx.contains("dtb:uid"));
        assert!(ncx.contains("<text>Table Of Contents</text>"));
    }

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

    #[test]
    fn rewrite_applies_every_correction() {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        b.add_author("A");
        b.add_language("es");
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let fixes = Fixes {
            lang: "es".into(),
            dir: "ltr",
            identifier: "urn:isbn:978-0-00-000000-0".into(),
            extra_metadata: "<dc:publisher>P &amp; Q</dc:publisher>\n".into(),
            title: "Uno & dos".into(),
            timestamp: 1_714_521_600,
            not_in_toc: vec!["cubierta.xhtml".into(), "toc.xhtml".into()],
        };
        let once = rewrite(&out, &fixes).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(once.clone())).unwrap();
        assert_eq!(zip.by_index(0).unwrap().name(), "mimetype");
        assert_eq!(
            zip.by_index(0).unwrap().compression(),
            CompressionMethod::Stored
        );
        let t = zip.by_index(1).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2024, 5, 1));
        let mut opf = String::new();
        zip.by_name("OEBPS/content.opf")
            .unwrap()
            .read_to_string(&mut opf)
            .unwrap();
        assert!(opf.contains("<dc:language id=\"epub-language-0\">es"));
        assert!(opf.contains("xml:lang=\"es\" dir=\"ltr\""));
        assert!(opf.contains(">urn:isbn:978-0-00-000000-0</dc:identifier>"));
        assert!(opf.contains("<dc:publisher>P &amp; Q</dc:publisher>"));
    }

    #[test]
    fn front_matter_leaves_the_toc_but_keeps_its_landmark() {
        let mut b = EpubBuilder::new(ZipLibrary::new().unwrap()).unwrap();
        b.epub_version(EpubVersion::V33);
        let page =
            |f: &'static str, t: &'static str| EpubContent::new(f, "<p/>".as_bytes()).title(t);
        b.add_content(page("cubierta.xhtml", "Cubierta").reftype(ReferenceType::Cover))
            .unwrap();
        b.inline_toc();
        b.add_content(
            page("c1.xhtml", "Uno").child(epub_builder::TocElement::new("c1.xhtml#a", "A")),
        )
        .unwrap();
        b.add_content(page("c2.xhtml", "Dos")).unwrap();
        let mut out = Vec::new();
        b.generate(&mut out).unwrap();
        let fixes = Fixes {
            lang: "es".into(),
            dir: "ltr",
            identifier: "x".into(),
            extra_metadata: String::new(),
            title: "T".into(),
            timestamp: 0,
            not_in_toc: vec!["cubierta.xhtml".into(), "toc.xhtml".into()],
        };
        let fixed = rewrite(&out, &fixes).unwrap();
        let mut zip = ZipArchive::new(Cursor::new(fixed)).unwrap();
        let mut nav = String::new();
        zip.by_name("OEBPS/nav.xhtml")
            .unwrap()
            .read_to_string(&mut nav)
            .unwrap();
        assert!(
            !nav.contains("<li><a href=\"cubierta.xhtml\">")
                && !nav.contains("<li><a href=\"toc.xhtml\">")
        );
        assert!(nav.contains("<li><a epub:type=\"cover\" href=\"cubierta.xhtml\">"));
        assert!(nav.contains("<li><a epub:type=\"toc\" href=\"toc.xhtml\">"));
        let mut ncx = String::new();
        zip.by_name("OEBPS/toc.ncx")
            .unwrap()
            .read_to_string(&mut ncx)
            .unwrap();
        assert!(
            !ncx.contains("cubierta.xhtml") && !ncx.contains("toc.xhtml"),
            "{ncx}"
        );
        let orders: Vec<&str> = ncx
            .match_indices("playOrder=\"")
            .map(|(i, _)| &ncx[i + 11..i + 12])
            .collect();
        assert_eq!(orders, ["1", "2", "3"], "{ncx}");
        assert!(ncx.contains("<navPoint playOrder=\"3\" id=\"navPoint-3\">"));
    }
}

//! The EPUB 3 backend: the tree → an EPUB file's bytes.
//!
//! We write the content documents, stylesheet and subset fonts; epub-builder lists them
//! in the package (OPF, nav, NCX) without holding their bytes; `fixups` corrects what it
//! gets wrong; `archive` zips everything once, with fixed times, so the same book always
//! gives the same bytes.

mod accessibility;
mod archive;
mod css;
mod css_pages;
mod css_style;
mod escape;
mod extra;
mod fixups;
pub(crate) mod fonts;
mod nav;
mod package;
pub(crate) mod pagebreaks;
mod pages;
mod svg;
mod xhtml;

use std::collections::BTreeSet;

use epub_builder::{EpubBuilder, EpubContent, ReferenceType, ZipLibrary};

use crate::diag::{Diagnostic, Kind, Result, Warnings};
use crate::ir::{Book, ImageFormat, PageBreak};
use crate::manuscript::config::EpubSettings;

pub use xhtml::DECORATIVE_IMAGE;

/// Warning for a font that could not be subset and is embedded whole.
pub const FONT_NOT_SUBSET: Kind = Kind::new(
    "font could not be subset (embedded whole)",
    "fonts could not be subset (embedded whole)",
);

/// Warning for an SVG figure the EPUB carries with parts removed, or not at all.
pub const SVG_CLEANED: Kind = Kind::new(
    "SVG figure was cleaned for the EPUB",
    "SVG figures were cleaned for the EPUB",
);

/// What the EPUB needs besides the tree: book.toml's `[epub]`, `[print]` and
/// `[accessibility]`, and the printed edition's pages when it carries them.
#[derive(Debug, Clone, Copy)]
pub struct EpubOptions<'a> {
    pub settings: &'a EpubSettings,
    /// Where each page of the printed edition begins, in page order (`None`: no page list).
    pub page_breaks: Option<&'a [PageBreak]>,
}

/// Builds the EPUB for `book`.
pub fn write(book: &Book, options: &EpubOptions, warnings: &Warnings) -> Result<Vec<u8>> {
    build(book, options, warnings, true)
}

/// The EPUB's files as the archive would hold them, by path (`OEBPS/cap-01.xhtml`), for a
/// preview that serves them unzipped: the same bytes as in [`write`]'s archive.
pub fn files(
    book: &Book,
    options: &EpubOptions,
    warnings: &Warnings,
) -> Result<Vec<(String, Vec<u8>)>> {
    let entries = entries(book, options, warnings, true)?;
    Ok(entries.into_iter().map(|e| (e.name, e.data)).collect())
}

/// The path in the archive of chapter `index`'s content document.
pub fn chapter_path(book: &Book, index: usize) -> String {
    format!("OEBPS/{}", xhtml::chapter_file(book, index))
}

pub use pagebreaks::marker_id;

/// An SVG figure as the EPUB may carry it (see `svg`); one that is not well-formed
/// becomes an empty drawing of its size, since a reading system refuses the whole
/// document around a broken one.
fn svg_for_epub(image: &crate::ir::Image, warnings: &Warnings) -> Vec<u8> {
    let loc = crate::diag::Loc::file(&image.path);
    match svg::sanitise(&image.data) {
        Ok((data, removed)) => {
            if !removed.is_empty() {
                warnings.push(
                    SVG_CLEANED,
                    Diagnostic::at(
                        loc,
                        format!(
                            "removed from the EPUB's copy of the drawing: {}",
                            removed.join(", ")
                        ),
                    )
                    .with_hint("an e-book's figures may not run scripts or load other files"),
                );
            }
            data
        }
        Err(why) => {
            warnings.push(
                SVG_CLEANED,
                Diagnostic::at(
                    loc,
                    format!(
                        "the drawing is not copied into the EPUB: {why}; an empty frame stands in"
                    ),
                )
                .with_hint("open it in a drawing program and save it again as plain SVG"),
            );
            let (w, h) = (image.width.max(1), image.height.max(1));
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/></svg>",
                w - 1,
                h - 1
            )
            .into_bytes()
        }
    }
}

fn packaging(e: epub_builder::Error) -> Diagnostic {
    Diagnostic::general(format!("packaging the EPUB: {e}"))
}

fn extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpg",
        ImageFormat::Gif => "gif",
        ImageFormat::WebP => "webp",
        ImageFormat::Svg => "svg",
    }
}

/// Builds the EPUB, with fonts subset or whole (whole only to measure what subsetting saves).
pub(crate) fn build(
    book: &Book,
    options: &EpubOptions,
    warnings: &Warnings,
    subset_fonts: bool,
) -> Result<Vec<u8>> {
    let entries = entries(book, options, warnings, subset_fonts)?;
    archive::write(&entries, book.metadata.timestamp)
}

/// The archive's files, in its order.
fn entries(
    book: &Book,
    options: &EpubOptions,
    warnings: &Warnings,
    subset_fonts: bool,
) -> Result<Vec<archive::Entry>> {
    let meta = &book.metadata;
    let words = crate::locale::words(&meta.language);
    let dir = package::direction(meta);
    let image_hrefs: Vec<String> = book
        .images
        .iter()
        .enumerate()
        .map(|(i, image)| match book.cover {
            Some(cover) if cover == i => format!("img/cubierta.{}", extension(image.format)),
            _ => format!("img/imagen-{:02}.{}", i + 1, extension(image.format)),
        })
        .collect();
    let ctx = xhtml::Context {
        book,
        image_hrefs: &image_hrefs,
        lang: &meta.language,
        dir,
        warnings,
    };

    // The printed edition: the pages' markers, and the identifier of the edition they
    // come from (its ISBN, else the book's own identifier).
    let breaks = options
        .page_breaks
        .filter(|b| !b.is_empty() && !book.chapters.is_empty());
    let page_source = breaks.map(|_| match &options.settings.print_isbn {
        Some(isbn) => format!("urn:isbn:{isbn}"),
        None => meta.identifier.clone(),
    });
    let claims = accessibility::Claims::of(
        book,
        &options.settings.accessibility,
        page_source.as_deref(),
    );
    let mut markers = pagebreaks::Markers::new(breaks.unwrap_or_default());

    // Content documents first, in reading order (the markers are written as they come):
    // the fonts are subset to the text they hold.
    let cover = book.cover.map(|i| pages::cover(&ctx, &image_hrefs[i]));
    let title_page = pages::title_page(&ctx, &mut markers);
    let copyright = pages::copyright_page(&ctx, &mut markers, &claims);
    let page_targets = breaks.map_or_else(Vec::new, |b| pagebreaks::targets(book, b));
    let contents = pages::contents_page(&ctx, &mut markers, &page_targets);
    let chapters: Vec<String> = (0..book.chapters.len())
        .map(|i| xhtml::chapter(&ctx, i, &mut markers))
        .collect();
    let titles: Vec<String> = (0..book.chapters.len())
        .map(|i| {
            let title = nav::chapter_title(book, i);
            if title.is_empty() {
                format!("{} {}", words.chapter, i + 1)
            } else {
                title
            }
        })
        .collect();

    let mut chars: BTreeSet<char> = fonts::READER_CHARS.chars().collect();
    for doc in chapters.iter().chain([&title_page, &copyright, &contents]) {
        visible_chars(doc, &mut chars);
    }
    chars.extend(titles.iter().flat_map(|t| t.chars()));
    chars.extend(words.contents.chars());
    // The ornament between scenes is drawn by the stylesheet, in the text face.
    chars.extend(book.style.ornament.chars());
    let chars = fonts::with_capitals(&chars);
    let usage = fonts::Usage::of(book);

    // Our files' bytes stay in `resources`; the builder gets empty placeholders.
    let mut resources = archive::Resources::default();
    let mut builder = EpubBuilder::new(ZipLibrary::new().map_err(packaging)?).map_err(packaging)?;
    let extra_metadata = package::metadata(&mut builder, book, &claims, page_source.as_deref());

    // Fonts: only the faces the stylesheet uses; mono only when the book has code.
    let names = [
        "serif-regular",
        "serif-italic",
        "serif-bold",
        "serif-bold-italic",
        "mono",
    ];
    let styles = [
        ("normal", "normal"),
        ("italic", "normal"),
        ("normal", "bold"),
        ("italic", "bold"),
        ("normal", "normal"),
    ];
    let mut faces = Vec::new();
    for (i, font) in book.fonts.all().into_iter().enumerate() {
        if !usage.used[i] {
            continue;
        }
        let set = if i == fonts::MONO {
            fonts::with_capitals(&usage.mono_chars)
        } else {
            chars.clone()
        };
        let data = if subset_fonts {
            match fonts::subset(&font.data, &set) {
                Ok(data) => data,
                Err(e) => {
                    let loc = font.loc();
                    warnings.push(
                        FONT_NOT_SUBSET,
                        Diagnostic::at(
                            loc,
                            format!(
                                "cannot subset the font {} ({e}); it is embedded whole",
                                font.path.display()
                            ),
                        ),
                    );
                    font.data.to_vec()
                }
            }
        } else {
            font.data.to_vec()
        };
        let (media, ext) = if data.starts_with(b"OTTO") {
            ("font/otf", "otf")
        } else {
            ("font/ttf", "ttf")
        };
        let href = format!("fuentes/{}.{ext}", names[i]);
        builder
            .add_resource(&href, resources.hold(&href, data), media)
            .map_err(packaging)?;
        faces.push(css::FontFace {
            family: css::family_name(&font.family),
            style: styles[i].0,
            weight: styles[i].1,
            href,
            unicode_range: None,
        });
    }
    let extra = extra::extra_faces(book, &mut builder, &mut resources, &mut faces, warnings)?;
    let serif = usage.used[fonts::REGULAR].then(|| css::family_name(&book.fonts.regular.family));
    let mono = usage.used[fonts::MONO].then(|| css::family_name(&book.fonts.mono.family));
    let stylesheet = css::stylesheet(
        &faces,
        serif.as_deref(),
        mono.as_deref(),
        &extra,
        &book.style,
    );
    builder
        .stylesheet(resources.hold("stylesheet.css", stylesheet))
        .map_err(packaging)?;
    if let Some(drop) = book.style.opening.drop_cap {
        let sheet = css_style::drop_caps(drop);
        builder
            .add_resource(
                css_style::DROP_CAPS_FILE,
                resources.hold(css_style::DROP_CAPS_FILE, sheet),
                "text/css",
            )
            .map_err(packaging)?;
    }

    for (i, image) in book.images.iter().enumerate() {
        let media = image.format.media_type();
        let cleaned;
        let data = if image.format == ImageFormat::Svg {
            cleaned = svg_for_epub(image, warnings);
            &cleaned[..]
        } else {
            &image.data[..]
        };
        if book.cover == Some(i) {
            builder
                .add_cover_image(
                    &image_hrefs[i],
                    resources.hold(&image_hrefs[i], data),
                    media,
                )
                .map_err(packaging)?;
        } else {
            builder
                .add_resource(
                    &image_hrefs[i],
                    resources.hold(&image_hrefs[i], data),
                    media,
                )
                .map_err(packaging)?;
        }
    }

    // Reading order: cover, title page, copyright page, contents, chapters.
    if let Some(cover) = cover {
        builder
            .add_content(
                EpubContent::new(pages::COVER_FILE, resources.hold(pages::COVER_FILE, cover))
                    .title(words.cover)
                    .reftype(ReferenceType::Cover),
            )
            .map_err(packaging)?;
    }
    builder
        .add_content(EpubContent::new(
            pages::TITLE_FILE,
            resources.hold(pages::TITLE_FILE, title_page),
        ))
        .map_err(packaging)?;
    builder
        .add_content(EpubContent::new(
            pages::COPYRIGHT_FILE,
            resources.hold(pages::COPYRIGHT_FILE, copyright),
        ))
        .map_err(packaging)?;
    builder
        .add_content(
            EpubContent::new(
                pagebreaks::CONTENTS_FILE,
                resources.hold(pagebreaks::CONTENTS_FILE, contents),
            )
            .title(words.contents)
            .reftype(ReferenceType::Toc),
        )
        .map_err(packaging)?;
    // A book of front matter alone begins its body at its first page.
    let body_start = Some(book.front_matter())
        .filter(|&k| k < book.chapters.len())
        .or(Some(0));
    for (i, doc) in chapters.into_iter().enumerate() {
        let file = xhtml::chapter_file(book, i);
        // A part's chapters go under it in the nav and the NCX.
        let level = 1 + i32::from(book.depth(i));
        let mut content = EpubContent::new(&file, resources.hold(&file, doc))
            .title(titles[i].as_str())
            .level(level);
        // The landmarks: where the body begins (the first chapter or part that is not
        // front matter), and the front and back matter the vocabulary names.
        if Some(i) == body_start {
            content = content.reftype(ReferenceType::Text);
        } else if let Some(reference) = book.chapters[i].matter.and_then(landmark) {
            content = content.reftype(reference);
        }
        for section in nav::sections(book, i) {
            content = content.child(section);
        }
        builder.add_content(content).map_err(packaging)?;
    }

    let mut packaged = Vec::new();
    builder.generate(&mut packaged).map_err(packaging)?;
    let mut entries = archive::unpack(&packaged, resources)?;
    let fixes = fixups::Fixes {
        lang: meta.language.clone(),
        dir,
        identifier: meta.identifier.clone(),
        extra_metadata,
        title: meta.title.clone(),
        landmarks: words.landmarks.to_string(),
        not_in_toc: vec![
            pages::COVER_FILE.to_string(),
            pagebreaks::CONTENTS_FILE.to_string(),
        ],
        pages: page_targets,
        pages_name: words.pages.to_string(),
        pages_landmark: format!("{}#{}", pagebreaks::CONTENTS_FILE, pagebreaks::PAGE_LIST_ID),
    };
    fixups::apply(&mut entries, &fixes)?;
    Ok(entries)
}

/// The landmark of front or back matter, when the EPUB's landmarks name its kind.
fn landmark(matter: crate::ir::Matter) -> Option<ReferenceType> {
    use crate::ir::Matter;
    Some(match matter {
        Matter::Dedication => ReferenceType::Dedication,
        Matter::Epigraph => ReferenceType::Epigraph,
        Matter::Preface => ReferenceType::Preface,
        Matter::Acknowledgements => ReferenceType::Acknowledgements,
        Matter::Colophon => ReferenceType::Colophon,
        Matter::Introduction | Matter::Epilogue | Matter::AboutAuthor | Matter::OtherTitles => {
            return None
        }
    })
}

/// Adds the characters of a document's text (not its markup) to `chars`.
fn visible_chars(xhtml: &str, chars: &mut BTreeSet<char>) {
    let body = xhtml.find("<body").map_or(xhtml, |i| &xhtml[i..]);
    // A book's text is millions of characters but only a few hundred distinct ones: each
    // is looked up in the set once, the first time it is seen.
    let mut seen = [false; 0x800];
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            // Escapes (`&amp;` …) give `&`, `;` and letters: all harmless to include.
            c if !in_tag && !c.is_control() => match seen.get_mut(c as usize) {
                Some(true) => {}
                Some(slot) => {
                    *slot = true;
                    chars.insert(c);
                }
                None => {
                    chars.insert(c);
                }
            },
            _ => {}
        }
    }
    chars.extend(['&', '<', '>', '"', '\'']);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsetting_makes_the_epub_much_smaller() {
        let warnings = Warnings::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/todo");
        let book = crate::parse_book(&root, None, &warnings)
            .expect("the fixture parses")
            .book;
        let settings = EpubSettings::default();
        let options = EpubOptions {
            settings: &settings,
            page_breaks: None,
        };
        let small = build(&book, &options, &warnings, true)
            .expect("builds")
            .len();
        let whole = build(&book, &options, &warnings, false)
            .expect("builds")
            .len();
        eprintln!("EPUB of tests/fixtures/todo: {small} bytes subset, {whole} bytes whole");
        assert!(small * 5 < whole, "{small} vs {whole}");
    }
}

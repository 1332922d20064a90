//! Corrections to the tables of contents epub-builder writes: the nav document and the
//! EPUB 2 NCX; and the printed edition's page list in both, which the crate cannot write.

use super::{internal, replace, Fixes};
use crate::diag::Result;
use crate::xml::{attr, text};

/// Corrects `nav.xhtml`, and adds the page list.
pub(super) fn nav(nav: &str, fixes: &Fixes) -> Result<String> {
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
    let nav = replace(
        &nav,
        "<nav epub:type = \"landmarks\">",
        &format!(
            "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">",
            attr(&fixes.landmarks)
        ),
        "landmarks <nav>",
    )?;
    // Bug: the landmark of the acknowledgements is typed `acknowledgements`, a word the
    // Structural Semantics Vocabulary spells `acknowledgments`.
    let nav = nav.replace(
        "<a epub:type=\"acknowledgements\"",
        "<a epub:type=\"acknowledgments\"",
    );
    if fixes.pages.is_empty() {
        return Ok(nav);
    }
    // The page list (EPUB 3.3 § 7.4.3), hidden like the landmarks: reading systems offer
    // it as "go to page"; and a landmark for it.
    let list = format!(
        "{}</body>",
        crate::epub::pagebreaks::page_list("page-list", &fixes.pages_name, &fixes.pages)
    );
    let nav = replace(&nav, "</body>", &list, "nav </body>")?;
    // Its landmark leads to the copy on the contents page: a landmark must lead into the
    // spine (EPUBCheck RSC-011), and the nav document is not in it.
    let landmarks_end = nav
        .find("<nav epub:type=\"landmarks\"")
        .and_then(|at| nav[at..].find("</ol>").map(|end| at + end))
        .ok_or_else(|| internal("landmarks </ol>"))?;
    let mut nav = nav;
    nav.insert_str(
        landmarks_end,
        &format!(
            "  <li><a epub:type=\"page-list\" href=\"{}\">{}</a></li>\n    ",
            attr(&fixes.pages_landmark),
            text(&fixes.pages_name)
        ),
    );
    Ok(nav)
}

/// Corrects `toc.ncx`.
pub(super) fn ncx(ncx: &str, fixes: &Fixes) -> Result<String> {
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
    if fixes.pages.is_empty() {
        return Ok(out);
    }
    // The page list for EPUB 2 readers. Its play orders come after the navMap's rather
    // than between them: EPUBCheck's NCX rules ask that they run 1, 2, 3 … with one
    // number per target, which this keeps without knowing where each navPoint's target
    // stands among the pages. A roman-numbered
    // page is a `front` page without `value`, which the NCX keeps for numbers.
    let mut list = format!(
        "  <pageList>\n    <navLabel>\n      <text>{}</text>\n    </navLabel>\n",
        text(&fixes.pages_name)
    );
    for (i, (label, href)) in fixes.pages.iter().enumerate() {
        let kind = match label.parse::<u32>() {
            Ok(n) => format!("type=\"normal\" value=\"{n}\""),
            Err(_) => "type=\"front\"".to_string(),
        };
        list.push_str(&format!(
            "    <pageTarget id=\"pageTarget-{}\" {kind} playOrder=\"{}\">\n      <navLabel>\n        <text>{}</text>\n      </navLabel>\n      <content src=\"{}\"/>\n    </pageTarget>\n",
            i + 1,
            n + i + 1,
            text(label),
            attr(href)
        ));
    }
    list.push_str("  </pageList>\n</ncx>");
    replace(&out, "</ncx>", &list, "NCX </ncx>")
}

#[cfg(test)]
mod tests {
    //! Each `bug_*` test shows the crate still has the bug its correction is for: when one
    //! fails, the crate was fixed and the correction (and test) can go.

    use super::super::tests::{fixed, fixes, raw, raw_entries, text_of};
    use super::*;
    use epub_builder::{EpubBuilder, EpubContent, ReferenceType, TocElement, ZipLibrary};

    #[test]
    fn bug_nav_has_no_language_roles_or_labels() {
        let nav = raw("OEBPS/nav.xhtml");
        assert!(nav.contains("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\">"));
        assert!(nav.contains("<nav epub:type = \"toc\" id=\"toc\">"));
        assert!(nav.contains("<nav epub:type = \"landmarks\">"));
    }

    #[test]
    fn bug_a_landmark_needs_a_title_and_a_title_makes_a_toc_entry() {
        let entries = raw_entries(|b| {
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
        });
        let nav = text_of(entries, "OEBPS/nav.xhtml");
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
    fn front_matter_leaves_the_toc_but_keeps_its_landmark() {
        fn book(b: &mut EpubBuilder<ZipLibrary>) {
            let page =
                |f: &'static str, t: &'static str| EpubContent::new(f, "<p/>".as_bytes()).title(t);
            b.add_content(page("cubierta.xhtml", "Cubierta").reftype(ReferenceType::Cover))
                .unwrap();
            b.inline_toc();
            b.add_content(page("c1.xhtml", "Uno").child(TocElement::new("c1.xhtml#a", "A")))
                .unwrap();
            b.add_content(page("c2.xhtml", "Dos")).unwrap();
        }
        let fixes = Fixes {
            not_in_toc: vec!["cubierta.xhtml".into(), "toc.xhtml".into()],
            ..fixes()
        };
        let name = "OEBPS/nav.xhtml";
        let nav = fixed(book, &fixes, name);
        assert!(
            !nav.contains("<li><a href=\"cubierta.xhtml\">")
                && !nav.contains("<li><a href=\"toc.xhtml\">"),
            "{name}"
        );
        assert!(nav.contains("<li><a epub:type=\"cover\" href=\"cubierta.xhtml\">"));
        assert!(nav.contains("<li><a epub:type=\"toc\" href=\"toc.xhtml\">"));
        assert!(nav.contains("lang=\"es\" xml:lang=\"es\" dir=\"ltr\""));
        let ncx = fixed(book, &fixes, "OEBPS/toc.ncx");
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
        assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"x\" />"));
        assert!(ncx.contains("<docTitle>\n    <text>T</text>\n  </docTitle>"));
    }
}

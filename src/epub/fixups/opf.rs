//! Corrections to the package document (`content.opf`) epub-builder writes.

use epub_builder::MetadataOpfV3;

use super::{internal, replace, Fixes};
use crate::diag::Result;
use crate::xml::{attr, text};

/// A `<meta property>` for the OPF. Bug: `MetadataOpfV3` writes its content unescaped (a
/// `&` in a summary is a FATAL in EPUBCheck), and `add_refines` sets the id instead of
/// `refines`; so we escape the content ourselves and set the `refines` field directly.
pub(crate) fn meta(property: &str, content: &str, refines: Option<&str>) -> MetadataOpfV3 {
    let mut meta = MetadataOpfV3::new(property.to_string(), text(content));
    meta.refines = refines.map(str::to_string);
    meta
}

/// Corrects `content.opf`.
pub(super) fn opf(opf: &str, fixes: &Fixes) -> Result<String> {
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

#[cfg(test)]
mod tests {
    //! Each `bug_*` test shows the crate still has the bug its correction is for: when one
    //! fails, the crate was fixed and the correction (and test) can go.

    use super::super::tests::{fixed, fixes, raw, raw_entries, text_of};
    use super::*;

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
        let opf = |m: MetadataOpfV3| {
            let entries = raw_entries(|b| {
                b.add_metadata_opf(Box::new(m));
            });
            text_of(entries, "OEBPS/content.opf")
        };
        let mut m = MetadataOpfV3::new("p".into(), "a & b".into());
        m.add_refines("#x".into());
        let raw = opf(m);
        assert!(
            raw.contains("<meta id=\"#x\" property=\"p\">a & b</meta>"),
            "{raw}"
        );
        // Our replacement writes what was meant.
        let ours = opf(meta("p", "a & b", Some("#x")));
        assert!(
            ours.contains("<meta refines=\"#x\" property=\"p\">a &amp; b</meta>"),
            "{ours}"
        );
    }

    #[test]
    fn the_package_document_is_corrected() {
        let fixes = Fixes {
            identifier: "urn:isbn:978-0-00-000000-0".into(),
            extra_metadata: "<dc:publisher>P &amp; Q</dc:publisher>\n".into(),
            ..fixes()
        };
        let opf = fixed(
            |b| {
                b.add_author("A");
                b.add_language("es");
            },
            &fixes,
            "OEBPS/content.opf",
        );
        assert!(opf.contains("<dc:language id=\"epub-language-0\">es"));
        assert!(opf.contains("xml:lang=\"es\" dir=\"ltr\""));
        assert!(opf.contains(">urn:isbn:978-0-00-000000-0</dc:identifier>"));
        assert!(opf.contains("<dc:publisher>P &amp; Q</dc:publisher>"));
    }
}

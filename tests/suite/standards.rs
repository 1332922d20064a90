//! `[print] standard`: PDF/X-1a:2001 unless asked, PDF/X-4 when asked, for the print
//! interior and the cover alike, each checked against its part of ISO 15930.

use lopdf::{Document, Object};

use imprenta::diag::Warnings;

use crate::common::Scratch;
use crate::pdfx::{assert_conforms, violations, Standard};
use crate::print::sample_with;

/// The output intent's identifier and its embedded profile's bytes, if any.
fn intent(bytes: &[u8]) -> (String, Option<Vec<u8>>) {
    let doc = Document::load_mem(bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = doc
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    let id = match intent.get(b"OutputConditionIdentifier").unwrap() {
        Object::String(s, _) => String::from_utf8_lossy(s).into_owned(),
        other => panic!("{other:?}"),
    };
    let profile = intent.get(b"DestOutputProfile").ok().map(|p| {
        let stream = doc.get_object(p.as_reference().unwrap()).unwrap();
        stream.as_stream().unwrap().decompressed_content().unwrap()
    });
    (id, profile)
}

#[test]
fn print_files_are_pdf_x_1a_unless_pdf_x_4_is_asked_for() {
    for (printer, condition) in [("kdp", "CGATS TR 003"), ("generic", "FOGRA39")] {
        for standard in ["", "standard = \"x-4\"\n"] {
            let scratch = Scratch::new(&format!("standard-{printer}-{}", standard.len()));
            let root = sample_with(
                &scratch,
                &format!("[print]\nprinter = \"{printer}\"\n{standard}"),
            );
            let warnings = Warnings::new();
            let parsed = imprenta::parse_book(&root, Some(0), &warnings).unwrap();
            let all = imprenta::render_all(&parsed, &warnings, false).unwrap();
            let files = [
                ("interior", all.pdfs.print.unwrap()),
                ("cover", all.pdfs.cover.unwrap()),
            ];
            for (what, bytes) in files {
                if standard.is_empty() {
                    assert!(bytes.starts_with(b"%PDF-1.3"), "{printer} {what}");
                    assert_conforms(&bytes, Standard::X1a2001);
                    // Not X-4: no profile embedded.
                    assert!(intent(&bytes).1.is_none(), "{printer} {what}");
                    continue;
                }
                assert!(bytes.starts_with(b"%PDF-1.6"), "{printer} {what}");
                assert_conforms(&bytes, Standard::X4);
                // An X-4 file is not an X-1a one: its version keys say X-4.
                assert!(!violations(&bytes, Standard::X1a2001).is_empty());
                let (id, profile) = intent(&bytes);
                assert_eq!(id, condition, "{printer} {what}");
                let profile = profile.expect("X-4 embeds the condition's profile");
                // An ICC v2 output profile from CMYK to Lab.
                assert_eq!(&profile[36..40], b"acsp");
                assert_eq!(&profile[12..20], b"prtrCMYK");
                assert_eq!(&profile[20..24], b"Lab ");
                let doc = Document::load_mem(&bytes).unwrap();
                let xmp = doc
                    .catalog()
                    .unwrap()
                    .get(b"Metadata")
                    .and_then(Object::as_reference)
                    .and_then(|r| doc.get_object(r))
                    .and_then(Object::as_stream)
                    .map(|s| String::from_utf8_lossy(&s.content).into_owned())
                    .unwrap();
                for key in [
                    "xmpMM:VersionID>1<",
                    "xmpMM:RenditionClass>default<",
                    "xmpMM:DocumentID>",
                ] {
                    assert!(xmp.contains(key), "{key}: {xmp}");
                }
            }
        }
    }
}

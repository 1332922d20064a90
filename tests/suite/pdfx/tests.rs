//! The checker checked: a minimal conforming file built with lopdf passes, and each
//! variant that breaks one rule is caught with a message naming what it broke.

use lopdf::xref::XrefType;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::{assert_conforms, violations, Standard};

/// A one-page PDF/X-1a:2001 file under construction, with the ids variants change.
struct Doc {
    doc: Document,
    catalog: ObjectId,
    info: ObjectId,
    page: ObjectId,
    content: ObjectId,
}

fn text(s: &str) -> Object {
    Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
}

fn rect(r: [i64; 4]) -> Object {
    Object::Array(r.iter().map(|&n| Object::Integer(n)).collect())
}

/// The smallest conforming X-1a:2001 file: a 200×300 pt sheet trimmed 10 pt in, a gray
/// square, and an output intent naming a registered condition (no profile).
fn x1a() -> Doc {
    let mut doc = Document::with_version("1.3");
    // lopdf's new documents would be written with a cross-reference stream (PDF 1.5).
    doc.reference_table.cross_reference_type = XrefType::CrossReferenceTable;
    let pages = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        Dictionary::new(),
        b"0 g 0 0 10 10 re f".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "Contents" => content,
        "Resources" => Dictionary::new(),
        "BleedBox" => rect([0, 0, 200, 300]),
        "TrimBox" => rect([10, 10, 190, 290]),
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![Object::Reference(page)],
            "Count" => 1,
            "MediaBox" => rect([0, 0, 200, 300]),
        }),
    );
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFX",
        "OutputConditionIdentifier" => text("FOGRA39"),
        "RegistryName" => text("http://www.color.org"),
    };
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages,
        "OutputIntents" => vec![Object::Dictionary(intent)],
    });
    let info = doc.add_object(dictionary! {
        "Title" => text("Prueba"),
        "CreationDate" => text("D:20240101000000Z"),
        "ModDate" => text("D:20240101000000Z"),
        "Trapped" => "False",
        "GTS_PDFXVersion" => text("PDF/X-1:2001"),
        "GTS_PDFXConformance" => text("PDF/X-1a:2001"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let id = Object::String(vec![0xAB; 16], StringFormat::Hexadecimal);
    doc.trailer.set("ID", vec![id.clone(), id]);
    Doc {
        doc,
        catalog,
        info,
        page,
        content,
    }
}

/// The X-1a file made X-4: PDF 1.6, an embedded CMYK output profile and XMP metadata.
fn x4() -> Doc {
    let mut d = x1a();
    d.doc.version = "1.6".to_string();
    // Only the header of the profile is read: class, colour space and signature.
    let mut icc = vec![0u8; 128];
    icc[12..16].copy_from_slice(b"prtr");
    icc[16..20].copy_from_slice(b"CMYK");
    icc[36..40].copy_from_slice(b"acsp");
    let profile = d.doc.add_object(Stream::new(dictionary! { "N" => 4 }, icc));
    let xmp = concat!(
        r#"<x:xmpmeta xmlns:x="adobe:ns:meta/">"#,
        r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">"#,
        r#"<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/""#,
        r#" pdfxid:GTS_PDFXVersion="PDF/X-4"/></rdf:RDF></x:xmpmeta>"#,
    );
    let metadata = d.doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.as_bytes().to_vec(),
    ));
    dict(&mut d.doc, d.catalog).set("Metadata", metadata);
    let intent = intent(&mut d);
    intent.remove(b"RegistryName");
    intent.set("Info", text("Coated FOGRA39"));
    intent.set("DestOutputProfile", profile);
    let info = dict(&mut d.doc, d.info);
    info.set("GTS_PDFXVersion", text("PDF/X-4"));
    info.remove(b"GTS_PDFXConformance");
    d
}

fn dict(doc: &mut Document, id: ObjectId) -> &mut Dictionary {
    doc.get_dictionary_mut(id)
        .expect("a dictionary the fixture made")
}

/// The fixture's output intent.
fn intent(d: &mut Doc) -> &mut Dictionary {
    let catalog = dict(&mut d.doc, d.catalog);
    let intents = catalog
        .get_mut(b"OutputIntents")
        .and_then(Object::as_array_mut);
    let first = intents.ok().and_then(|i| i.first_mut());
    first
        .and_then(|i| i.as_dict_mut().ok())
        .expect("the output intent")
}

fn set_content(d: &mut Doc, content: &[u8]) {
    let stream = d
        .doc
        .get_object_mut(d.content)
        .and_then(Object::as_stream_mut);
    stream
        .expect("the page's content")
        .set_content(content.to_vec());
}

/// Adds a 1×1 image in `space` to the page's resources as /Im1 and paints it.
fn add_image(d: &mut Doc, space: &str, extra: Dictionary) {
    let mut image = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => 1,
        "Height" => 1,
        "BitsPerComponent" => 8,
        "ColorSpace" => space,
    };
    image.extend(&extra);
    let image = d.doc.add_object(Stream::new(image, vec![0; 4]));
    dict(&mut d.doc, d.page).set(
        "Resources",
        dictionary! { "XObject" => dictionary! { "Im1" => image } },
    );
    set_content(d, b"q 10 0 0 10 20 20 cm /Im1 Do Q");
}

/// A 1×1 gray image, as a soft mask for another.
fn gray_image(d: &mut Doc) -> ObjectId {
    let image = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => 1,
        "Height" => 1,
        "BitsPerComponent" => 8,
        "ColorSpace" => "DeviceGray",
    };
    d.doc.add_object(Stream::new(image, vec![0]))
}

fn bytes(mut d: Doc) -> Vec<u8> {
    let mut out = Vec::new();
    d.doc.save_to(&mut out).expect("lopdf writes the file");
    out
}

/// Asserts that the file `d` breaks `standard` with a violation mentioning `expected`.
#[track_caller]
fn assert_caught(d: Doc, standard: Standard, expected: &str) {
    let found = violations(&bytes(d), standard);
    assert!(
        found.iter().any(|v| v.contains(expected)),
        "no violation mentions {expected:?}; found {found:#?}"
    );
}

#[test]
fn minimal_x1a_conforms() {
    assert_conforms(&bytes(x1a()), Standard::X1a2001);
}

#[test]
fn minimal_x4_conforms() {
    assert_conforms(&bytes(x4()), Standard::X4);
}

#[test]
#[should_panic(expected = "the rg operator paints in DeviceRGB")]
fn assert_conforms_lists_what_is_wrong() {
    let mut d = x1a();
    set_content(&mut d, b"1 0 0 rg 0 0 10 10 re f");
    assert_conforms(&bytes(d), Standard::X1a2001);
}

#[test]
fn rgb_operator() {
    let mut d = x1a();
    set_content(&mut d, b"1 0 0 rg 0 0 10 10 re f");
    assert_caught(d, Standard::X1a2001, "the rg operator paints in DeviceRGB");
}

#[test]
fn rgb_image() {
    let mut d = x1a();
    add_image(&mut d, "DeviceRGB", Dictionary::new());
    assert_caught(d, Standard::X1a2001, "XObject /Im1 is in DeviceRGB");
}

#[test]
fn rgb_inline_image() {
    let mut d = x1a();
    set_content(&mut d, b"BI /W 1 /H 1 /BPC 8 /CS /RGB ID \x01\x02\x03 EI");
    assert_caught(d, Standard::X1a2001, "an inline image is in DeviceRGB");
    // With a filter lopdf skips the image; the raw bytes are read instead.
    let mut d = x1a();
    set_content(
        &mut d,
        b"BI /W 1 /H 1 /BPC 8 /CS /RGB /F /AHx ID 010203> EI",
    );
    assert_caught(d, Standard::X1a2001, "an inline image is in DeviceRGB");
}

#[test]
fn icc_colour_space() {
    let mut d = x1a();
    let profile = d
        .doc
        .add_object(Stream::new(dictionary! { "N" => 4 }, vec![0; 128]));
    let space = vec![
        Object::Name(b"ICCBased".to_vec()),
        Object::Reference(profile),
    ];
    dict(&mut d.doc, d.page).set(
        "Resources",
        dictionary! { "ColorSpace" => dictionary! { "CS0" => space } },
    );
    set_content(&mut d, b"/CS0 cs 1 sc 0 0 10 10 re f");
    assert_caught(d, Standard::X1a2001, "selects /CS0 (ICCBased");
}

#[test]
fn rgb_allowed_by_x4_only_with_an_rgb_intent() {
    let mut d = x4();
    set_content(&mut d, b"1 0 0 rg 0 0 10 10 re f");
    assert_caught(d, Standard::X4, "DeviceRGB without an RGB output intent");
}

#[test]
fn rgb_intent_allows_device_rgb_in_x4() {
    let mut d = x4();
    let profile = intent(&mut d)
        .get(b"DestOutputProfile")
        .and_then(Object::as_reference);
    let profile = profile.expect("the profile's reference");
    let profile = d
        .doc
        .get_object_mut(profile)
        .and_then(Object::as_stream_mut);
    let profile = profile.expect("the profile");
    profile.content[16..20].copy_from_slice(b"RGB ");
    profile.dict.set("N", 3);
    set_content(&mut d, b"1 0 0 rg 0 0 10 10 re f");
    assert_conforms(&bytes(d), Standard::X4);
}

#[test]
fn annotation() {
    let mut d = x1a();
    let link = dictionary! { "Type" => "Annot", "Subtype" => "Link", "Rect" => rect([0, 0, 5, 5]) };
    dict(&mut d.doc, d.page).set("Annots", vec![Object::Dictionary(link)]);
    assert_caught(d, Standard::X1a2001, "page 1 has annotations (/Annots)");
}

#[test]
fn missing_trim_box() {
    let mut d = x1a();
    dict(&mut d.doc, d.page).remove(b"TrimBox");
    assert_caught(
        d,
        Standard::X1a2001,
        "page 1 has neither a TrimBox nor an ArtBox",
    );
}

#[test]
fn bleed_outside_media() {
    let mut d = x1a();
    dict(&mut d.doc, d.page).set("BleedBox", rect([-5, -5, 205, 305]));
    assert_caught(
        d,
        Standard::X1a2001,
        "page 1's BleedBox [-5 -5 205 305] extends beyond its MediaBox",
    );
}

#[test]
fn trim_outside_bleed() {
    let mut d = x1a();
    dict(&mut d.doc, d.page).set("BleedBox", rect([20, 20, 180, 280]));
    assert_caught(
        d,
        Standard::X1a2001,
        "page 1's TrimBox [10 10 190 290] extends beyond its BleedBox",
    );
}

#[test]
fn outline() {
    let mut d = x1a();
    let outlines = d
        .doc
        .add_object(dictionary! { "Type" => "Outlines", "Count" => 0 });
    dict(&mut d.doc, d.catalog).set("Outlines", outlines);
    assert_caught(d, Standard::X1a2001, "/Outlines");
}

#[test]
fn javascript_action() {
    let mut d = x1a();
    let action = dictionary! { "S" => "JavaScript", "JS" => text("app.alert(1)") };
    dict(&mut d.doc, d.catalog).set("OpenAction", action);
    assert_caught(d, Standard::X1a2001, "JavaScript action");
}

#[test]
fn missing_version_key() {
    let mut d = x1a();
    dict(&mut d.doc, d.info).remove(b"GTS_PDFXVersion");
    assert_caught(d, Standard::X1a2001, "no GTS_PDFXVersion");
}

#[test]
fn missing_trapped() {
    let mut d = x1a();
    dict(&mut d.doc, d.info).remove(b"Trapped");
    assert_caught(d, Standard::X1a2001, "no Trapped");
    let mut d = x1a();
    dict(&mut d.doc, d.info).set("Trapped", "Unknown");
    assert_caught(d, Standard::X1a2001, "Trapped is /Unknown");
}

#[test]
fn soft_mask_image() {
    let mut d = x1a();
    let mask = gray_image(&mut d);
    add_image(&mut d, "DeviceCMYK", dictionary! { "SMask" => mask });
    assert_caught(
        d,
        Standard::X1a2001,
        "XObject /Im1 has a soft mask (/SMask)",
    );
}

#[test]
fn transparency_allowed_in_x4() {
    let mut d = x4();
    let mask = gray_image(&mut d);
    add_image(&mut d, "DeviceCMYK", dictionary! { "SMask" => mask });
    assert_conforms(&bytes(d), Standard::X4);
}

#[test]
fn font_not_embedded() {
    let mut d = x1a();
    let font = d.doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    dict(&mut d.doc, d.page).set(
        "Resources",
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    set_content(&mut d, b"BT /F1 12 Tf 20 20 Td (Hola) Tj ET");
    assert_caught(d, Standard::X1a2001, "font /F1 (Helvetica) is not embedded");
}

#[test]
fn opentype_font_program_in_a_1_3_file() {
    let mut d = x1a();
    let program = d.doc.add_object(lopdf::Stream::new(
        dictionary! { "Subtype" => "OpenType" },
        b"OTTO".to_vec(),
    ));
    let descriptor = d.doc.add_object(dictionary! {
        "Type" => "FontDescriptor", "FontName" => "Charis", "FontFile3" => program,
    });
    let font = d.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Charis",
        "FontDescriptor" => descriptor,
    });
    dict(&mut d.doc, d.page).set(
        "Resources",
        dictionary! { "Font" => dictionary! { "F1" => font } },
    );
    set_content(&mut d, b"BT /F1 12 Tf 20 20 Td (Hola) Tj ET");
    assert_caught(
        d,
        Standard::X1a2001,
        "font /F1 (Charis) is embedded as OpenType, which PDF 1.3 does not have",
    );
}

#[test]
fn header_too_new() {
    let mut d = x1a();
    d.doc.version = "1.7".to_string();
    assert_caught(d, Standard::X1a2001, "the header says PDF 1.7");
}

#[test]
fn cross_reference_stream() {
    let mut d = x1a();
    d.doc.reference_table.cross_reference_type = XrefType::CrossReferenceStream;
    assert_caught(d, Standard::X1a2001, "cross-reference stream");
}

#[test]
fn x4_without_profile() {
    let mut d = x4();
    intent(&mut d).remove(b"DestOutputProfile");
    assert_caught(d, Standard::X4, "no DestOutputProfile");
}

#[test]
fn x4_without_xmp_identification() {
    let mut d = x4();
    dict(&mut d.doc, d.catalog).remove(b"Metadata");
    assert_caught(d, Standard::X4, "/Metadata");
}

#[test]
fn garbage_is_reported_not_panicked_on() {
    let found = violations(b"%PDF-1.3\nnot a PDF at all", Standard::X1a2001);
    assert!(
        found.iter().any(|v| v.contains("cannot be read")),
        "{found:#?}"
    );
}

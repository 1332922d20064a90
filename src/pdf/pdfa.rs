//! What makes the screen PDF a PDF/A-2u file (ISO 19005-2) beyond its tags and XMP
//! (`tags`, `metadata`): an output intent with an sRGB profile, so that its device
//! colours (black text in DeviceGray, figures in RGB) have a defined meaning.
//!
//! The profile is `profiles/sRGB.icc`, an ICC v2 sRGB profile from Debian's
//! icc-profiles-free (zlib licence; see `profiles/README.md`).

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// The sRGB profile the output intent embeds.
const SRGB: &[u8] = include_bytes!("profiles/sRGB.icc");

/// Adds the PDF/A output intent to the catalog.
pub fn mark(lo: &mut lopdf::Document, catalog: ObjectId) -> Result<(), ()> {
    let string = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let mut profile = Stream::new(Dictionary::new(), SRGB.to_vec());
    profile.dict.set("N", Object::Integer(3));
    let profile = lo.add_object(profile);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", string("sRGB IEC61966-2.1")),
        ("RegistryName", string("http://www.color.org")),
        ("Info", string("sRGB IEC61966-2.1")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    super::pdfx::attach_intent(lo, catalog, intent)
}

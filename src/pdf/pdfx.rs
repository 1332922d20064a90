//! What makes a PDF a PDF/X-1a:2001 (ISO 15930-1) or PDF/X-4 (ISO 15930-7) file beyond
//! its content: the output intent naming the printing condition the colours were made
//! for (with its ICC profile embedded, for X-4), and the version keys in the document
//! information dictionary. The content's own rules (process colours, no transparency)
//! are `colour`'s; boxes are `navigation`'s; the XMP's keys `metadata`'s.
//!
//! The profiles in `profiles/` were made with ArgyllCMS's `colprof` from the
//! characterization data Debian ships in icc-profiles-free (zlib licence); see
//! `profiles/README.md`.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::manuscript::config::Standard;

/// A characterized printing condition from the ICC's registry, which a PDF/X-1a file
/// may name instead of embedding its profile (ISO 15930-1, the `DestOutputProfile`
/// entry is needed only for a condition the registry does not hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputIntent {
    /// The registry's identifier (`CGATS TR 001`, `FOGRA39`).
    pub identifier: &'static str,
    /// The condition as a person reads it.
    pub condition: &'static str,
    /// Its ICC output profile, embedded in a PDF/X-4 file.
    pub profile: &'static [u8],
}

impl OutputIntent {
    /// Web offset on coated paper as U.S. print-on-demand printers characterize it
    /// (SWOP, CGATS TR 001): the condition IngramSpark's guide names.
    pub const SWOP: OutputIntent = OutputIntent {
        identifier: "CGATS TR 001",
        condition: "SWOP (Publication) Grade 5 Paper",
        // No free characterization data of TR 001 to make a profile from: a PDF/X-4
        // file for these printers names TR 003 instead.
        profile: &[],
    };
    /// SWOP on coated #3 paper (CGATS TR 003), the U.S. condition a PDF/X-4 file embeds.
    pub const SWOP_TR003: OutputIntent = OutputIntent {
        identifier: "CGATS TR 003",
        condition: "SWOP (Publication) Grade 3 Paper",
        profile: include_bytes!("profiles/CGATS-TR003.icc"),
    };
    /// Sheet-fed offset on coated paper, ISO 12647-2 (FOGRA39): the European default.
    pub const FOGRA39: OutputIntent = OutputIntent {
        identifier: "FOGRA39",
        condition: "Offset commercial and specialty printing according to ISO 12647-2:2004/Amd 1, paper type 1 or 2",
        profile: include_bytes!("profiles/FOGRA39.icc"),
    };
}

/// The version a file of `standard` declares (ISO 15930-1 names the family, not the
/// conformance level, in this key; ISO 15930-7 the conformance itself).
pub fn version(standard: Standard) -> &'static str {
    match standard {
        Standard::X1a => "PDF/X-1:2001",
        Standard::X4 => "PDF/X-4",
    }
}

/// The PDF version `standard` is built on.
pub fn pdf_version(standard: Standard) -> &'static str {
    match standard {
        Standard::X1a => "1.3",
        Standard::X4 => "1.6",
    }
}

/// Adds `intent` as the document's one output intent (a PDF/X or a PDF/A file names one).
pub fn attach_intent(
    lo: &mut lopdf::Document,
    catalog: ObjectId,
    intent: Dictionary,
) -> Result<(), ()> {
    let intent = lo.add_object(intent);
    lo.get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| ())?
        .set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent)]),
        );
    Ok(())
}

fn string(text: &str) -> Object {
    Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
}

/// Adds the output intent to the catalog and the PDF/X version keys to the information
/// dictionary (which `metadata::info` has written, with `Trapped` false: imprenta traps
/// nothing, and ISO 15930-1 wants the key true or false, never unknown).
pub fn mark(
    lo: &mut lopdf::Document,
    catalog: ObjectId,
    intent: &OutputIntent,
    standard: Standard,
) -> Result<(), ()> {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"OutputIntent".to_vec()));
    d.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    d.set("OutputConditionIdentifier", string(intent.identifier));
    d.set("OutputCondition", string(intent.condition));
    d.set("RegistryName", string("http://www.color.org"));
    d.set("Info", string(intent.condition));
    // ISO 15930-7 wants the condition's profile in the file even when registered.
    if standard == Standard::X4 {
        let mut profile = Stream::new(Dictionary::new(), intent.profile.to_vec());
        profile.dict.set("N", Object::Integer(4));
        let profile = lo.add_object(profile);
        d.set("DestOutputProfile", Object::Reference(profile));
    }
    attach_intent(lo, catalog, d)?;
    let info = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| ())?;
    let info = lo
        .get_object_mut(info)
        .and_then(Object::as_dict_mut)
        .map_err(|_| ())?;
    info.set("GTS_PDFXVersion", string(version(standard)));
    if standard == Standard::X1a {
        info.set("GTS_PDFXConformance", string("PDF/X-1a:2001"));
    }
    Ok(())
}

//! What makes a PDF a PDF/X-1a:2001 file (ISO 15930-1) beyond its content: the output
//! intent naming the printing condition the colours were made for, and the version keys
//! in the document information dictionary. The content's own rules (process colours,
//! no transparency) are `colour`'s; boxes are `navigation`'s.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

/// A characterized printing condition from the ICC's registry, which a PDF/X-1a file
/// may name instead of embedding its profile (ISO 15930-1, the `DestOutputProfile`
/// entry is needed only for a condition the registry does not hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputIntent {
    /// The registry's identifier (`CGATS TR 001`, `FOGRA39`).
    pub identifier: &'static str,
    /// The condition as a person reads it.
    pub condition: &'static str,
}

impl OutputIntent {
    /// Web offset on coated paper as U.S. print-on-demand printers characterize it
    /// (SWOP, CGATS TR 001): the condition IngramSpark's guide names.
    pub const SWOP: OutputIntent = OutputIntent {
        identifier: "CGATS TR 001",
        condition: "SWOP (Publication) Grade 5 Paper",
    };
    /// Sheet-fed offset on coated paper, ISO 12647-2 (FOGRA39): the European default.
    pub const FOGRA39: OutputIntent = OutputIntent {
        identifier: "FOGRA39",
        condition: "Offset commercial and specialty printing according to ISO 12647-2:2004/Amd 1, paper type 1 or 2",
    };
}

/// The version a PDF/X-1a:2001 file declares (ISO 15930-1 names the family, not the
/// conformance level, in this key).
pub const VERSION: &str = "PDF/X-1:2001";

fn string(text: &str) -> Object {
    Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
}

/// Adds the output intent to the catalog and the PDF/X version keys to the information
/// dictionary (which `metadata::info` has written, with `Trapped` false: imprenta traps
/// nothing, and ISO 15930-1 wants the key true or false, never unknown).
pub fn mark(lo: &mut lopdf::Document, catalog: ObjectId, intent: &OutputIntent) -> Result<(), ()> {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"OutputIntent".to_vec()));
    d.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    d.set("OutputConditionIdentifier", string(intent.identifier));
    d.set("OutputCondition", string(intent.condition));
    d.set("RegistryName", string("http://www.color.org"));
    d.set("Info", string(intent.condition));
    let intent_id = lo.add_object(d);
    lo.get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|_| ())?
        .set(
            "OutputIntents",
            Object::Array(vec![Object::Reference(intent_id)]),
        );
    let info = lo
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .map_err(|_| ())?;
    let info = lo
        .get_object_mut(info)
        .and_then(Object::as_dict_mut)
        .map_err(|_| ())?;
    info.set("GTS_PDFXVersion", string(VERSION));
    info.set("GTS_PDFXConformance", string("PDF/X-1a:2001"));
    Ok(())
}

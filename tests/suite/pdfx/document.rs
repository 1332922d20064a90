//! The document-level requirements: trailer, Info dictionary, catalog (with X-4's XMP
//! identification) and the PDF/X output intent.

use lopdf::xref::{XrefEntry, XrefType};
use lopdf::{Dictionary, Object};

use super::{parse_version, Checker, Standard, OBJECT_STREAM, XREF_STREAM};

impl<'a> Checker<'a> {
    /// `/ID` is required by all PDF/X levels (it identifies the file in a workflow), and
    /// encryption is forbidden (a printer must be able to read everything).
    pub(super) fn trailer(&mut self) {
        let id = self
            .get(&self.doc.trailer, b"ID")
            .and_then(|o| o.as_array().ok());
        let strings = id.map_or(0, |a| {
            a.iter()
                .filter(|o| matches!(self.resolve(o), Object::String(..)))
                .count()
        });
        if id.map(Vec::len) != Some(2) || strings != 2 {
            self.report("the trailer has no /ID of two strings".to_string());
        }
        if self.doc.trailer.has(b"Encrypt") || self.doc.encryption_state.is_some() {
            self.report("the file is encrypted (/Encrypt)".to_string());
        }
        // lopdf notes in its table which kind of cross-reference section it read.
        let table = &self.doc.reference_table;
        if self.standard == Standard::X1a2001 {
            if matches!(table.cross_reference_type, XrefType::CrossReferenceStream) {
                self.report(XREF_STREAM.to_string());
            }
            if table
                .entries
                .values()
                .any(|e| matches!(e, XrefEntry::Compressed { .. }))
            {
                self.report(OBJECT_STREAM.to_string());
            }
        }
    }

    /// The document information dictionary identifies the level (GTS_PDFXVersion, and
    /// GTS_PDFXConformance for X-1a:2001) and must have a title, both dates and a
    /// definite trapping state: `/Unknown` leaves the printer guessing.
    pub(super) fn info(&mut self) {
        let Some(info) = self.dict_at(&self.doc.trailer, b"Info") else {
            self.report("the trailer has no Info dictionary".to_string());
            return;
        };
        let expected: &[(&str, &str)] = match self.standard {
            Standard::X1a2001 => &[
                ("GTS_PDFXVersion", "PDF/X-1:2001"),
                ("GTS_PDFXConformance", "PDF/X-1a:2001"),
            ],
            Standard::X4 => &[("GTS_PDFXVersion", "PDF/X-4")],
        };
        for (key, want) in expected {
            match self.text_at(info, key.as_bytes()) {
                Some(got) if got == *want => {}
                Some(got) => self.report(format!(
                    "the Info dictionary's {key} is {got:?}, not {want:?}"
                )),
                None => self.report(format!("the Info dictionary has no {key} ({want:?})")),
            }
        }
        if self
            .text_at(info, b"Title")
            .is_none_or(|t| t.trim().is_empty())
        {
            self.report("the Info dictionary has no Title".to_string());
        }
        for key in ["CreationDate", "ModDate"] {
            if !matches!(self.get(info, key.as_bytes()), Some(Object::String(..))) {
                self.report(format!("the Info dictionary has no {key}"));
            }
        }
        match self.name_at(info, b"Trapped") {
            Some(b"True" | b"False") => {}
            Some(other) => self.report(format!(
                "the Info dictionary's Trapped is /{}, not /True or /False",
                String::from_utf8_lossy(other)
            )),
            None => self.report("the Info dictionary has no Trapped (/True or /False)".to_string()),
        }
    }

    pub(super) fn catalog(&mut self, catalog: &'a Dictionary) {
        // A catalog /Version (PDF 1.4) overrides the header: the same limit holds.
        if let Some(version) = self.name_at(catalog, b"Version") {
            let (major, minor) = self.standard.max_version();
            if parse_version(version).is_none_or(|v| v > (major, minor)) {
                self.report(format!(
                    "the catalog's /Version is {}; {} allows at most PDF {major}.{minor}",
                    String::from_utf8_lossy(version),
                    self.standard.name()
                ));
            }
        }
        // Not the standard's rule but the project's: printers ask interiors not to carry
        // bookmarks, which some RIPs and imposition tools choke on.
        if self.get(catalog, b"Outlines").is_some() {
            self.report("the catalog has /Outlines (bookmarks)".to_string());
        }
        // Actions are forbidden: nothing may change what prints when the file is opened.
        if catalog.has(b"OpenAction") {
            self.report("the catalog has an /OpenAction".to_string());
        }
        let names = self.dict_at(catalog, b"Names");
        if names.is_some_and(|n| n.has(b"JavaScript")) {
            self.report("the catalog's name dictionary has a /JavaScript tree".to_string());
        }
        // X-4 identifies itself in XMP (pdfxid:GTS_PDFXVersion), which readers trust over
        // the Info dictionary.
        if self.standard == Standard::X4 {
            let xmp = self
                .get(catalog, b"Metadata")
                .and_then(|o| o.as_stream().ok());
            let Some(xmp) = xmp else {
                self.report("the catalog has no /Metadata XMP stream".to_string());
                return;
            };
            let text = xmp.decompressed_content().unwrap_or_default();
            let text = String::from_utf8_lossy(&text);
            let version = text.find("GTS_PDFXVersion").map(|at| {
                let rest = &text[at + "GTS_PDFXVersion".len()..];
                let rest = rest.trim_start_matches(|c: char| "=\"'> \t\r\n".contains(c));
                rest.strip_prefix("PDF/X-4")
                    .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()))
            });
            if version != Some(true) {
                self.report(
                    "the XMP metadata does not say pdfxid:GTS_PDFXVersion PDF/X-4".to_string(),
                );
            }
        }
    }

    /// Exactly one PDF/X output intent names the printing condition the colours were
    /// prepared for; its ICC profile (an output profile of the right colour model) is
    /// required unless X-1a:2001 names a registered characterization instead.
    pub(super) fn output_intent(&mut self, catalog: &'a Dictionary) {
        let intents = self
            .get(catalog, b"OutputIntents")
            .and_then(|o| o.as_array().ok());
        let Some(intents) = intents else {
            self.report("the catalog has no /OutputIntents".to_string());
            return;
        };
        let pdfx: Vec<&'a Dictionary> = intents
            .iter()
            .filter_map(|o| self.dict(o))
            .filter(|d| self.name_at(d, b"S") == Some(b"GTS_PDFX"))
            .collect();
        if pdfx.len() != 1 {
            self.report(format!(
                "the catalog's /OutputIntents has {} /GTS_PDFX output intents, not one",
                pdfx.len()
            ));
        }
        let Some(&intent) = pdfx.first() else { return };
        if !matches!(
            self.get(intent, b"OutputConditionIdentifier"),
            Some(Object::String(..))
        ) {
            self.report("the output intent has no OutputConditionIdentifier".to_string());
        }
        let registered = self
            .text_at(intent, b"RegistryName")
            .is_some_and(|r| !r.is_empty());
        // PDF Reference, output intent dictionary: Info describes an unregistered condition.
        if !registered && self.text_at(intent, b"Info").is_none() {
            self.report("the output intent has neither a RegistryName nor an Info".to_string());
        }
        let missing = match self.get(intent, b"DestOutputProfile") {
            Some(profile) => return self.profile(profile),
            None if self.standard == Standard::X4 => "which PDF/X-4 requires",
            None if !registered => "nor a RegistryName naming a registered condition",
            None => return,
        };
        self.report(format!(
            "the output intent has no DestOutputProfile, {missing}"
        ));
    }

    /// The output profile: an ICC output-device profile (`prtr`) in CMYK or gray (RGB too
    /// for X-4), whose /N says as many components.
    fn profile(&mut self, profile: &'a Object) {
        let Object::Stream(stream) = profile else {
            self.report("the output intent's DestOutputProfile is not a stream".to_string());
            return;
        };
        let n = self.get(&stream.dict, b"N").and_then(|o| o.as_i64().ok());
        if !matches!(n, Some(1 | 3 | 4)) {
            self.report("the output profile's /N is not 1, 3 or 4".to_string());
        }
        let bytes = match stream.decompressed_content() {
            Ok(bytes) => bytes,
            Err(e) => return self.report(format!("the output profile cannot be decoded: {e}")),
        };
        if bytes.len() < 128 || &bytes[36..40] != b"acsp" {
            return self.report("the output profile is not an ICC profile (no acsp)".to_string());
        }
        let field =
            |range: std::ops::Range<usize>| String::from_utf8_lossy(&bytes[range]).into_owned();
        if &bytes[12..16] != b"prtr" {
            self.report(format!(
                "the output profile's class is {:?}, not an output (prtr) profile",
                field(12..16)
            ));
        }
        let components = match (&bytes[16..20], self.standard) {
            (b"CMYK", _) => 4,
            (b"GRAY", _) => 1,
            (b"RGB ", Standard::X4) => 3,
            _ => {
                return self.report(format!(
                    "the output profile's colour space is {:?}, which {} does not print to",
                    field(16..20),
                    self.standard.name()
                ))
            }
        };
        if n.is_some_and(|n| n != components) {
            self.report(format!(
                "the output profile's /N does not match its {} colour space",
                field(16..20)
            ));
        }
        self.rgb_intent = components == 3;
    }
}

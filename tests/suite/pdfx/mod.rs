//! A PDF/X checker written from ISO 15930: PDF/X-1a:2001 (ISO 15930-1) and PDF/X-4
//! (ISO 15930-7:2010). No PDF/X validator can be installed here (veraPDF checks PDF/A and
//! PDF/UA only), so the suite reads every print PDF it builds with this one.
//!
//! It checks what a book interior can get wrong — the file's structure, identification,
//! output intent, page boxes, actions, fonts, colour and transparency — not every clause:
//! halftones, OPI beyond its presence, XMP beyond the identification, and the PDF
//! syntax itself (left to `qpdf --check`) are not read. This file holds the API and the
//! shared reading helpers; [`document`], [`pages`], [`graphics`] and [`colour`] the checks.

mod colour;
mod document;
mod graphics;
mod pages;
mod tests;

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// A PDF/X conformance level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, CMYK, gray and spot colour, no transparency.
    X1a2001,
    /// PDF/X-4 (ISO 15930-7:2010): PDF 1.6, ICC colour and live transparency allowed.
    X4,
}

impl Standard {
    fn name(self) -> &'static str {
        match self {
            Standard::X1a2001 => "PDF/X-1a:2001",
            Standard::X4 => "PDF/X-4",
        }
    }

    /// The newest PDF version the standard builds on, as (major, minor).
    fn max_version(self) -> (u32, u32) {
        match self {
            Standard::X1a2001 => (1, 3),
            Standard::X4 => (1, 6),
        }
    }
}

/// Every way `bytes` breaks `standard`, each a short sentence naming the object or page;
/// empty when the file conforms (as far as this checker reads, see the module's doc).
pub fn violations(bytes: &[u8], standard: Standard) -> Vec<String> {
    // lopdf can panic on a malformed file; a checker reports that rather than taking the
    // calling test down with an unrelated message.
    let found = std::panic::catch_unwind(|| check(bytes, standard))
        .unwrap_or_else(|_| vec!["the file cannot be read: the PDF parser panicked".to_string()]);
    // An object reached from many pages is reported once.
    let mut seen = HashSet::new();
    found
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// Panics with the list of violations when `bytes` does not conform to `standard`.
pub fn assert_conforms(bytes: &[u8], standard: Standard) {
    let found = violations(bytes, standard);
    assert!(
        found.is_empty(),
        "the PDF is not {}:\n  {}",
        standard.name(),
        found.join("\n  ")
    );
}

fn check(bytes: &[u8], standard: Standard) -> Vec<String> {
    let mut out = Vec::new();
    header(bytes, standard, &mut out);
    if standard == Standard::X1a2001 {
        raw_structure(bytes, &mut out);
    }
    let doc = match Document::load_mem(bytes) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(format!("the file cannot be read: {e}"));
            return out;
        }
    };
    let mut checker = Checker {
        doc: &doc,
        standard,
        rgb_intent: false,
        out,
        seen: HashSet::new(),
    };
    checker.run();
    checker.out
}

/// ISO 15930-1 builds on PDF 1.3 and ISO 15930-7 on PDF 1.6: the header may not claim a
/// newer version, whose features the standard's readers need not know.
fn header(bytes: &[u8], standard: Standard, out: &mut Vec<String>) {
    let head = &bytes[..bytes.len().min(1024)];
    let Some(start) = head.windows(5).position(|w| w == b"%PDF-") else {
        out.push("the file has no %PDF- header".to_string());
        return;
    };
    let version: String = bytes[start + 5..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .map(|&b| char::from(b))
        .collect();
    let (major, minor) = standard.max_version();
    if parse_version(version.as_bytes()).is_none_or(|v| v > (major, minor)) {
        out.push(format!(
            "the header says PDF {version}; {} allows at most PDF {major}.{minor}",
            standard.name()
        ));
    }
}

fn parse_version(text: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(text).ok()?;
    let (major, minor) = text.split_once('.')?;
    Some((major.parse().ok()?, minor.parse().ok()?))
}

const XREF_STREAM: &str =
    "the file uses a cross-reference stream, which PDF 1.3 (PDF/X-1a:2001) lacks";
const OBJECT_STREAM: &str = "the file uses object streams, which PDF 1.3 (PDF/X-1a:2001) lacks";

/// PDF/X-1a:2001 files must be readable by PDF 1.3 readers, which know neither
/// cross-reference streams nor object streams (PDF 1.5). Searched in the raw bytes too,
/// because lopdf unpacks both on loading.
fn raw_structure(bytes: &[u8], out: &mut Vec<String>) {
    let has = |pattern: &[u8]| bytes.windows(pattern.len()).any(|w| w == pattern);
    if has(b"/Type /XRef") || has(b"/Type/XRef") || has(b"/XRefStm") {
        out.push(XREF_STREAM.to_string());
    }
    if has(b"/ObjStm") {
        out.push(OBJECT_STREAM.to_string());
    }
}

/// What is nothing: a missing key, a dangling reference, `null`.
static NULL: Object = Object::Null;

/// One run over a loaded document, collecting violations.
struct Checker<'a> {
    doc: &'a Document,
    standard: Standard,
    /// X-4 with an RGB output profile, where device RGB is the printing condition's own.
    rgb_intent: bool,
    out: Vec<String>,
    /// Indirect objects already checked (resources, fonts, XObjects…): shared ones are
    /// read once, and reference cycles end.
    seen: HashSet<ObjectId>,
}

impl<'a> Checker<'a> {
    fn run(&mut self) {
        self.trailer();
        self.info();
        let Some(catalog) = self.dict_at(&self.doc.trailer, b"Root") else {
            self.report("the trailer has no Root catalog".to_string());
            return;
        };
        self.catalog(catalog);
        // Before the pages: whether device RGB is allowed depends on the intent.
        self.output_intent(catalog);
        self.pages();
        self.scan_objects();
        self.unreached_images();
    }

    fn report(&mut self, message: String) {
        self.out.push(message);
    }

    /// `obj` with references followed; [`NULL`] when one dangles.
    fn resolve<'b>(&self, obj: &'b Object) -> &'b Object
    where
        'a: 'b,
    {
        self.doc.dereference(obj).map_or(&NULL, |(_, o)| o)
    }

    /// The value of `key`, references followed; `None` when absent or null.
    fn get(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let value = self.resolve(dict.get(key).ok()?);
        (!value.is_null()).then_some(value)
    }

    /// `obj` as a dictionary (a stream's own dictionary for a stream).
    fn dict(&self, obj: &'a Object) -> Option<&'a Dictionary> {
        match self.resolve(obj) {
            Object::Dictionary(d) => Some(d),
            Object::Stream(s) => Some(&s.dict),
            _ => None,
        }
    }

    fn dict_at(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
        self.dict(dict.get(key).ok()?)
    }

    fn name_at(&self, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
        self.get(dict, key)?.as_name().ok()
    }

    /// A text string's value (PDFDocEncoding or UTF-16).
    fn text_at(&self, dict: &'a Dictionary, key: &[u8]) -> Option<String> {
        lopdf::decode_text_string(self.get(dict, key)?).ok()
    }

    /// Whether `obj` is to be checked now: direct objects always, indirect ones once.
    fn first_visit(&mut self, obj: &Object) -> bool {
        obj.as_reference().map_or(true, |id| self.seen.insert(id))
    }
}

//! The document's metadata: `/Lang` and the XMP packet on the catalog, the Info
//! dictionary (without the stray `/GTS_PDFXVersion` printpdf writes, which made `pdfinfo`
//! call the file PDF/X), and a reproducible `/ID`. Info and XMP say the same thing.

use std::hash::Hasher;

use fnv::FnvHasher;
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use crate::ir::Metadata;
use crate::xml;

/// Adds the XMP packet and sets `/Lang`, `/PageMode` and `/Metadata` on the catalog;
/// `pdfx` is the PDF/X version a print file declares; a file without one (the screen
/// PDF) declares PDF/A-2u and PDF/UA-1. `Err` when `root` is not a dictionary.
pub fn catalog(
    lo: &mut lopdf::Document,
    root: ObjectId,
    meta: &Metadata,
    pdfx: Option<&str>,
) -> Result<(), ()> {
    let xmp_id = lo.add_object(
        Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Metadata".to_vec())),
                ("Subtype", Object::Name(b"XML".to_vec())),
            ]),
            xmp(meta, pdfx).into_bytes(),
        )
        .with_compression(false),
    );
    let catalog = lo
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|_| ())?;
    catalog.set("Lang", text(&meta.language));
    catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    catalog.set("Metadata", Object::Reference(xmp_id));
    Ok(())
}

/// Replaces printpdf's Info dictionary with one from the book's metadata.
pub fn info(lo: &mut lopdf::Document, meta: &Metadata, print: bool) {
    let date = pdf_date(meta.timestamp);
    let mut info = Dictionary::new();
    info.set("Title", text(&meta.title));
    if !meta.authors.is_empty() {
        info.set("Author", text(&meta.authors.join(", ")));
    }
    if let Some(subject) = meta.description.as_ref().or(meta.subtitle.as_ref()) {
        info.set("Subject", text(subject));
    }
    if !meta.subjects.is_empty() {
        info.set("Keywords", text(&meta.subjects.join(", ")));
    }
    info.set("Creator", text("imprenta"));
    info.set("Producer", text("imprenta (printpdf, lopdf)"));
    info.set("CreationDate", text(&date));
    info.set("ModDate", text(&date));
    // Trapping is the printer's concern; XMP 2005, which PDF/A-2 reads, has no key for it.
    if print {
        info.set("Trapped", Object::Name(b"False".to_vec()));
    }
    let info_id = lo.add_object(info);
    if let Ok(old) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        lo.objects.remove(&old);
    }
    lo.trailer.set("Info", Object::Reference(info_id));
}

/// FNV-1a's offset basis, where `FnvHasher::default()` starts.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Sets `/ID` from the finished (compressed) streams: the same input gives the same
/// `/ID`, and different books different ones.
pub fn id(lo: &mut lopdf::Document, meta: &Metadata) {
    // Two FNV-1a hashes (a specified hash, the same on every platform and version), the
    // second from another starting point: 128 bits, as `/ID` wants.
    let mut hash = FnvHasher::with_key(FNV_OFFSET);
    let mut hash2 = FnvHasher::with_key(FNV_OFFSET ^ 0x9e37_79b9_7f4a_7c15);
    for bytes in [meta.identifier.as_bytes(), meta.title.as_bytes()] {
        hash.write(bytes);
        hash2.write(bytes);
    }
    for object in lo.objects.values() {
        if let Object::Stream(stream) = object {
            hash.write(&stream.content);
            hash2.write(&stream.content);
        }
    }
    let mut id = hash.finish().to_be_bytes().to_vec();
    id.extend_from_slice(&hash2.finish().to_be_bytes());
    lo.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
}

/// A PDF text string: ASCII as it is, anything else as UTF-16BE with a byte-order mark.
pub fn text(s: &str) -> Object {
    if s.is_ascii() {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

fn datetime(timestamp: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default()
}

fn pdf_date(timestamp: i64) -> String {
    datetime(timestamp).format("D:%Y%m%d%H%M%SZ").to_string()
}

/// The XMP packet; `pdfx`, the PDF/X version a print file declares in its Info too (a
/// file without declares PDF/A-2u and PDF/UA-1).
fn xmp(meta: &Metadata, pdfx: Option<&str>) -> String {
    let date = datetime(meta.timestamp)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let li = |items: &[String]| -> String {
        items
            .iter()
            .map(|s| format!("<rdf:li>{}</rdf:li>", xml::text(s)))
            .collect()
    };
    let alt = |s: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            xml::text(s)
        )
    };
    let mut d = String::new();
    d.push_str("<dc:format>application/pdf</dc:format>\n");
    d.push_str(&format!("<dc:title>{}</dc:title>\n", alt(&meta.title)));
    // As Info says them: PDF/A wants Info's Author equal to the one creator, and its
    // Subject to the description (ISO 19005-2, 6.6.3).
    if !meta.authors.is_empty() {
        d.push_str(&format!(
            "<dc:creator><rdf:Seq>{}</rdf:Seq></dc:creator>\n",
            li(&[meta.authors.join(", ")])
        ));
    }
    if let Some(desc) = meta.description.as_ref().or(meta.subtitle.as_ref()) {
        d.push_str(&format!("<dc:description>{}</dc:description>\n", alt(desc)));
    }
    if !meta.subjects.is_empty() {
        d.push_str(&format!(
            "<dc:subject><rdf:Bag>{}</rdf:Bag></dc:subject>\n<pdf:Keywords>{}</pdf:Keywords>\n",
            li(&meta.subjects),
            xml::text(&meta.subjects.join(", "))
        ));
    }
    if let Some(rights) = &meta.rights {
        d.push_str(&format!("<dc:rights>{}</dc:rights>\n", alt(rights)));
    }
    d.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        xml::text(&meta.language)
    ));
    d.push_str(&format!(
        "<dc:identifier>{}</dc:identifier>\n",
        xml::text(&meta.identifier)
    ));
    d.push_str(&format!(
        "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n<xmp:CreatorTool>imprenta</xmp:CreatorTool>\n<pdf:Producer>imprenta (printpdf, lopdf)</pdf:Producer>\n"
    ));
    if pdfx.is_some() {
        d.push_str("<pdf:Trapped>False</pdf:Trapped>\n");
    }
    // What the Info dictionary says, the XMP says too (PDF/X readers may read either).
    let mut schemas = "";
    let mut archive = "";
    if pdfx.is_none() {
        archive = " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"";
        d.push_str(
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n<pdfuaid:part>1</pdfuaid:part>\n",
        );
        schemas = PDFUA_SCHEMA;
    }
    if let Some(version) = pdfx {
        d.push_str(&format!(
            "<pdfxid:GTS_PDFXVersion>{}</pdfxid:GTS_PDFXVersion>\n",
            xml::text(version)
        ));
        // PDF/X-4 asks the XMP for the document's identity and version and the
        // rendition it is (ISO 15930-7, its metadata requirements).
        if version == "PDF/X-4" {
            d.push_str(&format!(
                "<xmpMM:DocumentID>{}</xmpMM:DocumentID>\n<xmpMM:VersionID>1</xmpMM:VersionID>\n<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n",
                xml::text(&meta.identifier)
            ));
        }
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"{archive}>\n\
{d}</rdf:Description>\n{schemas}</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
    )
}

/// PDF/A-2 admits in XMP only the schemas XMP 2005 defines and those the file describes
/// (ISO 19005-2, 6.6.2.3.3): `pdfuaid` is not one of them, so its one property is
/// described here.
const PDFUA_SCHEMA: &str = "<rdf:Description rdf:about=\"\" \
xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n\
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
<pdfaProperty:name>part</pdfaProperty:name>\n\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n\
<pdfaProperty:category>internal</pdfaProperty:category>\n\
<pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n\
</rdf:li></rdf:Seq></pdfaSchema:property>\n\
</rdf:li></rdf:Bag></pdfaExtension:schemas>\n\
</rdf:Description>\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// A control character in a title (pasted from a word processor) is dropped, so the
    /// XMP stays well-formed XML; markup characters are escaped.
    #[test]
    fn the_xmp_packet_is_well_formed_whatever_the_title() {
        let meta = Metadata {
            title: "Río\u{1} <arriba> & \"abajo\"".into(),
            authors: vec!["Ana\u{b}".into()],
            language: "es".into(),
            ..Metadata::default()
        };
        let packet = xmp(&meta, Some("PDF/X-1:2001"));
        assert!(!packet.contains(['\u{1}', '\u{b}']), "{packet}");
        assert!(
            packet.contains("Río &lt;arriba&gt; &amp; \"abajo\""),
            "{packet}"
        );
        let mut reader = quick_xml::Reader::from_str(&packet);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("not well-formed: {e}\n{packet}"),
            }
        }
    }
}

//! The structure tree of a PDF read back with lopdf: each element's type, the
//! attributes the tests look at, and its children (elements, marked content, annotations).

use std::collections::BTreeMap;

use lopdf::{Document, Object, ObjectId};

/// One element of the structure tree as the file holds it.
#[derive(Debug, Default)]
pub struct Elem {
    pub kind: String,
    pub alt: Option<String>,
    pub actual_text: Option<String>,
    pub id: Option<String>,
    pub scope: Option<String>,
    pub kids: Vec<Kid>,
}

#[derive(Debug)]
pub enum Kid {
    Elem(Elem),
    /// Marked content: its page (from 0).
    Content(usize),
    /// An annotation: its object.
    Annotation(ObjectId),
}

pub fn name(object: &Object) -> String {
    object
        .as_name()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

pub fn string(doc: &Document, object: &Object) -> String {
    let object = match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    };
    let bytes = object.as_str().unwrap_or_default();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// A structure element's `/K` as a list (one child may stand alone).
pub fn kids_of(element: &lopdf::Dictionary) -> Vec<Object> {
    match element.get(b"K") {
        Ok(Object::Array(kids)) => kids.clone(),
        Ok(kid) => vec![kid.clone()],
        Err(_) => Vec::new(),
    }
}

/// The file's structure tree, from its Document element down.
pub fn structure(doc: &Document) -> Elem {
    let pages: BTreeMap<ObjectId, usize> = doc
        .get_pages()
        .values()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("a structure tree");
    let root = doc.get_dictionary(root).unwrap();
    let document = root.get(b"K").and_then(Object::as_reference).unwrap();
    read_elem(doc, document, &pages)
}

fn read_elem(doc: &Document, id: ObjectId, pages: &BTreeMap<ObjectId, usize>) -> Elem {
    let dict = doc.get_dictionary(id).unwrap();
    let mut elem = Elem {
        kind: name(dict.get(b"S").unwrap()),
        alt: dict.get(b"Alt").ok().map(|a| string(doc, a)),
        actual_text: dict.get(b"ActualText").ok().map(|a| string(doc, a)),
        id: dict.get(b"ID").ok().map(|a| string(doc, a)),
        scope: dict
            .get(b"A")
            .and_then(Object::as_dict)
            .and_then(|a| a.get(b"Scope"))
            .ok()
            .map(name),
        kids: Vec::new(),
    };
    let kids = kids_of(dict);
    let page_of = |d: &lopdf::Dictionary| {
        let pg = d.get(b"Pg").and_then(Object::as_reference).unwrap();
        pages[&pg]
    };
    for kid in kids {
        match kid {
            Object::Reference(r) => {
                let d = doc.get_dictionary(r).unwrap();
                match d.get(b"Type").map(name).as_deref() {
                    Ok("OBJR") => elem.kids.push(Kid::Annotation(
                        d.get(b"Obj").and_then(Object::as_reference).unwrap(),
                    )),
                    _ => elem.kids.push(Kid::Elem(read_elem(doc, r, pages))),
                }
            }
            Object::Dictionary(d) => match d.get(b"Type").map(name).as_deref() {
                Ok("MCR") => elem.kids.push(Kid::Content(page_of(&d))),
                Ok("OBJR") => elem.kids.push(Kid::Annotation(
                    d.get(b"Obj").and_then(Object::as_reference).unwrap(),
                )),
                other => panic!("an unexpected kid {other:?}"),
            },
            // A bare MCID is on the element's own page.
            Object::Integer(_) => elem.kids.push(Kid::Content(page_of(dict))),
            other => panic!("an unexpected kid {other:?}"),
        }
    }
    elem
}

impl Elem {
    /// This element and every element under it, in reading order.
    pub fn all(&self) -> Vec<&Elem> {
        let mut out = vec![self];
        for kid in &self.kids {
            if let Kid::Elem(e) = kid {
                out.extend(e.all());
            }
        }
        out
    }

    pub fn of_kind(&self, kind: &str) -> Vec<&Elem> {
        self.all().into_iter().filter(|e| e.kind == kind).collect()
    }

    pub fn elems(&self) -> Vec<&Elem> {
        self.kids
            .iter()
            .filter_map(|k| match k {
                Kid::Elem(e) => Some(e),
                _ => None,
            })
            .collect()
    }

    pub fn kinds(&self) -> Vec<&str> {
        self.elems().iter().map(|e| e.kind.as_str()).collect()
    }

    /// The pages its own marked content is on.
    pub fn pages(&self) -> Vec<usize> {
        let mut pages: Vec<usize> = self
            .all()
            .iter()
            .flat_map(|e| &e.kids)
            .filter_map(|k| match k {
                Kid::Content(page) => Some(*page),
                _ => None,
            })
            .collect();
        pages.dedup();
        pages
    }
}

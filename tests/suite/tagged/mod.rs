//! The screen PDF is tagged (PDF/UA-1) and archival (PDF/A-2u): the installable checkers
//! pass it (PyPI's `pdfua` and `page-validation`; veraPDF cannot be installed here),
//! poppler reads the structure's text as the manuscript's, and each structure (table,
//! list, figure, note, link, contents) is read back from the file's own tree.

mod elem;
mod reading;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;

use imprenta::diag::Warnings;
use imprenta::ir::Block;
use lopdf::{Document, Object, ObjectId};

use crate::common::{self, Scratch};
use elem::{kids_of, name, string, structure, Elem, Kid};

/// The screen PDF of a one-chapter book with `chapter` as its text.
fn screen_of(scratch: &Scratch, chapter: &str) -> Vec<u8> {
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\nlanguage = \"es\"\n",
    );
    scratch.write("libro/01-uno.md", chapter);
    let warnings = Warnings::new();
    let parsed = imprenta::parse_book(&scratch.path("libro"), None, &warnings).expect("parses");
    let pdfs = imprenta::render_pdfs(&parsed, &warnings, false, true).expect("builds");
    pdfs.screen.expect("asked for")
}

/// Runs the installed checkers on `path`; false when they are missing (a skip, or a
/// failure in CI).
fn assert_checkers_pass(path: &Path) -> bool {
    let Some(pdfua) = common::tool("pdfua") else {
        return false;
    };
    let (ok, out, err) = common::run(&pdfua, &[OsStr::new("check"), path.as_os_str()]);
    assert!(ok, "pdfua finds faults in {}:\n{out}{err}", path.display());
    let Some(python) = common::tool("python3") else {
        return false;
    };
    let script = "import sys\ntry:\n    import page\nexcept ImportError:\n    sys.exit(3)\nfor profile in ('ua1', '2u'):\n    report = page.validate_pdf(sys.argv[1], profile=profile)\n    if not report.is_compliant:\n        print(report)\n        sys.exit(1)\n";
    let output = std::process::Command::new(python)
        .args([OsStr::new("-c"), OsStr::new(script), path.as_os_str()])
        .output()
        .unwrap();
    if output.status.code() == Some(3) {
        common::missing("page-validation (PyPI)");
        return false;
    }
    assert!(
        output.status.success(),
        "page-validation finds faults in {}:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stdout)
    );
    true
}

#[test]
fn every_screen_pdf_passes_the_accessibility_and_archive_checkers() {
    for name in common::FIXTURES {
        let screen = common::fixture(name).screen();
        if !assert_checkers_pass(&screen.path) {
            return;
        }
        if let Some(qpdf) = common::tool("qpdf") {
            let (ok, out, _) =
                common::run(&qpdf, &[OsStr::new("--check"), screen.path.as_os_str()]);
            assert!(ok, "{name}: qpdf --check: {out}");
        }
    }
}

/// What the XMP and the catalog declare, and what a print interior does not.
#[test]
fn the_screen_pdf_declares_pdf_ua_and_pdf_a_and_the_interior_neither() {
    let fixture = common::fixture("manuscript");
    let doc = Document::load_mem(&fixture.screen().bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let xmp_id = catalog
        .get(b"Metadata")
        .and_then(Object::as_reference)
        .unwrap();
    let Ok(Object::Stream(xmp)) = doc.get_object(xmp_id) else {
        panic!("no XMP stream")
    };
    let xmp = String::from_utf8_lossy(&xmp.content);
    for wanted in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>U</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    ] {
        assert!(xmp.contains(wanted), "the XMP lacks {wanted}");
    }
    assert_eq!(string(&doc, catalog.get(b"Lang").unwrap()), "es");
    let marked = catalog.get(b"MarkInfo").and_then(Object::as_dict).unwrap();
    assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));
    let prefs = catalog
        .get(b"ViewerPreferences")
        .and_then(Object::as_dict)
        .unwrap();
    assert_eq!(
        prefs.get(b"DisplayDocTitle").unwrap(),
        &Object::Boolean(true)
    );
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .unwrap();
    let intent = doc
        .get_dictionary(intents[0].as_reference().unwrap())
        .unwrap();
    assert_eq!(name(intent.get(b"S").unwrap()), "GTS_PDFA1");
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        assert_eq!(name(page.get(b"Tabs").unwrap()), "S");
    }

    let print = Document::load_mem(&fixture.pdf().bytes).unwrap();
    let catalog = print.catalog().unwrap();
    assert!(
        catalog.get(b"StructTreeRoot").is_err(),
        "the interior is not tagged"
    );
    assert!(catalog.get(b"MarkInfo").is_err());
    for page in print.get_pages().into_values() {
        let content = print.get_and_decode_page_content(page).unwrap();
        assert!(
            content.operations.iter().all(|op| op.operator != "BDC"),
            "the interior's pages have no marked content"
        );
    }
}

/// Every MCID a page's stream marks has its element in the parent tree, and that element
/// holds the MCID: the two directions a reader and a checker follow agree.
#[test]
fn the_parent_tree_and_the_marked_content_agree() {
    for name in ["manuscript", "tests/fixtures/todo"] {
        let doc = Document::load_mem(&common::fixture(name).screen().bytes).unwrap();
        let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
        let root = doc.get_dictionary(root.as_reference().unwrap()).unwrap();
        let tree = doc
            .get_dictionary(root.get(b"ParentTree").unwrap().as_reference().unwrap())
            .unwrap();
        let nums = tree.get(b"Nums").and_then(Object::as_array).unwrap();
        let parents: BTreeMap<i64, &Object> = nums
            .chunks(2)
            .map(|p| (p[0].as_i64().unwrap(), &p[1]))
            .collect();
        let next = root.get(b"ParentTreeNextKey").unwrap().as_i64().unwrap();
        assert_eq!(parents.keys().max().map(|k| k + 1), Some(next));
        for (index, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
            let page = doc.get_dictionary(page_id).unwrap();
            let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
            let content = doc.get_and_decode_page_content(page_id).unwrap();
            let mcids: Vec<i64> = content
                .operations
                .iter()
                .filter(|op| op.operator == "BDC")
                .filter_map(|op| {
                    op.operands
                        .get(1)?
                        .as_dict()
                        .ok()?
                        .get(b"MCID")
                        .ok()?
                        .as_i64()
                        .ok()
                })
                .collect();
            let expected: Vec<i64> = (0..mcids.len() as i64).collect();
            assert_eq!(mcids, expected, "{name}: page {index}'s MCIDs count from 0");
            let elements = parents[&key].as_array().unwrap();
            assert_eq!(elements.len(), mcids.len(), "{name}: page {index}");
            for (mcid, element) in elements.iter().enumerate() {
                let element = doc.get_dictionary(element.as_reference().unwrap()).unwrap();
                let kids = kids_of(element);
                let home = element.get(b"Pg").and_then(Object::as_reference).ok();
                let holds = kids.iter().any(|k| match k {
                    // A bare MCID is on the element's page.
                    Object::Integer(n) => *n == mcid as i64 && home == Some(page_id),
                    k => k.as_dict().is_ok_and(|d| {
                        d.get(b"MCID").and_then(Object::as_i64).ok() == Some(mcid as i64)
                            && d.get(b"Pg").and_then(Object::as_reference).ok() == Some(page_id)
                    }),
                });
                assert!(
                    holds,
                    "{name}: page {index}, MCID {mcid} is not its element's"
                );
            }
        }
    }
}

/// Every annotation of a tagged file belongs to the structure: its `/StructParent` leads
/// to an element that holds it (PDF/UA-1, 7.18.1), and it says what it is (7.18.5).
#[test]
fn every_annotation_is_in_the_structure() {
    for name in common::FIXTURES {
        let doc = Document::load_mem(&common::fixture(name).screen().bytes).unwrap();
        let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
        let root = doc.get_dictionary(root.as_reference().unwrap()).unwrap();
        let tree = root.get(b"ParentTree").unwrap().as_reference().unwrap();
        let nums = doc.get_dictionary(tree).unwrap().get(b"Nums").unwrap();
        let parents: BTreeMap<i64, ObjectId> = nums
            .as_array()
            .unwrap()
            .chunks(2)
            .filter_map(|p| Some((p[0].as_i64().ok()?, p[1].as_reference().ok()?)))
            .collect();
        for page in doc.get_pages().into_values() {
            let Ok(annots) = doc.get_dictionary(page).unwrap().get(b"Annots") else {
                continue;
            };
            for annot in annots.as_array().unwrap() {
                let id = annot.as_reference().unwrap();
                let dict = doc.get_dictionary(id).unwrap();
                let key = dict.get(b"StructParent").map(|k| k.as_i64().unwrap());
                let key = key.unwrap_or_else(|_| panic!("{name}: annotation {id:?} untagged"));
                assert!(!string(&doc, dict.get(b"Contents").unwrap()).is_empty());
                let element = doc.get_dictionary(parents[&key]).unwrap();
                let kids = kids_of(element);
                let holds = kids.iter().any(|k| {
                    k.as_dict().is_ok_and(|d| {
                        d.get(b"Obj").and_then(Object::as_reference).ok() == Some(id)
                    })
                });
                assert!(holds, "{name}: annotation {id:?} is not its element's");
            }
        }
    }
}

/// Running heads and folios are pagination artifacts, on every page that prints them.
#[test]
fn running_heads_and_folios_are_artifacts() {
    let fixture = common::fixture("manuscript");
    let doc = Document::load_mem(&fixture.screen().bytes).unwrap();
    let layout = fixture.layout();
    for (index, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let content = doc.get_and_decode_page_content(page_id).unwrap();
        let subtypes: Vec<String> = content
            .operations
            .iter()
            .filter(|op| {
                op.operator == "BDC" && op.operands.first().map(name).as_deref() == Some("Artifact")
            })
            .filter_map(|op| {
                op.operands
                    .get(1)?
                    .as_dict()
                    .ok()?
                    .get(b"Subtype")
                    .ok()
                    .map(name)
            })
            .collect();
        let body = layout.pages[index].kind == imprenta::typeset::page::PageKind::Body;
        let expected: &[&str] = if body { &["Header", "Footer"] } else { &[] };
        assert_eq!(subtypes, expected, "page {}", layout.pages[index].label);
    }
}

#[test]
fn a_table_has_rows_of_header_and_data_cells() {
    let doc = Document::load_mem(&common::fixture("tests/fixtures/todo").screen().bytes).unwrap();
    let tree = structure(&doc);
    let tables = tree.of_kind("Table");
    assert_eq!(tables.len(), 1);
    let rows = tables[0].elems();
    assert_eq!(tables[0].kinds(), ["TR", "TR"]);
    assert_eq!(rows[0].kinds(), ["TH", "TH"]);
    assert_eq!(rows[1].kinds(), ["TD", "TD"]);
    for th in rows[0].elems() {
        assert_eq!(th.scope.as_deref(), Some("Column"));
        assert!(!th.pages().is_empty(), "a header cell with its text");
    }
}

#[test]
fn a_list_has_items_with_a_label_and_a_body() {
    let doc = Document::load_mem(&common::fixture("tests/fixtures/todo").screen().bytes).unwrap();
    let tree = structure(&doc);
    let lists = tree.of_kind("L");
    // `- uno - dos (1. a 2. b)`, `3. tres 4. cuatro`, the tasks: four lists, one nested.
    assert_eq!(lists.len(), 4);
    assert_eq!(lists[0].kinds(), ["LI", "LI"]);
    for item in tree.of_kind("LI") {
        assert_eq!(item.kinds(), ["Lbl", "LBody"], "{item:?}");
    }
    // The nested list is in the second item's body.
    let second = lists[0].elems()[1];
    assert_eq!(second.elems()[1].kinds(), ["P", "L"]);
}

/// A task's check box is drawn, and its label reads as the ballot box it shows: the
/// drawing is the label's content, the character its replacement text.
#[test]
fn a_task_label_reads_as_its_check_box() {
    let screen = common::fixture("tests/fixtures/tipografia").screen();
    let doc = Document::load_mem(&screen.bytes).unwrap();
    let tree = structure(&doc);
    let labels = tree.of_kind("Lbl");
    let said: Vec<Option<&str>> = labels.iter().map(|l| l.actual_text.as_deref()).collect();
    assert_eq!(said, [Some("☑"), Some("☐")]);
    for label in labels {
        assert!(!label.pages().is_empty(), "a label with content: {label:?}");
    }
}

#[test]
fn a_figure_has_its_description_and_its_caption() {
    let fixture = common::fixture("tests/fixtures/figuras");
    let doc = Document::load_mem(&fixture.screen().bytes).unwrap();
    let tree = structure(&doc);
    let mut expected = Vec::new();
    for chapter in &fixture.book().chapters {
        for block in &chapter.blocks {
            if let Block::Figure { alt, caption, .. } = block {
                expected.push((alt.clone(), caption.is_some()));
            }
        }
    }
    assert!(!expected.is_empty());
    // Figures are read where they stand; a figure with no description is decoration.
    let figures: Vec<&Elem> = tree.of_kind("Figure");
    let described: Vec<&(String, bool)> =
        expected.iter().filter(|(alt, _)| !alt.is_empty()).collect();
    assert_eq!(figures.len(), described.len());
    for (figure, (alt, _)) in figures.iter().zip(&described) {
        assert_eq!(figure.alt.as_deref(), Some(alt.as_str()));
        assert!(!figure.pages().is_empty(), "the figure marks its image");
    }
    // Each caption follows its figure.
    for parent in tree.all() {
        let kinds = parent.kinds();
        for (i, kind) in kinds.iter().enumerate() {
            if *kind == "Caption" {
                assert!(
                    i > 0 && kinds[i - 1] == "Figure",
                    "a caption after its figure: {kinds:?}"
                );
            }
        }
    }
    let captioned = described.iter().filter(|(_, c)| *c).count();
    assert_eq!(tree.of_kind("Caption").len(), captioned);
}

#[test]
fn a_note_is_read_after_its_reference_and_is_one_note_across_pages() {
    let scratch = Scratch::new("tagged-note");
    let long: String = (1..=70)
        .map(|i| format!("Frase {i} de una nota muy larga que no cabe en una sola página. "))
        .collect();
    let text = format!(
        "# Uno\n\nUn párrafo con una nota larga.[^1] Y sigue después de la nota.\n\nOtro párrafo.\n\n[^1]: {long}\n"
    );
    let screen = screen_of(&scratch, &text);
    let doc = Document::load_mem(&screen).unwrap();
    let tree = structure(&doc);
    let notes = tree.of_kind("Note");
    assert_eq!(notes.len(), 1);
    let note = notes[0];
    assert!(
        note.id.is_some(),
        "a note has an identifier (PDF/UA-1, 7.9)"
    );
    assert!(
        note.pages().len() >= 2,
        "the note runs over: {:?}",
        note.pages()
    );
    let paragraph = tree
        .of_kind("P")
        .into_iter()
        .find(|p| p.kinds().contains(&"Note"))
        .expect("the note is in its paragraph");
    let kinds = paragraph.kinds();
    let at = kinds.iter().position(|k| *k == "Note").unwrap();
    assert_eq!(kinds[at - 1], "Reference", "{kinds:?}");
    // After the note, the paragraph goes on.
    assert!(matches!(paragraph.kids.last(), Some(Kid::Content(..))));
    let path = scratch.path("nota.pdf");
    std::fs::write(&path, &screen).unwrap();
    assert_checkers_pass(&path);
}

#[test]
fn a_link_is_its_text_and_its_annotation() {
    let doc = Document::load_mem(&common::fixture("tests/fixtures/todo").screen().bytes).unwrap();
    let tree = structure(&doc);
    let links = tree.of_kind("Link");
    assert!(links.len() > 4);
    let mut said = Vec::new();
    for link in &links {
        let annots: Vec<ObjectId> = link
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Annotation(a) => Some(*a),
                _ => None,
            })
            .collect();
        assert!(!link.pages().is_empty(), "a link has its text");
        for annot in annots {
            let annot = doc.get_dictionary(annot).unwrap();
            assert!(annot.get(b"StructParent").is_ok());
            said.push(string(&doc, annot.get(b"Contents").unwrap()));
        }
    }
    assert!(said.contains(&"web".to_string()), "{said:?}");
}

#[test]
fn the_contents_are_entries_each_a_link() {
    let fixture = common::fixture("manuscript");
    let doc = Document::load_mem(&fixture.screen().bytes).unwrap();
    let tree = structure(&doc);
    let toc = tree.of_kind("TOC");
    assert_eq!(toc.len(), 1);
    let entries = toc[0].elems();
    assert_eq!(entries.len(), fixture.layout().outline.len());
    for entry in entries {
        assert_eq!(entry.kind, "TOCI");
        assert_eq!(entry.kinds(), ["Reference"]);
        let reference = entry.elems()[0];
        assert_eq!(reference.kinds(), ["Link"]);
        let link = reference.elems()[0];
        assert!(link.kids.iter().any(|k| matches!(k, Kid::Annotation(..))));
    }
    // The contents' title heads it.
    let section = tree.elems()[1];
    assert_eq!(section.kinds(), ["H1", "TOC"]);
}

//! The print conversion on hand-built documents (content streams, shadings, odd input);
//! `figures` has the figures made by the writer's own image path.

mod figures;

use lopdf::content::Content;
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::{to_process, Process};

/// A one-page document drawing `content` with `resources`; the content stream's id.
pub(super) fn page(content: &str, resources: Dictionary) -> (Document, ObjectId) {
    let mut doc = Document::with_version("1.7");
    let pages = doc.new_object_id();
    let contents = doc.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages, "Contents" => contents,
        "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
        "Resources" => resources,
        "Group" => dictionary! { "S" => "Transparency", "CS" => "DeviceRGB" },
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    (doc, contents)
}

/// The content stream `id` as text.
fn text(doc: &Document, id: ObjectId) -> String {
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    String::from_utf8(super::decoded(stream, 1 << 20).unwrap()).unwrap()
}

/// `content` drawn on a page and converted to `process`; the page's stream after.
fn drawn(content: &str, resources: Dictionary, process: Process) -> String {
    let (mut doc, id) = page(content, resources);
    to_process(&mut doc, process).unwrap();
    text(&doc, id)
}

fn icc(doc: &mut Document, n: i64) -> Object {
    let profile = doc.add_object(Stream::new(dictionary! { "N" => n }, vec![0; 16]));
    Object::Array(vec!["ICCBased".into(), profile.into()])
}

#[test]
fn rgb_red_becomes_magenta_and_yellow_or_its_gray() {
    let red = "1 0 0 rg 0 0 1 RG 0 0 10 10 re B";
    assert_eq!(
        drawn(red, Dictionary::new(), Process::Cmyk),
        "0 1 1 0 k\n1 1 0 0 K\n0 0 10 10 re\nB"
    );
    assert_eq!(
        drawn(red, Dictionary::new(), Process::Gray),
        "0.3 g\n0.11 G\n0 0 10 10 re\nB"
    );
}

#[test]
fn rgb_black_becomes_black_ink_alone() {
    let black = "0 0 0 rg 0 0 0 RG 0.5 0.5 0.5 rg";
    assert_eq!(
        drawn(black, Dictionary::new(), Process::Cmyk),
        "0 0 0 1 k\n0 0 0 1 K\n0 0 0 0.5 k"
    );
    assert_eq!(
        drawn(black, Dictionary::new(), Process::Gray),
        "0 g\n0 G\n0.5 g"
    );
}

#[test]
fn near_black_stays_within_the_printers_ink_limit() {
    // Dark red: mostly black ink, a touch of magenta and yellow, 105 % in all.
    assert_eq!(
        drawn("0.05 0 0 rg", Dictionary::new(), Process::Cmyk),
        "0 0.05 0.05 0.95 k"
    );
}

#[test]
fn gray_stays_and_cmyk_turns_gray_only_in_a_gray_file() {
    let cmyk = "0.25 g 0 0 0 1 k 0.2 0.3 0.4 0 K";
    assert_eq!(drawn(cmyk, Dictionary::new(), Process::Cmyk), cmyk);
    // 1 − (0.3·0.2 + 0.59·0.3 + 0.11·0.4) = 0.719
    assert_eq!(
        drawn(cmyk, Dictionary::new(), Process::Gray),
        "0.25 g\n0 g\n0.719 G"
    );
}

/// The colour space set by `cs` is followed through `q`/`Q`, and the resource is
/// replaced by the device space.
#[test]
fn an_icc_space_is_followed_through_saved_states() {
    let (mut doc, id) = page(
        "/CS0 cs 0 0 1 scn q /DeviceGray cs 0.5 scn Q 1 1 0 scn /CS0 CS 1 1 1 SCN",
        Dictionary::new(),
    );
    let space = icc(&mut doc, 3);
    let page = doc.page_iter().next().unwrap();
    doc.get_dictionary_mut(page).unwrap().set(
        "Resources",
        dictionary! { "ColorSpace" => dictionary! { "CS0" => space } },
    );
    to_process(&mut doc, Process::Cmyk).unwrap();
    assert_eq!(
        text(&doc, id),
        "/DeviceCMYK cs\n1 1 0 0 scn\nq\n/DeviceGray cs\n0.5 scn\nQ\n0 0 1 0 scn\n/DeviceCMYK CS\n0 0 0 0 SCN"
    );
    let resources = doc.get_dictionary(page).unwrap().get(b"Resources").unwrap();
    let spaces = resources.as_dict().unwrap().get(b"ColorSpace").unwrap();
    assert_eq!(
        spaces.as_dict().unwrap().get(b"CS0").unwrap(),
        &"DeviceCMYK".into()
    );
    assert!(
        !doc.get_dictionary(page).unwrap().has(b"Group"),
        "transparency group kept"
    );
}

#[test]
fn a_colour_under_a_constant_alpha_is_lightened_toward_the_paper() {
    let half = || dictionary! { "ExtGState" => dictionary! { "GS0" => dictionary! { "ca" => 0.5, "CA" => 0.25 } } };
    // Alpha first, then the colour; and the colour first, then the alpha.
    // The initial black, then red, at half strength.
    assert_eq!(
        drawn("/GS0 gs 1 0 0 rg", half(), Process::Cmyk),
        "/GS0 gs\n0.5 g\n0.75 G\n0 0.5 0.5 0 k"
    );
    assert_eq!(
        drawn("0 0 0 rg 0 G /GS0 gs", half(), Process::Gray),
        "0 g\n0 G\n/GS0 gs\n0.5 g\n0.75 G"
    );
    let (mut doc, _) = page("/GS0 gs", half());
    to_process(&mut doc, Process::Cmyk).unwrap();
    assert!(audit(&doc, Process::Cmyk).is_empty());
}

/// A Type 3 glyph drawn in colour (`d0`), whether its procedure is an object of its own
/// or written in the font.
#[test]
fn type3_glyphs_are_converted_like_forms() {
    let (mut doc, _) = page("", Dictionary::new());
    let glyph = || Stream::new(Dictionary::new(), b"0 0 d0 1 0 0 rg 0 0 1 1 re f".to_vec());
    let apart = doc.add_object(glyph());
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "CharProcs" => dictionary! { "a" => apart, "b" => glyph() },
    });
    to_process(&mut doc, Process::Cmyk).unwrap();
    let converted = "0 0 d0\n0 1 1 0 k\n0 0 1 1 re\nf";
    assert_eq!(text(&doc, apart), converted);
    let procs = doc.get_dictionary(font).unwrap().get(b"CharProcs").unwrap();
    let inside = procs
        .as_dict()
        .unwrap()
        .get(b"b")
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(inside.content, converted.as_bytes());
}

/// lopdf 0.44 reads operators as letters only: a Type 3 glyph's `d0` comes back as `d`
/// and an operand. When this fails, lopdf is fixed and `glyph_head` can go.
#[test]
fn bug_lopdf_reads_d0_as_d() {
    let ops = Content::decode(b"0 0 d0 0 g").unwrap().operations;
    assert_eq!(ops[0].operator, "d");
}

#[test]
fn patterns_and_untouched_streams_keep_their_bytes() {
    let pattern = "/Pattern cs /P0 scn 0 0 10 10 re f 0 g";
    assert_eq!(drawn(pattern, Dictionary::new(), Process::Gray), pattern);
}

#[test]
fn odd_input_is_refused_with_the_object_named() {
    for content in [
        "1 0 rg",
        "/Nowhere cs",
        "/DeviceRGB cs 1 0 0 0 scn",
        "BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI",
    ] {
        let (mut doc, id) = page(content, Dictionary::new());
        let err = to_process(&mut doc, Process::Cmyk).unwrap_err();
        assert!(
            err.starts_with(&format!("object {} 0:", id.0)),
            "{content}: {err}"
        );
    }
    let gold = Object::Array(vec![
        "Separation".into(),
        "Gold".into(),
        "DeviceCMYK".into(),
        Object::Null,
    ]);
    let (mut doc, _) = page(
        "/CS0 cs 1 sc",
        dictionary! { "ColorSpace" => dictionary! { "CS0" => gold } },
    );
    assert!(to_process(&mut doc, Process::Cmyk)
        .unwrap_err()
        .contains("spot colour"));
    let (mut doc, _) = page("", Dictionary::new());
    let function = doc.add_object(Stream::new(
        dictionary! { "FunctionType" => 4 },
        b"{}".to_vec(),
    ));
    doc.add_object(
        dictionary! { "ShadingType" => 2, "ColorSpace" => "DeviceRGB", "Function" => function },
    );
    assert!(to_process(&mut doc, Process::Gray)
        .unwrap_err()
        .contains("Type 4"));
}

/// Offences against PDF/X-1a (and against a gray-only file) anywhere in `doc`.
pub(super) fn audit(doc: &Document, process: Process) -> Vec<String> {
    let mut found = Vec::new();
    let contents: Vec<ObjectId> = doc
        .page_iter()
        .flat_map(|p| doc.get_page_contents(p))
        .collect();
    for (id, object) in &doc.objects {
        let content = contents.contains(id);
        audit_object(object, doc, process, content, &mut found);
    }
    found
}

fn audit_object(
    object: &Object,
    doc: &Document,
    process: Process,
    content: bool,
    found: &mut Vec<String>,
) {
    let mut names = vec![
        &b"DeviceRGB"[..],
        b"ICCBased",
        b"CalRGB",
        b"CalGray",
        b"Lab",
    ];
    if process == Process::Gray {
        names.push(b"DeviceCMYK");
    }
    match object {
        Object::Name(name) if names.contains(&name.as_slice()) => {
            found.push(String::from_utf8_lossy(name).into_owned());
        }
        Object::Array(items) => items
            .iter()
            .for_each(|i| audit_object(i, doc, process, false, found)),
        Object::Dictionary(dict) => audit_dict(dict, doc, process, found),
        Object::Stream(stream) => {
            audit_dict(&stream.dict, doc, process, found);
            let form = stream.dict.get(b"Subtype").ok() == Some(&"Form".into());
            if content || form {
                let data = stream
                    .decompressed_content()
                    .unwrap_or(stream.content.clone());
                for op in Content::decode(&data).unwrap().operations {
                    let numbers = op.operands.iter().filter(|o| o.as_float().is_ok()).count();
                    let rgb = ["rg", "RG"].contains(&op.operator.as_str())
                        || (op.operator.to_lowercase().starts_with("sc") && numbers == 3);
                    let cmyk = ["k", "K"].contains(&op.operator.as_str())
                        || (op.operator.to_lowercase().starts_with("sc") && numbers == 4);
                    if rgb || (process == Process::Gray && cmyk) {
                        found.push(format!("{} {:?}", op.operator, op.operands));
                    }
                }
            }
        }
        _ => {}
    }
}

fn audit_dict(dict: &Dictionary, doc: &Document, process: Process, found: &mut Vec<String>) {
    for (key, value) in dict.iter() {
        let alpha = value.as_float().unwrap_or(1.0);
        match key.as_slice() {
            b"SMask" if value.as_name().ok() != Some(b"None") => found.push("SMask".into()),
            b"CA" | b"ca" if alpha < 1.0 => found.push(format!("alpha {alpha}")),
            b"BM" if value.as_name().ok() != Some(b"Normal") => found.push("blend mode".into()),
            b"Group" => found.push("transparency group".into()),
            _ => audit_object(value, doc, process, false, found),
        }
    }
}

/// Shadings: a function shared by two is converted once; a sampled one sample by
/// sample; the background too.
#[test]
fn shading_functions_are_converted_once_each() {
    let (mut doc, _) = page("", Dictionary::new());
    let ends = |v: [i64; 3]| Object::Array(v.map(Object::Integer).to_vec());
    let exponential = doc.add_object(dictionary! {
        "FunctionType" => 2, "Domain" => vec![0.into(), 1.into()], "N" => 1,
        "C0" => ends([1, 0, 0]), "C1" => ends([0, 0, 0]),
        "Range" => vec![0.into(), 1.into(), 0.into(), 1.into(), 0.into(), 1.into()],
    });
    let sampled = doc.add_object(Stream::new(
        dictionary! {
            "FunctionType" => 0, "Domain" => vec![0.into(), 1.into()], "Size" => vec![2.into()],
            "BitsPerSample" => 8,
            "Range" => vec![0.into(), 1.into(), 0.into(), 1.into(), 0.into(), 1.into()],
        },
        vec![255, 0, 0, 0, 0, 255],
    ));
    let mut shadings = Vec::new();
    for function in [exponential, exponential, sampled] {
        shadings.push(doc.add_object(dictionary! {
            "ShadingType" => 2, "ColorSpace" => "DeviceRGB", "Function" => function,
            "Coords" => vec![0.into(), 0.into(), 1.into(), 0.into()], "Background" => ends([1, 1, 1]),
        }));
    }
    to_process(&mut doc, Process::Cmyk).unwrap();
    let function = doc.get_dictionary(exponential).unwrap();
    assert_eq!(
        function.get(b"C0").unwrap(),
        &Object::Array([0, 1, 1, 0].map(Object::Integer).to_vec())
    );
    assert_eq!(
        function.get(b"C1").unwrap(),
        &Object::Array([0, 0, 0, 1].map(Object::Integer).to_vec())
    );
    let shading = doc.get_dictionary(shadings[0]).unwrap();
    assert_eq!(shading.get(b"ColorSpace").unwrap(), &"DeviceCMYK".into());
    assert_eq!(
        shading.get(b"Background").unwrap(),
        &Object::Array([0; 4].map(Object::Integer).to_vec())
    );
    let samples = doc.get_object(sampled).unwrap().as_stream().unwrap();
    assert_eq!(samples.content, [0, 255, 255, 0, 255, 255, 0, 0]);
    assert!(audit(&doc, Process::Cmyk).is_empty());
}

/// Content streams made of random tokens, and images of random sizes, depths, spaces
/// and data: converted or refused, never a panic.
mod odd {
    use super::*;
    use proptest::prelude::*;

    const TOKENS: &[&str] = &[
        "1",
        "0",
        "0.5",
        "-3",
        "/CS0",
        "/GS0",
        "/P0",
        "/Pattern",
        "/DeviceRGB",
        "rg",
        "RG",
        "g",
        "k",
        "K",
        "cs",
        "CS",
        "sc",
        "scn",
        "SCN",
        "gs",
        "q",
        "Q",
        "re",
        "f",
        "BI",
        "ID",
        "EI",
        "[",
        "]",
        "(x)",
        "<<",
        ">>",
    ];

    fn resources(doc: &mut Document) -> Dictionary {
        let space = icc(doc, 3);
        dictionary! {
            "ColorSpace" => dictionary! { "CS0" => space },
            "ExtGState" => dictionary! { "GS0" => dictionary! { "ca" => 0.5 } },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn random_content(tokens in prop::collection::vec(0..TOKENS.len(), 0..24)) {
            let text: Vec<&str> = tokens.iter().map(|&i| TOKENS[i]).collect();
            let (mut doc, _) = page(&text.join(" "), Dictionary::new());
            let res = resources(&mut doc);
            let page = doc.page_iter().next().unwrap();
            doc.get_dictionary_mut(page).unwrap().set("Resources", res);
            for process in [Process::Cmyk, Process::Gray] {
                let _ = to_process(&mut doc.clone(), process);
            }
        }

        #[test]
        fn random_images(
            width in 0i64..5, height in 0i64..5, bits in prop::sample::select(vec![0i64, 1, 2, 3, 4, 8, 16]),
            space in 0usize..5, data in prop::collection::vec(any::<u8>(), 0..120),
            flate in any::<bool>(), decode in prop::option::of(prop::collection::vec(-2i64..3, 0..8)),
            mask in prop::option::of((0i64..4, 0i64..4, prop::collection::vec(any::<u8>(), 0..20))),
        ) {
            let (mut doc, _) = page("", Dictionary::new());
            let profile = icc(&mut doc, 3);
            let lookup = Object::String(vec![255, 0, 0, 0, 0, 255], lopdf::StringFormat::Hexadecimal);
            let spaces = [
                Object::from("DeviceRGB"),
                "DeviceCMYK".into(),
                Object::Array(vec!["Indexed".into(), "DeviceRGB".into(), 1.into(), lookup]),
                Object::Array(vec!["Lab".into(), Dictionary::new().into()]),
                profile,
            ];
            let mut dict = dictionary! {
                "Subtype" => "Image", "Width" => width, "Height" => height,
                "BitsPerComponent" => bits, "ColorSpace" => spaces[space].clone(),
            };
            if flate {
                dict.set("Filter", "FlateDecode");
            }
            if let Some(decode) = decode {
                dict.set("Decode", decode.into_iter().map(Object::from).collect::<Vec<_>>());
            }
            if let Some((w, h, bytes)) = mask {
                let mask = dictionary! {
                    "Subtype" => "Image", "Width" => w, "Height" => h,
                    "BitsPerComponent" => 8, "ColorSpace" => "DeviceGray",
                };
                dict.set("SMask", doc.add_object(Stream::new(mask, bytes)));
            }
            doc.add_object(Stream::new(dict, data));
            for process in [Process::Cmyk, Process::Gray] {
                let _ = to_process(&mut doc.clone(), process);
            }
        }
    }
}

//! Content streams (pages, forms, tiling patterns, Type 3 glyphs) with their colour
//! operators rewritten:
//! `rg`/`RG` and colours in RGB, Lab and ICC spaces become `g`/`k` (or `sc` in the
//! device space), colour space operators name the device space, and a colour drawn
//! under a constant alpha (`gs` with `/ca` or `/CA` below 1) is lightened toward white.
//! The fill and stroke colour spaces are followed through the stream, `q`/`Q` included.
//! A stream that needs no change keeps its bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, ObjectId, Stream};

use super::space::{self, Colour, Model, Plain, Space};
use super::{decoded, in_object, resolve, Process};

/// The most a content stream may inflate to before it is refused.
const MAX_CONTENT: usize = 256 << 20;

/// What a stream's resources say about colour: its named colour spaces, and the alphas
/// its graphics states set.
#[derive(Default)]
pub(super) struct Resources {
    spaces: BTreeMap<Vec<u8>, Rc<Space>>,
    alphas: BTreeMap<Vec<u8>, Alphas>,
}

/// The constant alphas a graphics state sets, fill (`ca`) and stroke (`CA`).
#[derive(Clone, Copy, Default)]
struct Alphas {
    fill: Option<f32>,
    stroke: Option<f32>,
}

impl Resources {
    /// The resources dictionary `resources` (or a reference to it) read.
    pub fn read(resources: Option<&Object>, doc: &Document) -> Result<Self, String> {
        let mut out = Resources::default();
        let Some(dict) = resources.and_then(|r| resolve(r, doc)?.as_dict().ok()) else {
            return Ok(out);
        };
        let entries = |key: &[u8]| {
            dict.get(key)
                .ok()
                .and_then(|d| resolve(d, doc)?.as_dict().ok())
                .into_iter()
                .flat_map(|d| d.iter())
        };
        for (name, value) in entries(b"ColorSpace") {
            let space = space::classify(value, doc)
                .map_err(|why| format!("colour space /{}: {why}", String::from_utf8_lossy(name)))?;
            out.spaces.insert(name.clone(), Rc::new(space));
        }
        for (name, value) in entries(b"ExtGState") {
            let state = resolve(value, doc).and_then(|s| s.as_dict().ok());
            let alpha = |key: &[u8]| state?.get(key).ok()?.as_float().ok();
            out.alphas.insert(
                name.clone(),
                Alphas {
                    fill: alpha(b"ca"),
                    stroke: alpha(b"CA"),
                },
            );
        }
        Ok(out)
    }

    /// The space an operand of `cs` names: a family's name, or a resource.
    fn space(&self, name: &[u8]) -> Result<Rc<Space>, String> {
        let plain = |model| {
            Rc::new(Space::Plain(Plain {
                model,
                device: true,
            }))
        };
        Ok(match name {
            b"DeviceGray" => plain(Model::Gray),
            b"DeviceRGB" => plain(Model::Rgb),
            b"DeviceCMYK" => plain(Model::Cmyk),
            b"Pattern" => Rc::new(Space::Pattern(None)),
            _ => self.spaces.get(name).cloned().ok_or_else(|| {
                format!(
                    "colour space /{} is not in its resources",
                    String::from_utf8_lossy(name)
                )
            })?,
        })
    }
}

/// The colour state of one kind of painting (fill or stroke).
#[derive(Clone)]
struct Side {
    space: Rc<Space>,
    /// The colour as set, before any alpha; `None` for patterns, palettes, spot inks.
    colour: Option<Colour>,
    alpha: f32,
}

impl Default for Side {
    /// PDF's initial state: DeviceGray black, opaque.
    fn default() -> Self {
        Side {
            space: Rc::new(Space::Plain(Plain {
                model: Model::Gray,
                device: true,
            })),
            colour: Some(Colour::Gray(0.0)),
            alpha: 1.0,
        }
    }
}

/// The colour state through a content stream (carried from one of a page's streams to
/// the next).
#[derive(Default)]
pub(super) struct State {
    fill: Side,
    stroke: Side,
    saved: Vec<(Side, Side)>,
}

impl State {
    fn side(&mut self, stroke: bool) -> &mut Side {
        if stroke {
            &mut self.stroke
        } else {
            &mut self.fill
        }
    }
}

/// Converts the content streams of every page, each page with its own (or inherited)
/// resources.
pub(super) fn convert_pages(doc: &mut Document, process: Process) -> Result<(), String> {
    let pages: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Page"))
        })
        .map(|(&id, _)| id)
        .collect();
    let mut seen = BTreeSet::new();
    for page in pages {
        let (resources, contents) = page_parts(page, doc).map_err(|why| in_object(page, &why))?;
        // A stream shared by pages is converted once, with the first page's resources.
        let contents: Vec<ObjectId> = contents.into_iter().filter(|&id| seen.insert(id)).collect();
        let mut data = Vec::with_capacity(contents.len());
        for &id in &contents {
            let Some(Object::Stream(stream)) = doc.objects.get(&id) else {
                return Err(in_object(page, "its contents are not a stream"));
            };
            data.push(decoded(stream, MAX_CONTENT).map_err(|why| in_object(id, &why))?);
        }
        if !data.iter().any(|d| may_colour(d)) {
            continue;
        }
        let mut state = State::default();
        for (id, data) in contents.into_iter().zip(data) {
            if let Some(Object::Stream(stream)) = doc.objects.get_mut(&id) {
                rewrite_stream(stream, &data, &resources, &mut state, process)
                    .map_err(|why| in_object(id, &why))?;
            }
        }
    }
    Ok(())
}

/// Whether content `data` may hold an operator rewritten here: its tokens, split at
/// white space and delimiters, include one. A page of text alone (most of a book) is
/// then not parsed at all; a string that happens to read `g` only costs a parse.
fn may_colour(data: &[u8]) -> bool {
    data.split(|b| b" \t\r\n\x0c\x00()<>[]{}/%".contains(b))
        .any(|token| {
            matches!(
                token,
                b"g" | b"G"
                    | b"rg"
                    | b"RG"
                    | b"k"
                    | b"K"
                    | b"cs"
                    | b"CS"
                    | b"sc"
                    | b"SC"
                    | b"scn"
                    | b"SCN"
                    | b"gs"
                    | b"BI"
            )
        })
}

/// A page's resources (its own or the nearest ancestor's) and its content streams.
fn page_parts(page: ObjectId, doc: &Document) -> Result<(Resources, Vec<ObjectId>), String> {
    let dict = doc.get_dictionary(page).map_err(|e| e.to_string())?;
    let mut node = dict;
    let mut resources = None;
    for _ in 0..32 {
        if let Ok(r) = node.get(b"Resources") {
            resources = Some(r);
            break;
        }
        match node
            .get(b"Parent")
            .ok()
            .and_then(|p| resolve(p, doc)?.as_dict().ok())
        {
            Some(parent) => node = parent,
            None => break,
        }
    }
    let resources = Resources::read(resources, doc)?;
    let contents = match dict.get(b"Contents") {
        Err(_) => Vec::new(),
        Ok(Object::Reference(id)) => match doc.objects.get(id) {
            Some(Object::Array(items)) => refs(items)?,
            _ => vec![*id],
        },
        Ok(Object::Array(items)) => refs(items)?,
        Ok(_) => return Err("its contents are not a stream".into()),
    };
    Ok((resources, contents))
}

fn refs(items: &[Object]) -> Result<Vec<ObjectId>, String> {
    items
        .iter()
        .map(|i| {
            i.as_reference()
                .map_err(|_| "its contents are not streams".to_string())
        })
        .collect()
}

/// Rewrites the colour operators of content `stream`, drawn with `resources`, from
/// `state` on.
pub(super) fn convert(
    stream: &mut Stream,
    resources: &Resources,
    state: &mut State,
    process: Process,
) -> Result<(), String> {
    let data = decoded(stream, MAX_CONTENT)?;
    if may_colour(&data) {
        rewrite_stream(stream, &data, resources, state, process)?;
    }
    Ok(())
}

/// [`convert`] with the stream's data decoded.
fn rewrite_stream(
    stream: &mut Stream,
    data: &[u8],
    resources: &Resources,
    state: &mut State,
    process: Process,
) -> Result<(), String> {
    let (head, body) = glyph_head(data);
    let content = Content::decode_strict(body)
        .map_err(|e| format!("its content stream cannot be read ({e})"))?;
    let mut changed = false;
    let mut out = Vec::with_capacity(content.operations.len());
    for op in content.operations {
        changed |= rewrite(op, resources, state, process, &mut out)?;
    }
    if !changed {
        return Ok(());
    }
    let mut bytes = head.to_vec();
    if !head.is_empty() {
        bytes.push(b'\n');
    }
    bytes.extend(
        Content { operations: out }
            .encode()
            .map_err(|e| format!("its content stream cannot be written ({e})"))?,
    );
    stream.dict.remove(b"DecodeParms");
    if stream.dict.has(b"Filter") {
        // Compressed as the writer compresses pages (zlib's default level).
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
        encoder
            .write_all(&bytes)
            .expect("writing into a Vec cannot fail");
        stream
            .dict
            .set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(encoder.finish().expect("writing into a Vec cannot fail"));
    } else {
        stream.set_content(bytes);
    }
    Ok(())
}

/// The `wx wy d0` (or `… d1`) a Type 3 glyph opens with, and the rest of `data`: lopdf
/// reads an operator as letters only, so `d0` would come back as `d` (a dash pattern)
/// and an operand `0`. The opening is kept as it is written.
fn glyph_head(data: &[u8]) -> (&[u8], &[u8]) {
    let white = |b: u8| b" \t\r\n\x0c\x00".contains(&b);
    let mut at = 0;
    loop {
        while data.get(at).is_some_and(|&b| white(b)) {
            at += 1;
        }
        let start = at;
        while data
            .get(at)
            .is_some_and(|&b| !white(b) && !b"()<>[]{}/%".contains(&b))
        {
            at += 1;
        }
        match &data[start..at] {
            b"d0" | b"d1" => return data.split_at(at),
            token if !token.is_empty() && token.iter().all(|b| b"0123456789+-.".contains(b)) => {}
            _ => return (&[], data),
        }
    }
}

/// `op` as it should be drawn in `process`, pushed onto `out`; whether it changed.
fn rewrite(
    op: Operation,
    resources: &Resources,
    state: &mut State,
    process: Process,
    out: &mut Vec<Operation>,
) -> Result<bool, String> {
    let stroke = op.operator.bytes().all(|b| b.is_ascii_uppercase());
    match op.operator.as_str() {
        "q" => state.saved.push((state.fill.clone(), state.stroke.clone())),
        "Q" => {
            if let Some((fill, stroke)) = state.saved.pop() {
                (state.fill, state.stroke) = (fill, stroke);
            }
        }
        "BI" => return Err("it holds an inline image, which is not converted".into()),
        "g" | "G" | "rg" | "RG" | "k" | "K" => {
            let model = match op.operator.to_ascii_lowercase().as_str() {
                "g" => Model::Gray,
                "rg" => Model::Rgb,
                _ => Model::Cmyk,
            };
            let values = numbers(&op.operands, model.components(), &op.operator)?;
            let side = state.side(stroke);
            side.space = Rc::new(Space::Plain(Plain {
                model,
                device: true,
            }));
            side.colour = Some(model.colour(&values));
            if !(model.kept(process) && side.alpha >= 1.0) {
                out.push(colour_op(side, stroke, process));
                return Ok(true);
            }
        }
        "cs" | "CS" => {
            let name = op
                .operands
                .first()
                .and_then(|n| n.as_name().ok())
                .ok_or("`cs` without a name")?;
            let space = resources.space(name)?;
            let side = state.side(stroke);
            side.colour = match &*space {
                Space::Plain(Plain {
                    model: Model::Cmyk, ..
                }) => Some(Colour::Cmyk([0.0, 0.0, 0.0, 1.0])),
                Space::Plain(plain) => Some(plain.model.colour(&[0.0; 3])),
                _ => None,
            };
            side.space = space.clone();
            let mut changed = false;
            match &*space {
                Space::Plain(plain) if !plain.kept(process) => {
                    let device = plain.model.ink(process).name();
                    out.push(Operation::new(&op.operator, vec![device]));
                    changed = true;
                }
                _ => out.push(op),
            }
            if side.alpha < 1.0 && side.colour.is_some() {
                out.push(colour_op(side, stroke, process));
                changed = true;
            }
            return Ok(changed);
        }
        "sc" | "scn" | "SC" | "SCN" => {
            let side = state.side(stroke);
            let space = side.space.clone();
            match &*space {
                Space::Plain(plain) => {
                    let values = numbers(&op.operands, plain.model.components(), &op.operator)?;
                    side.colour = Some(plain.model.colour(&values));
                    if !(plain.model.kept(process) && side.alpha >= 1.0) {
                        let mut blended = colour_op(side, stroke, process);
                        blended.operator = op.operator;
                        out.push(blended);
                        return Ok(true);
                    }
                }
                Space::Pattern(Some(base)) if !base.model.kept(process) => {
                    let (name, components) =
                        op.operands.split_last().ok_or("`scn` without a pattern")?;
                    let values = numbers(components, base.model.components(), &op.operator)?;
                    let ink = base.model.ink(process);
                    let mut operands = inks(base.model.colour(&values), ink);
                    operands.push(name.clone());
                    out.push(Operation::new(&op.operator, operands));
                    return Ok(true);
                }
                _ => {}
            }
        }
        "gs" => {
            let alphas = op
                .operands
                .first()
                .and_then(|n| n.as_name().ok())
                .and_then(|n| resources.alphas.get(n))
                .copied()
                .unwrap_or_default();
            out.push(op);
            let mut changed = false;
            for (alpha, stroke) in [(alphas.fill, false), (alphas.stroke, true)] {
                let side = state.side(stroke);
                match alpha {
                    Some(alpha) if alpha != side.alpha => {
                        side.alpha = alpha;
                        if side.colour.is_some() {
                            out.push(colour_op(side, stroke, process));
                            changed = true;
                        }
                    }
                    _ => {}
                }
            }
            return Ok(changed);
        }
        _ => {}
    }
    out.push(op);
    Ok(false)
}

/// `g`/`k` (or `G`/`K`) setting `side`'s colour, seen through its alpha, in the inks its
/// model prints with.
fn colour_op(side: &Side, stroke: bool, process: Process) -> Operation {
    let colour = side
        .colour
        .unwrap_or(Colour::Gray(0.0))
        .over_paper(side.alpha);
    let ink = match &*side.space {
        Space::Plain(plain) => plain.model.ink(process),
        _ => space::Ink::Gray,
    };
    let operator = match (ink, stroke) {
        (space::Ink::Gray, false) => "g",
        (space::Ink::Gray, true) => "G",
        (space::Ink::Cmyk, false) => "k",
        (space::Ink::Cmyk, true) => "K",
    };
    Operation::new(operator, inks(colour, ink))
}

/// A colour's amounts of `ink` as operands.
fn inks(colour: Colour, ink: space::Ink) -> Vec<Object> {
    colour.to_ink(ink)[..ink.components()]
        .iter()
        .map(|&v| space::number(v))
        .collect()
}

/// The `n` numbers an operator takes.
fn numbers(operands: &[Object], n: usize, operator: &str) -> Result<Vec<f32>, String> {
    let values: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
    if values.len() != n || operands.len() != n {
        return Err(format!(
            "`{operator}` has {} operands where its colour space has {n} components",
            operands.len()
        ));
    }
    Ok(values)
}

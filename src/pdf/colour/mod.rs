//! A finished document's colours rewritten for a print interior (PDF/X-1a): every colour
//! into DeviceGray or DeviceCMYK, every transparency flattened against white paper.
//!
//! Every object is walked, pages or not, in id order (so the bytes are the same every
//! time): content streams of pages, forms, tiling patterns and Type 3 glyphs
//! (`stream`), images
//! (`image`), shadings and their functions (`shading`), colour space resources, extended
//! graphics states and transparency groups (here).
//!
//! Flattening is what paper can show without a blending stage: a fill or stroke under
//! a constant alpha becomes its colour lightened toward white (exact for a single
//! colour over paper, approximate over other drawing); images with a soft mask are
//! composited over white. What cannot be flattened that way prints opaque: a group
//! drawn with opacity (SVG's `opacity` on a `<g>`), soft masks of gradients (stop
//! opacity), gradients and images under an alpha, blend modes.
//!
//! Known limits: colours set before a form is drawn are not carried into it (a form is
//! converted once, as if drawn on its own); shading functions are converted at their
//! stops (a gradient between two CMYK stops runs through slightly different middle
//! colours than its RGB original); Type 4 functions, mesh shadings with colours in their
//! data, inline images and JPEG 2000 images are refused. Profiles left unused (ICCBased streams) stay in the document:
//! `Document::prune_objects` removes them without renumbering, for the caller to run.

mod image;
mod shading;
mod space;
mod stream;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io::Read;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use space::Model;

/// The process colours a print file may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Process {
    /// DeviceGray only: a black-and-white interior.
    Gray,
    /// DeviceCMYK, and DeviceGray where a colour was gray.
    Cmyk,
}

/// Rewrites every colour in `doc` into `process` and flattens its transparency against white paper.
///
/// On Err (naming the object and why) the document is left partly converted.
pub fn to_process(doc: &mut Document, process: Process) -> Result<(), String> {
    // Content streams first, while the resources still say what their colour spaces
    // were; everything else after.
    stream::convert_pages(doc, process)?;
    let mut glyphs = Glyphs::new();
    each_object(doc, |object, doc| {
        forms(object, doc, process, &mut glyphs, DEPTH)
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for (id, resources) in glyphs {
        if let (true, Some(Object::Stream(glyph))) = (seen.insert(id), doc.objects.get_mut(&id)) {
            stream::convert(glyph, &resources, &mut stream::State::default(), process)
                .map_err(|why| in_object(id, &why))?;
        }
    }
    let mut later = Later::default();
    each_object(doc, |object, doc| {
        walk(object, doc, process, &mut later, DEPTH)
    })?;
    later.run(doc, process)
}

/// How deep directly nested objects are followed.
const DEPTH: u32 = 64;

/// Calls `f` on each object of `doc` in id order, the object taken out of the document
/// meanwhile (so `f` may read the others). Errors name the object.
fn each_object(
    doc: &mut Document,
    mut f: impl FnMut(&mut Object, &Document) -> Result<(), String>,
) -> Result<(), String> {
    let ids: Vec<ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(mut object) = doc.objects.remove(&id) else {
            continue;
        };
        let done = f(&mut object, doc);
        doc.objects.insert(id, object);
        done.map_err(|why| in_object(id, &why))?;
    }
    Ok(())
}

fn in_object(id: ObjectId, why: &str) -> String {
    format!("object {} {}: {why}", id.0, id.1)
}

/// Glyph procedures of Type 3 fonts, objects of their own, each with its font's
/// resources: converted once every object has been through [`forms`].
type Glyphs = Vec<(ObjectId, Rc<stream::Resources>)>;

/// Converts the content of every form, tiling pattern and Type 3 glyph in `object`,
/// itself or nested; glyphs that are objects of their own are left on `glyphs`.
fn forms(
    object: &mut Object,
    doc: &Document,
    process: Process,
    glyphs: &mut Glyphs,
    depth: u32,
) -> Result<(), String> {
    let depth = depth.checked_sub(1).ok_or("its objects nest too deeply")?;
    match object {
        Object::Array(items) => items
            .iter_mut()
            .try_for_each(|item| forms(item, doc, process, glyphs, depth)),
        Object::Dictionary(dict) => {
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type3") {
                type3(dict, doc, process, glyphs)?;
            }
            dict.iter_mut()
                .try_for_each(|(_, item)| forms(item, doc, process, glyphs, depth))
        }
        Object::Stream(stream) => {
            let dict = &stream.dict;
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form")
                || dict.get(b"PatternType").and_then(Object::as_i64).ok() == Some(1)
            {
                let resources = stream::Resources::read(dict.get(b"Resources").ok(), doc)?;
                let mut state = stream::State::default();
                stream::convert(stream, &resources, &mut state, process)?;
            }
            stream
                .dict
                .iter_mut()
                .try_for_each(|(_, item)| forms(item, doc, process, glyphs, depth))
        }
        _ => Ok(()),
    }
}

/// A Type 3 font's glyph procedures: those written in the font converted now, the
/// others left on `glyphs`. (A `d1` glyph sets no colour, so only `d0` ones change.)
fn type3(
    font: &mut Dictionary,
    doc: &Document,
    process: Process,
    glyphs: &mut Glyphs,
) -> Result<(), String> {
    let resources = Rc::new(stream::Resources::read(font.get(b"Resources").ok(), doc)?);
    let procs = match font.get_mut(b"CharProcs") {
        Ok(Object::Dictionary(procs)) => procs,
        Ok(Object::Reference(id)) => {
            if let Some(Object::Dictionary(procs)) = doc.objects.get(id) {
                for (_, glyph) in procs.iter() {
                    if let Object::Reference(id) = glyph {
                        glyphs.push((*id, resources.clone()));
                    }
                }
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    for (_, glyph) in procs.iter_mut() {
        match glyph {
            Object::Reference(id) => glyphs.push((*id, resources.clone())),
            Object::Stream(stream) => {
                stream::convert(stream, &resources, &mut stream::State::default(), process)?
            }
            _ => {}
        }
    }
    Ok(())
}

/// What a referenced object is to be converted as, learnt from what refers to it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// A resource dictionary: its `/ColorSpace` entries.
    Resources,
    /// A resource dictionary's `/ColorSpace` dictionary.
    ColourSpaces,
    /// A shading's function, whose outputs are colours of this model.
    Function(Model),
}

/// Referenced objects to convert once the walk is done, each once.
#[derive(Default)]
struct Later {
    pending: BTreeMap<ObjectId, Role>,
    done: BTreeMap<ObjectId, Role>,
}

impl Later {
    fn push(&mut self, id: ObjectId, role: Role) -> Result<(), String> {
        match self.pending.get(&id).or_else(|| self.done.get(&id)) {
            Some(&known) if known != role => Err(in_object(
                id,
                "it is used in two ways (a function shared by shadings of different colour spaces?)",
            )),
            Some(_) => Ok(()),
            None => {
                self.pending.insert(id, role);
                Ok(())
            }
        }
    }

    fn run(&mut self, doc: &mut Document, process: Process) -> Result<(), String> {
        while let Some((id, role)) = self.pending.pop_first() {
            self.done.insert(id, role);
            let Some(mut object) = doc.objects.remove(&id) else {
                continue;
            };
            let done = match (&mut object, role) {
                (Object::Dictionary(dict), Role::Resources) => resources(dict, doc, process, self),
                (Object::Dictionary(dict), Role::ColourSpaces) => colour_spaces(dict, doc, process),
                (object, Role::Function(model)) => {
                    shading::function(object, model, process, self, DEPTH)
                }
                _ => Err(format!("it is not what a {role:?} should be")),
            };
            doc.objects.insert(id, object);
            done.map_err(|why| in_object(id, &why))?;
        }
        Ok(())
    }
}

/// Converts images, shadings, graphics states, groups and resources in `object`.
fn walk(
    object: &mut Object,
    doc: &Document,
    process: Process,
    later: &mut Later,
    depth: u32,
) -> Result<(), String> {
    let depth = depth.checked_sub(1).ok_or("its objects nest too deeply")?;
    match object {
        Object::Array(items) => items
            .iter_mut()
            .try_for_each(|item| walk(item, doc, process, later, depth)),
        Object::Dictionary(dict) => {
            node(dict, doc, process, later)?;
            dict.iter_mut()
                .try_for_each(|(_, item)| walk(item, doc, process, later, depth))
        }
        Object::Stream(stream) => {
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                return image::convert(stream, doc, process);
            }
            node(&mut stream.dict, doc, process, later)?;
            stream
                .dict
                .iter_mut()
                .try_for_each(|(_, item)| walk(item, doc, process, later, depth))
        }
        _ => Ok(()),
    }
}

/// What a dictionary is told by its own keys.
fn node(
    dict: &mut Dictionary,
    doc: &Document,
    process: Process,
    later: &mut Later,
) -> Result<(), String> {
    if dict.has(b"ShadingType") {
        shading::convert(dict, doc, process, later)?;
    }
    flatten_state(dict);
    if let Ok(group) = dict.get(b"Group") {
        let transparency = resolve(group, doc)
            .and_then(|g| g.as_dict().ok())
            .and_then(|g| g.get(b"S").ok())
            .and_then(|s| s.as_name().ok())
            == Some(b"Transparency");
        if transparency {
            dict.remove(b"Group");
        }
    }
    match dict.get_mut(b"Resources") {
        Ok(Object::Reference(id)) => later.push(*id, Role::Resources)?,
        Ok(Object::Dictionary(res)) => resources(res, doc, process, later)?,
        _ => {}
    }
    Ok(())
}

/// An extended graphics state's transparency set to none: full opacity, no soft mask,
/// the normal blend mode. (Annotations' `/CA` opacity goes to 1 likewise.) The
/// colours drawn under it were lightened by `stream` where they could be.
fn flatten_state(dict: &mut Dictionary) {
    for key in [&b"CA"[..], b"ca"] {
        if matches!(dict.get(key).and_then(Object::as_float), Ok(a) if a < 1.0) {
            dict.set(key, Object::Integer(1));
        }
    }
    if matches!(dict.get(b"SMask"), Ok(mask) if mask.as_name().ok() != Some(b"None")) {
        dict.set("SMask", Object::Name(b"None".to_vec()));
    }
    let normal = |m: &Object| matches!(m.as_name(), Ok(b"Normal" | b"Compatible"));
    if matches!(dict.get(b"BM"), Ok(mode) if !normal(mode)) {
        dict.set("BM", Object::Name(b"Normal".to_vec()));
    }
}

/// A resource dictionary's colour spaces.
fn resources(
    dict: &mut Dictionary,
    doc: &Document,
    process: Process,
    later: &mut Later,
) -> Result<(), String> {
    match dict.get_mut(b"ColorSpace") {
        Ok(Object::Reference(id)) => later.push(*id, Role::ColourSpaces),
        Ok(Object::Dictionary(spaces)) => colour_spaces(spaces, doc, process),
        _ => Ok(()),
    }
}

/// Each named colour space replaced by its device space (or its palette converted).
fn colour_spaces(dict: &mut Dictionary, doc: &Document, process: Process) -> Result<(), String> {
    for (name, value) in dict.iter_mut() {
        let space = space::classify(value, doc)
            .map_err(|why| format!("colour space /{}: {why}", String::from_utf8_lossy(name)))?;
        if let Some(new) = space::replacement(&space, process)? {
            *value = new;
        }
    }
    Ok(())
}

/// `object`, or what it refers to (through a few references).
fn resolve<'a>(mut object: &'a Object, doc: &'a Document) -> Option<&'a Object> {
    for _ in 0..8 {
        match object {
            Object::Reference(id) => object = doc.objects.get(id)?,
            other => return Some(other),
        }
    }
    None
}

/// A stream's data with its filter undone, up to `limit` bytes: none, or Flate with or
/// without PNG predictors. lopdf's own decoding is not used: it returns what it could
/// inflate of damaged data without an error, and undoes PNG's Average filter wrongly.
fn decoded(stream: &Stream, limit: usize) -> Result<Vec<u8>, String> {
    let filters: Vec<&[u8]> = match stream.dict.get(b"Filter") {
        Err(_) => Vec::new(),
        Ok(Object::Name(name)) => vec![name],
        Ok(Object::Array(names)) => names.iter().filter_map(|n| n.as_name().ok()).collect(),
        Ok(_) => return Err("its /Filter is neither a name nor an array".into()),
    };
    match filters.as_slice() {
        [] if stream.content.len() <= limit => Ok(stream.content.clone()),
        [] => Err("it is too large to convert".into()),
        [b"FlateDecode"] => {
            let parms = match stream.dict.get(b"DecodeParms") {
                Ok(Object::Dictionary(d)) => Some(d),
                Ok(Object::Array(a)) => a.first().and_then(|d| d.as_dict().ok()),
                _ => None,
            };
            let predictor = parms.and_then(|p| p.get(b"Predictor").ok());
            let predictor = predictor.map_or(Ok(1), Object::as_i64).unwrap_or(0);
            // PNG rows carry a filter byte each: room for them (a row is at least a byte).
            let room = if predictor >= 10 {
                limit.saturating_mul(2)
            } else {
                limit
            };
            let mut data = inflate(&stream.content, room)?;
            match predictor {
                1 => {}
                10..=15 => {
                    let get = |key: &[u8]| {
                        parms
                            .and_then(|p| p.get(key).ok())
                            .map_or(Ok(1), Object::as_i64)
                            .ok()
                            .and_then(|v| usize::try_from(v).ok())
                            .filter(|&v| v > 0)
                    };
                    let bits = parms
                        .and_then(|p| p.get(b"BitsPerComponent").ok())
                        .map_or(Ok(8), Object::as_i64)
                        .ok()
                        .and_then(|v| usize::try_from(v).ok());
                    let (Some(colors), Some(columns), Some(bits)) =
                        (get(b"Colors"), get(b"Columns"), bits)
                    else {
                        return Err("its PNG predictor's parameters are not usable".into());
                    };
                    data = unpredict(&data, colors, bits, columns)?;
                }
                _ => return Err("its data uses a predictor other than PNG's".into()),
            }
            if data.len() > limit {
                return Err("it is too large to convert".into());
            }
            Ok(data)
        }
        _ => Err(format!(
            "its data is in a form not converted ({})",
            filters
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect::<Vec<_>>()
                .join(" ")
        )),
    }
}

/// zlib data inflated, refusing more than `limit` bytes or damaged data.
pub(super) fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(data)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("its compressed data is damaged ({e})"))?;
    if out.len() > limit {
        return Err("it is too large to convert".into());
    }
    Ok(out)
}

/// Rows behind PNG filters (a filter byte, then the row) back to plain rows.
pub(super) fn unpredict(
    data: &[u8],
    colors: usize,
    bits: usize,
    columns: usize,
) -> Result<Vec<u8>, String> {
    let row = colors
        .checked_mul(bits)
        .and_then(|b| b.checked_mul(columns))
        .ok_or("its PNG predictor's parameters are not usable")?
        .div_ceil(8);
    let bpp = (colors * bits).div_ceil(8).max(1);
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    for line in data.chunks(row + 1) {
        let (&kind, line) = line.split_first().ok_or("an empty row")?;
        if line.len() < row {
            // A last row cut short: what it has is kept, as readers do.
            out.extend_from_slice(line);
            break;
        }
        let start = out.len();
        for i in 0..row {
            let left = if i >= bpp { out[start + i - bpp] } else { 0 };
            let up = if start >= row {
                out[start - row + i]
            } else {
                0
            };
            let up_left = if start >= row && i >= bpp {
                out[start - row + i - bpp]
            } else {
                0
            };
            let predicted = match kind {
                0 => 0,
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => super::image::paeth(left, up, up_left),
                _ => return Err(format!("a row has an unknown PNG filter ({kind})")),
            };
            out.push(line[i].wrapping_add(predicted));
        }
    }
    Ok(out)
}

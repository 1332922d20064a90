//! Shadings (gradients) and their functions rewritten into the process inks: the
//! shading's colour space and `/Background`, and the colours its function gives —
//! exponential (Type 2) at its two ends, stitching (Type 3) function by function,
//! sampled (Type 0) sample by sample. Between an exponential function's ends the inks
//! are interpolated, not the RGB: with grey-component replacement the middle of a CMYK
//! gradient differs slightly from its RGB original's.

use lopdf::{Dictionary, Document, Object, Stream};

use super::space::{self, Ink, Model, Space};
use super::{decoded, Later, Process, Role};

/// The most samples a sampled function may have to be converted.
const MAX_SAMPLES: usize = 1 << 22;

/// Converts the shading `dict` (of a dictionary or a stream); functions it refers to
/// are queued on `later`.
pub(super) fn convert(
    dict: &mut Dictionary,
    doc: &Document,
    process: Process,
    later: &mut Later,
) -> Result<(), String> {
    let space = space::classify(
        dict.get(b"ColorSpace")
            .map_err(|_| "a shading has no colour space")?,
        doc,
    )?;
    let Space::Plain(plain) = space else {
        // Palettes and spot inks: the functions give indices and tints, which stay.
        if let Some(new) = space::replacement(&space, process)? {
            dict.set("ColorSpace", new);
        }
        return Ok(());
    };
    if plain.kept(process) {
        return Ok(());
    }
    let model = plain.model;
    let ink = model.ink(process);
    dict.set("ColorSpace", ink.name());
    if model.kept(process) {
        // An ICC gray or CMYK space: only its name changes.
        return Ok(());
    }
    if let Ok(Object::Array(background)) = dict.get_mut(b"Background") {
        *background = colour(background, model, ink)?;
    }
    match dict.get_mut(b"Function") {
        Err(_) => Err("a shading with colours in its own data (a mesh) is not converted".into()),
        Ok(Object::Reference(id)) => {
            if matches!(doc.objects.get(id), Some(Object::Array(_))) {
                return Err(ONE_PER_COMPONENT.into());
            }
            later.push(*id, Role::Function(model))
        }
        Ok(Object::Array(items)) if items.len() == 1 => {
            function(&mut items[0], model, process, later, super::DEPTH)
        }
        Ok(Object::Array(_)) => Err(ONE_PER_COMPONENT.into()),
        Ok(f) => function(f, model, process, later, super::DEPTH),
    }
}

const ONE_PER_COMPONENT: &str = "a shading with one function per colour component is not converted";

/// Converts the function `object`, whose outputs are colours of `model`, to give the
/// inks `model` prints with.
pub(super) fn function(
    object: &mut Object,
    model: Model,
    process: Process,
    later: &mut Later,
    depth: u32,
) -> Result<(), String> {
    let depth = depth
        .checked_sub(1)
        .ok_or("its functions nest too deeply")?;
    let ink = model.ink(process);
    let dict = match object {
        Object::Reference(id) => return later.push(*id, Role::Function(model)),
        Object::Stream(stream)
            if stream
                .dict
                .get(b"FunctionType")
                .and_then(Object::as_i64)
                .ok()
                == Some(0) =>
        {
            return sampled(stream, model, ink);
        }
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &mut stream.dict,
        _ => return Err("a shading's function is not a function".into()),
    };
    match dict.get(b"FunctionType").and_then(Object::as_i64) {
        Ok(2) => {
            for (key, default) in [(&b"C0"[..], 0), (b"C1", 1)] {
                let ends = match dict.get(key) {
                    Ok(Object::Array(values)) => values.clone(),
                    Ok(_) => return Err("an exponential function's ends are not arrays".into()),
                    Err(_) => vec![Object::Integer(default)],
                };
                dict.set(key, Object::Array(colour(&ends, model, ink)?));
            }
        }
        Ok(3) => match dict.get_mut(b"Functions") {
            Ok(Object::Array(functions)) => {
                for f in functions {
                    function(f, model, process, later, depth)?;
                }
            }
            _ => return Err("a stitching function's functions are not an array".into()),
        },
        Ok(0) => return Err("a sampled function is not a stream".into()),
        Ok(4) => return Err("a PostScript calculator function (Type 4) is not converted".into()),
        _ => return Err("a shading's function has no known type".into()),
    }
    if dict.has(b"Range") {
        dict.set("Range", unit_ranges(ink));
    }
    Ok(())
}

/// `[0 1]` for each component of `ink`.
fn unit_ranges(ink: Ink) -> Object {
    Object::Array(
        (0..ink.components())
            .flat_map(|_| [Object::Integer(0), Object::Integer(1)])
            .collect(),
    )
}

/// The colour `values` (of `model`) as `ink` values.
fn colour(values: &[Object], model: Model, ink: Ink) -> Result<Vec<Object>, String> {
    let numbers: Vec<f32> = values.iter().filter_map(|v| v.as_float().ok()).collect();
    if numbers.len() != model.components() || values.len() != numbers.len() {
        return Err(format!(
            "a colour of {} values where its space has {} components",
            values.len(),
            model.components()
        ));
    }
    Ok(model.colour(&numbers).to_ink(ink)[..ink.components()]
        .iter()
        .map(|&v| space::number(v))
        .collect())
}

/// A sampled function's samples converted, written at 8 bits (16 when they had more).
fn sampled(stream: &mut Stream, model: Model, ink: Ink) -> Result<(), String> {
    let dict = &stream.dict;
    let numbers = |key: &[u8]| -> Option<Vec<f32>> {
        let items = dict.get(key).ok()?.as_array().ok()?;
        items.iter().map(|v| v.as_float().ok()).collect()
    };
    let n = model.components();
    let size: Vec<usize> = numbers(b"Size")
        .ok_or("a sampled function has no /Size")?
        .into_iter()
        .map(|s| s as usize)
        .collect();
    let count = size
        .iter()
        .try_fold(1usize, |a, &s| {
            a.checked_mul(s).filter(|&c| s > 0 && c <= MAX_SAMPLES)
        })
        .ok_or("a sampled function's /Size is empty or too large")?;
    let bits = dict
        .get(b"BitsPerSample")
        .and_then(Object::as_i64)
        .ok()
        .filter(|b| [1, 2, 4, 8, 12, 16, 24, 32].contains(b))
        .ok_or("a sampled function's /BitsPerSample is not usable")? as u32;
    let range = numbers(b"Range")
        .filter(|r| r.len() >= 2 * n)
        .ok_or("a sampled function has no /Range for its outputs")?;
    let decode = numbers(b"Decode")
        .filter(|d| d.len() >= 2 * n)
        .unwrap_or_else(|| range.clone());
    let need = (count * n * bits as usize).div_ceil(8);
    let data = decoded(stream, need)?;
    if data.len() < need {
        return Err("a sampled function has fewer samples than its /Size".into());
    }
    let top = (2f64.powi(bits as i32) - 1.0) as f32;
    let out_bits: u32 = if bits > 8 { 16 } else { 8 };
    let out_top = ((1u32 << out_bits) - 1) as f32;
    let mut out = Vec::with_capacity(count * ink.components() * out_bits as usize / 8);
    let mut values = [0.0f32; 4];
    for sample in 0..count {
        for (i, value) in values.iter_mut().enumerate().take(n) {
            let raw = read_bits(&data, (sample * n + i) * bits as usize, bits) as f32;
            let v = decode[2 * i] + raw / top * (decode[2 * i + 1] - decode[2 * i]);
            *value = v.clamp(
                range[2 * i].min(range[2 * i + 1]),
                range[2 * i + 1].max(range[2 * i]),
            );
        }
        let inks = model.colour(&values[..n]).to_ink(ink);
        for &v in &inks[..ink.components()] {
            let v = (v * out_top).round() as u16;
            if out_bits == 16 {
                out.extend_from_slice(&v.to_be_bytes());
            } else {
                out.push(v as u8);
            }
        }
    }
    let dict = &mut stream.dict;
    dict.set("BitsPerSample", Object::Integer(i64::from(out_bits)));
    dict.set("Range", unit_ranges(ink));
    dict.remove(b"Decode");
    stream.set_plain_content(out);
    Ok(())
}

/// `bits` bits (at most 32) from bit `at` of `data`, most significant first.
fn read_bits(data: &[u8], at: usize, bits: u32) -> u32 {
    (0..bits as usize).fold(0u32, |acc, i| {
        let bit = at + i;
        let set = data.get(bit / 8).map_or(0, |b| (b >> (7 - bit % 8)) & 1);
        (acc << 1) | u32::from(set)
    })
}

//! Colour spaces as a print file must treat them, and the arithmetic from one to another.
//!
//! Every space is reduced to a [`Model`] (gray, RGB, CMYK or Lab components) and whether
//! it is already the device space of that name; the output of a model is DeviceGray or
//! DeviceCMYK ([`Ink`]). ICC profiles and CalRGB's gamma are not applied: the file's
//! profile is sRGB (svg2pdf's, the cameras'), and a print file carries no profile of its
//! own but the output intent's, so the components are taken as they are written.

use lopdf::{Document, Object, StringFormat};

use super::{decoded, resolve, Process};

/// The components a colour is written in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Model {
    Gray,
    Rgb,
    Cmyk,
    /// CIE L*a*b*, with the range of a* and b*.
    Lab {
        range: [f32; 4],
    },
}

/// A space of components, and whether it is the device space itself (not ICCBased,
/// CalGray, CalRGB or Lab, none of which PDF/X-1a allows).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Plain {
    pub model: Model,
    pub device: bool,
}

/// A colour space as found in the file.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Space {
    Plain(Plain),
    /// A palette: `hival + 1` colours of `base`, one after another in `lookup`.
    Indexed {
        base: Plain,
        hival: usize,
        lookup: Vec<u8>,
    },
    /// Pattern, with the base space of an uncoloured pattern's colour.
    Pattern(Option<Plain>),
    /// Separation or DeviceN: spot inks.
    Spot,
}

/// The process inks a colour is printed with: DeviceGray or DeviceCMYK.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ink {
    Gray,
    Cmyk,
}

/// A colour on its way to ink, components from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Colour {
    Gray(f32),
    Rgb([f32; 3]),
    Cmyk([f32; 4]),
}

impl Model {
    /// How many components a colour has in this model.
    pub fn components(self) -> usize {
        match self {
            Model::Gray => 1,
            Model::Rgb | Model::Lab { .. } => 3,
            Model::Cmyk => 4,
        }
    }

    /// The inks this model prints with: gray stays gray in both processes (DeviceGray is
    /// allowed in PDF/X-1a, and a gray figure must not gain three empty plates).
    pub fn ink(self, process: Process) -> Ink {
        match (self, process) {
            (Model::Gray, _) | (_, Process::Gray) => Ink::Gray,
            _ => Ink::Cmyk,
        }
    }

    /// Whether colours of this model print as they are written.
    pub fn kept(self, process: Process) -> bool {
        matches!(
            (self, process),
            (Model::Gray, _) | (Model::Cmyk, Process::Cmyk)
        )
    }

    /// The colour of `values` (components from 0 to 1; Lab in its own units).
    pub fn colour(self, values: &[f32]) -> Colour {
        let at = |i: usize| values.get(i).copied().unwrap_or(0.0);
        match self {
            Model::Gray => Colour::Gray(at(0)),
            Model::Rgb => Colour::Rgb([at(0), at(1), at(2)]),
            Model::Cmyk => Colour::Cmyk([at(0), at(1), at(2), at(3)]),
            Model::Lab { .. } => Colour::Rgb(lab_to_rgb([at(0), at(1), at(2)])),
        }
    }

    /// The range of each component (Lab's a* and b* per the space's `/Range`).
    pub fn range(self, i: usize) -> (f32, f32) {
        match (self, i) {
            (Model::Lab { .. }, 0) => (0.0, 100.0),
            (Model::Lab { range, .. }, 1) => (range[0], range[1]),
            (Model::Lab { range, .. }, _) => (range[2], range[3]),
            _ => (0.0, 1.0),
        }
    }
}

impl Plain {
    /// Whether the space may stay as it is written, name and values.
    pub fn kept(self, process: Process) -> bool {
        self.device && self.model.kept(process)
    }
}

impl Ink {
    /// The device space's name.
    pub fn name(self) -> Object {
        Object::Name(match self {
            Ink::Gray => b"DeviceGray".to_vec(),
            Ink::Cmyk => b"DeviceCMYK".to_vec(),
        })
    }

    /// How many components its colours have.
    pub fn components(self) -> usize {
        match self {
            Ink::Gray => 1,
            Ink::Cmyk => 4,
        }
    }
}

impl Colour {
    /// The colour seen through a coverage of `alpha` over white paper: what flattening
    /// draws instead of a translucent fill. Compositing happens in the colour's own
    /// model, so half-transparent RGB red becomes the light red a screen shows.
    pub fn over_paper(self, alpha: f32) -> Colour {
        let a = alpha.clamp(0.0, 1.0);
        let lighten = |v: f32| 1.0 - a * (1.0 - v);
        match self {
            Colour::Gray(v) => Colour::Gray(lighten(v)),
            Colour::Rgb(rgb) => Colour::Rgb(rgb.map(lighten)),
            // Paper is no ink at all.
            Colour::Cmyk(cmyk) => Colour::Cmyk(cmyk.map(|v| a * v)),
        }
    }

    /// The colour as amounts of `ink`, from 0 to 1; unused places are 0.
    pub fn to_ink(self, ink: Ink) -> [f32; 4] {
        let c = |v: f32| v.clamp(0.0, 1.0);
        match (self, ink) {
            (Colour::Gray(v), _) => [c(v), 0.0, 0.0, 0.0],
            (Colour::Rgb([r, g, b]), Ink::Gray) => [rgb_to_gray(c(r), c(g), c(b)), 0.0, 0.0, 0.0],
            (Colour::Rgb([r, g, b]), Ink::Cmyk) => rgb_to_cmyk(c(r), c(g), c(b)),
            (Colour::Cmyk(v), Ink::Gray) => [cmyk_to_gray(v.map(c)), 0.0, 0.0, 0.0],
            (Colour::Cmyk(v), Ink::Cmyk) => v.map(c),
        }
    }
}

/// RGB to gray with the weights PDF itself gives for DeviceRGB to DeviceGray (ISO
/// 32000-1, 10.3.3), on the written (gamma-encoded) values: the same weights as the
/// CMYK-to-gray rule below, so a colour comes out about the same gray whether a drawing
/// wrote it as RGB or as CMYK, and red text keeps the darkness (0.3) that lets it read
/// as text, where sRGB luminance would print it a pale 50 %.
pub(super) fn rgb_to_gray(r: f32, g: f32, b: f32) -> f32 {
    (0.3 * r + 0.59 * g + 0.11 * b).clamp(0.0, 1.0)
}

/// RGB to CMYK with full grey-component replacement: black is taken out of the three
/// colours and printed as K alone, so RGB black becomes `0 0 0 1` (printers reject text
/// in rich black, four plates that never register exactly) and greys are K only. The
/// colours keep only what is left above the black, undivided: near-black stays near K
/// alone (rgb(0.05, 0, 0) is 0 0.05 0.05 0.95, 105 % of ink, where scaling the rest by
/// 1/(1 − K) would ask for 295 %, past every printer's ink limit: 240 % at IngramSpark).
pub(super) fn rgb_to_cmyk(r: f32, g: f32, b: f32) -> [f32; 4] {
    let light = r.max(g).max(b).clamp(0.0, 1.0);
    let part = |v: f32| (light - v).clamp(0.0, 1.0);
    [part(r), part(g), part(b), 1.0 - light]
}

/// CMYK to gray as PDF gives it (ISO 32000-1, 10.3.5).
pub(super) fn cmyk_to_gray([c, m, y, k]: [f32; 4]) -> f32 {
    1.0 - (0.3 * c + 0.59 * m + 0.11 * y + k).min(1.0)
}

/// L*a*b* → sRGB: to XYZ relative to the space's white, scaled from that white to D65
/// (a plain von Kries scaling, close enough for the rare Lab colour, under which the
/// space's own white point cancels out), then sRGB's matrix and curve.
fn lab_to_rgb([l, a, b]: [f32; 3]) -> [f32; 3] {
    let fy = (l + 16.0) / 116.0;
    let (fx, fz) = (fy + a / 500.0, fy - b / 200.0);
    let g = |t: f32| {
        if t > 6.0 / 29.0 {
            t * t * t
        } else {
            3.0 * (6.0f32 / 29.0).powi(2) * (t - 4.0 / 29.0)
        }
    };
    const D65: [f32; 3] = [0.9505, 1.0, 1.089];
    let (x, y, z) = (g(fx) * D65[0], g(fy) * D65[1], g(fz) * D65[2]);
    let linear = [
        3.2406 * x - 1.5372 * y - 0.4986 * z,
        -0.9689 * x + 1.8758 * y + 0.0415 * z,
        0.0557 * x - 0.2040 * y + 1.0570 * z,
    ];
    linear.map(|v| {
        let v = v.clamp(0.0, 1.0);
        if v <= 0.003_130_8 {
            12.92 * v
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        }
    })
}

/// How deep colour spaces may nest (an Indexed on a Pattern base would be two).
const MAX_NESTING: u32 = 4;

/// The colour space `object` describes (a name, an array or a reference to either).
pub(super) fn classify(object: &Object, doc: &Document) -> Result<Space, String> {
    classify_at(object, doc, MAX_NESTING)
}

fn classify_at(object: &Object, doc: &Document, depth: u32) -> Result<Space, String> {
    let depth = depth
        .checked_sub(1)
        .ok_or("its colour spaces nest too deeply")?;
    let object = resolve(object, doc).ok_or("a colour space refers to a missing object")?;
    let plain = |model, device| Ok(Space::Plain(Plain { model, device }));
    let (family, rest) = match object {
        Object::Name(name) => (name.as_slice(), &[][..]),
        Object::Array(items) => match items.split_first() {
            Some((Object::Name(name), rest)) => (name.as_slice(), rest),
            _ => return Err("a colour space array does not start with a name".into()),
        },
        _ => return Err("a colour space is neither a name nor an array".into()),
    };
    let base = |i: usize| -> Result<Plain, String> {
        match classify_at(
            rest.get(i).ok_or("a colour space lacks its base")?,
            doc,
            depth,
        )? {
            Space::Plain(plain) => Ok(plain),
            _ => Err("a colour space's base is not a space of components".into()),
        }
    };
    match family {
        b"DeviceGray" | b"G" => plain(Model::Gray, true),
        b"DeviceRGB" | b"RGB" => plain(Model::Rgb, true),
        b"DeviceCMYK" | b"CMYK" => plain(Model::Cmyk, true),
        b"CalGray" => plain(Model::Gray, false),
        b"CalRGB" => plain(Model::Rgb, false),
        b"Lab" => {
            let dict = rest
                .first()
                .and_then(|d| resolve(d, doc))
                .and_then(|d| d.as_dict().ok());
            let numbers = |key: &[u8], default: &[f32]| -> Vec<f32> {
                dict.and_then(|d| d.get(key).ok())
                    .and_then(|a| a.as_array().ok())
                    .map(|a| a.iter().filter_map(|v| v.as_float().ok()).collect())
                    .filter(|v: &Vec<f32>| v.len() == default.len())
                    .unwrap_or_else(|| default.to_vec())
            };
            let range = numbers(b"Range", &[-100.0, 100.0, -100.0, 100.0]);
            plain(
                Model::Lab {
                    range: [range[0], range[1], range[2], range[3]],
                },
                false,
            )
        }
        b"ICCBased" => {
            let profile = rest
                .first()
                .and_then(|p| resolve(p, doc))
                .and_then(|p| p.as_stream().ok())
                .ok_or("an ICCBased space has no profile stream")?;
            match profile.dict.get(b"N").and_then(Object::as_i64) {
                Ok(1) => plain(Model::Gray, false),
                Ok(3) => plain(Model::Rgb, false),
                Ok(4) => plain(Model::Cmyk, false),
                _ => Err("an ICC profile has neither 1, 3 nor 4 components".into()),
            }
        }
        b"Indexed" | b"I" => {
            let base = base(0)?;
            let hival = rest
                .get(1)
                .and_then(|h| resolve(h, doc))
                .and_then(|h| h.as_i64().ok())
                .filter(|h| (0..=255).contains(h))
                .ok_or("an Indexed space's highest index is not from 0 to 255")?
                as usize;
            let lookup = match rest.get(2).and_then(|l| resolve(l, doc)) {
                Some(Object::String(bytes, _)) => bytes.clone(),
                Some(Object::Stream(stream)) => decoded(stream, 256 * 4)?,
                _ => return Err("an Indexed space has no palette".into()),
            };
            if lookup.len() < (hival + 1) * base.model.components() {
                return Err("an Indexed space's palette is shorter than its colours".into());
            }
            Ok(Space::Indexed {
                base,
                hival,
                lookup,
            })
        }
        b"Pattern" => Ok(Space::Pattern(if rest.is_empty() {
            None
        } else {
            Some(base(0)?)
        })),
        b"Separation" | b"DeviceN" => Ok(Space::Spot),
        other => Err(format!(
            "unknown colour space /{}",
            String::from_utf8_lossy(other)
        )),
    }
}

/// What the colour space should be replaced with in a print file for `process`, or
/// `None` when it may stay; Err for spot colours that cannot.
pub(super) fn replacement(space: &Space, process: Process) -> Result<Option<Object>, String> {
    Ok(match space {
        Space::Plain(plain) if plain.kept(process) => None,
        Space::Plain(plain) => Some(plain.model.ink(process).name()),
        Space::Indexed {
            base,
            hival,
            lookup,
        } => {
            if base.kept(process) {
                return Ok(None);
            }
            let ink = base.model.ink(process);
            let lookup = palette(*base, &lookup[..(hival + 1) * base.model.components()], ink);
            Some(Object::Array(vec![
                Object::Name(b"Indexed".to_vec()),
                ink.name(),
                Object::Integer(*hival as i64),
                Object::String(lookup, StringFormat::Hexadecimal),
            ]))
        }
        Space::Pattern(None) => None,
        Space::Pattern(Some(base)) if base.kept(process) => None,
        Space::Pattern(Some(base)) => Some(Object::Array(vec![
            Object::Name(b"Pattern".to_vec()),
            base.model.ink(process).name(),
        ])),
        // Spot inks would print on plates of their own, which neither a gray nor a
        // four-colour interior has; turning a tint into its alternate needs the tint
        // transform run, which is not done here.
        Space::Spot => return Err("a spot colour (Separation or DeviceN) is not converted".into()),
    })
}

/// A palette of `base` colours (bytes, one per component) as `ink` bytes.
pub(super) fn palette(base: Plain, lookup: &[u8], ink: Ink) -> Vec<u8> {
    let n = base.model.components();
    let mut out = Vec::with_capacity(lookup.len() / n * ink.components());
    let mut values = [0.0; 4];
    for entry in lookup.chunks_exact(n) {
        for (i, &byte) in entry.iter().enumerate() {
            let (low, high) = base.model.range(i);
            values[i] = low + f32::from(byte) / 255.0 * (high - low);
        }
        let inks = base.model.colour(&values[..n]).to_ink(ink);
        out.extend(inks[..ink.components()].iter().map(|&v| to_byte(v)));
    }
    out
}

/// A component from 0 to 1 as a byte.
pub(super) fn to_byte(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// A colour component as a content stream number: whole values as integers, others to
/// four decimals (a 1/10 000 step is far below what a printer's screen can show).
pub(super) fn number(v: f32) -> Object {
    let v = (v.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0;
    if v.fract() == 0.0 {
        Object::Integer(v as i64)
    } else {
        Object::Real(v)
    }
}

//! The ISBN's EAN-13 symbol, drawn as bars (rules), never as a picture: it stays sharp at
//! any resolution and prints in black ink alone, as printers ask (IngramSpark: «100 % K»).
//!
//! The symbol follows the GS1 General Specifications (§5.2): 95 modules (start guard 101,
//! six left digits in the L or G set chosen by the first digit, centre guard 01010, six
//! right digits in the R set, end guard 101), a module of 0.33 mm at 100 %, bars
//! 22.85 mm high, the guard bars 5 modules longer, quiet zones of 11 modules left and 7
//! right, and the digits below in the quiet zone and under each half.

use crate::typeset::page::{Item, Placed, Point, Role, TextRun};

/// One module at 100 % magnification, in points (0.330 mm).
pub const MODULE: f32 = 0.33 * 72.0 / 25.4;
/// The bars' height at 100 %, in points (22.85 mm).
pub const BAR_HEIGHT: f32 = 22.85 * 72.0 / 25.4;
/// Modules of the symbol with its quiet zones: 11 + 95 + 7.
pub const WIDTH_MODULES: usize = 113;

/// The L set (odd parity) of each digit; the R set is its complement, the G set the R
/// set reversed.
const L: [u8; 10] = [
    0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011, 0b0110001, 0b0101111, 0b0111011,
    0b0110111, 0b0001011,
];

/// Which left digits take the G set, for each first digit (bit 5 is the second digit):
/// the first digit is never drawn, only read back from this pattern.
const PARITY: [u8; 10] = [
    0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110,
    0b011010,
];

/// The seven modules of `digit` in the L, G or R set, dark as `true`.
fn code(digit: u8, set: char) -> [bool; 7] {
    let l = L[usize::from(digit)];
    let mut out = [false; 7];
    for (i, dark) in out.iter_mut().enumerate() {
        let bit = |pattern: u8, at: usize| pattern >> (6 - at) & 1 == 1;
        *dark = match set {
            'L' => bit(l, i),
            'R' => !bit(l, i),
            // G: R read backwards.
            _ => !bit(l, 6 - i),
        };
    }
    out
}

/// The 95 modules of the EAN-13 symbol of `digits` (13 ASCII digits), dark as `true`.
pub fn modules(digits: &str) -> Vec<bool> {
    let d: Vec<u8> = digits.bytes().map(|b| b.wrapping_sub(b'0') % 10).collect();
    let mut out = Vec::with_capacity(95);
    out.extend([true, false, true]);
    let parity = PARITY[usize::from(d.first().copied().unwrap_or(0))];
    for (i, &digit) in d.iter().skip(1).take(6).enumerate() {
        let set = if parity >> (5 - i) & 1 == 1 { 'G' } else { 'L' };
        out.extend(code(digit, set));
    }
    out.extend([false, true, false, true, false]);
    for &digit in d.iter().skip(7).take(6) {
        out.extend(code(digit, 'R'));
    }
    out.extend([true, false, true]);
    out
}

/// The module indices of the guard bars, drawn longer than the rest.
fn is_guard(module: usize) -> bool {
    module < 3 || (45..50).contains(&module) || module >= 92
}

/// The height of the symbol at `scale` from the bars' top to the digits' baseline.
pub fn height(scale: f32) -> f32 {
    (BAR_HEIGHT + 5.0 * MODULE) * scale + 1.0 + DIGIT_SIZE * scale
}

/// The digits' size at 100 % (OCR-B's at that magnification is about 9 pt).
pub const DIGIT_SIZE: f32 = 8.0;

/// The symbol of `digits` at `scale` (1 is 100 %) with its quiet zones, top-left at `at`:
/// bars as rules a module wide and the digits (runs `digit_run` sets) below.
pub fn draw(
    digits: &str,
    at: Point,
    scale: f32,
    digit_run: &mut dyn FnMut(&str) -> TextRun,
) -> Vec<Placed> {
    let module = MODULE * scale;
    let x0 = at.x + 11.0 * module;
    let mut items = Vec::new();
    let dark = modules(digits);
    let mut m = 0;
    // Adjacent dark modules make one bar: one rule each, as wide as they are together.
    while m < dark.len() {
        if !dark[m] {
            m += 1;
            continue;
        }
        let start = m;
        while m < dark.len() && dark[m] {
            m += 1;
        }
        let width = (m - start) as f32 * module;
        let x = x0 + start as f32 * module + width / 2.0;
        let long = if is_guard(start) { 5.0 * module } else { 0.0 };
        items.push(Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point { x, y: at.y },
            role: Role::Figure,
            item: Item::Rule {
                to: Point {
                    x,
                    y: at.y + BAR_HEIGHT * scale + long,
                },
                thickness: width,
            },
        });
    }
    // The digits: the first in the left quiet zone, then six centred under each half.
    let baseline = at.y + height(scale);
    let mut put = |text: &str, centre: f32| {
        let run = digit_run(text);
        items.push(Placed {
            tag: crate::typeset::page::Tag::Artifact,
            at: Point {
                x: centre - run.width / 2.0,
                y: baseline,
            },
            role: Role::Figure,
            item: Item::Text(run),
        });
    };
    let first = digits.get(..1).unwrap_or("");
    put(first, at.x + 5.0 * module);
    put(digits.get(1..7).unwrap_or(""), x0 + (3.0 + 21.0) * module);
    put(digits.get(7..13).unwrap_or(""), x0 + (50.0 + 21.0) * module);
    items
}

/// Reads the digits back from 95 modules, or `None` where they are not an EAN-13
/// symbol: what a scanner does, for the tests.
#[cfg(test)]
pub fn decode(modules: &[bool]) -> Option<String> {
    if modules.len() != 95 {
        return None;
    }
    let guard = |range: std::ops::Range<usize>, want: &[bool]| modules[range] == *want;
    if !guard(0..3, &[true, false, true])
        || !guard(45..50, &[false, true, false, true, false])
        || !guard(92..95, &[true, false, true])
    {
        return None;
    }
    let find = |chunk: &[bool], sets: &[char]| {
        (0..10u8).find_map(|digit| {
            sets.iter()
                .find(|&&set| code(digit, set) == chunk)
                .map(|&set| (digit, set))
        })
    };
    let mut digits = String::new();
    let mut parity = 0u8;
    for i in 0..6 {
        let (digit, set) = find(&modules[3 + 7 * i..10 + 7 * i], &['L', 'G'])?;
        parity = parity << 1 | u8::from(set == 'G');
        digits.push(char::from(b'0' + digit));
    }
    for i in 0..6 {
        let (digit, _) = find(&modules[50 + 7 * i..57 + 7 * i], &['R'])?;
        digits.push(char::from(b'0' + digit));
    }
    let first = PARITY.iter().position(|&p| p == parity)?;
    digits.insert(0, char::from(b'0' + first as u8));
    Some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bits(text: &str) -> Vec<bool> {
        text.bytes().map(|b| b == b'1').collect()
    }

    /// The modules of 9788400000004 as a reference encoder gives them (PyPI
    /// python-barcode 0.15.1: `barcode.get("ean13", "978840000000").build()`).
    #[test]
    fn modules_match_a_reference_encoder() {
        let want = "10101110110001001000100101000110100111000110101010111001011100101110010111001011100101011100101";
        assert_eq!(modules("9788400000004"), bits(want));
    }

    /// Every first digit's parity pattern, as the same reference encoder gives the
    /// symbols of `d12345678901` with their check digits.
    #[test]
    fn every_first_digit_matches_the_reference() {
        for (digits, want) in [
            ("0123456789012", "10100110010010011011110101000110110001010111101010100010010010001110100111001011001101101100101"),
            ("1123456789011", "10100110010010011010000101000110111001000010101010100010010010001110100111001011001101100110101"),
            ("2123456789010", "10100110010010011010000100111010110001000010101010100010010010001110100111001011001101110010101"),
            ("3123456789019", "10100110010010011010000100111010111001010111101010100010010010001110100111001011001101110100101"),
            ("4123456789018", "10100110010011011011110101000110111001000010101010100010010010001110100111001011001101001000101"),
            ("5123456789017", "10100110010011011010000101000110110001000010101010100010010010001110100111001011001101000100101"),
            ("6123456789016", "10100110010011011010000100111010110001010111101010100010010010001110100111001011001101010000101"),
            ("7123456789015", "10100110010011011011110100111010110001000010101010100010010010001110100111001011001101001110101"),
            ("8123456789014", "10100110010011011011110100111010111001010111101010100010010010001110100111001011001101011100101"),
            ("9123456789013", "10100110010011011010000101000110111001010111101010100010010010001110100111001011001101000010101"),
        ] {
            assert_eq!(modules(digits), bits(want), "{digits}");
        }
    }

    #[test]
    fn every_first_digit_reads_back() {
        for first in 0..10 {
            let mut digits = format!("{first}12345678901");
            let sum: u32 = digits
                .bytes()
                .enumerate()
                .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            digits.push(char::from(b'0' + ((10 - sum % 10) % 10) as u8));
            assert_eq!(decode(&modules(&digits)).as_deref(), Some(digits.as_str()));
        }
    }

    /// The drawn rules, read back module by module from their edges, are the symbol.
    #[test]
    fn drawn_bars_decode_to_the_digits() {
        let digits = "9788412345674";
        let mut run = |text: &str| TextRun {
            face: crate::typeset::fonts::FaceId::Mono,
            size: 8.0,
            glyphs: std::sync::Arc::from([]),
            width: 4.0 * text.len() as f32,
            text: text.into(),
            strike: false,
            direction: crate::typeset::page::Direction::Across,
            spaced: false,
            letterspacing: 0.0,
        };
        let scale = 0.9;
        let items = draw(digits, Point { x: 100.0, y: 50.0 }, scale, &mut run);
        let mut dark = vec![false; 95];
        let module = MODULE * scale;
        let x0 = 100.0 + 11.0 * module;
        for p in &items {
            if let Item::Rule { thickness, .. } = p.item {
                let from = ((p.at.x - thickness / 2.0 - x0) / module).round() as usize;
                let to = ((p.at.x + thickness / 2.0 - x0) / module).round() as usize;
                dark[from..to].iter_mut().for_each(|m| *m = true);
            }
        }
        assert_eq!(decode(&dark).as_deref(), Some(digits));
        let text: Vec<&str> = items
            .iter()
            .filter_map(|p| match &p.item {
                Item::Text(run) => Some(&*run.text),
                _ => None,
            })
            .collect();
        assert_eq!(text, ["9", "788412", "345674"]);
    }

    #[test]
    fn a_damaged_symbol_does_not_read() {
        let mut dark = modules("9788400000004");
        dark[46] = !dark[46];
        assert_eq!(decode(&dark), None);
        assert_eq!(decode(&dark[..94]), None);
    }
}

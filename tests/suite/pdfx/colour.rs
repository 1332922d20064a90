//! Colour: which colour spaces each level allows, and the colour operators and inline
//! images of content streams.

use lopdf::content::Content;
use lopdf::{Dictionary, Object};

use super::graphics::DEPTH;
use super::{Checker, Standard};

impl<'a> Checker<'a> {
    /// A content stream's colour operators: `rg`/`RG` paint device RGB, `cs`/`CS` select a
    /// space by name, and inline images carry their own.
    pub(super) fn content(&mut self, bytes: &[u8], resources: Option<&'a Dictionary>, label: &str) {
        // lopdf's content parser panics on some malformed inline images; strict, so that
        // what it cannot read is reported rather than skipped.
        let parsed = std::panic::catch_unwind(|| Content::decode_strict(bytes));
        let operations = match parsed {
            Ok(Ok(content)) => content.operations,
            Ok(Err(e)) => return self.report(format!("{label}'s content cannot be parsed: {e}")),
            Err(_) => return self.report(format!("{label}'s content makes the PDF parser panic")),
        };
        let mut unread_inline = false;
        for operation in &operations {
            let operator = operation.operator.as_str();
            let first = operation.operands.first();
            match operator {
                "rg" | "RG" => {
                    let rgb = Object::Name(b"DeviceRGB".to_vec());
                    if let Some(why) = self.forbidden_space(&rgb, resources, 0) {
                        self.report(format!("{label}: the {operator} operator paints in {why}"));
                    }
                }
                "cs" | "CS" => {
                    if let Some(why) = first.and_then(|s| self.forbidden_space(s, resources, 0)) {
                        self.report(format!("{label}: the {operator} operator selects {why}"));
                    }
                }
                // lopdf hands over the parsed inline image's dictionary as a stream.
                "BI" => match first {
                    Some(Object::Stream(image)) => {
                        let space = image
                            .dict
                            .get(b"CS")
                            .or_else(|_| image.dict.get(b"ColorSpace"));
                        if let Some(why) = space
                            .ok()
                            .and_then(|s| self.forbidden_space(s, resources, 0))
                        {
                            self.report(format!("{label}: an inline image is in {why}"));
                        }
                    }
                    // lopdf skips inline images it cannot decode (a filter, an unusual
                    // colour space): read their dictionaries from the bytes instead.
                    _ => unread_inline = true,
                },
                _ => {}
            }
        }
        if unread_inline {
            self.raw_inline_images(bytes, resources, label);
        }
    }

    /// The colour spaces of inline images, read from the content's bytes: each `BI`
    /// token's dictionary up to `ID`, the value of its `/CS` or `/ColorSpace`.
    fn raw_inline_images(&mut self, bytes: &[u8], resources: Option<&'a Dictionary>, label: &str) {
        let tokens = tokens(bytes);
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i] != b"BI" {
                i += 1;
                continue;
            }
            let end = (i..tokens.len())
                .find(|&j| tokens[j] == b"ID")
                .unwrap_or(tokens.len());
            let dict = &tokens[i + 1..end];
            for at in 0..dict.len() {
                if dict[at] != b"/CS" && dict[at] != b"/ColorSpace" {
                    continue;
                }
                let value: Vec<Object> = match dict.get(at + 1) {
                    Some(&b"[") => dict[at + 2..]
                        .iter()
                        .take_while(|t| **t != b"]")
                        .filter_map(|t| t.strip_prefix(b"/"))
                        .map(|n| Object::Name(n.to_vec()))
                        .collect(),
                    Some(t) if t.starts_with(b"/") => vec![Object::Name(t[1..].to_vec())],
                    _ => continue,
                };
                let space = if value.len() == 1 {
                    value[0].clone()
                } else {
                    Object::Array(value)
                };
                if let Some(why) = self.forbidden_space(&space, resources, 0) {
                    self.report(format!("{label}: an inline image is in {why}"));
                }
            }
            i = end;
        }
    }

    /// Why `space` may not be used, if it may not: for X-1a:2001 anything but DeviceCMYK,
    /// DeviceGray, and Separation, DeviceN, Indexed and Pattern spaces built on them; for
    /// X-4, device RGB unless the output intent is RGB or the resources map it to a
    /// DefaultRGB space (ICC and CIE-based spaces are X-4's own).
    pub(super) fn forbidden_space(
        &self,
        space: &Object,
        resources: Option<&'a Dictionary>,
        depth: usize,
    ) -> Option<String> {
        if depth > DEPTH {
            return None;
        }
        let x1a = self.standard == Standard::X1a2001;
        let space = self.resolve(space);
        let (family, rest) = match space {
            Object::Name(name) => (name.as_slice(), &[][..]),
            Object::Array(array) => {
                let (first, rest) = array.split_first()?;
                (self.resolve(first).as_name().ok()?, rest)
            }
            _ => return None,
        };
        let nested = |at: usize| {
            rest.get(at)
                .and_then(|s| self.forbidden_space(s, resources, depth + 1))
        };
        match family {
            b"DeviceGray" | b"G" | b"DeviceCMYK" | b"CMYK" => None,
            b"Pattern" => nested(0),
            b"Indexed" | b"I" => nested(0).map(|why| format!("an Indexed space on {why}")),
            b"Separation" => nested(1).map(|why| format!("a Separation whose alternate is {why}")),
            b"DeviceN" => nested(1).map(|why| format!("a DeviceN whose alternate is {why}")),
            b"DeviceRGB" | b"RGB" => {
                let default = resources
                    .and_then(|r| self.dict_at(r, b"ColorSpace"))
                    .is_some_and(|c| c.has(b"DefaultRGB"));
                if x1a {
                    Some("DeviceRGB".to_string())
                } else if self.rgb_intent || default {
                    None
                } else {
                    Some("DeviceRGB without an RGB output intent or DefaultRGB".to_string())
                }
            }
            b"ICCBased" | b"CalRGB" | b"CalGray" | b"Lab" => x1a.then(|| {
                format!(
                    "{} (device-independent colour)",
                    String::from_utf8_lossy(family)
                )
            }),
            // Any other name is a resource of the content's ColorSpace dictionary.
            name if rest.is_empty() => {
                let named = resources.and_then(|r| self.dict_at(r, b"ColorSpace"))?;
                let space = named.get(name).ok()?;
                let why = self.forbidden_space(space, None, depth + 1)?;
                Some(format!("/{} ({why})", String::from_utf8_lossy(name)))
            }
            _ => None,
        }
    }
}

/// Content bytes split into rough tokens: names (with their slash), brackets and runs of
/// other non-space characters. Enough to read an inline image's dictionary.
fn tokens(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() || c == 0 {
            i += 1;
        } else if matches!(c, b'[' | b']') {
            out.push(&bytes[i..i + 1]);
            i += 1;
        } else {
            let start = i;
            i += 1;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !b"[]/<>()".contains(&bytes[i])
            {
                i += 1;
            }
            out.push(&bytes[start..i]);
        }
    }
    out
}

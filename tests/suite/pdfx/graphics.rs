//! The graphics of every page: resources (fonts, colour spaces, XObjects, patterns,
//! shadings, graphics states), followed recursively into forms, patterns and Type 3
//! glyphs; the colour of content streams is [`super::colour`]'s.

use lopdf::{Dictionary, Object, ObjectId};

use super::{Checker, Standard};

/// How deep colour spaces (Indexed on Separation on …) and resources are followed: far
/// beyond any real file, short of a stack overflow on a hostile one.
pub(super) const DEPTH: usize = 16;

/// The check of one resource entry: its value, the resource dictionary holding it (the
/// scope of names it uses), its label and the depth of resources it is in.
type EntryCheck<'a> = fn(&mut Checker<'a>, &'a Object, &'a Dictionary, &str, usize);

impl<'a> Checker<'a> {
    /// A page's transparency group, resources and content.
    pub(super) fn page(&mut self, id: ObjectId, page: &'a Dictionary, label: &str) {
        self.group(page, label);
        let resources = self.inherited(page, b"Resources");
        if let Some(resources) = resources {
            self.resources(resources, label, 0);
        }
        let resources = resources.and_then(|r| self.dict(r));
        let mut content = Vec::new();
        for stream in self.doc.get_page_contents(id) {
            let stream = self.doc.get_object(stream).and_then(Object::as_stream);
            match stream.and_then(|s| s.decompressed_content()) {
                Ok(bytes) => content.extend(bytes),
                Err(e) => return self.report(format!("{label}'s content cannot be decoded: {e}")),
            }
            content.push(b'\n');
        }
        self.content(&content, resources, label);
    }

    /// X-1a:2001 is PDF 1.3, before transparency: no page or form is a transparency group.
    pub(super) fn group(&mut self, dict: &'a Dictionary, label: &str) {
        let group = self.dict_at(dict, b"Group");
        if self.standard == Standard::X1a2001
            && group.is_some_and(|g| self.name_at(g, b"S") == Some(b"Transparency"))
        {
            self.report(format!("{label} is a transparency group"));
        }
    }

    /// Each entry of a resource dictionary, each indirect object once.
    pub(super) fn resources(&mut self, resources: &'a Object, label: &str, depth: usize) {
        if depth > DEPTH || !self.first_visit(resources) {
            return;
        }
        let Some(resources) = self.dict(resources) else {
            return;
        };
        let categories: [(&[u8], EntryCheck<'a>); 6] = [
            (b"Font", Self::font),
            (b"ColorSpace", Self::colour_space),
            (b"XObject", Self::xobject),
            (b"Pattern", Self::pattern),
            (b"Shading", Self::shading),
            (b"ExtGState", Self::ext_gstate),
        ];
        for (category, check) in categories {
            let Some(entries) = self.dict_at(resources, category) else {
                continue;
            };
            for (name, value) in entries {
                if self.first_visit(value) {
                    let label = format!(
                        "{label}, {} /{}",
                        kind(category),
                        String::from_utf8_lossy(name)
                    );
                    check(self, value, resources, &label, depth);
                }
            }
        }
    }

    /// Every font must be embedded, a composite font's descendant included; Type 3 glyphs
    /// are content streams, checked like any other.
    fn font(&mut self, font: &'a Object, _: &'a Dictionary, label: &str, depth: usize) {
        let Some(font) = self.dict(font) else {
            return self.report(format!("{label} is not a font dictionary"));
        };
        let base = self.name_at(font, b"BaseFont").map(String::from_utf8_lossy);
        let label = format!("{label} ({})", base.as_deref().unwrap_or("no BaseFont"));
        let described = match self.name_at(font, b"Subtype") {
            Some(b"Type3") => {
                let resources = font.get(b"Resources").ok();
                if let Some(resources) = resources {
                    self.resources(resources, &label, depth + 1);
                }
                let resources = resources.and_then(|r| self.dict(r));
                let procs = self.dict_at(font, b"CharProcs").into_iter().flatten();
                for (_, glyph) in procs {
                    if let Ok(glyph) = self.resolve(glyph).as_stream() {
                        let bytes = glyph.decompressed_content().unwrap_or_default();
                        self.content(&bytes, resources, &label);
                    }
                }
                return;
            }
            Some(b"Type0") => {
                let descendants = self
                    .get(font, b"DescendantFonts")
                    .and_then(|d| d.as_array().ok());
                descendants
                    .and_then(|d| d.first())
                    .and_then(|d| self.dict(d))
            }
            _ => Some(font),
        };
        let descriptor = described.and_then(|f| self.dict_at(f, b"FontDescriptor"));
        let embedded = descriptor.is_some_and(|d| {
            [&b"FontFile"[..], b"FontFile2", b"FontFile3"]
                .iter()
                .any(|key| matches!(self.get(d, key), Some(Object::Stream(_))))
        });
        if !embedded {
            self.report(format!("{label} is not embedded"));
        }
        // An OpenType font program (`/FontFile3 /Subtype /OpenType`) came with PDF 1.6:
        // a PDF 1.3 reader cannot take it.
        let opentype = descriptor
            .and_then(|d| self.get(d, b"FontFile3"))
            .and_then(|f| f.as_stream().ok())
            .is_some_and(|f| {
                f.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"OpenType")
            });
        if opentype && self.standard == Standard::X1a2001 {
            self.report(format!(
                "{label} is embedded as OpenType, which PDF 1.3 does not have"
            ));
        }
    }

    fn colour_space(
        &mut self,
        space: &'a Object,
        resources: &'a Dictionary,
        label: &str,
        _: usize,
    ) {
        if let Some(why) = self.forbidden_space(space, Some(resources), 0) {
            self.report(format!("{label} is {why}"));
        }
    }

    fn xobject(
        &mut self,
        xobject: &'a Object,
        resources: &'a Dictionary,
        label: &str,
        depth: usize,
    ) {
        let Ok(stream) = self.resolve(xobject).as_stream() else {
            return self.report(format!("{label} is not a stream"));
        };
        match self.name_at(&stream.dict, b"Subtype") {
            Some(b"Image") => self.image(&stream.dict, Some(resources), label),
            Some(b"Form") => {
                self.group(&stream.dict, label);
                if stream.dict.has(b"Ref") {
                    self.report(format!(
                        "{label} is a reference XObject (its content is in another file)"
                    ));
                }
                if stream.dict.has(b"OPI") {
                    self.report(format!(
                        "{label} has OPI comments (its content is replaced at print time)"
                    ));
                }
                // A form without resources uses those of the page that paints it (PDF 1.3).
                let own = stream.dict.get(b"Resources").ok();
                if let Some(own) = own {
                    self.resources(own, label, depth + 1);
                }
                let scope = own.and_then(|r| self.dict(r)).unwrap_or(resources);
                match stream.decompressed_content() {
                    Ok(bytes) => self.content(&bytes, Some(scope), label),
                    Err(e) => self.report(format!("{label}'s content cannot be decoded: {e}")),
                }
            }
            // PostScript XObjects are reported by the scan of every object.
            _ => {}
        }
    }

    /// An image: its colour space; for X-1a:2001 no soft mask and no filter PDF 1.3
    /// lacks; for both, no OPI proxy and no alternate that prints instead of it.
    fn image(&mut self, image: &'a Dictionary, resources: Option<&'a Dictionary>, label: &str) {
        let mask = self.get(image, b"ImageMask").and_then(|m| m.as_bool().ok());
        if mask != Some(true) {
            let space = self.get(image, b"ColorSpace");
            if let Some(why) = space.and_then(|s| self.forbidden_space(s, resources, 0)) {
                self.report(format!("{label} is in {why}"));
            }
        }
        if self.standard == Standard::X1a2001 {
            if image.has(b"SMask") {
                self.report(format!(
                    "{label} has a soft mask (/SMask), which is transparency"
                ));
            }
            let in_data = self
                .get(image, b"SMaskInData")
                .and_then(|s| s.as_i64().ok());
            if in_data.is_some_and(|s| s != 0) {
                self.report(format!(
                    "{label} has a soft mask in its data (/SMaskInData)"
                ));
            }
            let filters = self.get(image, b"Filter").map(|f| match f {
                Object::Array(a) => a.iter().filter_map(|f| f.as_name().ok()).collect(),
                other => other.as_name().ok().into_iter().collect::<Vec<_>>(),
            });
            for filter in filters.into_iter().flatten() {
                if filter == b"JPXDecode" || filter == b"JBIG2Decode" {
                    let filter = String::from_utf8_lossy(filter);
                    self.report(format!("{label} uses {filter}, which PDF 1.3 lacks"));
                }
            }
        }
        if image.has(b"OPI") {
            self.report(format!(
                "{label} has OPI comments (its content is replaced at print time)"
            ));
        }
        let alternates = self
            .get(image, b"Alternates")
            .and_then(|a| a.as_array().ok());
        let printing = alternates.into_iter().flatten().any(|a| {
            let alternate = self.dict(a);
            let default = alternate.and_then(|a| self.get(a, b"DefaultForPrinting"));
            default.and_then(|d| d.as_bool().ok()) == Some(true)
        });
        if printing {
            self.report(format!(
                "{label} has an alternate image that prints instead of it"
            ));
        }
    }

    /// A tiling pattern has resources and content of its own; a shading pattern, a
    /// shading and a graphics state.
    fn pattern(
        &mut self,
        pattern: &'a Object,
        resources: &'a Dictionary,
        label: &str,
        depth: usize,
    ) {
        let Some(dict) = self.dict(pattern) else {
            return;
        };
        if let Ok(shading) = dict.get(b"Shading") {
            self.shading(shading, resources, label, depth);
        }
        if let Ok(state) = dict.get(b"ExtGState") {
            self.ext_gstate(state, resources, label, depth);
        }
        let own = dict.get(b"Resources").ok();
        if let Some(own) = own {
            self.resources(own, label, depth + 1);
        }
        if let Ok(stream) = self.resolve(pattern).as_stream() {
            let scope = own.and_then(|r| self.dict(r));
            let bytes = stream.decompressed_content().unwrap_or_default();
            self.content(&bytes, scope, label);
        }
    }

    fn shading(&mut self, shading: &'a Object, resources: &'a Dictionary, label: &str, _: usize) {
        let space = self.dict(shading).and_then(|s| self.get(s, b"ColorSpace"));
        if let Some(why) = space.and_then(|s| self.forbidden_space(s, Some(resources), 0)) {
            self.report(format!("{label} is in {why}"));
        }
    }

    /// Transfer functions are forbidden at every level (they would change the separations
    /// behind the printer's back); X-1a:2001 also has no soft masks, constant opacity or
    /// blend modes (PDF 1.4 transparency).
    fn ext_gstate(&mut self, state: &'a Object, _: &'a Dictionary, label: &str, _: usize) {
        let Some(state) = self.dict(state) else {
            return;
        };
        if state.has(b"TR") {
            self.report(format!("{label} sets a transfer function (/TR)"));
        }
        if self
            .get(state, b"TR2")
            .is_some_and(|t| t.as_name().ok() != Some(b"Default"))
        {
            self.report(format!("{label} sets a transfer function (/TR2)"));
        }
        if self.standard != Standard::X1a2001 {
            return;
        }
        if self
            .get(state, b"SMask")
            .is_some_and(|m| m.as_name().ok() != Some(b"None"))
        {
            self.report(format!(
                "{label} sets a soft mask (/SMask), which is transparency"
            ));
        }
        for key in ["CA", "ca"] {
            let alpha = self
                .get(state, key.as_bytes())
                .and_then(|a| a.as_float().ok());
            if alpha.is_some_and(|a| a != 1.0) {
                self.report(format!(
                    "{label} sets opacity /{key} below 1, which is transparency"
                ));
            }
        }
        let modes = match self.get(state, b"BM") {
            Some(Object::Array(modes)) => modes.iter().collect(),
            Some(mode) => vec![mode],
            None => vec![],
        };
        for mode in modes {
            let mode = self.resolve(mode).as_name().unwrap_or(b"?");
            if mode != b"Normal" && mode != b"Compatible" {
                let mode = String::from_utf8_lossy(mode);
                self.report(format!(
                    "{label} sets blend mode /{mode}, which is transparency"
                ));
            }
        }
    }

    /// Images no page paints are still images of the file: a PDF/X reader may not be
    /// asked to ignore what it cannot print.
    pub(super) fn unreached_images(&mut self) {
        let doc = self.doc;
        for (&id, object) in &doc.objects {
            let Object::Stream(stream) = object else {
                continue;
            };
            if self.name_at(&stream.dict, b"Subtype") == Some(b"Image") && self.seen.insert(id) {
                self.image(
                    &stream.dict,
                    None,
                    &format!("image object {} {}", id.0, id.1),
                );
            }
        }
    }
}

/// What a resource category holds, for messages.
fn kind(category: &[u8]) -> &'static str {
    match category {
        b"Font" => "font",
        b"ColorSpace" => "colour space",
        b"XObject" => "XObject",
        b"Pattern" => "pattern",
        b"Shading" => "shading",
        _ => "graphics state",
    }
}

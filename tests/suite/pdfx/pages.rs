//! The pages' boxes and annotations, and the scan of every object for actions and
//! PostScript.

use lopdf::{Dictionary, Object, ObjectId};

use super::Checker;

impl<'a> Checker<'a> {
    /// Every page: its boxes, no annotations or actions, then its graphics.
    pub(super) fn pages(&mut self) {
        let pages = self.doc.get_pages();
        if pages.is_empty() {
            self.report("the document has no pages".to_string());
        }
        for (number, id) in pages {
            let Ok(page) = self.doc.get_dictionary(id) else {
                continue;
            };
            let label = format!("page {number}");
            self.boxes(page, &label);
            // Stricter than the standard, which allows printer's marks and trap networks
            // outside the bleed: a book interior has no annotations at all.
            if self
                .get(page, b"Annots")
                .and_then(|a| a.as_array().ok())
                .is_some_and(|a| !a.is_empty())
            {
                self.report(format!("{label} has annotations (/Annots)"));
            }
            self.page(id, page, &label);
        }
    }

    /// An attribute pages inherit from their parents (MediaBox, CropBox, Resources).
    pub(super) fn inherited(&self, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
        let mut node = page;
        for _ in 0..32 {
            if let Some(value) = node.get(key).ok().filter(|v| !self.resolve(v).is_null()) {
                return Some(value);
            }
            node = self.dict_at(node, b"Parent")?;
        }
        None
    }

    /// `obj` as a rectangle, normalised to lower-left and upper-right corners.
    fn rect(&self, obj: &'a Object) -> Option<[f32; 4]> {
        let array = self.resolve(obj).as_array().ok()?;
        let n: Vec<f32> = array
            .iter()
            .filter_map(|o| self.resolve(o).as_float().ok())
            .collect();
        let [x0, y0, x1, y1] = n[..] else { return None };
        Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
    }

    /// The page boxes say where the page is cut: a TrimBox or an ArtBox (not both), the
    /// BleedBox within the MediaBox and CropBox, and the trim within the bleed.
    fn boxes(&mut self, page: &'a Dictionary, label: &str) {
        // MediaBox and CropBox are inherited from the page tree; the others are not.
        let keys = [
            ("MediaBox", true),
            ("CropBox", true),
            ("BleedBox", false),
            ("TrimBox", false),
            ("ArtBox", false),
        ];
        let mut found = [None; 5];
        for (slot, (key, inherits)) in found.iter_mut().zip(keys) {
            let value = if inherits {
                self.inherited(page, key.as_bytes())
            } else {
                page.get(key.as_bytes()).ok()
            };
            match value.map(|v| self.rect(v)) {
                Some(Some(rect)) => *slot = Some((key, rect)),
                Some(None) => self.report(format!("{label}'s {key} is not a rectangle")),
                None => {}
            }
        }
        let [media, crop, bleed, trim, art] = found;
        let Some(media) = media else {
            return self.report(format!("{label} has no MediaBox"));
        };
        match (trim, art) {
            (Some(_), Some(_)) => self.report(format!("{label} has both a TrimBox and an ArtBox")),
            (None, None) => self.report(format!("{label} has neither a TrimBox nor an ArtBox")),
            _ => {}
        }
        if let Some(bleed) = bleed {
            self.within(label, bleed, media);
            if let Some(crop) = crop {
                self.within(label, bleed, crop);
            }
        }
        for cut in trim.into_iter().chain(art) {
            self.within(label, cut, bleed.unwrap_or(media));
        }
    }

    /// Reports `inner` when it reaches outside `outer` by more than a hundredth of a point.
    fn within(&mut self, label: &str, inner: (&str, [f32; 4]), outer: (&str, [f32; 4])) {
        const TOLERANCE: f32 = 0.01;
        let (i, o) = (inner.1, outer.1);
        let inside = i[0] >= o[0] - TOLERANCE
            && i[1] >= o[1] - TOLERANCE
            && i[2] <= o[2] + TOLERANCE
            && i[3] <= o[3] + TOLERANCE;
        if !inside {
            self.report(format!(
                "{label}'s {} {} extends beyond its {} {}",
                inner.0,
                show(i),
                outer.0,
                show(o)
            ));
        }
    }

    /// Reads every object for what is forbidden wherever it is: actions (JavaScript,
    /// additional actions) and PostScript XObjects, whose output no RIP can predict.
    pub(super) fn scan_objects(&mut self) {
        let doc = self.doc;
        for (&id, object) in &doc.objects {
            self.scan(object, id, 0);
        }
    }

    fn scan(&mut self, object: &'a Object, id: ObjectId, depth: usize) {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            Object::Array(a) if depth < 32 => {
                return a.iter().for_each(|o| self.scan(o, id, depth + 1));
            }
            _ => return,
        };
        let at = format!("object {} {}", id.0, id.1);
        if dict.has(b"AA") {
            self.report(format!("{at} has additional actions (/AA)"));
        }
        // /A is an action only where it has a type /S (structure elements use /A too).
        if dict
            .get(b"A")
            .ok()
            .and_then(|a| self.dict(a))
            .is_some_and(|a| a.has(b"S"))
        {
            self.report(format!("{at} has an action (/A)"));
        }
        if self.name_at(dict, b"S") == Some(b"JavaScript") || dict.has(b"JS") {
            self.report(format!("{at} is a JavaScript action"));
        }
        let subtype = self.name_at(dict, b"Subtype");
        if subtype == Some(b"PS") || self.name_at(dict, b"Subtype2") == Some(b"PS") {
            self.report(format!("{at} is a PostScript XObject"));
        }
        if depth < 32 {
            dict.iter().for_each(|(_, v)| self.scan(v, id, depth + 1));
        }
    }
}

/// A rectangle as PDF writes it.
fn show(r: [f32; 4]) -> String {
    format!("[{} {} {} {}]", r[0], r[1], r[2], r[3])
}

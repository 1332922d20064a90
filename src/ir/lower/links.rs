//! Link destinations and heading ids.

use std::path::Path;

use pulldown_cmark::LinkType;

use super::{Lowerer, BROKEN_LINK};
use crate::ir::slug::{is_valid_id, slugify};
use crate::ir::{Inline, LinkTarget, Loc};

impl Lowerer<'_, '_> {
    pub(super) fn link_target(
        &mut self,
        link_type: LinkType,
        dest: &str,
        loc: &Loc,
    ) -> Option<LinkTarget> {
        if matches!(link_type, LinkType::Email) {
            return Some(LinkTarget::External(format!("mailto:{dest}")));
        }
        let dest = dest.trim();
        if let Some(scheme_end) = dest.find(':') {
            let scheme = dest[..scheme_end].to_ascii_lowercase();
            if !dest[..scheme_end].contains('/') {
                if matches!(scheme.as_str(), "http" | "https" | "mailto" | "ftp" | "tel") {
                    return Some(LinkTarget::External(dest.to_string()));
                }
                self.warn(
                    BROKEN_LINK,
                    loc,
                    format!("link with scheme `{scheme}:` removed; only http, https, mailto, ftp and tel are kept"),
                );
                return None;
            }
        }
        let (file, anchor) = match dest.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let chapter = if file.is_empty() {
            Some(self.index)
        } else {
            self.chapter_named(file)
        };
        let Some(chapter) = chapter else {
            self.warn(
                BROKEN_LINK,
                loc,
                format!("link to `{dest}`, which is not a chapter of this book"),
            );
            return None;
        };
        if let Some(anchor) = &anchor {
            self.anchored_links
                .push((chapter, anchor.clone(), loc.clone()));
        }
        Some(LinkTarget::Internal { chapter, anchor })
    }

    /// The chapter a link's file names: its path from this chapter's folder, else from
    /// the manuscript's; `x.html` or `x.xhtml` is chapter `x.md`, as mdBook and other
    /// tools that publish Markdown as web pages write their links.
    fn chapter_named(&self, file: &str) -> Option<usize> {
        let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy();
        let here = self
            .cx
            .chapter_files
            .get(self.index)
            .and_then(|f| f.parent())
            .unwrap_or(Path::new(""));
        let candidates = [
            crate::paths::normalise(&here.join(&*file)),
            crate::paths::normalise(Path::new(&*file)),
        ];
        candidates.iter().flatten().find_map(|wanted| {
            let as_markdown = match wanted.extension().and_then(|e| e.to_str()) {
                Some("html" | "xhtml" | "htm") => Some(wanted.with_extension("md")),
                _ => None,
            };
            self.cx
                .chapter_files
                .iter()
                .position(|f| f == wanted || as_markdown.as_deref() == Some(f.as_path()))
        })
    }

    pub(super) fn heading_id(&mut self, explicit: Option<String>, content: &[Inline]) -> String {
        let base = match explicit {
            Some(id) if is_valid_id(&id) => id,
            Some(id) => slugify(&id),
            None => slugify(&crate::ir::plain_text(content)),
        };
        let base = match base.chars().next() {
            None => "seccion".to_string(),
            Some(c) if !c.is_ascii_alphabetic() => format!("s-{base}"),
            Some(_) => base,
        };
        let mut id = base.clone();
        let mut n = 1;
        while is_note_id(&id) || !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }
}

/// Whether `id` is in the space the footnotes' ids take (`nota.3`, `ref.3`), or the
/// printed pages' markers in the EPUB (`pagina.iv`, `pagina.37`), which a heading's
/// explicit id must not enter.
fn is_note_id(id: &str) -> bool {
    ["nota.", "ref.", "pagina."].iter().any(|prefix| {
        id.strip_prefix(prefix).is_some_and(|n| {
            !n.is_empty()
                && n.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
        })
    })
}

//! The frame of every content document: its head (the title, the stylesheets) and its
//! body.

use std::fmt::Write as _;

use super::Context;
use crate::xml::{attr, push_text};

/// A complete XHTML content document around `body` (already markup).
pub(crate) fn document(ctx: &Context, title: &str, body_class: Option<&str>, body: &str) -> String {
    page(ctx, title, body_class, body, false)
}

/// A content document; `drop_caps` links the drop cap stylesheet too.
pub(super) fn page(
    ctx: &Context,
    title: &str,
    body_class: Option<&str>,
    body: &str,
    drop_caps: bool,
) -> String {
    let mut out = String::with_capacity(body.len() + 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
    let _ = writeln!(
        out,
        "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\" dir=\"{dir}\">",
        lang = attr(ctx.lang),
        dir = ctx.dir
    );
    out.push_str("<head>\n<meta charset=\"utf-8\"/>\n<title>");
    push_text(&mut out, title);
    out.push_str(
        "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n",
    );
    if drop_caps {
        let _ = writeln!(
            out,
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"{}\"/>",
            crate::epub::css_style::DROP_CAPS_FILE
        );
    }
    out.push_str("</head>\n");
    match body_class {
        Some(class) => {
            let _ = writeln!(out, "<body class=\"{class}\">");
        }
        None => out.push_str("<body>\n"),
    }
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

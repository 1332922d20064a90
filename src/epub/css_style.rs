//! The rules the book's style adds to the stylesheet (its ornament, its titles, its
//! chapter openings), and the drop cap's stylesheet of its own.

use std::fmt::Write as _;

/// The rules `style` adds to the main stylesheet; none of them is one RMSDK cannot read.
pub(crate) fn rules(style: &crate::ir::Style) -> String {
    let mut css = String::new();
    // The book's style: its ornament between scenes, and its titles flush left when the
    // printed openings are.
    let ornament = style.ornament.replace('\\', "\\\\").replace('"', "\\\"");
    let _ = writeln!(css, "\nhr.escena:after {{\n  content: \"{ornament}\";\n}}");
    if style.title_align == crate::ir::TitleAlign::Left {
        css.push_str("\nsection.capitulo h1 {\n  text-align: left;\n}\n");
    }
    if style.scene_image.is_some() {
        // The image between scenes, as tall as the printed one: a capital and a
        // descender.
        css.push_str(
            "\ndiv.escena {\n  margin: 1em 0;\n  text-align: center;\n  text-indent: 0;\n  \
             page-break-after: avoid;\n  break-after: avoid;\n}\n\ndiv.escena img {\n  \
             height: 1.2em;\n  width: auto;\n}\n\ndiv.escena + p {\n  text-indent: 0;\n}\n",
        );
    }
    if !style.opening.is_plain() {
        // The opening paragraph is flush, and what follows a short one clears its drop
        // cap.
        css.push_str("\np.inicial {\n  text-indent: 0;\n}\n\np.inicial + p {\n  clear: left;\n}\n");
    }
    if style.opening.small_caps {
        css.push_str(
            "\np.versalitas:first-line {\n  font-variant: small-caps;\n  letter-spacing: 0.05em;\n}\n",
        );
    }
    css
}

/// The drop cap stylesheet's name in the package.
pub(crate) const DROP_CAPS_FILE: &str = "capitulares.css";

/// The drop cap's own stylesheet, apart from the main one because it needs `@supports`:
/// RMSDK (Kobo's and many Android readers' engine) drops a stylesheet it cannot parse,
/// and its readers then show a plain letter, as does any reader without `float`. The
/// letter floats, sized to sink about `lines` lines at an e-reader's usual leading
/// (`initial-letter` would sink it exactly, but Chromium, for one, takes the property in
/// `@supports` and still sets a span plain).
pub(crate) fn drop_caps(drop: crate::ir::DropCap) -> String {
    let lines = drop.lines.clamp(2, 3);
    let size = if lines == 3 { "3.9em" } else { "2.7em" };
    let weight = if drop.bold { "bold" } else { "normal" };
    format!(
        "/* The chapter's initial, dropped {lines} lines. */\n\
         @supports (float: left) {{\n  span.capitular {{\n    float: left;\n    font-size: {size};\n    \
         line-height: 0.8;\n    font-weight: {weight};\n    margin: 0.06em 0.08em 0 0;\n  }}\n}}\n"
    )
}

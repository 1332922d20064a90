//! The one stylesheet, written for e-readers including Adobe RMSDK (Kobo, many Android
//! readers), which drops a whole stylesheet it cannot parse: no `rem`, `calc()`, custom
//! properties, `@supports` or `:not()`. No body font size or colour is fixed, so the
//! reader's settings win; sizes and margins are in `em`.

use std::fmt::Write as _;

/// One embedded face, as `@font-face` declares it.
pub(crate) struct FontFace {
    pub family: String,
    pub style: &'static str,
    pub weight: &'static str,
    /// Relative to the stylesheet (`fuentes/serif-regular.ttf`).
    pub href: String,
    /// For an extra face, the characters it is for (see `fonts::unicode_range`).
    pub unicode_range: Option<String>,
}

/// A family name safe inside a CSS string.
pub(crate) fn family_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "imprenta".to_string()
    } else {
        cleaned
    }
}

/// The stylesheet for a book with these embedded faces and families; `extra` are the
/// families of the extra faces (other scripts), tried after the book's own.
pub(crate) fn stylesheet(
    faces: &[FontFace],
    serif: Option<&str>,
    mono: Option<&str>,
    extra: &[String],
    style: &crate::ir::Style,
) -> String {
    let mut css = String::new();
    for face in faces {
        let range = face
            .unicode_range
            .as_ref()
            .map(|range| format!("\n  unicode-range: {range};"))
            .unwrap_or_default();
        let _ = write!(
            css,
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"{}\");{range}\n}}\n\n",
            face.family, face.style, face.weight, face.href
        );
    }
    let list = |own: Option<&str>, generic: &str| {
        own.into_iter()
            .chain(extra.iter().map(String::as_str))
            .map(|family| format!("\"{family}\", "))
            .chain([generic.to_string()])
            .collect::<String>()
    };
    let serif = list(serif, "serif");
    let mono = list(mono, "monospace");
    let _ = writeln!(
        css,
        "body {{\n  font-family: {serif};\n  margin: 0 0.5em;\n  widows: 2;\n  orphans: 2;\n}}\n"
    );
    let _ = writeln!(css, "code, pre, kbd, samp {{\n  font-family: {mono};\n}}\n");
    css.push_str(RULES);
    css.push_str(super::css_pages::PAGES);
    css.push_str(&super::css_style::rules(style));
    css
}

const RULES: &str = r#"p, li, td, th, dd, figcaption, blockquote {
  /* A URL or a word longer than the column breaks where it must instead of running
     out of the page (epub.js and WebKit readers overflow it); RMSDK reads word-break. */
  overflow-wrap: break-word;
  word-wrap: break-word;
}

img.en-linea {
  height: 1em;
  width: auto;
  vertical-align: -0.2em;
}

p {
  margin: 0;
  text-indent: 1em;
  text-align: justify;
  -webkit-hyphens: auto;
  -epub-hyphens: auto;
  -moz-hyphens: auto;
  -ms-hyphens: auto;
  hyphens: auto;
  adobe-hyphenate: auto;
}

h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p,
hr + p, blockquote + p, figure + p, div.figura + p, pre + p, table + p, ul + p, ol + p {
  text-indent: 0;
}

section.capitulo, section.parte, section.dedicatoria, section.epigrafe, section.colofon {
  page-break-before: always;
  break-before: page;
}

h1, h2, h3, h4, h5, h6 {
  font-weight: normal;
  line-height: 1.2;
  text-indent: 0;
  text-align: left;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  -moz-hyphens: manual;
  hyphens: manual;
  adobe-hyphenate: none;
  page-break-after: avoid;
  break-after: avoid;
  page-break-inside: avoid;
  break-inside: avoid;
}

h1 {
  font-size: 1.6em;
  text-align: center;
  margin: 2em 0 1.5em 0;
}

h2 {
  font-size: 1.1em;
  font-weight: bold;
  margin: 1.5em 0 0.75em 0;
}

h3, h4, h5, h6 {
  font-size: 1em;
  margin: 1.2em 0 0.5em 0;
}

h3 {
  font-weight: bold;
  font-style: italic;
}

h4, h6 {
  font-style: italic;
}

h5, h6 {
  font-variant: small-caps;
  letter-spacing: 0.05em;
}

em, i {
  font-style: italic;
}

em em {
  font-style: normal;
}

strong, b, th {
  font-weight: bold;
}

span.versalita {
  font-variant: small-caps;
  letter-spacing: 0.05em;
}

/* The chapter's label over its title, in small caps, as on the printed opening. */
h1 span.etiqueta {
  display: block;
  font-size: 0.6em;
  font-variant: small-caps;
  text-transform: lowercase;
  letter-spacing: 0.05em;
  margin-bottom: 0.8em;
}

section.accesibilidad h2 {
  font-size: 1em;
  font-weight: normal;
  margin: 1.5em 0 0.5em 0;
}

section.accesibilidad p {
  text-indent: 0;
}

sup, sub {
  font-size: 0.75em;
  line-height: 0;
}

sup {
  vertical-align: super;
}

sub {
  vertical-align: sub;
}

blockquote {
  margin: 0.75em 1.5em;
  font-size: 0.9em;
}

blockquote p {
  text-indent: 0;
}

blockquote p + p {
  text-indent: 1em;
}

/* The rayas of a quoted exchange stand one under the other, the first speech's too. */
blockquote > p.dialogo {
  text-indent: 1em;
}

hr.escena {
  border: 0;
  margin: 1em 0;
  height: 1.4em;
  text-align: center;
  page-break-after: avoid;
  break-after: avoid;
}


ul, ol {
  margin: 0.5em 0 0.5em 1.5em;
  padding: 0;
}

li p {
  text-indent: 0;
}

li.tarea {
  list-style-type: none;
}

pre {
  margin: 0.75em 0 0.75em 1em;
  font-size: 0.85em;
  line-height: 1.3;
  white-space: pre-wrap;
  text-align: left;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  hyphens: manual;
}

code {
  font-size: 0.9em;
}

pre code {
  font-size: 1em;
}

table {
  border-collapse: collapse;
  margin: 1em auto;
  font-size: 0.9em;
  border-bottom: 1px solid;
}

thead th {
  border-top: 1px solid;
  border-bottom: 1px solid;
}

th, td {
  padding: 0.2em 0.5em;
  vertical-align: top;
  text-align: left;
}

th.izquierda, td.izquierda {
  text-align: left;
}

th.centro, td.centro {
  text-align: center;
}

th.derecha, td.derecha {
  text-align: right;
}

figure, div.figura {
  margin: 1em 0;
  text-align: center;
  text-indent: 0;
  page-break-inside: avoid;
  break-inside: avoid;
}

img {
  max-width: 100%;
  height: auto;
}

figcaption {
  margin-top: 0.5em;
  font-size: 0.9em;
  font-style: italic;
}

div.notas {
  margin-top: 2em;
  padding-top: 0.5em;
  border-top: 1px solid;
  font-size: 0.85em;
}

aside.nota {
  margin: 0 0 0.5em 0;
}

aside.nota p {
  text-indent: 0;
  text-align: left;
}

a.nota-ref {
  text-decoration: none;
}

section.cubierta {
  margin: 0;
  padding: 0;
  text-align: center;
}

section.cubierta img {
  max-width: 100%;
}

section.portada {
  text-align: center;
}

section.portada h1 {
  margin: 3em 0 0.5em 0;
}

section.portada p {
  text-indent: 0;
  text-align: center;
}

p.subtitulo {
  font-style: italic;
  font-size: 1.15em;
}

section.portada p.autor {
  margin-top: 2em;
  font-size: 1.15em;
}

section.portada p.editorial {
  margin-top: 4em;
  font-variant: small-caps;
  letter-spacing: 0.05em;
}

section.creditos {
  margin-top: 3em;
  font-size: 0.85em;
}

section.creditos p {
  text-indent: 0;
  text-align: left;
  margin: 0 0 0.6em 0;
}

nav ol, nav ul {
  list-style-type: none;
  margin: 0 0 0 1em;
  padding: 0;
}

nav li {
  margin: 0.3em 0;
}

nav[hidden] {
  display: none;
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_css_that_rmsdk_rejects() {
        let css = stylesheet(
            &[FontFace {
                family: "Charis SIL".into(),
                style: "normal",
                weight: "normal",
                href: "fuentes/serif-regular.ttf".into(),
                unicode_range: Some("U+3B1-3C9".into()),
            }],
            Some("Charis SIL"),
            None,
            &["Gentium Plus".to_string()],
            &crate::ir::Style::named("moderno").expect("a style"),
        );
        assert!(css.contains("unicode-range: U+3B1-3C9;"), "{css}");
        assert!(
            css.contains("hr.escena:after {\n  content: \"* * *\";\n}"),
            "{css}"
        );
        assert!(
            css.contains("section.capitulo h1 {\n  text-align: left;\n}"),
            "{css}"
        );
        assert!(css.contains("font-family: \"Charis SIL\", \"Gentium Plus\", serif;"));
        for bad in [
            "rem",
            "calc(",
            "var(",
            "--",
            "@supports",
            ":not(",
            "font-display",
        ] {
            assert!(!css.contains(bad), "stylesheet contains {bad:?}");
        }
        // Nothing fixes the body's size or colour against the reader's settings.
        assert!(!css.contains("color:"));
        for line in css.lines().filter(|l| l.contains("font-size")) {
            assert!(line.ends_with("em;"), "{line}");
        }
        assert_eq!(css.matches('{').count(), css.matches('}').count());
        for prefix in [
            "-webkit-hyphens: auto",
            "-epub-hyphens: auto",
            "  hyphens: auto",
        ] {
            assert!(css.contains(prefix), "{prefix}");
        }
    }

    #[test]
    fn family_names_cannot_break_out_of_the_string() {
        assert_eq!(
            family_name("Evil\"; } body { color: red"),
            "Evil  body  color red"
        );
    }
}

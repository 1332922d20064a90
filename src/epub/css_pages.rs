//! The stylesheet's rules for the book's own kinds of page and block: a part's title
//! page, the pages of front and back matter, verse and lines set as written.

/// Appended to the stylesheet's general rules.
pub(super) const PAGES: &str = r#"
/* Verse: ragged, never hyphenated, each line hung under itself when it turns over;
   a blank line between stanzas. Centred and flush-right lines (a dateline, a
   signature) keep their breaks too. */
div.verso {
  margin: 1em 0 1em 2em;
}

div.verso p.estrofa, div.centrado p, div.derecha p {
  text-indent: 0;
  text-align: left;
  -webkit-hyphens: none;
  -epub-hyphens: none;
  -moz-hyphens: none;
  hyphens: none;
  adobe-hyphenate: none;
  margin: 0 0 1em 0;
}

div.verso span.verso {
  display: inline-block;
  padding-left: 1.5em;
  text-indent: -1.5em;
}

div.centrado p {
  text-align: center;
}

div.derecha p {
  text-align: right;
}

/* A dedication alone, a third down, centred in italic; an epigraph flush right on the
   outer two thirds, its source upright. */
section.dedicatoria, section.epigrafe {
  margin-top: 30%;
}

section.dedicatoria p {
  text-align: center;
  text-indent: 0;
  font-style: italic;
}

section.epigrafe p {
  text-align: right;
  text-indent: 0;
  margin-left: 33%;
  font-style: italic;
}

section.colofon p, section.otros-titulos p {
  text-align: center;
  text-indent: 0;
}

section.colofon p {
  font-size: 0.85em;
}

/* As in print, a dedication's, an epigraph's or a colophon's heading names the page
   for the reading system (aria-labelledby) but is not shown. */
section.dedicatoria h1, section.epigrafe h1, section.colofon h1 {
  display: none;
}

section.epigrafe p.fuente {
  font-style: normal;
}

/* A part's title page: its title a third down, a size above a chapter's. */
section.parte h1 {
  font-size: 2em;
  margin-top: 30%;
}
"#;

//! The pages made from metadata rather than chapters: cover, title page, copyright page.

use std::fmt::Write as _;

use super::xhtml::{document, Context};
use crate::ir::Metadata;
use crate::xml::{attr, push_text};

/// File names of the generated pages.
pub(crate) const COVER_FILE: &str = "cubierta.xhtml";
pub(crate) const TITLE_FILE: &str = "portada.xhtml";
pub(crate) const COPYRIGHT_FILE: &str = "creditos.xhtml";

/// "A, B y C": authors joined as Spanish joins a list.
pub(crate) fn authors_line(authors: &[String]) -> String {
    match authors {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} y {last}", init.join(", ")),
    }
}

/// The cover page: the cover image alone, marked as the cover for readers and AT.
pub(crate) fn cover(ctx: &Context, href: &str) -> String {
    let meta = &ctx.book.metadata;
    let mut alt = format!("Cubierta: {}", meta.title);
    if !meta.authors.is_empty() {
        let _ = write!(alt, ", de {}", authors_line(&meta.authors));
    }
    let body = format!(
        "<section class=\"cubierta\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        attr(href),
        attr(&alt)
    );
    document(ctx, "Cubierta", Some("cubierta"), &body)
}

/// The title page: title, subtitle, authors and publisher.
pub(crate) fn title_page(ctx: &Context) -> String {
    let meta = &ctx.book.metadata;
    let mut body = String::from("<section class=\"portada\" epub:type=\"titlepage\">\n");
    body.push_str("<h1 class=\"titulo\">");
    push_text(&mut body, &meta.title);
    body.push_str("</h1>\n");
    if let Some(subtitle) = &meta.subtitle {
        body.push_str("<p class=\"subtitulo\">");
        push_text(&mut body, subtitle);
        body.push_str("</p>\n");
    }
    if !meta.authors.is_empty() {
        body.push_str("<p class=\"autor\">");
        push_text(&mut body, &authors_line(&meta.authors));
        body.push_str("</p>\n");
    }
    if let Some(publisher) = &meta.publisher {
        body.push_str("<p class=\"editorial\">");
        push_text(&mut body, publisher);
        body.push_str("</p>\n");
    }
    body.push_str("</section>\n");
    document(ctx, &meta.title, None, &body)
}

/// The copyright page: rights, edition, publisher, date and identifier.
pub(crate) fn copyright_page(ctx: &Context) -> String {
    let meta: &Metadata = &ctx.book.metadata;
    let mut body = String::from(
        "<section class=\"creditos\" epub:type=\"copyright-page\" aria-label=\"Créditos\">\n",
    );
    let mut line = |class: &str, content: &str| {
        let _ = write!(body, "<p class=\"{class}\">");
        push_text(&mut body, content);
        body.push_str("</p>\n");
    };
    let mut title = meta.title.clone();
    if let Some(subtitle) = &meta.subtitle {
        let _ = write!(title, ". {subtitle}");
    }
    line("obra", &title);
    if !meta.authors.is_empty() {
        line("autor", &authors_line(&meta.authors));
    }
    if let Some(rights) = &meta.rights {
        line("derechos", rights);
    }
    let mut edition = String::from("Primera edición digital");
    if let Some(date) = &meta.date {
        let _ = write!(edition, ": {}", spanish_date(date));
    }
    line("edicion", &edition);
    if let Some(publisher) = &meta.publisher {
        line("editorial", publisher);
    }
    line("identificador", &meta.identifier);
    body.push_str("</section>\n");
    document(ctx, "Créditos", None, &body)
}

/// `2026-11-24` → `24 de noviembre de 2026`; anything else as it is.
fn spanish_date(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let parts: Vec<&str> = date.split('-').collect();
    if let [y, m, d] = parts.as_slice() {
        if let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) {
            if (1..=12).contains(&m) {
                return format!("{d} de {} de {y}", MONTHS[m - 1]);
            }
        }
    }
    date.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_are_joined_in_spanish() {
        let a = |v: &[&str]| authors_line(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(a(&["Ana"]), "Ana");
        assert_eq!(a(&["Ana", "Luis", "Eva"]), "Ana, Luis y Eva");
    }

    #[test]
    fn dates_are_spelled_out() {
        assert_eq!(spanish_date("2026-11-04"), "4 de noviembre de 2026");
        assert_eq!(spanish_date("2026"), "2026");
    }
}

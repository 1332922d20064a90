//! Raw HTML in the manuscript, read as a few known tags: never passed through as markup.

/// What a tag means for the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum TagMeaning {
    /// `<em>`, `<i>`, `<cite>`, `<dfn>`, and `<u>`/`<ins>` (underlining is a typescript's
    /// way of asking for italics).
    Emphasis,
    /// `<strong>`, `<b>`, `<mark>`.
    Strong,
    /// `<s>`, `<del>`, `<strike>`.
    Strikethrough,
    Superscript,
    Subscript,
    SmallCaps,
    /// `<code>`, `<kbd>`, `<samp>`, `<tt>`: set in the monospace face.
    Code,
    /// `<q>`: its text between the book's quotation marks.
    Quote,
    /// `<a href>`: a link, by the same rules as Markdown's.
    Link {
        href: String,
    },
    /// `<img src alt title>`: an image, as `![alt](src "title")` would be.
    Image {
        src: String,
        alt: String,
        title: String,
        /// Its `height`, in CSS pixels, when it gives one.
        height: Option<f32>,
    },
    /// `<figcaption>`: the caption of the figure it follows.
    Caption,
    /// `<br>`.
    Break,
    /// `<script>`, `<style>`, `<iframe>`, `<object>`: dropped with their content.
    Drop,
    /// A tag that only groups its content (`<div>`, `<span>`, `<figure>`, `<small>`…):
    /// its text is kept and nothing is lost.
    Plain,
    /// Any other tag: its text is kept, the tag is not. Content a tool put in its
    /// attributes (a listing's `caption`, `title` or `file-name`) is kept too.
    Unknown {
        file: Option<String>,
        caption: Option<String>,
    },
}

/// One piece of raw HTML.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `<name …>`; `closed` for `<name … />`.
    Open {
        name: String,
        meaning: TagMeaning,
        closed: bool,
    },
    /// `</name>`.
    Close { name: String },
    /// Text between tags, entities decoded.
    Text(String),
    /// `<!-- … -->`, `<!DOCTYPE …>`, `<?…?>`: nothing to keep.
    Comment,
}

/// Splits raw HTML into tokens. Malformed markup degrades to text, never to an error.
pub fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            tokens.push(Token::Text(decode_entities(rest)));
            break;
        };
        if lt > 0 {
            tokens.push(Token::Text(decode_entities(&rest[..lt])));
            rest = &rest[lt..];
        }
        // A `<` that does not start a tag is text, as in HTML.
        let starts_tag = rest[1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !starts_tag {
            tokens.push(Token::Text("<".to_string()));
            rest = &rest[1..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            tokens.push(Token::Comment);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            tokens.push(Token::Text(decode_entities(rest)));
            break;
        };
        let inside = &rest[1..gt];
        rest = &rest[gt + 1..];
        tokens.push(parse_tag(inside));
    }
    tokens
}

/// The index of the `>` closing the tag at the start of `text`, skipping quoted values.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_tag(inside: &str) -> Token {
    if inside.starts_with('!') || inside.starts_with('?') {
        return Token::Comment;
    }
    if let Some(name) = inside.strip_prefix('/') {
        return Token::Close {
            name: tag_name(name),
        };
    }
    let name = tag_name(inside);
    // A void element never has content or an end tag, whether or not it is written `<… />`
    // (HTML Living Standard, §13.1.2): `<embed src=…>` must not swallow the text after it.
    let closed = inside.trim_end().ends_with('/') || is_void(&name);
    let class = attribute(inside, "class").unwrap_or_default();
    let small_caps = class
        .split_whitespace()
        .any(|c| c == "smallcaps" || c == "versalita" || c == "versalitas");
    let meaning = match name.as_str() {
        _ if small_caps && matches!(name.as_str(), "span" | "abbr" | "small") => {
            TagMeaning::SmallCaps
        }
        "em" | "i" | "cite" | "dfn" | "u" | "ins" | "var" => TagMeaning::Emphasis,
        "strong" | "b" | "mark" => TagMeaning::Strong,
        "s" | "del" | "strike" => TagMeaning::Strikethrough,
        "sup" => TagMeaning::Superscript,
        "sub" => TagMeaning::Subscript,
        "code" | "kbd" | "samp" | "tt" => TagMeaning::Code,
        "q" => TagMeaning::Quote,
        "a" => match attribute(inside, "href") {
            Some(href) if !href.trim().is_empty() => TagMeaning::Link { href },
            _ => TagMeaning::Plain,
        },
        "img" => TagMeaning::Image {
            src: attribute(inside, "src").unwrap_or_default(),
            alt: attribute(inside, "alt").unwrap_or_default(),
            title: attribute(inside, "title").unwrap_or_default(),
            height: attribute(inside, "height")
                .and_then(|h| h.trim().trim_end_matches("px").parse::<f32>().ok())
                .filter(|h| h.is_finite() && *h > 0.0),
        },
        "figcaption" => TagMeaning::Caption,
        "br" => TagMeaning::Break,
        "script" | "style" | "iframe" | "object" | "embed" | "noscript" | "template" => {
            TagMeaning::Drop
        }
        "p" | "div" | "span" | "small" | "big" | "abbr" | "acronym" | "figure" | "section"
        | "article" | "aside" | "header" | "footer" | "main" | "center" | "font" | "time"
        | "data" | "bdi" | "bdo" | "blockquote" | "address" | "details" | "summary" | "wbr" => {
            TagMeaning::Plain
        }
        _ => {
            let nonempty = |key| attribute(inside, key).filter(|v| !v.trim().is_empty());
            TagMeaning::Unknown {
                file: nonempty("file-name").or_else(|| nonempty("filename")),
                caption: nonempty("caption").or_else(|| nonempty("title")),
            }
        }
    };
    Token::Open {
        name,
        meaning,
        closed,
    }
}

/// HTML's void elements (HTML Living Standard, §13.1.2), with the obsolete `keygen`.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn tag_name(text: &str) -> String {
    text.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The value of attribute `name` in a tag's inside text, if present.
fn attribute(inside: &str, name: &str) -> Option<String> {
    let lower = inside.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let start = from + found;
        from = start + name.len();
        let before_ok = lower[..start].ends_with(|c: char| c.is_whitespace());
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = inside.len() - after.len() + 1;
        let value = inside[value_start..].trim_start();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or_default(),
        };
        return Some(decode_entities(value));
    }
    None
}

/// Decodes character references: every named one of HTML's table (`&eacute;`, `&ntilde;`,
/// `&iquest;`) and numeric ones (`&#241;`, `&#xF1;`), as pulldown-cmark does in Markdown
/// text. Anything else stays as written: `&bogus;`, a bare `&`, a name without its `;`
/// (HTML's legacy `&copy 2024`), references to NUL, C0 controls or non-characters.
pub fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_tags_are_recognised() {
        let tokens = tokenize(r#"<span class="versalita">siglo xxi</span><br/><script>x</script>"#);
        assert_eq!(
            tokens,
            vec![
                Token::Open {
                    name: "span".into(),
                    meaning: TagMeaning::SmallCaps,
                    closed: false
                },
                Token::Text("siglo xxi".into()),
                Token::Close {
                    name: "span".into()
                },
                Token::Open {
                    name: "br".into(),
                    meaning: TagMeaning::Break,
                    closed: true
                },
                Token::Open {
                    name: "script".into(),
                    meaning: TagMeaning::Drop,
                    closed: false
                },
                Token::Text("x".into()),
                Token::Close {
                    name: "script".into()
                },
            ]
        );
    }

    #[test]
    fn content_in_attributes_is_read() {
        let tokens = tokenize(
            r#"<img src="a.png" alt="Un mapa"><Listing number="1" file-name="src/main.rs" caption="Hola"><a href="x.html">"#,
        );
        let meanings: Vec<&TagMeaning> = tokens
            .iter()
            .filter_map(|t| match t {
                Token::Open { meaning, .. } => Some(meaning),
                _ => None,
            })
            .collect();
        assert_eq!(
            meanings,
            [
                &TagMeaning::Image {
                    src: "a.png".into(),
                    alt: "Un mapa".into(),
                    title: String::new(),
                    height: None,
                },
                &TagMeaning::Unknown {
                    file: Some("src/main.rs".into()),
                    caption: Some("Hola".into())
                },
                &TagMeaning::Link {
                    href: "x.html".into()
                },
            ]
        );
    }

    #[test]
    fn quoted_gt_and_comments() {
        let tokens = tokenize(r#"<a title="a>b" onclick='x'>t</a><!-- c -->z"#);
        assert_eq!(tokens[1], Token::Text("t".into()));
        assert_eq!(tokens[3], Token::Comment);
        assert_eq!(tokens[4], Token::Text("z".into()));
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        let tokens = tokenize("<script><</script>a < b");
        assert_eq!(tokens[1], Token::Text("<".into()));
        assert_eq!(
            tokens[2],
            Token::Close {
                name: "script".into()
            }
        );
        assert_eq!(
            &tokens[3..],
            [
                Token::Text("a ".into()),
                Token::Text("<".into()),
                Token::Text(" b".into())
            ]
        );
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp; b &#241; &#xF1; &nbsp;&bogus; &"),
            "a & b ñ ñ \u{a0}&bogus; &"
        );
    }

    #[test]
    fn every_named_entity_of_html_decodes() {
        assert_eq!(
            decode_entities("caf&eacute; Espa&ntilde;a &copy; &iquest;s&iacute;? &laquo;a&raquo;"),
            "café España © ¿sí? «a»"
        );
        assert_eq!(
            decode_entities(
                "&Aacute;&uuml;&Ntilde;&mdash;&hellip;&euro;&CounterClockwiseContourIntegral;"
            ),
            "ÁüÑ—…€\u{2233}"
        );
    }

    #[test]
    fn numeric_references_decode_in_decimal_and_hex() {
        assert_eq!(
            decode_entities("&#233;&#xe9;&#XE9;&#x1F600;"),
            "ééé\u{1F600}"
        );
    }

    #[test]
    fn what_is_not_a_reference_stays_as_written() {
        for text in [
            "&bogus;",
            "&eacute",
            "a & b",
            "&",
            "&;",
            "&#;",
            "&#x;",
            "&#xD800;",
            "&#x110000;",
            "AT&T",
            "&&amp",
        ] {
            assert_eq!(decode_entities(text), text);
        }
        assert_eq!(decode_entities("&&amp;"), "&&");
        assert_eq!(
            decode_entities("&amp;eacute;"),
            "&eacute;",
            "decoded once, not twice"
        );
    }

    #[test]
    fn attribute_values_decode() {
        assert_eq!(
            attribute(r#"img alt="Caf&eacute;" title='Espa&ntilde;a'"#, "alt").as_deref(),
            Some("Café")
        );
        assert_eq!(
            attribute(r#"img alt="Caf&eacute;" title='Espa&ntilde;a'"#, "title").as_deref(),
            Some("España")
        );
    }
}

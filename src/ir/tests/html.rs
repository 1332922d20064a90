//! Raw HTML in a chapter: known tags become nodes, the rest leaves its text, never markup.

use super::*;

#[test]
fn raw_html_becomes_nodes_or_text_never_markup() {
    let warnings = Warnings::new();
    let blocks = lower_with(
        "<span class=\"versalita\">siglo xxi</span>, H<sub>2</sub>O, 1.<sup>er</sup>, <em>a</em><b>b</b><br>\
         <script>alert(1)</script><blink>ojo</blink> &amp;",
        QuoteStyle::Latin,
        &warnings,
    )
    .blocks;
    assert_eq!(
        only_paragraph(&blocks),
        [
            Inline::SmallCaps(vec![text("siglo xxi")]),
            text(", H"),
            Inline::Subscript(vec![text("2")]),
            text("O, 1."),
            Inline::Superscript(vec![text("er")]),
            text(", "),
            Inline::Emphasis(vec![text("a")]),
            Inline::Strong(vec![text("b")]),
            Inline::HardBreak,
            text("ojo &"),
        ]
    );
    let messages: Vec<String> = warnings
        .sorted()
        .into_iter()
        .map(|w| w.diagnostic.to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "01-a.md:1:98: <script> dropped with its content",
            "01-a.md:1:123: <blink> is not supported; its text is kept",
        ]
    );
}

#[test]
fn script_content_is_dropped_up_to_its_end_tag() {
    let blocks = lower("<script><script></script>año\n\nb <script>x<em>y</script> c");
    assert_eq!(
        blocks,
        [
            Block::Paragraph {
                content: vec![text("año")],
                loc: blocks[0].loc().clone()
            },
            Block::Paragraph {
                content: vec![text("b  c")],
                loc: blocks[1].loc().clone()
            },
        ]
    );
}

#[test]
fn html_blocks_keep_only_their_text() {
    let blocks = lower("<div onclick=\"x()\">\nHola <i>mundo</i>\n</div>\n\n<style>p{}</style>\n");
    assert_eq!(
        only_paragraph(&blocks),
        [text("Hola "), Inline::Emphasis(vec![text("mundo")])]
    );
}

#[test]
fn named_entities_decode_in_raw_html_as_in_markdown() {
    let inline = lower(
        "Una <span class=\"versalita\">Espa&ntilde;a</span> de <b>caf&eacute;</b> &copy; &iquest;s&iacute;?",
    );
    assert_eq!(
        only_paragraph(&inline),
        [
            text("Una "),
            Inline::SmallCaps(vec![text("España")]),
            text(" de "),
            Inline::Strong(vec![text("café")]),
            text(" © ¿sí?"),
        ]
    );
    // A line opening with a block-level tag is an HTML block: its text never reaches
    // Markdown's own decoding, only the tokenizer's.
    let block = lower("<div><span class=\"versalita\">Espa&ntilde;a</span> y <b>caf&eacute;</b> &laquo;&bogus;&raquo;</div>\n");
    assert_eq!(
        only_paragraph(&block),
        [
            Inline::SmallCaps(vec![text("España")]),
            text(" y "),
            Inline::Strong(vec![text("café")]),
            text(" «&bogus;»"),
        ]
    );
    let figure = lower("![Un caf&eacute;](i.png \"Espa&ntilde;a &copy;\")\n");
    assert!(
        matches!(&figure[..], [Block::Figure { alt, caption: Some(c), .. }]
            if alt == "Un café" && c == &[text("España ©")]),
        "{figure:?}"
    );
}

#[test]
fn html_that_carries_content_becomes_its_formatting() {
    let warnings = Warnings::new();
    let blocks = lower_with(
        "Pulse <kbd>Ctrl</kbd>+<code>c</code>, <q>dijo</q> la <abbr title=\"x\">ONU</abbr>, \
         <mark>ojo</mark> <u>sub</u> <del>no</del> <small>s</small> <dfn>d</dfn> \
         <a href=\"02-b.html#x\">allí</a> <a href=\"https://ex.org\">web</a>",
        QuoteStyle::Latin,
        &warnings,
    )
    .blocks;
    let link = |content, chapter, anchor: Option<&str>| match only_paragraph(&blocks)
        .iter()
        .find(|i| matches!(i, Inline::Link { content: c, .. } if c == &vec![text(content)]))
    {
        Some(Inline::Link { target, .. }) => {
            assert_eq!(
                target,
                &match chapter {
                    Some(chapter) => LinkTarget::Internal {
                        chapter,
                        anchor: anchor.map(str::to_string)
                    },
                    None => LinkTarget::External("https://ex.org".into()),
                }
            )
        }
        _ => panic!("no link {content}"),
    };
    link("allí", Some(1), Some("x"));
    link("web", None, None);
    let inlines = only_paragraph(&blocks);
    assert_eq!(
        &inlines[..12],
        [
            text("Pulse "),
            Inline::Code("Ctrl".into()),
            text("+"),
            Inline::Code("c".into()),
            text(", «dijo» la ONU, "),
            Inline::Strong(vec![text("ojo")]),
            text(" "),
            Inline::Emphasis(vec![text("sub")]),
            text(" "),
            Inline::Strikethrough(vec![text("no")]),
            text(" s "),
            Inline::Emphasis(vec![text("d")]),
        ]
    );
    assert!(
        warnings.is_empty(),
        "nothing was lost: {:?}",
        warnings.sorted()
    );
}

#[test]
fn html_images_alone_are_figures_and_in_a_sentence_stay() {
    let blocks = lower(
        "<figure>\n<img src=\"images/a.png\" alt=\"Un mapa\" width=\"300\">\n<figcaption>El <em>mapa</em></figcaption>\n</figure>\n\n\
         Texto <img src=\"images/b.png\" alt=\"B\" title=\"Bé\" height=\"12\"> fin.\n",
    );
    assert_eq!(
        blocks
            .iter()
            .map(|b| match b {
                Block::Figure {
                    image,
                    alt,
                    caption,
                    ..
                } => format!("figure {image} {alt} {caption:?}"),
                Block::Paragraph { content, .. } => format!("{content:?}"),
                other => format!("{other:?}"),
            })
            .collect::<Vec<_>>(),
        [
            format!(
                "figure 0 Un mapa {:?}",
                Some(vec![text("El "), Inline::Emphasis(vec![text("mapa")])])
            ),
            // In a sentence, it stays there, at the height it asks for.
            format!(
                "{:?}",
                [
                    text("Texto "),
                    Inline::Image {
                        image: 1,
                        alt: "B".into(),
                        caption: Some(vec![text("Bé")]),
                        height: Some(12.0),
                        loc: Loc::at(
                            &Arc::from(Path::new("01-a.md")),
                            crate::diag::Pos { line: 6, column: 7 }
                        ),
                    },
                    text(" fin."),
                ]
            ),
        ]
    );
}

#[test]
fn content_in_attributes_is_kept_above_and_warned_once_per_tag() {
    let warnings = Warnings::new();
    let blocks = lower_with(
        "<Listing number=\"1-1\" file-name=\"src/main.rs\" caption=\"Hola, mundo\">\n\n```rust\nfn main() {}\n```\n\n</Listing>\n\n\
         <Listing caption=\"Otra\">\n\n```rust\n\n```\n\n</Listing>\n\n<blink>a</blink> <blink>b</blink>\n",
        QuoteStyle::Latin,
        &warnings,
    )
    .blocks;
    assert_eq!(
        blocks[0],
        Block::Paragraph {
            content: vec![Inline::Emphasis(vec![
                Inline::Code("src/main.rs".into()),
                text(" — Hola, mundo"),
            ])],
            loc: blocks[0].loc().clone(),
        }
    );
    assert!(matches!(blocks[1], Block::CodeBlock { .. }));
    let messages: Vec<String> = warnings
        .sorted()
        .into_iter()
        .map(|w| w.diagnostic.to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "01-a.md:1:1: <listing> is not supported; its text is kept, and its caption or file \
             name as a line above it (and 1 more time in the book)",
            "01-a.md:17:1: <blink> is not supported; its text is kept (and 1 more time in the book)",
        ]
    );
    assert_eq!(
        warnings.summary(),
        [
            "2 HTML tags' attributes were kept as captions",
            "2 HTML tags were reduced to their text"
        ]
    );
}

#[test]
fn an_image_in_a_sentence_stays_and_one_alone_is_a_figure() {
    let blocks =
        lower("Su ![marca](m.svg) firma.\n\n*![Sola](s.png \"Pie\")*\n\n- ![En lista](l.png)\n");
    assert!(
        matches!(&only_paragraph(&blocks[..1])[1], Inline::Image { alt, .. } if alt == "marca"),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[1], Block::Figure { alt, caption: Some(c), .. } if alt == "Sola" && c == &vec![text("Pie")]),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[2], Block::List { items, .. } if matches!(&items[0].blocks[..], [Block::Figure { .. }])),
        "{blocks:?}"
    );
}

#[test]
fn links_in_raw_html_nest_no_deeper_than_other_markup() {
    let deep = format!(
        "{}x{} <a href=\"https://a.org\"/> *y*",
        "<a href=\"https://a.org\">".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let blocks = lower(&deep);
    let mut depth = 0;
    let mut inline = &only_paragraph(&blocks)[0];
    while let Some(children) = inline.children() {
        depth += 1;
        inline = &children[0];
    }
    assert_eq!(depth, crate::ir::lower::MAX_INLINE_DEPTH);
    // A link closed at once leaves the markup after it as it is.
    assert!(only_paragraph(&blocks)
        .iter()
        .any(|i| matches!(i, Inline::Emphasis(_))));
}

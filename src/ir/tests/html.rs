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

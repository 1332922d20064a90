//! Prints the intermediate tree of a manuscript: `cargo run --example dump_tree -- DIR`.
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "manuscript".into());
    let warnings = imprenta::diag::Warnings::new();
    match imprenta::parse_book(std::path::Path::new(&dir), None, &warnings).map(|p| p.book) {
        Ok(book) => {
            println!("{:#?}", book.metadata);
            for chapter in &book.chapters {
                println!(
                    "== {} ({}) {:?}",
                    chapter.id,
                    chapter.source.display(),
                    chapter.title
                );
                for block in &chapter.blocks {
                    println!("{block:?}");
                }
                for note in &chapter.footnotes {
                    println!("note {}: {:?}", note.number, note.blocks);
                }
            }
        }
        Err(e) => eprintln!("error: {e}"),
    }
    for w in warnings.sorted() {
        eprintln!("warning: {}", w.diagnostic);
    }
}

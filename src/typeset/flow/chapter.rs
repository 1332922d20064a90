//! A chapter set: its opening (the sink, the label and the title, one heading), its
//! blocks, and its notes apart for the page builder.

use super::paragraph::Setting;
use super::{Align, ChapterFlow, Env, Flow, Mark, Span, Style, VItem};
use crate::diag::Loc;
use crate::ir::{Chapter, ChapterKind, Place, TextPos};
use crate::typeset::page::{Anchor, Item, Role};
use crate::typeset::structure::{chapter_tree, Kind, Tree};

impl Flow<'_, '_, '_> {
    /// Sets a chapter: its opening, its blocks, and its notes apart.
    pub fn chapter(&mut self, index: usize, chapter: &Chapter) -> ChapterFlow {
        self.chapter = index;
        // Only this chapter's paragraphs: text set for the cover or the front matter
        // before it has no page builder to offer its settings to.
        self.variants.clear();
        self.unbroken.clear();
        self.links.clear();
        self.begin_tree(chapter_tree(index), Kind::Section);
        // Block 0 is the opening (label and title); the body's blocks count from 1.
        self.next_block = 1;
        self.fixed = Some(Place::Text(TextPos::opening(index)));
        let env = self.body_env();
        let display = chapter.is_display_page();
        let text_height = {
            let pdf = self.design;
            pdf.height - pdf.margin_top - pdf.margin_bottom
        };
        // The sink: a third of the text block, in whole lines so the text below the
        // title can sit on the baseline grid.
        let style = &self.book.style;
        self.out.push(VItem::ChapterStart {
            sink: (text_height * style.sink / env.leading).round() * env.leading,
        });
        let align = match style.title_align {
            crate::ir::TitleAlign::Centre => Align::Center,
            crate::ir::TitleAlign::Left => Align::Left,
        };
        // A part, and a chapter outside any, head the outline; a part's chapters go
        // under it.
        self.out.push(VItem::Mark(Mark {
            level: 1 + self.book.depth(index),
            title: chapter.title_text(),
            anchor: Anchor {
                chapter: index,
                id: None,
            },
            // A dedication or an epigraph is a page, not an entry of the contents.
            listed: !display,
        }));
        self.display_matter = chapter.matter.filter(|m| m.sets_display_text());
        if display {
            self.after_opening = true;
            self.no_indent = true;
            self.fixed = None;
            self.placing = true;
            return self.chapter_body(chapter, env);
        }
        let label = self.book.chapter_label(index);
        let loc = Loc::file(&chapter.source);
        // The label and the title are one heading: «Capítulo 3. Los músicos».
        let section = self.open(Kind::Heading(1));
        let labelled = label.is_some();
        if let Some(label) = label {
            let style = Style {
                small_caps: true,
                ..self.base(env.size)
            };
            let spans = vec![Span {
                object: None,
                from: None,
                text: label.to_lowercase(),
                style,
            }];
            self.lines(
                &spans,
                Setting::display(env, align),
                &loc,
                Role::Heading(1),
                true,
            );
        }
        self.out.push(VItem::Space(env.leading));
        // A part's title page is a display page: its title a size above a chapter's.
        let part = chapter.kind == ChapterKind::Part;
        let (title_size, title_leading) = if part { (24.0, 28.0) } else { (18.0, 22.0) };
        let mut spans = Vec::new();
        self.spans(&chapter.title, self.base(title_size), &mut spans);
        let title_env = Env {
            leading: title_leading,
            ..env
        };
        let title_from = self.out.len();
        self.lines(
            &spans,
            Setting::display(title_env, align),
            &loc,
            Role::Heading(1),
            true,
        );
        // Read as «capítulo 3 Los músicos», not «capítulo 3Los músicos».
        if let Some(VItem::Line { items, .. }) = self.out.get_mut(title_from) {
            if let Some(Item::Text(run)) = items.first_mut().map(|p| &mut p.item) {
                run.spaced = labelled;
            }
        }
        self.close(section);
        self.out.push(VItem::Space(2.0 * env.leading));
        self.after_opening = true;
        self.no_indent = true;
        self.fixed = None;
        self.placing = true;
        self.chapter_body(chapter, env)
    }

    /// A chapter's blocks after its opening, and its notes apart.
    fn chapter_body(&mut self, chapter: &Chapter, env: super::Env) -> ChapterFlow {
        let opening = self.book.style.opening.paragraph_of(chapter);
        for (index, block) in chapter.blocks.iter().enumerate() {
            // The opening already sets the title (a heading: one block in the count).
            if Some(index) == chapter.title_block {
                self.next_block += 1;
            } else {
                self.opening_next = Some(index) == opening;
                self.block(block, env);
            }
        }
        self.placing = false;
        self.display_matter = None;
        self.text_block = None;
        self.cursor = None;
        let vlist = std::mem::take(&mut self.out);
        let variants = std::mem::take(&mut self.variants);
        let notes = chapter
            .footnotes
            .iter()
            .map(|note| {
                self.note(note, env);
                std::mem::take(&mut self.out)
            })
            .collect();
        ChapterFlow {
            title: chapter.title_text(),
            vlist,
            notes,
            // The structure stays with the flow until the chapter's pages are made: a
            // paragraph set again then is tagged in it (see `Rebreak`).
            tree: Tree::default(),
            variants,
        }
    }
}

//! The front matter's text: half-title, title page, copyright page (rights, identifier,
//! date, a colophon naming the fonts) and the table of contents with dot leaders and
//! page numbers. Each comes out as its own flow for the page builder; positions on the
//! display pages are given by the flow's sink.

use super::paragraph::Setting;
use super::{Align, ChapterFlow, Env, Flow, Span, Style, VItem};
use crate::diag::Loc;
use crate::ir::Place;
use crate::locale::words;
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{
    Direction, Item, Placed, PlacedGlyph, Point, Role, Tag, Target, TextRun,
};
use crate::typeset::paginate::TocEntry;
use crate::typeset::structure::{Kind, Tree, CONTENTS_TREE, FRONT_TREE};

impl Flow<'_, '_, '_> {
    /// The title of the table of contents (also its running head).
    pub fn contents_title(&self) -> &'static str {
        words(&self.book.metadata.language).contents
    }

    /// Half-title, title page and copyright page, one flow each.
    pub fn front_matter(&mut self) -> Vec<ChapterFlow> {
        let meta = self.book.metadata.clone();
        let lead = self.design.leading;
        let w = words(&meta.language);
        let mut flows = Vec::new();
        self.begin_tree(FRONT_TREE, Kind::Section);

        // Half-title: the title alone, a third of the way down.
        self.fixed = Some(Place::HalfTitle);
        self.out.push(VItem::ChapterStart { sink: 8.0 * lead });
        self.display(&meta.title, 14.0, 18.0, false, true, Kind::Paragraph);
        flows.push(self.take_flow());

        // Title page: title, subtitle, then the authors; the publisher at the foot. The
        // e-book's title page reads in the same order, so a page's text begins alike in
        // both (its page-break markers rely on it).
        self.fixed = Some(Place::TitlePage);
        self.out.push(VItem::ChapterStart { sink: 4.0 * lead });
        self.display(&meta.title, 24.0, 28.0, false, false, Kind::Paragraph);
        if let Some(subtitle) = &meta.subtitle {
            self.out.push(VItem::Space(lead));
            self.display(subtitle, 12.0, 15.0, true, false, Kind::Paragraph);
        }
        if !meta.authors.is_empty() {
            self.out.push(VItem::Space(3.0 * lead));
            self.display(
                &crate::locale::join_names(&meta.authors, w),
                12.0,
                15.0,
                false,
                false,
                Kind::Paragraph,
            );
        }
        if let Some(publisher) = &meta.publisher {
            let used = self.height();
            let bottom = self.text_bottom();
            self.out
                .push(VItem::Space((bottom - used - 4.0 * lead).max(lead)));
            self.display(publisher, 10.5, 13.5, false, true, Kind::Paragraph);
        }
        flows.push(self.take_flow());

        // Copyright page: small text set at the foot of the page.
        self.fixed = Some(Place::Copyright);
        let fonts = &self.book.fonts;
        // The e-book's copyright page says the same, in the same words.
        let mut notes: Vec<String> = crate::locale::credits(&meta, false)
            .into_iter()
            .map(|(_, line)| line)
            .collect();
        notes.push(crate::locale::typefaces(
            fonts,
            self.design.font_size,
            self.design.leading,
            &meta.language,
        ));
        self.out.push(VItem::ChapterStart { sink: 0.0 });
        let env = Env {
            size: 8.5,
            leading: 11.0,
            role: Role::FrontMatter,
            ..self.body_env()
        };
        let loc = Loc::file("book.toml");
        for (i, text) in notes.iter().enumerate() {
            if i > 0 {
                self.out.push(VItem::Space(0.5 * env.leading));
            }
            let spans = vec![Span {
                object: None,
                from: None,
                text: text.clone(),
                style: self.base(env.size),
            }];
            let parent = self.open(Kind::Paragraph);
            self.lines(
                &spans,
                Setting::new(env, Align::Left),
                &loc,
                Role::FrontMatter,
                false,
            );
            self.close(parent);
        }
        let used = self.height();
        let sink = (self.text_bottom() - used).max(0.0);
        self.out[0] = VItem::ChapterStart { sink };
        flows.push(self.take_flow());
        self.fixed = None;
        flows
    }

    /// The table of contents: chapters and their level-2 headings, dot leaders, page
    /// numbers, each entry a link to its heading.
    pub fn contents(&mut self, entries: &[TocEntry]) -> ChapterFlow {
        let lead = self.design.leading;
        let env = Env {
            role: Role::TocEntry,
            ..self.body_env()
        };
        let loc = Loc::file("book.toml");
        self.begin_tree(CONTENTS_TREE, Kind::Section);
        self.out.push(VItem::ChapterStart { sink: 4.0 * lead });
        let title = self.contents_title();
        self.fixed = Some(Place::Contents {
            entry: 0,
            chapter: 0,
            id: None,
        });
        self.display(title, 18.0, 22.0, false, false, Kind::Heading(1));
        self.out.push(VItem::Space(2.0 * lead));
        let style = self.base(env.size);
        let dot = self.plain_run(".", style, &loc);
        let widest = self.plain_run("0000", style, &loc).width;
        let toc = self.open(Kind::Contents);
        let first_entry = self.out.len();
        let mut heads = Vec::new();
        for (k, entry) in entries.iter().enumerate() {
            // An entry is a reference to its chapter or section, a link with its number
            // (ISO 32000-1, table 333: a TOCI holds a Reference, not a Link itself).
            let toci = self.open(Kind::ContentsEntry);
            let set_from = self.out.len();
            let reference = self.open(Kind::Reference);
            let link = self.open(Kind::Link);
            self.fixed = Some(Place::Contents {
                entry: crate::ir::to_u32(k + 1),
                chapter: crate::ir::to_u32(entry.anchor.chapter),
                id: entry.anchor.id.clone(),
            });
            // Entries follow one another on the grid, with no space between them: a
            // section is told from a chapter by its indent and italic. An entry that
            // turns over hangs: its later lines one em further in, the page number on
            // its last line. A part's entry is in small caps, a line below the entries
            // before it.
            let section = entry.anchor.id.is_some();
            let part = !section
                && self.book.chapters.get(entry.anchor.chapter).map(|c| c.kind)
                    == Some(crate::ir::ChapterKind::Part);
            if part && k > 0 {
                self.out.push(VItem::Space(lead));
            }
            let indent = if section { 1.5 * env.size } else { 0.0 };
            let hang = env.size;
            let entry_env = Env {
                left: indent + hang,
                measure: env.measure - indent - hang - widest - 2.0 * env.size,
                ..env
            };
            let spans = vec![Span {
                object: None,
                from: None,
                text: entry.title.clone(),
                style: Style {
                    italic: section,
                    small_caps: part,
                    ..style
                },
            }];
            let lines = self.set(&spans, Setting::new(entry_env, Align::Left), &loc);
            let count = u16::try_from(lines.len()).unwrap_or(u16::MAX);
            let last = lines.len().saturating_sub(1);
            let number = self.plain_run(&entry.label, style, &loc);
            for (i, (mut items, natural, _)) in lines.into_iter().enumerate() {
                let left = if i == 0 { indent } else { indent + hang };
                for p in &mut items {
                    p.translate(left, 0.0);
                    p.role = Role::TocEntry;
                }
                let mut end = left + natural;
                if i == last {
                    let number_x = env.measure - number.width;
                    items.push(leaders(
                        &dot,
                        end + 0.5 * env.size,
                        number_x - 0.5 * env.size,
                    ));
                    end = env.measure;
                    items.push(Placed {
                        at: Point {
                            x: number_x,
                            y: 0.0,
                        },
                        role: Role::TocEntry,
                        // Read «El teleférico 3», the leaders being no text.
                        item: Item::Text(TextRun {
                            spaced: true,
                            letterspacing: 0.0,
                            ..number.clone()
                        }),
                        tag: self.here(),
                    });
                }
                items.push(Placed {
                    at: Point {
                        x: left,
                        y: -env.size,
                    },
                    role: Role::TocEntry,
                    item: Item::Link {
                        width: end - left,
                        height: 1.3 * env.size,
                        target: Target::Anchor(entry.anchor.clone()),
                    },
                    tag: self.here(),
                });
                self.out.push(VItem::Line {
                    items,
                    advance: lead,
                    ascent: 0.8 * env.size,
                    keep_with_next: false,
                    role: Role::TocEntry,
                    index: u16::try_from(i).unwrap_or(u16::MAX),
                    count,
                    grid: true,
                    from: self.fixed.clone(),
                });
            }
            self.close(link);
            self.close(reference);
            self.close(toci);
            // A part's entry heads its chapters' as a chapter's heads its sections'.
            let next_section = entries.get(k + 1).is_some_and(|e| e.anchor.id.is_some());
            if (part || (!section && next_section)) && self.out.len() > set_from {
                heads.push(self.out.len() - 1);
            }
        }
        self.close(toc);
        self.fixed = None;
        keep_entries(&mut self.out, first_entry, &heads);
        self.take_flow()
    }

    /// A centred display line (titles), in small caps when `caps`.
    fn display(
        &mut self,
        text: &str,
        size: f32,
        leading: f32,
        italic: bool,
        caps: bool,
        kind: Kind,
    ) {
        let parent = self.open(kind);
        let env = Env {
            size,
            leading,
            role: Role::FrontMatter,
            ..self.body_env()
        };
        let spans = vec![Span {
            object: None,
            from: None,
            text: if caps {
                text.to_lowercase()
            } else {
                text.into()
            },
            style: Style {
                italic,
                small_caps: caps,
                ..self.base(size)
            },
        }];
        let loc = Loc::file("book.toml");
        self.lines(
            &spans,
            Setting::display(env, Align::Center),
            &loc,
            Role::FrontMatter,
            false,
        );
        self.close(parent);
    }

    /// The height the current flow takes after its sink (line advances and spaces).
    fn height(&self) -> f32 {
        self.out
            .iter()
            .map(|v| match v {
                VItem::Line { advance, .. } => *advance,
                VItem::Space(h) => *h,
                VItem::ChapterStart { sink } => *sink,
                _ => 0.0,
            })
            .sum()
    }

    /// The last baseline of a page, from the text block's top.
    fn text_bottom(&self) -> f32 {
        crate::typeset::paginate::Geometry::new(self.design).last_baseline()
    }

    fn take_flow(&mut self) -> ChapterFlow {
        ChapterFlow {
            title: String::new(),
            vlist: std::mem::take(&mut self.out),
            notes: Vec::new(),
            tree: Tree::default(),
            variants: std::mem::take(&mut self.variants),
        }
    }
}

/// Dot leaders from `from` to `to`, the dots on a common grid so that they line up
/// from one entry to the next.
fn leaders(dot: &TextRun, from: f32, to: f32) -> Placed {
    let step = 2.2 * dot.width.max(1.0);
    let first = (from / step).ceil() * step;
    let gid = dot.glyphs.first().map_or(0, |g| g.gid);
    // Counted, not stepped: an f32 `x` stops growing once `step` is below its precision,
    // and a loop waiting for it to reach `to` would never end. A page is at most a metre
    // wide (book.toml's bounds), so a few hundred dots at most.
    let room = (to - dot.width - first) / step;
    let count = if room.is_finite() && room >= 0.0 {
        (room.floor() as usize + 1).min(4096)
    } else {
        0
    };
    let glyphs: Vec<PlacedGlyph> = (0..count)
        .map(|i| PlacedGlyph {
            gid,
            x: i as f32 * step,
            rise: 0.0,
            advancing: true,
        })
        .collect();
    let width = glyphs.last().map_or(0.0, |g| g.x + dot.width);
    Placed {
        at: Point { x: first, y: 0.0 },
        role: Role::TocEntry,
        tag: Tag::Artifact,
        item: Item::Text(TextRun {
            face: FaceId::Regular,
            size: dot.size,
            text: ".".repeat(glyphs.len()).into(),
            glyphs: glyphs.into(),
            width,
            strike: false,
            direction: Direction::Across,
            spaced: false,
            letterspacing: 0.0,
        }),
    }
}

/// The fewest lines the contents' last page holds, as a chapter's last page does.
const LAST_ENTRIES: usize = 5;

/// The contents' page breaks as a compositor keeps them: a part's entry stays with its
/// first chapter's and a chapter's with its first section's (`heads`: their last
/// lines), and the last page holds [`LAST_ENTRIES`] lines at least, not one entry left
/// alone overleaf: no page ends after those lines.
fn keep_entries(vlist: &mut [VItem], first: usize, heads: &[usize]) {
    let lines: Vec<usize> = (first..vlist.len())
        .filter(|&i| matches!(vlist[i], VItem::Line { .. }))
        .collect();
    let n = lines.len();
    let together = &lines[n.saturating_sub(LAST_ENTRIES)..n.saturating_sub(1)];
    for &i in heads.iter().chain(together) {
        if let VItem::Line { keep_with_next, .. } = &mut vlist[i] {
            *keep_with_next = true;
        }
    }
}

//! Code blocks and figures: the blocks that are not running text.

use super::paragraph::Setting;
use super::{Align, BlockKind, Env, Flow, Span, Style, VItem};
use crate::diag::{Diagnostic, Kind, Loc};
use crate::ir::{ImageFormat, Inline};
use crate::typeset::fonts::FaceId;
use crate::typeset::page::{Item, Placed, Point, Role, Tag};
use crate::typeset::structure::Kind as Node;

const NO_IMAGE: Kind = Kind::new(
    "image is shown as a framed placeholder in the PDF",
    "images are shown as framed placeholders in the PDF",
);

/// Warning for a raster that prints at fewer than 300 pixels to the inch.
const LOW_RESOLUTION: Kind = Kind::new("image prints below 300 ppi", "images print below 300 ppi");

/// The resolution printers ask of photographs and drawings at their printed size (KDP,
/// IngramSpark and Lulu all name 300 ppi): below it the dots of a raster show.
pub(in crate::typeset) const PRINT_PPI: f32 = 300.0;

impl<'s, 'f, 'a> Flow<'s, 'f, 'a> {
    /// The ornament between scenes, centred on a line of its own with a blank line
    /// above and below.
    pub(super) fn scene_break(&mut self, env: Env, loc: &Loc) {
        // The style's ornament, settled against the text face when the book was read.
        let chosen = self.book.style.ornament.clone();
        let ornament = self
            .shaper
            .fonts()
            .first_available(FaceId::Regular, &[chosen.as_str(), "* * *"])
            .to_string();
        self.out.push(VItem::Space(env.leading));
        let spans = vec![match self.scene_image(env, loc) {
            Some(object) => Span {
                object: Some(object),
                from: None,
                text: "\u{FFFC}".into(),
                style: self.base(env.size),
            },
            None => Span {
                object: None,
                from: None,
                text: ornament.to_string(),
                style: self.base(env.size),
            },
        }];
        self.lines(
            &spans,
            Setting::new(env, Align::Center),
            loc,
            Role::SceneBreak,
            false,
        );
        self.out.push(VItem::Space(env.leading));
        self.no_indent = true;
    }

    /// The style's image between scenes, as tall as a capital and a descender (its line
    /// keeps the grid) and at most half the measure wide; none when the style has none or
    /// it cannot be shown.
    fn scene_image(&self, env: Env, loc: &Loc) -> Option<super::Object> {
        let id = self.book.style.scene_image?;
        let image = self.book.images.get(id)?;
        if let Err(why) = self.figures.can_show(id) {
            self.warnings.push(
                NO_IMAGE,
                Diagnostic::at(
                    loc.clone(),
                    format!(
                        "{} is not drawn between scenes in the PDF: {why}; the ornament stands in",
                        image.path
                    ),
                )
                .with_hint("re-export the image from its original, or simplify the drawing"),
            );
            return None;
        }
        let aspect = image.aspect();
        let mut height = 1.2 * env.size;
        let mut width = height * aspect;
        if width > env.measure / 2.0 {
            width = env.measure / 2.0;
            height = width / aspect;
        }
        Some(super::Object {
            image: id,
            width,
            height,
            // Centred on the text's middle: a capital's height above the baseline is
            // 0.7 em, so the middle stands at 0.35 em.
            top: -0.35 * env.size - height / 2.0,
            node: self.node,
        })
    }

    /// Whether the paragraph just set ends with a colon, announcing the figure that
    /// follows: its last line is then kept with the figure (in each of its settings), so
    /// the figure is never a page away from the words that call for it nor under a line
    /// left alone at a page's head.
    fn announce_figure(&mut self) -> bool {
        let Some(at) = self
            .out
            .iter()
            .rposition(|v| !matches!(v, VItem::Space(_) | VItem::Mark(_)))
        else {
            return false;
        };
        let VItem::Line {
            items,
            role: Role::Paragraph,
            ..
        } = &self.out[at]
        else {
            return false;
        };
        if !super::place::line_text(items).trim_end().ends_with(':') {
            return false;
        }
        let keep = |line: Option<&mut VItem>| {
            if let Some(VItem::Line { keep_with_next, .. }) = line {
                *keep_with_next = true;
            }
        };
        keep(self.out.get_mut(at));
        for variants in self
            .variants
            .iter_mut()
            .filter(|v| v.first + v.lines == at + 1)
        {
            for (lines, _) in [&mut variants.shorter, &mut variants.longer]
                .into_iter()
                .flatten()
            {
                keep(
                    lines
                        .iter_mut()
                        .rev()
                        .find(|v| matches!(v, VItem::Line { .. })),
                );
            }
        }
        true
    }

    /// Code: monospace, ragged, each source line on its own; a line too long for the
    /// measure continues on the next behind a continuation mark.
    pub(super) fn code(&mut self, text: &str, env: Env, loc: &Loc) {
        let size = 8.5;
        let leading = 11.0;
        let style = Style {
            mono: true,
            ..self.base(size)
        };
        let left = env.left + env.size;
        let measure = env.measure - env.size;
        let mark = self
            .shaper
            .fonts()
            .first_available(FaceId::Mono, &["↪", "→", "»"]);
        let mark_run = self.plain_run(mark, style, loc);
        let char_width = self.shaper.fonts().advance(FaceId::Mono, 'M') * size
            / self.shaper.fonts().units_per_em(FaceId::Mono);
        let columns = ((measure / char_width.max(0.1)).floor() as usize).max(8);
        self.out.push(VItem::Space(0.5 * env.leading));
        let first_line = self.out.len();
        let mut line_start = 0u32;
        for source_line in text.split_inclusive('\n') {
            let here = line_start;
            line_start = line_start.saturating_add(crate::ir::text_len(source_line));
            let source_line = source_line
                .strip_suffix('\n')
                .map_or(source_line, |l| l.strip_suffix('\r').unwrap_or(l));
            // Tabs become four spaces; `origin[i]` is the source character of the i-th.
            let mut chars: Vec<char> = Vec::with_capacity(source_line.len());
            let mut origin: Vec<u32> = Vec::with_capacity(source_line.len());
            for (i, c) in source_line.chars().enumerate() {
                let at = here.saturating_add(crate::ir::to_u32(i));
                let (c, n) = if c == '\t' { (' ', 4) } else { (c, 1) };
                chars.extend(std::iter::repeat_n(c, n));
                origin.extend(std::iter::repeat_n(at, n));
            }
            let mut start = 0;
            let mut first = true;
            loop {
                let room = if first { columns } else { columns - 2 };
                let mut end = (start + room).min(chars.len());
                if end < chars.len() {
                    // Prefer to wrap after a space or punctuation in the last third.
                    if let Some(p) = (start + room * 2 / 3..end)
                        .rev()
                        .find(|&i| matches!(chars[i], ' ' | ',' | ';' | '(' | '.' | '/'))
                    {
                        end = p + 1;
                    }
                }
                let piece: String = chars[start..end].iter().collect();
                let mut items = Vec::new();
                let mut x = left;
                if !first {
                    // The mark of a turned line is not in the code: read as nothing.
                    items.push(Placed {
                        at: Point { x, y: 0.0 },
                        role: Role::Code,
                        item: Item::Text(mark_run.clone()),
                        tag: Tag::Added(self.tree.id_of(self.node)),
                    });
                    x += 2.0 * char_width;
                }
                for (k, mut run) in self.runs(&piece, style, loc).into_iter().enumerate() {
                    // A source line after the first reads after a space, as the end of
                    // a line is one (a line turned over at the measure does not).
                    run.spaced = k == 0 && first && here > 0;
                    let w = run.width;
                    items.push(Placed {
                        at: Point { x, y: 0.0 },
                        role: Role::Code,
                        item: Item::Text(run),
                        tag: self.here(),
                    });
                    x += w;
                }
                self.stats.lines += 1;
                let from = self.place(Some(origin.get(start).copied().unwrap_or(here)));
                self.out.push(VItem::Line {
                    items,
                    advance: leading,
                    ascent: 0.8 * size,
                    keep_with_next: false,
                    role: Role::Code,
                    index: 0,
                    count: 1,
                    grid: false,
                    from,
                });
                first = false;
                start = end;
                if start >= chars.len() {
                    break;
                }
            }
        }
        // The block counts as one paragraph for widows and orphans: a page break leaves at
        // least two of its lines on each side.
        let count = self.out[first_line..]
            .iter()
            .filter(|v| matches!(v, VItem::Line { .. }))
            .count();
        let count = u16::try_from(count).unwrap_or(u16::MAX);
        for (i, v) in self.out[first_line..].iter_mut().enumerate() {
            if let VItem::Line {
                index, count: c, ..
            } = v
            {
                *index = u16::try_from(i).unwrap_or(u16::MAX);
                *c = count;
            }
        }
        self.out.push(VItem::Space(0.5 * env.leading));
        self.no_indent = true;
    }

    pub(super) fn figure(
        &mut self,
        image: usize,
        alt: &str,
        caption: Option<&[Inline]>,
        env: Env,
        loc: &Loc,
    ) {
        let pdf = self.design;
        let text_height = pdf.height - pdf.margin_top - pdf.margin_bottom;
        // The figure begins where its block does (its caption's words come after it).
        let place = self.place(Some(0));
        let Some(img) = self.book.images.get(image) else {
            return;
        };
        let refusal = self.figures.can_show(image).err();
        let embeddable = refusal.is_none();
        let (w, h) = if img.width > 0 && img.height > 0 {
            // At most the measure wide and half the text block high; never enlarged
            // beyond 150 dpi. An SVG's pixels are CSS pixels (96 to the inch): at most
            // the size an e-reader shows it at.
            let dpi = if img.format == ImageFormat::Svg {
                96.0
            } else {
                150.0
            };
            let natural_w = img.width as f32 * 72.0 / dpi;
            let natural_h = img.height as f32 * 72.0 / dpi;
            let scale = (env.measure / natural_w)
                .min(text_height * 0.5 / natural_h)
                .min(1.0);
            (natural_w * scale, natural_h * scale)
        } else {
            (env.measure, env.measure * 0.6)
        };
        // A placeholder is wide enough for its description, however small the image.
        let (w, mut h) = if embeddable {
            (w, h)
        } else {
            (w.max(env.measure * 0.6), h)
        };
        if embeddable && img.format != ImageFormat::Svg && img.width > 0 {
            let ppi = img.width as f32 / (w / 72.0);
            if ppi < PRINT_PPI - 0.5 {
                self.warnings.push(
                    LOW_RESOLUTION,
                    Diagnostic::at(
                        loc.clone(),
                        format!(
                            "{} prints at {:.0} ppi, below the 300 ppi printers ask for",
                            img.path, ppi
                        ),
                    )
                    .with_hint(format!(
                        "it prints {:.0} mm wide: give it at least {} pixels across",
                        w / 72.0 * 25.4,
                        (w / 72.0 * PRINT_PPI).ceil()
                    )),
                );
            }
        }
        let x = env.left + (env.measure - w) / 2.0;
        let around = self.open(Node::Figure);
        if let Some(node) = self.tree.nodes.get_mut(self.node as usize) {
            node.alt = Some(alt.to_string());
        }
        let mut items = vec![Placed {
            tag: self.here(),
            at: Point { x, y: 0.0 },
            role: Role::Figure,
            item: if embeddable {
                Item::Image {
                    image,
                    width: w,
                    height: h,
                    alt: alt.to_string(),
                    clip: None,
                }
            } else {
                Item::Frame {
                    width: w,
                    height: h,
                    alt: alt.to_string(),
                }
            },
        }];
        if let Some(why) = &refusal {
            self.warnings.push(
                NO_IMAGE,
                Diagnostic::at(
                    loc.clone(),
                    format!(
                        "{} is not drawn in the PDF: {why}; a frame with its description stands in",
                        img.path
                    ),
                )
                .with_hint("re-export the image from its original, or simplify the drawing"),
            );
            let spans = vec![Span {
                object: None,
                from: None,
                text: alt.to_string(),
                style: Style {
                    italic: true,
                    ..self.base(8.0)
                },
            }];
            let inner = Env {
                left: 0.0,
                measure: w - 12.0,
                size: 8.0,
                leading: 10.0,
                role: Role::Figure,
            };
            let lines = self.set(&spans, Setting::new(inner, Align::Center), loc);
            // And high enough: the description's lines with the frame's margins.
            h = h.max(20.0 + lines.len() as f32 * 10.0);
            if let Item::Frame { height, .. } = &mut items[0].item {
                *height = h;
            }
            for (i, (line, _, _)) in lines.into_iter().enumerate() {
                for mut p in line {
                    p.translate(x + 6.0, 0.0);
                    p.translate(0.0, 14.0 + i as f32 * 10.0);
                    items.push(p);
                }
            }
        }
        // The caption is part of the figure's block: the two never part.
        // The caption is the figure's neighbour, read after it.
        self.close(around);
        let mut height = h;
        if let Some(caption) = caption {
            let parent = self.open(Node::Caption);
            let mut spans = Vec::new();
            let style = Style {
                italic: true,
                ..self.base(9.0)
            };
            self.spans(caption, style, &mut spans);
            let cap_env = Env {
                size: 9.0,
                leading: 11.5,
                role: Role::Caption,
                ..env
            };
            let lines = self.set(&spans, Setting::new(cap_env, Align::Center), loc);
            for (line, _, _) in lines {
                height += cap_env.leading;
                for mut p in line {
                    p.translate(env.left, 0.0);
                    p.translate(0.0, height);
                    p.role = Role::Caption;
                    items.push(p);
                }
            }
            self.close(parent);
            height += 0.3 * cap_env.leading;
        }
        let kind = if self.announce_figure() {
            BlockKind::AnnouncedFigure
        } else {
            BlockKind::Figure
        };
        self.out.push(VItem::Space(0.5 * env.leading));
        self.out.push(VItem::Block {
            items,
            height,
            kind,
            from: place,
        });
        self.out.push(VItem::Space(env.leading));
        self.no_indent = true;
    }
}

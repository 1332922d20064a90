//! The page's geometry: trim, mirrored margins and the baseline grid of the text block.

use crate::typeset::PrintDesign;

/// Where the text block sits and where its lines fall.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    /// Gutter margin: on the left of a recto, on the right of a verso.
    pub inner: f32,
    pub outer: f32,
    pub top: f32,
    /// The body's leading: the grid's step.
    pub leading: f32,
    /// The first baseline, from the text block's top (TeX's `\topskip`).
    pub first_baseline: f32,
    /// Baselines in a full page.
    pub lines: usize,
}

impl Geometry {
    pub fn new(pdf: &PrintDesign) -> Self {
        let text_height = pdf.height - pdf.margin_top - pdf.margin_bottom;
        let first_baseline = pdf.font_size;
        let lines = (((text_height - first_baseline) / pdf.leading).floor() as usize + 1).max(4);
        Geometry {
            width: pdf.width,
            height: pdf.height,
            inner: pdf.margin_inner,
            outer: pdf.margin_outer,
            top: pdf.margin_top,
            leading: pdf.leading,
            first_baseline,
            lines,
        }
    }

    /// The measure: the text block's width.
    pub fn measure(&self) -> f32 {
        self.width - self.inner - self.outer
    }

    /// The last baseline of a full page, from the text block's top.
    pub fn last_baseline(&self) -> f32 {
        self.first_baseline + (self.lines - 1) as f32 * self.leading
    }

    /// The first grid baseline at or below `y`.
    pub fn snap(&self, y: f32) -> f32 {
        let steps = ((y - self.first_baseline - 0.01) / self.leading)
            .ceil()
            .max(0.0);
        self.first_baseline + steps * self.leading
    }

    /// The text block's left edge on page `number` (1-based physical page): recto pages
    /// (odd) have the gutter on the left.
    pub fn left(&self, number: usize) -> f32 {
        if number % 2 == 1 {
            self.inner
        } else {
            self.outer
        }
    }
}

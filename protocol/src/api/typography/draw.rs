//! Drawing instructions: what a typography plugin answers and the host
//! renders with Canvas 2D.
//!
//! Coordinates are in CSS pixels relative to the origin the host draws at,
//! with `y` the text's baseline (so glyphs sit above `y = 0`). Layers are
//! painted in order; in each layer every run is painted with the layer's
//! font, shadow, stroke (first) and fill (then).

use serde::{Deserialize, Serialize};

use super::Rgba;

/// Everything to draw for one text at one time.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DrawList {
    /// Width of the laid-out text, effects included, px.
    pub width: f32,
    /// Extent above the baseline, effects included, px.
    pub ascent: f32,
    /// Extent below the baseline, effects included, px.
    pub descent: f32,
    /// Whether the drawing changes with time (animated effects).
    #[serde(default)]
    pub animated: bool,
    /// The layers, painted in order.
    pub layers: Vec<TextLayer>,
}

/// One pass over the glyph runs with one style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextLayer {
    /// CSS `font` shorthand for every run of the layer.
    pub font: String,
    /// The glyph runs: text and where its baseline starts.
    pub runs: Vec<GlyphRun>,
    /// The fill, if the layer fills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<Paint>,
    /// The stroke, if the layer strokes (painted before the fill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stroke: Option<Stroke>,
    /// A shadow under what the layer paints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow: Option<Shadow>,
    /// Opacity of the whole layer, `0..=1`.
    #[serde(default = "opaque")]
    pub alpha: f32,
}

fn opaque() -> f32 {
    1.0
}

/// A piece of text drawn at one position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlyphRun {
    /// The characters.
    pub text: String,
    /// Start of the baseline, px.
    pub x: f32,
    /// The baseline, px (negative is up).
    pub y: f32,
}

/// How a shape is coloured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Paint {
    /// One colour.
    Solid {
        /// The colour.
        color: Rgba,
    },
    /// A linear gradient from `(x0, y0)` to `(x1, y1)`.
    LinearGradient {
        /// Start x, px.
        x0: f32,
        /// Start y, px.
        y0: f32,
        /// End x, px.
        x1: f32,
        /// End y, px.
        y1: f32,
        /// Colour stops: offset in `0..=1` and colour.
        stops: Vec<(f32, Rgba)>,
    },
}

/// An outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    /// Its colour.
    pub paint: Paint,
    /// Line width, px.
    pub width: f32,
}

/// A Canvas 2D shadow.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Shadow {
    /// Horizontal offset, px.
    pub dx: f32,
    /// Vertical offset, px.
    pub dy: f32,
    /// Blur, px.
    pub blur: f32,
    /// Colour.
    pub color: Rgba,
}

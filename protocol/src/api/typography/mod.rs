//! The typography API: a plugin lays text out with effects and answers with
//! drawing instructions that the host renders with Canvas 2D; font plugins
//! hand over font files the host registers through the `FontFace` API.
//!
//! Plugins have no font engine. The host measures each character's advance
//! in the requested font and sends the advances with the text, so the
//! plugin decides positions, colours, gradients and animation in plain
//! numbers, and the browser still draws real glyphs.

mod answer;
mod draw;
mod effect;
mod font;
mod limits;

pub use draw::{DrawList, GlyphRun, Paint, Shadow, Stroke, TextLayer};
pub use effect::{Rgba, TextEffect};
pub use font::FontSpec;
pub use limits::{
    MAX_BLUR_PX, MAX_EXTENT_PX, MAX_FONTS, MAX_FONT_CSS_BYTES, MAX_GRADIENT_STOPS, MAX_LAYERS,
    MAX_STROKE_PX,
};

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

/// Longest text one request may lay out, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Most frames one [`TypographyRequest::Frames`] may ask for.
pub const MAX_FRAMES: usize = 240;

/// Text to lay out, measured by the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextRequest {
    /// The text (one line).
    pub text: String,
    /// The font.
    pub font: FontSpec,
    /// The text colour (effects may replace it, e.g. a gradient).
    pub fill: Rgba,
    /// Effects, applied in order.
    #[serde(default)]
    pub effects: Vec<TextEffect>,
    /// For animated effects: milliseconds since the animation started.
    #[serde(default)]
    pub time_ms: f64,
    /// Advance width of each character (by `char`), in pixels, measured by
    /// the host in `font`.
    pub advances: Vec<f32>,
    /// Font ascent above the baseline, in pixels, measured by the host.
    pub ascent: f32,
    /// Font descent below the baseline, in pixels, measured by the host.
    pub descent: f32,
}

impl TextRequest {
    /// Checks sizes and every effect's parameters; the error names the field.
    pub fn validate(&self) -> Result<(), PluginError> {
        let chars = self.text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(PluginError::bad_request(format!(
                "text: {chars} characters, at most {MAX_TEXT_CHARS}"
            )));
        }
        if self.advances.len() != chars {
            return Err(PluginError::bad_request(format!(
                "advances: {} widths for {chars} characters",
                self.advances.len()
            )));
        }
        self.font.check().map_err(PluginError::bad_request)?;
        if !self.time_ms.is_finite() || self.time_ms < 0.0 {
            return Err(PluginError::bad_request(format!("time_ms: {}", self.time_ms)));
        }
        for (i, effect) in self.effects.iter().enumerate() {
            effect.validate().map_err(|e| {
                PluginError::bad_request(format!("effects[{i}] ({}): {}", effect.name(), e.message))
            })?;
        }
        Ok(())
    }
}

/// A font a plugin provides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FontInfo {
    /// The CSS family name it should be registered under.
    pub family: String,
    /// CSS weight.
    pub weight: u16,
    /// Italic.
    pub italic: bool,
    /// Size of the font file, in bytes.
    pub bytes: u32,
}

/// A typography request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TypographyRequest {
    /// Lay out one text.
    Layout(TextRequest),
    /// Lay out one text at several times (animated effects), in one round trip.
    Frames {
        /// The text; its `time_ms` is ignored.
        request: TextRequest,
        /// The times, in milliseconds (at most [`MAX_FRAMES`]).
        times_ms: Vec<f64>,
    },
    /// List the fonts the plugin provides.
    Fonts,
    /// One font file, as the payload.
    FontData {
        /// Its index in the [`TypographyRequest::Fonts`] list.
        index: u32,
    },
}

/// A typography answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypographyResponse {
    /// The drawing for [`TypographyRequest::Layout`].
    Drawing {
        /// What to draw.
        drawing: DrawList,
    },
    /// The drawings for [`TypographyRequest::Frames`], one per time.
    Frames {
        /// What to draw at each time.
        frames: Vec<DrawList>,
    },
    /// The fonts, for [`TypographyRequest::Fonts`].
    Fonts {
        /// One entry per font.
        fonts: Vec<FontInfo>,
    },
    /// A font file is the payload.
    FontData {
        /// Which font.
        font: FontInfo,
    },
}

#[cfg(test)]
mod tests;

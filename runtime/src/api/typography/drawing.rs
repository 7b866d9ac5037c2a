//! What the host checks in a typography plugin's answers before the main
//! thread uses them, and how a named family becomes the face it draws.

use annex_protocol::api::typography::{DrawList, FontInfo, FontSpec};

use super::TypographyApi;
use crate::Result;

pub use annex_protocol::api::typography::MAX_FONTS;

impl TypographyApi {
    /// `drawing` checked against the drawing bounds for a text of `chars`
    /// characters, with each layer's font resolved to the face to draw.
    pub(super) fn checked(&self, mut drawing: DrawList, chars: usize) -> Result<DrawList> {
        drawing
            .check(chars)
            .map_err(|e| self.plugin.protocol(format!("its drawing is out of bounds: {e}")))?;
        for layer in &mut drawing.layers {
            // `check` read every font.
            if let Some(font) = FontSpec::from_css(&layer.font) {
                layer.font = self.resolved(&font).css();
            }
        }
        Ok(drawing)
    }

    /// `font` with a family a plugin provides replaced by the name its face
    /// is registered under; other families (the page's) stay as they are.
    pub(super) fn resolved(&self, font: &FontSpec) -> FontSpec {
        match self.plugin.font_book().resolve(&font.family) {
            Some(registered) => FontSpec { family: registered, ..font.clone() },
            None => font.clone(),
        }
    }

    /// Refuses a font list the host would not register: too many, or a
    /// family it cannot name.
    pub(super) fn check_fonts(&self, fonts: &[FontInfo]) -> Result<()> {
        let refuse = |reason: String| Err(self.plugin.protocol(reason));
        if fonts.len() > MAX_FONTS {
            return refuse(format!("it lists {} fonts, at most {MAX_FONTS}", fonts.len()));
        }
        for font in fonts {
            let spec = FontSpec {
                family: font.family.clone(),
                size_px: 16.0,
                weight: font.weight,
                italic: font.italic,
            };
            let readable = FontSpec::from_css(&spec.css()).is_some_and(|read| read == spec);
            if font.family.trim().is_empty() || !readable {
                return refuse(format!("font family `{}` cannot be registered", font.family));
            }
        }
        Ok(())
    }
}

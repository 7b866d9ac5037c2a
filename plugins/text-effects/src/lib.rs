//! Text effects, laid out as Canvas 2D drawing instructions.
//!
//! Layers, bottom to top: glows (the text filled in the glow colour with a
//! blurred shadow of the same colour), outlines (a stroke twice the outline
//! width, half of it hidden under the fill), then the fill (plain colour,
//! gradient, or per-character colours for `rainbow`) with the drop shadow.
//! Animated effects move or hide characters, which are then laid out one
//! run per character:
//!
//! * `wave`: character `i` is raised by `amplitude · sin(2π (i / wavelength − t / period_ms))`;
//! * `typewriter`: the first `⌊t · chars_per_second / 1000⌋` characters show;
//! * `rainbow` (custom, `{"saturation": 0..=1}`, default 0.9): character `i`
//!   gets hue `360 · i / n`, lightness 50 %.
//!
//! An empty font family means Annex Serif, registered by the font pack this
//! plugin depends on.

mod layout;

use annex_sdk::api::typography::{DrawList, TextRequest};
use annex_sdk::{Plugin, PluginError, Typography};

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct TextEffects;

impl Plugin for TextEffects {}

impl Typography for TextEffects {
    fn layout(&mut self, request: &TextRequest) -> Result<DrawList, PluginError> {
        layout::layout(request)
    }
}

annex_sdk::export_plugin!(TextEffects);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

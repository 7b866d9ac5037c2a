//! Image filters: every built-in canvas filter, implemented to the formulas
//! documented on `annex_protocol::api::filter::Filter`.
//!
//! Quality hints are honoured where they matter: a Gaussian blur asked for
//! `draft` quality or `prefer_speed` is approximated by three box blurs.
//!
//! It also offers one filter of its own, `vignette`
//! (`Filter::Custom { name: "vignette", params: {"strength": 0.6} }`), to show
//! how a plugin adds filters beyond the built-in ones.

mod artistic;
mod blur;
mod color;
mod distort;

use annex_sdk::api::filter::{FilterHints, Quality};
use annex_sdk::{CanvasFilter, Filter, Image, Plugin, PluginError};

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct ImageFilters;

impl Plugin for ImageFilters {}

impl CanvasFilter for ImageFilters {
    fn apply(&mut self, filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        self.apply_with(filter, image, FilterHints::default())
    }

    fn apply_with(
        &mut self,
        filter: &Filter,
        image: &mut Image<'_>,
        hints: FilterHints,
    ) -> Result<(), PluginError> {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let px = image.data_mut();
        match *filter {
            Filter::Grayscale => artistic::grayscale(px),
            Filter::Brightness { amount } => color::brightness(px, amount),
            Filter::Contrast { factor } => color::contrast(px, factor),
            Filter::Saturation { factor } => color::saturation(px, factor),
            Filter::HueRotate { degrees } => color::hue_rotate(px, degrees),
            Filter::BoxBlur { radius } => blur::box_blur(px, w, h, radius as usize),
            Filter::GaussianBlur { sigma } => {
                if hints.prefer_speed || hints.quality == Quality::Draft {
                    blur::approximate_gaussian(px, w, h, sigma)
                } else {
                    blur::gaussian(px, w, h, sigma)
                }
            }
            Filter::Pixelate { size } => distort::pixelate(px, w, h, size as usize),
            Filter::Swirl { angle, radius } => distort::swirl(px, w, h, angle, radius),
            Filter::Sepia { amount } => color::sepia(px, amount),
            Filter::Posterize { levels } => color::posterize(px, levels),
            Filter::EdgeDetect => artistic::edge_detect(px, w, h),
            Filter::Custom { ref name, ref params } if name == "vignette" => {
                artistic::vignette(px, w, h, vignette_strength(params)?)
            }
            ref other => {
                return Err(PluginError::unsupported(format!("filter `{}`", other.name())))
            }
        }
        Ok(())
    }
}

/// Reads the custom `vignette` filter's `{"strength": 0..=1}` (default 0.6).
fn vignette_strength(params: &serde_json::Value) -> Result<f64, PluginError> {
    let strength = match params.get("strength") {
        None => return Ok(0.6),
        Some(value) => value.as_f64(),
    };
    match strength {
        Some(s) if (0.0..=1.0).contains(&s) => Ok(s),
        _ => Err(PluginError::bad_request(format!(
            "vignette: `strength` is {}, it must be a number between 0 and 1",
            params["strength"]
        ))),
    }
}

/// Rounds half away from zero and clamps to a byte.
fn to_byte(value: f64) -> u8 {
    value.round().clamp(0.0, 255.0) as u8
}

annex_sdk::export_plugin!(ImageFilters);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

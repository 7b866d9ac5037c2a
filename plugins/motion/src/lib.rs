//! Motion: an animation plugin. The built-in animations (fade, slide,
//! scale, rotate) and the standard easings (linear, ease, ease-in, ease-out,
//! ease-in-out, cubic-bezier) follow the formulas of
//! `annex_protocol::api::animation`, computed by the SDK's defaults. On top it
//! offers three easings and three animations of its own.
//!
//! Easings (`Easing::Custom { name, params }`), `t` in `0..=1`:
//!
//! * `bounce`, no parameters: Robert Penner's ease-out bounce. With
//!   `n = 7.5625`, `d = 2.75`: `n·t²` for `t < 1/d`; `n·(t − 1.5/d)² + 0.75`
//!   for `t < 2/d`; `n·(t − 2.25/d)² + 0.9375` for `t < 2.5/d`; else
//!   `n·(t − 2.625/d)² + 0.984375`; `E(1) = 1`. E.g. `E(0.25) = 0.47265625`,
//!   `E(0.5) = 0.765625`.
//! * `elastic`, no parameters: Penner's ease-out elastic,
//!   `E(t) = 2^(−10t)·sin((10t − 0.75)·2π/3) + 1`, with `E(0) = 0`, `E(1) = 1`.
//!   E.g. `E(0.5) = 1.015625`.
//! * `spring`, parameters `damping` (ζ, `0 < ζ < 1`, default 0.5) and
//!   `frequency` (oscillations over the animation, `0 < f <= 20`, default
//!   1.5): an underdamped spring's step response, pinned to end at 1. With
//!   `ω = 2π·f`, `λ = ζ·ω/√(1 − ζ²)`,
//!   `r(t) = 1 − e^(−λt)·(cos ωt + (λ/ω)·sin ωt)` and `E(t) = r(t) + t·(1 − r(1))`.
//!
//! Animations (`Animation::Custom { name, params }`) at eased progress `e`:
//!
//! * `shake`, parameters `amplitude_px` (default 10, `0..=1000`) and `cycles`
//!   (default 3, `0 < c <= 50`): `translate_x_px = A·sin(2π·c·e)·(1 − e)`.
//! * `pulse`, parameter `amplitude` (default 0.1, `-0.9..=10`):
//!   `scale = 1 + A·sin(π·e)`.
//! * `drop_in`, parameter `distance_px` (default 20, `-1000..=1000`):
//!   `opacity = clamp(e, 0, 1)`, `translate_y_px = −D·(1 − e)`.
//!
//! Parameters are a JSON object (or absent); unknown keys and values out of
//! range are `bad_request` errors naming the parameter.

mod custom;
mod easings;
mod params;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use annex_sdk::api::animation::Frame;
use annex_sdk::{AnimationPlugin, Plugin, PluginError};
use serde_json::Value;

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct Motion;

impl Plugin for Motion {}

impl AnimationPlugin for Motion {
    fn custom_easing(&mut self, name: &str, params: &Value, t: f64) -> Result<f64, PluginError> {
        match name {
            "bounce" => params::none(name, params).map(|()| easings::bounce(t)),
            "elastic" => params::none(name, params).map(|()| easings::elastic(t)),
            "spring" => easings::Spring::from_params(params).map(|spring| spring.at(t)),
            other => Err(PluginError::unsupported(format!("no easing `{other}` here"))),
        }
    }

    fn custom_animation(
        &mut self,
        name: &str,
        params: &Value,
        e: f64,
    ) -> Result<Frame, PluginError> {
        match name {
            "shake" => custom::shake(params, e),
            "pulse" => custom::pulse(params, e),
            "drop_in" => custom::drop_in(params, e),
            other => Err(PluginError::unsupported(format!("no animation `{other}` here"))),
        }
    }
}

annex_sdk::export_plugin!(Motion);

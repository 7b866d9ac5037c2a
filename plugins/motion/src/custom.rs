//! The plugin's own animations; formulas in the crate documentation.

use std::f64::consts::{PI, TAU};

use annex_sdk::api::animation::Frame;
use annex_sdk::PluginError;
use serde_json::Value;

use crate::params::Params;

/// A horizontal shake that dies out: `A·sin(2π·c·e)·(1 − e)`.
pub fn shake(params: &Value, e: f64) -> Result<Frame, PluginError> {
    let params = Params::new("shake", params, &["amplitude_px", "cycles"])?;
    let amplitude = params
        .number("amplitude_px", 10.0, "between 0 and 1000", |a| (0.0..=1000.0).contains(&a))?;
    let cycles =
        params.number("cycles", 3.0, "above 0 and at most 50", |c| c > 0.0 && c <= 50.0)?;
    let x = amplitude * (TAU * cycles * e).sin() * (1.0 - e);
    Ok(Frame { translate_x_px: Some(x), ..Frame::default() })
}

/// A swell and back: `scale = 1 + A·sin(π·e)`.
pub fn pulse(params: &Value, e: f64) -> Result<Frame, PluginError> {
    let params = Params::new("pulse", params, &["amplitude"])?;
    let amplitude =
        params.number("amplitude", 0.1, "between -0.9 and 10", |a| (-0.9..=10.0).contains(&a))?;
    Ok(Frame { scale: Some(1.0 + amplitude * (PI * e).sin()), ..Frame::default() })
}

/// Falls into place while fading in: `opacity = e`, `translate_y = −D·(1 − e)`.
pub fn drop_in(params: &Value, e: f64) -> Result<Frame, PluginError> {
    let params = Params::new("drop_in", params, &["distance_px"])?;
    let distance = params.number("distance_px", 20.0, "between -1000 and 1000", |d| {
        (-1000.0..=1000.0).contains(&d)
    })?;
    Ok(Frame {
        opacity: Some(e.clamp(0.0, 1.0)),
        translate_y_px: Some(-distance * (1.0 - e)),
        ..Frame::default()
    })
}

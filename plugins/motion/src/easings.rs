//! The plugin's own easings; formulas in the crate documentation.

use std::f64::consts::{PI, TAU};

use annex_sdk::PluginError;
use serde_json::Value;

use crate::params::Params;

/// Penner's ease-out bounce.
pub fn bounce(t: f64) -> f64 {
    const N: f64 = 7.5625;
    const D: f64 = 2.75;
    if t >= 1.0 {
        1.0
    } else if t < 1.0 / D {
        N * t * t
    } else if t < 2.0 / D {
        N * (t - 1.5 / D).powi(2) + 0.75
    } else if t < 2.5 / D {
        N * (t - 2.25 / D).powi(2) + 0.9375
    } else {
        N * (t - 2.625 / D).powi(2) + 0.984375
    }
}

/// Penner's ease-out elastic.
pub fn elastic(t: f64) -> f64 {
    if t <= 0.0 {
        0.0
    } else if t >= 1.0 {
        1.0
    } else {
        2f64.powf(-10.0 * t) * ((10.0 * t - 0.75) * (2.0 * PI / 3.0)).sin() + 1.0
    }
}

/// An underdamped spring, pinned to end at 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spring {
    /// Damping ratio ζ.
    pub damping: f64,
    /// Oscillations over the animation.
    pub frequency: f64,
}

impl Spring {
    /// Reads `damping` and `frequency`, with their defaults.
    pub fn from_params(params: &Value) -> Result<Self, PluginError> {
        let params = Params::new("spring", params, &["damping", "frequency"])?;
        Ok(Self {
            damping: params
                .number("damping", 0.5, "above 0 and below 1", |z| z > 0.0 && z < 1.0)?,
            frequency: params
                .number("frequency", 1.5, "above 0 and at most 20", |f| f > 0.0 && f <= 20.0)?,
        })
    }

    /// `E(t) = r(t) + t·(1 − r(1))`.
    pub fn at(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        if t >= 1.0 {
            return 1.0;
        }
        self.raw(t) + t * (1.0 - self.raw(1.0))
    }

    /// The step response `r(t) = 1 − e^(−λt)·(cos ωt + (λ/ω)·sin ωt)`.
    fn raw(&self, t: f64) -> f64 {
        let omega = TAU * self.frequency;
        let decay = self.damping * omega / (1.0 - self.damping * self.damping).sqrt();
        1.0 - (-decay * t).exp() * ((omega * t).cos() + decay / omega * (omega * t).sin())
    }
}

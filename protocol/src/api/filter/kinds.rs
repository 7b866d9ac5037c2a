//! The built-in filters, their parameters and the exact formula of each.
//!
//! Plugins implementing a built-in filter follow these formulas, so results
//! are the same whichever plugin runs them (tests compare plugins with an
//! independent reference, pixel for pixel). Unless said otherwise: the
//! alpha channel is kept; arithmetic is `f64`; a result is rounded half away
//! from zero and clamped to `0..=255`; neighbours outside the image repeat the
//! nearest edge pixel.

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

/// Which filter to apply, with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Filter {
    /// Each colour becomes the Rec. 709 luma `(2126·R + 7152·G + 722·B + 5000) / 10000`
    /// (integer division).
    Grayscale,
    /// `c + amount × 255`. `amount` in `-1..=1`.
    Brightness {
        /// Added light, as a fraction of full scale.
        amount: f64,
    },
    /// `(c − 127.5) × factor + 127.5`. `factor` in `0..=4` (1 leaves the image as is).
    Contrast {
        /// Contrast multiplier.
        factor: f64,
    },
    /// `L + (c − L) × factor` with `L = 0.2126·R + 0.7152·G + 0.0722·B`.
    /// `factor` in `0..=4` (0 is gray, 1 leaves the image as is).
    Saturation {
        /// Saturation multiplier.
        factor: f64,
    },
    /// The CSS `hue-rotate()` colour matrix. `degrees` in `-360..=360`.
    HueRotate {
        /// Rotation of the hue.
        degrees: f64,
    },
    /// A horizontal then a vertical pass, each the mean of the `2·radius + 1`
    /// pixels around (all four channels), the first pass rounded to bytes.
    /// `radius` in `1..=64`.
    BoxBlur {
        /// Half the window size, in pixels.
        radius: u32,
    },
    /// Separable Gaussian of standard deviation `sigma` (kernel radius
    /// `ceil(3·sigma)`), all four channels; within ±1 of the exact result.
    /// `sigma` in `0.5..=32`.
    GaussianBlur {
        /// Standard deviation, in pixels.
        sigma: f64,
    },
    /// Blocks of `size`×`size` pixels from the top-left corner, each filled with
    /// the mean of its pixels (all four channels). `size` in `1..=256`.
    Pixelate {
        /// Block side, in pixels.
        size: u32,
    },
    /// A pixel whose centre `p = (x + 0.5, y + 0.5)` lies at distance `d` less than
    /// `R = radius × min(width, height) / 2` from the image centre `c` takes the
    /// colour of the pixel containing `c + rot(θ)·(p − c)`, where
    /// `θ = angle × (1 − d/R)` in degrees and `rot(θ) = [[cos θ, −sin θ], [sin θ, cos θ]]`
    /// (coordinates clamped into the image). `angle` in `-720..=720`,
    /// `radius` in `0 < radius <= 1`.
    Swirl {
        /// Rotation at the centre, in degrees.
        angle: f64,
        /// Swirl radius as a fraction of half the shorter side.
        radius: f64,
    },
    /// The CSS sepia matrix, blended: `c + (sepia(c) − c) × amount`. `amount` in `0..=1`.
    Sepia {
        /// Strength.
        amount: f64,
    },
    /// Each channel snapped to the nearest of `levels` evenly spaced values
    /// (`step = 255 / (levels − 1)`). `levels` in `2..=255`.
    Posterize {
        /// Number of levels per channel.
        levels: u32,
    },
    /// Sobel operator on the grayscale luma; each pixel becomes the gradient
    /// magnitude `min(255, round(√(gx² + gy²)))` in all three colours.
    EdgeDetect,
    /// A filter of the plugin's own, with free-form JSON parameters.
    Custom {
        /// The filter's name, as listed in the plugin's manifest.
        name: String,
        /// Parameters, as the plugin documents them.
        #[serde(default)]
        params: serde_json::Value,
    },
}

/// The family a filter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterKind {
    /// Brightness, contrast, saturation, hue.
    ColorAdjustment,
    /// Box and Gaussian blur.
    Blur,
    /// Pixelate, swirl.
    Distortion,
    /// Grayscale, sepia, posterize, edge detection.
    Artistic,
    /// Plugin-defined.
    Custom,
}

impl Filter {
    /// The filter's name as listed in manifests (`"gaussian_blur"`, or the custom name).
    pub fn name(&self) -> &str {
        match self {
            Self::Grayscale => "grayscale",
            Self::Brightness { .. } => "brightness",
            Self::Contrast { .. } => "contrast",
            Self::Saturation { .. } => "saturation",
            Self::HueRotate { .. } => "hue_rotate",
            Self::BoxBlur { .. } => "box_blur",
            Self::GaussianBlur { .. } => "gaussian_blur",
            Self::Pixelate { .. } => "pixelate",
            Self::Swirl { .. } => "swirl",
            Self::Sepia { .. } => "sepia",
            Self::Posterize { .. } => "posterize",
            Self::EdgeDetect => "edge_detect",
            Self::Custom { name, .. } => name,
        }
    }

    /// The filter's family.
    pub fn kind(&self) -> FilterKind {
        match self {
            Self::Brightness { .. }
            | Self::Contrast { .. }
            | Self::Saturation { .. }
            | Self::HueRotate { .. } => FilterKind::ColorAdjustment,
            Self::BoxBlur { .. } | Self::GaussianBlur { .. } => FilterKind::Blur,
            Self::Pixelate { .. } | Self::Swirl { .. } => FilterKind::Distortion,
            Self::Grayscale | Self::Sepia { .. } | Self::Posterize { .. } | Self::EdgeDetect => {
                FilterKind::Artistic
            }
            Self::Custom { .. } => FilterKind::Custom,
        }
    }

    /// Checks the parameters' ranges; the error names the parameter, its value
    /// and the range.
    pub fn validate(&self) -> Result<(), PluginError> {
        fn within(
            filter: &str,
            param: &str,
            value: f64,
            min: f64,
            max: f64,
        ) -> Result<(), PluginError> {
            if value.is_finite() && (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(PluginError::bad_request(format!(
                    "{filter}: `{param}` is {value}, it must be between {min} and {max}"
                )))
            }
        }
        let name = self.name();
        match self {
            Self::Brightness { amount } => within(name, "amount", *amount, -1.0, 1.0),
            Self::Contrast { factor } | Self::Saturation { factor } => {
                within(name, "factor", *factor, 0.0, 4.0)
            }
            Self::HueRotate { degrees } => within(name, "degrees", *degrees, -360.0, 360.0),
            Self::BoxBlur { radius } => within(name, "radius", f64::from(*radius), 1.0, 64.0),
            Self::GaussianBlur { sigma } => within(name, "sigma", *sigma, 0.5, 32.0),
            Self::Pixelate { size } => within(name, "size", f64::from(*size), 1.0, 256.0),
            Self::Swirl { angle, radius } => {
                within(name, "angle", *angle, -720.0, 720.0)?;
                if *radius > 0.0 {
                    within(name, "radius", *radius, 0.0, 1.0)
                } else {
                    Err(PluginError::bad_request(format!(
                        "{name}: `radius` is {radius}, it must be above 0 and at most 1"
                    )))
                }
            }
            Self::Sepia { amount } => within(name, "amount", *amount, 0.0, 1.0),
            Self::Posterize { levels } => within(name, "levels", f64::from(*levels), 2.0, 255.0),
            Self::Grayscale | Self::EdgeDetect | Self::Custom { .. } => Ok(()),
        }
    }

    /// The names of every built-in filter.
    pub const BUILTIN: [&'static str; 12] = [
        "grayscale",
        "brightness",
        "contrast",
        "saturation",
        "hue_rotate",
        "box_blur",
        "gaussian_blur",
        "pixelate",
        "swirl",
        "sepia",
        "posterize",
        "edge_detect",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_range_checked_with_clear_messages() {
        let err = Filter::BoxBlur { radius: 0 }.validate().unwrap_err();
        assert_eq!(err.message, "box_blur: `radius` is 0, it must be between 1 and 64");
        let err = Filter::Brightness { amount: f64::NAN }.validate().unwrap_err();
        assert!(err.message.starts_with("brightness: `amount` is NaN"), "{err}");
        assert!(Filter::Swirl { angle: 90.0, radius: 0.0 }.validate().is_err());
        assert!(Filter::GaussianBlur { sigma: 2.0 }.validate().is_ok());
    }

    #[test]
    fn filters_have_names_and_kinds() {
        let json = serde_json::json!({"type": "gaussian_blur", "sigma": 1.5});
        let filter: Filter = serde_json::from_value(json).unwrap();
        assert_eq!((filter.name(), filter.kind()), ("gaussian_blur", FilterKind::Blur));
        assert_eq!(Filter::EdgeDetect.kind(), FilterKind::Artistic);
    }
}

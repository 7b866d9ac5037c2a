//! Colours and the text effects a request can ask for.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

/// A colour with alpha, written `"#rrggbb"` or `"#rrggbbaa"` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha (255 is opaque).
    pub a: u8,
}

impl Rgba {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// The CSS form, `rgba(r, g, b, a)`.
    pub fn css(&self) -> String {
        format!("rgba({}, {}, {}, {})", self.r, self.g, self.b, f32::from(self.a) / 255.0)
    }

    /// Parses `#rgb`, `#rrggbb` or `#rrggbbaa`.
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        match hex.len() {
            3 => {
                let nibble =
                    |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok().map(|n| n * 17);
                Some(Self::rgb(nibble(0)?, nibble(1)?, nibble(2)?))
            }
            6 => Some(Self::rgb(byte(0)?, byte(2)?, byte(4)?)),
            8 => Some(Self { r: byte(0)?, g: byte(2)?, b: byte(4)?, a: byte(6)? }),
            _ => None,
        }
    }
}

impl fmt::Display for Rgba {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)?;
        if self.a != 255 {
            write!(f, "{:02x}", self.a)?;
        }
        Ok(())
    }
}

impl Serialize for Rgba {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgba {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a colour (#rgb, #rrggbb or #rrggbbaa)"
            ))
        })
    }
}

/// A text effect. Plugins declare the ones they render in their manifest
/// (`capabilities.typography.effects`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TextEffect {
    /// A drop shadow.
    Shadow {
        /// Horizontal offset, px (`-200..=200`).
        dx: f32,
        /// Vertical offset, px (`-200..=200`).
        dy: f32,
        /// Blur radius, px (`0..=100`).
        blur: f32,
        /// Its colour.
        color: Rgba,
    },
    /// A halo around the glyphs.
    Glow {
        /// How far it spreads, px (`1..=100`).
        radius: f32,
        /// Its colour.
        color: Rgba,
    },
    /// An outline around each glyph.
    Outline {
        /// Stroke width, px (`0 < width <= 50`).
        width: f32,
        /// Its colour.
        color: Rgba,
    },
    /// A linear gradient across the text instead of the plain fill.
    Gradient {
        /// Colour at the start.
        from: Rgba,
        /// Colour at the end.
        to: Rgba,
        /// Direction in degrees: 0 is left to right, 90 top to bottom.
        angle_deg: f32,
    },
    /// Animated: each character bobs on a sine wave travelling along the text.
    Wave {
        /// Height of the wave, px (`0..=200`).
        amplitude: f32,
        /// Characters per wave (`> 0`).
        wavelength: f32,
        /// Milliseconds per cycle (`> 0`).
        period_ms: f32,
    },
    /// Animated: characters appear one by one.
    Typewriter {
        /// Characters per second (`> 0`).
        chars_per_second: f32,
    },
    /// An effect of the plugin's own, with free-form parameters.
    Custom {
        /// Its name, as listed in the plugin's manifest.
        name: String,
        /// Parameters, as the plugin documents them.
        #[serde(default)]
        params: serde_json::Value,
    },
}

impl TextEffect {
    /// The effect's name as listed in manifests.
    pub fn name(&self) -> &str {
        match self {
            Self::Shadow { .. } => "shadow",
            Self::Glow { .. } => "glow",
            Self::Outline { .. } => "outline",
            Self::Gradient { .. } => "gradient",
            Self::Wave { .. } => "wave",
            Self::Typewriter { .. } => "typewriter",
            Self::Custom { name, .. } => name,
        }
    }

    /// Whether the drawing changes with time.
    pub fn is_animated(&self) -> bool {
        matches!(self, Self::Wave { .. } | Self::Typewriter { .. })
    }

    /// Checks the parameters' ranges; the error names the parameter.
    pub fn validate(&self) -> Result<(), PluginError> {
        fn within(param: &str, value: f32, min: f32, max: f32) -> Result<(), PluginError> {
            if value.is_finite() && (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(PluginError::bad_request(format!(
                    "`{param}` is {value}, it must be between {min} and {max}"
                )))
            }
        }
        fn positive(param: &str, value: f32) -> Result<(), PluginError> {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(PluginError::bad_request(format!("`{param}` is {value}, it must be above 0")))
            }
        }
        match *self {
            Self::Shadow { dx, dy, blur, .. } => {
                within("dx", dx, -200.0, 200.0)?;
                within("dy", dy, -200.0, 200.0)?;
                within("blur", blur, 0.0, 100.0)
            }
            Self::Glow { radius, .. } => within("radius", radius, 1.0, 100.0),
            Self::Outline { width, .. } => {
                positive("width", width)?;
                within("width", width, 0.0, 50.0)
            }
            Self::Gradient { angle_deg, .. } => within("angle_deg", angle_deg, -360.0, 360.0),
            Self::Wave { amplitude, wavelength, period_ms } => {
                within("amplitude", amplitude, 0.0, 200.0)?;
                positive("wavelength", wavelength)?;
                positive("period_ms", period_ms)
            }
            Self::Typewriter { chars_per_second } => positive("chars_per_second", chars_per_second),
            Self::Custom { .. } => Ok(()),
        }
    }
}

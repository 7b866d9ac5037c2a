//! What an animation moves, and the values a frame carries.
//!
//! The built-in animations interpolate linearly between `from` and `to` at
//! the eased progress `e` (see [`super::easing`]): `v = from·(1 − e) + to·e`
//! (exactly `from` at `e = 0` and `to` at `e = 1`). `e` leaves `0..=1` when the
//! easing overshoots, and so may the values, except opacity, which is clamped
//! to `0..=1`.

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

/// Which animation, with its parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Animation {
    /// Opacity: `clamp(from·(1 − e) + to·e, 0, 1)`. `from`, `to` in `0..=1`.
    Fade {
        /// Opacity at the start.
        from: f64,
        /// Opacity at the end.
        to: f64,
    },
    /// Translation in CSS pixels, each axis `from·(1 − e) + to·e`.
    Slide {
        /// Horizontal offset at the start.
        #[serde(default)]
        from_x_px: f64,
        /// Vertical offset at the start.
        #[serde(default)]
        from_y_px: f64,
        /// Horizontal offset at the end.
        #[serde(default)]
        to_x_px: f64,
        /// Vertical offset at the end.
        #[serde(default)]
        to_y_px: f64,
    },
    /// Uniform scale factor, `from·(1 − e) + to·e` (1 is the natural size).
    Scale {
        /// Factor at the start.
        from: f64,
        /// Factor at the end.
        to: f64,
    },
    /// Rotation in degrees, clockwise, `from_deg·(1 − e) + to_deg·e`.
    Rotate {
        /// Angle at the start.
        from_deg: f64,
        /// Angle at the end.
        to_deg: f64,
    },
    /// An animation of the plugin's own, with free-form JSON parameters.
    Custom {
        /// Its name, as listed in the plugin's manifest (`animations`).
        name: String,
        /// Parameters, as the plugin documents them.
        #[serde(default)]
        params: serde_json::Value,
    },
}

impl Animation {
    /// The names of the built-in animations.
    pub const BUILTIN: [&'static str; 4] = ["fade", "slide", "scale", "rotate"];

    /// Opacity from `from` to `to`.
    pub fn fade(from: f64, to: f64) -> Self {
        Self::Fade { from, to }
    }

    /// Translation from `(from_x, from_y)` to `(to_x, to_y)`, in CSS pixels.
    pub fn slide(from: (f64, f64), to: (f64, f64)) -> Self {
        Self::Slide { from_x_px: from.0, from_y_px: from.1, to_x_px: to.0, to_y_px: to.1 }
    }

    /// Scale factor from `from` to `to`.
    pub fn scale(from: f64, to: f64) -> Self {
        Self::Scale { from, to }
    }

    /// Rotation from `from_deg` to `to_deg` degrees.
    pub fn rotate(from_deg: f64, to_deg: f64) -> Self {
        Self::Rotate { from_deg, to_deg }
    }

    /// A custom animation with JSON parameters.
    pub fn custom(name: impl Into<String>, params: serde_json::Value) -> Self {
        Self::Custom { name: name.into(), params }
    }

    /// Its name as listed in manifests (`"fade"`, or the custom name).
    pub fn name(&self) -> &str {
        match self {
            Self::Fade { .. } => "fade",
            Self::Slide { .. } => "slide",
            Self::Scale { .. } => "scale",
            Self::Rotate { .. } => "rotate",
            Self::Custom { name, .. } => name,
        }
    }

    /// Checks the built-in parameters: finite numbers, opacities in `0..=1`.
    /// `path` names the animation in messages, e.g. `animation`.
    pub fn validate(&self, path: &str) -> Result<(), PluginError> {
        let finite = |name: &str, value: f64| {
            if value.is_finite() {
                Ok(())
            } else {
                Err(PluginError::bad_request(format!(
                    "`{path}.{name}` is {value}; it must be a finite number"
                )))
            }
        };
        match self {
            Self::Fade { from, to } => {
                for (name, value) in [("from", *from), ("to", *to)] {
                    if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
                        return Err(PluginError::bad_request(format!(
                            "`{path}.{name}` is {value}; an opacity must be between 0 and 1"
                        )));
                    }
                }
                Ok(())
            }
            Self::Slide { from_x_px, from_y_px, to_x_px, to_y_px } => {
                finite("from_x_px", *from_x_px)?;
                finite("from_y_px", *from_y_px)?;
                finite("to_x_px", *to_x_px)?;
                finite("to_y_px", *to_y_px)
            }
            Self::Scale { from, to } => {
                finite("from", *from)?;
                finite("to", *to)
            }
            Self::Rotate { from_deg, to_deg } => {
                finite("from_deg", *from_deg)?;
                finite("to_deg", *to_deg)
            }
            Self::Custom { name, .. } if name.trim().is_empty() => Err(PluginError::bad_request(
                format!("`{path}.name` is empty; name a custom animation the plugin offers"),
            )),
            Self::Custom { .. } => Ok(()),
        }
    }
}

/// The animated values at one time. A property the animation does not drive
/// is absent (`None`, left out of the JSON), so a fade never touches the
/// element's transform and a slide never touches its opacity.
///
/// Units: `opacity` 0 to 1; `translate_x_px`/`translate_y_px` CSS pixels
/// (positive is right/down); `scale` a factor; `rotate_deg` degrees clockwise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// Opacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opacity: Option<f64>,
    /// Horizontal translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translate_x_px: Option<f64>,
    /// Vertical translation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translate_y_px: Option<f64>,
    /// Uniform scale factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<f64>,
    /// Rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate_deg: Option<f64>,
}

impl Frame {
    /// Whether the frame drives any transform component (translate, scale, rotate).
    pub fn has_transform(&self) -> bool {
        self.translate_x_px.is_some()
            || self.translate_y_px.is_some()
            || self.scale.is_some()
            || self.rotate_deg.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn animations_serialize_with_a_type_tag_and_name_themselves() {
        let json = serde_json::to_string(&Animation::fade(0.0, 1.0)).unwrap();
        assert_eq!(json, r#"{"type":"fade","from":0.0,"to":1.0}"#);
        let slide: Animation = serde_json::from_str(r#"{"type":"slide","to_x_px":120}"#).unwrap();
        assert_eq!(slide, Animation::slide((0.0, 0.0), (120.0, 0.0)));
        assert_eq!(Animation::custom("shake", serde_json::Value::Null).name(), "shake");
    }

    #[test]
    fn parameters_are_checked_by_name() {
        let err = Animation::fade(0.0, 1.5).validate("animation").unwrap_err();
        assert_eq!(err.message, "`animation.to` is 1.5; an opacity must be between 0 and 1");
        let err = Animation::rotate(f64::INFINITY, 0.0).validate("animation").unwrap_err();
        assert_eq!(err.message, "`animation.from_deg` is inf; it must be a finite number");
        assert!(Animation::scale(-1.0, 3.0).validate("animation").is_ok(), "mirroring is allowed");
    }

    #[test]
    fn frames_leave_out_what_they_do_not_drive() {
        let frame = Frame { opacity: Some(0.5), ..Frame::default() };
        assert_eq!(serde_json::to_string(&frame).unwrap(), r#"{"opacity":0.5}"#);
        assert!(!frame.has_transform());
        assert!(Frame { rotate_deg: Some(0.0), ..frame }.has_transform());
    }
}

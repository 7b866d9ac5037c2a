//! Easing functions: how linear progress `t` in `0..=1` becomes eased
//! progress `E(t)`.
//!
//! Every animation plugin computes the standard easings with exactly these
//! formulas (the SDK does it for plugins that do not override it):
//!
//! * `linear`: `E(t) = t`.
//! * `cubic-bezier(x1, y1, x2, y2)`: the CSS cubic Bézier timing function. The
//!   curve runs from `(0, 0)` to `(1, 1)` with control points `(x1, y1)` and
//!   `(x2, y2)`: `bx(s) = 3(1−s)²s·x1 + 3(1−s)s²·x2 + s³`, and `by(s)` the same
//!   with `y1`, `y2`. `E(t) = by(s)` for the `s` in `0..=1` with `bx(s) = t`,
//!   found to `|bx(s) − t| < 1e-7`. `x1` and `x2` must be in `0..=1` (that makes
//!   `bx` non-decreasing, so `s` exists and `E` is a function); `y1` and `y2` are
//!   free, so the curve may overshoot. `E(0) = 0` and `E(1) = 1` exactly.
//! * `ease` = `cubic-bezier(0.25, 0.1, 0.25, 1)`, `ease-in` =
//!   `cubic-bezier(0.42, 0, 1, 1)`, `ease-out` = `cubic-bezier(0, 0, 0.58, 1)`,
//!   `ease-in-out` = `cubic-bezier(0.42, 0, 0.58, 1)`: the CSS keywords, so a
//!   plugin's values match what the browser would draw for the same keyword.
//!
//! Custom easings (`bounce`, `spring`...) are named in the plugin's manifest
//! under `capabilities.animation.easings`; their formulas and parameters are
//! the plugin's to document.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::PluginError;

/// An easing function.
///
/// Serialized with a `type` tag: `{"type": "ease_in_out"}`,
/// `{"type": "cubic_bezier", "x1": 0.4, "y1": 0, "x2": 0.2, "y2": 1}`,
/// `{"type": "custom", "name": "spring", "params": {"damping": 0.4}}`. It also
/// parses from and prints as CSS text: `"ease-in-out"`,
/// `"cubic-bezier(0.4, 0, 0.2, 1)"`; any other single word is a custom easing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Easing {
    /// `E(t) = t`. The default, as in the Web Animations API.
    #[default]
    Linear,
    /// CSS `ease`: `cubic-bezier(0.25, 0.1, 0.25, 1)`.
    Ease,
    /// CSS `ease-in`: `cubic-bezier(0.42, 0, 1, 1)`.
    EaseIn,
    /// CSS `ease-out`: `cubic-bezier(0, 0, 0.58, 1)`.
    EaseOut,
    /// CSS `ease-in-out`: `cubic-bezier(0.42, 0, 0.58, 1)`.
    EaseInOut,
    /// A cubic Bézier curve from `(0, 0)` to `(1, 1)`; `x1`, `x2` in `0..=1`.
    CubicBezier {
        /// First control point, x.
        x1: f64,
        /// First control point, y.
        y1: f64,
        /// Second control point, x.
        x2: f64,
        /// Second control point, y.
        y2: f64,
    },
    /// An easing of the plugin's own, with free-form JSON parameters.
    Custom {
        /// Its name, as listed in the plugin's manifest (`easings`).
        name: String,
        /// Parameters, as the plugin documents them.
        #[serde(default)]
        params: serde_json::Value,
    },
}

impl Easing {
    /// The standard easings' names, in CSS spelling.
    pub const STANDARD: [&'static str; 6] =
        ["linear", "ease", "ease-in", "ease-out", "ease-in-out", "cubic-bezier"];

    /// A custom easing without parameters.
    pub fn custom(name: impl Into<String>) -> Self {
        Self::Custom { name: name.into(), params: serde_json::Value::Null }
    }

    /// Its name: CSS spelling for standard easings (`"ease-in"`,
    /// `"cubic-bezier"`), the plugin's name for a custom one.
    pub fn name(&self) -> &str {
        match self {
            Self::Linear => "linear",
            Self::Ease => "ease",
            Self::EaseIn => "ease-in",
            Self::EaseOut => "ease-out",
            Self::EaseInOut => "ease-in-out",
            Self::CubicBezier { .. } => "cubic-bezier",
            Self::Custom { name, .. } => name,
        }
    }

    /// The Bézier control points `(x1, y1, x2, y2)` of the standard curves;
    /// `None` for `linear` and custom easings.
    pub fn control_points(&self) -> Option<(f64, f64, f64, f64)> {
        match *self {
            Self::Ease => Some((0.25, 0.1, 0.25, 1.0)),
            Self::EaseIn => Some((0.42, 0.0, 1.0, 1.0)),
            Self::EaseOut => Some((0.0, 0.0, 0.58, 1.0)),
            Self::EaseInOut => Some((0.42, 0.0, 0.58, 1.0)),
            Self::CubicBezier { x1, y1, x2, y2 } => Some((x1, y1, x2, y2)),
            Self::Linear | Self::Custom { .. } => None,
        }
    }

    /// Checks the parameters the protocol defines (Bézier points; a custom
    /// easing's own parameters are the plugin's to check). `path` names the
    /// easing in messages, e.g. `easing`.
    pub fn validate(&self, path: &str) -> Result<(), PluginError> {
        match self {
            Self::CubicBezier { x1, y1, x2, y2 } => {
                for (name, value) in [("x1", x1), ("x2", x2)] {
                    if !(value.is_finite() && (0.0..=1.0).contains(value)) {
                        return Err(PluginError::bad_request(format!(
                            "`{path}.{name}` is {value}; cubic-bezier x values must be between 0 and 1"
                        )));
                    }
                }
                for (name, value) in [("y1", y1), ("y2", y2)] {
                    if !value.is_finite() {
                        return Err(PluginError::bad_request(format!(
                            "`{path}.{name}` is {value}; it must be a finite number"
                        )));
                    }
                }
                Ok(())
            }
            Self::Custom { name, .. } if name.trim().is_empty() => Err(PluginError::bad_request(
                format!("`{path}.name` is empty; name a custom easing the plugin offers"),
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Easing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CubicBezier { x1, y1, x2, y2 } => {
                write!(f, "cubic-bezier({x1}, {y1}, {x2}, {y2})")
            }
            other => f.write_str(other.name()),
        }
    }
}

impl FromStr for Easing {
    type Err = PluginError;

    /// Parses CSS text: a keyword, `cubic-bezier(x1, y1, x2, y2)` (checked like
    /// [`Easing::validate`]), or any other word as a custom easing.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let bezier = text.strip_prefix("cubic-bezier(").and_then(|t| t.strip_suffix(')'));
        let easing = match (text, bezier) {
            ("linear", _) => Self::Linear,
            ("ease", _) => Self::Ease,
            ("ease-in", _) => Self::EaseIn,
            ("ease-out", _) => Self::EaseOut,
            ("ease-in-out", _) => Self::EaseInOut,
            (_, Some(args)) => {
                let numbers: Vec<f64> = args
                    .split(',')
                    .map(|n| n.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad_text(text, "cubic-bezier needs four numbers"))?;
                let [x1, y1, x2, y2] = numbers[..] else {
                    return Err(bad_text(text, "cubic-bezier needs four numbers"));
                };
                Self::CubicBezier { x1, y1, x2, y2 }
            }
            _ if is_word(text) => Self::custom(text),
            _ => return Err(bad_text(text, EXPECTED)),
        };
        easing.validate("easing")?;
        Ok(easing)
    }
}

const EXPECTED: &str = "expected a keyword (linear, ease, ease-in, ease-out, ease-in-out), \
                        cubic-bezier(x1, y1, x2, y2) or a custom easing's name";

/// A custom easing's name: one word, no parentheses.
fn is_word(text: &str) -> bool {
    !text.is_empty() && !text.contains(|c: char| c.is_whitespace() || c == '(' || c == ')')
}

fn bad_text(text: &str, why: &str) -> PluginError {
    PluginError::bad_request(format!("`easing` is `{text}`; {why}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_with_a_type_tag() {
        assert_eq!(serde_json::to_string(&Easing::EaseInOut).unwrap(), r#"{"type":"ease_in_out"}"#);
        let spring: Easing =
            serde_json::from_str(r#"{"type":"custom","name":"spring","params":{"damping":0.4}}"#)
                .unwrap();
        assert_eq!(spring.name(), "spring");
    }

    #[test]
    fn parses_and_prints_css_text() {
        assert_eq!("ease-in".parse::<Easing>().unwrap(), Easing::EaseIn);
        let bezier: Easing = "cubic-bezier(0.4, 0, 0.2, 1)".parse().unwrap();
        assert_eq!(bezier, Easing::CubicBezier { x1: 0.4, y1: 0.0, x2: 0.2, y2: 1.0 });
        assert_eq!(bezier.to_string(), "cubic-bezier(0.4, 0, 0.2, 1)");
        assert_eq!("bounce".parse::<Easing>().unwrap(), Easing::custom("bounce"));
        assert!("cubic-bezier(1, 2)".parse::<Easing>().is_err());
        assert!("not an easing".parse::<Easing>().is_err());
    }

    #[test]
    fn bezier_x_outside_the_unit_range_is_refused_by_name() {
        let err = "cubic-bezier(0.2, 0, 1.5, 1)".parse::<Easing>().unwrap_err();
        assert_eq!(
            err.message,
            "`easing.x2` is 1.5; cubic-bezier x values must be between 0 and 1"
        );
        let overshoot = Easing::CubicBezier { x1: 0.3, y1: -0.5, x2: 0.7, y2: 1.6 };
        assert!(overshoot.validate("easing").is_ok(), "y may leave 0..=1");
        let nan = Easing::CubicBezier { x1: f64::NAN, y1: 0.0, x2: 1.0, y2: 1.0 };
        assert!(nan.validate("easing").unwrap_err().message.starts_with("`easing.x1` is NaN"));
    }
}

//! An animation with its timing and easing, and the checks of its parameters.

use serde::{Deserialize, Serialize};

use super::{Animation, Direction, Easing, Iterations};
use crate::error::PluginError;

/// An animation with its timing and easing.
///
/// ```
/// use annex_protocol::api::animation::{Animation, AnimationSpec, Direction, Easing, Iterations};
///
/// let spec = AnimationSpec::new(Animation::slide((0.0, 0.0), (120.0, 0.0)), 300.0)
///     .easing(Easing::EaseOut)
///     .delay_ms(50.0)
///     .iterations(Iterations::Count(2.0))
///     .direction(Direction::Alternate);
/// assert_eq!(spec.end_ms(), 650.0);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnimationSpec {
    /// What moves.
    pub animation: Animation,
    /// Length of one iteration, in milliseconds; 0 or more.
    pub duration_ms: f64,
    /// Wait before the first iteration, in milliseconds; 0 or more.
    #[serde(default)]
    pub delay_ms: f64,
    /// How many iterations. Default: 1.
    #[serde(default)]
    pub iterations: Iterations,
    /// Which way iterations run. Default: normal.
    #[serde(default)]
    pub direction: Direction,
    /// How progress is eased. Default: linear.
    #[serde(default)]
    pub easing: Easing,
}

impl AnimationSpec {
    /// `animation` over `duration_ms`, once, linear, no delay.
    pub fn new(animation: Animation, duration_ms: f64) -> Self {
        Self {
            animation,
            duration_ms,
            delay_ms: 0.0,
            iterations: Iterations::default(),
            direction: Direction::default(),
            easing: Easing::default(),
        }
    }

    /// With this easing.
    pub fn easing(mut self, easing: Easing) -> Self {
        self.easing = easing;
        self
    }

    /// With this start delay.
    pub fn delay_ms(mut self, delay_ms: f64) -> Self {
        self.delay_ms = delay_ms;
        self
    }

    /// With this many iterations.
    pub fn iterations(mut self, iterations: Iterations) -> Self {
        self.iterations = iterations;
        self
    }

    /// With this direction.
    pub fn direction(mut self, direction: Direction) -> Self {
        self.direction = direction;
        self
    }

    /// Checks every parameter the protocol defines; the error names the
    /// animation, the parameter and its value.
    pub fn validate(&self) -> Result<(), PluginError> {
        let name = self.animation.name();
        let at_least_zero = |param: &str, value: f64| {
            if value.is_finite() && value >= 0.0 {
                Ok(())
            } else {
                Err(PluginError::bad_request(format!(
                    "{name}: `{param}` is {value}; it must be 0 or more"
                )))
            }
        };
        at_least_zero("duration_ms", self.duration_ms)?;
        at_least_zero("delay_ms", self.delay_ms)?;
        match self.iterations {
            Iterations::Count(n) => at_least_zero("iterations", n)?,
            Iterations::Infinite if self.duration_ms == 0.0 => {
                return Err(PluginError::bad_request(format!(
                    "{name}: `iterations` is infinite, which needs `duration_ms` above 0"
                )))
            }
            Iterations::Infinite => {}
        }
        let prefixed = |error: PluginError| PluginError {
            message: format!("{name}: {}", error.message),
            ..error
        };
        self.animation.validate("animation").map_err(prefixed)?;
        self.easing.validate("easing").map_err(prefixed)
    }
}

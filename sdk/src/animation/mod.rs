//! The animation API family: animated values and easing curves, computed in
//! the plugin and drawn by the host.
//!
//! A plugin lists what it offers in its manifest:
//!
//! ```toml
//! [package.metadata.annex]
//! id = "com.example.motion"
//! capabilities.animation.animations = ["fade", "slide", "wobble"]
//! capabilities.animation.easings = ["snap"]
//! ```
//!
//! and implements [`AnimationPlugin`]. The defaults compute everything the
//! protocol defines (the timing model, the standard easings, the built-in
//! animations), so a plugin only writes its custom easings and animations:
//!
//! ```
//! use annex_sdk::api::animation::Frame;
//! use annex_sdk::{AnimationPlugin, Plugin, PluginError};
//! use serde_json::Value;
//!
//! #[derive(Default)]
//! pub struct Motion;
//!
//! impl Plugin for Motion {}
//!
//! impl AnimationPlugin for Motion {
//!     fn custom_easing(&mut self, _name: &str, _params: &Value, t: f64) -> Result<f64, PluginError> {
//!         Ok(if t < 0.5 { 0.0 } else { 1.0 }) // "snap"
//!     }
//!
//!     fn custom_animation(&mut self, _name: &str, _params: &Value, e: f64) -> Result<Frame, PluginError> {
//!         Ok(Frame { rotate_deg: Some(10.0 * (e * std::f64::consts::TAU).sin()), ..Frame::default() })
//!     }
//! }
//! ```
//!
//! The SDK refuses animations and easings the manifest does not list, and
//! bad parameters, before any of these methods runs.

mod builtin;
pub(crate) mod dispatch;
mod easing;

pub use annex_protocol::api::animation::{
    Animation, AnimationSpec, Direction, Easing, Frame, Iterations,
};
pub use builtin::builtin_frame;
pub use easing::{cubic_bezier, standard_easing};

use annex_protocol::PluginError;
use serde_json::Value;

use crate::Plugin;

/// A plugin that computes animations and easing functions.
///
/// Override [`AnimationPlugin::custom_easing`] and
/// [`AnimationPlugin::custom_animation`] for the custom names in the
/// manifest; override the others only to compute the standard ones
/// differently (the results must still follow the documented formulas) or
/// faster.
pub trait AnimationPlugin: Plugin {
    /// `E(t)` of a custom easing listed under `easings`, for `t` in `0..=1`.
    /// Default: an error saying it is not implemented.
    fn custom_easing(&mut self, name: &str, params: &Value, t: f64) -> Result<f64, PluginError> {
        let _ = (params, t);
        Err(PluginError::unsupported(format!("custom easing `{name}` is not implemented")))
    }

    /// The frame of a custom animation listed under `animations`, at eased
    /// progress `e` (usually in `0..=1`, beyond it when the easing
    /// overshoots). Default: an error saying it is not implemented.
    fn custom_animation(
        &mut self,
        name: &str,
        params: &Value,
        e: f64,
    ) -> Result<Frame, PluginError> {
        let _ = (params, e);
        Err(PluginError::unsupported(format!("custom animation `{name}` is not implemented")))
    }

    /// `E(t)` of any easing. Default: [`standard_easing`], else
    /// [`AnimationPlugin::custom_easing`].
    fn ease(&mut self, easing: &Easing, t: f64) -> Result<f64, PluginError> {
        match (standard_easing(easing, t), easing) {
            (Some(value), _) => Ok(value),
            (None, Easing::Custom { name, params }) => self.custom_easing(name, params, t),
            (None, other) => {
                Err(PluginError::unsupported(format!("easing `{other}` is not known to this SDK")))
            }
        }
    }

    /// The frame of any animation at eased progress `e`. Default:
    /// [`builtin_frame`], else [`AnimationPlugin::custom_animation`].
    fn animate(&mut self, animation: &Animation, e: f64) -> Result<Frame, PluginError> {
        match (builtin_frame(animation, e), animation) {
            (Some(frame), _) => Ok(frame),
            (None, Animation::Custom { name, params }) => self.custom_animation(name, params, e),
            (None, other) => Err(PluginError::unsupported(format!(
                "animation `{}` is not known to this SDK",
                other.name()
            ))),
        }
    }

    /// One frame per time (milliseconds since the start), in order. Default:
    /// for each time, the timing model's directed progress
    /// ([`AnimationSpec::directed_progress`]), then [`AnimationPlugin::ease`],
    /// then [`AnimationPlugin::animate`].
    fn sample(
        &mut self,
        spec: &AnimationSpec,
        times_ms: &[f64],
    ) -> Result<Vec<Frame>, PluginError> {
        times_ms
            .iter()
            .map(|&time| {
                let eased = self.ease(&spec.easing, spec.directed_progress(time))?;
                self.animate(&spec.animation, eased)
            })
            .collect()
    }
}

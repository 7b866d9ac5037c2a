//! Test fixture: an animation plugin that breaks part-way through.
//!
//! `fail_after` and `panic_after` fade from 0 to 1 like `fade`, but a batch
//! holding any time at or past `params.after_ms` fails: `fail_after` with a
//! plugin error, `panic_after` with a panic. Players see the first batches
//! succeed and a later one break, as with a plugin failing mid-animation.

use annex_sdk::api::animation::{Animation, AnimationSpec, Frame};
use annex_sdk::{AnimationPlugin, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct AnimationFaults;

impl Plugin for AnimationFaults {}

impl AnimationPlugin for AnimationFaults {
    fn custom_animation(
        &mut self,
        _name: &str,
        _params: &serde_json::Value,
        e: f64,
    ) -> Result<Frame, PluginError> {
        Ok(Frame { opacity: Some(e.clamp(0.0, 1.0)), ..Frame::default() })
    }

    fn sample(
        &mut self,
        spec: &AnimationSpec,
        times_ms: &[f64],
    ) -> Result<Vec<Frame>, PluginError> {
        if let Animation::Custom { name, params } = &spec.animation {
            let after_ms = params["after_ms"].as_f64().unwrap_or(0.0);
            if let Some(time) = times_ms.iter().find(|t| **t >= after_ms) {
                if name == "panic_after" {
                    panic!("animation-faults panicked at {time} ms on purpose");
                }
                return Err(PluginError::plugin(format!(
                    "no frames at or past {after_ms} ms (asked for {time} ms): failing on purpose"
                )));
            }
        }
        times_ms
            .iter()
            .map(|&time| {
                let eased = self.ease(&spec.easing, spec.directed_progress(time))?;
                self.animate(&spec.animation, eased)
            })
            .collect()
    }
}

annex_sdk::export_plugin!(AnimationFaults);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::api::animation::{Animation, AnimationSpec};
    use annex_sdk::testing::Harness;
    use annex_sdk::ErrorCode;
    use serde_json::json;

    use super::AnimationFaults;

    #[test]
    fn fails_only_past_the_limit() {
        let mut h = Harness::<AnimationFaults>::new().unwrap();
        let spec =
            AnimationSpec::new(Animation::custom("fail_after", json!({"after_ms": 100})), 200.0);
        let frames = h.sample(&spec, &[0.0, 50.0]).unwrap();
        assert_eq!(frames[1].opacity, Some(0.25));
        let err = h.sample(&spec, &[50.0, 150.0]).unwrap_err();
        assert_eq!(err.code, ErrorCode::PluginError);
        let spec =
            AnimationSpec::new(Animation::custom("panic_after", json!({"after_ms": 100})), 200.0);
        assert_eq!(h.sample(&spec, &[100.0]).unwrap_err().code, ErrorCode::Panic);
    }
}

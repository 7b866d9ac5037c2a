//! {{title}}: an animation plugin. The host asks for many values in one
//! call and draws them itself. Built-in animations (here `fade`) and CSS
//! easings are computed by the SDK; the plugin adds the easing `{{name}}`,
//! smoothstep: `E(t) = 3t² − 2t³`.

use annex_sdk::{AnimationPlugin, Plugin, PluginError};
use serde_json::Value;

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}};

impl Plugin for {{type}} {}

impl AnimationPlugin for {{type}} {
    fn custom_easing(&mut self, _name: &str, _params: &Value, t: f64) -> Result<f64, PluginError> {
        Ok(smoothstep(t))
    }
}

/// `3t² − 2t³`: starts and ends at rest.
pub fn smoothstep(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::api::animation::{Animation, AnimationSpec, Easing};
    use annex_sdk::testing::Harness;

    use super::*;

    #[test]
    fn the_easing_is_smoothstep() {
        let mut harness = Harness::<{{type}}>::new().unwrap();
        let values = harness.ease(&Easing::custom("{{name}}"), &[0.0, 0.25, 0.5, 1.0]).unwrap();
        assert_eq!(values, [0.0, 0.15625, 0.5, 1.0]);
    }

    #[test]
    fn a_fade_eased_by_it_is_halfway_at_half_time() {
        let mut harness = Harness::<{{type}}>::new().unwrap();
        let spec = AnimationSpec::new(Animation::fade(0.0, 1.0), 100.0).easing(Easing::custom("{{name}}"));
        let frames = harness.sample(&spec, &[0.0, 50.0, 100.0]).unwrap();
        let opacity: Vec<f64> = frames.iter().map(|f| f.opacity.unwrap()).collect();
        assert_eq!(opacity, [0.0, 0.5, 1.0]);
    }
}

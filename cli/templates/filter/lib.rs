//! {{title}}: a canvas-filter plugin. Its filter `{{name}}` inverts colours,
//! mixed with the original by `strength` (from its configuration):
//! `c' = c + (255 - 2c) * strength`, rounded; alpha is kept.

use annex_sdk::{CanvasFilter, Filter, Image, InitContext, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct {{type}} {
    strength: f64,
}

impl Plugin for {{type}} {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.strength = ctx.config.get("strength")?;
        Ok(())
    }
}

impl CanvasFilter for {{type}} {
    fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        for px in image.pixels_mut() {
            for c in &mut px[..3] {
                *c = mix(*c, self.strength);
            }
        }
        Ok(())
    }
}

/// One channel, inverted by `strength`.
pub fn mix(c: u8, strength: f64) -> u8 {
    (f64::from(c) + (255.0 - 2.0 * f64::from(c)) * strength).round().clamp(0.0, 255.0) as u8
}

annex_sdk::export_plugin!({{type}});

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter};

    use super::*;

    fn filter() -> Filter {
        Filter::Custom { name: "{{name}}".into(), params: serde_json::Value::Null }
    }

    #[test]
    fn inverts_colours_and_keeps_alpha() {
        let mut harness = Harness::<{{type}}>::new().unwrap();
        let mut pixels = vec![0, 100, 255, 7];
        harness.apply_filter(&filter(), 1, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [255, 155, 0, 7]);
    }

    #[test]
    fn strength_comes_from_the_configuration() {
        let config = serde_json::json!({"strength": 0.5});
        let mut harness = Harness::<{{type}}>::with_config(config).unwrap();
        let mut pixels = vec![0, 0, 0, 255];
        harness.apply_filter(&filter(), 1, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [128, 128, 128, 255]);
        let bad = Harness::<{{type}}>::with_config(serde_json::json!({"strength": 2})).unwrap_err();
        assert_eq!(bad.code, ErrorCode::ConfigInvalid, "{bad}");
    }

    #[test]
    fn other_filters_are_refused() {
        let mut harness = Harness::<{{type}}>::new().unwrap();
        let err = harness.apply_filter(&Filter::Grayscale, 1, 1, &mut vec![0; 4]).unwrap_err();
        assert_eq!(err.code, ErrorCode::Unsupported);
    }
}

use annex_sdk::{CanvasFilter, Filter, Image, InitContext, Plugin, PluginError};

#[derive(Debug, Default)]
pub struct Invert {
    strength: f64,
}

impl Plugin for Invert {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        // The host already checked the value against the schema (a number
        // between 0 and 1) and filled in the default.
        self.strength = ctx.config.get("strength")?;
        annex_sdk::host::info(&format!("invert ready, strength {}", self.strength));
        Ok(())
    }
}

impl CanvasFilter for Invert {
    fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        for px in image.pixels_mut() {
            for c in &mut px[..3] {
                let inverted = 255.0 - f64::from(*c);
                *c = (f64::from(*c) + (inverted - f64::from(*c)) * self.strength).round() as u8;
            }
        }
        Ok(())
    }
}

annex_sdk::export_plugin!(Invert);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter};
    use serde_json::json;

    use super::Invert;

    fn invert() -> Filter {
        Filter::Custom { name: "invert".into(), params: serde_json::Value::Null }
    }

    #[test]
    fn inverts_fully_by_default_and_keeps_alpha() {
        let mut harness = Harness::<Invert>::new().unwrap();
        let mut pixels = vec![0, 100, 255, 7];
        harness.apply_filter(&invert(), 1, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [255, 155, 0, 7]);
        assert_eq!(harness.host().logs()[0].1, "invert ready, strength 1");
    }

    #[test]
    fn strength_comes_from_the_config() {
        let mut harness = Harness::<Invert>::with_config(json!({"strength": 0.5})).unwrap();
        let mut pixels = vec![0, 0, 0, 255];
        harness.apply_filter(&invert(), 1, 1, &mut pixels).unwrap();
        assert_eq!(pixels, [128, 128, 128, 255]);
    }

    #[test]
    fn out_of_range_config_is_refused() {
        let err = Harness::<Invert>::with_config(json!({"strength": 2})).unwrap_err();
        assert_eq!(err.code, ErrorCode::ConfigInvalid);
    }
}

//! Test fixture: a plugin that counts its lifecycle calls.
//!
//! Its `state` filter writes `[level, initializations, cleanups, reloads]`
//! into every pixel, so a browser test can see what the plugin saw.
//! `validate_config` refuses `low > high` (a rule the schema cannot express);
//! `fail_init` and `panic_init` make `initialize` fail or panic.

use annex_sdk::{host, CanvasFilter, Config, Filter, Image, InitContext, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct Lifecycle {
    level: u8,
    initializations: u8,
    cleanups: u8,
    reloads: u8,
}

impl Plugin for Lifecycle {
    fn initialize(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        if ctx.config.get::<bool>("panic_init")? {
            panic!("initialize panicked on request");
        }
        if ctx.config.get::<bool>("fail_init")? {
            return Err(PluginError::plugin("initialize failed on request"));
        }
        self.level = ctx.config.get("level")?;
        self.initializations += 1;
        host::info(&format!("initialized {} with level {}", ctx.plugin, self.level));
        Ok(())
    }

    fn cleanup(&mut self) -> Result<(), PluginError> {
        self.cleanups += 1;
        Ok(())
    }

    fn reload(&mut self, ctx: &InitContext) -> Result<(), PluginError> {
        self.reloads += 1;
        self.cleanup()?;
        self.initialize(ctx)
    }

    fn validate_config(&self, config: &Config) -> Result<(), PluginError> {
        let (low, high): (u8, u8) = (config.get("low")?, config.get("high")?);
        if low > high {
            return Err(PluginError::new(
                annex_sdk::ErrorCode::ConfigInvalid,
                format!("`low` ({low}) must not be above `high` ({high})"),
            ));
        }
        Ok(())
    }
}

impl CanvasFilter for Lifecycle {
    fn apply(&mut self, _filter: &Filter, image: &mut Image<'_>) -> Result<(), PluginError> {
        let state = [self.level, self.initializations, self.cleanups, self.reloads];
        for px in image.pixels_mut() {
            px.copy_from_slice(&state);
        }
        Ok(())
    }
}

annex_sdk::export_plugin!(Lifecycle);

#[cfg(test)]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::{ErrorCode, Filter, Plugin};
    use serde_json::json;

    use super::Lifecycle;

    fn state(harness: &mut Harness<Lifecycle>) -> Vec<u8> {
        let mut px = vec![0; 4];
        let filter = Filter::Custom { name: "state".into(), params: Default::default() };
        harness.apply_filter(&filter, 1, 1, &mut px).unwrap();
        px
    }

    #[test]
    fn starts_with_schema_defaults() {
        let mut harness = Harness::<Lifecycle>::new().unwrap();
        assert_eq!(state(&mut harness), [10, 1, 0, 0]);
        assert_eq!(harness.plugin().default_config().get::<u8>("level").unwrap(), 10);
        let logs = harness.host().logs();
        assert_eq!(logs[0].1, "initialized dev.annex.test.lifecycle with level 10");
    }

    #[test]
    fn config_is_checked_by_schema_then_by_the_plugin() {
        let err = Harness::<Lifecycle>::with_config(json!({"level": 300})).unwrap_err();
        assert_eq!(err.code, ErrorCode::ConfigInvalid);
        assert!(err.message.contains("`config.level`: 300 is above the maximum 255"), "{err}");

        let err = Harness::<Lifecycle>::with_config(json!({"low": 9, "high": 3})).unwrap_err();
        assert_eq!(err.code, ErrorCode::ConfigInvalid);
        assert!(err.message.contains("must not be above"), "{err}");
    }

    #[test]
    fn update_reload_and_cleanup_reach_the_plugin() {
        let mut harness = Harness::<Lifecycle>::new().unwrap();
        harness.update_config(json!({"level": 42})).unwrap();
        assert_eq!(state(&mut harness), [42, 2, 1, 1], "the default update_config reloads");
        harness.reload().unwrap();
        assert_eq!(state(&mut harness), [42, 3, 2, 2]);
        harness.cleanup().unwrap();
        assert_eq!(state(&mut harness), [42, 3, 3, 2]);
    }

    #[test]
    fn a_rejected_update_keeps_the_old_config() {
        let mut harness = Harness::<Lifecycle>::new().unwrap();
        let err = harness.update_config(json!({"low": 200, "high": 100})).unwrap_err();
        assert_eq!(err.code, ErrorCode::ConfigInvalid);
        assert_eq!(state(&mut harness), [10, 1, 0, 0]);
    }

    #[test]
    fn init_failures_and_panics_are_errors() {
        let err = Harness::<Lifecycle>::with_config(json!({"fail_init": true})).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::PluginError, "initialize failed on request")
        );
        let err = Harness::<Lifecycle>::with_config(json!({"panic_init": true})).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::Panic, "initialize panicked on request")
        );
    }
}

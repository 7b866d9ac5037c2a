//! A `filter.pre_apply` hook that only runs for the `visitor` role (the
//! condition is in its manifest, so the host does not even call it for
//! others): it stops `swirl` and `pixelate`, which would let anyone deface
//! an image, with a reason the page can show.

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::Value;

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct FilterPolicy;

impl Plugin for FilterPolicy {}

impl Hooks for FilterPolicy {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        match data["filter"]["type"].as_str() {
            Some(kind @ ("swirl" | "pixelate")) => Ok(HookOutcome::Stop {
                reason: Some(format!("{kind} is for editors and admins; switch role to use it")),
            }),
            _ => Ok(HookOutcome::Continue),
        }
    }
}

annex_sdk::export_plugin!(FilterPolicy);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::HookOutcome;
    use serde_json::json;

    use super::FilterPolicy;

    #[test]
    fn stops_distortions_and_passes_the_rest() {
        let mut harness = Harness::<FilterPolicy>::new().unwrap();
        let hook = "filter.pre_apply";
        let swirl = json!({"filter": {"type": "swirl", "angle": 90.0, "radius": 0.5}});
        let HookOutcome::Stop { reason } = harness.run_hook(hook, swirl).unwrap() else { panic!() };
        assert!(reason.unwrap().starts_with("swirl is for editors"));
        let sepia = json!({"filter": {"type": "sepia", "amount": 1.0}});
        assert_eq!(harness.run_hook(hook, sepia).unwrap(), HookOutcome::Continue);
    }
}

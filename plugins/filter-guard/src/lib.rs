//! A `filter.pre_apply` hook (priority high, so it runs before others): caps
//! the parameters that make filters slow — Gaussian `sigma` at 8, box-blur
//! `radius` at 12, swirl `angle` at ±360 — and notes what it changed in the
//! hook data's `notes` list. Anything else passes unchanged.

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::{json, Value};

/// The plugin. It keeps no state.
#[derive(Debug, Default)]
pub struct FilterGuard;

impl Plugin for FilterGuard {}

/// `(filter type, parameter, largest allowed magnitude)`.
const CAPS: [(&str, &str, f64); 3] =
    [("gaussian_blur", "sigma", 8.0), ("box_blur", "radius", 12.0), ("swirl", "angle", 360.0)];

impl Hooks for FilterGuard {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let kind = data["filter"]["type"].as_str().unwrap_or_default();
        let Some((_, param, cap)) = CAPS.iter().find(|(k, _, _)| *k == kind) else {
            return Ok(HookOutcome::Continue);
        };
        let Some(value) = data["filter"][param].as_f64() else { return Ok(HookOutcome::Continue) };
        if value.abs() <= *cap {
            return Ok(HookOutcome::Continue);
        }
        let capped = cap.copysign(value);
        let mut data = data.clone();
        data["filter"][param] =
            if kind == "box_blur" { json!(capped as u32) } else { json!(capped) };
        let note = format!("filter-guard capped {kind} {param} {value} → {capped}");
        match data["notes"].as_array_mut() {
            Some(notes) => notes.push(note.into()),
            None => data["notes"] = json!([note]),
        }
        Ok(HookOutcome::Modify { data })
    }
}

annex_sdk::export_plugin!(FilterGuard);

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use annex_sdk::testing::Harness;
    use annex_sdk::HookOutcome;
    use serde_json::json;

    use super::FilterGuard;

    #[test]
    fn caps_a_heavy_blur_and_says_so_and_lets_light_ones_through() {
        let mut harness = Harness::<FilterGuard>::new().unwrap();
        let hook = "filter.pre_apply";
        let heavy =
            json!({"filter": {"type": "gaussian_blur", "sigma": 20.0}, "width": 10, "height": 10});
        let HookOutcome::Modify { data } = harness.run_hook(hook, heavy).unwrap() else { panic!() };
        assert_eq!(data["filter"]["sigma"], 8.0);
        assert_eq!(data["notes"][0], "filter-guard capped gaussian_blur sigma 20 → 8");
        let light = json!({"filter": {"type": "box_blur", "radius": 3}});
        assert_eq!(harness.run_hook(hook, light).unwrap(), HookOutcome::Continue);
        let swirl = json!({"filter": {"type": "swirl", "angle": -700.0, "radius": 0.5}});
        let HookOutcome::Modify { data } = harness.run_hook(hook, swirl).unwrap() else { panic!() };
        assert_eq!(data["filter"]["angle"], -360.0);
    }
}

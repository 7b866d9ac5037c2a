//! Test fixture: appends "late" to `data.trail`, with background priority.

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::Value;

/// The plugin.
#[derive(Debug, Default)]
pub struct HookLate;

impl Plugin for HookLate {}

impl Hooks for HookLate {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let mut data = data.clone();
        match data.get_mut("trail").and_then(Value::as_array_mut) {
            Some(trail) => trail.push("late".into()),
            None => return Err(PluginError::bad_request("data.trail must be an array")),
        }
        Ok(HookOutcome::Modify { data })
    }
}

annex_sdk::export_plugin!(HookLate);

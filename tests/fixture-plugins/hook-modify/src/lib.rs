//! Test fixture: on `custom:test.chain` appends "modify" to `data.trail`; on
//! `filter.pre_apply` adds a `seen_by` marker, to show hooks may change what
//! a filter gets.

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::Value;

/// The plugin.
#[derive(Debug, Default)]
pub struct HookModify;

impl Plugin for HookModify {}

impl Hooks for HookModify {
    fn on_hook(&mut self, hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let mut data = data.clone();
        match hook.as_str() {
            "filter.pre_apply" => data["seen_by"] = "dev.annex.test.hook-modify".into(),
            _ => append(&mut data, "modify")?,
        }
        Ok(HookOutcome::Modify { data })
    }
}

/// Pushes `name` onto `data.trail` (an array).
pub fn append(data: &mut Value, name: &str) -> Result<(), PluginError> {
    let trail = data
        .get_mut("trail")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| PluginError::bad_request("data.trail must be an array"))?;
    trail.push(name.into());
    Ok(())
}

annex_sdk::export_plugin!(HookModify);

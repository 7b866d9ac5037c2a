//! Test fixture: stops the chain (and, on locked routes, filters).

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct HookStop;

impl Plugin for HookStop {}

impl Hooks for HookStop {
    fn on_hook(
        &mut self,
        hook: &HookName,
        _data: &serde_json::Value,
    ) -> Result<HookOutcome, PluginError> {
        let reason = match hook.as_str() {
            "filter.pre_apply" => "filters are locked on this page",
            _ => "hook-stop ends the chain",
        };
        Ok(HookOutcome::Stop { reason: Some(reason.into()) })
    }
}

annex_sdk::export_plugin!(HookStop);

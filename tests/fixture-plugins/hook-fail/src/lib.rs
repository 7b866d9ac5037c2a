//! Test fixture: a hook handler that always fails.

use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};

/// The plugin.
#[derive(Debug, Default)]
pub struct HookFail;

impl Plugin for HookFail {}

impl Hooks for HookFail {
    fn on_hook(
        &mut self,
        _hook: &HookName,
        _data: &serde_json::Value,
    ) -> Result<HookOutcome, PluginError> {
        Err(PluginError::plugin("hook-fail refuses on purpose"))
    }
}

annex_sdk::export_plugin!(HookFail);

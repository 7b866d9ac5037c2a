//! Test fixture: on `custom:test.panel` (for admins only, by its hook
//! condition) contributes a title with a badge.

use annex_sdk::api::slot::{contribute, SlotContribution};
use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::Value;

/// The plugin.
#[derive(Debug, Default)]
pub struct SlotBadge;

impl Plugin for SlotBadge {}

impl Hooks for SlotBadge {
    fn on_hook(&mut self, _hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let mut data = data.clone();
        let item = SlotContribution {
            title: Some("Admin tools".into()),
            badge: Some("2 pending".into()),
            ..SlotContribution::from_plugin("dev.annex.test.slot-badge".parse().expect("valid id"))
        };
        contribute(&mut data, &item).map_err(PluginError::bad_request)?;
        Ok(HookOutcome::Modify { data })
    }
}

annex_sdk::export_plugin!(SlotBadge);

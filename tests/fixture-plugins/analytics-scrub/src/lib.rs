//! Test fixture for the analytics hooks. On `analytics.pre_process`: stops
//! a batch holding a `blocked` event; gives events of type `corrupt` an
//! invalid type (to show the host checks what handlers leave); drops events
//! whose `data.internal` is `true`; removes every `user_id`. On
//! `analytics.post_process`: emits `analytics.told` with the count, the
//! types it was told about and the plugin that stored them.

use annex_sdk::host::events;
use annex_sdk::{HookName, HookOutcome, Hooks, Plugin, PluginError};
use serde_json::{json, Value};

/// The plugin.
#[derive(Debug, Default)]
pub struct Scrub;

impl Plugin for Scrub {}

impl Hooks for Scrub {
    fn on_hook(&mut self, hook: &HookName, data: &Value) -> Result<HookOutcome, PluginError> {
        let events = data["events"]
            .as_array()
            .ok_or_else(|| PluginError::bad_request("data.events must be an array"))?;
        match hook.as_str() {
            "analytics.pre_process" => {
                if events.iter().any(|e| e["type"] == "blocked") {
                    let reason = "blocked events are not tracked".to_owned();
                    return Ok(HookOutcome::Stop { reason: Some(reason) });
                }
                let kept: Vec<Value> = events
                    .iter()
                    .filter(|e| e["data"]["internal"] != true)
                    .map(|e| {
                        let mut e = e.clone();
                        if let Some(fields) = e.as_object_mut() {
                            fields.remove("user_id");
                            if fields["type"] == "corrupt" {
                                fields.insert("type".into(), "Not A Type".into());
                            }
                        }
                        e
                    })
                    .collect();
                let mut data = data.clone();
                data["events"] = kept.into();
                Ok(HookOutcome::Modify { data })
            }
            _ => {
                let types: Vec<&Value> = events.iter().map(|e| &e["type"]).collect();
                events::emit(
                    "analytics.told",
                    &json!({"count": data["count"], "types": types, "plugin": data["plugin"]}),
                )?;
                Ok(HookOutcome::Continue)
            }
        }
    }
}

annex_sdk::export_plugin!(Scrub);

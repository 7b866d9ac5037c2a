//! Events between the host and plugins.

use serde::{Deserialize, Serialize};

use crate::manifest::PluginId;

/// An event delivered to a plugin that subscribed to its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The event type, e.g. `cart.updated`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Its data.
    pub data: serde_json::Value,
    /// The plugin that emitted it; `None` when the host did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PluginId>,
}

/// Whether `event_type` is a valid event type: 1 to 64 characters of
/// `a-z`, `0-9`, `.`, `-`, `_`, `:`.
pub fn valid_event_type(event_type: &str) -> bool {
    (1..=64).contains(&event_type.len())
        && event_type
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_:".contains(c))
}

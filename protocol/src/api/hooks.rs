//! Hook calls: the host asks a subscribed plugin to look at (and maybe change)
//! data at a named point.

use serde::{Deserialize, Serialize};

use crate::manifest::HookName;

/// One hook call to one plugin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HookRequest {
    /// The hook point.
    pub hook: HookName,
    /// The data as it stands after the handlers before this one.
    pub data: serde_json::Value,
}

/// What a handler decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HookOutcome {
    /// Carry on with the data unchanged.
    Continue,
    /// Carry on with this data instead.
    Modify {
        /// The new data, passed to the next handler.
        data: serde_json::Value,
    },
    /// End the chain here; the host does not run later handlers and the
    /// operation the hook guards does not happen.
    Stop {
        /// Why, for people.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
}

//! Hook points: named places where plugins look at data and may change it,
//! stop the operation, or fail.
//!
//! Handlers run in priority order (`critical`, `high`, `normal`, `low`,
//! `background`); plugins with equal priority run in id order. A handler
//! whose condition (routes, roles) does not match the host's current context
//! is skipped. `modify` passes new data on; `stop` ends the chain; an error is
//! recorded with the plugin's id and the chain goes on, unless the hook point
//! is declared `stop_on_error`. A handler that times out or traps is an error
//! like any other, and its plugin is stopped as for any call.

mod run;

use std::collections::BTreeMap;

use annex_protocol::manifest::{HookName, Priority, BUILTIN_HOOKS};
use annex_protocol::PluginId;

pub(crate) use run::{has_handlers, run_hook};

use crate::Error;

/// A hook point the host offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookPoint {
    /// Its name.
    pub name: HookName,
    /// Whether a failing handler ends the chain (as `stop` would).
    pub stop_on_error: bool,
}

/// The built-in hook points; `metadata.validate` stops on the first error.
pub(crate) fn builtin_points() -> BTreeMap<HookName, HookPoint> {
    BUILTIN_HOOKS
        .iter()
        .map(|name| {
            let name: HookName = name.parse().expect("built-in hook names are valid");
            let stop_on_error = name.as_str() == "metadata.validate";
            (name.clone(), HookPoint { name, stop_on_error })
        })
        .collect()
}

/// The result of running a hook point.
#[derive(Debug, Clone, PartialEq)]
pub struct HookRun {
    /// The data after every handler that ran.
    pub data: serde_json::Value,
    /// Set when the chain ended early: by a `stop`, or by an error at a
    /// `stop_on_error` point.
    pub stopped: Option<Stopped>,
    /// What each subscribed plugin did, in the order they were considered.
    pub trace: Vec<HookStep>,
}

/// Who ended a chain, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopped {
    /// The plugin.
    pub by: PluginId,
    /// Its reason, if it gave one.
    pub reason: Option<String>,
    /// The error, when the chain stopped because the handler failed.
    pub error: Option<Error>,
}

/// One handler's part in a hook run.
#[derive(Debug, Clone, PartialEq)]
pub struct HookStep {
    /// The plugin.
    pub plugin: PluginId,
    /// Its priority for this hook.
    pub priority: Priority,
    /// What it did.
    pub outcome: StepOutcome,
    /// How long its call took, in milliseconds (0 when skipped).
    pub duration_ms: f64,
}

/// What one handler did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum StepOutcome {
    /// Passed the data on unchanged.
    Continued,
    /// Passed new data on.
    Modified,
    /// Ended the chain.
    Stopped {
        /// Its reason, if any.
        reason: Option<String>,
    },
    /// Failed; the error names the plugin and the cause.
    Failed(Error),
    /// Not called.
    Skipped {
        /// Why (condition not met, chain already stopped).
        reason: String,
    },
}

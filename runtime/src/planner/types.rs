//! The planner's inputs about the host and device, and the plan it returns.

use annex_protocol::manifest::{DeviceType, NetworkSpeed, Priority};
use annex_protocol::PluginId;

/// Where the host is in its start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Starting: the host has not reported ready yet.
    Bootstrap,
    /// Ready, and the main thread has nothing else to do.
    Idle,
}

/// Facts about the visitor's device that the host measured. Each is `None`
/// when the browser does not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Device {
    /// Desktop, tablet or mobile.
    pub kind: Option<DeviceType>,
    /// The connection's speed class (Network Information API's `effectiveType`).
    pub network: Option<NetworkSpeed>,
}

/// What to do for one plugin; each step includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Download the module into the module cache.
    Fetch,
    /// Download and compile it, without starting a worker.
    Compile,
    /// Get it running: download, compile, start its worker and initialize it.
    Activate,
}

/// One plugin to load ahead of use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Which plugin.
    pub plugin: PluginId,
    /// How far to take it.
    pub action: Action,
    /// The plugin's loading priority (from its manifest).
    pub priority: Priority,
    /// Whether the host waits for it before reporting ready.
    pub blocking: bool,
    /// Why, e.g. `eager: loads during bootstrap`.
    pub reason: String,
}

/// What to load ahead of use, and what not to load with why not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Plugins to load, most urgent first.
    pub items: Vec<PlanItem>,
    /// Plugins not loaded now, each with the reason, by id.
    pub skipped: Vec<(PluginId, String)>,
}

impl Plan {
    /// The item for a plugin id, if the plan loads it.
    pub fn item(&self, id: &str) -> Option<&PlanItem> {
        self.items.iter().find(|item| item.plugin.as_str() == id)
    }

    /// The ids of the plugins to load, in plan order.
    pub fn ids(&self) -> Vec<&str> {
        self.items.iter().map(|item| item.plugin.as_str()).collect()
    }

    /// Why a plugin is not loaded, if the plan skips it.
    pub fn skip_reason(&self, id: &str) -> Option<&str> {
        self.skipped.iter().find(|(plugin, _)| plugin.as_str() == id).map(|(_, why)| why.as_str())
    }
}

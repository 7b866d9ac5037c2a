//! Per-plugin numbers for the manager panel: what the runtime's resource
//! monitor measures, and what only the host events tell (crashes, cache use).

use annex_runtime::monitor::PluginMetrics;
use annex_runtime::protocol::PluginId;
use annex_runtime::{EventKind, HostEvent};
use leptos::prelude::With;

use crate::context::HostContext;

/// What the host events told about one plugin since the host started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventCounts {
    /// Times it became active (loads, enables, restarts).
    pub starts: u32,
    /// Times its worker died under it (timeouts, traps, panics).
    pub crashes: u32,
    /// Loads whose bytes came from the module cache.
    pub cache_hits: u32,
    /// Loads that had to download.
    pub cache_misses: u32,
}

impl EventCounts {
    /// Counts `event` if it says something about starts, crashes or the
    /// cache; returns whether it did.
    pub(crate) fn observe(&mut self, event: &HostEvent) -> bool {
        match &event.kind {
            EventKind::LoadCompleted { .. } => self.starts += 1,
            EventKind::Crashed { .. } => self.crashes += 1,
            EventKind::CacheHit { .. } => self.cache_hits += 1,
            EventKind::CacheMiss => self.cache_misses += 1,
            _ => return false,
        }
        true
    }
}

impl HostContext {
    /// What the events told about one plugin (tracked).
    pub fn event_counts(&self, id: &PluginId) -> EventCounts {
        self.tallies.with(|t| t.get(id).copied()).unwrap_or_default()
    }

    /// The runtime's measurements of one plugin (load time, calls, memory,
    /// storage, network, restarts), or `None` when it is not registered.
    ///
    /// Tracked for changes the host reports with events; calls and memory
    /// change without events, so a panel that shows them live reads again on
    /// a timer (as [`crate::PluginManager`] does).
    pub fn metrics(&self, id: &PluginId) -> Option<PluginMetrics> {
        self.plugin(id).map(|plugin| plugin.metrics())
    }
}

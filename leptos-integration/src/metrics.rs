//! Per-plugin numbers for the manager panel: some counted from host events,
//! the rest read from the plugin handle.

use annex_runtime::protocol::PluginId;
use annex_runtime::{CallStats, EventKind, HostEvent};
use leptos::prelude::With;

use crate::context::HostContext;

/// What the events told about one plugin so far.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct EventTally {
    last_load_ms: Option<f64>,
    starts: u32,
    crashes: u32,
    cache_hits: u32,
    cache_misses: u32,
}

impl EventTally {
    /// Counts `event` if it says something about loads, crashes or the cache;
    /// returns whether it did.
    pub(crate) fn observe(&mut self, event: &HostEvent) -> bool {
        match &event.kind {
            EventKind::LoadCompleted { duration_ms } => {
                self.last_load_ms = Some(*duration_ms);
                self.starts += 1;
            }
            EventKind::Crashed { .. } => self.crashes += 1,
            EventKind::CacheHit { .. } => self.cache_hits += 1,
            EventKind::CacheMiss => self.cache_misses += 1,
            _ => return false,
        }
        true
    }
}

/// What a host knows about how one plugin has been doing.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PluginMetrics {
    /// Its last load (or restart), from the start of loading to active, in ms.
    pub load_ms: Option<f64>,
    /// How often it became active again after its first start (enable,
    /// un-park, reload after a failure).
    pub restarts: u32,
    /// How often its worker died under it (timeouts, traps, panics).
    pub crashes: u32,
    /// Loads whose bytes came from the module cache.
    pub cache_hits: u32,
    /// Loads that had to download.
    pub cache_misses: u32,
    /// Its calls: count, failures and round-trip times.
    pub calls: CallStats,
    /// Its linear memory after its last call, in bytes (0 when not running).
    pub memory_bytes: u32,
}

impl HostContext {
    /// The numbers for one plugin. Tracked for what events report (loads,
    /// crashes, cache); call times and memory change without events, so a
    /// panel that shows them live re-reads on a timer (as
    /// [`crate::PluginManager`] does).
    pub fn metrics(&self, id: &PluginId) -> PluginMetrics {
        let tally = self.tallies.with(|t| t.get(id).copied()).unwrap_or_default();
        let plugin = self.host().and_then(|host| host.plugin(id));
        PluginMetrics {
            load_ms: tally.last_load_ms,
            restarts: tally.starts.saturating_sub(1),
            crashes: tally.crashes,
            cache_hits: tally.cache_hits,
            cache_misses: tally.cache_misses,
            calls: plugin.as_ref().map(|p| p.call_stats()).unwrap_or_default(),
            memory_bytes: plugin.as_ref().map_or(0, |p| p.memory_bytes()),
        }
    }
}

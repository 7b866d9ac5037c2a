//! Per-plugin numbers only the host events tell (starts, crashes, cache
//! use), for the manager panel; the runtime's own measurements are
//! [`crate::HostContext::metrics`].

use annex_runtime::{EventKind, HostEvent};

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

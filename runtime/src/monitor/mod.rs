//! The resource monitor: per-plugin usage (memory, call time, storage,
//! network, restarts) and alerts when a plugin nears or passes a limit.
//!
//! Usage comes from the host's own measurements (call durations, crashes)
//! and from the worker, which reports memory, storage and network use with
//! every reply. An alert is raised as [`crate::EventKind::ResourceAlert`]
//! each time a resource's severity changes, so a plugin sitting at 90 % of
//! its memory raises one warning, not one per call.

mod alerts;

pub(crate) use alerts::{assess as alerts_for, AlertLevels};
pub use alerts::{Alert, Resource, Severity};

use serde::Serialize;

/// What a plugin has used, as far as the host knows.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PluginMetrics {
    /// How long its last start took (download excluded), in milliseconds.
    pub load_ms: Option<f64>,
    /// Calls answered (successfully or not) since it was registered.
    pub calls: u64,
    /// Calls that failed.
    pub failed_calls: u64,
    /// Duration of the last call, in milliseconds.
    pub last_call_ms: Option<f64>,
    /// Mean call duration, in milliseconds.
    pub mean_call_ms: Option<f64>,
    /// Longest call, in milliseconds.
    pub max_call_ms: Option<f64>,
    /// Size of its linear memory, in bytes.
    pub memory_bytes: u64,
    /// The cap on it, in bytes.
    pub memory_max_bytes: Option<u64>,
    /// Bytes in its storage namespace, once known.
    pub storage_bytes: Option<u64>,
    /// Its storage quota, in bytes.
    pub storage_quota_bytes: u64,
    /// Network requests since its worker started.
    pub network_requests: u64,
    /// Times the supervisor restarted it.
    pub restarts: u32,
    /// Events and log lines its worker refused for coming too fast.
    pub throttled: u64,
}

impl PluginMetrics {
    /// Records a call that took `ms`.
    pub(crate) fn record_call(&mut self, ms: f64, failed: bool) {
        let total = self.mean_call_ms.unwrap_or(0.0) * self.calls as f64 + ms;
        self.calls += 1;
        self.failed_calls += u64::from(failed);
        self.last_call_ms = Some(ms);
        self.mean_call_ms = Some(total / self.calls as f64);
        self.max_call_ms = Some(self.max_call_ms.map_or(ms, |max| max.max(ms)));
    }
}

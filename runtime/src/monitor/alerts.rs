//! Alert severities and the rules that turn usage into alerts.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::PluginMetrics;

/// How bad an alert is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Back to normal, or worth knowing.
    Info,
    /// Near a limit (80 % or more).
    Warning,
    /// At or over a limit: something was refused or failed.
    Error,
    /// The plugin was stopped (timeout, restart budget spent).
    Critical,
}

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Resource {
    /// Linear memory against its cap.
    Memory,
    /// Call duration against the call budget.
    CallTime,
    /// Storage bytes against the quota.
    Storage,
    /// Network requests against the policy.
    Network,
    /// Events and logs against their rates.
    Messages,
    /// Crashes and restarts.
    Restarts,
}

/// A change in how close a plugin is to one of its limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Alert {
    /// The resource.
    pub resource: Resource,
    /// How bad.
    pub severity: Severity,
    /// What happened, in words, with the numbers.
    pub message: String,
}

/// The current severity of each resource of one plugin.
#[derive(Debug, Default)]
pub(crate) struct AlertLevels(HashMap<Resource, Severity>);

impl AlertLevels {
    /// Records the severity now (`None`: fine); returns an alert when it changed.
    pub(crate) fn update(
        &mut self,
        resource: Resource,
        now: Option<(Severity, String)>,
    ) -> Option<Alert> {
        match (now, self.0.get(&resource).copied()) {
            (Some((severity, message)), before) if before != Some(severity) => {
                self.0.insert(resource, severity);
                Some(Alert { resource, severity, message })
            }
            (None, Some(before)) if before > Severity::Info => {
                self.0.remove(&resource);
                let message = format!("{} back to normal", resource.as_str());
                Some(Alert { resource, severity: Severity::Info, message })
            }
            _ => None,
        }
    }
}

impl Resource {
    /// The resource as a word, e.g. `"memory"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Memory => "memory",
            Self::CallTime => "call time",
            Self::Storage => "storage",
            Self::Network => "network",
            Self::Messages => "messages",
            Self::Restarts => "restarts",
        }
    }
}

/// Warning from 80 % of a limit, error from 100 %.
fn ratio_level(what: &str, used: f64, limit: f64, unit: &str) -> Option<(Severity, String)> {
    if limit <= 0.0 {
        return None;
    }
    let ratio = used / limit;
    let severity = if ratio >= 1.0 {
        Severity::Error
    } else if ratio >= 0.8 {
        Severity::Warning
    } else {
        return None;
    };
    let percent = (ratio * 100.0).round();
    Some((severity, format!("{what} at {percent} % of its limit ({used:.0} of {limit:.0} {unit})")))
}

/// The memory, storage and call-time levels the metrics show.
pub(crate) fn assess(
    metrics: &PluginMetrics,
    call_budget_ms: f64,
) -> [(Resource, Option<(Severity, String)>); 3] {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    // A memory at its cap cannot grow: that is as bad as over.
    let memory = metrics
        .memory_max_bytes
        .and_then(|max| ratio_level("memory", mib(metrics.memory_bytes), mib(max), "MiB"));
    let storage = metrics.storage_bytes.and_then(|used| {
        ratio_level("storage", used as f64, metrics.storage_quota_bytes as f64, "bytes")
    });
    let call = metrics.last_call_ms.and_then(|ms| {
        ratio_level("the last call", ms, call_budget_ms, "ms").map(|(severity, message)| {
            // A call that finished was within budget: at most a warning.
            (severity.min(Severity::Warning), message)
        })
    });
    [(Resource::Memory, memory), (Resource::Storage, storage), (Resource::CallTime, call)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_change_once_per_crossing_and_recover_with_an_info() {
        let mut metrics = PluginMetrics {
            memory_bytes: 52 << 20,
            memory_max_bytes: Some(64 << 20),
            storage_bytes: Some(100),
            storage_quota_bytes: 1000,
            last_call_ms: Some(90.0),
            ..PluginMetrics::default()
        };
        let mut levels = AlertLevels::default();
        let raised = |levels: &mut AlertLevels, metrics: &PluginMetrics| {
            assess(metrics, 100.0)
                .into_iter()
                .filter_map(|(resource, now)| levels.update(resource, now))
                .map(|a| (a.resource, a.severity, a.message))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            raised(&mut levels, &metrics),
            [
                (
                    Resource::Memory,
                    Severity::Warning,
                    "memory at 81 % of its limit (52 of 64 MiB)".into()
                ),
                (
                    Resource::CallTime,
                    Severity::Warning,
                    "the last call at 90 % of its limit (90 of 100 ms)".into()
                ),
            ]
        );
        // The same levels again: nothing new.
        assert!(raised(&mut levels, &metrics).is_empty());
        metrics.memory_bytes = 64 << 20;
        metrics.storage_bytes = Some(1000);
        metrics.last_call_ms = Some(5.0);
        let alerts = raised(&mut levels, &metrics);
        assert_eq!(alerts.len(), 3, "{alerts:?}");
        assert_eq!((alerts[0].0, alerts[0].1), (Resource::Memory, Severity::Error));
        assert_eq!((alerts[1].0, alerts[1].1), (Resource::Storage, Severity::Error));
        assert_eq!(
            alerts[2],
            (Resource::CallTime, Severity::Info, "call time back to normal".into())
        );
    }
}

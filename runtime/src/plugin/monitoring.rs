//! Feeding the resource monitor: usage after each call, crashes, throttling.

use annex_protocol::ErrorCode;

use super::Plugin;
use crate::events::EventKind;
use crate::monitor::{alerts_for, PluginMetrics, Resource, Severity};
use crate::Error;

impl Plugin {
    /// What the plugin has used so far: calls, memory, storage, network,
    /// restarts. See [`crate::monitor`].
    pub fn metrics(&self) -> PluginMetrics {
        self.inner.metrics.borrow().clone()
    }

    /// Records a finished call and raises the alerts it calls for.
    pub(super) fn record_call(&self, ms: f64, result: Result<(), &Error>) {
        let connection = self.inner.state.borrow().connection.clone();
        {
            let mut metrics = self.inner.metrics.borrow_mut();
            metrics.record_call(ms, result.is_err());
            if let Some(connection) = connection {
                let usage = connection.usage();
                metrics.memory_bytes = u64::from(connection.memory_bytes());
                metrics.storage_bytes = usage.storage_bytes.or(metrics.storage_bytes);
                metrics.network_requests = usage.network_requests;
            }
            metrics.memory_max_bytes = self.memory_cap().map(|m| m.max_bytes());
            metrics.storage_quota_bytes =
                self.limits_of(&self.inner.installed.borrow()).storage_quota_bytes;
        }
        let budget_ms = self.call_budget().as_secs_f64() * 1000.0;
        for (resource, level) in alerts_for(&self.metrics(), budget_ms) {
            self.alert(resource, level);
        }
        if let Err(error) = result {
            let refused = match error.code() {
                ErrorCode::QuotaExceeded => Some(Resource::Storage),
                ErrorCode::NetworkBlocked => Some(Resource::Network),
                ErrorCode::BudgetExceeded if error.to_string().contains("network") => {
                    Some(Resource::Network)
                }
                ErrorCode::BudgetExceeded => Some(Resource::Messages),
                _ => None,
            };
            if let Some(resource) = refused {
                self.alert(resource, Some((Severity::Error, error.to_string())));
            }
        }
    }

    /// Records a crash: critical for a timeout, an error otherwise.
    pub(super) fn record_crash(&self, error: &Error) {
        let (resource, severity) = match error {
            Error::Timeout { .. } => (Resource::CallTime, Severity::Critical),
            Error::RestartBudgetSpent { .. } => (Resource::Restarts, Severity::Critical),
            _ => (Resource::Restarts, Severity::Error),
        };
        self.alert(resource, Some((severity, error.to_string())));
    }

    pub(super) fn record_restart(&self) {
        self.inner.metrics.borrow_mut().restarts += 1;
    }

    pub(super) fn record_load(&self, ms: f64) {
        self.inner.metrics.borrow_mut().load_ms = Some(ms);
    }

    /// Records that the worker refused `refused` events or log lines so far.
    pub(crate) fn record_throttled(&self, what: &str, refused: u64) {
        self.inner.metrics.borrow_mut().throttled = refused;
        let message = format!("its worker refused {refused} {what} sent too fast");
        self.alert(Resource::Messages, Some((Severity::Warning, message)));
    }

    /// Records events dropped because it was not answering them fast enough.
    pub(super) fn record_dropped_deliveries(&self, dropped: u64, max: u32) {
        let message = format!(
            "{dropped} events for it were dropped: {max} were already waiting for its answer"
        );
        self.alert(Resource::Messages, Some((Severity::Warning, message)));
    }

    fn alert(&self, resource: Resource, level: Option<(Severity, String)>) {
        let alert = self.inner.alerts.borrow_mut().update(resource, level);
        if let Some(alert) = alert {
            self.emit(EventKind::ResourceAlert { alert });
        }
    }
}

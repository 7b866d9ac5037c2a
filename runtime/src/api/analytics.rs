//! The analytics API family, host side.

use annex_protocol::api::analytics::{
    validate_events, AnalyticsEvent, AnalyticsRequest, AnalyticsResponse, ExportFormat,
    ExportRequest, MetricsQuery, MetricsResult, TimeRange,
};
use annex_protocol::encoded::Encoded;
use annex_protocol::manifest::HookName;
use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::PluginError;
use serde_json::json;

use super::storage::bytes_of;
use crate::{Error, Plugin, Result};

/// Event tracking and metrics through one analytics plugin. Get it with
/// [`Plugin::analytics`].
///
/// Requests are checked here first (the rules are in
/// [`annex_protocol::api::analytics`]): a malformed event or query is an
/// [`Error::Plugin`] with code `bad_request` naming the problem, and nothing
/// is sent. Tracking runs the `analytics.pre_process` hook first: its
/// handlers see `{plugin, events}` and may change or drop events, or stop the
/// track ([`Error::HookStopped`]); `analytics.post_process` handlers are told
/// `{plugin, events, count, duration_ms}` once the events are stored.
#[derive(Debug, Clone)]
pub struct AnalyticsApi {
    plugin: Plugin,
}

/// An export: its text and how many events it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyticsExport {
    /// JSON or CSV.
    pub format: ExportFormat,
    /// How many events it holds.
    pub events: u64,
    /// The text (see [`annex_protocol::api::analytics`] for both formats).
    pub text: String,
}

impl AnalyticsApi {
    pub(crate) fn new(plugin: Plugin) -> Self {
        Self { plugin }
    }

    /// Tracks one event; returns once the plugin has stored it durably.
    pub async fn track(&self, event: AnalyticsEvent) -> Result<()> {
        self.track_batch(vec![event]).await.map(drop)
    }

    /// Tracks events in one call (up to
    /// [`MAX_BATCH`](annex_protocol::api::analytics::MAX_BATCH)); returns
    /// how many were stored, durably, once they are (fewer than given when an
    /// `analytics.pre_process` handler dropped some).
    pub async fn track_batch(&self, events: Vec<AnalyticsEvent>) -> Result<u64> {
        validate_events(&events).map_err(|error| self.refused(error))?;
        let host = self.plugin.site();
        let mut events = events;
        if let Some(host) = &host {
            let hook = hook("analytics.pre_process");
            if host.has_handlers(&hook) {
                let data = json!({ "plugin": self.plugin.id(), "events": events });
                let mut run = host.run_hook(&hook, data).await?;
                if let Some(stopped) = run.stopped {
                    let reason = stopped.reason.or_else(|| stopped.error.map(|e| e.to_string()));
                    return Err(Error::HookStopped { hook, by: stopped.by, reason });
                }
                events = serde_json::from_value(run.data["events"].take())
                    .map_err(|e| e.to_string())
                    .and_then(|events: Vec<AnalyticsEvent>| {
                        validate_events(&events).map(|()| events).map_err(|e| e.message)
                    })
                    .map_err(|e| {
                        Error::InvalidInput(format!(
                            "an analytics.pre_process hook left invalid events: {e}"
                        ))
                    })?;
            }
        }
        if events.is_empty() {
            return Ok(0);
        }
        let post = hook("analytics.post_process");
        let told = host.as_ref().filter(|host| host.has_handlers(&post)).map(|_| events.clone());
        let started = crate::js::now_ms();
        let count = match self.send(AnalyticsRequest::Track { events }).await? {
            (AnalyticsResponse::Tracked { count }, _) => count,
            (other, _) => return Err(self.unexpected(&other)),
        };
        if let (Some(host), Some(events)) = (&host, told) {
            let data = json!({
                "plugin": self.plugin.id(),
                "events": events,
                "count": count,
                "duration_ms": crate::js::now_ms() - started,
            });
            // Post hooks are told; the events are stored whatever they say.
            host.run_hook(&post, data).await?;
        }
        Ok(count)
    }

    /// Computes metrics over the stored events.
    pub async fn query(&self, query: &MetricsQuery) -> Result<MetricsResult> {
        query.validate().map_err(|error| self.refused(error))?;
        match self.send(AnalyticsRequest::Query(query.clone())).await? {
            (AnalyticsResponse::Metrics(result), _) => Ok(result),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Exports the matching events as JSON or CSV.
    pub async fn export(&self, request: &ExportRequest) -> Result<AnalyticsExport> {
        request.validate().map_err(|error| self.refused(error))?;
        match self.send(AnalyticsRequest::Export(request.clone())).await? {
            (AnalyticsResponse::Exported { format, events }, bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| {
                    self.plugin.protocol(format!("sent an export that is not UTF-8: {e}"))
                })?;
                Ok(AnalyticsExport { format, events, text })
            }
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    /// Deletes the events in `range` ([`TimeRange::all`]: every event);
    /// returns how many were deleted.
    pub async fn clear(&self, range: TimeRange) -> Result<u64> {
        range.validate("range").map_err(|error| self.refused(error))?;
        match self.send(AnalyticsRequest::Clear { range }).await? {
            (AnalyticsResponse::Cleared { events }, _) => Ok(events),
            (other, _) => Err(self.unexpected(&other)),
        }
    }

    async fn send(&self, request: AnalyticsRequest) -> Result<(AnalyticsResponse, Vec<u8>)> {
        match self.plugin.call(PluginRequest::Analytics(Encoded::new(&request)), None).await? {
            (PluginResponse::Analytics(response), bytes) => {
                let response = response.decode().map_err(|e| {
                    self.plugin.protocol(format!("analytics answer not understood: {e}"))
                })?;
                Ok((response, bytes_of(bytes)))
            }
            (other, _) => {
                Err(self.plugin.protocol(format!("answered an analytics request with {other:?}")))
            }
        }
    }

    fn refused(&self, error: PluginError) -> Error {
        Error::Plugin { plugin: self.plugin.id().clone(), error }
    }

    fn unexpected(&self, response: &AnalyticsResponse) -> Error {
        self.plugin.protocol(format!("unexpected analytics answer {response:?}"))
    }
}

fn hook(name: &str) -> HookName {
    name.parse().expect("a built-in hook")
}

//! The analytics API family.

use annex_protocol::api::analytics::{
    AnalyticsEvent, ExportRequest, MetricsQuery, MetricsResult, TimeRange,
};
use annex_protocol::PluginError;

use crate::Plugin;

/// A plugin that records analytics events and answers metrics over them.
///
/// The SDK checks every request against the rules of
/// [`annex_protocol::api::analytics`] (event limits, field names, filter
/// values, percentiles in `0..=100`, ranges with `from <= to`) before these
/// methods run, and answers a bad one with a `bad_request` error naming the
/// problem; the methods only see valid requests. The semantics of filters,
/// aggregations, missing values, grouping and the export formats are defined
/// there too, so every analytics plugin answers the same query the same way.
///
/// ```
/// use annex_sdk::api::analytics::{AnalyticsEvent, ExportRequest, MetricsQuery, MetricsResult};
/// use annex_sdk::{AnalyticsPlugin, AnalyticsExport, Plugin, PluginError};
///
/// /// Keeps events in memory only (a real plugin stores them durably).
/// #[derive(Default)]
/// struct Counter { events: Vec<AnalyticsEvent> }
///
/// impl Plugin for Counter {}
///
/// impl AnalyticsPlugin for Counter {
///     fn track(&mut self, events: Vec<AnalyticsEvent>) -> Result<(), PluginError> {
///         self.events.extend(events);
///         Ok(())
///     }
///     fn query(&mut self, query: &MetricsQuery) -> Result<MetricsResult, PluginError> {
///         let events = self.events.iter().filter(|e| query.range.contains(e.timestamp)).count();
///         Ok(MetricsResult { events: events as u64, ..Default::default() })
///     }
///     fn export(&mut self, _request: &ExportRequest) -> Result<AnalyticsExport, PluginError> {
///         Err(PluginError::unsupported("no exports"))
///     }
/// }
/// ```
pub trait AnalyticsPlugin: Plugin {
    /// Stores `events` (1 to [`annex_protocol::api::analytics::MAX_BATCH`],
    /// in the order given). Return only once they are durable: the host tells
    /// its caller the events are tracked as soon as this returns.
    fn track(&mut self, events: Vec<AnalyticsEvent>) -> Result<(), PluginError>;

    /// Computes the metrics of `query`.
    fn query(&mut self, query: &MetricsQuery) -> Result<MetricsResult, PluginError>;

    /// Writes the matching events in the requested format.
    fn export(&mut self, request: &ExportRequest) -> Result<AnalyticsExport, PluginError>;

    /// Deletes the events in `range`; returns how many. Default: unsupported.
    fn clear(&mut self, range: &TimeRange) -> Result<u64, PluginError> {
        let _ = range;
        Err(PluginError::unsupported("this analytics plugin cannot delete events"))
    }
}

/// An export: the text and how many events it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalyticsExport {
    /// How many events it holds.
    pub events: u64,
    /// The JSON or CSV text, UTF-8.
    pub content: Vec<u8>,
}

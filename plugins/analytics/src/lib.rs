//! Analytics: records events in the plugin's own storage (IndexedDB, through
//! [`annex_sdk::host::storage`]) and answers metrics and exports over them.
//!
//! What queries mean (filters, `count`/`sum`/`avg`/`min`/`max`/`percentile`,
//! grouping, the JSON and CSV formats) is defined once for every analytics
//! plugin in [`annex_sdk::api::analytics`]; in short: missing and
//! non-numeric values are skipped by numeric aggregations (never read as 0,
//! and `samples` says how many counted), percentiles interpolate linearly
//! between closest ranks exactly as NumPy's default does, and CSV follows
//! RFC 4180 with `data` as one JSON column.
//!
//! # Storage layout
//!
//! The storage host functions offer get, set and delete of one key, and a
//! listing of keys by glob; each set is its own IndexedDB transaction,
//! acknowledged once committed. There are no range scans and no writes of
//! several keys at once. So events are kept in **chunks**:
//!
//! * each `track` call (one event or a whole batch) becomes one chunk, stored
//!   with a single `storage::set`: the batch is durable when the host's
//!   `track` returns, and a failed write (say `quota_exceeded`) stores none
//!   of it. A batch of 1000 events is one write, not 1000;
//! * the chunk's key is `ev:<first>:<last>:<seq>:<tag>`, e.g.
//!   `ev:1700000000000:1700000004999:0000000042:9f86d081`: the earliest and
//!   latest timestamps in the chunk, zero-padded to 13 digits so keys sort by
//!   time as text; `seq`, the number of the write (10 digits; one more than
//!   the largest found when the plugin first writes after starting), which
//!   orders events with equal timestamps as they were tracked; and `tag`, 8
//!   hex digits of the SHA-256 of the chunk as first written, so two pages
//!   running the plugin at the same time cannot overwrite each other's chunk
//!   when they pick the same `seq`;
//! * a time-range query lists the keys (`ev:*`, keys only), reads only the
//!   chunks whose `first..=last` overlaps the range, and then keeps the
//!   events inside it;
//! * the value is zlib-compressed JSON `{"v": 1, "events": [...]}`: similar
//!   events compress several times over, and the storage quota (1 MiB by
//!   default) counts stored bytes;
//! * `clear(range)` deletes the chunks wholly inside the range and rewrites
//!   those partly inside under the same key, without the deleted events, in
//!   one atomic write each (their key bounds stay as they were: still true,
//!   if no longer tight).
//!
//! A query costs one key listing plus one read per overlapping chunk, so
//! many single-event `track` calls make later queries slower than the same
//! events tracked in batches: batch when you can. Chunks are never merged
//! afterwards; with single-key writes a merge cannot replace its chunks
//! atomically, and a merge racing another page could duplicate events.

mod export;
mod metrics;
mod store;
#[cfg(test)]
mod tests;

use annex_sdk::api::analytics::{
    AnalyticsEvent, ExportRequest, MetricsQuery, MetricsResult, TimeRange,
};
use annex_sdk::{AnalyticsExport, AnalyticsPlugin, Plugin, PluginError};

pub use export::{csv, csv_field, json};
pub use metrics::{compute, holds, lookup, percentile, Matcher};
pub use store::{decode, encode, ChunkKey, Store, PREFIX};

/// The plugin.
#[derive(Debug, Default)]
pub struct Analytics {
    store: Store,
}

impl Analytics {
    /// The events in the range of a query or export that meet its filters,
    /// ordered by timestamp, then as tracked.
    fn matching(
        &self,
        range: TimeRange,
        filters: &[annex_sdk::api::analytics::EventFilter],
    ) -> Result<Vec<AnalyticsEvent>, PluginError> {
        let matcher = Matcher::new(filters)?;
        let mut events = self.store.events(range)?;
        events.retain(|e| matcher.matches(e));
        Ok(events)
    }
}

impl Plugin for Analytics {}

impl AnalyticsPlugin for Analytics {
    fn track(&mut self, events: Vec<AnalyticsEvent>) -> Result<(), PluginError> {
        self.store.append(&events).map(drop)
    }

    fn query(&mut self, query: &MetricsQuery) -> Result<MetricsResult, PluginError> {
        let events = self.matching(query.range, &query.filters)?;
        compute(query, &events.iter().collect::<Vec<_>>())
    }

    fn export(&mut self, request: &ExportRequest) -> Result<AnalyticsExport, PluginError> {
        let events = self.matching(request.range, &request.filters)?;
        let events: Vec<&AnalyticsEvent> = events.iter().collect();
        Ok(AnalyticsExport {
            events: events.len() as u64,
            content: export::write(request.format, &events),
        })
    }

    fn clear(&mut self, range: &TimeRange) -> Result<u64, PluginError> {
        self.store.clear(*range)
    }
}

annex_sdk::export_plugin!(Analytics);

//! Native tests of the analytics plugin, one file per part: `metrics`
//! (filters, aggregation, percentiles), `export` (CSV and JSON), `store`
//! (chunk keys and layout) and `plugin` (the whole plugin through the
//! harness). The helpers they share are here.

use annex_sdk::api::analytics::AnalyticsEvent;
use annex_sdk::testing::Harness;
use serde_json::Value;

use super::*;

mod export;
mod metrics;
mod plugin;
mod store;

/// `a` and `b` equal to 1e-9 (interpolated percentiles are not exact in binary).
fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

fn request(t: u64, ms: Value) -> AnalyticsEvent {
    AnalyticsEvent::new("request", t).with("ms", ms)
}

fn chunk_keys(h: &Harness<Analytics>) -> Vec<String> {
    h.host().stored().keys().filter(|k| k.starts_with(PREFIX)).cloned().collect()
}

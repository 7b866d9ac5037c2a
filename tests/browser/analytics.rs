//! The analytics API: the analytics plugin in its worker, its events in real
//! IndexedDB.
//!
//! Tests run side by side and share the plugin's storage namespace, so each
//! works in its own window of time (see [`window`]) and clears only that.
//!
//! By what they test: `queries` (metrics, groups, a full batch), `export`,
//! `persistence` (what survives a killed worker and a new host), `processing`
//! (the pre- and post-process hooks) and `refusals` (bad requests, a plugin
//! without the API). The shared set-up is here.

use annex_protocol::api::analytics::TimeRange;
use annex_protocol::Permission;
use annex_runtime::{AnalyticsApi, HostConfig, PluginHost};
use annex_tests::{host_with, plugin_url};

mod export;
mod persistence;
mod processing;
mod queries;
mod refusals;

/// The test configuration, granting storage (the default grants only canvas).
fn config() -> HostConfig {
    annex_tests::config().grant(Permission::StorageRead).grant(Permission::StorageWrite)
}

async fn host() -> PluginHost {
    host_with(config()).await
}

async fn analytics(host: &PluginHost) -> AnalyticsApi {
    let plugin = host.load_url(&plugin_url("analytics")).await.unwrap();
    assert_eq!(plugin.id().as_str(), "dev.annex.analytics");
    plugin.analytics().unwrap()
}

/// The time window (10⁷ ms, about 2.8 hours) of test number `n`, emptied first.
async fn window(api: &AnalyticsApi, n: u64) -> TimeRange {
    let from = 1_800_000_000_000 + n * 10_000_000;
    let range = TimeRange::between(from, from + 10_000_000);
    api.clear(range).await.unwrap();
    range
}

//! {{title}} in a real worker with real IndexedDB, in a headless browser (`annex test`).
#![cfg(target_arch = "wasm32")]

use annex_runtime::protocol::api::analytics::{Aggregation, AnalyticsEvent, MetricsQuery};
use annex_runtime::protocol::Permission;
use annex_runtime::{testing, LoadOptions};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn tracks_durably_and_answers_metrics() {
    let config = testing::fixture_config()
        .grant(Permission::StorageRead)
        .grant(Permission::StorageWrite);
    let loaded = testing::load_fixture_with("{{name}}", config, LoadOptions::default()).await.unwrap();
    let analytics = loaded.plugin.analytics().unwrap();
    let events = vec![
        AnalyticsEvent::new("click", 1_000).with("ms", 40),
        AnalyticsEvent::new("click", 2_000).with("ms", 2),
    ];
    assert_eq!(analytics.track_batch(events).await.unwrap(), 2);
    let query = MetricsQuery::new().aggregate(Aggregation::count()).aggregate(Aggregation::sum("data.ms"));
    let metrics = analytics.query(&query).await.unwrap();
    assert_eq!(metrics.value("count"), Some(2.0));
    assert_eq!(metrics.value("sum(data.ms)"), Some(42.0));
}

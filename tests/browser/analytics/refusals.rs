//! What is refused: malformed queries, exports and events, and the API on a
//! plugin without the family.

use annex_protocol::api::analytics::{
    Aggregation, AnalyticsEvent, EventFilter, ExportFormat, ExportRequest, MetricsQuery, TimeRange,
};
use annex_protocol::ErrorCode;
use annex_tests::plugin_url;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analytics, host};

#[wasm_bindgen_test]
async fn malformed_queries_are_bad_requests_naming_the_problem() {
    let host = host().await;
    let api = analytics(&host).await;
    let cases = [
        (
            MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", 150.0)),
            "aggregations[0].p: percentile 150 is outside 0..=100",
        ),
        (
            MetricsQuery::new().aggregate(Aggregation::count()).aggregate(Aggregation::sum("ms")),
            "aggregations[1].field: unknown field `ms`; expected `type`, `user_id`, `session_id`, `timestamp` or `data.<key>`",
        ),
        (
            MetricsQuery::new().range(TimeRange::between(2_000, 1_000)),
            "range: `from` (2000) is after `to` (1000); a range is from <= timestamp < to",
        ),
        (
            MetricsQuery::new().filter(EventFilter::new("data.ms", annex_protocol::api::analytics::CompareOp::Lt, "fast")),
            "filters[0].value: `lt` compares numbers, but the value is \"fast\"",
        ),
    ];
    for (query, message) in cases {
        let err = api.query(&query).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::BadRequest, "{err}");
        assert_eq!(err.to_string(), format!("plugin dev.annex.analytics: {message}"));
    }
    let err = api
        .export(&ExportRequest::new(ExportFormat::Csv, TimeRange::between(9, 8)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    let err = api.track(AnalyticsEvent::new("Page View", 1)).await.unwrap_err();
    assert!(
        err.to_string().contains("events[0].type: `Page View` is not a valid event type"),
        "{err}"
    );
    // Refusals do not hurt the plugin.
    assert_eq!(
        api.query(&MetricsQuery::new().range(TimeRange::between(0, 1))).await.unwrap().events,
        0
    );
}

#[wasm_bindgen_test]
async fn a_plugin_without_the_family_has_no_analytics_api() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    let err = plugin.analytics().unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);
    assert!(err.to_string().contains("does not implement the `analytics` API"), "{err}");
}

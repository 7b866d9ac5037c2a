//! Metrics of a hand-computed data set (ranges, filters, groups, percentiles),
//! and a full batch within the default call budget.

use annex_protocol::api::analytics::{
    Aggregation, AnalyticsEvent, EventFilter, MetricsQuery, MetricsResult, TimeRange, MAX_BATCH,
};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analytics, host, window};

fn close(value: Option<f64>, expected: f64) -> bool {
    value.is_some_and(|v| (v - expected).abs() < 1e-9)
}

/// Request durations whose statistics were worked out by hand:
/// sorted 12, 15, 20, 22, 30, 35, 41, 50, 75, 100.
const MS: [u32; 10] = [41, 12, 100, 22, 35, 15, 75, 20, 50, 30];

#[wasm_bindgen_test]
async fn metrics_of_a_hand_computed_data_set_with_a_range_a_filter_and_groups() {
    let host = host().await;
    let api = analytics(&host).await;
    let range = window(&api, 1).await;
    let t0 = range.from.unwrap();
    let requests: Vec<AnalyticsEvent> = MS
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            AnalyticsEvent::new("request", t0 + 1_000 + i as u64 * 100)
                .with("ms", *ms)
                .with("route", if i % 2 == 0 { "/a" } else { "/b" })
                .session("s-1")
        })
        .collect();
    // Two batches and a single event, so the answer spans several chunks.
    assert_eq!(api.track_batch(requests[..6].to_vec()).await.unwrap(), 6);
    assert_eq!(api.track_batch(requests[6..9].to_vec()).await.unwrap(), 3);
    api.track(requests[9].clone()).await.unwrap();
    // Noise the range or the filter must leave out.
    let noise = vec![
        AnalyticsEvent::new("request", t0 + 5_000).with("ms", 1_000_000).with("route", "/a"),
        AnalyticsEvent::new("click", t0 + 1_500).with("ms", 1_000_000),
        AnalyticsEvent::new("request", t0 + 1_600).with("ms", "slow").with("route", "/b"),
    ];
    api.track_batch(noise).await.unwrap();

    let query = MetricsQuery::new()
        .range(TimeRange::between(t0 + 1_000, t0 + 2_000))
        .filter(EventFilter::event_type("request"))
        .aggregate(Aggregation::count())
        .aggregate(Aggregation::sum("data.ms"))
        .aggregate(Aggregation::avg("data.ms"))
        .aggregate(Aggregation::min("data.ms"))
        .aggregate(Aggregation::max("data.ms"))
        .aggregate(Aggregation::percentile("data.ms", 50.0))
        .aggregate(Aggregation::percentile("data.ms", 90.0))
        .aggregate(Aggregation::percentile("data.ms", 99.0));
    let all = api.query(&query).await.unwrap();
    assert_eq!(all.events, 11, "ten requests and the one with a non-numeric duration");
    assert_eq!(all.value("count"), Some(11.0));
    assert_eq!(all.value("sum(data.ms)"), Some(400.0));
    assert_eq!(all.values[1].samples, 10, "\"slow\" is skipped, not read as 0");
    assert_eq!(all.value("avg(data.ms)"), Some(40.0));
    assert_eq!(all.value("min(data.ms)"), Some(12.0));
    assert_eq!(all.value("max(data.ms)"), Some(100.0));
    // h = 9·p/100: p50 → 4.5: 30 + 0.5·(35 − 30); p90 → 8.1: 75 + 0.1·(100 − 75);
    // p99 → 8.91: 75 + 0.91·(100 − 75).
    assert!(close(all.value("p50(data.ms)"), 32.5), "{all:?}");
    assert!(close(all.value("p90(data.ms)"), 77.5), "{all:?}");
    assert!(close(all.value("p99(data.ms)"), 97.75), "{all:?}");
    assert!(all.groups.is_empty());

    // A numeric filter narrows it: 35, 41, 50, 75, 100.
    let slow = api.query(&query.clone().filter(EventFilter::gte("data.ms", 35.0))).await.unwrap();
    assert_eq!((slow.events, slow.value("sum(data.ms)")), (5, Some(301.0)));
    assert_eq!(slow.value("p50(data.ms)"), Some(50.0));

    // Grouped by route: /a has 41, 100, 35, 75, 50; /b has 12, 22, 15, 20, 30 and "slow".
    let grouped: MetricsResult = api.query(&query.group_by("data.route")).await.unwrap();
    let keys: Vec<&Value> = grouped.groups.iter().map(|g| &g.key).collect();
    assert_eq!(keys, [&json!("/a"), &json!("/b")]);
    let a = grouped.group("/a").unwrap();
    assert_eq!(
        (a.events, a.value("sum(data.ms)"), a.value("avg(data.ms)")),
        (5, Some(301.0), Some(60.2))
    );
    assert_eq!((a.value("min(data.ms)"), a.value("p50(data.ms)")), (Some(35.0), Some(50.0)));
    // /b sorted: 12, 15, 20, 22, 30; p90 → h = 3.6: 22 + 0.6·(30 − 22).
    let b = grouped.group("/b").unwrap();
    assert_eq!((b.events, b.value("sum(data.ms)"), b.values[1].samples), (6, Some(99.0), 5));
    assert!(close(b.value("p90(data.ms)"), 26.8), "{b:?}");
    assert_eq!(grouped.value("sum(data.ms)"), Some(400.0), "totals come with the groups");
}

#[wasm_bindgen_test]
async fn a_full_batch_is_tracked_and_queried_within_the_default_call_budget() {
    let host = host().await; // the default 5 s call budget
    let api = analytics(&host).await;
    let range = window(&api, 6).await;
    let t0 = range.from.unwrap();
    let batch: Vec<AnalyticsEvent> = (0..MAX_BATCH as u64)
        .map(|i| {
            AnalyticsEvent::new("request", t0 + i)
                .with("ms", i % 1000)
                .with("route", format!("/r{}", i % 10))
                .session(format!("s-{}", i % 97))
        })
        .collect();
    let started = annex_tests::now_ms();
    assert_eq!(api.track_batch(batch).await.unwrap(), MAX_BATCH as u64);
    let tracked_ms = annex_tests::now_ms() - started;
    let query = MetricsQuery::new()
        .range(range)
        .aggregate(Aggregation::avg("data.ms"))
        .aggregate(Aggregation::percentile("data.ms", 50.0))
        .group_by("data.route");
    let started = annex_tests::now_ms();
    let result = api.query(&query).await.unwrap();
    let queried_ms = annex_tests::now_ms() - started;
    web_sys::console::log_1(
        &format!("{MAX_BATCH} events: track {tracked_ms:.0} ms, query {queried_ms:.0} ms").into(),
    );
    // ms runs 0..=999 ten times over: mean 499.5, median 499.5.
    assert_eq!(result.events, MAX_BATCH as u64);
    assert_eq!(result.value("avg(data.ms)"), Some(499.5));
    assert_eq!(result.value("p50(data.ms)"), Some(499.5));
    assert_eq!(result.groups.len(), 10);
    assert_eq!(api.clear(range).await.unwrap(), MAX_BATCH as u64);
}

//! The analytics API: the analytics plugin in its worker, its events in real
//! IndexedDB.
//!
//! Tests run side by side and share the plugin's storage namespace, so each
//! works in its own window of time (see [`window`]) and clears only that.

use std::cell::RefCell;
use std::rc::Rc;

use annex_protocol::api::analytics::{
    Aggregation, AnalyticsEvent, EventFilter, ExportFormat, ExportRequest, MetricsQuery,
    MetricsResult, TimeRange, MAX_BATCH,
};
use annex_protocol::{ErrorCode, Permission, PluginId};
use annex_runtime::{AnalyticsApi, Error, EventKind, HostConfig, PluginHost};
use annex_tests::{fetch, host_with, plugin_url};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

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
async fn exports_json_and_csv_of_a_time_range() {
    let host = host().await;
    let api = analytics(&host).await;
    let range = window(&api, 2).await;
    let t0 = range.from.unwrap();
    api.track_batch(vec![
        AnalyticsEvent::new("search", t0 + 20).with("q", "shoes, red").user("u-1"),
        AnalyticsEvent::new("search", t0 + 10).with("q", "say \"hi\"\nthen go").session("s,2"),
        AnalyticsEvent::new("purchase", t0 + 30).with("price", 9.5).user("u-1").session("s-1"),
    ])
    .await
    .unwrap();
    api.track(AnalyticsEvent::new("late", t0 + 5_000)).await.unwrap();

    let first = TimeRange::between(t0, t0 + 1_000);
    let csv = api.export(&ExportRequest::new(ExportFormat::Csv, first)).await.unwrap();
    assert_eq!((csv.format, csv.events), (ExportFormat::Csv, 3));
    let expected = format!(
        "timestamp,type,user_id,session_id,data\r\n\
         {},search,,\"s,2\",\"{{\"\"q\"\":\"\"say \\\"\"hi\\\"\"\\nthen go\"\"}}\"\r\n\
         {},search,u-1,,\"{{\"\"q\"\":\"\"shoes, red\"\"}}\"\r\n\
         {},purchase,u-1,s-1,\"{{\"\"price\"\":9.5}}\"\r\n",
        t0 + 10,
        t0 + 20,
        t0 + 30
    );
    assert_eq!(csv.text, expected);

    let json = api
        .export(
            &ExportRequest::new(ExportFormat::Json, range)
                .filter(EventFilter::eq("user_id", "u-1")),
        )
        .await
        .unwrap();
    assert_eq!(json.events, 2);
    let events: Value = serde_json::from_str(&json.text).unwrap();
    assert_eq!(
        events,
        json!([
            {"type": "search", "data": {"q": "shoes, red"}, "timestamp": t0 + 20, "user_id": "u-1"},
            {"type": "purchase", "data": {"price": 9.5}, "timestamp": t0 + 30, "user_id": "u-1", "session_id": "s-1"},
        ])
    );
    let everything = api.export(&ExportRequest::new(ExportFormat::Json, range)).await.unwrap();
    assert_eq!(everything.events, 4);

    assert_eq!(api.clear(first).await.unwrap(), 3);
    let left = api.query(&MetricsQuery::new().range(range)).await.unwrap();
    assert_eq!(left.events, 1, "only the event outside the cleared range is left");
}

#[wasm_bindgen_test]
async fn acknowledged_events_survive_the_worker_being_killed_and_a_new_host() {
    let range;
    {
        let host = host().await;
        let plugin = host.load_url(&plugin_url("analytics")).await.unwrap();
        let api = plugin.analytics().unwrap();
        range = window(&api, 3).await;
        let t0 = range.from.unwrap();
        let batch = (0..50).map(|i| AnalyticsEvent::new("tick", t0 + i).with("n", i)).collect();
        assert_eq!(api.track_batch(batch).await.unwrap(), 50);
        api.track(AnalyticsEvent::new("tick", t0 + 50).with("n", 50)).await.unwrap();
        plugin.terminate("killed right after the track");

        // The same host loads it again: a new worker, nothing in memory.
        let api = analytics(&host).await;
        let sum = MetricsQuery::new().range(range).aggregate(Aggregation::sum("data.n"));
        let result = api.query(&sum).await.unwrap();
        assert_eq!((result.events, result.value("sum(data.n)")), (51, Some(1275.0)));
    }
    // A new host, as after a page reload.
    let api = analytics(&host().await).await;
    let result = api.query(&MetricsQuery::new().range(range)).await.unwrap();
    assert_eq!(result.events, 51);

    // They are in the plugin's own namespace of the real IndexedDB (its
    // publisher, unsigned and loaded by URL its bytes' hash, and its id), in
    // chunks keyed by their time bounds: one for the batch, one for the event.
    let t0 = range.from.unwrap();
    let sha256 = annex_runtime::cache::sha256_hex(&fetch(&plugin_url("analytics")).await);
    let keys = stored_keys(&format!("sha256:{sha256} dev.annex.analytics")).await;
    let mine: Vec<&String> =
        keys.iter().filter(|k| chunk_bounds(k).is_some_and(|(f, _)| range.contains(f))).collect();
    assert_eq!(mine.len(), 2, "{mine:?}");
    assert_eq!(chunk_bounds(mine[0]), Some((t0, t0 + 49)), "{mine:?}");
    assert_eq!(chunk_bounds(mine[1]), Some((t0 + 50, t0 + 50)), "{mine:?}");
}

/// `(first, last)` of a chunk key `ev:<first:13>:<last:13>:<seq:10>:<tag:8 hex>`.
fn chunk_bounds(key: &str) -> Option<(u64, u64)> {
    let parts: Vec<&str> = key.strip_prefix("ev:")?.split(':').collect();
    let [first, last, seq, tag] = parts[..] else { return None };
    let widths = first.len() == 13 && last.len() == 13 && seq.len() == 10 && tag.len() == 8;
    widths.then(|| Some((first.parse().ok()?, last.parse().ok()?))).flatten()
}

/// The keys `plugin` has in the worker's storage database, read directly.
async fn stored_keys(plugin: &str) -> Vec<String> {
    let db = rexie::Rexie::builder("annex-plugin-storage")
        .version(1)
        .add_object_store(rexie::ObjectStore::new("entries").key_path_array(["plugin", "key"]))
        .add_object_store(rexie::ObjectStore::new("usage").key_path("plugin"))
        .build()
        .await
        .unwrap();
    let tx = db.transaction(&["entries"], rexie::TransactionMode::ReadOnly).unwrap();
    let lower = js_sys::Array::of2(&plugin.into(), &"".into());
    let upper = js_sys::Array::of2(&plugin.into(), &js_sys::Array::new());
    let range = rexie::KeyRange::bound(&lower, &upper, None, None).unwrap();
    let keys = tx.store("entries").unwrap().get_all_keys(Some(range), None).await.unwrap();
    tx.done().await.unwrap();
    db.close();
    let mut keys: Vec<String> =
        keys.iter().filter_map(|k| js_sys::Array::from(k).get(1).as_string()).collect();
    keys.sort();
    keys
}

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
async fn pre_process_hooks_can_scrub_drop_or_stop_events_and_post_process_is_told() {
    let host = host().await;
    host.load_url(&plugin_url("analytics-scrub")).await.unwrap();
    let api = analytics(&host).await;
    let range = window(&api, 5).await;
    let t0 = range.from.unwrap();
    let told = Rc::new(RefCell::new(Vec::new()));
    let sink = told.clone();
    std::mem::forget(host.events().subscribe(move |e| {
        if let EventKind::PluginEvent { event_type, data } = &e.kind {
            if event_type == "analytics.told" {
                sink.borrow_mut().push(data.clone());
            }
        }
    }));

    let stored = api
        .track_batch(vec![
            AnalyticsEvent::new("page_view", t0).user("alice@example.com").with("path", "/"),
            AnalyticsEvent::new("page_view", t0 + 1).with("internal", true),
        ])
        .await
        .unwrap();
    assert_eq!(stored, 1, "the internal event was dropped by the hook");
    let export = api.export(&ExportRequest::new(ExportFormat::Json, range)).await.unwrap();
    let events: Value = serde_json::from_str(&export.text).unwrap();
    assert_eq!(
        events,
        json!([{"type": "page_view", "data": {"path": "/"}, "timestamp": t0}]),
        "user id removed"
    );

    let err = api
        .track_batch(vec![
            AnalyticsEvent::new("ok", t0 + 2),
            AnalyticsEvent::new("blocked", t0 + 3),
        ])
        .await
        .unwrap_err();
    let scrub: PluginId = "dev.annex.test.analytics-scrub".parse().unwrap();
    assert!(matches!(&err, Error::HookStopped { by, .. } if *by == scrub), "{err:?}");
    assert_eq!(err.code(), ErrorCode::HookStopped);
    assert!(
        err.to_string()
            .ends_with("at hook `analytics.pre_process`: blocked events are not tracked"),
        "{err}"
    );

    let err = api.track(AnalyticsEvent::new("corrupt", t0 + 4)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadRequest);
    assert!(
        err.to_string()
            .contains("an analytics.pre_process hook left invalid events: events[0].type"),
        "{err}"
    );
    assert_eq!(
        api.query(&MetricsQuery::new().range(range)).await.unwrap().events,
        1,
        "nothing else stored"
    );

    gloo_timers::future::TimeoutFuture::new(100).await;
    assert_eq!(
        *told.borrow(),
        [json!({"count": 1, "types": ["page_view"], "plugin": "dev.annex.analytics"})],
        "post_process is told once, about what was stored"
    );
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

#[wasm_bindgen_test]
async fn a_plugin_without_the_family_has_no_analytics_api() {
    let host = host().await;
    let plugin = host.load_url(&plugin_url("notes")).await.unwrap();
    let err = plugin.analytics().unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unsupported);
    assert!(err.to_string().contains("does not implement the `analytics` API"), "{err}");
}

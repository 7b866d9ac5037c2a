//! Exports of a time range as CSV and JSON, then clearing it.

use annex_protocol::api::analytics::{
    AnalyticsEvent, EventFilter, ExportFormat, ExportRequest, MetricsQuery, TimeRange,
};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

use super::{analytics, host, window};

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

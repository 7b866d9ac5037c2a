//! The whole plugin through the harness: queries, exports, restarts, clearing,
//! and the requests it refuses.

use annex_sdk::api::analytics::{
    Aggregation, AnalyticsEvent, CompareOp, EventFilter, ExportFormat, ExportRequest, MetricsQuery,
    TimeRange,
};
use annex_sdk::testing::Harness;
use annex_sdk::ErrorCode;
use serde_json::json;

use super::*;

/// Ten requests in range (ms 12…100), plus ones the range or filter leaves out.
fn dataset() -> Vec<AnalyticsEvent> {
    let ms = [41, 12, 100, 22, 35, 15, 75, 20, 50, 30];
    let mut events: Vec<_> = ms
        .iter()
        .enumerate()
        .map(|(i, ms)| {
            request(10_000 + i as u64 * 100, json!(ms))
                .with("route", if i % 2 == 0 { "/a" } else { "/b" })
        })
        .collect();
    events.push(request(9_999, json!(1_000))); // before the range
    events.push(request(20_000, json!(1_000))); // at `to`: outside
    events.push(AnalyticsEvent::new("click", 10_500).with("ms", 1_000)); // other type
    events.push(request(10_600, json!("slow")).with("route", "/a")); // not a number
    events
}

#[test]
fn metrics_over_a_range_with_a_filter_and_groups() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(dataset()).unwrap();
    let query = MetricsQuery::new()
        .range(TimeRange::between(10_000, 20_000))
        .filter(EventFilter::event_type("request"))
        .aggregate(Aggregation::count())
        .aggregate(Aggregation::sum("data.ms"))
        .aggregate(Aggregation::avg("data.ms"))
        .aggregate(Aggregation::min("data.ms"))
        .aggregate(Aggregation::max("data.ms"))
        .aggregate(Aggregation::percentile("data.ms", 50.0))
        .aggregate(Aggregation::percentile("data.ms", 90.0))
        .aggregate(Aggregation::percentile("data.ms", 99.0))
        .group_by("data.route");
    let result = h.query(&query).unwrap();
    assert_eq!(result.events, 11, "ten requests and the non-numeric one");
    assert_eq!(result.value("count"), Some(11.0));
    assert_eq!(result.value("sum(data.ms)"), Some(400.0));
    assert_eq!(result.value("avg(data.ms)"), Some(40.0));
    assert_eq!(result.value("min(data.ms)"), Some(12.0));
    assert_eq!(result.value("max(data.ms)"), Some(100.0));
    assert!(close(result.value("p50(data.ms)"), 32.5));
    assert!(close(result.value("p90(data.ms)"), 77.5));
    assert!(close(result.value("p99(data.ms)"), 97.75));
    assert_eq!(result.values[1].samples, 10, "the string was skipped");

    // /a: 41, 100, 35, 75, 50 (and "slow"); /b: 12, 22, 15, 20, 30.
    let a = result.group("/a").unwrap();
    assert_eq!(
        (a.events, a.value("sum(data.ms)"), a.value("p50(data.ms)")),
        (6, Some(301.0), Some(50.0))
    );
    let b = result.group("/b").unwrap();
    assert_eq!(
        (b.events, b.value("avg(data.ms)"), b.value("max(data.ms)")),
        (5, Some(19.8), Some(30.0))
    );
    assert_eq!(result.groups.len(), 2);
}

#[test]
fn exports_are_ordered_by_time_then_as_tracked() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![AnalyticsEvent::new("b", 20), AnalyticsEvent::new("a", 10)]).unwrap();
    h.track(vec![AnalyticsEvent::new("c", 20).user("u"), AnalyticsEvent::new("z", 99)]).unwrap();
    let request = ExportRequest::new(ExportFormat::Csv, TimeRange::until(99));
    let (count, text) = h.export(&request).unwrap();
    assert_eq!(count, 3);
    assert_eq!(
        text,
        "timestamp,type,user_id,session_id,data\r\n10,a,,,{}\r\n20,b,,,{}\r\n20,c,u,,{}\r\n"
    );
    let json_request = ExportRequest::new(ExportFormat::Json, TimeRange::all())
        .filter(EventFilter::new("user_id", CompareOp::Ne, "u"));
    let (count, text) = h.export(&json_request).unwrap();
    let types: Vec<String> = serde_json::from_str::<Vec<AnalyticsEvent>>(&text)
        .unwrap()
        .into_iter()
        .map(|e| e.event_type)
        .collect();
    assert_eq!((count, types), (3, vec!["a".to_owned(), "b".into(), "z".into()]));
}

#[test]
fn tracked_events_survive_a_restart_and_new_chunks_continue_the_sequence() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![request(1, json!(5)), request(2, json!(6))]).unwrap();
    h.track(vec![request(3, json!(7))]).unwrap();
    let mut h = h.restart().unwrap();
    let result = h.query(&MetricsQuery::new().aggregate(Aggregation::sum("data.ms"))).unwrap();
    assert_eq!((result.events, result.value("sum(data.ms)")), (3, Some(18.0)));
    h.track(vec![request(4, json!(8))]).unwrap();
    let seqs: Vec<u64> = chunk_keys(&h).iter().map(|k| ChunkKey::parse(k).unwrap().seq).collect();
    assert_eq!(seqs, [0, 1, 2], "after a restart the next write takes the next number");
}

#[test]
fn clearing_a_range_deletes_whole_chunks_and_rewrites_partial_ones_in_place() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.track(vec![request(10, json!(1)), request(20, json!(2)), request(30, json!(3))]).unwrap();
    h.track(vec![request(21, json!(4)), request(22, json!(5))]).unwrap();
    let before = chunk_keys(&h);
    assert_eq!(h.clear_events(TimeRange::between(15, 25)).unwrap(), 3);
    let after = chunk_keys(&h);
    assert_eq!(after, [before[0].clone()], "the partial chunk kept its key; the covered one went");
    let result = h.query(&MetricsQuery::new().aggregate(Aggregation::sum("data.ms"))).unwrap();
    assert_eq!((result.events, result.value("sum(data.ms)")), (2, Some(4.0)));
    assert_eq!(h.clear_events(TimeRange::between(15, 25)).unwrap(), 0, "nothing left there");
    assert_eq!(h.clear_events(TimeRange::all()).unwrap(), 2);
    assert!(chunk_keys(&h).is_empty());
}

#[test]
fn bad_requests_name_the_problem_and_touch_nothing() {
    let mut h = Harness::<Analytics>::new().unwrap();
    let bad = MetricsQuery::new().aggregate(Aggregation::percentile("data.ms", 101.0));
    let err = h.query(&bad).unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::BadRequest, "aggregations[0].p: percentile 101 is outside 0..=100")
    );
    let err = h.query(&MetricsQuery::new().aggregate(Aggregation::max("ms"))).unwrap_err();
    assert!(
        err.message.starts_with("aggregations[0].field: unknown field `ms`"),
        "{}",
        err.message
    );
    let err = h.query(&MetricsQuery::new().range(TimeRange::between(5, 4))).unwrap_err();
    assert!(err.message.starts_with("range: `from` (5) is after `to` (4)"), "{}", err.message);
    let err = h.track(vec![request(1, json!(1)), AnalyticsEvent::new("Bad Type", 1)]).unwrap_err();
    assert!(err.message.starts_with("events[1].type:"), "{}", err.message);
    assert!(h.host().stored().is_empty());
    assert!(h.host().calls().is_empty(), "refused before any storage call");
}

#[test]
fn a_batch_past_the_quota_stores_nothing() {
    let mut h = Harness::<Analytics>::new().unwrap();
    h.host().set_storage_quota(200);
    let big: Vec<_> = (0..200)
        .map(|i| AnalyticsEvent::new("e", i).with("id", format!("{:x}", i * 7919)))
        .collect();
    let err = h.track(big).unwrap_err();
    assert_eq!(err.code, ErrorCode::QuotaExceeded);
    assert!(h.host().stored().is_empty());
    assert_eq!(h.track(vec![AnalyticsEvent::new("e", 1)]).unwrap(), 1, "a small one still fits");
}

#[test]
fn an_empty_batch_is_a_no_op() {
    let mut h = Harness::<Analytics>::new().unwrap();
    assert_eq!(h.track(Vec::new()).unwrap(), 0);
    assert!(h.host().calls().is_empty());
}
